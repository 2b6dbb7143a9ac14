// Binned neighbour-list construction: atoms (owned and ghost) are counting-sorted into Cartesian bins, then a
// half list (newton on) is built with a stencil that is half in z and full in x, y, keeping pair (i, j) exactly
// once by the translation-invariant ordering "j above i" (z, then y, then x, then index), as LAMMPS
// npair_half_bin_newton_tri does. Correct for orthogonal and triclinic periodic cells alike. Entries are written in the
// skin-list format of assembly/list.ts (3 or 4 bytes each).

import { entry, listStride, putEntry } from './list';

// floor(v) as i32 for |v| < 2^31: floor is exact, and adding 1.5·2^52 leaves it, two's complement, in the low 32 bits
// (V8 compiles a float-to-integer conversion to a round trip with range checks; this is one add and one move).
// @ts-ignore: decorator
@inline function ifloor(v: f64): i32 { return <i32>reinterpret<i64>(Math.floor(v) + 6755399441055744.0); }

// The bin of the atom at p (clamped into the grid).
// @ts-ignore: decorator
@inline function binIndex(p: usize, lox: f64, loy: f64, loz: f64, inv: f64, nbx: i32, nby: i32, nbz: i32): i32 {
  const ix = min(max(ifloor((load<f64>(p) - lox) * inv), 0), nbx - 1);
  const iy = min(max(ifloor((load<f64>(p + 8) - loy) * inv), 0), nby - 1);
  const iz = min(max(ifloor((load<f64>(p + 16) - loz) * inv), 0), nbz - 1);
  return (iz * nby + iy) * nbx + ix;
}

// Atom i at the cursor of its bin (an i32 in cursors, advanced): its index into binAtoms, its position into xb.
// @ts-ignore: decorator
@inline function placeAtom(i: i32, x: usize, binOf: usize, cursors: usize, binAtoms: usize, xb: usize): void {
  const c = cursors + (<usize>load<i32>(binOf + (<usize>i << 2)) << 2);
  const k = load<i32>(c);
  store<i32>(binAtoms + (<usize>k << 2), i);
  const src = x + <usize>i * 24, dst = xb + <usize>k * 24;
  store<f64>(dst, load<f64>(src));
  store<f64>(dst, load<f64>(src, 8), 8);
  store<f64>(dst, load<f64>(src, 16), 16);
  store<i32>(c, k + 1);
}

/** Counting sort of atoms into bins. binOf[i] (i32) receives each atom's bin, binStart (i32, nbins+1) the CSR
 *  offsets, binAtoms (i32, nall) the atom indices grouped by bin in increasing index order, and xb (f64, 3·nall)
 *  their positions in that order, so that scanning a row of bins reads memory contiguously. Atoms outside the
 *  grid (by fewer than 2^31 bins) are clamped into the edge bins. A worker team sorts in three steps instead, each
 *  rank on a slice of the atoms: bin_count, bin_offsets (one rank), bin_place; the result is the same. */
export function bin_atoms(nall: i32, x: usize, lox: f64, loy: f64, loz: f64, binsize: f64,
                          nbx: i32, nby: i32, nbz: i32, binOf: usize, binStart: usize, binAtoms: usize, xb: usize): void {
  const nbins = nbx * nby * nbz;
  // bin b's count into binStart[b + 1]
  store<i32>(binStart, 0);
  bin_count(0, nall, x, lox, loy, loz, binsize, nbx, nby, nbz, binOf, binStart + 4);
  for (let b = 0; b < nbins; b++) {
    const c = binStart + (<usize>(b + 1) << 2);
    store<i32>(c, load<i32>(c) + load<i32>(binStart + (<usize>b << 2)));
  }
  // Fill bins in increasing atom index; binStart[b] is advanced as a cursor and restored afterwards.
  bin_place(0, nall, x, binOf, binStart, binAtoms, xb);
  for (let b = nbins; b > 0; b--) {
    store<i32>(binStart + (<usize>b << 2), load<i32>(binStart + (<usize>(b - 1) << 2)));
  }
  store<i32>(binStart, 0);
}

/** bin_atoms's first step for atoms a0..a1-1 (a rank's slice): their bins into binOf, and how many of them each
 *  bin holds into counts (i32, nbx·nby·nbz, zeroed here). */
