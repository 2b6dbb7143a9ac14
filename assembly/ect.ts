// ECT-EAM (pair_style ect/eam, physics.md §3.2 with J = T_e = 0): the per-pair passes of one force evaluation over a
// half neighbour list (newton on), at state weights w_iM that the host's SPG solver (host/equalize) chooses:
//   ect_gather   short lists (short-range pairs, long-range-only pairs), r and the long-range kernel k_e u(r), u′(r)
//   ect_energy   E(w) and g = ∂E/∂w (§4.2, including the neighbour-weight term Σ_j F̄′_j n_M(r_ij)); once per SPG iteration
//                (ect_density, ect_embed, ect_pairs, ect_lr_grad in turn: the range passes a worker team shares)
//   ect_force    forces D_ij r̂ at fixed weights (§5.2, envelope theorem), per-atom virial
// Tables are cubic Hermite (host/potentials/ect-tables.ts hermiteWeights/applyHermite, the same operations in the same
// order): per element pair (a, b) and grid point k one row of T = 2K + K² values then T slopes, K the state stride:
// n_P of b's states, n_M of a's states, Φ^sr_MP (M of a, P of b). The SIMD build evaluates two tables of a row, two
// states of a sum over states (even and odd partial sums) or two pairs of the long-range sweep per f64x2; the scalar
// build does each lane's operations in the same order, so the two builds agree bit for bit.

import { addTo, pair2, tallyAtom } from './pairwise';
import { entry } from './list';

// Descriptor (byte offsets), written by the host (host/pair/ect-eam.ts, docs/abi.md):
const D_K = 0;        // i32 state stride K (most states of any element, even)
const D_NG = 4;       // i32 grid points of the short-range tables
const D_NLR = 8;      // i32 grid points of the long-range table
const D_E = 12;       // i32 elements
const D_TYPE = 16;    // i32 → i32[ntypes+1]: element of each atom type (−1: NULL, not an ECT-EAM atom)
const D_NSTATE = 20;  // i32 → i32[E]: states of each element
const D_STATE = 24;   // i32 → f64[E][K][4]: E⁰_M, A·E_c, ρ̄₀, q_M of each state
const D_ROWS = 28;    // i32 → f64[E·E][NG][2T]: short-range table rows
const D_LR = 32;      // i32 → f64[NLR][2]: k_e u(r) and its slope
const D_REP = 36;     // i32 → f64[E·E][5]: φ_rep A, b, r_c, A e^{−r_c/b}, its slope
const D_RCS2 = 40;    // f64 (short-range cutoff)²
const D_RCL2 = 48;    // f64 (long-range cutoff)²
const D_RMIN = 56;    // f64 first grid point (Å)
const D_DR = 64;      // f64 grid step (Å)
const D_SELF = 72;    // f64 k_e·s: self energy −k_e s q_i² (§8.2, §8.3)
const D_OUT = 80;     // f64[4] out: E_embed, E_rep, E_sr, E_lr of the last ect_energy (E_rep from ect_gather)
const D_RCL = 112;    // f64 long-range cutoff (Å); 120 bytes in all

/** Embedding below this host density is F(0) = E⁰ (host/potentials/ect-embedding.ts RHO_TINY). */
const RHO_TINY = 1e-30;

// Cubic Hermite weights (hermiteWeights) of r on a grid of n points from rmin, step h: interval, then the weights of
// v_k, d_k, v_k+1, d_k+1 in the value (h1..h4, when value) and in the slope (h5..h8, when slope), as globals (one set
// per pair).
let hk: i32 = 0;
let h1 = 0.0, h2 = 0.0, h3 = 0.0, h4 = 0.0, h5 = 0.0, h6 = 0.0, h7 = 0.0, h8 = 0.0;

