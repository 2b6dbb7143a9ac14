// The LAMMPS embedding (embed/lammps): lmp_ectmd, Debian's liblammps with eam/ectmd, eam/alloy/ectmd and
// eam/fs/ectmd on ectmd's kernel (wasm2c of the scalar build), agrees with native LAMMPS (eam, eam/alloy, eam/fs, same
// rank count) and with ectmd to 1e-10 relative in energy, forces and pressure, serially and under mpirun -np 2, for
// single- and two-element crystals, a NULL type under pair_style hybrid, run 0 and 20 NVE steps (neighbour rebuilds,
// atoms changing ranks). The Cu case
// reads a parameter file written by scripts/kim-model.ts; the others convert LAMMPS potential files through ectmd.
// Skipped with a message when a tool is absent (lmp, mpirun, mpicxx, liblammps-dev, wasm2c, cc, make, the build);
// ECTMD_REQUIRE_EMBED=1 (CI) turns that into a failure. The funcfl and eam/fs cases need lammps-data.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLmp, repoRoot } from '../../scripts/compare-lammps.js';
import { formatKimParams } from '../../scripts/kim-model.js';
import { dataFile, deck, expectAgreement, onPath, result, runAsync, runLmp, stage, type Crystal, type Result } from '../helpers/embed-lammps.js';
import { runEctmd } from '../helpers/lammps.js';

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

describe.skipIf(missing.length > 0)('LAMMPS pair styles on the kernel (embed/lammps, lmp_ectmd)', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ectmd-embed-lammps-'));
    const out = join(work, 'build');
    await runAsync('make', ['-s', '-C', join(repoRoot(), 'embed', 'lammps'), `OUT=${out}`], { timeoutMs: 600_000 });
    binary = join(out, 'lmp_ectmd');
  }, 600_000);
  afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

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
