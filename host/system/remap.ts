// Wrap atoms back into the periodic box and count the crossings in image flags (LAMMPS Domain::remap in
// src/domain.cpp): orthogonal boxes wrap x directly, triclinic boxes wrap fractional (lamda) coordinates and
// convert back, so x picks up the same round-off as in LAMMPS.

import { EctmdError } from '../errors.js';
import type { Atoms } from './atoms.js';
import type { Box } from './box.js';
import type { KernelExports } from '../wasm/kernel.js';

/** Image flags stay within ±2^30; an atom farther out (or at a non-finite place) is an error, not an endless loop. */
const MAX_PERIODS = 2 ** 30;
/** Periods beyond which remap stops following LAMMPS's one-period steps. */
const JUMP = 1024;

/** Wrap coordinate k (3·atom + dimension) of the atoms, c, into [lo, hi) by whole periods; returns the new value and
 *  adds the crossings to the atom's image flag. */
function wrap(c: number, lo: number, hi: number, period: number, atoms: Atoms, k: number): number {
  // inside already (nearly every atom at a rebuild): unchanged, as the steps below would leave it (strictly above lo,
  // so that −0 at lo = 0 still becomes +0 through the max below, as LAMMPS's MAX does)
  if (c > lo && c < hi) return c;
  if (!(Math.abs(c - lo) < MAX_PERIODS * period)) {
    throw new EctmdError(`Atom coordinate out of range: expected a finite coordinate within ${MAX_PERIODS} box lengths of the box, found ${c}`);
  }
  // more than JUMP periods out: whole periods at once (a loop of single periods would not end where c ± period rounds
  // to c); nearer, one period at a time as LAMMPS, so that positions keep LAMMPS's round-off bit for bit
  const far = Math.trunc((c - lo) / period);
  let moved = 0;
  if (Math.abs(far) > JUMP) { c -= far * period; moved += far; }
  while (c < lo) { c += period; moved--; }
  while (c >= hi) { c -= period; moved++; }
  if (moved !== 0) atoms.addImage(k, moved);
  return Math.max(c, lo);
}

/** LAMMPS Domain::remap for atom i, given the box matrix h and its inverse (LAMMPS order): wrap its position into the
 *  periodic box (lo <= x < hi) and update its image flags. */
function remapWith(box: Box, h: number[], hinv: number[], atoms: Atoms, i: number): void {
  const p = box.periodic, x = atoms.x;
  const i3 = 3 * i;
  if (!box.triclinic) {
    for (let d = 0; d < 3; d++) {
      if (p[d]) x[i3 + d] = wrap(x[i3 + d], box.lo[d], box.hi[d], h[d], atoms, i3 + d);
    }
    return;
  }
  const dx = x[i3] - box.lo[0], dy = x[i3 + 1] - box.lo[1], dz = x[i3 + 2] - box.lo[2];
  let a = hinv[0] * dx + hinv[5] * dy + hinv[4] * dz;
  let b = hinv[1] * dy + hinv[3] * dz;
  let c = hinv[2] * dz;
  if (p[0]) a = wrap(a, 0, 1, 1, atoms, i3);
  if (p[1]) b = wrap(b, 0, 1, 1, atoms, i3 + 1);
  if (p[2]) c = wrap(c, 0, 1, 1, atoms, i3 + 2);
  x[i3] = h[0] * a + h[5] * b + h[4] * c + box.lo[0];
  x[i3 + 1] = h[1] * b + h[3] * c + box.lo[1];
  x[i3 + 2] = h[2] * c + box.lo[2];
}

/** An atom whose position is not finite stops the run (LAMMPS's "Non-numeric atom coords" error). */
function checkFinite(atoms: Atoms, i: number): void {
  for (let d = 0; d < 3; d++) {
    const c = atoms.x[3 * i + d];
    if (!Number.isFinite(c)) throw new EctmdError(`Non-numeric atom coords - simulation unstable: atom ${atoms.tag[i]} has position ${c}`);
  }
}

/** Where a kernel finds the atoms a wrap must visit: its exports, the address of the atoms' positions (its buffer 'x',
 *  which Atoms.x views) and of room for an i32 per atom, free during the wrap. */
export interface RemapScan { k: KernelExports; x: number; list: number }

/** remapWith for every atom; with `unstable`, after checking that its position is finite (else an error naming the
 *  atom: the run has gone unstable). In an orthogonal box only the atoms not strictly inside (few at a rebuild; a
 *  non-finite coordinate is never inside) go through the check and remapWith; they are found by the kernel's
 *  outside_atoms when `scan` is given (the positions in its memory), else by a loop here. */
export function remapAll(box: Box, atoms: Atoms, unstable = false, scan: RemapScan | null = null): void {
  const h = box.h(), hinv = box.hinv(), { x, n } = atoms;
  if (box.triclinic) {
    for (let i = 0; i < n; i++) { if (unstable) checkFinite(atoms, i); remapWith(box, h, hinv, atoms, i); }
    return;
  }
  const [xlo, ylo, zlo] = box.lo, [xhi, yhi, zhi] = box.hi;
  const visit = (i: number): void => { if (unstable) checkFinite(atoms, i); remapWith(box, h, hinv, atoms, i); };
  if (scan) {
    const m = scan.k.outside_atoms(n, scan.x, xlo, ylo, zlo, xhi, yhi, zhi, scan.list);
    const list = new Int32Array(scan.k.memory.buffer, scan.list, m);
    for (let j = 0; j < m; j++) visit(list[j]);
    return;
  }
  for (let i = 0, i3 = 0; i < n; i++, i3 += 3) {
    const a = x[i3], b = x[i3 + 1], c = x[i3 + 2];
    if (!(a > xlo && a < xhi && b > ylo && b < yhi && c > zlo && c < zhi)) visit(i);
  }
}