// @ts-ignore: decorator
@inline function hermite(r: f64, rmin: f64, h: f64, n: i32, value: bool, slope: bool): void {
  const x = (r - rmin) / h;
  const kf = min<f64>(Math.floor(x), <f64>(n - 2));
  const u = x - kf, u2 = u * u, u3 = u2 * u;
  hk = <i32>kf;
  if (value) { h1 = 2 * u3 - 3 * u2 + 1; h2 = (u3 - 2 * u2 + u) * h; h3 = -2 * u3 + 3 * u2; h4 = (u3 - u2) * h; }
  if (slope) { h5 = (6 * u2 - 6 * u) / h; h6 = 3 * u2 - 4 * u + 1; h7 = -h5; h8 = 3 * u2 - 2 * u; }
}

/** Values (slopes = false) or slopes of the first count tables (even) of a row set at the current Hermite interval
 *  into out[t] (f64): applyHermite's ((w1 v_k + w2 d_k) + w3 v_k+1) + w4 d_k+1 per table. */
// @ts-ignore: decorator
@inline function tables(rows: usize, T: i32, count: i32, slopes: bool, out: usize): void {
  const v0 = rows + <usize>hk * <usize>(16 * T), d0 = v0 + <usize>(8 * T), v1 = d0 + <usize>(8 * T), d1 = v1 + <usize>(8 * T);
  const a = slopes ? h5 : h1, b = slopes ? h6 : h2, c = slopes ? h7 : h3, d = slopes ? h8 : h4;
  if (ASC_FEATURE_SIMD) {
    const va = f64x2.splat(a), vb = f64x2.splat(b), vc = f64x2.splat(c), vd = f64x2.splat(d);
    for (let t = 0; t < count; t += 2) {
      const o = <usize>t << 3;
      v128.store(out + o, f64x2.add(f64x2.add(f64x2.add(f64x2.mul(va, v128.load(v0 + o)), f64x2.mul(vb, v128.load(d0 + o))),
        f64x2.mul(vc, v128.load(v1 + o))), f64x2.mul(vd, v128.load(d1 + o))));
    }
  } else {
    for (let t = 0; t < count; t++) {
      const o = <usize>t << 3;
      store<f64>(out + o, a * load<f64>(v0 + o) + b * load<f64>(d0 + o) + c * load<f64>(v1 + o) + d * load<f64>(d1 + o));
    }
  }
}

// @ts-ignore: decorator
@inline function elementOf(pot: usize, type: usize, i: i32): i32 {
  return load<i32>(<usize>load<i32>(pot, D_TYPE) + (<usize>load<i32>(type + (<usize>i << 2)) << 2));
}

// @ts-ignore: decorator
@inline function ownerOf(n: i32, owner: usize, j: i32): i32 {
  return j < n ? j : load<i32>(owner + (<usize>(j - n) << 2));
}

// @ts-ignore: decorator
@inline function at(a: usize, i: i32): f64 { return load<f64>(a + (<usize>i << 3)); }

// @ts-ignore: decorator
@inline function put(a: usize, i: i32, v: f64): void { store<f64>(a + (<usize>i << 3), v); }

/** Σ_P a[P]·b[P] over P < K (K even) as two partial sums, of even and of odd P, added at the end: the SIMD build's
 *  two lanes, which the scalar build follows (bitwise equal). */
// @ts-ignore: decorator
@inline function dot(a: usize, b: usize, K: i32): f64 {
  if (ASC_FEATURE_SIMD) {
    let acc = f64x2.splat(0.0);
    for (let P = 0; P < K; P += 2) acc = f64x2.add(acc, f64x2.mul(v128.load(a + (<usize>P << 3)), v128.load(b + (<usize>P << 3))));
    return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  }
  let even = 0.0, odd = 0.0;
  for (let P = 0; P < K; P += 2) { even += at(a, P) * at(b, P); odd += at(a, P + 1) * at(b, P + 1); }
  return even + odd;
}

/** y[P] += s·x[P] for P < K (K even). */
// @ts-ignore: decorator
@inline function axpy(y: usize, s: f64, x: usize, K: i32): void {
  if (ASC_FEATURE_SIMD) {
    const vs = f64x2.splat(s);
    for (let P = 0; P < K; P += 2) {
      const o = <usize>P << 3;
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(vs, v128.load(x + o))));
    }
  } else {
    for (let P = 0; P < K; P++) put(y, P, at(y, P) + s * at(x, P));
  }
}

