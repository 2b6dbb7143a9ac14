// The LAMMPS embedding (embed/lammps): lmp_ectmd, Debian's liblammps with eam/ectmd, eam/alloy/ectmd and
// eam/fs/ectmd on ectmd's kernel (wasm2c of the scalar build), agrees with native LAMMPS (eam, eam/alloy, eam/fs, same
// rank count) and with ectmd to 1e-10 relative in energy, forces and pressure, serially and under mpirun -np 2, for
// single- and two-element crystals, a NULL type under pair_style hybrid, run 0 and 20 NVE steps (neighbour rebuilds,
// atoms changing ranks). The Cu case
// reads a parameter file written by scripts/kim-model.ts; the others convert LAMMPS potential files through ectmd.
// Skipped with a message when a tool is absent (lmp, mpirun, mpicxx, liblammps-dev, wasm2c, cc, make, the build);
// ECTMD_REQUIRE_EMBED=1 (CI) turns that into a failure. The funcfl and eam/fs cases need lammps-data.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLmp, repoRoot } from '../../scripts/compare-lammps.js';
import { formatKimParams } from '../../scripts/kim-model.js';
import { formatEctImage } from '../../scripts/ect-image.js';
import { aluminaBlockData } from '../helpers/alumina.js';
import { writeAloCluster, writeAloCuCluster } from '../ect/ect-run.js';
import { dataFile, deck, expectAgreement, onPath, result, runAsync, runLmp, stage, type Crystal, type Result } from '../helpers/embed-lammps.js';
import { runEctmd } from '../helpers/lammps.js';
import { parseLammpsLog, thermoColumn } from '../../host/io/lammps-log.js';

const lmp = findLmp();
const missing = [
  ...(lmp === null ? ['lmp (apt-get install lammps)'] : []),
  ...['mpirun', 'mpicxx', 'wasm2c', 'make', 'cc'].filter((c) => !onPath(c)),
  ...(existsSync('/usr/include/lammps/lammps.h') ? [] : ['liblammps-dev']),
  ...(['/usr/share/wabt/wasm2c', '/usr/src/wasm2c'].some((d) => existsSync(join(d, 'wasm-rt-impl.c'))) ? [] : ['the wasm2c runtime (wasm-rt-impl.c)']),
  ...(existsSync(join(repoRoot(), 'dist', 'scripts', 'kim-model.js')) ? [] : ['dist/scripts/kim-model.js (npm run build)']),
];
const HINT = 'apt-get install lammps openmpi-bin libopenmpi-dev liblammps-dev wabt gcc g++ make';
if (missing.length > 0) {
  if (process.env.ECTMD_REQUIRE_EMBED === '1') throw new Error(`ECTMD_REQUIRE_EMBED=1 but ${missing.join(', ')} not found (${HINT})`);
  console.warn(`${missing.join(', ')} not found (${HINT}): skipping the LAMMPS pair style embedding check`);
}
const LAMMPS_POT = process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials';
const haveLammpsData = ['Cu_u3.eam', 'Ni_u3.eam', 'AlFe_mm.eam.fs'].every((f) => existsSync(join(LAMMPS_POT, f)));
if (!haveLammpsData) {
  if (process.env.ECTMD_REQUIRE_EMBED === '1') throw new Error(`ECTMD_REQUIRE_EMBED=1 but LAMMPS potentials are not in ${LAMMPS_POT} (apt-get install lammps-data)`);
  console.warn(`LAMMPS potentials not in ${LAMMPS_POT} (apt-get install lammps-data): skipping the eam/ectmd and eam/fs/ectmd cases`);
}

const TOL = 1e-10;
const POT = join(repoRoot(), 'potentials', 'eam');
const ECT = join(repoRoot(), 'potentials', 'ect');

