// Extended XYZ, the ASE/OVITO convention: per frame an atom count, a comment line of key=value pairs (Lattice,
// Origin, Properties, pbc, Time, Step, units, energy) and one line per atom. extxyzFrame writes a frame with
// every real number in shortest round-trip form (bitwise on reading back); parseExtxyz reads frames back.

import { inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import { num } from './data-file.js';

/** One per-atom property: name (pos, vel, forces, …) and its components, each indexed by atom. */
export interface ExtxyzProperty {
  name: string;
  components: ArrayLike<number>[];
}

export interface ExtxyzFrame {
  /** comment-line keys and values as written (quotes removed) */
  info: Map<string, string>;
  /** cell rows a, b, c */
  lattice: number[][];
  species: string[];
  /** real properties: name → components × atoms, component-major (pos[3*i+k]) */
  arrays: Map<string, Float64Array>;
}

/** The text of one frame: atoms in `order`, species per atom, real properties after species:S:1. */
export function extxyzFrame(f: { lattice: number[][]; origin: number[]; step: number; time: number; energy: number | null;
  order: ArrayLike<number>; species: (i: number) => string; properties: ExtxyzProperty[] }): string {
  const props = ['species:S:1', ...f.properties.map((p) => `${p.name}:R:${p.components.length}`)].join(':');
  const keys = [
    `Lattice="${f.lattice.flat().map(num).join(' ')}"`, `Origin="${f.origin.map(num).join(' ')}"`, `Properties=${props}`, 'pbc="T T T"',
    `Time=${num(f.time)}`, `Step=${f.step}`, 'units=metal', 'time_units=ps',
  ];
  if (f.energy !== null) keys.push(`energy=${num(f.energy)}`);
  const lines = [String(f.order.length), keys.join(' ')];
  for (let k = 0; k < f.order.length; k++) {
    const i = f.order[k];
    let s = f.species(i);
    for (const p of f.properties) for (const c of p.components) s += ' ' + num(c[i]);
    lines.push(s);
  }
  return lines.join('\n') + '\n';
}

/** key=value and key="value with blanks" pairs of a comment line. */
function parseInfo(line: string, path: string, no: number): Map<string, string> {
  const info = new Map<string, string>();
  const re = /\s*([A-Za-z_][\w-]*)=(?:"([^"]*)"|(\S*))/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(line)) !== null) { info.set(m[1], m[2] ?? m[3]); end = re.lastIndex; }
  if (line.slice(end).trim() !== '') throw inputError(path, no, 'Malformed extended XYZ comment line', 'key=value pairs', JSON.stringify(line.slice(end).trim()));
  return info;
}

/** Every frame of an extended XYZ text (species must be the first property; other columns must be reals). */
export function parseExtxyz(text: string, path: string): ExtxyzFrame[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const frames: ExtxyzFrame[] = [];
  for (let i = 0; i < lines.length;) {
    const n = parseInteger(lines[i].trim(), path, i + 1, 'extended XYZ atom count');
    if (i + 2 + n > lines.length) throw inputError(path, lines.length, 'Truncated extended XYZ frame', `${n} atom lines after line ${i + 2}`, `${lines.length - i - 2}`);
    const info = parseInfo(lines[i + 1], path, i + 2);
    const lat = (info.get('Lattice') ?? '').trim().split(/\s+/).map((t) => parseFiniteFloat(t, path, i + 2, 'Lattice'));
    if (lat.length !== 9) throw inputError(path, i + 2, 'Malformed Lattice', '9 numbers', String(lat.length));
    const spec = (info.get('Properties') ?? '').split(':');
    if (spec.length % 3 !== 0 || spec[0] !== 'species' || spec[1] !== 'S' || spec[2] !== '1') {
      throw inputError(path, i + 2, 'Unsupported Properties', 'species:S:1 followed by NAME:R:COUNT triples', info.get('Properties') ?? 'none');
    }
    const props: Array<{ name: string; count: number; data: Float64Array }> = [];
    for (let k = 3; k < spec.length; k += 3) {
      if (spec[k + 1] !== 'R') throw inputError(path, i + 2, 'Unsupported property type', 'R', `${spec[k]}:${spec[k + 1]}`);
      const count = parseInteger(spec[k + 2], path, i + 2, `property ${spec[k]} count`);
      props.push({ name: spec[k], count, data: new Float64Array(count * n) });
    }
    const width = 1 + props.reduce((s, p) => s + p.count, 0);
    const species: string[] = [];
    for (let a = 0; a < n; a++) {
      const no = i + 3 + a, w = lines[no - 1].trim().split(/\s+/);
      if (w.length !== width) throw inputError(path, no, 'Wrong number of columns in extended XYZ atom line', String(width), String(w.length));
      species.push(w[0]);
      let c = 1;
      for (const p of props) for (let k = 0; k < p.count; k++) p.data[p.count * a + k] = parseFiniteFloat(w[c++], path, no, p.name);
    }
    frames.push({ info, lattice: [lat.slice(0, 3), lat.slice(3, 6), lat.slice(6, 9)], species, arrays: new Map(props.map((p) => [p.name, p.data])) });
    i += 2 + n;
  }
  return frames;
}
