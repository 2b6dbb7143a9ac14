// Charge equilibration of fix qeq/slater (LAMMPS src/QEQ/fix_qeq_slater.cpp, physics.md §9.2): the sparse matrix
// H_ij = k_e[erfc(α_f r)/r + C_ff(r)] over pairs r ≤ R_f with the fix's own α_f and R_f (no Wolf shift), the core
// field χ^Z_i = Σ_j k_e Z_j [C_jf_i(r) − C_ff(r)], and H·x for the host's conjugate-gradient solves.

import { erfc, erfc2v } from './erfc';
import { exp2v } from './exp';
import { quadraticPairsTab } from './coulomb-table';
import { cff, cff2, cnf, cnf2, gV, gV2, PAIR_BYTES, P_NTYPES, P_PAIRS, P_QQRD2E, P_TYPES, TYPE_BYTES, T_ACTIVE, T_Z, T_ZETA } from './slater';
import { addLanes, addTo, addTo2, compactRow, ownersRow, pair2, sp } from './pairwise';

/** H off-diagonal of every half-list pair (offs, idx) of owned atoms i0..i1-1 with r² ≤ cutsq into the short list
 *  (atom i's pairs at sidx/h[soffs[i]..send[i]), starting at offs[i0], so disjoint ranges can run concurrently; h one
 *  f64 per pair), and the core field into chiz (owned and ghost atoms; zeroed by the caller, ghosts folded after).
 *  pot is the coul/streitz descriptor (assembly/slater.ts); alpha is the fix's damping (1/Å); tab the fix's table
 *  (coul_table_fill kind 1 for alpha and a cutoff ≥ √cutsq; coulomb-table.ts), or 0 for the closed forms; scratch
 *  8192 bytes of the caller's own (the table passes). Each row's neighbours are then named by their owners (ghost j ≥
 *  nlocal → owner[j − nlocal]; ownersRow) for the mat-vecs. */
