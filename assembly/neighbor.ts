// Binned neighbour-list construction: atoms (owned and ghost) are counting-sorted into Cartesian bins, then a
// half list (newton on) is built with a stencil that is half in z and full in x, y, keeping pair (i, j) exactly
// once by the translation-invariant ordering "j above i" (z, then y, then x, then index), as LAMMPS
// npair_half_bin_newton_tri does. Correct for orthogonal and triclinic periodic cells alike.

/** Counting sort of atoms into bins. binOf[i] (i32) receives each atom's bin, binStart (i32, nbins+1) the CSR
 *  offsets, binAtoms (i32, nall) the atom indices grouped by bin in increasing index order, and xb (f64, 3·nall)
 *  their positions in that order, so that scanning a row of bins reads memory contiguously. Atoms outside the
 *  grid are clamped into the edge bins. */
export function bin_atoms(nall: i32, x: usize, lox: f64, loy: f64, loz: f64, binsize: f64,
                          nbx: i32, nby: i32, nbz: i32, binOf: usize, binStart: usize, binAtoms: usize, xb: usize): void {
  const inv = 1.0 / binsize;
  const nbins = nbx * nby * nbz;
  for (let b = 0; b <= nbins; b++) store<i32>(binStart + (<usize>b << 2), 0);
  for (let i = 0; i < nall; i++) {
    const p = x + <usize>i * 24;
    let ix = <i32>Math.floor((load<f64>(p) - lox) * inv);
    let iy = <i32>Math.floor((load<f64>(p + 8) - loy) * inv);
    let iz = <i32>Math.floor((load<f64>(p + 16) - loz) * inv);
    ix = ix < 0 ? 0 : (ix >= nbx ? nbx - 1 : ix);
    iy = iy < 0 ? 0 : (iy >= nby ? nby - 1 : iy);
    iz = iz < 0 ? 0 : (iz >= nbz ? nbz - 1 : iz);
    const b = (iz * nby + iy) * nbx + ix;
    store<i32>(binOf + (<usize>i << 2), b);
    const c = binStart + (<usize>(b + 1) << 2);
    store<i32>(c, load<i32>(c) + 1);
  }
  for (let b = 0; b < nbins; b++) {
    const c = binStart + (<usize>(b + 1) << 2);
    store<i32>(c, load<i32>(c) + load<i32>(binStart + (<usize>b << 2)));
  }
  // Fill bins in increasing atom index; binStart[b] is advanced as a cursor and restored afterwards.
  for (let i = 0; i < nall; i++) {
    const b = load<i32>(binOf + (<usize>i << 2));
    const c = binStart + (<usize>b << 2);
    const k = load<i32>(c);
    store<i32>(binAtoms + (<usize>k << 2), i);
    const src = x + <usize>i * 24, dst = xb + <usize>k * 24;
    store<f64>(dst, load<f64>(src));
    store<f64>(dst, load<f64>(src, 8), 8);
    store<f64>(dst, load<f64>(src, 16), 16);
    store<i32>(c, k + 1);
  }
  for (let b = nbins; b > 0; b--) {
    store<i32>(binStart + (<usize>b << 2), load<i32>(binStart + (<usize>(b - 1) << 2)));
  }
  store<i32>(binStart, 0);
}

/** Half neighbour list of owned atoms 0..nlocal-1 with pairs closer than sqrt(cutsq).
 *  offs (i32, nlocal+1) receives CSR offsets, idx (i32, capacity+1: one scratch slot) neighbour indices.
 *  Returns the number of pairs;
 *  if that exceeds capacity, idx holds only the first `capacity` and the host must grow idx and call again.
 *  The grid starts at (lox, loy, loz) with cubic bins of edge binsize. For each atom only the bin rows whose
 *  y-z slab lies within the cutoff are scanned, and in each row only the bins within reach in x. */
export function build_half(nlocal: i32, x: usize, lox: f64, loy: f64, loz: f64, binsize: f64,
                           nbx: i32, nby: i32, nbz: i32,
                           binOf: usize, binStart: usize, binAtoms: usize, xb: usize, cutsq: f64,
                           offs: usize, idx: usize, capacity: i32): i32 {
  const inv = 1.0 / binsize;
  const cut = Math.sqrt(cutsq);
  let n = 0;
  for (let i = 0; i < nlocal; i++) {
    store<i32>(offs + (<usize>i << 2), n);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi + 8), zi = load<f64>(pi + 16);
    const b = load<i32>(binOf + (<usize>i << 2));
    const bz = b / (nbx * nby);
    const y0 = max(<i32>Math.floor((yi - cut - loy) * inv), 0), y1 = min(<i32>Math.floor((yi + cut - loy) * inv), nby - 1);
    const z1 = min(<i32>Math.floor((zi + cut - loz) * inv), nbz - 1);
    for (let cz = bz; cz <= z1; cz++) {
      // distance from zi up to bin row cz (0 for its own row)
      const gz = cz == bz ? 0.0 : loz + <f64>cz * binsize - zi;
      const rz = gz * gz;
      for (let cy = y0; cy <= y1; cy++) {
        const ylo = loy + <f64>cy * binsize, yhi = ylo + binsize;
        const gy = yi < ylo ? ylo - yi : (yi > yhi ? yi - yhi : 0.0);
        const rem = cutsq - rz - gy * gy;
        if (rem <= 0.0) continue;
        const reach = Math.sqrt(rem);
        const x0 = max(<i32>Math.floor((xi - reach - lox) * inv), 0);
        const x1 = min(<i32>Math.floor((xi + reach - lox) * inv), nbx - 1);
        const row = (cz * nby + cy) * nbx;
        // bins x0..x1 of one row are contiguous in binAtoms
        const k0 = load<i32>(binStart + (<usize>(row + x0) << 2));
        const k1 = load<i32>(binStart + (<usize>(row + x1 + 1) << 2));
        if (cz > bz) {
          // every atom of a higher bin row lies above i in z: only the distance decides (branch-free)
          for (let k = k0; k < k1; k++) {
            const pj = xb + <usize>k * 24;
            const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj + 8), dz = zi - load<f64>(pj + 16);
            store<i32>(idx + (<usize>min(n, capacity) << 2), load<i32>(binAtoms + (<usize>k << 2)));
            n += i32(dx * dx + dy * dy + dz * dz < cutsq);
          }
        } else {
          for (let k = k0; k < k1; k++) {
            const pj = xb + <usize>k * 24;
            const xj = load<f64>(pj), yj = load<f64>(pj + 8), zj = load<f64>(pj + 16);
            const j = load<i32>(binAtoms + (<usize>k << 2));
            const above = i32(zj > zi) | (i32(zj == zi) & (i32(yj > yi) | (i32(yj == yi) & (i32(xj > xi) | (i32(xj == xi) & i32(j > i))))));
            const dx = xi - xj, dy = yi - yj, dz = zi - zj;
            store<i32>(idx + (<usize>min(n, capacity) << 2), j);
            n += above & i32(dx * dx + dy * dy + dz * dz < cutsq);
          }
        }
      }
    }
  }
  store<i32>(offs + (<usize>nlocal << 2), n);
  return n;
}