interface Case {
  label: string; native: string[]; ectmd: (work: string) => string[]; crystal: Crystal; steps: number; needsLammpsData: boolean;
}
const CASES: Case[] = [
  { label: 'Cu eam/alloy/ectmd from a parameter file, run 0', needsLammpsData: false, steps: 0,
    native: ['pair_style eam/alloy', `pair_coeff * * ${join(POT, 'Cu_zjw04.eam.alloy')} Cu`],
    ectmd: (work) => {
      const params = join(work, 'Cu.params');
      writeFileSync(params, formatKimParams({ style: 'eam/alloy', args: [join(POT, 'Cu_zjw04.eam.alloy'), 'Cu'] }));
      return ['pair_style eam/alloy/ectmd', `pair_coeff * * ${params} Cu`];
    },
    crystal: { lattice: 'fcc', a: 3.615, cells: 5, masses: [63.546], fraction: 0 } },
  { label: 'CuNi eam/alloy/ectmd, 20 NVE steps', needsLammpsData: false, steps: 20,
    native: ['pair_style eam/alloy', `pair_coeff * * ${join(POT, 'CuNiAl_zjw04.eam.alloy')} Cu Ni`],
    ectmd: () => ['pair_style eam/alloy/ectmd', `pair_coeff * * ${join(POT, 'CuNiAl_zjw04.eam.alloy')} Cu Ni`],
    crystal: { lattice: 'fcc', a: 3.56, cells: 5, masses: [63.546, 58.6934], fraction: 0.5 } },
  { label: 'Cu eam/alloy/ectmd with a NULL type under hybrid (zero for the rest), 20 NVE steps', needsLammpsData: false, steps: 20,
    native: ['pair_style hybrid eam/alloy zero 5.5', `pair_coeff * * eam/alloy ${join(POT, 'CuNiAl_zjw04.eam.alloy')} Cu NULL`, 'pair_coeff * 2 zero'],
    ectmd: () => ['pair_style hybrid eam/alloy/ectmd zero 5.5', `pair_coeff * * eam/alloy/ectmd ${join(POT, 'CuNiAl_zjw04.eam.alloy')} Cu NULL`, 'pair_coeff * 2 zero'],
    crystal: { lattice: 'fcc', a: 3.615, cells: 5, masses: [63.546, 39.948], fraction: 0.3 } },
  { label: 'CuNi eam/ectmd (two funcfl files mixed), 20 NVE steps', needsLammpsData: true, steps: 20,
    native: ['pair_style eam', `pair_coeff 1 1 ${join(LAMMPS_POT, 'Cu_u3.eam')}`, `pair_coeff 2 2 ${join(LAMMPS_POT, 'Ni_u3.eam')}`],
    ectmd: () => ['pair_style eam/ectmd', `pair_coeff 1 1 ${join(LAMMPS_POT, 'Cu_u3.eam')}`, `pair_coeff 2 2 ${join(LAMMPS_POT, 'Ni_u3.eam')}`],
    crystal: { lattice: 'fcc', a: 3.58, cells: 5, masses: [63.55, 58.71], fraction: 0.5 } },
  { label: 'FeAl eam/fs/ectmd, run 0', needsLammpsData: true, steps: 0,
    native: ['pair_style eam/fs', `pair_coeff * * ${join(LAMMPS_POT, 'AlFe_mm.eam.fs')} Fe Al`],
    ectmd: () => ['pair_style eam/fs/ectmd', `pair_coeff * * ${join(LAMMPS_POT, 'AlFe_mm.eam.fs')} Fe Al`],
    crystal: { lattice: 'bcc', a: 2.87, cells: 6, masses: [55.845, 26.98], fraction: 0.3 } },
];

let work = '';
let binary = '';
const env: NodeJS.ProcessEnv = { ...process.env, ECTMD_ROOT: repoRoot() };

// lmp_ectmd is built once for both groups of tests
beforeAll(async () => {
  if (missing.length > 0) return;
  work = mkdtempSync(join(tmpdir(), 'ectmd-embed-lammps-'));
  const out = join(work, 'build');
  await runAsync('make', ['-s', '-C', join(repoRoot(), 'embed', 'lammps'), `OUT=${out}`], { timeoutMs: 600_000 });
  binary = join(out, 'lmp_ectmd');
}, 600_000);
afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