export function qeq_slater_matrix(pot: usize, i0: i32, i1: i32, x: usize, type: usize, offs: usize, idx: usize, cutsq: f64,
                                  alpha: f64, soffs: usize, send: usize, sidx: usize, h: usize, chiz: usize, tab: usize, scratch: usize,
                                  nlocal: i32, owner: usize): void {
  if (tab != 0) {
    quadraticPairsTab(tab, 0, cutsq, i0, i1, x, type, offs, idx, soffs, send, sidx, h, chiz, scratch, nlocal, owner);
    return;
  }
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const types = <usize>load<i32>(pot, P_TYPES), pairs = <usize>load<i32>(pot, P_PAIRS);
  const qqrd2e = load<f64>(pot, P_QQRD2E);
  let ns = load<i32>(offs + (<usize>i0 << 2));
  for (let i = i0; i < i1; i++) {
    store<i32>(soffs + (<usize>i << 2), ns);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const it = load<i32>(type + (<usize>i << 2));
    const ti = types + <usize>it * TYPE_BYTES;
    const zei = load<f64>(ti, T_ZETA), zci = load<f64>(ti, T_Z);
    let chizi = 0.0;
    const k0 = load<i32>(offs + (<usize>i << 2)), k1 = load<i32>(offs + (<usize>(i + 1) << 2));
    const s0 = ns;
    // compaction first (r² parked in h), then the pairs inside the cutoff without a branch
    ns = compactRow(x, idx, k0, k1, xi, yi, zi, cutsq, sidx, h, ns);
    const ai = load<f64>(ti, T_ACTIVE);
    let k = s0;
    if (ASC_FEATURE_SIMD) {
      // two pairs per iteration: the scalar loop's operations lane by lane (exp2v, erfc2v, cff2, cnf2 are bitwise
      // Math.exp, erfc, cff, cnf); core-field sums added lane 0 then lane 1 as the scalar loop adds pair by pair
      const vzei = sp(zei), one = sp(1.0);
      for (; k + 1 < ns; k += 2) {
        const j0 = load<i32>(sidx + (<usize>k << 2)), j1 = load<i32>(sidx + (<usize>(k + 1) << 2));
        const hk = h + (<usize>k << 3);
        const r = f64x2.sqrt(v128.load(hk)), rinv = f64x2.div(one, r);
        const jt0 = load<i32>(type + (<usize>j0 << 2)), jt1 = load<i32>(type + (<usize>j1 << 2));
        const tj0 = types + <usize>jt0 * TYPE_BYTES, tj1 = types + <usize>jt1 * TYPE_BYTES;
        const q0 = pairs + <usize>(it * nt1 + jt0) * PAIR_BYTES, q1 = pairs + <usize>(it * nt1 + jt1) * PAIR_BYTES;
        const zej = pair2(tj0, tj1, T_ZETA);
        const ei = exp2v(f64x2.mul(sp(-2.0 * zei), r)), ej = exp2v(f64x2.mul(f64x2.mul(sp(-2.0), zej), r));
        const act = f64x2.mul(f64x2.mul(sp(ai), pair2(tj0, tj1, T_ACTIVE)), sp(qqrd2e));
        cff2(q0, q1, vzei, zej, ei, ej, r, rinv, false);
        const cffr = gV2;
        v128.store(hk, f64x2.mul(act, f64x2.add(cffr, f64x2.mul(erfc2v(f64x2.mul(sp(alpha), r)), rinv))));
        cnf2(vzei, ei, rinv, false);
        chizi = addLanes(chizi, f64x2.mul(f64x2.mul(act, pair2(tj0, tj1, T_Z)), f64x2.sub(gV2, cffr)));
        cnf2(zej, ej, rinv, false);
        addTo2(chiz, j0, j1, f64x2.mul(f64x2.mul(act, sp(zci)), f64x2.sub(gV2, cffr)));
      }
    }
    for (; k < ns; k++) {
      const j = load<i32>(sidx + (<usize>k << 2));
      const hk = h + (<usize>k << 3);
      const r = Math.sqrt(load<f64>(hk)), rinv = 1.0 / r;
      const jt = load<i32>(type + (<usize>j << 2));
      const tj = types + <usize>jt * TYPE_BYTES;
      const qp = pairs + <usize>(it * nt1 + jt) * PAIR_BYTES;
      const zej = load<f64>(tj, T_ZETA);
      const ei = Math.exp(-2.0 * zei * r), ej = Math.exp(-2.0 * zej * r);
      const act = ai * load<f64>(tj, T_ACTIVE) * qqrd2e;
      cff(qp, zei, zej, ei, ej, r, rinv);
      const cffr = gV;
      store<f64>(hk, act * (cffr + erfc(alpha * r) * rinv));
      cnf(zei, ei, rinv);
      chizi += act * load<f64>(tj, T_Z) * (gV - cffr);
      cnf(zej, ej, rinv);
      addTo(chiz + (<usize>j << 3), act * zci * (gV - cffr));
    }
    store<i32>(send + (<usize>i << 2), ns);
    addTo(chiz + (<usize>i << 3), chizi);
    ownersRow(sidx, s0, ns, nlocal, owner);
  }
}

/** y += H·v over the rows of owned atoms i0..i1-1 (atom j's entries of v and y `stride` f64 apart: 1, or 2 for one
 *  solve of fix qeq/slater's interleaved pair): first y_i += diag_i v_i for the range, then every stored pair of those
 *  atoms adds h v_j to y_i and h v_i to y_j. The caller zeroes y. On the rows the matrix kernels leave (neighbours named
 *  by their owners) v and y are the owned atoms' only; on rows naming ghosts v needs ghost values and y's ghosts are
 *  folded afterwards. Disjoint ranges into separate accumulators can run concurrently (fold them in a fixed order for
 *  reproducible sums). A row's h v_j terms go to four partial sums by their place in the row modulo 4, added as
 *  (s0 + s1) + (s2 + s3): one running sum made every term wait for the previous add (an add's latency per pair). */