export function bin_count(a0: i32, a1: i32, x: usize, lox: f64, loy: f64, loz: f64, binsize: f64,
                          nbx: i32, nby: i32, nbz: i32, binOf: usize, counts: usize): void {
  const inv = 1.0 / binsize;
  const nbins = nbx * nby * nbz;
  for (let b = 0; b < nbins; b++) store<i32>(counts + (<usize>b << 2), 0);
  for (let i = a0; i < a1; i++) {
    const b = binIndex(x + <usize>i * 24, lox, loy, loz, inv, nbx, nby, nbz);
    store<i32>(binOf + (<usize>i << 2), b);
    const c = counts + (<usize>b << 2);
    store<i32>(c, load<i32>(c) + 1);
  }
}

/** bin_atoms's second step: from the counts of `ranks` slices of the atoms in slice order (slice r's nbins i32 at
 *  counts + r·stride bytes, as bin_count left them), binStart (nbins+1 i32) and, in place of each slice's counts, the
 *  cursor where its first atom of each bin goes (a bin's atoms in slice order, so in increasing index). */
export function bin_offsets(nbins: i32, ranks: i32, counts: usize, stride: usize, binStart: usize): void {
  let k = 0;
  for (let b = 0; b < nbins; b++) {
    store<i32>(binStart + (<usize>b << 2), k);
    for (let r = 0; r < ranks; r++) {
      const c = counts + <usize>r * stride + (<usize>b << 2);
      const m = load<i32>(c);
      store<i32>(c, k);
      k += m;
    }
  }
  store<i32>(binStart + (<usize>nbins << 2), k);
}

/** bin_atoms's last step for atoms a0..a1-1: each into binAtoms and xb at its bin's cursor (cursors: the slice's
 *  from bin_offsets, advanced). */
export function bin_place(a0: i32, a1: i32, x: usize, binOf: usize, cursors: usize, binAtoms: usize, xb: usize): void {
  for (let i = a0; i < a1; i++) placeAtom(i, x, binOf, cursors, binAtoms, xb);
}

/** Half neighbour list of owned atoms i0..i1-1 with pairs closer than sqrt(cutsq), written from idx[0] on:
 *  offs[i] (i32, for i in i0..i1-1) receives the start of atom i's pairs relative to idx, the caller writes the
 *  end offset (the list of a whole range is idx[0 .. returned count)). Disjoint atom ranges can be built at once
 *  into separate idx buffers and placed end to end afterwards (list_place).
 *  Returns the number of pairs; if that exceeds capacity, idx holds only part of the list (never more than
 *  capacity entries) and the host must grow idx and call again. A row of candidates that might not fit is
 *  skipped (only counted), so a build that skipped one returns more than capacity even if its pairs would fit.
 *  The grid starts at (lox, loy, loz) with cubic bins of edge binsize. For each atom only the bin rows whose
 *  y-z slab lies within the cutoff are scanned, and in each row only the bins within reach in x. */
