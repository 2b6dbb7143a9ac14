// Spatial sort of the atoms (atom_modify sort Nfreq binsize, host/system/sort.ts): ectmd reorders the atoms exactly
// as LAMMPS does (an unsorted dump lists the atoms in the same order at every frame, orthogonal and triclinic), the
// physics does not change (thermo and per-atom values as without sorting, to round-off), per-atom state of groups,
// fixes and computes follows the atoms, --resume continues bitwise across sorts, and bad arguments are errors.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseDump, type DumpFrame } from '../../host/io/dump-read.js';
import { parseLammpsLog } from '../../host/io/lammps-log.js';
import { compareThermo, repoRoot } from '../../scripts/compare-lammps.js';
import { hasLammpsPotentials, LAMMPS_POTENTIALS, lmpPath, runEctmd, runLammps } from '../helpers/lammps.js';
import { aluminaBlockData } from '../helpers/alumina.js';
import { permuteRows } from '../../host/system/sort.js';

const CU = readFileSync(join(repoRoot(), 'potentials', 'eam', 'Cu_zjw04.eam.alloy'), 'utf8');
const FILES = { 'Cu_zjw04.eam.alloy': CU };

/** Hot two-type Cu (the same potential for both types), rebuilt often; `sort` is the atom_modify line. */
function deck(region: string, sort: string, extra = ''): string {
  return `units metal
atom_style atomic
lattice fcc 3.615
region box ${region}
create_box 2 box
create_atoms 1 box
set type 1 type/fraction 2 0.3 8812
pair_style eam/alloy
pair_coeff * * Cu_zjw04.eam.alloy Cu Cu
velocity all create 3000 4928459 loop geom
neighbor 0.6 bin
neigh_modify every 1 delay 0 check yes
${sort}
group heavy type 2
compute m heavy msd
fix 1 all nve
timestep 0.004
thermo 10
thermo_style custom step temp pe ke etotal press pxy c_m[4]
thermo_modify format float %.17g
dump d all custom 10 d.dump id type x y z vx fx
dump_modify d format float %.17g
${extra}run 40
`;
}

const frames = (dir: string): DumpFrame[] => parseDump(readFileSync(join(dir, 'd.dump'), 'utf8'), 'd.dump');
const ids = (f: DumpFrame): number[] => [...f.data[0]];
const descents = (a: number[]): number => a.reduce((c, v, k) => c + (k > 0 && v < a[k - 1] ? 1 : 0), 0);

/** Each frame's rows keyed by atom ID. */
function byId(f: DumpFrame): Map<number, number[]> {
  return new Map(ids(f).map((id, i) => [id, f.data.map((col) => col[i])]));
}

const REGIONS: Array<[string, string]> = [['orthogonal', 'block 0 5 0 5 0 5'], ['triclinic', 'prism 0 5 0 5 0 5 1.0 -0.5 0.5 units lattice']];

describe.skipIf(!lmpPath()).each(REGIONS)('%s cell: the atom order is LAMMPS\'s', (_, region) => {
  test('an unsorted dump lists the atoms in LAMMPS\'s order at every frame, thermo agrees', async () => {
    const text = deck(region, 'atom_modify sort 7 0.0');
    const lmp = await runLammps(text, FILES);
    const ect = await runEctmd(text, FILES, { workers: 1 });
    const ref = frames(lmp.dir), got = frames(ect.dir);
    expect(got.length).toBe(5);
    for (let k = 0; k < ref.length; k++) expect(ids(got[k]), `frame ${k}`).toEqual(ids(ref[k]));
    const bad = compareThermo(parseLammpsLog(lmp.log).runs, parseLammpsLog(ect.log).runs, 'ectmd log').filter((d) => !(d.scaled <= 1e-9));
    expect(bad).toEqual([]);
  }, 120_000);
});