/** φ_rep(r) = A e^{−r/b} with the shifted-force cut-off at its own r_c (physics.md §7.5): value (slope = false) or
 *  slope; rep points to the element pair's A, b, r_c, A e^{−r_c/b}, −A e^{−r_c/b}/b. */
// @ts-ignore: decorator
@inline function repulsion(rep: usize, r: f64, slope: bool): f64 {
  const A = load<f64>(rep), b = load<f64>(rep, 8), rc = load<f64>(rep, 16);
  if (A == 0 || r >= rc) return 0.0;
  const e = A * Math.exp(-r / b), ec = load<f64>(rep, 24), dc = load<f64>(rep, 32);
  return slope ? -e / b - dc : e - ec - (r - rc) * dc;
}

/**
 * Short lists of owned atoms i0..i1-1 from their skin-list rows (offs, idx), each inside its own row so that ranges of
 * atoms can be gathered concurrently: atom i's pairs with r < the short-range cutoff at sidx[offs[i] .. send[i]), from
 * the row's start up, its pairs inside the long-range cutoff only at sidx[lbeg[i] .. offs[i+1]), from the row's end
 * down; r per listed pair into r, the long-range kernel k_e u(r) and its slope into v, dv (0 beyond the long-range
 * cutoff). Pairs with an atom of a NULL type (element −1: another sub-style's atom under pair_style hybrid) are listed
 * in neither. Stores Σ φ_rep of the range's short lists into out[1] (f64).
 * Returns the number of the range's short-list pairs, or −(k + 1) for the first skin-list entry k closer than the
 * tables' first point (the host names the atoms).
 */
export function ect_gather(pot: usize, i0: i32, i1: i32, x: usize, type: usize, offs: usize, idx: usize,
                           send: usize, lbeg: usize, sidx: usize, r: usize, v: usize, dv: usize, out: usize): i32 {
  const rcs2 = load<f64>(pot, D_RCS2), rcl2 = load<f64>(pot, D_RCL2), rmin = load<f64>(pot, D_RMIN);
  const repT = <usize>load<i32>(pot, D_REP), E = load<i32>(pot, D_E);
  let count = 0;
  for (let i = i0; i < i1; i++) {
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const k0 = load<i32>(offs + (<usize>i << 2)), k1 = load<i32>(offs + (<usize>(i + 1) << 2));
    const ecti = elementOf(pot, type, i) >= 0;
    let ns = k0, nl = k1;
    // branch-free compaction: every entry is written at both ends, which advance only for the pairs they keep (the
    // two ends never cross: before entry k, (ns − k0) + (k1 − nl) ≤ k − k0 < k1 − k0)
    for (let k = k0; k < k1; k++) {
      const j = entry(idx, k);
      const pj = x + <usize>j * 24;
      const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
      const r2 = dx * dx + dy * dy + dz * dz;
      const rr = Math.sqrt(r2);
      const ect = ecti && elementOf(pot, type, j) >= 0;
      if (ect && rr < rmin) return -(k + 1);
      const short = ect && r2 < rcs2, long = ect && !short && r2 < rcl2;
      store<i32>(sidx + (<usize>ns << 2), j);
      put(r, ns, rr);
      store<i32>(sidx + (<usize>(nl - 1) << 2), j);
      put(r, nl - 1, rr);
      ns += <i32>short;
      nl -= <i32>long;
    }
    store<i32>(send + (<usize>i << 2), ns);
    store<i32>(lbeg + (<usize>i << 2), nl);
    longRange(pot, r, v, dv, k0, ns);
    longRange(pot, r, v, dv, nl, k1);
    count += ns - k0;
  }
  // Σ φ_rep over the short-range pairs
  let erep = 0.0;
  for (let i = i0; i < i1; i++) {
    // (an atom of a NULL type has an empty short list)
    const rep = repT + <usize>(40 * E * max(0, elementOf(pot, type, i)));
    for (let k = load<i32>(offs + (<usize>i << 2)), k1 = load<i32>(send + (<usize>i << 2)); k < k1; k++) {
      erep += repulsion(rep + <usize>(40 * elementOf(pot, type, load<i32>(sidx + (<usize>k << 2)))), at(r, k), false);
    }
  }
  store<f64>(out, erep, 8);
  return count;
}

