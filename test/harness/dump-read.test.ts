// The dump reader on the shared reference dumps (sorted ids, Newton's third law in the forces) and on
// hand-made snapshots: triclinic bounds, several frames, and every way a snapshot can be malformed.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dumpColumn, parseDump } from '../../host/io/dump-read.js';
import { referenceDir } from '../helpers/lammps.js';

const REF = referenceDir();

describe('reference dumps', () => {
  for (const name of ['cu_u3_funcfl.forces.dump', 'cuni_setfl.forces.dump']) {
    test(`${name}: one sorted snapshot of 500 atoms whose forces sum to zero`, () => {
      const frames = parseDump(readFileSync(join(REF, name), 'utf8'), name);
      expect(frames).toHaveLength(1);
      const [f] = frames;
      expect(f.step).toBe(0);
      expect(f.natoms).toBe(500);
      expect(f.triclinic).toBe(false);
      expect(f.bounds.map((b) => b.length)).toEqual([2, 2, 2]);
      expect(f.columns.slice(0, 8)).toEqual(['id', 'type', 'x', 'y', 'z', 'fx', 'fy', 'fz']);
      expect(f.data.every((col) => col.length === 500)).toBe(true);
      expect(Array.from(dumpColumn(f, 'id', name))).toEqual(Array.from({ length: 500 }, (_, k) => k + 1));
      for (const c of ['fx', 'fy', 'fz']) {
        const values = dumpColumn(f, c, name);
        const net = values.reduce((s, v) => s + v, 0);
        const scale = values.reduce((s, v) => s + Math.abs(v), 0);
        expect(Math.abs(net) / scale).toBeLessThan(1e-12);
      }
      for (const c of ['x', 'y', 'z']) {
        const [lo, hi] = f.bounds['xyz'.indexOf(c)];
        expect(dumpColumn(f, c, name).every((v) => v >= lo && v < hi)).toBe(true);
      }
    });
  }

  test('a charge dump keeps its q column in place', () => {
    const [f] = parseDump(readFileSync(join(REF, 'alo_streitz_wolf.forces.dump'), 'utf8'), 'alo');
    expect(f.columns.slice(0, 3)).toEqual(['id', 'type', 'q']);
    const q = dumpColumn(f, 'q', 'alo');
    expect(Math.abs(q.reduce((s, v) => s + v, 0)) / q.reduce((s, v) => s + Math.abs(v), 0)).toBeLessThan(1e-8);
  });
});

const TRICLINIC = `ITEM: TIMESTEP
5
ITEM: NUMBER OF ATOMS
2
ITEM: BOX BOUNDS xy xz yz pp pp pp
-1.5 11 2
0 10 -1.5
0 10 0.5
ITEM: ATOMS id type x y z
2 1 1.25 2 3
1 2 0 0 0
`;

function snapshot(step: number, atoms: string[]): string {
  return `ITEM: TIMESTEP\n${step}\nITEM: NUMBER OF ATOMS\n${atoms.length}\nITEM: BOX BOUNDS pp pp pp\n0 4\n0 4\n0 4\nITEM: ATOMS id fx\n${atoms.join('\n')}\n`;
}

describe('snapshots', () => {
  test('triclinic bounds keep the bounding box and the tilt of each axis; atoms stay in file order', () => {
    const [f] = parseDump(TRICLINIC, 'tri.dump');
    expect(f.triclinic).toBe(true);
    expect(f.bounds).toEqual([[-1.5, 11, 2], [0, 10, -1.5], [0, 10, 0.5]]);
    expect(f.step).toBe(5);
    expect(Array.from(dumpColumn(f, 'id', 'tri.dump'))).toEqual([2, 1]);
    expect(Array.from(dumpColumn(f, 'x', 'tri.dump'))).toEqual([1.25, 0]);
  });

  test('several snapshots are read in order, each with its own atom count', () => {
    const frames = parseDump(snapshot(0, ['1 0.5', '2 -0.5']) + snapshot(10, ['1 0.25']) + snapshot(20, []), 'multi.dump');
    expect(frames.map((f) => [f.step, f.natoms])).toEqual([[0, 2], [10, 1], [20, 0]]);
    expect(Array.from(dumpColumn(frames[1], 'fx', 'multi.dump'))).toEqual([0.25]);
  });

  test('an empty file has no snapshots', () => {
    expect(parseDump('', 'empty.dump')).toEqual([]);
  });

  test('asking for a column the dump lacks names the columns it has', () => {
    const [f] = parseDump(snapshot(0, ['1 0.5']), 'cols.dump');
    expect(() => dumpColumn(f, 'fy', 'cols.dump')).toThrowError(/cols\.dump: dump column at step 0: expected one of id fx, found "fy"/);
  });
});

describe('malformed dumps are errors with file and line', () => {
  const good = snapshot(0, ['1 0.5', '2 -0.5']);
  const cases: [string, string, RegExp][] = [
    ['a missing TIMESTEP item', good.replace('ITEM: TIMESTEP', 'ITEM: TIME'), /^bad\.dump:1: dump snapshot: expected "ITEM: TIMESTEP"/],
    ['a non-integer timestep', good.replace('TIMESTEP\n0', 'TIMESTEP\n0.5'), /^bad\.dump:2: timestep: expected an integer, found "0\.5"/],
    ['fewer atom lines than NUMBER OF ATOMS', good.replace('ATOMS\n2', 'ATOMS\n3'), /^bad\.dump:11: atom lines: expected 3 after "ITEM: ATOMS", found 2 before the end of the file/],
    ['an atom count far beyond the file', good.replace('ATOMS\n2', 'ATOMS\n100000000000'), /^bad\.dump:11: atom lines: expected 100000000000/],
    ['more atom lines than NUMBER OF ATOMS', good.replace('ATOMS\n2', 'ATOMS\n1'), /^bad\.dump:11: dump snapshot: expected "ITEM: TIMESTEP", found "2 -0\.5"/],
    ['an atom line with a missing value', good.replace('2 -0.5', '2'), /^bad\.dump:11: atom line 2 of 2: expected 2 values, found "2"/],
    ['a value that is not a number', good.replace('-0.5', '-0.5x'), /^bad\.dump:11: value of fx: expected a finite number, found "-0\.5x"/],
    ['a nan value', good.replace('-0.5', 'nan'), /^bad\.dump:11: value of fx: expected a finite number, found "nan"/],
    ['bad boundary flags', good.replace('pp pp pp', 'pp pp'), /^bad\.dump:5: box boundary flags: expected three flags like "pp pp pp", found "pp pp"/],
    ['tilts out of order', TRICLINIC.replace('xy xz yz', 'xy yz xz'), /^tri\.dump:5: triclinic box bounds: expected "xy xz yz"/],
    ['a triclinic bound without its tilt', TRICLINIC.replace('0 10 -1.5', '0 10'), /^tri\.dump:7: y box bounds: expected 3 values, found "0 10"/],
    ['no column names', good.replace('ITEM: ATOMS id fx', 'ITEM: ATOMS'), /^bad\.dump:9: dump columns: expected column names/],
    ['a negative atom count', good.replace('ATOMS\n2', 'ATOMS\n-2'), /^bad\.dump:4: number of atoms: expected a count >= 0, found -2/],
  ];
  for (const [what, text, message] of cases) {
    test(what, () => {
      const path = text.includes('xy') ? 'tri.dump' : 'bad.dump';
      expect(() => parseDump(text, path)).toThrowError(message);
    });
  }
});
