// Geometric regions `region ID block|prism ...` (LAMMPS src/region.cpp, region_block.cpp, region_prism.cpp):
// point-membership tests (surface counts as inside), bounding extents, and the box `create_box` builds from
// a region (src/create_box.cpp with the tilt check of Domain::set_initial_box).

import { inputError, parseFiniteFloat, whereError } from '../errors.js';
import type { Where } from '../lammps/where.js';
import { Box, type Vec3 } from './box.js';
import type { Lattice } from './lattice.js';

/** Stand-in for INF bounds (LAMMPS region_block.cpp / region_prism.cpp BIG). */
const BIG = 1.0e20;

export interface Region {
  id: string;
  style: 'block' | 'prism';
  /** false for `side out`: the region is then everything outside the shape. */
  interior: boolean;
  /** Whether (x,y,z) belongs to the region: inside or on the surface of the shape, inverted for `side out`. */
  inside(x: number, y: number, z: number): boolean;
  /** Axis-aligned bounding box of the region (LAMMPS extent_*), or null when it is unbounded (`side out`). */
  extent(): { lo: Vec3; hi: Vec3 } | null;
  /** The simulation box `create_box N ID` makes from this region. */
  boxFor(where?: Where): Box;
}

/** Axis-aligned bounds of a (possibly triclinic) box: LAMMPS boxlo_bound/boxhi_bound. */
export function boxBounds(box: Box): { lo: Vec3; hi: Vec3 } {
  if (!box.triclinic) return { lo: [...box.lo] as Vec3, hi: [...box.hi] as Vec3 };
  const lo0 = Math.min(box.lo[0], box.lo[0] + box.xy);
  const hi0 = Math.max(box.hi[0], box.hi[0] + box.xy);
  return {
    lo: [Math.min(lo0, lo0 + box.xz), Math.min(box.lo[1], box.lo[1] + box.yz), box.lo[2]],
    hi: [Math.max(hi0, hi0 + box.xz), Math.max(box.hi[1], box.hi[1] + box.yz), box.hi[2]],
  };
}

/** LAMMPS Domain::set_initial_box checks: positive extents, tilt at most half the length it shears along. */
function checkNewBox(box: Box, where: Where | undefined): void {
  for (let d = 0; d < 3; d++) {
    if (!(box.lo[d] < box.hi[d])) {
      throw whereError(where, 'Box bounds are invalid or missing', 'lo < hi in x, y and z', `${box.lo[d]} >= ${box.hi[d]}`);
    }
    if (Math.abs(box.lo[d]) >= BIG || Math.abs(box.hi[d]) >= BIG) {
      throw whereError(where, 'Create_box region extent is infinite', 'finite bounds', 'INF');
    }
  }
  if (!box.triclinic) return;
  const [px, py] = box.periodic;
  const tooLarge = (Math.abs(box.xy / box.lx) > 0.5 && px) || (Math.abs(box.xz / box.lx) > 0.5 && px)
    || (Math.abs(box.yz / box.ly) > 0.5 && py);
  if (tooLarge) {
    throw whereError(where, 'Triclinic box skew is too large', '|xy|,|xz| <= lx/2 and |yz| <= ly/2',
      `xy=${box.xy} xz=${box.xz} yz=${box.yz} with lx=${box.lx} ly=${box.ly}`);
  }
}

class BlockRegion implements Region {
  readonly style = 'block' as const;
  constructor(
    readonly id: string,
    readonly interior: boolean,
    readonly lo: Vec3,
    readonly hi: Vec3,
  ) {}

  inside(x: number, y: number, z: number): boolean {
    const inShape = x >= this.lo[0] && x <= this.hi[0] && y >= this.lo[1] && y <= this.hi[1] && z >= this.lo[2] && z <= this.hi[2];
    return inShape === this.interior;
  }

  extent(): { lo: Vec3; hi: Vec3 } | null {
    return this.interior ? { lo: [...this.lo] as Vec3, hi: [...this.hi] as Vec3 } : null;
  }

  boxFor(where?: Where): Box {
    if (!this.interior) throw whereError(where, 'Create_box region must be of type inside', 'side in', 'side out');
    const box = new Box(this.lo, this.hi);
    checkNewBox(box, where);
    return box;
  }
}

class PrismRegion implements Region {
  readonly style = 'prism' as const;
  /** Upper-triangular inverse of the edge matrix: box → tilt (0..1) coordinates. */
  private readonly hinv: number[];

  constructor(
    readonly id: string,
    readonly interior: boolean,
    readonly lo: Vec3,
    readonly hi: Vec3,
    readonly xy: number,
    readonly xz: number,
    readonly yz: number,
  ) {
    const h00 = hi[0] - lo[0], h11 = hi[1] - lo[1], h22 = hi[2] - lo[2];
    this.hinv = [
      1.0 / h00,
      -xy / (h00 * h11),
      (xy * yz - xz * h11) / (h00 * h11 * h22),
      1.0 / h11,
      -yz / (h11 * h22),
      1.0 / h22,
    ];
  }

  inside(x: number, y: number, z: number): boolean {
    const [i00, i01, i02, i11, i12, i22] = this.hinv;
    const dx = x - this.lo[0], dy = y - this.lo[1], dz = z - this.lo[2];
    const a = i00 * dx + i01 * dy + i02 * dz;
    const b = i11 * dy + i12 * dz;
    const c = i22 * dz;
    const inShape = a >= 0.0 && a <= 1.0 && b >= 0.0 && b <= 1.0 && c >= 0.0 && c <= 1.0;
    return inShape === this.interior;
  }