/** k_e u(r) and its slope (0 at and beyond the long-range cutoff) of list pairs k0..k1-1 from r into v, dv. The SIMD
 *  build takes two pairs per f64x2 with hermite()'s operations lane by lane (bitwise the scalar build). */
// @ts-ignore: decorator
@inline function longRange(pot: usize, r: usize, v: usize, dv: usize, k0: i32, k1: i32): void {
  const rmin = load<f64>(pot, D_RMIN), h = load<f64>(pot, D_DR), rc = load<f64>(pot, D_RCL);
  const nlr = load<i32>(pot, D_NLR), lr = <usize>load<i32>(pot, D_LR);
  let k = k0;
  if (ASC_FEATURE_SIMD) {
    const vrmin = f64x2.splat(rmin), vh = f64x2.splat(h), vrc = f64x2.splat(rc), last = f64x2.splat(<f64>(nlr - 2));
    const one = f64x2.splat(1.0), two = f64x2.splat(2.0), three = f64x2.splat(3.0), four = f64x2.splat(4.0), six = f64x2.splat(6.0);
    for (; k + 1 < k1; k += 2) {
      const o = <usize>k << 3;
      const rr = v128.load(r + o);
      const x = f64x2.div(f64x2.sub(rr, vrmin), vh);
      const kf = f64x2.pmin(f64x2.floor(x), last);
      const u = f64x2.sub(x, kf), u2 = f64x2.mul(u, u), u3 = f64x2.mul(u2, u);
      const w1 = f64x2.add(f64x2.sub(f64x2.mul(two, u3), f64x2.mul(three, u2)), one);
      const w2 = f64x2.mul(f64x2.add(f64x2.sub(u3, f64x2.mul(two, u2)), u), vh);
      const w3 = f64x2.add(f64x2.mul(f64x2.neg(two), u3), f64x2.mul(three, u2));
      const w4 = f64x2.mul(f64x2.sub(u3, u2), vh);
      const w5 = f64x2.div(f64x2.sub(f64x2.mul(six, u2), f64x2.mul(six, u)), vh);
      const w6 = f64x2.add(f64x2.sub(f64x2.mul(three, u2), f64x2.mul(four, u)), one);
      const w7 = f64x2.neg(w5);
      const w8 = f64x2.sub(f64x2.mul(three, u2), f64x2.mul(two, u));
      const t0 = lr + (<usize>(<i32>f64x2.extract_lane(kf, 0)) << 4), t1 = lr + (<usize>(<i32>f64x2.extract_lane(kf, 1)) << 4);
      const v0 = pair2(t0, t1, 0), d0 = pair2(t0, t1, 8), v1 = pair2(t0, t1, 16), d1 = pair2(t0, t1, 24);
      const inside = f64x2.lt(rr, vrc);
      v128.store(v + o, v128.and(inside, f64x2.add(f64x2.add(f64x2.add(f64x2.mul(w1, v0), f64x2.mul(w2, d0)), f64x2.mul(w3, v1)), f64x2.mul(w4, d1))));
      v128.store(dv + o, v128.and(inside, f64x2.add(f64x2.add(f64x2.add(f64x2.mul(w5, v0), f64x2.mul(w6, d0)), f64x2.mul(w7, v1)), f64x2.mul(w8, d1))));
    }
  }
  for (; k < k1; k++) {
    const rr = at(r, k);
    hermite(rr, rmin, h, nlr, true, true);
    const t = lr + (<usize>hk << 4);
    const inside = rr < rc;
    put(v, k, inside ? h1 * load<f64>(t) + h2 * load<f64>(t, 8) + h3 * load<f64>(t, 16) + h4 * load<f64>(t, 24) : 0.0);
    put(dv, k, inside ? h5 * load<f64>(t) + h6 * load<f64>(t, 8) + h7 * load<f64>(t, 16) + h8 * load<f64>(t, 24) : 0.0);
  }
}