export function build_half(i0: i32, i1: i32, x: usize, lox: f64, loy: f64, loz: f64, binsize: f64,
                           nbx: i32, nby: i32, nbz: i32,
                           binOf: usize, binStart: usize, binAtoms: usize, xb: usize, cutsq: f64,
                           offs: usize, idx: usize, capacity: i32): i32 {
  const inv = 1.0 / binsize;
  const cut = Math.sqrt(cutsq);
  let n = 0;
  // a row that might not fit is only counted; then the list is incomplete even if the final count fits
  let skipped = false;
  for (let i = i0; i < i1; i++) {
    store<i32>(offs + (<usize>i << 2), n);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi + 8), zi = load<f64>(pi + 16);
    const b = load<i32>(binOf + (<usize>i << 2));
    const bz = b / (nbx * nby);
    const y0 = max(ifloor((yi - cut - loy) * inv), 0), y1 = min(ifloor((yi + cut - loy) * inv), nby - 1);
    const z1 = min(ifloor((zi + cut - loz) * inv), nbz - 1);
    // bin rows (cz, cy) in order, each row's candidate range found one row ahead of its scan, so that the range's
    // dependent chain (square root, floors, loads) overlaps the previous row's scan instead of following it
    // (a fifth less time per build than finding each range just before its scan)
    let cz = bz, cy = y0;
    let k0 = 0, k1 = 0, own = false, pending = false;
    for (;;) {
      const more = cz <= z1;
      let nk0 = 0, nk1 = 0;
      const nown = cz == bz;
      if (more) {
        // distance from zi up to bin row cz (0 for its own row) and from yi to bin row cy
        const gz = nown ? 0.0 : loz + <f64>cz * binsize - zi;
        const ylo = loy + <f64>cy * binsize, yhi = ylo + binsize;
        const gy = yi < ylo ? ylo - yi : (yi > yhi ? yi - yhi : 0.0);
        const rem = cutsq - gz * gz - gy * gy;
        // (rem ≤ 0: an empty row, its bins found with reach 0 so that they lie inside the grid)
        const reach = Math.sqrt(max(rem, 0.0));
        const x0 = max(ifloor((xi - reach - lox) * inv), 0);
        const x1 = min(ifloor((xi + reach - lox) * inv), nbx - 1);
        const row = (cz * nby + cy) * nbx;
        // bins x0..x1 of one row are contiguous in binAtoms
        nk0 = load<i32>(binStart + (<usize>(row + x0) << 2));
        nk1 = select<i32>(load<i32>(binStart + (<usize>(row + x1 + 1) << 2)), nk0, rem > 0.0);
        if (++cy > y1) { cy = y0; cz++; }
      }
      if (pending) {
        // a row that might not fit is only counted (the host grows idx and builds again)
        if (n + (k1 - k0) <= capacity) {
          const out = idx + <usize>n * listStride();
          n += !own ? scanAbove(xb, binAtoms, k0, k1, xi, yi, zi, cutsq, out, true)
            : scanOwnRow(xb, binAtoms, k0, k1, i, xi, yi, zi, cutsq, out, true);
        } else {
          skipped = true;
          n += !own ? scanAbove(xb, binAtoms, k0, k1, xi, yi, zi, cutsq, 0, false)
            : scanOwnRow(xb, binAtoms, k0, k1, i, xi, yi, zi, cutsq, 0, false);
        }
      }
      if (!more) break;
      k0 = nk0; k1 = nk1; own = nown; pending = true;
    }
  }
  return skipped && n <= capacity ? capacity + 1 : n;
}

/** A bound on how far the half list build_half makes over these bins (binStart, binAtoms as bin_atoms leaves them)
 *  reaches in owned-atom index, taken around the ring 0 … nlocal−1: every owned neighbour j of row i within
 *  [i − down, i + up] (mod nlocal). From the arc of the ring holding each row of bins' owned atoms (fixed z and y) and
 *  the rows a row's atoms can list: the same z or up to `rows` rows above it, up to `rows` rows either way in y.
 *  arcs: scratch of 2·nby·nbz i32. Writes up, down to out (i32[2]) and returns 0; returns −1 when a row's atoms, or two
 *  rows in reach of each other, lie more than a quarter of the ring apart (no useful bound). */
export function bin_reach(nlocal: i32, nbx: i32, nby: i32, nbz: i32, rows: i32, binStart: usize, binAtoms: usize,
                          arcs: usize, out: usize): i32 {
  const n = nlocal, quarter = n >> 2, nrows = nby * nbz;
  for (let row = 0; row < nrows; row++) {
    let c = -1, lo = 0, hi = 0;
    const end = load<i32>(binStart + (<usize>((row + 1) * nbx) << 2));
    for (let k = load<i32>(binStart + (<usize>(row * nbx) << 2)); k < end; k++) {
      const j = load<i32>(binAtoms + (<usize>k << 2));
      if (j >= n) continue;
      if (c < 0) { c = j; continue; }
      const d = ring(j - c, n);
      lo = min(lo, d); hi = max(hi, d);
    }
    if (c >= 0 && hi - lo > quarter) return -1;
    // the arc: its start and width (−1: no owned atom)
    store<i32>(arcs + (<usize>row << 3), c + lo);
    store<i32>(arcs + (<usize>row << 3), c < 0 ? -1 : hi - lo, 4);
  }
  let up = 0, down = 0;
  for (let z = 0; z < nbz; z++) {
    for (let y = 0; y < nby; y++) {
      const s = arcs + (<usize>(z * nby + y) << 3);
      const ws = load<i32>(s, 4);
      if (ws < 0) continue;
      const ss = load<i32>(s);
      for (let cz = z; cz <= min(z + rows, nbz - 1); cz++) {
        for (let cy = max(y - rows, 0); cy <= min(y + rows, nby - 1); cy++) {
          const t = arcs + (<usize>(cz * nby + cy) << 3);
          const wt = load<i32>(t, 4);
          if (wt < 0) continue;
          const st = load<i32>(t);
          const u = ring(st + wt - ss, n), d = ring(ss + ws - st, n);
          if (u > quarter || d > quarter) return -1;
          up = max(up, u); down = max(down, d);
        }
      }
    }
  }
  store<i32>(out, up);
  store<i32>(out, down, 4);
  return 0;
}