export function qeq_matvec(i0: i32, i1: i32, soffs: usize, send: usize, sidx: usize, h: usize, diag: usize, v: usize, y: usize,
                           stride: i32): void {
  const vs = <usize>stride << 3; // bytes from one atom's entry of v and y to the next
  for (let i = i0; i < i1; i++) addTo(y + <usize>i * vs, load<f64>(diag + (<usize>i << 3)) * load<f64>(v + <usize>i * vs));
  for (let i = i0; i < i1; i++) {
    const vi = load<f64>(v + <usize>i * vs);
    let k = load<i32>(soffs + (<usize>i << 2));
    const k1 = load<i32>(send + (<usize>i << 2));
    if (ASC_FEATURE_SIMD) {
      // lanes of a01 hold s0, s1 and of a23 s2, s3: each pair of terms is one f64x2 product
      let a01 = f64x2.splat(0.0), a23 = f64x2.splat(0.0);
      const svi = f64x2.splat(vi);
      for (; k + 3 < k1; k += 4) {
        const j0 = load<i32>(sidx + (<usize>k << 2)), j1 = load<i32>(sidx + (<usize>k << 2), 4);
        const j2 = load<i32>(sidx + (<usize>k << 2), 8), j3 = load<i32>(sidx + (<usize>k << 2), 12);
        const h01 = v128.load(h + (<usize>k << 3)), h23 = v128.load(h + (<usize>k << 3), 16);
        a01 = f64x2.add(a01, f64x2.mul(h01, pair2(v + <usize>j0 * vs, v + <usize>j1 * vs, 0)));
        a23 = f64x2.add(a23, f64x2.mul(h23, pair2(v + <usize>j2 * vs, v + <usize>j3 * vs, 0)));
        const t01 = f64x2.mul(h01, svi), t23 = f64x2.mul(h23, svi);
        addTo(y + <usize>j0 * vs, f64x2.extract_lane(t01, 0));
        addTo(y + <usize>j1 * vs, f64x2.extract_lane(t01, 1));
        addTo(y + <usize>j2 * vs, f64x2.extract_lane(t23, 0));
        addTo(y + <usize>j3 * vs, f64x2.extract_lane(t23, 1));
      }
      const s0 = f64x2.extract_lane(a01, 0), s1 = f64x2.extract_lane(a01, 1);
      const s2 = f64x2.extract_lane(a23, 0), s3 = f64x2.extract_lane(a23, 1);
      addTo(y + <usize>i * vs, rowEnd(s0, s1, s2, s3, k, k1, sidx, h, v, y, vs, vi));
    } else {
      addTo(y + <usize>i * vs, rowScalar(k, k1, sidx, h, v, y, vs, vi));
    }
  }
}

/** The h v_j sum of the row entries k..k1-1 of atom i (v_i = vi), adding h v_i into each y_j, one entry at a time in
 *  four partial sums by place modulo 4 (qeq_matvec's scalar loop; entries `vs` bytes apart in v and y). */
// @ts-ignore: decorator
@inline function rowScalar(k: i32, k1: i32, sidx: usize, h: usize, v: usize, y: usize, vs: usize, vi: f64): f64 {
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (; k + 3 < k1; k += 4) {
    s0 = matvecTerm(s0, sidx, h, v, y, vs, vi, k);
    s1 = matvecTerm(s1, sidx, h, v, y, vs, vi, k + 1);
    s2 = matvecTerm(s2, sidx, h, v, y, vs, vi, k + 2);
    s3 = matvecTerm(s3, sidx, h, v, y, vs, vi, k + 3);
  }
  return rowEnd(s0, s1, s2, s3, k, k1, sidx, h, v, y, vs, vi);
}

/** A row's last 0–3 entries k..k1-1 into the partial sums of their places (0, 1, 2), then (s0 + s1) + (s2 + s3). */
// @ts-ignore: decorator
@inline function rowEnd(s0: f64, s1: f64, s2: f64, s3: f64, k: i32, k1: i32, sidx: usize, h: usize, v: usize, y: usize,
                        vs: usize, vi: f64): f64 {
  if (k < k1) { s0 = matvecTerm(s0, sidx, h, v, y, vs, vi, k); k++; }
  if (k < k1) { s1 = matvecTerm(s1, sidx, h, v, y, vs, vi, k); k++; }
  if (k < k1) s2 = matvecTerm(s2, sidx, h, v, y, vs, vi, k);
  return (s0 + s1) + (s2 + s3);
}

