// Ghost-atom communication inside one periodic cell: forward (owner → ghost) copies and
// reverse (ghost → owner) sums, the single-process analogue of LAMMPS comm->forward/reverse_comm.

/** x[g] = x[owner[g]] + shift[g] for every ghost g in [nlocal, nlocal+nghost). owner: i32, shift: f64x3 per ghost. */
export function ghost_positions(nlocal: i32, nghost: i32, owner: usize, shift: usize, x: usize): void {
  for (let k = 0; k < nghost; k++) {
    const g = nlocal + k;
    const o = load<i32>(owner + (<usize>k << 2));
    const xs = x + (<usize>o) * 24;
    const xg = x + (<usize>g) * 24;
    const s = shift + (<usize>k) * 24;
    store<f64>(xg, load<f64>(xs) + load<f64>(s));
    store<f64>(xg + 8, load<f64>(xs + 8) + load<f64>(s + 8));
    store<f64>(xg + 16, load<f64>(xs + 16) + load<f64>(s + 16));
  }
}

/** a[owner[g]] += a[g] for `width` consecutive f64 per atom; owner is always an owned atom. */
export function ghost_fold(nlocal: i32, nghost: i32, owner: usize, a: usize, width: i32): void {
  foldGhosts(nlocal, nghost, owner, a, width, 0, nlocal, false);
}

/** ghost_fold restricted to the ghosts whose owner lies in o0..o1-1 (in ghost order, so each owner receives the same
 *  additions in the same order as from ghost_fold): disjoint owner ranges can be folded at once. */
export function ghost_fold_owners(nlocal: i32, nghost: i32, owner: usize, a: usize, width: i32, o0: i32, o1: i32): void {
  foldGhosts(nlocal, nghost, owner, a, width, o0, o1, true);
}

// The ghosts' values onto their owners, all ghosts or (only) those whose owner lies in o0..o1-1.
// @ts-ignore: decorator
@inline function foldGhosts(nlocal: i32, nghost: i32, owner: usize, a: usize, width: i32, o0: i32, o1: i32, only: bool): void {
  if (ASC_FEATURE_SIMD && width == 3) {
    // a vector's x, y and the scalar z (the same additions)
    for (let k = 0; k < nghost; k++) {
      const o = load<i32>(owner + (<usize>k << 2));
      if (only && (o < o0 || o >= o1)) continue;
      const src = a + <usize>(nlocal + k) * 24, dst = a + <usize>o * 24;
      v128.store(dst, f64x2.add(v128.load(dst), v128.load(src)));
      store<f64>(dst, load<f64>(dst, 16) + load<f64>(src, 16), 16);
    }
    return;
  }
  const stride = <usize>width << 3;
  for (let k = 0; k < nghost; k++) {
    const o = load<i32>(owner + (<usize>k << 2));
    if (only && (o < o0 || o >= o1)) continue;
    const src = a + <usize>(nlocal + k) * stride;
    const dst = a + <usize>o * stride;
    for (let c = 0; c < width; c++) {
      const off = <usize>c << 3;
      store<f64>(dst + off, load<f64>(dst + off) + load<f64>(src + off));
    }
  }
}

/** a[g] = a[owner[g]] for one f64 per atom (forward communication of per-atom scalars such as fp). */
export function ghost_copy(nlocal: i32, nghost: i32, owner: usize, a: usize): void {
  copyGhosts(nlocal, nghost, owner, a, 0, nlocal, false);
}

/** ghost_copy restricted to the ghosts whose owner lies in o0..o1-1. */
export function ghost_copy_owners(nlocal: i32, nghost: i32, owner: usize, a: usize, o0: i32, o1: i32): void {
  copyGhosts(nlocal, nghost, owner, a, o0, o1, true);
}

// @ts-ignore: decorator
@inline function copyGhosts(nlocal: i32, nghost: i32, owner: usize, a: usize, o0: i32, o1: i32, only: bool): void {
  for (let k = 0; k < nghost; k++) {
    const o = load<i32>(owner + (<usize>k << 2));
    if (only && (o < o0 || o >= o1)) continue;
    store<f64>(a + (<usize>(nlocal + k) << 3), load<f64>(a + (<usize>o << 3)));
  }
}

/** Global virial by Σ x·f over atoms a0..a1-1 (owned and ghost) before the reverse sum (LAMMPS
 *  virial_fdotr_compute). out[0..5] += xx yy zz xy xz yz. */
export function virial_fdotr(a0: i32, a1: i32, x: usize, f: usize, out: usize): void {
  virialSum(a0, a1, 0, 0, 0, x, f, out, false);
}

