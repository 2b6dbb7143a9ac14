// LAMMPS data files for atom_style atomic and charge: the reader follows src/read_data.cpp (title line, header
// counts and box, Masses / Atoms / Velocities sections, optional image flags) and the writer the layout of
// src/write_data.cpp, with every real number in its shortest round-trip form so a write/read cycle is bitwise.

import { MAX_ATOM_TYPES } from '../system/atoms.js';
import { EctmdError, inputError, parseFiniteFloat, parseInteger } from '../errors.js';

export type DataStyle = 'atomic' | 'charge';

export interface DataFile {
  title: string;
  natoms: number;
  ntypes: number;
  lo: [number, number, number];
  hi: [number, number, number];
  tilt: { xy: number; xz: number; yz: number } | null;
  masses: Map<number, number>;
  style: DataStyle;
  tag: Int32Array;
  type: Int32Array;
  q: Float64Array | null;
  /** x[3*i+k], in file order */
  x: Float64Array;
  /** image flags, 3 per atom; zero when the file has none */
  image: Int32Array;
  /** velocities, 3 per atom, by the same order as tag; null when the file has no Velocities section */
  v: Float64Array | null;
}

const INT32_MAX = 2147483647;

/** Header counts of topology LAMMPS allows only for molecular or extended atom styles. */
const ZERO_ONLY_COUNTS = /^(\S+)\s+(bonds|angles|dihedrals|impropers|ellipsoids|lines|triangles|bodies|bond types|angle types|dihedral types|improper types|extra (?:bond|angle|dihedral|improper|special) per atom)$/;

/** Sections LAMMPS knows that atomic/charge data files cannot use here. */
const UNSUPPORTED_SECTIONS = new Set([
  'Bonds', 'Angles', 'Dihedrals', 'Impropers', 'Ellipsoids', 'Lines', 'Triangles', 'Bodies', 'Pair Coeffs',
  'PairIJ Coeffs', 'Bond Coeffs', 'Angle Coeffs', 'Dihedral Coeffs', 'Improper Coeffs',
]);

interface Line {
  /** 1-based line number in the file */
  no: number;
  words: string[];
}

/** Strip a '#' comment and surrounding blanks. */
function content(raw: string): string {
  const hash = raw.indexOf('#');
  return (hash < 0 ? raw : raw.slice(0, hash)).trim();
}