/**
 * ρ̄ of ect_energy for the pairs of owned atoms i0..i1-1 (n owned atoms in all): rho[i] and rho[j] += the pair's
 * Σ_P w_P n_P(r_ij) into a caller-zeroed rho (n f64; a worker team gives each rank its own, folded in rank order).
 * scratch: 8·(2K + K²) bytes.
 */
export function ect_density(pot: usize, i0: i32, i1: i32, n: i32, type: usize, owner: usize, offs: usize, send: usize, sidx: usize,
                            r: usize, w: usize, rho: usize, scratch: usize): void {
  const K = load<i32>(pot, D_K), T = 2 * K + K * K, E = load<i32>(pot, D_E), ng = load<i32>(pot, D_NG);
  const rmin = load<f64>(pot, D_RMIN), dr = load<f64>(pot, D_DR);
  const rowsT = <usize>load<i32>(pot, D_ROWS), rowBytes = <usize>ng * <usize>(16 * T);
  for (let i = i0; i < i1; i++) {
    const ei = elementOf(pot, type, i);
    const wi = w + <usize>(i * K) * 8;
    for (let k = load<i32>(offs + (<usize>i << 2)), k1 = load<i32>(send + (<usize>i << 2)); k < k1; k++) {
      const j = ownerOf(n, owner, load<i32>(sidx + (<usize>k << 2)));
      const ej = elementOf(pot, type, j);
      const wj = w + <usize>(j * K) * 8;
      hermite(at(r, k), rmin, dr, ng, true, false);
      tables(rowsT + <usize>(ei * E + ej) * rowBytes, T, 2 * K, false, scratch);
      put(rho, i, at(rho, i) + dot(wj, scratch, K));
      put(rho, j, at(rho, j) + dot(wi, scratch + <usize>(8 * K), K));
    }
  }
}

/**
 * Per-atom part of ect_energy for owned atoms i0..i1-1 at the complete ρ̄ (rho): embedding F_M(ρ̄_i) (Baskes form,
 * host/potentials/ect-embedding.ts), q_i, F̄′_i, V_i ← −2 k_e s q_i (the self term), g[i][M] ← F_M(ρ̄_i) when g != 0,
 * eatom[i] += embedding and self energy when eatom != 0. out (f64[4], ect_energy's E_embed, E_rep, E_sr, E_lr):
 * out[0] ← E_embed, out[3] ← the self energy of these atoms. Atoms of NULL types are left alone (their q, F̄′, V, g
 * untouched: no ECT-EAM pair reads them).
 */
export function ect_embed(pot: usize, i0: i32, i1: i32, type: usize, rho: usize, w: usize, g: usize, fp: usize, q: usize,
                          V: usize, eatom: usize, out: usize): void {
  const K = load<i32>(pot, D_K), kes = load<f64>(pot, D_SELF);
  const nstate = <usize>load<i32>(pot, D_NSTATE), stateT = <usize>load<i32>(pot, D_STATE);
  let eEmbed = 0.0, eLr = 0.0;
  for (let i = i0; i < i1; i++) {
    const ei = elementOf(pot, type, i);
    if (ei < 0) continue;
    const Ki = load<i32>(nstate + (<usize>ei << 2));
    const wi = w + <usize>(i * K) * 8, st = stateT + <usize>(ei * K) * 32;
    const rhoi = at(rho, i);
    let qi = 0.0, fpi = 0.0, e = 0.0;
    for (let M = 0; M < Ki; M++) qi += at(wi, M) * load<f64>(st + <usize>M * 32, 24);
    for (let M = 0; M < Ki; M++) {
      const s = st + <usize>M * 32;
      const E0 = load<f64>(s), scale = load<f64>(s, 8), rho0 = load<f64>(s, 16);
      let F = E0, dF = 0.0;
      if (rhoi >= RHO_TINY) {
        const xr = rhoi / rho0, lnx = Math.log(xr);
        F = E0 + scale * xr * lnx;
        dF = (scale / rho0) * (lnx + 1);
      }
      if (g) put(g, i * K + M, F);
      e += at(wi, M) * F; fpi += at(wi, M) * dF;
    }
    put(q, i, qi);
    put(fp, i, fpi);
    eEmbed += e;
    if (eatom) put(eatom, i, at(eatom, i) + (e - kes * qi * qi));
    put(V, i, -2 * kes * qi);
    eLr -= kes * qi * qi;
  }
  store<f64>(out, eEmbed);
  store<f64>(out, eLr, 24);
}