/** virial_fdotr and ghost_fold of the forces in one pass, for the owned atoms o0..o1-1 and the ghosts whose owner lies
 *  there: out[0..5] += Σ x⊗f over those owned atoms, then over those ghosts in ghost order (the forces before the
 *  fold), and each such ghost's force is added to its owner's. Over o0..o1 = 0..nlocal this is virial_fdotr(0, nall)
 *  followed by ghost_fold(f, 3), bitwise; disjoint owner ranges can be processed at once. */
export function virial_fold(nlocal: i32, nghost: i32, owner: usize, x: usize, f: usize, o0: i32, o1: i32, out: usize): void {
  virialSum(o0, o1, nlocal, nghost, owner, x, f, out, true);
}

// out[0..5] += Σ x⊗f over atoms a0..a1-1, then (ghosts) over the ghosts whose owner lies in a0..a1-1, in one running
// sum, each such ghost's force added to its owner's once counted (the owners' own terms are all summed before).
// @ts-ignore: decorator
@inline function virialSum(a0: i32, a1: i32, nlocal: i32, nghost: i32, owner: usize, x: usize, f: usize, out: usize,
                           ghosts: bool): void {
  let vxx = 0.0, vyy = 0.0, vzz = 0.0, vxy = 0.0, vxz = 0.0, vyz = 0.0;
  const end = ghosts ? a1 + nghost : a1;
  for (let t = a0; t < end; t++) {
    let i = t, o = -1;
    if (ghosts && t >= a1) {
      o = load<i32>(owner + (<usize>(t - a1) << 2));
      if (o < a0 || o >= a1) continue;
      i = nlocal + t - a1;
    }
    const p = <usize>i * 24;
    const x0 = load<f64>(x + p), x1 = load<f64>(x + p + 8), x2 = load<f64>(x + p + 16);
    const f0 = load<f64>(f + p), f1 = load<f64>(f + p + 8), f2 = load<f64>(f + p + 16);
    vxx += f0 * x0; vyy += f1 * x1; vzz += f2 * x2;
    vxy += f1 * x0; vxz += f2 * x0; vyz += f2 * x1;
    if (ghosts && o >= 0) {
      // ghost_fold's additions, in its order (ghost order per owner)
      const q = f + <usize>o * 24;
      store<f64>(q, load<f64>(q) + f0); store<f64>(q, load<f64>(q, 8) + f1, 8); store<f64>(q, load<f64>(q, 16) + f2, 16);
    }
  }
  store<f64>(out, load<f64>(out) + vxx);
  store<f64>(out + 8, load<f64>(out + 8) + vyy);
  store<f64>(out + 16, load<f64>(out + 16) + vzz);
  store<f64>(out + 24, load<f64>(out + 24) + vxy);
  store<f64>(out + 32, load<f64>(out + 32) + vxz);
  store<f64>(out + 40, load<f64>(out + 40) + vyz);
}

/** dst[k] += src[k] for k in k0..k1-1 (f64): folds a worker's private accumulator into the shared one. */
export function add_into(k0: i32, k1: i32, dst: usize, src: usize): void {
  let k = k0;
  if (ASC_FEATURE_SIMD) {
    for (; k + 1 < k1; k += 2) {
      const d = dst + (<usize>k << 3), s = src + (<usize>k << 3);
      v128.store(d, f64x2.add(v128.load(d), v128.load(s)));
    }
  }
  for (; k < k1; k++) {
    const d = dst + (<usize>k << 3);
    store<f64>(d, load<f64>(d) + load<f64>(src + (<usize>k << 3)));
  }
}

/** a[k] = 0 for k in k0..k1-1 (f64). */
export function zero_f64(k0: i32, k1: i32, a: usize): void {
  memory.fill(a + (<usize>k0 << 3), 0, <usize>(k1 - k0) << 3);
}

// Ghost g: a copy of atom a (owned, or an earlier ghost) translated k periods along direction d, at fractional
// coordinate t there; its owner and image flags are a's, the image moved by k.
// @ts-ignore: decorator
@inline function addGhost(n: i32, g: i32, a: i32, d: i32, t: f64, k: i32, lam: usize, owner: usize, image: usize): void {
  const src = lam + <usize>a * 24, dst = lam + <usize>(n + g) * 24;
  store<f64>(dst, load<f64>(src)); store<f64>(dst, load<f64>(src, 8), 8); store<f64>(dst, load<f64>(src, 16), 16);
  store<f64>(dst + (<usize>d << 3), t);
  const im = image + <usize>g * 12;
  if (a < n) {
    store<i32>(owner + (<usize>g << 2), a);
    store<i32>(im, 0); store<i32>(im, 0, 4); store<i32>(im, 0, 8);
  } else {
    const s3 = image + <usize>(a - n) * 12;
    store<i32>(owner + (<usize>g << 2), load<i32>(owner + (<usize>(a - n) << 2)));
    store<i32>(im, load<i32>(s3)); store<i32>(im, load<i32>(s3, 4), 4); store<i32>(im, load<i32>(s3, 8), 8);
  }
  const c = im + (<usize>d << 2);
  store<i32>(c, load<i32>(c) + k);
}

