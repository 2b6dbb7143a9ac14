// The KIM embedding (embed/kim): the ectmd EAM model driver (wasm2c of the scalar kernel) and portable models built
// from ectmd's tables run in LAMMPS through `pair_style kim`, serial and under `mpirun -np 2`, and agree with native
// LAMMPS (`pair_style eam/alloy`, same rank count) and with ectmd to 1e-10 relative in energy, forces and pressure.
// The models are built into a temporary KIM environment collection (KIM_API_*_DIR), not the user's.
// Skipped with a message when a tool is absent (lmp with the KIM package, mpirun, libkim-api-dev, cmake, wasm2c, a C
// and C++ compiler, make); ECTMD_REQUIRE_EMBED=1 (CI) turns that into a failure.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDump, dumpColumn } from '../../host/io/dump-read.js';
import { parseLammpsLog, thermoColumn } from '../../host/io/lammps-log.js';
import { findLmp, repoRoot } from '../../scripts/compare-lammps.js';
import { formatKimParams, type KimModelSpec } from '../../scripts/kim-model.js';
import { runEctmd } from '../helpers/lammps.js';

const onPath = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const lmp = findLmp();
const lmpHasKim = lmp !== null && /^KIM\b|\sKIM\s/m.test(spawnSync(lmp, ['-h'], { encoding: 'utf8' }).stdout ?? '');
const missing = [
  ...(lmp === null ? ['lmp (apt-get install lammps)'] : lmpHasKim ? [] : ['the KIM package in lmp']),
  ...['mpirun', 'wasm2c', 'cmake', 'make', 'cc', 'c++'].filter((c) => !onPath(c)),
  ...(['/usr/share/wabt/wasm2c', '/usr/src/wasm2c'].some((d) => existsSync(join(d, 'wasm-rt-impl.c'))) ? [] : ['the wasm2c runtime (wasm-rt-impl.c)']),
  ...(existsSync('/usr/share/cmake/kim-api-items/kim-api-items-config.cmake') || process.env.KIM_API_CMAKE_PREFIX_DIR ? [] : ['libkim-api-dev']),
];
const HINT = 'apt-get install lammps openmpi-bin libkim-api-dev wabt cmake gcc g++ make';
if (missing.length > 0) {
  if (process.env.ECTMD_REQUIRE_EMBED === '1') throw new Error(`ECTMD_REQUIRE_EMBED=1 but ${missing.join(', ')} not found (${HINT})`);
  console.warn(`${missing.join(', ')} not found (${HINT}): skipping the KIM embedding check`);
}

const TOL = 1e-10;

interface Case {
  name: string; model: string; spec: KimModelSpec; elements: string[]; a: number; fraction: number;
}
const POT = join(repoRoot(), 'potentials', 'eam');
const CASES: Case[] = [
  { name: 'Cu', model: 'ectmd_test_Cu__MO_000000000000_000', spec: { style: 'eam/alloy', args: [join(POT, 'Cu_zjw04.eam.alloy'), 'Cu'] },
    elements: ['Cu'], a: 3.615, fraction: 0 },
  { name: 'CuNi', model: 'ectmd_test_CuNi__MO_000000000000_000', spec: { style: 'eam/alloy', args: [join(POT, 'CuNiAl_zjw04.eam.alloy'), 'Cu', 'Ni'] },
    elements: ['Cu', 'Ni'], a: 3.56, fraction: 0.5 },
];

/** 5×5×5 fcc cells, every coordinate displaced by up to ±0.12 Å, type 2 with probability `fraction` (fixed seed). */
function dataFile(c: Case): string {
  let s = 0x2545f491;
  const rand = (): number => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
  const n = 5, L = n * c.a, basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const atoms: string[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) for (const b of basis) {
    const p = [i + b[0], j + b[1], k + b[2]].map((u) => u * c.a + 0.24 * (rand() - 0.5));
    const t = c.elements.length > 1 && rand() < c.fraction ? 2 : 1;
    atoms.push(`${atoms.length + 1} ${t} ${p.join(' ')}`);
  }
  const masses = c.elements.map((_, t) => `${t + 1} ${[63.546, 58.6934][t]}`);
  return ['ectmd KIM test crystal', '', `${atoms.length} atoms`, `${c.elements.length} atom types`, '',
    `0 ${L} xlo xhi`, `0 ${L} ylo yhi`, `0 ${L} zlo zhi`, '', 'Masses', '', ...masses, '', 'Atoms # atomic', '', ...atoms, ''].join('\n');
}

function deck(pair: string[]): string {
  return ['units metal', 'atom_style atomic', 'boundary p p p', 'read_data crystal.data', ...pair, 'neighbor 2.0 bin',
    'thermo_style custom step pe press pxx pyy pzz pxy pxz pyz', 'thermo_modify format float %.17g',
    'dump d all custom 1 forces.dump id fx fy fz', 'dump_modify d sort id format float %.17g', 'run 0', ''].join('\n');
}

interface Result { pe: number; press: number[]; f: Float64Array[] }