// The signed distance d around a ring of n, in (−n/2, n/2].
// @ts-ignore: decorator
@inline function ring(d: i32, n: i32): i32 {
  return 2 * d > n ? d - n : (2 * d <= -n ? d + n : d);
}

/** Place the list of atoms i0..i1-1 built into src (count pairs, offsets relative to src) at pair position
 *  base of dst: offs[i] += base, dst[base .. base+count) = src[0 .. count) (entries of listStride() bytes). */
export function list_place(i0: i32, i1: i32, offs: usize, base: i32, dst: usize, src: usize, count: i32): void {
  for (let i = i0; i < i1; i++) {
    const p = offs + (<usize>i << 2);
    store<i32>(p, load<i32>(p) + base);
  }
  memory.copy(dst + <usize>base * listStride(), src, <usize>count * listStride());
}

// Squared distances from (x, y, z) to two candidates at (xj, yj, zj), lane by lane as the scalar loops compute them.
// @ts-ignore: decorator
@inline function rsq2(x: v128, y: v128, z: v128, xj: v128, yj: v128, zj: v128): v128 {
  const dx = f64x2.sub(x, xj), dy = f64x2.sub(y, yj), dz = f64x2.sub(z, zj);
  return f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
}

// Branch-free output of candidates k and k+1: both written at the cursor w, which advances past those whose bit is
// set in keep (bit 0: k, bit 1: k+1). Returns the new cursor.
// @ts-ignore: decorator
@inline function keep2(w: usize, binAtoms: usize, k: i32, keep: i32, stride: usize): usize {
  putEntry(w, load<i32>(binAtoms + (<usize>k << 2)));
  w += <usize>(keep & 1) * stride;
  putEntry(w, load<i32>(binAtoms + (<usize>k << 2), 4));
  return w + <usize>(keep >> 1) * stride;
}

// Candidates k0..k1 of a bin row above atom i's own: all lie above i in z, so only the distance decides.
// Branch-free: every candidate is written at the cursor, which advances only for accepted ones. Returns the
// number accepted (written to out when write is set).
// @ts-ignore: decorator
@inline function scanAbove(xb: usize, binAtoms: usize, k0: i32, k1: i32, xi: f64, yi: f64, zi: f64, cutsq: f64,
                           out: usize, write: bool): i32 {
  const stride = listStride();
  let w = out;
  let count = 0;
  let k = k0;
  if (ASC_FEATURE_SIMD) {
    // two candidates per iteration: their six coordinates are contiguous in xb
    const vx = f64x2.splat(xi), vy = f64x2.splat(yi), vz = f64x2.splat(zi), vc = f64x2.splat(cutsq);
    for (; k + 1 < k1; k += 2) {
      const pj = xb + <usize>k * 24;
      const a = v128.load(pj), b = v128.load(pj, 16), c = v128.load(pj, 32);
      const rsq = rsq2(vx, vy, vz, v128.shuffle<f64>(a, b, 0, 3), v128.shuffle<f64>(a, c, 1, 2), v128.shuffle<f64>(b, c, 0, 3));
      const inside = i64x2.bitmask(f64x2.lt(rsq, vc));
      if (write) w = keep2(w, binAtoms, k, inside, stride);
      count += (inside & 1) + (inside >> 1);
    }
  }
  for (; k < k1; k++) {
    const pj = xb + <usize>k * 24;
    const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj + 8), dz = zi - load<f64>(pj + 16);
    const inside = i32(dx * dx + dy * dy + dz * dz < cutsq);
    if (write) {
      putEntry(w, load<i32>(binAtoms + (<usize>k << 2)));
      w += <usize>inside * stride;
    }
    count += inside;
  }
  return count;
}