/** One pair of qeq_matvec: returns sum + h_k v_j and adds h_k v_i into y_j (entries `vs` bytes apart). */
// @ts-ignore: decorator
@inline function matvecTerm(sum: f64, sidx: usize, h: usize, v: usize, y: usize, vs: usize, vi: f64, k: i32): f64 {
  const j = <usize>load<i32>(sidx + (<usize>k << 2));
  const hk = load<f64>(h + (<usize>k << 3));
  addTo(y + j * vs, hk * vi);
  return sum + hk * load<f64>(v + j * vs);
}

/** qeq_matvec on two vectors at once, interleaved (v[2j], v[2j+1]; y likewise, 16 bytes per atom): each lane gets
 *  exactly the operations, in the same order, that qeq_matvec applies to one vector (the same four partial sums), so
 *  the results are bitwise those of two qeq_matvec calls at the cost of about one (fix qeq/slater runs its s and t
 *  solves in lockstep): the SIMD build takes both lanes of a pair at once, the scalar build walks each row twice back to
 *  back with qeq_matvec's own row loop (rowScalar), the row still in cache the second time. */
export function qeq_matvec2(i0: i32, i1: i32, soffs: usize, send: usize, sidx: usize, h: usize, diag: usize, v: usize, y: usize): void {
  if (ASC_FEATURE_SIMD) {
    for (let i = i0; i < i1; i++) {
      const yi = y + (<usize>i << 4);
      v128.store(yi, f64x2.add(v128.load(yi), f64x2.mul(f64x2.splat(load<f64>(diag + (<usize>i << 3))), v128.load(v + (<usize>i << 4)))));
    }
    for (let i = i0; i < i1; i++) {
      const vi = v128.load(v + (<usize>i << 4));
      let a0 = f64x2.splat(0.0), a1 = a0, a2 = a0, a3 = a0;
      let k = load<i32>(soffs + (<usize>i << 2));
      const k1 = load<i32>(send + (<usize>i << 2));
      for (; k + 3 < k1; k += 4) {
        a0 = matvec2Term(a0, sidx, h, v, y, vi, k);
        a1 = matvec2Term(a1, sidx, h, v, y, vi, k + 1);
        a2 = matvec2Term(a2, sidx, h, v, y, vi, k + 2);
        a3 = matvec2Term(a3, sidx, h, v, y, vi, k + 3);
      }
      if (k < k1) { a0 = matvec2Term(a0, sidx, h, v, y, vi, k); k++; }
      if (k < k1) { a1 = matvec2Term(a1, sidx, h, v, y, vi, k); k++; }
      if (k < k1) a2 = matvec2Term(a2, sidx, h, v, y, vi, k);
      const yi = y + (<usize>i << 4);
      v128.store(yi, f64x2.add(v128.load(yi), f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3))));
    }
  } else {
    for (let i = i0; i < i1; i++) {
      const d = load<f64>(diag + (<usize>i << 3)), vi = v + (<usize>i << 4), yi = y + (<usize>i << 4);
      store<f64>(yi, load<f64>(yi) + d * load<f64>(vi));
      store<f64>(yi, load<f64>(yi, 8) + d * load<f64>(vi, 8), 8);
    }
    // each row once per lane, back to back (the row is still in cache for the second): qeq_matvec's scalar loop
    for (let i = i0; i < i1; i++) {
      const k0 = load<i32>(soffs + (<usize>i << 2)), k1 = load<i32>(send + (<usize>i << 2)), yi = y + (<usize>i << 4);
      addTo(yi, rowScalar(k0, k1, sidx, h, v, y, 16, load<f64>(v + (<usize>i << 4))));
      addTo(yi + 8, rowScalar(k0, k1, sidx, h, v + 8, y + 8, 16, load<f64>(v + (<usize>i << 4), 8)));
    }
  }
}