/**
 * Pair part of ect_energy for the pairs of owned atoms i0..i1-1 at complete q and F̄′ (ect_embed): long range on the
 * net charges, Φ^sr_MP, the neighbour-weight terms F̄′_j n_M(r_ij) of the gradient. Adds into V (n f64) and g (K f64
 * per atom, when g != 0) of i and j, and eatom (owned and ghost, when eatom != 0; then also φ_rep); a worker team gives
 * each rank its own V and g (zeroed), folded in rank order. out (f64[4] as ect_embed's): out[3] += E_lr of the pairs,
 * out[2] ← E_sr, out[1] ← E_rep when eatom != 0. scratch: 8·(2K + K²) bytes.
 */
export function ect_pairs(pot: usize, i0: i32, i1: i32, n: i32, type: usize, owner: usize, offs: usize, send: usize,
                          lbeg: usize, sidx: usize, r: usize, v: usize, w: usize, g: usize, fp: usize, q: usize, V: usize,
                          eatom: usize, scratch: usize, out: usize): void {
  const K = load<i32>(pot, D_K), T = 2 * K + K * K, E = load<i32>(pot, D_E), ng = load<i32>(pot, D_NG);
  const rmin = load<f64>(pot, D_RMIN), dr = load<f64>(pot, D_DR);
  const rowsT = <usize>load<i32>(pot, D_ROWS), repT = <usize>load<i32>(pot, D_REP);
  const rowBytes = <usize>ng * <usize>(16 * T);
  let eSr = 0.0, eRep = 0.0, eLr = load<f64>(out, 24);
  for (let i = i0; i < i1; i++) {
    const ei = elementOf(pot, type, i);
    const wi = w + <usize>(i * K) * 8, gi = g + <usize>(i * K) * 8;
    const qi = at(q, i), fpi = at(fp, i);
    // V accumulates in memory (not in a local for atom i): j may be a periodic image of i itself
    for (let k = load<i32>(offs + (<usize>i << 2)), k1 = load<i32>(send + (<usize>i << 2)); k < k1; k++) {
      const jr = load<i32>(sidx + (<usize>k << 2)), j = ownerOf(n, owner, jr);
      const ej = elementOf(pot, type, j);
      const wj = w + <usize>(j * K) * 8, gj = g + <usize>(j * K) * 8;
      const vk = at(v, k), qj = at(q, j), fpj = at(fp, j);
      const ulr = vk * qi * qj;
      put(V, i, at(V, i) + vk * qj);
      put(V, j, at(V, j) + vk * qi);
      eLr += ulr;
      const rk = at(r, k);
      hermite(rk, rmin, dr, ng, true, false);
      tables(rowsT + <usize>(ei * E + ej) * rowBytes, T, T, false, scratch);
      const phiT = scratch + <usize>(16 * K);
      let phi = 0.0;
      for (let M = 0; M < K; M++) {
        const wiM = at(wi, M), row = phiT + <usize>(8 * M * K);
        const s = dot(wj, row, K);
        phi += wiM * s;
        if (g) {
          axpy(gj, wiM, row, K);
          put(gi, M, at(gi, M) + (s + fpj * at(scratch, K + M)));
        }
      }
      if (g) axpy(gj, fpi, scratch, K);
      eSr += phi;
      if (eatom) {
        const rep = repulsion(repT + <usize>(40 * (ei * E + ej)), rk, false);
        eRep += rep;
        const half = 0.5 * (ulr + phi + rep);
        put(eatom, i, at(eatom, i) + half);
        put(eatom, jr, at(eatom, jr) + half);
      }
    }
    for (let k = load<i32>(lbeg + (<usize>i << 2)), k1 = load<i32>(offs + (<usize>(i + 1) << 2)); k < k1; k++) {
      const jr = load<i32>(sidx + (<usize>k << 2)), j = ownerOf(n, owner, jr);
      const vk = at(v, k), qj = at(q, j);
      const ulr = vk * qi * qj;
      put(V, i, at(V, i) + vk * qj);
      put(V, j, at(V, j) + vk * qi);
      eLr += ulr;
      if (eatom) {
        put(eatom, i, at(eatom, i) + 0.5 * ulr);
        put(eatom, jr, at(eatom, jr) + 0.5 * ulr);
      }
    }
  }
  if (eatom) store<f64>(out, eRep, 8);
  store<f64>(out, eSr, 16);
  store<f64>(out, eLr, 24);
}

