// The comparison behind scripts/compare-lammps: identical outputs compare to zero, a perturbation shows
// up in exactly its column, atoms are matched by id and positions by minimum image, and outputs of a
// different shape are refused rather than compared.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseDump, type DumpFrame } from '../../host/io/dump-read.js';
import { parseLammpsLog, type ThermoRun } from '../../host/io/lammps-log.js';
import { compareDumps, compareThermo, formatTable, type Deviation } from '../../scripts/compare-lammps.js';
import { referenceDir } from '../helpers/lammps.js';

const REF = referenceDir();

function copyFrame(f: DumpFrame): DumpFrame {
  return { ...f, bounds: f.bounds.map((b) => [...b]), columns: [...f.columns], data: f.data.map((c) => Float64Array.from(c)) };
}

/** The frame with its atoms written in reverse order. */
function reversed(f: DumpFrame): DumpFrame {
  return { ...copyFrame(f), data: f.data.map((c) => Float64Array.from(c).reverse()) };
}

function worst(rows: Deviation[], column: string): Deviation {
  const row = rows.find((r) => r.column === column);
  if (!row) throw new Error(`no row for ${column}`);
  return row;
}

describe('thermo comparison', () => {
  const read = (): ThermoRun[] => parseLammpsLog(readFileSync(join(REF, 'in.eam.bench.log'), 'utf8')).runs;

  test('a log compared with itself deviates by zero in every column', () => {
    const rows = compareThermo(read(), read(), 'same.log');
    expect(rows.map((r) => r.column)).toEqual(['Step', 'Temp', 'E_pair', 'E_mol', 'TotEng', 'Press']);
    expect(rows.every((r) => r.maxAbs === 0 && r.scaled === 0)).toBe(true);
  });

  test('a relative error of 1e-6 in one temperature shows up in Temp alone, scaled by the column magnitude', () => {
    const lmp = read();
    const ect = read();
    const row = ect[0].rows[5];
    const original = row[1];
    row[1] = original * (1 + 1e-6);
    const rows = compareThermo(lmp, ect, 'perturbed.log');
    const temps = lmp[0].rows.map((r) => Math.abs(r[1]));
    expect(worst(rows, 'Temp').scaled).toBeCloseTo((original * 1e-6) / Math.max(...temps), 15);
    expect(rows.filter((r) => r.column !== 'Temp').every((r) => r.maxAbs === 0)).toBe(true);
  });

  test('a missing row or a different header is an error, not a deviation', () => {
    const short = read();
    short[0].rows.pop();
    expect(() => compareThermo(read(), short, 'short.log')).toThrowError(/short\.log: thermo run 1 rows: expected 11, found 10/);
    const renamed = read();
    renamed[0].columns[2] = 'PotEng';
    expect(() => compareThermo(read(), renamed, 'renamed.log')).toThrowError(/thermo run 1 header/);
    expect(() => compareThermo(read(), [], 'none.log')).toThrowError(/thermo tables: expected 1 runs as in LAMMPS, found 0/);
  });
});

describe('dump comparison', () => {
  const name = 'cu_u3_funcfl.forces.dump';
  const read = (): DumpFrame[] => parseDump(readFileSync(join(REF, name), 'utf8'), name);

  test('atoms written in another order, one of them wrapped to a periodic image, compare to zero', () => {
    const lmp = read();
    const ect = [reversed(lmp[0])];
    const x = ect[0].data[ect[0].columns.indexOf('x')];
    const [lo, hi] = ect[0].bounds[0];
    x[7] += x[7] < (lo + hi) / 2 ? hi - lo : lo - hi;
    const rows = compareDumps(lmp, ect, name);
    expect(rows.map((r) => r.column)).toEqual(['box x', 'box y', 'box z', ...lmp[0].columns.slice(1)]);
    expect(Math.max(...rows.map((r) => r.maxAbs))).toBeLessThan(1e-12);
  });

  test('a force error on one atom is reported in its column as an absolute deviation', () => {
    const lmp = read();
    const ect = [copyFrame(lmp[0])];
    const fy = ect[0].data[ect[0].columns.indexOf('fy')];
    fy[123] += 3e-5;
    const rows = compareDumps(lmp, ect, name);
    expect(worst(rows, 'fy').maxAbs).toBeCloseTo(3e-5, 12);
    expect(rows.filter((r) => r.column !== 'fy').every((r) => r.maxAbs === 0)).toBe(true);
  });

  test('a missing atom, another timestep or other columns are errors', () => {
    const lmp = read();
    const renumbered = copyFrame(lmp[0]);
    renumbered.data[0][10] = 9999;
    expect(() => compareDumps(lmp, [renumbered], name)).toThrowError(/expected atom id 11 as in LAMMPS, found no such atom/);
    expect(() => compareDumps(lmp, [{ ...copyFrame(lmp[0]), step: 1 }], name)).toThrowError(/expected step 0, 500 atoms/);
    expect(() => compareDumps(lmp, [{ ...copyFrame(lmp[0]), columns: lmp[0].columns.slice().reverse() }], name)).toThrowError(/columns/);
    expect(() => compareDumps(lmp, [], name)).toThrowError(/dump snapshots: expected 1 as in LAMMPS, found 0/);
  });
});

describe('triclinic positions', () => {
  // Box a = (10,0,0), b = (2,10,0), c = (-1.5,0.5,10): bounding box x from -1.5 to 12.
  const frame: DumpFrame = {
    step: 0, natoms: 1, triclinic: true, columns: ['id', 'x', 'y', 'z'],
    bounds: [[-1.5, 12, 2], [0, 10.5, -1.5], [0, 10, 0.5]],
    data: [new Float64Array([1]), new Float64Array([1]), new Float64Array([9.9]), new Float64Array([0.2])],
  };

  test('an atom moved by the tilted lattice vector b is the same atom', () => {
    const image = copyFrame(frame);
    image.data[1][0] -= 2;
    image.data[2][0] -= 10;
    const rows = compareDumps([frame], [image], 'tri');
    expect(Math.max(...['x', 'y', 'z'].map((c) => worst(rows, c).maxAbs))).toBeLessThan(1e-14);
  });

  test('an atom moved by an orthogonal box length along y is not', () => {
    const moved = copyFrame(frame);
    moved.data[2][0] -= 10;
    expect(worst(compareDumps([frame], [moved], 'tri'), 'x').maxAbs).toBeCloseTo(2, 12);
  });
});

test('the table marks exactly the columns above the tolerance', () => {
  const table = formatTable([
    { source: 'thermo run 1', column: 'PotEng', maxAbs: 1e-9, scaled: 1e-12 },
    { source: 'a.dump', column: 'fx', maxAbs: 2e-6, scaled: 2e-6 },
  ], 1e-8).split('\n');
  expect(table).toHaveLength(3);
  expect(table[1]).toMatch(/^thermo run 1\s+PotEng\s+1\.000e-9\s+1\.000e-12\s+ok$/);
  expect(table[2]).toMatch(/^a\.dump\s+fx\s+2\.000e-6\s+2\.000e-6\s+FAIL$/);
});