describe.skipIf(missing.length > 0)('LAMMPS pair styles on the kernel (embed/lammps, lmp_ectmd)', () => {

  test.each(CASES)('$label: = native LAMMPS = ectmd to 1e-10, serial and mpirun -np 2', async (c) => {
    if (c.needsLammpsData && !haveLammpsData) return;
    const tag = c.label.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 48);
    const native = deck(c.native, c.steps, true), kernel = deck(c.ectmd(work), c.steps, true);
    const run = async (label: string, program: string, text: string, ranks: 1 | 2): Promise<Result> => {
      const d = stage(work, `${tag}-${label}`, c.crystal, text);
      return result(d, await runLmp(program, d, ranks, env));
    };
    const ref = await run('native1', lmp!, native, 1);
    const runs: Record<string, Result> = {
      'kernel np1': await run('kernel1', binary, kernel, 1), 'kernel np2': await run('kernel2', binary, kernel, 2),
      'native np2': await run('native2', lmp!, native, 2),
    };
    const ect = await runEctmd(native, { 'crystal.data': dataFile(c.crystal) });
    runs.ectmd = result(ect.dir, ect.log);
    expectAgreement(c.label, ref, runs, TOL);
  }, 300_000);
});

/** Rocksalt NiO, 2×2×2 cells of 4.177 Å (64 atoms), every coordinate displaced by up to ±0.1 Å (fixed seed), charges
 *  ±1.5 (between the formal states, so the solver has to move the weights). */
function nioData(): string {
  let seed = 12345;
  const rand = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647 - 0.5; };
  const a = 4.177, fcc = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]], rows: string[] = [];
  for (const [type, shift] of [[1, 0], [2, 0.5]]) {
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) for (const b of fcc) {
      const p = [i + b[0] + shift, j + b[1], k + b[2]].map((u) => u * a + 0.2 * rand());
      rows.push(`${rows.length + 1} ${type} ${type === 1 ? 1.5 : -1.5} ${p.join(' ')}`);
    }
  }
  return ['rocksalt NiO', '', `${rows.length} atoms`, '2 atom types', '', `0 ${2 * a} xlo xhi`, `0 ${2 * a} ylo yhi`, `0 ${2 * a} zlo zhi`, '',
    'Atoms # charge', '', ...rows, ''].join('\n');
}

/** An ECT-EAM deck for ectmd (stats: compute ect/stats) or lmp_ectmd (compute pair ect/eam/ectmd): thermo with the
 *  solver's iterations and total charge, a dump of forces, per-atom energy, virial and charge at the start and end. */
function ectDeck(pair: string[], stats: string, steps: number, charges: string[] = []): string {
  return ['units metal', 'atom_style charge', 'boundary p p p', 'read_data crystal.data', ...charges, ...pair, 'neighbor 1.0 bin',
    'neigh_modify every 1 delay 0 check yes', 'velocity all create 600.0 4928459 loop geom', 'fix 1 all nve', 'timestep 0.001', stats,
    'thermo_style custom step pe press pxx pyy pzz pxy pxz pyz c_st[1] c_st[3] c_st[7]', 'thermo_modify format float %.17g', `thermo ${Math.max(1, steps / 2)}`,
    'compute peat all pe/atom', 'compute sa all stress/atom NULL virial', 'compute q all property/atom q',
    `dump d all custom ${Math.max(1, steps)} forces.dump id fx fy fz c_peat c_sa[1] c_sa[2] c_sa[3] c_sa[4] c_sa[5] c_sa[6] c_q`,
    'dump_modify d sort id format float %.17g', `run ${steps}`, ''].join('\n');
}

/** The ECT runs' directory inside the build's temporary directory. */
function ectDir(): string {
  const dir = join(work, 'ect');
  mkdirSync(dir, { recursive: true });
  return dir;
}

