// The cross-check decks in test/cases run in LAMMPS as they are, and their outputs are self-consistent:
// per-atom energies and stresses add up to the thermo values, and each deck shows what it was made for.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dumpColumn, parseDump, type DumpFrame } from '../../host/io/dump-read.js';
import { parseLammpsLog, thermoColumn, type ThermoRun } from '../../host/io/lammps-log.js';
import { repoRoot } from '../../scripts/compare-lammps.js';
import { lmpPath, runLammps } from '../helpers/lammps.js';

const CASES = join(repoRoot(), 'test', 'cases');
const LMP = lmpPath();

interface CaseRun { run: ThermoRun; frames: DumpFrame[]; warnings: string[]; dir: string }

async function runCase(name: string): Promise<CaseRun> {
  const result = await runLammps(readFileSync(join(CASES, `in.${name}`), 'utf8'), {});
  if (result === null) throw new Error('lmp vanished');
  const { runs, warnings, errors } = parseLammpsLog(result.log, `${name} log`);
  expect(errors).toEqual([]);
  expect(runs).toHaveLength(1);
  const dump = join(result.dir, `${name}.forces.dump`);
  return { run: runs[0], frames: parseDump(readFileSync(dump, 'utf8'), dump), warnings, dir: result.dir };
}

const sum = (values: Float64Array): number => values.reduce((s, v) => s + v, 0);
const last = (run: ThermoRun, column: string): number => thermoColumn(run, column, 'log').at(-1)!;

/** The dump's volume from its bounds (triclinic: bounding box minus the tilt overhang; the cell is lx·ly·lz). */
function volume(f: DumpFrame): number {
  const [[xlo, xhi, xy = 0], [ylo, yhi, xz = 0], [zlo, zhi, yz = 0]] = f.bounds;
  const lx = xhi - xlo - (Math.max(0, xy, xz, xy + xz) - Math.min(0, xy, xz, xy + xz));
  const ly = yhi - ylo - (Math.max(0, yz) - Math.min(0, yz));
  return lx * ly * (zhi - zlo);
}

/** Thermo and the last dump frame agree: pe = Σ e_i and P_ab = −Σ s_ab,i / V (stress/atom includes m v_a v_b). */
function expectConsistent({ run, frames }: CaseRun): void {
  const f = frames.at(-1)!;
  expect(f.step).toBe(last(run, 'Step'));
  expect(f.natoms).toBe(run.atoms);
  expect(Math.abs(sum(dumpColumn(f, 'c_peat', 'dump')) / last(run, 'PotEng') - 1)).toBeLessThan(1e-12);
  const press = Math.abs(last(run, 'Press'));
  ['Pxx', 'Pyy', 'Pzz', 'Pxy', 'Pxz', 'Pyz'].forEach((p, k) => {
    expect(Math.abs(-sum(dumpColumn(f, `c_stat[${k + 1}]`, 'dump')) / volume(f) - last(run, p)) / press).toBeLessThan(1e-11);
  });
}

const decks = readdirSync(CASES).filter((f) => f.startsWith('in.')).map((f) => f.slice(3)).sort();

test('test/cases holds the seven cross-check decks the README lists', () => {
  const readme = readFileSync(join(CASES, 'README.md'), 'utf8');
  expect(decks).toHaveLength(7);
  for (const name of decks) expect(readme).toContain(`in.${name}`);
});

describe.skipIf(!LMP)('cross-check decks run in LAMMPS', () => {
  test('(a) triclinic Cu: tilted box in the dump, tilts as in thermo, outputs consistent', async () => {
    const c = await runCase('tri_cu_funcfl');
    const [f] = c.frames;
    expect(f.triclinic).toBe(true);
    expect(f.bounds.map((b) => b[2])).toEqual(['Xy', 'Xz', 'Yz'].map((t) => last(c.run, t)));
    expect(f.bounds.map((b) => b[2]).every((t) => t !== 0)).toBe(true);
    expect(volume(f) / last(c.run, 'Volume') - 1).toBeCloseTo(0, 12);
    expectConsistent(c);
  });

  test('(b) eam/fs Fe-Al: two types present, outputs consistent', async () => {
    const c = await runCase('alfe_fs');
    expect(new Set(dumpColumn(c.frames[0], 'type', 'dump'))).toEqual(new Set([1, 2]));
    expectConsistent(c);
  });

  test('(c) NULL type: the type-2 atoms that exist feel no force and carry no energy', async () => {
    const c = await runCase('cuni_null');
    const f = c.frames[0];
    const type = dumpColumn(f, 'type', 'dump');
    const inert = [...type.keys()].filter((i) => type[i] === 2);
    expect(inert.length).toBeGreaterThan(0);
    expect(new Set(type)).toEqual(new Set([1, 2, 3]));
    for (const col of ['fx', 'fy', 'fz', 'c_peat', 'c_stat[1]']) {
      const v = dumpColumn(f, col, 'dump');
      expect(inert.every((i) => v[i] === 0)).toBe(true);
    }
    expectConsistent(c);
  });

  test('(d) two funcfl files: both types present, outputs consistent', async () => {
    const c = await runCase('cuni_funcfl_mix');
    expect(new Set(dumpColumn(c.frames[0], 'type', 'dump'))).toEqual(new Set([1, 2]));
    expectConsistent(c);
  });

  test('(e) data round trip: the data file is written and read back with its tilts and velocities', async () => {
    const c = await runCase('data_roundtrip');
    expect(existsSync(join(c.dir, 'data_roundtrip.data'))).toBe(true);
    expect(c.frames[0].triclinic).toBe(true);
    expect(last(c.run, 'KinEng')).toBeGreaterThan(0);
    expectConsistent(c);
  });

  test('(f) NVE run: thermo every 10 steps, dumps at 0, 25, 50, total energy conserved', async () => {
    const c = await runCase('nve_cu');
    expect(c.run.steps).toBe(50);
    expect(thermoColumn(c.run, 'Step', 'log')).toEqual([0, 10, 20, 30, 40, 50]);
    expect(c.frames.map((f) => f.step)).toEqual([0, 25, 50]);
    expect(c.run.neighborBuilds).toBeGreaterThan(0);
    expect(c.run.dangerousBuilds).toBe(0);
    const etotal = thermoColumn(c.run, 'TotEng', 'log');
    expect(Math.max(...etotal.map((e) => Math.abs(e / etotal[0] - 1)))).toBeLessThan(1e-3);
    expectConsistent(c);
  });

  test('(g) default neighbour policy: the 0.3 A skin forces rebuilds, some of them dangerous under delay 10', async () => {
    const c = await runCase('neigh_default');
    expect(c.run.neighborBuilds).toBeGreaterThan(1);
    expect(c.run.dangerousBuilds).toBeGreaterThan(0);
    expectConsistent(c);
  });
});
