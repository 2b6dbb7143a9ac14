// Readers for EAM potential files: DYNAMO funcfl (pair_style eam), setfl (eam/alloy) and Finnis–Sinclair
// (eam/fs), laid out and tokenised as LAMMPS 29Sep2021 reads them (src/MANYBODY/pair_eam*.cpp read_file,
// src/text_file_reader.cpp next_values/next_dvector). Pure functions text → data; errors name file and line.

import { inputError, parseInteger } from '../errors.js';

export interface FuncflFile {
  path: string;
  comment: string;
  atomicNumber: number;
  mass: number;
  /** Lattice constant (Å) and lattice type as written on line 2; NaN and '' when the file omits them (LAMMPS ignores both). */
  lattice: number;
  latticeType: string;
  nrho: number;
  drho: number;
  nr: number;
  dr: number;
  cut: number;
  /** F(rho_k), rho_k = k·drho, k = 0..nrho-1 (eV). */
  frho: Float64Array;
  /** Z(r_k), r_k = k·dr (effective charge, e); the pair term is 27.2·0.529·Zi·Zj/r. */
  zr: Float64Array;
  /** rho(r_k). */
  rhor: Float64Array;
  warnings: string[];
}

export interface SetflFile {
  path: string;
  kind: 'setfl' | 'fs';
  comments: string[];
  elements: string[];
  nrho: number;
  drho: number;
  nr: number;
  dr: number;
  cut: number;
  atomicNumber: number[];
  mass: number[];
  /** Per element; NaN and '' where the element line omits them (LAMMPS ignores both). */
  lattice: number[];
  latticeType: string[];
  /** F(rho) per element. */
  frho: Float64Array[];
  /** setfl: rhor[a][0] is element a's density; fs: rhor[a][b] is the density an atom of element a deposits at a host of element b. */
  rhor: Float64Array[][];
  /** r·phi(r) (eV·Å) for the lower triangle: z2r[i][j], j <= i. */
  z2r: Float64Array[][];
  warnings: string[];
}

// utils::is_double of later LAMMPS versions; 29Sep2021 accepts any run of [0-9+-.eE] and atof's prefix
// ("1.2.3" as 1.2), which we reject. Like LAMMPS we reject Fortran 'D' exponents, hex, inf and nan.
export const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const WORD_SEPARATORS = /[ \t\r\n\f\v]+/;
const INT_MAX = 2147483647;
const FILE_KIND = 'EAM potential file';

interface Token {
  text: string;
  line: number;
}

/** Line-oriented cursor with LAMMPS TextFileReader semantics: '#' starts a comment in data lines, blank lines are skipped. */
class PotentialText {
  private readonly lines: string[];
  private next = 0;
  readonly warnings: string[] = [];

  constructor(text: string, readonly path: string) {
    this.lines = text.split('\n');
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
  }

  private get lastLine(): number {
    return Math.max(this.lines.length, 1);
  }

  private words(index: number): Token[] {
    const raw = this.lines[index];
    const hash = raw.indexOf('#');
    const text = hash >= 0 ? raw.slice(0, hash) : raw;
    return text.split(WORD_SEPARATORS).filter((w) => w !== '').map((w) => ({ text: w, line: index + 1 }));
  }

  /** A raw line, comment or not (LAMMPS skip_line). */
  skipLine(what: string): string {
    if (this.next >= this.lines.length) {
      throw inputError(this.path, this.lastLine, `Missing line in ${FILE_KIND}`, what, 'end of file');
    }
    return this.lines[this.next++].replace(/\r$/, '');
  }

  /** Words of the next non-blank line, joined with following lines until there are at least n (LAMMPS next_values). */
  values(n: number, what: string): Token[] {
    const tokens: Token[] = [];
    while (tokens.length === 0 || tokens.length < n) {
      if (this.next >= this.lines.length) {
        const found = tokens.length === 0 ? 'end of file' : `${tokens.length} value(s) before end of file`;
        throw inputError(this.path, this.lastLine, `Incorrect format in ${FILE_KIND}: ${what}`, `${n} value(s)`, found);
      }
      tokens.push(...this.words(this.next++));
    }
    const spanned = new Set(tokens.map((t) => t.line)).size;
    if (spanned > 1) {
      this.warnings.push(`${this.path}:${tokens[0].line}: ${what} continues over ${spanned} lines (read as LAMMPS does, up to line ${this.next})`);
    }
    return tokens;
  }