interface EctCase {
  label: string; data: () => string; style: string; coeff: (work: string) => string; charges: string[]; steps: number;
  /** ectmd's pair_coeff file and elements */ ours: string;
  /** pair_style hybrid/overlay: the sub-style's words after ect/eam[/ectmd], and the other sub-styles' pair_coeff lines */
  hybrid?: { rest: string; coeffs: string[] };
}
const ECT_CASES: EctCase[] = [
  { label: 'NiO rocksalt (64 atoms), dsf, 10 NVE steps', data: nioData, style: '10.0 dsf 0.2 tol 1e-10', charges: [], steps: 10,
    coeff: () => `pair_coeff * * ${join(ECT, 'NiO.ect')} Ni O`, ours: 'NiO.ect Ni O' },
  { label: 'Al2O3 cluster (45 atoms), bare Coulomb, te 0.1 (interior weights), 10 NVE steps', steps: 10, charges: [],
    data: () => readFileSync(writeAloCluster(join(ectDir(), 'data.cluster')), 'utf8'), style: '25 coulomb tol 1e-10 te 0.1',
    coeff: () => `pair_coeff * * ${join(ECT, 'AlO.ect')} Al O`, ours: 'AlO.ect Al O' },
  { label: 'Al2O3 cluster and a Cu cluster through one another, hybrid/overlay with eam/alloy (Cu NULL for ECT-EAM), 10 NVE steps',
    steps: 10, charges: [], data: () => readFileSync(writeAloCuCluster(join(ectDir(), 'data.alocu'), true, true), 'utf8'),
    style: '25 coulomb tol 1e-10', coeff: () => `pair_coeff * * ect/eam/ectmd ${join(ECT, 'AlO.ect')} Al O NULL`, ours: 'ect/eam AlO.ect Al O NULL',
    hybrid: { rest: `eam/alloy zero 25`, coeffs: [`pair_coeff * * eam/alloy ${join(POT, 'Cu_zjw04.eam.alloy')} NULL NULL Cu`, 'pair_coeff 1*2 3 zero'] } },
  { label: 'Al2O3 block (240 atoms), wolf, from an image file, run 0', data: aluminaBlockData, style: '8.0 wolf 0.25 tol 1e-10', steps: 0,
    charges: ['set type 1 charge 1.5', 'set type 2 charge -1.0'],
    coeff: (work) => {
      const image = join(work, 'AlO.image');
      writeFileSync(image, formatEctImage(['8.0', 'wolf', '0.25'], join(ECT, 'AlO.ect'), ['Al', 'O']));
      return `pair_coeff * * ${image} Al O`;
    },
    ours: 'AlO.ect Al O' },
];

