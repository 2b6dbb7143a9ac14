// Crystal lattices for `lattice STYLE SCALE [origin|orient|spacing ...]` (LAMMPS src/lattice.cpp): basis atoms
// in unit-cell fractions, the lattice→box map x_box = R·scale·P·x_lat + origin offset, and the lattice
// spacings (extent of the rotated unit cell) that "units lattice" multiplies by.

import { inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import type { Where } from '../lammps/where.js';

export type LatticeStyle = 'none' | 'sc' | 'bcc' | 'fcc' | 'hcp' | 'diamond';

const STYLES: readonly LatticeStyle[] = ['none', 'sc', 'bcc', 'fcc', 'hcp', 'diamond'];

/** Basis atoms per style, fractional coordinates of the conventional cell (LAMMPS order: it fixes atom IDs). */
const BASIS: Record<Exclude<LatticeStyle, 'none'>, number[][]> = {
  sc: [[0, 0, 0]],
  bcc: [[0, 0, 0], [0.5, 0.5, 0.5]],
  fcc: [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]],
  hcp: [[0, 0, 0], [0.5, 0.5, 0], [0.5, 5.0 / 6.0, 0.5], [0, 1.0 / 3.0, 0.5]],
  diamond: [
    [0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0],
    [0.25, 0.25, 0.25], [0.25, 0.75, 0.75], [0.75, 0.25, 0.75], [0.75, 0.75, 0.25],
  ],
};

export interface LatticeOptions {
  /** Fractional shift of the lattice, each in [0,1). */
  origin?: [number, number, number];
  /** Integer Miller directions of the box x, y, z axes (mutually orthogonal, right-handed). */
  orient?: [number[], number[], number[]];
  /** Explicit lattice spacings in units of the scale (otherwise the extent of the rotated unit cell). */
  spacing?: [number, number, number];
}

export class Lattice {
  style: LatticeStyle;
  /** Lattice constant, Å (units metal). */
  scale: number;
  /** Lattice spacings, Å: what one "lattice unit" means along x, y, z. */
  xlattice: number;
  ylattice: number;
  zlattice: number;
  /** Basis atoms, fractions of the primitive vectors; empty for style none. */
  basis: number[][];
  origin: [number, number, number];
  /** Primitive vectors a1 a2 a3 as columns (P), its inverse, and the rotation with orient vectors as rows (R). */
  private readonly primitive: number[][];
  private readonly priminv: number[][];
  private readonly rotaterow: number[][];