/** ∂E_lr/∂w_iM = q_M V_i added to g of owned atoms i0..i1-1 at the complete V (ect_pairs); NULL-type atoms skipped. */
export function ect_lr_grad(pot: usize, i0: i32, i1: i32, type: usize, V: usize, g: usize): void {
  const K = load<i32>(pot, D_K), nstate = <usize>load<i32>(pot, D_NSTATE), stateT = <usize>load<i32>(pot, D_STATE);
  for (let i = i0; i < i1; i++) {
    const ei = elementOf(pot, type, i);
    if (ei < 0) continue;
    const Ki = load<i32>(nstate + (<usize>ei << 2));
    const gi = g + <usize>(i * K) * 8, st = stateT + <usize>(ei * K) * 32, Vi = at(V, i);
    for (let M = 0; M < Ki; M++) put(gi, M, at(gi, M) + load<f64>(st + <usize>M * 32, 24) * Vi);
  }
}

/**
 * E(w) at the weights w (owned atoms 0..n-1, K f64 per atom, 0 beyond an atom's states: pair loops run over all K
 * slots, which the zero tables and weights leave exact) over the short lists of ect_gather, on one thread: ect_density,
 * ect_embed, ect_pairs and ect_lr_grad over all owned atoms in turn. Returns E = E_embed + E_rep + E_sr + E_lr and
 * stores the four parts in the descriptor. Writes ρ̄_i (rho), F̄′_i = Σ_M w_iM F′_M(ρ̄_i) (fp), q_i = Σ_M w_iM q_M (q)
 * and the long-range potential V_i = ∂E_lr/∂q_i (V) of every owned atom. g (K f64 per atom) ← ∂E/∂w (physics.md §4.2)
 * when g != 0; eatom (owned and ghost, caller folds) += per-atom energies when eatom != 0 (pair terms split ½/½).
 * scratch: 8·(2K + K²) bytes.
 */
export function ect_energy(pot: usize, n: i32, type: usize, owner: usize, offs: usize, send: usize, lbeg: usize, sidx: usize,
                           r: usize, v: usize, w: usize, g: usize, rho: usize, fp: usize, q: usize, V: usize,
                           eatom: usize, scratch: usize): f64 {
  for (let i = 0; i < n; i++) put(rho, i, 0.0);
  ect_density(pot, 0, n, n, type, owner, offs, send, sidx, r, w, rho, scratch);
  const out = pot + D_OUT;
  ect_embed(pot, 0, n, type, rho, w, g, fp, q, V, eatom, out);
  ect_pairs(pot, 0, n, n, type, owner, offs, send, lbeg, sidx, r, v, w, g, fp, q, V, eatom, scratch, out);
  if (g) ect_lr_grad(pot, 0, n, type, V, g);
  return at(out, 0) + at(out, 1) + at(out, 2) + at(out, 3);
}