/** Periodic ghosts of the owned atoms 0..n-1 (positions x inside the cell) for a cutoff reaching `cf0, cf1, cf2`
 *  cell widths beyond each pair of faces (0: that direction is not periodic), found direction by direction in
 *  fractional coordinates as LAMMPS comm->borders does, so images of images cover edges and corners. The cell
 *  is given by its lower corner and the inverse of its matrix (LAMMPS h_inv order xx yy zz yz xz xy) and, for
 *  the Cartesian shifts, its edge vectors a, b, c. Ghost k (0-based) is an image of owner[k] translated by
 *  image[3k..3k+2] whole periods along a, b, c, i.e. by shift[3k..3k+2] Å. lam is scratch of 3·(n + cap) f64.
 *  Returns the ghost count, or −1 when more than cap ghosts are needed (grow and call again). The steps are the
 *  exports below (ghost_frac, ghost_count, ghost_add, ghost_shifts), which a worker team runs on slices. */
export function ghost_build(n: i32, x: usize, lox: f64, loy: f64, loz: f64,
                            h0: f64, h1: f64, h2: f64, h3: f64, h4: f64, h5: f64,
                            cf0: f64, cf1: f64, cf2: f64,
                            ax: f64, ay: f64, az: f64, bx: f64, by: f64, bz: f64, cx: f64, cy: f64, cz: f64,
                            lam: usize, cap: i32, owner: usize, image: usize, shift: usize): i32 {
  ghost_frac(0, n, x, lox, loy, loz, h0, h1, h2, h3, h4, h5, lam);
  let ng = 0;
  for (let d = 0; d < 3; d++) {
    const cf = d == 0 ? cf0 : (d == 1 ? cf1 : cf2);
    if (cf <= 0.0) continue;
    ng = ghost_add(n, 0, n + ng, d, cf, lam, ng, cap, owner, image);
    if (ng < 0) return -1;
  }
  ghost_shifts(0, ng, image, ax, ay, az, bx, by, bz, cx, cy, cz, shift);
  return ng;
}

/** ghost_build's first step for atoms i0..i1-1: their fractional coordinates h⁻¹·(x − lo) into lam. */
export function ghost_frac(i0: i32, i1: i32, x: usize, lox: f64, loy: f64, loz: f64,
                           h0: f64, h1: f64, h2: f64, h3: f64, h4: f64, h5: f64, lam: usize): void {
  for (let i = i0; i < i1; i++) {
    const p = x + <usize>i * 24, l = lam + <usize>i * 24;
    const dx = load<f64>(p) - lox, dy = load<f64>(p, 8) - loy, dz = load<f64>(p, 16) - loz;
    store<f64>(l, h0 * dx + h5 * dy + h4 * dz);
    store<f64>(l, h1 * dy + h3 * dz, 8);
    store<f64>(l, h2 * dz, 16);
  }
}

// Whether the image k periods along a direction of an atom at fractional coordinate s there lies within cf cell
// widths of the cell (t in [−cf, 1 + cf)); its coordinate t = s + k.
// @ts-ignore: decorator
@inline function imageInside(s: f64, k: i32, cf: f64): bool {
  const t = s + <f64>k;
  return t >= -cf && t < 1.0 + cf;
}

/** The number of ghosts ghost_add would make along direction d (0, 1, 2) of the atoms a0..a1-1 (owned, or ghosts of
 *  the directions before: lam as ghost_frac and ghost_add leave it), for a cutoff of cf > 0 cell widths. */
export function ghost_count(a0: i32, a1: i32, d: i32, cf: f64, lam: usize): i32 {
  return imagesAlong(0, a0, a1, d, cf, lam, 0, i32.MAX_VALUE, 0, 0, false);
}

/** The ghosts along direction d of the atoms a0..a1-1 (as ghost_count), made ghosts g0, g0+1, … (atom n + g0 on; n:
 *  the owned atoms) in atom order and, per atom, image order (k ascending): their fractional coordinates in lam, owners
 *  and image flags. Returns the next free ghost index, or −1 when it would pass cap. */
export function ghost_add(n: i32, a0: i32, a1: i32, d: i32, cf: f64, lam: usize, g0: i32, cap: i32, owner: usize, image: usize): i32 {
  return imagesAlong(n, a0, a1, d, cf, lam, g0, cap, owner, image, true);
}