/** One pair of qeq_matvec2's SIMD loop: returns acc + h_k v_j (both lanes) and adds h_k v_i into y_j. */
// @ts-ignore: decorator
@inline function matvec2Term(acc: v128, sidx: usize, h: usize, v: usize, y: usize, vi: v128, k: i32): v128 {
  const j = <usize>load<i32>(sidx + (<usize>k << 2));
  const hk = f64x2.splat(load<f64>(h + (<usize>k << 3)));
  const yj = y + (j << 4);
  v128.store(yj, f64x2.add(v128.load(yj), f64x2.mul(hk, vi)));
  return f64x2.add(acc, f64x2.mul(hk, v128.load(v + (j << 4))));
}

// The vector work of fix qeq/slater's conjugate gradients (LAMMPS FixQEq::CG) on the s and t solves kept interleaved
// (entry 2i + lane, lane 0: s, lane 1: t), over a slice i0..i1-1 of the owned atoms, so that a worker team shares it
// as it shares the mat-vec. `lanes` says which solves still iterate (bit 0: s, bit 1: t); the others are left alone.
// Each lane's sums are taken in atom order into out[lane] (out[2 + lane] for a second sum), so one slice reproduces the
// serial loop's arithmetic exactly; a team adds its slices' sums in rank order.

/** Start: r = b − q, d = r·m (m the Jacobi preconditioner, one per atom), out[lane] = Σ b², out[2 + lane] = Σ r·d. */
export function qeq_cg_start(i0: i32, i1: i32, lanes: i32, b: usize, q: usize, r: usize, d: usize, m: usize, out: usize): void {
  for (let lane = 0; lane < 2; lane++) {
    if (!(lanes & (1 << lane))) continue;
    let bb = 0.0, rd = 0.0;
    for (let i = i0; i < i1; i++) {
      const o = (<usize>(2 * i + lane)) << 3;
      const bi = load<f64>(b + o), ri = bi - load<f64>(q + o), di = ri * load<f64>(m + (<usize>i << 3));
      store<f64>(r + o, ri);
      store<f64>(d + o, di);
      bb += bi * bi;
      rd += ri * di;
    }
    store<f64>(out + (<usize>lane << 3), bb);
    store<f64>(out + (<usize>(2 + lane) << 3), rd);
  }
}

/** out[lane] = Σ d·q. */
export function qeq_cg_dot(i0: i32, i1: i32, lanes: i32, d: usize, q: usize, out: usize): void {
  for (let lane = 0; lane < 2; lane++) {
    if (!(lanes & (1 << lane))) continue;
    let s = 0.0;
    for (let i = i0; i < i1; i++) {
      const o = (<usize>(2 * i + lane)) << 3;
      s += load<f64>(d + o) * load<f64>(q + o);
    }
    store<f64>(out + (<usize>lane << 3), s);
  }
}

/** x += α d, r −= α q, p = r·m with α = alfa[lane]; out[lane] = Σ r·p. */
export function qeq_cg_update(i0: i32, i1: i32, lanes: i32, alfa0: f64, alfa1: f64, x: usize, r: usize, p: usize, d: usize,
                              q: usize, m: usize, out: usize): void {
  for (let lane = 0; lane < 2; lane++) {
    if (!(lanes & (1 << lane))) continue;
    const alfa = lane == 0 ? alfa0 : alfa1;
    let s = 0.0;
    for (let i = i0; i < i1; i++) {
      const o = (<usize>(2 * i + lane)) << 3;
      store<f64>(x + o, load<f64>(x + o) + alfa * load<f64>(d + o));
      const ri = load<f64>(r + o) - alfa * load<f64>(q + o);
      store<f64>(r + o, ri);
      const pi = ri * load<f64>(m + (<usize>i << 3));
      store<f64>(p + o, pi);
      s += ri * pi;
    }
    store<f64>(out + (<usize>lane << 3), s);
  }
}

/** d = p + β d with β = beta[lane]. */
export function qeq_cg_direction(i0: i32, i1: i32, lanes: i32, beta0: f64, beta1: f64, p: usize, d: usize): void {
  for (let lane = 0; lane < 2; lane++) {
    if (!(lanes & (1 << lane))) continue;
    const beta = lane == 0 ? beta0 : beta1;
    for (let i = i0; i < i1; i++) {
      const o = (<usize>(2 * i + lane)) << 3;
      store<f64>(d + o, load<f64>(p + o) + beta * load<f64>(d + o));
    }
  }
}
