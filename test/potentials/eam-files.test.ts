// EAM file readers: the LAMMPS potential files read back value for value, and broken copies rejected with
// the file, the line, what was expected and what was found.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { EctmdError } from '../../host/errors.js';
import { readFs, readFuncfl, readSetfl, type SetflFile } from '../../host/potentials/eam-files.js';
import { potential, potentialDir } from './lammps-potentials.js';

/** Every whitespace-separated word from line `from` (1-based) on, numbers as numbers. */
function wordsFrom(text: string, from: number): (number | string)[] {
  return text.split('\n').slice(from - 1).join(' ').split(/\s+/).filter((w) => w !== '')
    .map((w) => (Number.isNaN(Number(w)) ? w : Number(w)));
}

/** The body of a setfl/fs file in file order, rebuilt from what the reader returned. */
function setflBody(f: SetflFile): (number | string)[] {
  const out: (number | string)[] = [];
  f.elements.forEach((_, e) => {
    out.push(f.atomicNumber[e], f.mass[e], f.lattice[e], f.latticeType[e], ...f.frho[e]);
    for (const table of f.rhor[e]) out.push(...table);
  });
  for (const row of f.z2r) for (const table of row) out.push(...table);
  return out;
}

/** The EctmdError a reader throws; anything else (or no error) fails the test. */
function failure(read: () => unknown): EctmdError {
  try {
    read();
  } catch (err) {
    if (err instanceof EctmdError) return err;
    throw err;
  }
  throw new Error('the reader accepted a broken file');
}

function firstDifference(a: (number | string)[], b: (number | string)[]): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  return a.findIndex((v, k) => v !== b[k]);
}

describe.skipIf(potentialDir === null)('the LAMMPS potential files read back value for value', () => {
  test('Cu_u3.eam (funcfl): header from lines 2-3, then F(rho), Z(r), rho(r) and nothing else', () => {
    const { path, text } = potential('Cu_u3.eam');
    const f = readFuncfl(text, path);
    const lines = text.split('\n');
    expect(f.comment).toBe(lines[0].replace(/\r$/, ''));
    expect([f.atomicNumber, f.mass, f.lattice, f.latticeType]).toEqual(wordsFrom(lines[1], 1));
    expect([f.nrho, f.drho, f.nr, f.dr, f.cut]).toEqual(wordsFrom(lines[2], 1));
    expect(f.frho.length).toBe(f.nrho);
    expect(f.zr.length).toBe(f.nr);
    expect(firstDifference([...f.frho, ...f.zr, ...f.rhor], wordsFrom(text, 4))).toBe(-1);
    expect(f.warnings).toEqual([]);
  });

  test('Ni_u3.eam (funcfl) reads without warnings into tables of the announced sizes', () => {
    const { path, text } = potential('Ni_u3.eam');
    const f = readFuncfl(text, path);
    expect([f.frho.length, f.zr.length, f.rhor.length]).toEqual([f.nrho, f.nr, f.nr]);
    expect(firstDifference([...f.frho, ...f.zr, ...f.rhor], wordsFrom(text, 4))).toBe(-1);
    expect(f.warnings).toEqual([]);
  });

  test('CuNi.eam.alloy (setfl): elements in file order, one density per element, r*phi for the lower triangle', () => {
    const { path, text } = potential('CuNi.eam.alloy');
    const f = readSetfl(text, path);
    const lines = text.split('\n');
    expect(f.kind).toBe('setfl');
    expect(f.comments).toEqual(lines.slice(0, 3).map((l) => l.replace(/\r$/, '')));
    expect([f.elements.length, ...f.elements]).toEqual(wordsFrom(lines[3], 1));
    expect(f.rhor.map((block) => block.length)).toEqual([1, 1]);
    expect(f.z2r.map((row) => row.length)).toEqual([1, 2]);
    expect(firstDifference(setflBody(f), wordsFrom(text, 6))).toBe(-1);
    expect(f.warnings).toEqual([]);
  });

  test('CuZr_mm.eam.fs (Finnis–Sinclair): one density table per element pair, in block order', () => {
    const { path, text } = potential('CuZr_mm.eam.fs');
    const f = readFs(text, path);
    expect(f.kind).toBe('fs');
    expect(f.elements).toEqual(['Cu', 'Zr']);
    expect(f.rhor.map((block) => block.map((t) => t.length))).toEqual([[f.nr, f.nr], [f.nr, f.nr]]);
    expect(firstDifference(setflBody(f), wordsFrom(text, 6))).toBe(-1);
    expect(f.warnings).toEqual([]);
  });
});