export function readDataFile(text: string, path: string, style: DataStyle): DataFile {
  const raw = text.split(/\r?\n/);
  const fail = (no: number | undefined, what: string, expected: string, found: string): EctmdError => inputError(path, no, what, expected, found);
  const int = (w: string, no: number, what: string, lo: number, hi: number): number => {
    const v = parseInteger(w, path, no, what);
    if (v < lo || v > hi) throw fail(no, what, `an integer in [${lo}, ${hi}]`, w);
    return v;
  };
  const real = (w: string, no: number, what: string): number => parseFiniteFloat(w, path, no, what);

  // Header: after the title line, count and box lines until the first section keyword.
  let natoms: number | undefined;
  let natomsLine = 0;
  let ntypes: number | undefined;
  const bounds: ([number, number] | undefined)[] = [undefined, undefined, undefined];
  let tilt: DataFile['tilt'] = null;
  const seen = new Set<string>();
  let k = 1;
  for (; k < raw.length; k++) {
    const c = content(raw[k]).replace(/\s+/g, ' ');
    if (c === '') continue;
    const no = k + 1;
    const words = c.split(/\s+/);
    const once = (keyword: string): void => {
      if (seen.has(keyword)) throw fail(no, 'Duplicate header line in data file', `one '${keyword}' line`, `'${c}'`);
      seen.add(keyword);
    };
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+atoms$/.exec(c))) {
      once('atoms');
      natoms = int(m[1], no, 'Number of atoms in data file', 0, INT32_MAX);
      natomsLine = no;
    } else if ((m = /^(\S+)\s+atom types$/.exec(c))) {
      once('atom types');
      ntypes = int(m[1], no, 'Number of atom types in data file', 1, MAX_ATOM_TYPES);
    } else if ((m = ZERO_ONLY_COUNTS.exec(c))) {
      if (int(m[1], no, `Number of ${m[2]} in data file`, 0, INT32_MAX) !== 0) {
        throw fail(no, `Unsupported '${m[2]}' in data file (no ${m[2]} allowed with atom style ${style})`, `0 ${m[2]}`, `'${c}'`);
      }
    } else if ((m = /^(\S+) (\S+) ([xyz])lo \3hi$/.exec(c))) {
      once(`${m[3]}lo ${m[3]}hi`);
      const lo = real(m[1], no, `${m[3]}lo in data file`);
      const hi = real(m[2], no, `${m[3]}hi in data file`);
      if (!(lo < hi)) throw fail(no, 'Box bounds are invalid or missing', `${m[3]}lo < ${m[3]}hi`, `'${c}'`);
      bounds['xyz'.indexOf(m[3])] = [lo, hi];
    } else if (words.length === 6 && words.slice(3).join(' ') === 'xy xz yz') {
      once('xy xz yz');
      tilt = { xy: real(words[0], no, 'xy in data file'), xz: real(words[1], no, 'xz in data file'), yz: real(words[2], no, 'yz in data file') };
    } else break;
  }
  // what the header lacks is reported at the line that ended it (the first section keyword, or the end of the file)
  const lastLine = raw.at(-1) === '' ? raw.length - 1 : raw.length;
  const headerEnd = k < raw.length ? k + 1 : lastLine;
  if (natoms === undefined) throw fail(headerEnd, 'Data file header has no atom count', "an 'N atoms' line in the header", 'none');
  if (ntypes === undefined) throw fail(headerEnd, 'Data file header has no atom type count', "an 'N atom types' line in the header", 'none');
  const box = bounds.map((b, d) => {
    if (!b) throw fail(headerEnd, 'Box bounds are invalid or missing', `a '${'xyz'[d]}lo ${'xyz'[d]}hi' header line`, 'none');
    return b;
  });
  // one line per atom: a count the file cannot hold is refused before arrays of that size are allocated
  if (natoms > raw.length - k) throw fail(natomsLine, 'Atom count mismatch', `at most ${raw.length - k} atoms (the lines left in the file)`, String(natoms));

  const nq = style === 'charge' ? 1 : 0;
  const base = 5 + nq;
  const tag = new Int32Array(natoms);
  const type = new Int32Array(natoms);
  const q = style === 'charge' ? new Float64Array(natoms) : null;
  const x = new Float64Array(3 * natoms);
  const image = new Int32Array(3 * natoms);
  let v: Float64Array | null = null;
  const masses = new Map<number, number>();
  const index = new Map<number, number>();
  const sections = new Set<string>();

  /** The `count` data lines of the section whose keyword is on line k (blank lines skipped). */
  const mismatch = (unit: string) => (unit === 'atoms' ? 'Atom count mismatch' : 'Atom type count mismatch');
  const dataLines = (name: string, count: number, unit: string): Line[] => {
    const lines: Line[] = [];
    while (lines.length < count) {
      k++;
      if (k >= raw.length) throw fail(raw.at(-1) === '' ? k - 1 : k, `${mismatch(unit)}: ${name} section ends after ${lines.length} lines`, `${count} ${unit} (from the header)`, 'end of file');
      const c = content(raw[k]);
      if (c === '') continue;
      if (/^[A-Za-z]/.test(c)) throw fail(k + 1, `${mismatch(unit)}: ${name} section ends after ${lines.length} lines`, `${count} ${unit} (from the header)`, `'${c}'`);
      lines.push({ no: k + 1, words: c.split(/\s+/) });
    }
    return lines;
  };

  let last: { name: string; count: number; unit: string } | null = null;
  for (; k < raw.length; k++) {
    const c = content(raw[k]);
    if (c === '') continue;
    const no = k + 1;
    if (!/^[A-Za-z]/.test(c)) {
      if (last) throw fail(no, `${mismatch(last.unit)}: more lines in the ${last.name} section than the header declares`, `${last.count} ${last.unit}`, `another line '${c}'`);
      throw fail(no, 'Unknown identifier in data file', 'a header line or a section keyword (Masses, Atoms, Velocities)', `'${c}'`);
    }
    const name = c.replace(/\s+/g, ' ');
    if (sections.has(name)) throw fail(no, `Duplicate ${name} section in data file`, `one ${name} section`, `a second '${name}'`);
    sections.add(name);
    if (name === 'Atoms') {
      const named = /#\s*(\S+)/.exec(raw[k])?.[1];
      if (named !== undefined && named !== style) {
        throw fail(no, 'Atom style in data file differs from currently defined atom style', `'Atoms # ${style}'`, `'Atoms # ${named}'`);
      }
      const lines = dataLines('Atoms', natoms, 'atoms');
      const ncol = lines.length ? lines[0].words.length : base;
      if (ncol !== base && ncol !== base + 3) {
        throw fail(lines[0].no, 'Incorrect atom format in data file', `${base} or ${base + 3} columns (id type ${nq ? 'q ' : ''}x y z [ix iy iz])`, `${ncol} columns`);
      }
      lines.forEach(({ no: ln, words: w }, i) => {
        if (w.length !== ncol) throw fail(ln, 'Incorrect atom format in data file', `${ncol} columns as on line ${lines[0].no}`, `${w.length} columns`);
        const id = int(w[0], ln, 'Invalid atom ID in Atoms section of data file', 1, INT32_MAX);
        if (index.has(id)) throw fail(ln, 'Duplicate atom IDs exist', `a unique atom ID (ID ${id} is also on line ${lines[index.get(id)!].no})`, `${id}`);
        index.set(id, i);
        tag[i] = id;
        type[i] = int(w[1], ln, 'Invalid atom type in Atoms section of data file', 1, ntypes);
        if (q) q[i] = real(w[2], ln, 'Atom charge in data file');
        for (let d = 0; d < 3; d++) x[3 * i + d] = real(w[2 + nq + d], ln, `Atom ${'xyz'[d]} coordinate in data file`);
        if (ncol === base + 3) for (let d = 0; d < 3; d++) image[3 * i + d] = int(w[base + d], ln, 'Atom image flag in data file', -INT32_MAX, INT32_MAX);
      });
      last = { name, count: natoms, unit: 'atoms' };
    } else if (name === 'Velocities') {
      if (!sections.has('Atoms')) throw fail(no, 'Must read Atoms before Velocities', 'an Atoms section earlier in the file', "'Velocities'");
      const vel = new Float64Array(3 * natoms);
      const done = new Uint8Array(natoms);
      for (const { no: ln, words: w } of dataLines('Velocities', natoms, 'atoms')) {
        if (w.length !== 4) throw fail(ln, 'Incorrect velocity format in data file', '4 columns (id vx vy vz)', `${w.length} columns`);
        const i = index.get(int(w[0], ln, 'Invalid atom ID in Velocities section of data file', 1, INT32_MAX));
        if (i === undefined) throw fail(ln, 'Invalid atom ID in Velocities section of data file', 'an ID from the Atoms section', w[0]);
        if (done[i]) throw fail(ln, 'Duplicate atom ID in Velocities section of data file', 'each atom once', w[0]);
        done[i] = 1;
        for (let d = 0; d < 3; d++) vel[3 * i + d] = real(w[1 + d], ln, `Atom v${'xyz'[d]} in data file`);
      }
      v = vel;
      last = { name, count: natoms, unit: 'atoms' };
    } else if (name === 'Masses') {
      for (const { no: ln, words: w } of dataLines('Masses', ntypes, 'atom types')) {
        if (w.length !== 2) throw fail(ln, 'Incorrect format in Masses section of data file', '2 columns (type mass)', `${w.length} columns`);
        const t = int(w[0], ln, 'Invalid type for mass set', 1, ntypes);
        if (masses.has(t)) throw fail(ln, 'Duplicate type in Masses section of data file', 'each atom type once', w[0]);
        const m = real(w[1], ln, 'Invalid mass value');
        if (!(m > 0)) throw fail(ln, 'Invalid mass value', 'a mass > 0', w[1]);
        masses.set(t, m);
      }
      last = { name, count: ntypes, unit: 'atom types' };
    } else if (UNSUPPORTED_SECTIONS.has(name)) {
      throw fail(no, `Unsupported section in data file for atom style ${style}`, 'Masses, Atoms or Velocities', `'${name}'`);
    } else {
      throw fail(no, 'Unknown identifier in data file', 'a section keyword (Masses, Atoms, Velocities)', `'${name}'`);
    }
  }
  if (natoms > 0 && !sections.has('Atoms')) throw fail(lastLine, 'No atoms in data file', `an Atoms section with ${natoms} atoms`, 'no Atoms section');

  return {
    title: raw[0], natoms, ntypes,
    lo: [box[0][0], box[1][0], box[2][0]], hi: [box[0][1], box[1][1], box[2][1]], tilt,
    masses, style, tag, type, q, x, image, v,
  };
}

