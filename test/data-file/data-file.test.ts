// LAMMPS data files: a write/read cycle is bitwise, files written by lmp read back exactly what LAMMPS held
// (and re-write to the same text), LAMMPS reads what we write, and every malformed file names file, line,
// what was expected and what was found.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EctmdError } from '../../host/errors.js';
import { readDataFile, writeDataFile, type DataFile } from '../../host/io/data-file.js';
import { lmpPath, referenceDir, runLammps } from '../helpers/lammps.js';
import { parseDump } from '../setup/lammps-oracle.js';

/** Awkward doubles: every decade of the range, subnormals, -0, and values whose shortest form has 17 digits. */
function awkward(count: number, seed: number): Float64Array {
  const specials = [-0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1 + 0.2, 1e16, 1e15, 1e-5, 1e-4, -1 / 3, 2 ** -30];
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = i < specials.length ? specials[i] : Math.sin(seed + 7.3 * i) * 10 ** (((i * 37) % 617) - 308);
  }
  return out;
}

function sample(style: 'atomic' | 'charge', triclinic: boolean, velocities: boolean): DataFile {
  const n = 40;
  return {
    title: 'ectmd test system # with a hash in the title',
    natoms: n, ntypes: 3,
    lo: [-0, -1.5, 1e-17], hi: [10.1, 0.1 + 0.2, 7 / 3],
    tilt: triclinic ? { xy: 0.1 + 0.7, xz: -1e-20, yz: 1.2149999999999999 } : null,
    masses: new Map([[1, 26.98], [2, 1 / 3], [3, 1e-5]]),
    style,
    tag: Int32Array.from({ length: n }, (_, i) => (i * 17) % 41 + 1),
    type: Int32Array.from({ length: n }, (_, i) => (i % 3) + 1),
    q: style === 'charge' ? awkward(n, 3) : null,
    x: awkward(3 * n, 1),
    image: Int32Array.from({ length: 3 * n }, (_, i) => ((i * 5) % 7) - 3),
    v: velocities ? awkward(3 * n, 2) : null,
  };
}

function sameBits(a: ArrayLike<number> | null, b: ArrayLike<number> | null): void {
  expect(a === null).toBe(b === null);
  if (a === null || b === null) return;
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect([i, b[i]]).toEqual([i, a[i]]);
}

