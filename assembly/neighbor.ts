// Binned neighbour-list construction: atoms (owned and ghost) are counting-sorted into Cartesian bins, then a
// half list (newton on) is built with a stencil that is half in z and full in x, y, keeping pair (i, j) exactly
// once by the translation-invariant ordering "j above i" (z, then y, then x, then index), as LAMMPS
// npair_half_bin_newton_tri does. Correct for orthogonal and triclinic periodic cells alike.

/** Counting sort of atoms into bins. binOf[i] (i32) receives each atom's bin, binStart (i32, nbins+1) the CSR
 *  offsets, binAtoms (i32, nall) the atom indices grouped by bin in increasing index order. Atoms outside the
 *  grid are clamped into the edge bins. */
export function bin_atoms(nall: i32, x: usize, lox: f64, loy: f64, loz: f64, binsize: f64,
                          nbx: i32, nby: i32, nbz: i32, binOf: usize, binStart: usize, binAtoms: usize): void {
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
    store<i32>(c, k + 1);
  }
  for (let b = nbins; b > 0; b--) {
    store<i32>(binStart + (<usize>b << 2), load<i32>(binStart + (<usize>(b - 1) << 2)));
  }
  store<i32>(binStart, 0);
}

/** Half neighbour list of owned atoms 0..nlocal-1 with pairs closer than sqrt(cutsq).
 *  offs (i32, nlocal+1) receives CSR offsets, idx (i32, capacity) neighbour indices. Returns the number of pairs;
 *  if that exceeds capacity, idx holds only the first `capacity` and the host must grow idx and call again.
 *  s: stencil reach in bins (ceil(cutoff / binsize)). */
export function build_half(nlocal: i32, x: usize, nbx: i32, nby: i32, nbz: i32, s: i32,
                           binOf: usize, binStart: usize, binAtoms: usize, cutsq: f64,
                           offs: usize, idx: usize, capacity: i32): i32 {
  let n = 0;
  for (let i = 0; i < nlocal; i++) {
    store<i32>(offs + (<usize>i << 2), n);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi + 8), zi = load<f64>(pi + 16);
    const b = load<i32>(binOf + (<usize>i << 2));
    const bx = b % nbx;
    const by = (b / nbx) % nby;
    const bz = b / (nbx * nby);
    const z1 = min(bz + s, nbz - 1);
    const y0 = max(by - s, 0), y1 = min(by + s, nby - 1);
    const x0 = max(bx - s, 0), x1 = min(bx + s, nbx - 1);
    for (let cz = bz; cz <= z1; cz++) {
      for (let cy = y0; cy <= y1; cy++) {
        const row = (cz * nby + cy) * nbx;
        // bins x0..x1 of one row are contiguous in binAtoms
        const k0 = load<i32>(binStart + (<usize>(row + x0) << 2));
        const k1 = load<i32>(binStart + (<usize>(row + x1 + 1) << 2));
        for (let k = k0; k < k1; k++) {
          const j = load<i32>(binAtoms + (<usize>k << 2));
          const pj = x + <usize>j * 24;
          const xj = load<f64>(pj), yj = load<f64>(pj + 8), zj = load<f64>(pj + 16);
          if (zj < zi) continue;
          if (zj == zi) {
            if (yj < yi) continue;
            if (yj == yi) {
              if (xj < xi) continue;
              if (xj == xi && j <= i) continue;
            }
          }
          const dx = xi - xj, dy = yi - yj, dz = zi - zj;
          const rsq = dx * dx + dy * dy + dz * dz;
          if (rsq < cutsq) {
            if (n < capacity) store<i32>(idx + (<usize>n << 2), j);
            n++;
          }
        }
      }
    }
  }
  store<i32>(offs + (<usize>nlocal << 2), n);
  return n;
}