describe.skipIf(potentialDir === null)('broken copies are rejected naming file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-eam-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Write `name` into the temp dir as the LAMMPS file `source` with its lines edited, and read it back. */
  function brokenCopy(name: string, source: string, edit: (lines: string[]) => string[]): { path: string; text: string } {
    const path = join(dir, name);
    writeFileSync(path, edit(potential(source).text.split('\n')).join('\n'));
    return { path, text: readFileSync(path, 'utf8') };
  }

  function replaceFirstWord(lines: string[], lineNo: number, word: string): string[] {
    return lines.map((l, k) => (k === lineNo - 1 ? l.replace(/\S+/, word) : l));
  }

  test('a funcfl file cut short inside F(rho) names its last line and the values found', () => {
    const { path, text } = brokenCopy('truncated.eam', 'Cu_u3.eam', (l) => l.slice(0, 50));
    const err = failure(() => readFuncfl(text, path));
    expect(err.file).toBe(path);
    expect(err.line).toBe(50);
    expect(err.message).toBe(`${path}:50: Incorrect format in EAM potential file: F(rho) table ends early: expected 500 values, found 235 before end of file`);
  });

  test.each(['abc', '-1.5D+00', '1.2.3', 'nan', 'inf', '0x10', '1e400'])('a table value %s is not a number LAMMPS-style files may hold', (word) => {
    const { path, text } = brokenCopy('bad-number.eam', 'Cu_u3.eam', (l) => replaceFirstWord(l, 10, word));
    const err = failure(() => readFuncfl(text, path));
    expect(err.line).toBe(10);
    expect(err.message).toContain(`${path}:10: Not a valid floating-point number in EAM potential file: F(rho) table, value 31 of 500`);
    expect(err.message).toContain(`found '${word}'`);
  });

  test('the number of elements must match the names that follow it', () => {
    const { path, text } = brokenCopy('count.eam.alloy', 'CuNi.eam.alloy', (l) => replaceFirstWord(l, 4, '3'));
    const err = failure(() => readSetfl(text, path));
    expect(err.message).toBe(`${path}:4: Incorrect element names in EAM potential file: expected 3 element name(s) after the count 3, found 2 (Ni Cu)`);
  });

  test('a grid with no density points is invalid', () => {
    const { path, text } = brokenCopy('nrho.eam', 'Cu_u3.eam', (l) => replaceFirstWord(l, 3, '0'));
    expect(failure(() => readFuncfl(text, path)).message).toBe(`${path}:3: Invalid EAM potential file: Nrho (number of density points): expected an integer >= 4, found '0'`);
  });

  test('a point count far beyond the file reports the shortfall instead of allocating it', () => {
    const { path, text } = brokenCopy('huge.eam', 'Cu_u3.eam', (l) => replaceFirstWord(l, 3, '2000000000'));
    expect(failure(() => readFuncfl(text, path)).message).toMatch(/F\(rho\) table ends early: expected 2000000000 values, found \d+ before end of file$/);
  });

  test('a negative distance spacing is invalid', () => {
    const { path, text } = brokenCopy('dr.eam.alloy', 'CuNi.eam.alloy', (l) => l.map((s, k) => (k === 4 ? s.replace(/(\S+\s+\S+\s+\S+\s+)(\S+)/, '$1-$2') : s)));
    const err = failure(() => readSetfl(text, path));
    expect(err.line).toBe(5);
    expect(err.message).toMatch(/Invalid EAM potential file: dr \(distance spacing\): expected a positive number, found '-/);
  });

  test('a setfl file missing the end of its last r*phi table names that table', () => {
    const { path, text } = brokenCopy('short.eam.alloy', 'CuNi.eam.alloy', (l) => l.slice(0, l.length - 10));
    const err = failure(() => readSetfl(text, path));
    expect(err.message).toMatch(new RegExp(`^${path}:\\d+: Incorrect format in EAM potential file: r\\*phi\\(r\\) table of elements Cu-Cu ends early: expected 500 values, found \\d+ before end of file$`));
  });

  test('an eam/fs file read as eam/alloy fails where the second element line should be, inside a density table', () => {
    const { path, text } = potential('CuZr_mm.eam.fs');
    const err = failure(() => readSetfl(text, path));
    expect(err.message).toMatch(/:\d+: atomic number on the line of element Zr .* expected an integer, found "[-+.\dE]+"$/);
    expect(text.split('\n')[err.line! - 1]).toMatch(/^\s*[-+.\dE]+\s+[-+.\dE]+/);
  });
});

