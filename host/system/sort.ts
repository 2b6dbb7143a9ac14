// Spatial sort of the owned atoms (LAMMPS `atom_modify sort Nfreq binsize`, Atom::sort): the atoms are reordered by
// the bin of a regular grid over the cell (x fastest, then y, then z), keeping their order within a bin, so that
// neighbours sit close in memory for the list build and the force passes. Results change only by summation order.
// ectmd bins exactly as LAMMPS 29Sep2021 serial does, so the local order (and an unsorted dump) is the same.

import type { Atoms } from './atoms.js';
import type { Box } from './box.js';

export interface SortSettings {
  /** sort every this many steps (at the first rebuild at or after each multiple); 0: never */
  every: number;
  /** bin size (Å); 0: half the neighbour cutoff */
  binsize: number;
}

/** LAMMPS defaults: every 1000 steps, bins of half the neighbour cutoff. */
export function defaultSortSettings(): SortSettings {
  return { every: 1000, binsize: 0 };
}

/**
 * The reordering of the owned atoms: `perm[k]` is the present index of the atom that becomes atom k; null when there
 * is a single bin or the order would not change. Bins: LAMMPS Atom::setup_sort_bins over the cell's bounding box
 * (nbin = ⌊extent/binsize⌋, at least 1, then stretched to fill the extent). A triclinic cell is binned as LAMMPS
 * does while atoms are in fractional coordinates: fractional coordinates on the grid of the Cartesian bounding box.
 * `scratch`, when it holds n + bins + 1 entries, holds the permutation (its first n) and the bins' counts, so that a
 * large cell's sort allocates nothing of the atoms' size (the engine lends the forces' memory, unused until the force
 * evaluation after the neighbour build that sorts).
 */
export function sortPermutation(atoms: Atoms, box: Box, binsize: number, scratch: Int32Array | null = null): Int32Array | null {
  const corners = box.corners();
  const lo = [0, 1, 2].map((d) => Math.min(...corners.map((c) => c[d])));
  const hi = [0, 1, 2].map((d) => Math.max(...corners.map((c) => c[d])));
  const nbin = [0, 1, 2].map((d) => Math.max(1, Math.trunc((hi[d] - lo[d]) * (1 / binsize))));
  const inv = [0, 1, 2].map((d) => nbin[d] / (hi[d] - lo[d]));
  const nbins = nbin[0] * nbin[1] * nbin[2];
  if (nbins === 1) return null;
  const n = atoms.n, x = atoms.x, lam = [0, 0, 0], lent = scratch !== null && scratch.length >= n + nbins + 1;
  const start = lent ? scratch.subarray(n, n + nbins + 1).fill(0) : new Int32Array(nbins + 1);
  // atom i's bin, found twice (to count the bins, then to place the atoms) rather than kept: 4 bytes per atom less
  const binOf = (i: number): number => {
    let px = x[3 * i], py = x[3 * i + 1], pz = x[3 * i + 2];
    if (box.triclinic) { box.toLamda(px, py, pz, lam); [px, py, pz] = lam; }
    const ix = Math.min(Math.max(Math.trunc((px - lo[0]) * inv[0]), 0), nbin[0] - 1);
    const iy = Math.min(Math.max(Math.trunc((py - lo[1]) * inv[1]), 0), nbin[1] - 1);
    const iz = Math.min(Math.max(Math.trunc((pz - lo[2]) * inv[2]), 0), nbin[2] - 1);
    return (iz * nbin[1] + iy) * nbin[0] + ix;
  };
  for (let i = 0; i < n; i++) start[binOf(i) + 1]++;
  for (let b = 0; b < nbins; b++) start[b + 1] += start[b];
  const perm = lent ? scratch.subarray(0, n) : new Int32Array(n);
  let moved = false;
  for (let i = 0; i < n; i++) {
    const k = start[binOf(i)]++;
    perm[k] = i;
    if (k !== i) moved = true;
  }
  return moved ? perm : null;
}

/** Reorder rows of `width` values of `a` (rows 0..perm.length-1) so that row k becomes old row perm[k]: in place, one
 *  cycle of the permutation at a time, the rows placed marked in perm itself (entry k stored as ~perm[k], all restored
 *  before returning), so that sorting the atoms of a large cell allocates nothing of the atoms' size (a copy of the
 *  positions alone is 24 bytes per atom, resident until the garbage collector happens to free it). */
export function permuteRows<T extends Float64Array | Int32Array | Int16Array | Uint8Array>(a: T, perm: Int32Array, width: number): void {
  const n = perm.length, first = a.slice(0, width);
  for (let s = 0; s < n; s++) {
    if (perm[s] < 0) continue;
    // the cycle s ← perm[s] ← perm[perm[s]] … : each row takes the next one's old values, the last takes row s's
    for (let c = 0; c < width; c++) first[c] = a[s * width + c];
    let k = s;
    for (;;) {
      const j = perm[k];
      perm[k] = ~j;
      if (j === s) { for (let c = 0; c < width; c++) a[k * width + c] = first[c]; break; }
      for (let c = 0; c < width; c++) a[k * width + c] = a[j * width + c];
      k = j;
    }
  }
  for (let k = 0; k < n; k++) perm[k] = ~perm[k];
}

/** The permutation that puts atoms with IDs `from` (present order) into the order of IDs `to`, or null when the two
 *  are not the same set of IDs. */
export function permutationByTag(from: Int32Array, to: Int32Array): Int32Array | null {
  if (from.length !== to.length) return null;
  const index = new Map<number, number>();
  for (let i = 0; i < from.length; i++) index.set(from[i], i);
  const perm = new Int32Array(to.length);
  for (let k = 0; k < to.length; k++) {
    const i = index.get(to[k]);
    if (i === undefined) return null;
    perm[k] = i;
  }
  return perm;
}
