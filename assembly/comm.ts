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
  const stride = <usize>width << 3;
  for (let k = 0; k < nghost; k++) {
    const g = nlocal + k;
    const o = load<i32>(owner + (<usize>k << 2));
    const src = a + (<usize>g) * stride;
    const dst = a + (<usize>o) * stride;
    for (let c = 0; c < width; c++) {
      const off = <usize>c << 3;
      store<f64>(dst + off, load<f64>(dst + off) + load<f64>(src + off));
    }
  }
}

/** a[g] = a[owner[g]] for one f64 per atom (forward communication of per-atom scalars such as fp). */
export function ghost_copy(nlocal: i32, nghost: i32, owner: usize, a: usize): void {
  for (let k = 0; k < nghost; k++) {
    const o = load<i32>(owner + (<usize>k << 2));
    store<f64>(a + (<usize>(nlocal + k) << 3), load<f64>(a + (<usize>o << 3)));
  }
}

/** Global virial by Σ x·f over atoms a0..a1-1 (owned and ghost) before the reverse sum (LAMMPS
 *  virial_fdotr_compute). out[0..5] += xx yy zz xy xz yz. */
export function virial_fdotr(a0: i32, a1: i32, x: usize, f: usize, out: usize): void {
  let vxx = 0.0, vyy = 0.0, vzz = 0.0, vxy = 0.0, vxz = 0.0, vyz = 0.0;
  for (let i = a0; i < a1; i++) {
    const p = <usize>i * 24;
    const x0 = load<f64>(x + p), x1 = load<f64>(x + p + 8), x2 = load<f64>(x + p + 16);
    const f0 = load<f64>(f + p), f1 = load<f64>(f + p + 8), f2 = load<f64>(f + p + 16);
    vxx += f0 * x0; vyy += f1 * x1; vzz += f2 * x2;
    vxy += f1 * x0; vxz += f2 * x0; vyz += f2 * x1;
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
