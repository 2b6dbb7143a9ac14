// Per-atom edits of a prepared system: `displace_atoms GROUP random dx dy dz SEED` (LAMMPS
// src/displace_atoms.cpp, followed by Domain::remap) and `set type I type/fraction|charge ...`
// (src/set.cpp, setrandom), both reseeding Park–Miller from each atom's coordinates as LAMMPS does.

import { inputError, parseInteger, whereError } from '../errors.js';
import type { Where } from '../lammps/where.js';
import { RanPark } from '../random/park.js';
import type { Atoms } from './atoms.js';
import type { Box } from './box.js';
import type { Lattice } from './lattice.js';
import { remapAll } from './remap.js';

/** Group membership from a selection mask (1 = member); null selects every atom. */
export const inGroup = (mask: Uint8Array | null, i: number): boolean => mask === null || mask[i] !== 0;

/**
 * Move each group atom by (2u−1)·(dx,dy,dz), u uniform from a generator reseeded with (seed, x_i), then wrap all
 * atoms back into the box. units lattice multiplies dx,dy,dz by the lattice spacings. For a triclinic box the
 * positions also take LAMMPS's x → lamda → x round trip (done there to migrate atoms between processors).
 */
export function displaceAtomsRandom(
  atoms: Atoms, box: Box, lattice: Lattice | null, mask: Uint8Array | null,
  dx: number, dy: number, dz: number, seed: number, units: 'box' | 'lattice', where?: Where,
): void {
  if (!Number.isInteger(seed) || seed <= 0 || seed > 2147483646) {
    throw whereError(where, 'Illegal displace_atoms random command', 'a seed in 1..2147483646', String(seed));
  }
  if (units === 'lattice' && lattice === null) {
    throw whereError(where, 'Use of displace_atoms with undefined lattice', 'a lattice command first, or "units box"', 'no lattice');
  }
  if (![dx, dy, dz].every(Number.isFinite)) {
    throw whereError(where, 'Illegal displace_atoms random command', 'finite displacements', `${dx} ${dy} ${dz}`);
  }
  const sx = units === 'lattice' && lattice ? dx * lattice.xlattice : dx;
  const sy = units === 'lattice' && lattice ? dy * lattice.ylattice : dy;
  const sz = units === 'lattice' && lattice ? dz * lattice.zlattice : dz;

  const x = atoms.x;
  const random = new RanPark(1);
  for (let i = 0; i < atoms.n; i++) {
    if (!inGroup(mask, i)) continue;
    const i3 = 3 * i;
    random.reset(seed, x, i3);
    x[i3] += sx * 2.0 * (random.uniform() - 0.5);
    x[i3 + 1] += sy * 2.0 * (random.uniform() - 0.5);
    x[i3 + 2] += sz * 2.0 * (random.uniform() - 0.5);
  }
  remapAll(box, atoms);
  if (box.triclinic) {
    const lamda = [0, 0, 0];
    for (let i = 0; i < atoms.n; i++) {
      const i3 = 3 * i;
      box.toLamda(x[i3], x[i3 + 1], x[i3 + 2], lamda);
      box.fromLamda(lamda[0], lamda[1], lamda[2], lamda);
      x[i3] = lamda[0]; x[i3 + 1] = lamda[1]; x[i3 + 2] = lamda[2];
    }
  }
}

/**
 * `set type/fraction NEWTYPE FRACTION SEED` on the selected atoms: an atom becomes NEWTYPE when a uniform
 * deviate seeded by (SEED, x_i) is <= FRACTION (so the count is only approximately FRACTION·N). Returns the
 * number of atoms changed.
 */
export function setTypeFraction(
  atoms: Atoms, mask: Uint8Array | null, newType: number, fraction: number, seed: number, where?: Where,
): number {
  if (!Number.isInteger(newType) || newType < 1 || newType > atoms.ntypes) {
    throw whereError(where, 'Invalid value in set command', `a type in 1..${atoms.ntypes}`, String(newType));
  }
  if (!(fraction >= 0.0 && fraction <= 1.0)) throw whereError(where, 'Invalid value in set command', 'a fraction in [0,1]', String(fraction));
  if (!Number.isInteger(seed) || seed <= 0 || seed > 2147483646) {
    throw whereError(where, 'Invalid random number seed in set command', 'a seed in 1..2147483646', String(seed));
  }
  const random = new RanPark(1);
  let count = 0;
  for (let i = 0; i < atoms.n; i++) {
    if (!inGroup(mask, i)) continue;
    random.reset(seed, atoms.x, 3 * i);
    if (random.uniform() > fraction) continue;
    atoms.type[i] = newType;
    count++;
  }
  return count;
}

/** `set ... charge Q` on the selected atoms (atom style charge only). Returns the number of atoms set. */
export function setCharge(atoms: Atoms, mask: Uint8Array | null, q: number, where?: Where): number {
  if (atoms.style !== 'charge') {
    throw whereError(where, 'Cannot set attribute charge for atom style ' + atoms.style, 'atom_style charge', atoms.style);
  }
  if (!Number.isFinite(q)) throw whereError(where, 'Invalid value in set command', 'a finite charge', String(q));
  let count = 0;
  for (let i = 0; i < atoms.n; i++) {
    if (!inGroup(mask, i)) continue;
    atoms.q[i] = q;
    count++;
  }
  return count;
}

/**
 * Selection mask for a type range as LAMMPS writes it (`set type SPEC`, utils::bounds): "N", "*", "N*",
 * "*N" or "M*N", within 1..ntypes.
 */
export function typeMask(atoms: Atoms, spec: string, where: Where): Uint8Array {
  const { file, line } = where;
  const star = spec.indexOf('*');
  let lo: number, hi: number;
  if (star < 0) {
    lo = hi = parseInteger(spec, file, line, 'atom type');
  } else {
    const a = spec.slice(0, star), b = spec.slice(star + 1);
    lo = a === '' ? 1 : parseInteger(a, file, line, 'atom type range start');
    hi = b === '' ? atoms.ntypes : parseInteger(b, file, line, 'atom type range end');
  }
  if (lo < 1 || hi > atoms.ntypes || lo > hi) {
    throw inputError(file, line, 'Numeric index is out of bounds', `a type range within 1-${atoms.ntypes}`, JSON.stringify(spec));
  }
  const mask = new Uint8Array(atoms.n);
  for (let i = 0; i < atoms.n; i++) mask[i] = atoms.type[i] >= lo && atoms.type[i] <= hi ? 1 : 0;
  return mask;
}