test('sorting reorders the atoms but not the physics: thermo, msd of a group and per-atom values as without sorting', async () => {
  const region = REGIONS[0][1];
  const sorted = await runEctmd(deck(region, 'atom_modify sort 7 0.0'), FILES, { workers: 1 });
  const plain = await runEctmd(deck(region, 'atom_modify sort 0 0.0'), FILES, { workers: 1 });
  const fs = frames(sorted.dir), fp = frames(plain.dir);
  // the unsorted run keeps create_atoms order; the sorted one does not
  expect(descents(ids(fp[4]))).toBe(0);
  expect(descents(ids(fs[4]))).toBeGreaterThan(100);
  const thermo = compareThermo(parseLammpsLog(plain.log).runs, parseLammpsLog(sorted.log).runs, 'sorted log');
  expect(thermo.length).toBe(8);
  expect(thermo.filter((d) => !(d.scaled <= 1e-11))).toEqual([]);
  for (let k = 0; k < fp.length; k++) {
    const a = byId(fp[k]), b = byId(fs[k]);
    for (const [id, row] of a) {
      const other = b.get(id)!;
      for (let c = 1; c < row.length; c++) expect(Math.abs(other[c] - row[c]), `atom ${id} column ${c} frame ${k}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(row[c])));
    }
  }
}, 120_000);

test('two workers sort as one: the same atom order at every frame', async () => {
  const text = deck(REGIONS[0][1], 'atom_modify sort 7 0.0');
  const one = frames((await runEctmd(text, FILES, { workers: 1 })).dir);
  const two = frames((await runEctmd(text, FILES, { workers: 2 })).dir);
  expect(descents(ids(one[4]))).toBeGreaterThan(100);
  for (let k = 0; k < one.length; k++) expect(ids(two[k]), `frame ${k}`).toEqual(ids(one[k]));
}, 120_000);

test('--resume across sorts: groups, the msd compute and the sort schedule follow the restart file, bitwise', async () => {
  const text = deck(REGIONS[0][1], 'atom_modify sort 7 0.0', 'restart 25 a.restart\n');
  const whole = await runEctmd(text, FILES, { workers: 1 });
  const bin = join(repoRoot(), 'bin', 'ectmd.js');
  const r = spawnSync(process.execPath, [bin, '-in', 'in.deck', '--resume', 'a.restart', '-screen', 'none', '-log', 'log.resume', '--workers', '1'], { cwd: whole.dir, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  const resumed = readFileSync(join(whole.dir, 'log.resume'), 'utf8');
  const row = (log: string, step: number) => log.split('\n').find((l) => new RegExp(`^\\s*${step}\\s`).test(l));
  for (const step of [30, 40]) expect(row(resumed, step), `thermo at step ${step}`).toBe(row(whole.log, step));
  expect(row(resumed, 40)).toBeDefined();
}, 120_000);

/** 240-atom Al2O3 at 600 K with a charge solver whose warm start is per-atom state; thermo has the solver's
 *  iteration count `it` and the largest charge. */
function oxideDeck(sort: string, pair: string[], solver: string[], it: string): string {
  return ['units metal', 'atom_style charge', 'read_data data.block', 'set type 1 charge 1.5', 'set type 2 charge -1.0',
    ...pair, 'mass 1 26.98', 'mass 2 16.00', 'neighbor 1.0 bin', 'neigh_modify every 1 delay 0 check yes', sort, ...solver,
    'velocity all create 600 4928459 loop geom', 'fix 1 all nve', 'timestep 0.001', 'compute pq all property/atom q',
    'compute qmax all reduce max c_pq', `thermo_style custom step pe ecoul press ${it} c_qmax`, 'thermo_modify format float %.17g', 'thermo 1', 'run 8', ''].join('\n');
}

const STREITZ = [`pair_style hybrid/overlay coul/streitz 12.0 wolf 0.31 eam/alloy`,
  `pair_coeff * * coul/streitz ${join(LAMMPS_POTENTIALS, 'AlO.streitz')} Al O`, `pair_coeff * * eam/alloy ${join(LAMMPS_POTENTIALS, 'AlO.eam.alloy')} Al O`];
const SOLVERS: Array<[string, string[], string[], string]> = [
  ['fix qeq/slater (s and t histories)', STREITZ, ['fix q all qeq/slater 1 12.0 1.0e-10 1000 coul/streitz'], 'f_q'],
  ['fix qeq/ensemble (weight and charge histories)', STREITZ, ['fix q all qeq/ensemble 1 1e-9 500'], 'f_q[2]'],
  ['pair ect/eam (converged weights)', ['pair_style ect/eam 8.0 dsf 0.2 tol 1e-9', 'pair_coeff * * AlO.ect Al O'], ['compute st all ect/stats'], 'c_st[1]'],
];

describe.skipIf(!hasLammpsPotentials('AlO.streitz', 'AlO.eam.alloy')).each(SOLVERS)('%s follows the sorted atoms', (_, pair, solver, it) => {
  test('same charges and energies as without sorting, no extra solver iterations', async () => {
    const files = { 'data.block': aluminaBlockData() };
    const sorted = parseLammpsLog((await runEctmd(oxideDeck('atom_modify sort 2 0.0', pair, solver, it), files, { workers: 1 })).log).runs;
    const plain = parseLammpsLog((await runEctmd(oxideDeck('atom_modify sort 0 0.0', pair, solver, it), files, { workers: 1 })).log).runs;
    const col = (runs: typeof plain, name: string) => runs[0].rows.map((r) => r[runs[0].columns.indexOf(name)]);
    // iteration counts follow summation order to ±1 (qeq/slater) or chaotically (SPG), but a warm start left in the
    // old order costs more: qeq/slater's histories not reordered took 36 more CG loops over these 9 solves
    const total = (runs: typeof plain) => col(runs, it).reduce((a, b) => a + b, 0);
    expect(total(sorted)).toBeLessThanOrEqual(total(plain) + col(plain, it).length);
    const bad = compareThermo(plain, sorted, 'sorted log').filter((d) => d.column !== it && !(d.scaled <= 1e-7));
    expect(bad).toEqual([]);
  }, 240_000);
});

test('permuteRows reorders rows in place (row k becomes old row perm[k]) for any permutation and row width, perm unchanged', () => {
  let seed = 12345;
  const rnd = (m: number) => { seed = (seed * 16807) % 2147483647; return seed % m; };
  for (const [n, width] of [[1, 1], [7, 3], [1000, 1], [1000, 3], [257, 5]]) {
    // a random permutation (Fisher-Yates), with fixed points and long cycles alike
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) { const j = rnd(i + 1); [perm[i], perm[j]] = [perm[j], perm[i]]; }
    const a = Float64Array.from({ length: n * width + 2 }, (_, i) => i + 0.5); // two values past the rows stay put
    const want = a.slice();
    for (let k = 0; k < n; k++) for (let c = 0; c < width; c++) want[k * width + c] = a[perm[k] * width + c];
    const b = Int16Array.from(a, (v) => Math.floor(v) % 30000), wantB = Int16Array.from(want, (v) => Math.floor(v) % 30000);
    const permBefore = perm.slice();
    permuteRows(a, perm, width);
    // (the rows placed are marked in perm itself, which is whole again afterwards)
    expect(Array.from(perm)).toEqual(Array.from(permBefore));
    permuteRows(b, perm, width);
    expect(Array.from(a)).toEqual(Array.from(want));
    expect(Array.from(b)).toEqual(Array.from(wantB));
  }
});

describe('atom_modify errors name the file and line', () => {
  const cases: Array<[string, RegExp]> = [
    ['atom_modify sort 10', /in\.deck:\d+: Illegal atom_modify command.*sort Nfreq binsize/],
    ['atom_modify sort -1 0.0', /Illegal atom_modify command.*Nfreq >= 0 and binsize >= 0/],
    ['atom_modify sort 10 abc', /atom_modify sort binsize/],
    ['atom_modify first g', /Unsupported atom_modify/],
  ];
  test.each(cases)('%s', async (line, message) => {
    await expect(runEctmd(deck(REGIONS[0][1], line), FILES, { workers: 1 })).rejects.toThrow(message);
  }, 60_000);
});