describe.skipIf(missing.length > 0)('ect/eam/ectmd: ECT-EAM with weight equalisation across LAMMPS ranks (lmp_ectmd)', () => {

  const runIn = async (label: string, data: string, text: string, ranks: 1 | 2): Promise<{ dir: string; log: string }> => {
    const dir = join(ectDir(), label);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'crystal.data'), data);
    writeFileSync(join(dir, 'in.deck'), text);
    return { dir, log: await runLmp(binary, dir, ranks, env) };
  };

  test.each(ECT_CASES)('$label: lmp_ectmd serial and mpirun -np 2 = ectmd to 1e-10', async (c) => {
    const tag = c.label.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 40), data = c.data();
    const coeff = c.coeff(ectDir());
    const h = c.hybrid;
    const kernel = ectDeck(h ? [`pair_style hybrid/overlay ect/eam/ectmd ${c.style} ${h.rest}`, coeff, ...h.coeffs] : [`pair_style ect/eam/ectmd ${c.style}`, coeff],
      'compute st all pair ect/eam/ectmd', c.steps, c.charges);
    const ours = ectDeck(h ? [`pair_style hybrid/overlay ect/eam ${c.style} ${h.rest}`, `pair_coeff * * ${c.ours}`, ...h.coeffs] : [`pair_style ect/eam ${c.style}`, `pair_coeff * * ${c.ours}`],
      'compute st all ect/stats', c.steps, c.charges);
    const ect = await runEctmd(ours, { 'crystal.data': data });
    const ref = result(ect.dir, ect.log);
    const runs: Record<string, Result> = {};
    for (const ranks of [1, 2] as const) {
      const r = await runIn(`${tag}-np${ranks}`, data, kernel, ranks);
      runs[`kernel np${ranks}`] = result(r.dir, r.log);
      // the solver's statistics as ectmd's: iterations at the first step (> 0: the start is not the solution), Σq
      const [mine, theirs] = [r.log, ect.log].map((log) => parseLammpsLog(log).runs[0]);
      const it = thermoColumn(mine, 'c_st[1]', 'log'), itRef = thermoColumn(theirs, 'c_st[1]', 'log');
      expect(it[0], `np${ranks} iterations at step 0`).toBe(itRef[0]);
      expect(itRef[0]).toBeGreaterThan(0);
      thermoColumn(mine, 'c_st[3]', 'log').forEach((q, k) => expect(Math.abs(q - thermoColumn(theirs, 'c_st[3]', 'log')[k])).toBeLessThan(1e-10));
      // T_e Σ w ln w: 0 on simplex vertices, clearly negative with interior weights (te)
      const ent = thermoColumn(mine, 'c_st[7]', 'log'), entRef = thermoColumn(theirs, 'c_st[7]', 'log');
      if (c.style.includes(' te ')) expect(entRef[0]).toBeLessThan(-0.01);
      ent.forEach((e, k) => expect(Math.abs(e - entRef[k])).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(ref.pe[k]))));
    }
    // ectmd is the reference here (LAMMPS has no ECT-EAM of its own); the per-atom columns include the charge q
    expectAgreement(c.label, ref, runs, TOL, 'ectmd');
  }, 300_000);

  // (15 steps: at step 18 of this run the equalisation meets several minima and which one it finds is sensitive to the
  // last bits of the solver's path, which read_restart's new atom order changes)
  test('weights through a LAMMPS restart file (fix ECTMD_ECT_WEIGHTS): 10 + write_restart + read_restart + 5 = 15 steps, mpirun -np 2', async () => {
    const data = readFileSync(writeAloCluster(join(ectDir(), 'data.restart-cluster')), 'utf8');
    const pair = [`pair_style ect/eam/ectmd 25 coulomb tol 1e-10 te 0.1`, `pair_coeff * * ${join(ECT, 'AlO.ect')} Al O`, 'neighbor 1.0 bin',
      'timestep 0.001', 'compute st all pair ect/eam/ectmd', 'thermo_style custom step pe c_st[1] c_st[6]', 'thermo_modify format float %.17g',
      'thermo 5', 'fix 1 all nve'];
    const start = ['units metal', 'atom_style charge', 'read_data crystal.data', ...pair, 'velocity all create 600 4928459 mom yes rot yes'];
    const whole = await runIn('restart-whole', data, [...start, 'run 15', ''].join('\n'), 2);
    const first = await runIn('restart-split', data, [...start, 'run 10', 'write_restart w.restart', ''].join('\n'), 2);
    writeFileSync(join(first.dir, 'in.deck'), ['read_restart w.restart', ...pair, 'run 5', ''].join('\n'));
    const second = await runLmp(binary, first.dir, 2, env);
    const [w, s2] = [whole.log, second].map((log) => parseLammpsLog(log).runs.at(-1)!);
    const pe = thermoColumn(w, 'PotEng', 'log'), pe2 = thermoColumn(s2, 'PotEng', 'log');
    expect(Math.abs(pe2.at(-1)! - pe.at(-1)!)).toBeLessThan(1e-10 * Math.abs(pe.at(-1)!));
    // the first solve after read_restart starts from the stored weights and keeps them (0 iterations, nothing moves),
    // instead of starting from the charges
    expect(thermoColumn(s2, 'c_st[1]', 'log')[0]).toBe(0);
    expect(thermoColumn(s2, 'c_st[6]', 'log')[0]).toBe(0);
  }, 120_000);

  test.each([
    ['a negative te', 'pair_style ect/eam/ectmd 8.0 dsf 0.2 te -0.1', `pair_coeff * * ${join(ECT, 'AlO.ect')} Al O`, 'te T >= 0'],
    ['only NULL types', 'pair_style ect/eam/ectmd 8.0', `pair_coeff * * ${join(ECT, 'AlO.ect')} NULL NULL`, 'every type is NULL'],
    ['an element not in the file', 'pair_style ect/eam/ectmd 8.0', `pair_coeff * * ${join(ECT, 'AlO.ect')} Al Cu`, 'Cu'],
    ['atom_style atomic', 'pair_style ect/eam/ectmd 8.0', `pair_coeff * * ${join(ECT, 'AlO.ect')} Al O`, 'requires atom attribute q'],
  ])('bad input, %s: a clear error', async (label, style, coeff, message) => {
    const tag = label.replace(/[^A-Za-z0-9]+/g, '_');
    let text = ectDeck([style, coeff], 'compute st all pair ect/eam/ectmd', 0, ['set type 1 charge 1.5', 'set type 2 charge -1.0']);
    let data = aluminaBlockData();
    if (label === 'atom_style atomic') {
      text = text.replace('atom_style charge', 'atom_style atomic').replace(/set type . charge \S+\n/g, '').replace(' c_q', '')
        .replace('compute q all property/atom q\n', '');
      data = data.replace(/^(\d+) (\d) 0\.0 /gm, '$1 $2 ');
    }
    await expect(runIn(`bad-${tag}`, data, text, 1)).rejects.toThrow(message);
  }, 120_000);
});