/**
 * Forces at fixed weights (physics.md §5.2) of the pairs of owned atoms i0..i1-1 (n: owned atoms, for the owners of
 * ghosts): each short-list pair adds −D_ij/r_ij · (x_i − x_j) to i and the opposite to j (owned or ghost; caller
 * folds; a worker team gives each rank an atom range and its own f), D_ij = k_e u′ q_i q_j + F̄′_i Σ_P w_jP n′_P + F̄′_j Σ_M w_iM n′_M
 * + Σ_MP w_iM w_jP Φ′_MP + φ′_rep; fp and q from ect_energy at these weights. vatom (6 f64 per atom, owned and ghost)
 * += half of each pair's virial when vatom != 0. scratch as ect_energy.
 */
export function ect_force(pot: usize, i0: i32, i1: i32, n: i32, x: usize, type: usize, owner: usize, offs: usize, send: usize,
                          lbeg: usize, sidx: usize, r: usize, dv: usize, w: usize, fp: usize, q: usize, f: usize, vatom: usize, scratch: usize): void {
  const K = load<i32>(pot, D_K), T = 2 * K + K * K, E = load<i32>(pot, D_E), ng = load<i32>(pot, D_NG);
  const rmin = load<f64>(pot, D_RMIN), dr = load<f64>(pot, D_DR);
  const rowsT = <usize>load<i32>(pot, D_ROWS), repT = <usize>load<i32>(pot, D_REP);
  const rowBytes = <usize>ng * <usize>(16 * T);
  for (let i = i0; i < i1; i++) {
    const ei = elementOf(pot, type, i);
    const wi = w + <usize>(i * K) * 8;
    const qi = at(q, i), fpi = at(fp, i);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    let fxi = 0.0, fyi = 0.0, fzi = 0.0;
    // pass 0: the short-range pairs; pass 1: the long-range-only pairs
    for (let pass = 0; pass < 2; pass++) {
      const k0 = load<i32>(pass == 0 ? offs + (<usize>i << 2) : lbeg + (<usize>i << 2));
      const k1 = load<i32>(pass == 0 ? send + (<usize>i << 2) : offs + (<usize>(i + 1) << 2));
      for (let k = k0; k < k1; k++) {
        const jr = load<i32>(sidx + (<usize>k << 2)), j = ownerOf(n, owner, jr);
        const rk = at(r, k);
        let D = at(dv, k) * qi * at(q, j);
        if (pass == 0) {
          const ej = elementOf(pot, type, j);
          const wj = w + <usize>(j * K) * 8;
          hermite(rk, rmin, dr, ng, false, true);
          tables(rowsT + <usize>(ei * E + ej) * rowBytes, T, T, true, scratch);
          const phiT = scratch + <usize>(16 * K);
          const dri = dot(wj, scratch, K), drj = dot(wi, scratch + <usize>(8 * K), K);
          let dphi = 0.0;
          for (let M = 0; M < K; M++) dphi += at(wi, M) * dot(wj, phiT + <usize>(8 * M * K), K);
          D += fpi * dri + at(fp, j) * drj + dphi + repulsion(repT + <usize>(40 * (ei * E + ej)), rk, true);
        }
        const fpair = -D / rk;
        const pj = x + <usize>jr * 24;
        const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
        const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
        fxi += fx; fyi += fy; fzi += fz;
        const fj = f + <usize>jr * 24;
        addTo(fj, -fx); addTo(fj + 8, -fy); addTo(fj + 16, -fz);
        if (vatom) tallyAtom(0, vatom, i, jr, 0.0, fpair, dx, dy, dz);
      }
    }
    const fi = f + <usize>i * 24;
    addTo(fi, fxi); addTo(fi + 8, fyi); addTo(fi + 16, fzi);
  }
}