  extent(): { lo: Vec3; hi: Vec3 } | null {
    if (!this.interior) return null;
    const xlo = Math.min(this.lo[0], this.lo[0] + this.xy);
    const xhi = Math.max(this.hi[0], this.hi[0] + this.xy);
    return {
      lo: [Math.min(xlo, xlo + this.xz), Math.min(this.lo[1], this.lo[1] + this.yz), this.lo[2]],
      hi: [Math.max(xhi, xhi + this.xz), Math.max(this.hi[1], this.hi[1] + this.yz), this.hi[2]],
    };
  }

  boxFor(where?: Where): Box {
    if (!this.interior) throw whereError(where, 'Create_box region must be of type inside', 'side in', 'side out');
    const box = new Box(this.lo, this.hi, { xy: this.xy, xz: this.xz, yz: this.yz });
    checkNewBox(box, where);
    return box;
  }
}

/**
 * Parse `region ID block xlo xhi ylo yhi zlo zhi [side in|out] [units lattice|box]` or
 * `region ID prism xlo xhi ylo yhi zlo zhi xy xz yz [...]`. Bounds may be INF or EDGE once a box exists.
 * `units lattice` (the default) multiplies by the lattice spacings and needs a lattice; pass LAMMPS's
 * default `lattice none 1.0` to accept it with unit spacing as LAMMPS does.
 */
export function parseRegion(args: string[], lattice: Lattice | null, where: Where, box: Box | null = null): Region {
  const { file, line } = where;
  const [id, style] = args;
  if (id === undefined || style === undefined) throw inputError(file, line, 'Illegal region command', 'region ID STYLE args', args.join(' '));
  if (style !== 'block' && style !== 'prism') {
    throw inputError(file, line, 'Unrecognized region style', 'block or prism', JSON.stringify(style));
  }
  const nparam = style === 'block' ? 6 : 9;
  if (args.length < 2 + nparam) {
    throw inputError(file, line, `Illegal region ${style} command`, `${nparam} values`, `${args.length - 2}`);
  }

  let interior = true;
  let latticeUnits = true;
  for (let i = 2 + nparam; i < args.length; i += 2) {
    const kw = args[i], value = args[i + 1];
    if (value === undefined) throw inputError(file, line, 'Illegal region command', `a value after "${kw}"`, 'end of line');
    if (kw === 'side' && (value === 'in' || value === 'out')) interior = value === 'in';
    else if (kw === 'units' && (value === 'lattice' || value === 'box')) latticeUnits = value === 'lattice';
    else if (kw === 'side' || kw === 'units') {
      throw inputError(file, line, 'Illegal region command', kw === 'side' ? 'side in or out' : 'units lattice or box', value);
    } else throw inputError(file, line, 'Illegal region command', 'keyword side or units', JSON.stringify(kw));
  }
  if (latticeUnits && lattice === null) {
    throw inputError(file, line, 'Use of region with undefined lattice', 'a lattice command first, or "units box"', 'no lattice');
  }
  const scale: Vec3 = latticeUnits && lattice ? [lattice.xlattice, lattice.ylattice, lattice.zlattice] : [1, 1, 1];

  // Bounds: number × spacing, INF = ±BIG, EDGE = the box face (its bounding box for a triclinic block).
  const bound = (k: number): number => {
    const token = args[2 + k];
    const dim = k >> 1, upper = (k & 1) === 1;
    if (token === 'INF' || token === 'EDGE') {
      if (box === null) {
        throw inputError(file, line, 'Cannot use region INF or EDGE when box does not exist', 'a number before create_box', token);
      }
      if (token === 'INF') return upper ? BIG : -BIG;
      const b = style === 'block' ? boxBounds(box) : box;
      return upper ? b.hi[dim] : b.lo[dim];
    }
    return scale[dim] * parseFiniteFloat(token, file, line, `region ${style} bound`);
  };
  const b = [0, 1, 2, 3, 4, 5].map(bound);
  const lo: Vec3 = [b[0], b[2], b[4]];
  const hi: Vec3 = [b[1], b[3], b[5]];

  if (style === 'block') {
    for (let d = 0; d < 3; d++) {
      if (lo[d] > hi[d]) throw inputError(file, line, 'Illegal region block command', `${'xyz'[d]}lo <= ${'xyz'[d]}hi`, `${lo[d]} > ${hi[d]}`);
    }
    return new BlockRegion(id, interior, lo, hi);
  }

  const xy = scale[0] * parseFiniteFloat(args[8], file, line, 'region prism xy');
  const xz = scale[0] * parseFiniteFloat(args[9], file, line, 'region prism xz');
  const yz = scale[1] * parseFiniteFloat(args[10], file, line, 'region prism yz');
  for (let d = 0; d < 3; d++) {
    if (lo[d] >= hi[d]) throw inputError(file, line, 'Illegal region prism command', `${'xyz'[d]}lo < ${'xyz'[d]}hi`, `${lo[d]} >= ${hi[d]}`);
  }
  const infinite = (d: number): boolean => lo[d] === -BIG && hi[d] === BIG;
  if ((xy !== 0 && (infinite(0) || infinite(1))) || (xz !== 0 && (infinite(0) || infinite(2))) || (yz !== 0 && (infinite(1) || infinite(2)))) {
    throw inputError(file, line, 'Illegal region prism command', 'zero tilt along a dimension that is INF at both ends', `xy=${xy} xz=${xz} yz=${yz}`);
  }
  return new PrismRegion(id, interior, lo, hi, xy, xz, yz);
}
