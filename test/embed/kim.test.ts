// The KIM embedding (embed/kim): the ectmd EAM model driver (wasm2c of the scalar kernel) and portable models built
// from ectmd's tables run in LAMMPS through `pair_style kim`, serial and under `mpirun -np 2`, and agree with native
// LAMMPS (`pair_style eam/alloy`, same rank count) and with ectmd to 1e-10 relative in energy, forces, pressure and
// per-atom energy and virial (compute stress/atom).
// The models are built into a temporary KIM environment collection (KIM_API_*_DIR), not the user's.
// Skipped with a message when a tool is absent (lmp with the KIM package, mpirun, libkim-api-dev, cmake, wasm2c, a C
// and C++ compiler, make); ECTMD_REQUIRE_EMBED=1 (CI) turns that into a failure.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLmp, repoRoot } from '../../scripts/compare-lammps.js';
import { formatKimParams, type KimModelSpec } from '../../scripts/kim-model.js';
import { dataFile, deck, expectAgreement, onPath, result, runAsync, runLmp, stage, type Crystal, type Result } from '../helpers/embed-lammps.js';
import { runEctmd } from '../helpers/lammps.js';

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
  name: string; label: string; model: string; spec: KimModelSpec; elements: string[]; native: string[]; crystal: Crystal; steps: number;
  needsLammpsData: boolean;
}
const POT = join(repoRoot(), 'potentials', 'eam');
const LAMMPS_POT = process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials';
const haveLammpsData = ['Cu_u3.eam', 'Ni_u3.eam', 'AlFe_mm.eam.fs'].every((f) => existsSync(join(LAMMPS_POT, f)));
if (!haveLammpsData) {
  if (process.env.ECTMD_REQUIRE_EMBED === '1') throw new Error(`ECTMD_REQUIRE_EMBED=1 but LAMMPS potentials are not in ${LAMMPS_POT} (apt-get install lammps-data)`);
  console.warn(`LAMMPS potentials not in ${LAMMPS_POT} (apt-get install lammps-data): skipping the funcfl and eam/fs KIM cases`);
}
const CASES: Case[] = [
  { name: 'Cu', label: 'Cu eam/alloy, run 0', model: 'ectmd_test_Cu__MO_000000000000_000', needsLammpsData: false,
    spec: { style: 'eam/alloy', args: [join(POT, 'Cu_zjw04.eam.alloy'), 'Cu'] }, elements: ['Cu'],
    native: ['pair_style eam/alloy', `pair_coeff * * ${join(POT, 'Cu_zjw04.eam.alloy')} Cu`],
    crystal: { lattice: 'fcc', a: 3.615, cells: 5, masses: [63.546], fraction: 0 }, steps: 0 },
  { name: 'CuNi', label: 'CuNi eam/alloy, 20 NVE steps', model: 'ectmd_test_CuNi__MO_000000000000_000', needsLammpsData: false,
    spec: { style: 'eam/alloy', args: [join(POT, 'CuNiAl_zjw04.eam.alloy'), 'Cu', 'Ni'] }, elements: ['Cu', 'Ni'],
    native: ['pair_style eam/alloy', `pair_coeff * * ${join(POT, 'CuNiAl_zjw04.eam.alloy')} Cu Ni`],
    crystal: { lattice: 'fcc', a: 3.56, cells: 5, masses: [63.546, 58.6934], fraction: 0.5 }, steps: 20 },
  { name: 'CuNi-funcfl', label: 'CuNi eam (two funcfl files mixed), 20 NVE steps', model: 'ectmd_test_CuNi_u3__MO_000000000000_000',
    needsLammpsData: true, spec: { style: 'eam', args: [`Cu=${join(LAMMPS_POT, 'Cu_u3.eam')}`, `Ni=${join(LAMMPS_POT, 'Ni_u3.eam')}`] },
    elements: ['Cu', 'Ni'], native: ['pair_style eam', `pair_coeff 1 1 ${join(LAMMPS_POT, 'Cu_u3.eam')}`, `pair_coeff 2 2 ${join(LAMMPS_POT, 'Ni_u3.eam')}`],
    crystal: { lattice: 'fcc', a: 3.58, cells: 5, masses: [63.55, 58.71], fraction: 0.5 }, steps: 20 },
  { name: 'FeAl', label: 'FeAl eam/fs, run 0', model: 'ectmd_test_AlFe__MO_000000000000_000', needsLammpsData: true,
    spec: { style: 'eam/fs', args: [join(LAMMPS_POT, 'AlFe_mm.eam.fs'), 'Al', 'Fe'] }, elements: ['Fe', 'Al'],
    native: ['pair_style eam/fs', `pair_coeff * * ${join(LAMMPS_POT, 'AlFe_mm.eam.fs')} Fe Al`],
    crystal: { lattice: 'bcc', a: 2.87, cells: 6, masses: [55.845, 26.98], fraction: 0.3 }, steps: 0 },
];

let work = '';
let env: NodeJS.ProcessEnv = {};

function make(args: string[]): Promise<string> {
  return runAsync('make', ['-s', '-C', join(repoRoot(), 'embed', 'kim'), `OUT=${join(work, 'build')}`, 'COLLECTION=environment', ...args],
    { env, timeoutMs: 600_000 });
}

const readData = (c: Case): string => dataFile(c.crystal);

describe.skipIf(missing.length > 0)('KIM portable model on the kernel (embed/kim) in LAMMPS pair_style kim', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ectmd-embed-kim-'));
    env = { ...process.env, KIM_API_MODEL_DRIVERS_DIR: join(work, 'model-drivers'), KIM_API_PORTABLE_MODELS_DIR: join(work, 'portable-models'),
      OMP_NUM_THREADS: '1' };
    mkdirSync(env.KIM_API_MODEL_DRIVERS_DIR!);
    mkdirSync(env.KIM_API_PORTABLE_MODELS_DIR!);
    await make(['driver']);
    for (const c of CASES.filter((k) => haveLammpsData || !k.needsLammpsData)) {
      const params = join(work, `${c.model}.params`);
      writeFileSync(params, formatKimParams(c.spec));
      await make(['model', `NAME=${c.model}`, `PARAMS=${params}`]);
    }
  }, 900_000);
  afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

  test.each(CASES)('$label: kim = native LAMMPS = ectmd to 1e-10, serial and mpirun -np 2', async (c) => {
    if (c.needsLammpsData && !haveLammpsData) return;
    const native = deck(c.native, c.steps, true);
    const kim = deck([`pair_style kim ${c.model}`, `pair_coeff * * ${c.elements.join(' ')}`], c.steps, true);
    const run = async (label: string, text: string, ranks: 1 | 2): Promise<Result> => {
      const d = stage(work, `${c.name}-${label}`, c.crystal, text);
      return result(d, await runLmp(lmp!, d, ranks, env));
    };
    const ref = await run('native1', native, 1);
    const runs: Record<string, Result> = {
      'kim np1': await run('kim1', kim, 1), 'kim np2': await run('kim2', kim, 2), 'native np2': await run('native2', native, 2),
    };
    const ect = await runEctmd(native, { 'crystal.data': readData(c) });
    runs.ectmd = result(ect.dir, ect.log);
    expectAgreement(`KIM ${c.label}`, ref, runs, TOL);
  }, 300_000);
});