// Candidates k0..k1 of atom i's own bin row: a pair is kept once, when j lies above i in the order z, y, x,
// index (translation invariant, so an atom and its periodic image are ordered consistently).
// @ts-ignore: decorator
@inline function scanOwnRow(xb: usize, binAtoms: usize, k0: i32, k1: i32, i: i32, xi: f64, yi: f64, zi: f64,
                            cutsq: f64, out: usize, write: bool): i32 {
  const stride = listStride();
  let w = out;
  let count = 0;
  let k = k0;
  if (ASC_FEATURE_SIMD) {
    // two candidates per iteration, the same comparisons lane by lane (i64 lanes for the indices)
    const vx = f64x2.splat(xi), vy = f64x2.splat(yi), vz = f64x2.splat(zi), vc = f64x2.splat(cutsq), vi = i64x2.splat(<i64>i);
    for (; k + 1 < k1; k += 2) {
      const pj = xb + <usize>k * 24;
      const a = v128.load(pj), b = v128.load(pj, 16), c = v128.load(pj, 32);
      const xj = v128.shuffle<f64>(a, b, 0, 3), yj = v128.shuffle<f64>(a, c, 1, 2), zj = v128.shuffle<f64>(b, c, 0, 3);
      const jj = i64x2.extend_low_i32x4_s(v128.load64_zero(binAtoms + (<usize>k << 2)));
      const above = v128.or(f64x2.gt(zj, vz), v128.and(f64x2.eq(zj, vz),
        v128.or(f64x2.gt(yj, vy), v128.and(f64x2.eq(yj, vy),
          v128.or(f64x2.gt(xj, vx), v128.and(f64x2.eq(xj, vx), i64x2.gt_s(jj, vi)))))));
      const keep = i64x2.bitmask(v128.and(above, f64x2.lt(rsq2(vx, vy, vz, xj, yj, zj), vc)));
      if (write) w = keep2(w, binAtoms, k, keep, stride);
      count += (keep & 1) + (keep >> 1);
    }
  }
  for (; k < k1; k++) {
    const pj = xb + <usize>k * 24;
    const xj = load<f64>(pj), yj = load<f64>(pj + 8), zj = load<f64>(pj + 16);
    const j = load<i32>(binAtoms + (<usize>k << 2));
    const above = i32(zj > zi) | (i32(zj == zi) & (i32(yj > yi) | (i32(yj == yi) & (i32(xj > xi) | (i32(xj == xi) & i32(j > i))))));
    const dx = xi - xj, dy = yi - yj, dz = zi - zj;
    const keep = above & i32(dx * dx + dy * dy + dz * dz < cutsq);
    if (write) {
      putEntry(w, j);
      w += <usize>keep * stride;
    }
    count += keep;
  }
  return count;
}

/** A shorter list taken from the half list (offs, idx) of atoms 0..n-1: the pairs with r² ≤ cutsq at the positions x,
 *  in the same order, into (offs2, idx2); idx2 needs room for every pair of the long list. Returns its pair count.
 *  Taken at the build's positions with a cutoff of a style's force cutoff plus the skin, it holds every pair the
 *  style can see until the next build, in the order the long list has them (so a style's sums are unchanged). */
export function list_shorten(n: i32, x: usize, offs: usize, idx: usize, cutsq: f64, offs2: usize, idx2: usize): i32 {
  let c = 0;
  for (let i = 0; i < n; i++) {
    store<i32>(offs2 + (<usize>i << 2), c);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const k1 = load<i32>(offs + (<usize>(i + 1) << 2));
    for (let k = load<i32>(offs + (<usize>i << 2)); k < k1; k++) {
      const j = entry(idx, k);
      const pj = x + <usize>j * 24;
      const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
      putEntry(idx2 + <usize>c * listStride(), j);
      c += i32(dx * dx + dy * dy + dz * dz <= cutsq);
    }
  }
  store<i32>(offs2 + (<usize>n << 2), c);
  return c;
}