  /** n numbers over as many lines as needed, each table starting on a new line (LAMMPS next_dvector). */
  table(n: number, what: string): Float64Array {
    // filled as read, so a count larger than the file allocates nothing before the error
    const out: number[] = [];
    let i = 0;
    while (i < n) {
      if (this.next >= this.lines.length) {
        throw inputError(this.path, this.lastLine, `Incorrect format in ${FILE_KIND}: ${what} ends early`, `${n} values`, `${i} before end of file`);
      }
      const words = this.words(this.next++);
      let w = 0;
      for (; w < words.length && i < n; w++, i++) out.push(floatToken(words[w], this.path, `${what}, value ${i + 1} of ${n}`));
      if (w < words.length) {
        const extra = words.slice(w).map((t) => t.text);
        this.warnings.push(`${this.path}:${words[w].line}: ${extra.length} extra value(s) after the ${n} of ${what} ignored, as LAMMPS does: ${extra.slice(0, 3).join(' ')}${extra.length > 3 ? ' …' : ''}`);
      }
    }
    return Float64Array.from(out);
  }

  /** Warn about anything but blank and comment lines after the last table (LAMMPS stops reading there). */
  finish(): void {
    for (let k = this.next; k < this.lines.length; k++) {
      if (this.words(k).length > 0) {
        this.warnings.push(`${this.path}:${k + 1}: text after the last table ignored, as LAMMPS does (${this.lines.length - k} line(s) from here)`);
        return;
      }
    }
  }
}

function floatToken(t: Token, path: string, what: string): number {
  const v = FLOAT.test(t.text) ? Number(t.text) : Number.NaN;
  if (!Number.isFinite(v)) {
    throw inputError(path, t.line, `Not a valid floating-point number in ${FILE_KIND}: ${what}`, 'a decimal number such as -1.5e-3', `'${t.text}'`);
  }
  return v;
}

function countToken(t: Token, path: string, what: string, min: number): number {
  const v = parseInteger(t.text, path, t.line, `${what} in ${FILE_KIND}`);
  if (v < min || v > INT_MAX) throw inputError(path, t.line, `Invalid ${FILE_KIND}: ${what}`, `an integer >= ${min}`, `'${t.text}'`);
  return v;
}

function positiveToken(t: Token, path: string, what: string): number {
  const v = floatToken(t, path, what);
  if (!(v > 0)) throw inputError(path, t.line, `Invalid ${FILE_KIND}: ${what}`, 'a positive number', `'${t.text}'`);
  return v;
}

interface Grid {
  nrho: number;
  drho: number;
  nr: number;
  dr: number;
  cut: number;
}

/** `Nrho drho Nr dr cutoff`; minPoints is what the later spline and regridding need. */
function readGrid(src: PotentialText, minPoints: number): Grid {
  const what = 'grid line (Nrho drho Nr dr cutoff)';
  const v = src.values(5, what);
  if (v.length > 5) src.warnings.push(`${src.path}:${v[5].line}: ${v.length - 5} extra value(s) on the ${what} ignored, as LAMMPS does`);
  return {
    nrho: countToken(v[0], src.path, 'Nrho (number of density points)', minPoints),
    drho: positiveToken(v[1], src.path, 'drho (density spacing)'),
    nr: countToken(v[2], src.path, 'Nr (number of distance points)', minPoints),
    dr: positiveToken(v[3], src.path, 'dr (distance spacing)'),
    cut: positiveToken(v[4], src.path, 'cutoff'),
  };
}

interface ElementHeader {
  atomicNumber: number;
  mass: number;
  lattice: number;
  latticeType: string;
}