describe('write then read is exact', () => {
  test.each([
    ['atomic', false, false],
    ['atomic', true, true],
    ['charge', false, true],
    ['charge', true, true],
  ] as const)('%s, triclinic %s, velocities %s: same text and the same bits', (style, triclinic, velocities) => {
    const d = sample(style, triclinic, velocities);
    const text = writeDataFile(d);
    const back = readDataFile(text, 'rt.data', style);
    expect(writeDataFile(back)).toBe(text);
    expect(back.title).toBe(d.title);
    expect([back.natoms, back.ntypes, back.style]).toEqual([d.natoms, d.ntypes, d.style]);
    sameBits(back.lo, d.lo);
    sameBits(back.hi, d.hi);
    sameBits(back.tilt && [back.tilt.xy, back.tilt.xz, back.tilt.yz], d.tilt && [d.tilt.xy, d.tilt.xz, d.tilt.yz]);
    expect([...back.masses]).toEqual([...d.masses]);
    expect([...back.tag]).toEqual([...d.tag]);
    expect([...back.type]).toEqual([...d.type]);
    expect([...back.image]).toEqual([...d.image]);
    sameBits(back.q, d.q);
    sameBits(back.x, d.x);
    sameBits(back.v, d.v);
  });

  test('the layout is that of write_data: "Atoms # style", image flags on every atom', () => {
    const lines = writeDataFile(sample('charge', true, true)).split('\n');
    expect(lines.slice(1, 4)).toEqual(['', '40 atoms', '3 atom types']);
    expect(lines).toContain('Atoms # charge');
    expect(lines).toContain('Velocities');
    const firstAtom = lines[lines.indexOf('Atoms # charge') + 2].split(' ');
    expect(firstAtom.length).toBe(9);
  });

  test('image flags are optional and default to zero; comments and blank lines are skipped', () => {
    const d = readDataFile([
      'two atoms', '', '  2 atoms   # count', '1 atom types', '0 4 xlo xhi', '0 4   ylo yhi', '0 4 zlo zhi', '',
      'Atoms # atomic', '', '7 1 1.0 1.5 2.0  # first', '', '3 1 3 3 3', '',
    ].join('\n'), 'plain.data', 'atomic');
    expect([...d.tag]).toEqual([7, 3]);
    expect([...d.image]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([...d.x]).toEqual([1, 1.5, 2, 3, 3, 3]);
    expect(d.v).toBeNull();
    expect(d.masses.size).toBe(0);
  });

  test('zero bond and angle counts are accepted', () => {
    const d = readDataFile(['t', '1 atoms', '1 atom types', '0 bonds', '0 angles', '0 bond types', '0 extra bond per atom',
      '0 1 xlo xhi', '0 1 ylo yhi', '0 1 zlo zhi', '', 'Atoms', '', '1 1 0.5 0.5 0.5'].join('\n'), 'z.data', 'atomic');
    expect(d.natoms).toBe(1);
  });
});

describe('agreement with LAMMPS', () => {
  test('the shared data.streitz (charge, no masses) reads whole', () => {
    const text = readFileSync(join(referenceDir(), 'data.streitz'), 'utf8');
    const d = readDataFile(text, 'data.streitz', 'charge');
    const atomLines = text.split('\n').filter((l) => /^\s*\d+\s+\d+\s+\S+\s+\S+\s+\S+\s+\S+\s*$/.test(l));
    expect(d.natoms).toBe(atomLines.length);
    expect(new Set(d.tag).size).toBe(d.natoms);
    expect(d.q).not.toBeNull();
  });

  const deck = `
units metal
atom_style charge
lattice fcc 4.05
region b prism 0 2 0 2 0 2 0.5 0.3 -0.2
create_box 2 b
create_atoms 1 box
set group all type/fraction 2 0.5 123
set type 1 charge 0.5
set type 2 charge -0.5
mass 1 26.98
mass 2 15.999
displace_atoms all random 0.4 0.4 0.4 777 units box
velocity all create 300 4928 loop geom
velocity all set 0.0001 -0.0 1e16 sum yes
write_data lmp.data
write_dump all custom lmp.dump id type q x y z ix iy iz vx vy vz modify sort id format float %.17g
print "BOX $(xlo) $(xhi) $(ylo) $(yhi) $(zlo) $(zhi) $(xy) $(xz) $(yz)"
`;

  test.skipIf(lmpPath() === null)('a triclinic charged data file written by lmp reads back what LAMMPS held, and re-writes to the same text', async () => {
    const run = (await runLammps(deck, {}))!;
    const text = readFileSync(join(run.dir, 'lmp.data'), 'utf8');
    const d = readDataFile(text, 'lmp.data', 'charge');
    expect(writeDataFile(d)).toBe(text);

    const box = run.log.split('\n').find((l) => l.startsWith('BOX '))!.split(' ').slice(1).map(Number);
    expect([d.lo[0], d.hi[0], d.lo[1], d.hi[1], d.lo[2], d.hi[2]]).toEqual(box.slice(0, 6));
    expect(d.tilt).toEqual({ xy: box[6], xz: box[7], yz: box[8] });
    expect([...d.masses]).toEqual([[1, 26.98], [2, 15.999]]);

    const dump = parseDump(readFileSync(join(run.dir, 'lmp.dump'), 'utf8'));
    expect(d.natoms).toBe(dump.natoms);
    const row = new Map(dump.col('id').map((id, r) => [id, r]));
    const col = (name: string) => dump.col(name);
    const columns = { type: col('type'), q: col('q'), x: col('x'), y: col('y'), z: col('z'), ix: col('ix'), iy: col('iy'), iz: col('iz'), vx: col('vx'), vy: col('vy'), vz: col('vz') };
    let crossed = 0;
    for (let i = 0; i < d.natoms; i++) {
      const r = row.get(d.tag[i])!;
      expect([d.type[i], d.q![i]]).toEqual([columns.type[r], columns.q[r]]);
      expect([d.x[3 * i], d.x[3 * i + 1], d.x[3 * i + 2]]).toEqual([columns.x[r], columns.y[r], columns.z[r]]);
      expect([d.image[3 * i], d.image[3 * i + 1], d.image[3 * i + 2]]).toEqual([columns.ix[r], columns.iy[r], columns.iz[r]]);
      expect([d.v![3 * i], d.v![3 * i + 1], d.v![3 * i + 2]]).toEqual([columns.vx[r], columns.vy[r], columns.vz[r]]);
      if (d.image[3 * i] !== 0 || d.image[3 * i + 1] !== 0 || d.image[3 * i + 2] !== 0) crossed++;
    }
    expect(crossed).toBeGreaterThan(0);
  });

  test.skipIf(lmpPath() === null)('lmp reads a file we write and writes it back unchanged', async () => {
    const n = 30;
    const ours = writeDataFile({
      title: 'written by ectmd', natoms: n, ntypes: 2, lo: [-1.25, 0, 0.1 + 0.2], hi: [7.5, 6 + 1 / 3, 9], tilt: null,
      masses: new Map([[1, 26.98], [2, 15.999]]), style: 'charge',
      tag: Int32Array.from({ length: n }, (_, i) => n - i), type: Int32Array.from({ length: n }, (_, i) => 1 + (i % 2)),
      q: Float64Array.from({ length: n }, (_, i) => Math.cos(i) / 3),
      x: Float64Array.from({ length: 3 * n }, (_, k) => [-1.25, 0, 0.3][k % 3] + (0.5 + 0.49 * Math.sin(k * 1.7)) * [8.75, 6.3, 8.7][k % 3]),
      image: Int32Array.from({ length: 3 * n }, (_, k) => (k % 5) - 2),
      v: Float64Array.from({ length: 3 * n }, (_, k) => Math.sin(k) * 10 ** ((k % 9) - 6)),
    });
    const run = (await runLammps('units metal\natom_style charge\nread_data ours.data\nwrite_data back.data\n', { 'ours.data': ours }))!;
    const back = readFileSync(join(run.dir, 'back.data'), 'utf8');
    expect(back.split('\n').slice(1)).toEqual(ours.split('\n').slice(1));
  });
});

describe('malformed files name file, line, expected and found', () => {
  const header = ['title', '', '2 atoms', '2 atom types', '0 1 xlo xhi', '0 1 ylo yhi', '0 1 zlo zhi', ''];
  const atoms = ['Atoms', '', '1 1 0.5 0.5 0.5', '2 2 0.2 0.2 0.2'];
  /** Lines 1-8 are the header, Atoms is line 9 and its data lines are 11 and 12. */
  const file = (...body: string[][]) => [...header, ...body.flat()].join('\n') + '\n';

  test.each([
    ['wrong column count on the first atom', file(['Atoms', '', '1 1 0.5 0.5 0.5 0', '2 2 0.2 0.2 0.2 0']), 'atomic', 11, /Incorrect atom format.*expected 5 or 8 columns.*found 6 columns/],
    ['image flags on only some atoms', file(['Atoms', '', '1 1 0.5 0.5 0.5', '2 2 0.2 0.2 0.2 0 0 0']), 'atomic', 12, /Incorrect atom format.*expected 5 columns as on line 11, found 8/],
    ['a charge file read as atomic', file(['Atoms', '', '1 1 0.1 0.5 0.5 0.5', '2 2 -0.1 0.2 0.2 0.2']), 'atomic', 11, /Incorrect atom format/],
    ['non-numeric coordinate', file(['Atoms', '', '1 1 0.5 abc 0.5', '2 2 0.2 0.2 0.2']), 'atomic', 11, /y coordinate.*expected a finite number, found "abc"/],
    ['nan coordinate', file(['Atoms', '', '1 1 0.5 0.5 nan', '2 2 0.2 0.2 0.2']), 'atomic', 11, /z coordinate.*found "nan"/],
    ['infinite coordinate', file(['Atoms', '', '1 1 0.5 0.5 0.5', '2 2 0.2 1e999 0.2']), 'atomic', 12, /y coordinate.*found "1e999"/],
    ['non-integer type', file(['Atoms', '', '1 1.0 0.5 0.5 0.5', '2 2 0.2 0.2 0.2']), 'atomic', 11, /Invalid atom type.*expected an integer, found "1.0"/],
    ['type above the type count', file(['Atoms', '', '1 1 0.5 0.5 0.5', '2 3 0.2 0.2 0.2']), 'atomic', 12, /Invalid atom type in Atoms section.*expected an integer in \[1, 2\], found 3/],
    ['type zero', file(['Atoms', '', '1 0 0.5 0.5 0.5', '2 2 0.2 0.2 0.2']), 'atomic', 11, /Invalid atom type/],
    ['atom ID zero', file(['Atoms', '', '0 1 0.5 0.5 0.5', '2 2 0.2 0.2 0.2']), 'atomic', 11, /Invalid atom ID in Atoms section.*found 0/],
    ['duplicate atom ID', file(['Atoms', '', '2 1 0.5 0.5 0.5', '2 2 0.2 0.2 0.2']), 'atomic', 12, /Duplicate atom IDs exist.*also on line 11.*found 2/],
    ['fewer atoms than the header, then a section', file(['Atoms', '', '1 1 0.5 0.5 0.5', '', 'Velocities', '', '1 0 0 0']), 'atomic', 13, /Atom count mismatch.*ends after 1 lines.*expected 2 atoms.*found 'Velocities'/],
    ['fewer atoms than the header, then the end', file(['Atoms', '', '1 1 0.5 0.5 0.5']), 'atomic', 11, /Atom count mismatch.*found end of file/],
    ['more atoms than the header', file(atoms, ['3 1 0.3 0.3 0.3']), 'atomic', 13, /Atom count mismatch: more lines in the Atoms section.*expected 2 atoms/],
    ['no Atoms section', file(['Masses', '', '1 1.0', '2 2.0']), 'atomic', 12, /No atoms in data file.*found no Atoms section/],
    ['unknown section', file(atoms, ['', 'Charges', '', '1 0.5']), 'atomic', 14, /Unknown identifier in data file.*found 'Charges'/],
    ['unsupported section', file(atoms, ['', 'Bonds', '', '1 1 1 2']), 'atomic', 14, /Unsupported section.*found 'Bonds'/],
    ['unknown header line', ['title', '2 atoms', '2 atom types', '0 1 xlo xhi', '0 1 ylo yhi', '0 1 zlo zhi', 'foo bar', ...atoms].join('\n'), 'atomic', 7, /Unknown identifier in data file.*found 'foo bar'/],
    ['style comment naming another style', file(['Atoms # charge', '', '1 1 0.5 0.5 0.5', '2 2 0.2 0.2 0.2']), 'atomic', 9, /Atom style in data file differs.*expected 'Atoms # atomic', found 'Atoms # charge'/],
    ['non-zero bonds', ['t', '2 atoms', '3 bonds', '2 atom types', '0 1 xlo xhi', '0 1 ylo yhi', '0 1 zlo zhi', ...atoms].join('\n'), 'atomic', 3, /Unsupported 'bonds'.*expected 0 bonds/],
    ['non-zero angle types', ['t', '2 atoms', '2 atom types', '1 angle types', '0 1 xlo xhi', '0 1 ylo yhi', '0 1 zlo zhi', ...atoms].join('\n'), 'atomic', 4, /Unsupported 'angle types'/],
    ['fractional atom count', ['t', '2.5 atoms', '2 atom types', '0 1 xlo xhi', '0 1 ylo yhi', '0 1 zlo zhi', ...atoms].join('\n'), 'atomic', 2, /Number of atoms.*expected an integer, found "2.5"/],
    ['inverted box', ['t', '2 atoms', '2 atom types', '1 0 xlo xhi', '0 1 ylo yhi', '0 1 zlo zhi', ...atoms].join('\n'), 'atomic', 4, /Box bounds are invalid.*expected xlo < xhi/],
    ['missing box line (reported where the header ends)', ['t', '2 atoms', '2 atom types', '0 1 xlo xhi', '0 1 zlo zhi', ...atoms].join('\n'), 'atomic', 6, /Box bounds are invalid or missing.*'ylo yhi'/],
    ['no atom count (reported where the header ends)', ['t', '2 atom types', '0 1 xlo xhi', '0 1 ylo yhi', '0 1 zlo zhi', '', ...atoms].join('\n'), 'atomic', 7, /Data file header has no atom count/],
    ['a header that runs to the end of the file', ['t', '2 atoms', '2 atom types', '0 1 xlo xhi', ''].join('\n'), 'atomic', 4, /Box bounds are invalid or missing.*'ylo yhi'/],
    ['an atom count the file cannot hold is refused before allocating', file(atoms).replace('2 atoms', '2147483647 atoms'), 'atomic', 3, /Atom count mismatch: expected at most \d+ atoms \(the lines left in the file\), found 2147483647/],
    ['more atom types than ectmd holds', file(atoms).replace('2 atom types', '2147483647 atom types'), 'atomic', 4, /Number of atom types in data file: expected an integer in \[1, 1000\], found 2147483647/],
    ['duplicate header line', ['t', '2 atoms', '2 atom types', '0 1 xlo xhi', '0 2 xlo xhi', '0 1 ylo yhi', '0 1 zlo zhi', ...atoms].join('\n'), 'atomic', 5, /Duplicate header line.*'xlo xhi'/],
    ['velocity for a missing atom', file(atoms, ['', 'Velocities', '', '1 0 0 0', '5 0 0 0']), 'atomic', 17, /Invalid atom ID in Velocities section.*found 5/],
    ['velocity listed twice', file(atoms, ['', 'Velocities', '', '1 0 0 0', '1 0 0 0']), 'atomic', 17, /Duplicate atom ID in Velocities/],
    ['velocity line too short', file(atoms, ['', 'Velocities', '', '1 0 0 0', '2 0 0']), 'atomic', 17, /Incorrect velocity format.*found 3 columns/],
    ['Velocities before Atoms', file(['Velocities', '', '1 0 0 0', '2 0 0 0', ''], atoms), 'atomic', 9, /Must read Atoms before Velocities/],
    ['mass for a missing type', file(['Masses', '', '1 1.0', '3 2.0', ''], atoms), 'atomic', 12, /Invalid type for mass set.*found 3/],
    ['fewer masses than atom types', file(['Masses', '', '1 1.0', '', ...atoms]), 'atomic', 13, /Atom type count mismatch: Masses section ends after 1 lines.*expected 2 atom types.*found 'Atoms'/],
    ['negative mass', file(['Masses', '', '1 1.0', '2 -2.0', ''], atoms), 'atomic', 12, /Invalid mass value.*expected a mass > 0/],
    ['charge that is not a number', file(['Atoms', '', '1 1 q 0.5 0.5 0.5', '2 2 0.1 0.2 0.2 0.2']), 'charge', 11, /Atom charge.*found "q"/],
  ] as const)('%s', (_name, text, style, line, message) => {
    let error: unknown;
    try {
      readDataFile(text, 'bad.data', style);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EctmdError);
    const e = error as EctmdError;
    expect(e.file).toBe('bad.data');
    expect(e.line).toBe(line);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/expected .+, found .+/);
  });
});