function result(dir: string, log: string): Result {
  const run = parseLammpsLog(log).runs[0];
  const frame = parseDump(readFileSync(join(dir, 'forces.dump'), 'utf8'), 'forces.dump')[0];
  const col = (name: string): number => thermoColumn(run, name, 'log')[0];
  return {
    pe: col('PotEng'),
    press: ['Press', 'Pxx', 'Pyy', 'Pzz', 'Pxy', 'Pxz', 'Pyz'].map(col),
    f: ['fx', 'fy', 'fz'].map((c) => dumpColumn(frame, c, 'forces.dump')),
  };
}

/** Largest deviations relative to the reference's scale: energy |ΔE|/|E|, forces and pressure max|Δ|/max(1, max|ref|). */
function deviations(got: Result, ref: Result): { energy: number; force: number; pressure: number } {
  let df = 0, sf = 1;
  for (let d = 0; d < 3; d++) for (let i = 0; i < ref.f[d].length; i++) {
    df = Math.max(df, Math.abs(got.f[d][i] - ref.f[d][i]));
    sf = Math.max(sf, Math.abs(ref.f[d][i]));
  }
  const sp = Math.max(1, ...ref.press.map(Math.abs));
  const dp = Math.max(...ref.press.map((p, k) => Math.abs(got.press[k] - p)));
  return { energy: Math.abs(got.pe - ref.pe) / Math.abs(ref.pe), force: df / sf, pressure: dp / sp };
}

let work = '';
let env: NodeJS.ProcessEnv = {};

function runLmp(dir: string, ranks: 1 | 2): string {
  const args = ['-in', 'in.deck', '-log', 'log.lammps', '-screen', 'none'];
  const [cmd, argv] = ranks === 1 ? [lmp!, args] : ['mpirun', ['--allow-run-as-root', '--oversubscribe', '-np', '2', lmp!, ...args]];
  const r = spawnSync(cmd, argv, { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  const log = existsSync(join(dir, 'log.lammps')) ? readFileSync(join(dir, 'log.lammps'), 'utf8') : '';
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} in ${dir} failed (${r.status}): ${r.stderr}\n${log.slice(-2000)}`);
  return log;
}

function stage(c: Case, label: string, pair: string[]): string {
  const dir = join(work, `${c.name}-${label}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'crystal.data'), dataFile(c));
  writeFileSync(join(dir, 'in.deck'), deck(pair));
  return dir;
}

function make(args: string[]): void {
  const r = spawnSync('make', ['-s', '-C', join(repoRoot(), 'embed', 'kim'), `OUT=${join(work, 'build')}`, 'COLLECTION=environment', ...args],
    { env, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`make ${args.join(' ')} failed (${r.status}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
}

describe.skipIf(missing.length > 0)('KIM portable model on the kernel (embed/kim) in LAMMPS pair_style kim', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ectmd-embed-kim-'));
    env = { ...process.env, KIM_API_MODEL_DRIVERS_DIR: join(work, 'model-drivers'), KIM_API_PORTABLE_MODELS_DIR: join(work, 'portable-models'),
      OMP_NUM_THREADS: '1' };
    mkdirSync(env.KIM_API_MODEL_DRIVERS_DIR!);
    mkdirSync(env.KIM_API_PORTABLE_MODELS_DIR!);
    make(['driver']);
    for (const c of CASES) {
      const params = join(work, `${c.model}.params`);
      writeFileSync(params, formatKimParams(c.spec));
      make(['model', `NAME=${c.model}`, `PARAMS=${params}`]);
    }
  }, 900_000);
  afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

  test.each(CASES)('$name eam/alloy: kim = native LAMMPS = ectmd to 1e-10, serial and mpirun -np 2', async (c) => {
    const [file, ...els] = c.spec.args;
    const native = [`pair_style eam/alloy`, `pair_coeff * * ${file} ${els.join(' ')}`];
    const kim = [`pair_style kim ${c.model}`, `pair_coeff * * ${c.elements.join(' ')}`];
    const ref = (() => { const d = stage(c, 'native1', native); return result(d, runLmp(d, 1)); })();
    const runs: Record<string, Result> = {};
    for (const ranks of [1, 2] as const) {
      const dk = stage(c, `kim${ranks}`, kim);
      runs[`kim np${ranks}`] = result(dk, runLmp(dk, ranks));
    }
    { const d = stage(c, 'native2', native); runs['native np2'] = result(d, runLmp(d, 2)); }
    const ect = await runEctmd(deck(native), { 'crystal.data': dataFile(c) });
    runs.ectmd = result(ect.dir, ect.log);
    const report = Object.entries(runs).map(([k, r]) => ({ run: k, ...deviations(r, ref) }));
    console.log(`KIM ${c.name}: E = ${ref.pe} eV; relative deviations from native LAMMPS serial:\n` +
      report.map((r) => `  ${r.run.padEnd(11)} energy ${r.energy.toExponential(2)}  forces ${r.force.toExponential(2)}  pressure ${r.pressure.toExponential(2)}`).join('\n'));
    expect(ref.f[0].length).toBe(500);
    for (const r of report) {
      expect(r.energy, `${r.run} energy`).toBeLessThanOrEqual(TOL);
      expect(r.force, `${r.run} forces`).toBeLessThanOrEqual(TOL);
      expect(r.pressure, `${r.run} pressure`).toBeLessThanOrEqual(TOL);
    }
  }, 300_000);
});