/** Shortest text that reads back as the same double, in the notation fmt's "{}" gives (as write_data). A non-finite
 * value is an error: a file ectmd writes must read back (the command writing it names its line). */
export function num(value: number): string {
  if (!Number.isFinite(value)) throw new EctmdError(`Non-finite value in an output file: expected a finite number, found ${value}`);
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, e] = value.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(value);
}

/** LAMMPS write_data layout; masses too are written exactly (LAMMPS writes them at %.16g). */
export function writeDataFile(d: DataFile): string {
  const out: string[] = [d.title, '', `${d.natoms} atoms`, `${d.ntypes} atom types`, ''];
  'xyz'.split('').forEach((a, k) => out.push(`${num(d.lo[k])} ${num(d.hi[k])} ${a}lo ${a}hi`));
  if (d.tilt) out.push(`${num(d.tilt.xy)} ${num(d.tilt.xz)} ${num(d.tilt.yz)} xy xz yz`);
  if (d.masses.size > 0) {
    out.push('', 'Masses', '');
    for (const t of [...d.masses.keys()].sort((a, b) => a - b)) out.push(`${t} ${num(d.masses.get(t)!)}`);
  }
  if (d.natoms > 0) {
    out.push('', `Atoms # ${d.style}`, '');
    for (let i = 0; i < d.natoms; i++) {
      const q = d.q ? ` ${num(d.q[i])}` : '';
      out.push(`${d.tag[i]} ${d.type[i]}${q} ${num(d.x[3 * i])} ${num(d.x[3 * i + 1])} ${num(d.x[3 * i + 2])} ${d.image[3 * i]} ${d.image[3 * i + 1]} ${d.image[3 * i + 2]}`);
    }
    if (d.v) {
      out.push('', 'Velocities', '');
      for (let i = 0; i < d.natoms; i++) out.push(`${d.tag[i]} ${num(d.v[3 * i])} ${num(d.v[3 * i + 1])} ${num(d.v[3 * i + 2])}`);
    }
  }
  return out.join('\n') + '\n';
}