describe('what LAMMPS accepts in a file is read, with a warning where something is ignored', () => {
  const HEAD = 'test funcfl\n29 63.55 3.615 FCC\n5 0.1 5 0.5 2.0\n';
  const TABLES = '0 -1 -1.5 -1.8 -2\n1 0.8 0.5 0.2 0\n0.1 0.08 0.05 0.02 0\n';

  test('values after the end of a table on its last line are dropped and the next table starts on the next line', () => {
    const f = readFuncfl(HEAD + '0 -1 -1.5\n-1.8 -2 7 8\n1 0.8 0.5 0.2 0\n0.1 0.08 0.05 0.02 0\n', 'extra.eam');
    expect([...f.frho]).toEqual([0, -1, -1.5, -1.8, -2]);
    expect([...f.zr]).toEqual([1, 0.8, 0.5, 0.2, 0]);
    expect(f.warnings).toEqual(['extra.eam:5: 2 extra value(s) after the 5 of F(rho) table ignored, as LAMMPS does: 7 8']);
  });

  test('comments, blank lines and exponents of every decimal form are read as LAMMPS reads them', () => {
    const f = readFuncfl(HEAD + '0 -1 -1.5 # F\n\n-1.8E+00 -.2e1\n1 0.8 +.5 2e-1 0.\n0.1 0.08 0.05 0.02 0\n', 'forms.eam');
    expect([...f.frho]).toEqual([0, -1, -1.5, -1.8, -2]);
    expect([...f.zr]).toEqual([1, 0.8, 0.5, 0.2, 0]);
    expect(f.warnings).toEqual([]);
  });

  test('an element line without lattice constant and type is read, and says so', () => {
    const f = readFuncfl('c\n29 63.55\n5 0.1 5 0.5 2.0\n' + TABLES, 'nolattice.eam');
    expect(f.mass).toBe(63.55);
    expect(Number.isNaN(f.lattice)).toBe(true);
    expect(f.latticeType).toBe('');
    expect(f.warnings).toEqual(["nolattice.eam:2: element line (Z mass lattice-constant lattice-type) has no 'lattice-constant lattice-type' after Z and mass (LAMMPS does not use them)"]);
  });

  test('a grid line split over two lines is joined as LAMMPS joins it, with a warning', () => {
    const f = readFuncfl('c\n29 63.55 3.615 FCC\n5 0.1 5\n0.5 2.0\n' + TABLES, 'split.eam');
    expect([f.nrho, f.drho, f.nr, f.dr, f.cut]).toEqual([5, 0.1, 5, 0.5, 2.0]);
    expect(f.warnings).toEqual(['split.eam:3: grid line (Nrho drho Nr dr cutoff) continues over 2 lines (read as LAMMPS does, up to line 4)']);
  });

  test('text after the last table is ignored with a warning', () => {
    const f = readFuncfl(HEAD + TABLES + '\n9 9 9\n', 'trailing.eam');
    expect(f.warnings).toEqual(['trailing.eam:8: text after the last table ignored, as LAMMPS does (1 line(s) from here)']);
  });

  test('a file that ends after its comment names the missing element line', () => {
    expect(failure(() => readFuncfl('only a comment\n', 'empty.eam')).message).toBe(
      'empty.eam:1: Incorrect format in EAM potential file: element line (Z mass lattice-constant lattice-type): expected 2 value(s), found end of file');
  });

  test('a fractional atomic number is rejected', () => {
    expect(() => readFuncfl('c\n29.0 63.55 3.615 FCC\n5 0.1 5 0.5 2.0\n' + TABLES, 'z.eam')).toThrowError(/^z\.eam:2: atomic number .*: expected an integer, found "29\.0"$/);
  });
});