// The images along d of atoms a0..a1-1 within cf cell widths of the cell, k = ±1 … ±⌈cf⌉ ascending per atom, counted
// from g0 on and, with `place`, made ghosts there (addGhost); the next ghost index, or −1 past cap.
// @ts-ignore: decorator
@inline function imagesAlong(n: i32, a0: i32, a1: i32, d: i32, cf: f64, lam: usize, g0: i32, cap: i32, owner: usize,
                             image: usize, place: bool): i32 {
  const nimg = <i32>Math.ceil(cf);
  let g = g0;
  for (let a = a0; a < a1; a++) {
    const s = load<f64>(lam + <usize>a * 24 + (<usize>d << 3));
    for (let k = -nimg; k <= nimg; k++) {
      if (k == 0 || !imageInside(s, k, cf)) continue;
      if (g == cap) return -1;
      if (place) addGhost(n, g, a, d, s + <f64>k, k, lam, owner, image);
      g++;
    }
  }
  return g;
}

/** Cartesian translations of ghosts g0..g1-1 from their image flags and the cell's edge vectors a, b, c. */
export function ghost_shifts(g0: i32, g1: i32, image: usize, ax: f64, ay: f64, az: f64, bx: f64, by: f64, bz: f64,
                             cx: f64, cy: f64, cz: f64, shift: usize): void {
  for (let g = g0; g < g1; g++) {
    const im = image + <usize>g * 12, sh = shift + <usize>g * 24;
    const ia = <f64>load<i32>(im), ib = <f64>load<i32>(im, 4), ic = <f64>load<i32>(im, 8);
    store<f64>(sh, ia * ax + ib * bx + ic * cx);
    store<f64>(sh, ia * ay + ib * by + ic * cy, 8);
    store<f64>(sh, ia * az + ib * bz + ic * cz, 16);
  }
}

/** a[nlocal + k] = a[owner[k]] for one i32 per atom (ghost types). */
export function ghost_copy_i32(nlocal: i32, nghost: i32, owner: usize, a: usize): void {
  for (let k = 0; k < nghost; k++) {
    const o = load<i32>(owner + (<usize>k << 2));
    store<i32>(a + (<usize>(nlocal + k) << 2), load<i32>(a + (<usize>o << 2)));
  }
}

/** Bounding box of n positions: out[0..2] = min x, y, z, out[3..5] = max x, y, z (a NaN position gives NaN:
 *  wasm's f64.min/max propagate it). */
export function bounds3(n: i32, x: usize, out: usize): void {
  let lox = Infinity, loy = Infinity, loz = Infinity, hix = -Infinity, hiy = -Infinity, hiz = -Infinity;
  for (let i = 0; i < n; i++) {
    const p = x + <usize>i * 24;
    const px = load<f64>(p), py = load<f64>(p, 8), pz = load<f64>(p, 16);
    lox = min(lox, px); hix = max(hix, px);
    loy = min(loy, py); hiy = max(hiy, py);
    loz = min(loz, pz); hiz = max(hiz, pz);
  }
  store<f64>(out, lox); store<f64>(out, loy, 8); store<f64>(out, loz, 16);
  store<f64>(out, hix, 24); store<f64>(out, hiy, 32); store<f64>(out, hiz, 40);
}

/** The atoms of 0..n-1 whose position is not strictly inside (lox, hix) × (loy, hiy) × (loz, hiz) (a non-finite
 *  coordinate is never inside), in index order into out (i32; room for n): the atoms a wrap into an orthogonal cell
 *  must visit. Returns their number. */
export function outside_atoms(n: i32, x: usize, lox: f64, loy: f64, loz: f64, hix: f64, hiy: f64, hiz: f64, out: usize): i32 {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const p = x + <usize>i * 24;
    const a = load<f64>(p), b = load<f64>(p, 8), c = load<f64>(p, 16);
    if (!(a > lox && a < hix && b > loy && b < hiy && c > loz && c < hiz)) { store<i32>(out + (<usize>m << 2), i); m++; }
  }
  return m;
}

/** 1 when some atom of i0..i1-1 is farther than √trig from its position at the last neighbour build (xhold; LAMMPS
 *  Neighbor::check_distance, the same arithmetic), else 0. */
export function moved_beyond(i0: i32, i1: i32, x: usize, xhold: usize, trig: f64): i32 {
  for (let i = i0; i < i1; i++) {
    const o = <usize>i * 24;
    const dx = load<f64>(x + o) - load<f64>(xhold + o), dy = load<f64>(x + o, 8) - load<f64>(xhold + o, 8);
    const dz = load<f64>(x + o, 16) - load<f64>(xhold + o, 16);
    if (dx * dx + dy * dy + dz * dz > trig) return 1;
  }
  return 0;
}