/** `Z mass [lattice latticeType]`: LAMMPS reads Z and mass only. */
function readElementHeader(src: PotentialText, what: string): ElementHeader {
  const v = src.values(2, what);
  const atomicNumber = parseInteger(v[0].text, src.path, v[0].line, `atomic number on the ${what} in ${FILE_KIND}`);
  const mass = positiveToken(v[1], src.path, `mass on the ${what}`);
  let lattice = Number.NaN;
  let latticeType = '';
  if (v.length >= 4 && FLOAT.test(v[2].text)) {
    lattice = Number(v[2].text);
    latticeType = v[3].text;
  } else {
    src.warnings.push(`${src.path}:${v[0].line}: ${what} has no 'lattice-constant lattice-type' after Z and mass (LAMMPS does not use them)`);
  }
  return { atomicNumber, mass, lattice, latticeType };
}

/** DYNAMO funcfl file for pair_style eam: comment, `Z mass a lattice`, grid, then F(rho), Z(r), rho(r). */
export function readFuncfl(text: string, path: string): FuncflFile {
  const src = new PotentialText(text, path);
  const comment = src.skipLine('a comment line (line 1)');
  const head = readElementHeader(src, 'element line (Z mass lattice-constant lattice-type)');
  // the 4-point Lagrange regridding (PairEAM::file2array) reads 4 consecutive points
  const grid = readGrid(src, 4);
  const frho = src.table(grid.nrho, 'F(rho) table');
  const zr = src.table(grid.nr, 'Z(r) table');
  const rhor = src.table(grid.nr, 'rho(r) table');
  src.finish();
  return { path, comment, ...head, ...grid, frho, zr, rhor, warnings: src.warnings };
}

function readMultiElement(text: string, path: string, kind: 'setfl' | 'fs'): SetflFile {
  const src = new PotentialText(text, path);
  const comments = [1, 2, 3].map((k) => src.skipLine(`comment line ${k} of 3`));
  const elementLine = src.values(1, 'element line (N El1 ... ElN)');
  const count = countToken(elementLine[0], src.path, 'number of elements', 1);
  if (elementLine.length !== count + 1) {
    throw inputError(path, elementLine[0].line, `Incorrect element names in ${FILE_KIND}`, `${count} element name(s) after the count ${count}`,
      `${elementLine.length - 1}${elementLine.length > 1 ? ` (${elementLine.slice(1).map((t) => t.text).join(' ')})` : ''}`);
  }
  const elements = elementLine.slice(1).map((t) => t.text);
  // PairEAM::interpolate reads 3 consecutive points
  const grid = readGrid(src, 3);
  const atomicNumber: number[] = [], mass: number[] = [], lattice: number[] = [], latticeType: string[] = [];
  const frho: Float64Array[] = [], rhor: Float64Array[][] = [], z2r: Float64Array[][] = [];
  for (const el of elements) {
    const head = readElementHeader(src, `line of element ${el} (Z mass lattice-constant lattice-type)`);
    atomicNumber.push(head.atomicNumber);
    mass.push(head.mass);
    lattice.push(head.lattice);
    latticeType.push(head.latticeType);
    frho.push(src.table(grid.nrho, `F(rho) table of element ${el}`));
    if (kind === 'setfl') rhor.push([src.table(grid.nr, `rho(r) table of element ${el}`)]);
    else rhor.push(elements.map((host) => src.table(grid.nr, `rho(r) table of element ${el} at host element ${host}`)));
  }
  for (let i = 0; i < elements.length; i++) {
    const row: Float64Array[] = [];
    for (let j = 0; j <= i; j++) row.push(src.table(grid.nr, `r*phi(r) table of elements ${elements[i]}-${elements[j]}`));
    z2r.push(row);
  }
  src.finish();
  return { path, kind, comments, elements, ...grid, atomicNumber, mass, lattice, latticeType, frho, rhor, z2r, warnings: src.warnings };
}

/** DYNAMO setfl file for pair_style eam/alloy. */
export function readSetfl(text: string, path: string): SetflFile {
  return readMultiElement(text, path, 'setfl');
}

/** Finnis–Sinclair setfl variant for pair_style eam/fs: one density table per (element, host element). */
export function readFs(text: string, path: string): SetflFile {
  return readMultiElement(text, path, 'fs');
}
