// Bands of the team's scatter passes (EAM's density and forces). A rank that walks the half-list rows of its atom
// range [b_r, b_{r+1}) adds to atom i and to its neighbours j, and every owned neighbour j of row i lies within
// [i − down, i + up], indices taken around the ring 0 … n−1 (an atom that crossed the cell's boundary since the last
// spatial sort keeps its index among the atoms of the other side, one range down or up the ring). Each rank's range
// is split into a head, its first `head = up + down` rows, and the rest. In the first of two passes every rank zeroes
// the atoms [b_r + up, b_{r+1} + up) of the shared accumulator and walks the rows after its head, writing
// [b_r + head − down, b_{r+1} + up) (no two ranks the same atom); in the second it walks its head, writing
// [b_r − down, b_r + head + up), apart from the other heads when every range holds two heads. So the ranks add to the
// owned atoms in place, in the same order for a given team size, and keep only their ghosts' sums in accumulators of
// their own (`name:g@r`, folded in rank order): a few bytes per atom instead of a whole copy of the accumulator per
// rank. Where a range is shorter than two heads (small cells on many ranks) or the atoms of a row of bins lie far
// apart in index, the passes fall back to a whole private accumulator per rank (`name@r`).

import type { KernelExports } from '../wasm/kernel.js';

/** How far the half list reaches in atom index around the ring: every owned neighbour j of row i has
 *  i − down ≤ j ≤ i + up (mod n). */
export interface Reach { up: number; down: number }

/** The kernel's bound on the reach of the list about to be built over the bins (bin_reach, with `arcs` the kernel
 *  address of 8·nby·nbz + 8 bytes of scratch), or null when the atoms of a row of bins, or of two rows in reach of each
 *  other, lie more than a quarter of the ring apart. `rows`: the bin rows a row's atoms can list (build_half's stencil:
 *  for bins of half the cutoff, 2 rows, one more for rounding). */
export function listReach(k: KernelExports, nlocal: number, grid: { nbx: number; nby: number; nbz: number; rows: number },
  binStart: number, binAtoms: number, arcs: number): Reach | null {
  const { nbx, nby, nbz, rows } = grid, out = arcs + 8 * nby * nbz;
  if (k.bin_reach(nlocal, nbx, nby, nbz, rows, binStart, binAtoms, arcs, out) < 0) return null;
  const view = new Int32Array(k.memory.buffer, out, 2);
  return { up: view[0], down: view[1] };
}

/** The rows of each rank's head (up + down), or null when some rank's range (bounds[r] .. bounds[r+1]) is shorter than
 *  two heads (times `room`), so that the heads of neighbouring ranks could write the same atoms. */
export function bandHead(bounds: Int32Array, reach: Reach, room = 1): number | null {
  const head = reach.up + reach.down;
  for (let r = 0; r + 1 < bounds.length; r++) if (bounds[r + 1] - bounds[r] < 2 * head * room) return null;
  return head;
}
