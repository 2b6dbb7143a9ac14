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

/** How far the half list reaches in atom index around the ring: every owned neighbour j of row i has
 *  i − down ≤ j ≤ i + up (mod n). */
export interface Reach { up: number; down: number }

/**
 * A bound on the reach of the half list built over the bins (binStart: CSR offsets of nbx·nby·nbz bins, binAtoms: the
 * atoms by bin, as bin_atoms leaves them), from the arc of the ring that holds the owned atoms of each row of bins
 * (fixed z and y) and the rows a row's atoms can list: the same z or up to `rows` rows above it, and up to `rows` rows
 * either way in y (build_half's stencil: for bins of half the cutoff, 2 rows, one more for rounding). Null when a row's
 * atoms, or two rows in reach of each other, lie more than a quarter of the ring apart. O(atoms + rows of bins).
 */
export function listReach(binStart: Int32Array, binAtoms: Int32Array, nlocal: number, nbx: number, nby: number, nbz: number,
  rows: number): Reach | null {
  const n = nlocal, quarter = n / 4, nrows = nby * nbz;
  // the signed distance from a to b around the ring, in (−n/2, n/2]
  const ring = (d: number): number => (d > n / 2 ? d - n : d <= -n / 2 ? d + n : d);
  // each row's arc: from start, width atoms (−1: no owned atom)
  const start = new Int32Array(nrows), width = new Int32Array(nrows).fill(-1);
  for (let row = 0; row < nrows; row++) {
    let c = -1, lo = 0, hi = 0;
    for (let k = binStart[row * nbx], end = binStart[(row + 1) * nbx]; k < end; k++) {
      const j = binAtoms[k];
      if (j >= n) continue;
      if (c < 0) { c = j; continue; }
      const d = ring(j - c);
      if (d < lo) lo = d; else if (d > hi) hi = d;
    }
    if (c < 0) continue;
    if (hi - lo > quarter) return null;
    start[row] = c + lo; width[row] = hi - lo;
  }
  let up = 0, down = 0;
  for (let z = 0; z < nbz; z++) {
    for (let y = 0; y < nby; y++) {
      const s = z * nby + y;
      if (width[s] < 0) continue;
      for (let cz = z; cz <= Math.min(z + rows, nbz - 1); cz++) {
        for (let cy = Math.max(y - rows, 0); cy <= Math.min(y + rows, nby - 1); cy++) {
          const t = cz * nby + cy;
          if (width[t] < 0) continue;
          const u = ring(start[t] + width[t] - start[s]), d = ring(start[s] + width[s] - start[t]);
          if (u > quarter || d > quarter) return null;
          if (u > up) up = u;
          if (d > down) down = d;
        }
      }
    }
  }
  return { up, down };
}

/** The rows of each rank's head (up + down), or null when some rank's range (bounds[r] .. bounds[r+1]) is shorter than
 *  two heads, so that the heads of neighbouring ranks could write the same atoms. */
export function bandHead(bounds: Int32Array, reach: Reach): number | null {
  const head = reach.up + reach.down;
  for (let r = 0; r + 1 < bounds.length; r++) if (bounds[r + 1] - bounds[r] < 2 * head) return null;
  return head;
}