  /** Options must already be valid (parseLattice checks them and reports input errors). */
  constructor(style: LatticeStyle, scale: number, options: LatticeOptions = {}) {
    this.style = style;
    this.scale = scale;
    this.basis = style === 'none' ? [] : BASIS[style].map((b) => [...b]);
    this.origin = options.origin ? [...options.origin] : [0, 0, 0];
    const a2y = style === 'hcp' ? Math.sqrt(3.0) : 1.0;
    const a3z = style === 'hcp' ? Math.sqrt(8.0 / 3.0) : 1.0;
    this.primitive = [[1, 0, 0], [0, a2y, 0], [0, 0, a3z]];
    this.priminv = invert3(this.primitive);
    const orient = options.orient ?? [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    this.rotaterow = orient.map((o) => {
      const length = Math.sqrt(o[0] * o[0] + o[1] * o[1] + o[2] * o[2]);
      return [o[0] / length, o[1] / length, o[2] / length];
    });
    if (style === 'none') {
      this.xlattice = this.ylattice = this.zlattice = scale;
    } else if (options.spacing) {
      this.xlattice = options.spacing[0] * scale;
      this.ylattice = options.spacing[1] * scale;
      this.zlattice = options.spacing[2] * scale;
    } else {
      // Bounding box of the 8 unit-cell corners in box space, with the origin offset still zero.
      this.xlattice = this.ylattice = this.zlattice = 0;
      const lo = [Infinity, Infinity, Infinity];
      const hi = [-Infinity, -Infinity, -Infinity];
      for (const c of [[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1]]) {
        this.lattice2box(c);
        for (let d = 0; d < 3; d++) {
          lo[d] = Math.min(lo[d], c[d]);
          hi[d] = Math.max(hi[d], c[d]);
        }
      }
      this.xlattice = hi[0] - lo[0];
      this.ylattice = hi[1] - lo[1];
      this.zlattice = hi[2] - lo[2];
    }
  }

  /** Lattice coordinates → box coordinates (Å), in place, same operation order as LAMMPS. */
  lattice2box(p: number[]): void {
    const P = this.primitive, R = this.rotaterow, s = this.scale;
    const x1 = (P[0][0] * p[0] + P[0][1] * p[1] + P[0][2] * p[2]) * s;
    const y1 = (P[1][0] * p[0] + P[1][1] * p[1] + P[1][2] * p[2]) * s;
    const z1 = (P[2][0] * p[0] + P[2][1] * p[1] + P[2][2] * p[2]) * s;
    p[0] = R[0][0] * x1 + R[0][1] * y1 + R[0][2] * z1 + this.xlattice * this.origin[0];
    p[1] = R[1][0] * x1 + R[1][1] * y1 + R[1][2] * z1 + this.ylattice * this.origin[1];
    p[2] = R[2][0] * x1 + R[2][1] * y1 + R[2][2] * z1 + this.zlattice * this.origin[2];
  }

  /** Box coordinates → lattice coordinates, in place (inverse of lattice2box). */
  box2lattice(p: number[]): void {
    const Q = this.priminv, R = this.rotaterow, s = this.scale;
    const x = p[0] - this.xlattice * this.origin[0];
    const y = p[1] - this.ylattice * this.origin[1];
    const z = p[2] - this.zlattice * this.origin[2];
    // R^T (R is orthonormal, so its transpose, LAMMPS "rotatecol", is its inverse).
    const x1 = (R[0][0] * x + R[1][0] * y + R[2][0] * z) / s;
    const y1 = (R[0][1] * x + R[1][1] * y + R[2][1] * z) / s;
    const z1 = (R[0][2] * x + R[1][2] * y + R[2][2] * z) / s;
    p[0] = Q[0][0] * x1 + Q[0][1] * y1 + Q[0][2] * z1;
    p[1] = Q[1][0] * x1 + Q[1][1] * y1 + Q[1][2] * z1;
    p[2] = Q[2][0] * x1 + Q[2][1] * y1 + Q[2][2] * z1;
  }
}

/** Inverse of a 3x3 matrix by cofactors (the primitive matrices here are never singular). */
function invert3(m: number[][]): number[][] {
  const det = m[0][0] * m[1][1] * m[2][2] + m[0][1] * m[1][2] * m[2][0] + m[0][2] * m[1][0] * m[2][1]
    - m[0][0] * m[1][2] * m[2][1] - m[0][1] * m[1][0] * m[2][2] - m[0][2] * m[1][1] * m[2][0];
  return [
    [(m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det, (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det, (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det],
    [(m[1][2] * m[2][0] - m[1][0] * m[2][2]) / det, (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det, (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det],
    [(m[1][0] * m[2][1] - m[1][1] * m[2][0]) / det, (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det, (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det],
  ];
}

/**
 * Parse the arguments of `lattice STYLE SCALE [origin x y z] [orient dim i j k]... [spacing x y z]`
 * (units metal: SCALE is the lattice constant in Å; `lattice none D` only sets the spacing D).
 */
export function parseLattice(args: string[], where: Where): Lattice {
  const { file, line } = where;
  const cmd = 'Illegal lattice command';
  const styleArg = args[0];
  if (styleArg === undefined) throw inputError(file, line, cmd, `a style (${STYLES.join(' ')})`, 'nothing');
  if (['sq', 'sq2', 'hex'].includes(styleArg)) {
    throw inputError(file, line, 'Lattice style incompatible with simulation dimension', 'a 3d style (sc bcc fcc hcp diamond)', styleArg);
  }
  if (styleArg === 'custom') {
    throw inputError(file, line, 'Unsupported lattice style', `one of ${STYLES.join(' ')} (custom lattices are not implemented)`, 'custom');
  }
  if (!(STYLES as readonly string[]).includes(styleArg)) {
    throw inputError(file, line, cmd, `a lattice style (${STYLES.join(' ')})`, JSON.stringify(styleArg));
  }
  const style = styleArg as LatticeStyle;
  const scale = parseFiniteFloat(args[1], file, line, `lattice ${style} scale`);
  if (scale <= 0) throw inputError(file, line, cmd, 'a positive scale', args[1]);
  if (style === 'none') {
    if (args.length !== 2) throw inputError(file, line, cmd, 'exactly "lattice none SCALE"', args.join(' '));
    return new Lattice(style, scale);
  }

  const options: LatticeOptions = {};
  const orient: [number[], number[], number[]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  let i = 2;
  const need = (n: number, kw: string): void => {
    if (i + n > args.length - 1) throw inputError(file, line, cmd, `${n} values after "${kw}"`, `${args.length - i - 1}`);
  };
  while (i < args.length) {
    const kw = args[i];
    if (kw === 'origin') {
      need(3, kw);
      const o = [1, 2, 3].map((k) => parseFiniteFloat(args[i + k], file, line, 'lattice origin'));
      if (o.some((v) => v < 0 || v >= 1)) throw inputError(file, line, cmd, 'origin values in [0,1)', o.join(' '));
      options.origin = [o[0], o[1], o[2]];
      i += 4;
    } else if (kw === 'orient') {
      need(4, kw);
      const dim = ['x', 'y', 'z'].indexOf(args[i + 1]);
      if (dim < 0) throw inputError(file, line, cmd, 'orient x, y or z', JSON.stringify(args[i + 1]));
      orient[dim] = [2, 3, 4].map((k) => parseInteger(args[i + k], file, line, 'lattice orient'));
      options.orient = orient;
      i += 5;
    } else if (kw === 'spacing') {
      need(3, kw);
      const s = [1, 2, 3].map((k) => parseFiniteFloat(args[i + k], file, line, 'lattice spacing'));
      if (s.some((v) => v <= 0)) throw inputError(file, line, 'Lattice spacings are invalid', 'positive spacings', s.join(' '));
      options.spacing = [s[0], s[1], s[2]];
      i += 4;
    } else if (kw === 'a1' || kw === 'a2' || kw === 'a3' || kw === 'basis') {
      throw inputError(file, line, 'Invalid option in lattice command for non-custom style', 'origin, orient or spacing', kw);
    } else {
      throw inputError(file, line, cmd, 'a keyword origin, orient or spacing', JSON.stringify(kw));
    }
  }

  const [ox, oy, oz] = orient;
  const dot = (a: number[], b: number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  for (const o of orient) {
    if (dot(o, o) === 0) throw inputError(file, line, 'Zero-length lattice orient vector', 'a non-zero vector', o.join(' '));
  }
  if (dot(ox, oy) !== 0 || dot(oy, oz) !== 0 || dot(ox, oz) !== 0) {
    throw inputError(file, line, 'Lattice orient vectors are not orthogonal', 'mutually orthogonal x, y, z',
      `x=[${ox.join(' ')}] y=[${oy.join(' ')}] z=[${oz.join(' ')}]`);
  }
  const cross = [ox[1] * oy[2] - ox[2] * oy[1], ox[2] * oy[0] - ox[0] * oy[2], ox[0] * oy[1] - ox[1] * oy[0]];
  if (dot(cross, oz) <= 0) {
    throw inputError(file, line, 'Lattice orient vectors are not right-handed', 'x cross y along z',
      `x=[${ox.join(' ')}] y=[${oy.join(' ')}] z=[${oz.join(' ')}]`);
  }
  return new Lattice(style, scale, options);
}
