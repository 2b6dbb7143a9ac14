// Tabulated Streitz–Mintmire pair terms (the default; `pair_modify table 0` keeps the closed forms). Every term of a
// coul/streitz pair and of a fix qeq/slater matrix element is, for each ordered type pair, a function of r alone:
//   coul/streitz   u = q_i q_j C(r) + q_i A(r) + q_j B(r),   du/dr = q_i q_j C'(r) + q_i A'(r) + q_j B'(r)
//                  C = k_e [v(r) − v(R_c) + C_ff], A = k_e Z_j [C_jf_i − C_ff], B = k_e Z_i [C_if_j − C_ff], each with
//                  the descriptor's shifts (Wolf) and C' with the damped-shifted force's v'(r) − v'(R_c) (coulomb.ts);
//   qeq/slater     H = k_e [erfc(α_f r)/r + C_ff], X_i = k_e Z_j [C_jf_i − C_ff], X_j = k_e Z_i [C_if_j − C_ff] (qeq.ts).
// Each group of three functions is ordered so: the q_i q_j coefficient, then q_i's, then q_j's.
// The 1/r singularities cancel inside each sum, so every function is smooth on [0, R_c]. Setup fits each one on
// intervals of 1/TAB_PER_A Å by a polynomial of degree TAB_DEG (interpolation at the Chebyshev nodes of the closed
// forms of slater.ts, stored as powers of t ∈ [−1, 1]); a pair then costs three polynomials of degree 7 instead of
// five exponentials and an erfc. Agreement with the closed forms: test/streitz/table.test.ts. The SIMD build evaluates
// two pairs per iteration with the scalar build's operations lane by lane (bitwise equal).
//
// Table block (byte offsets): i32 NT (types), i32 NINT (intervals), then from the next 64-byte boundary after HEADER on, for each group g (three
// functions), ordered type pair p = (t_i − 1)·NT + (t_j − 1) and interval k: 3 × NC f64, function-major, powers
// ascending. The pair table has two groups, (C', A', B') then (C, A, B), so a force-only pass reads only the first;
// the qeq/slater table has one, (H, X_i, X_j).

import { erfc } from './erfc';
import { entry } from './list';
import { addLanes, addTo, addTo2, compactRow, ownersRow, pair2, scatterPair, scatterPair2, sp } from './pairwise';
import { cff, cnf, gD, gV, PAIR_BYTES, P_ALPHA, P_CUTSQ, P_DVRC, P_NTYPES, P_PAIRS, P_QQRD2E, P_RC, P_TYPES, P_VRC,
  Q_ACTIVE, Q_CFF, Q_DCFF, TWO_OVER_SQRTPI, TYPE_BYTES, T_CNF, T_DCNF, T_Z, T_ZETA } from './slater';

const TAB_DEG = 7;                 // poly/poly2 are written out for this degree
const NC = TAB_DEG + 1;            // coefficients per function and interval
const TAB_PER_A = 16.0;            // intervals per Å (a power of two, so r·TAB_PER_A and t are exact)
const GROUP = 3 * NC * 8;          // bytes of one group on one interval
const H_NT = 0, H_NINT = 4;
const HEADER = 16;

/** Start of the coefficients: the first 64-byte boundary after the header (tab is 16-byte aligned), so that each
 *  function's eight coefficients fill exactly one cache line. */
// @ts-ignore: decorator
@inline function tableData(tab: usize): usize { return (tab + HEADER + 63) & ~<usize>63; }

/** Bytes of a table block for ntypes types, `groups` groups of three functions, on [0, rc]. */
export function coul_table_bytes(ntypes: i32, groups: i32, rc: f64): i32 {
  return 64 + groups * ntypes * ntypes * tableIntervals(rc) * GROUP;
}

// @ts-ignore: decorator
@inline function tableIntervals(rc: f64): i32 { return <i32>Math.floor(rc * TAB_PER_A) + 2; }

// Exact values at one r of the functions a table holds (the fit's input; exactTerms): a pair table's six in group
// order (C', A', B', C, A, B), or a qeq/slater table's three (H, X_i, X_j).
const exact = memory.data(6 * 8, 16);

/** The functions of the type pair (it, jt) at r into `exact`, as the closed-form loops evaluate them: kind 0
 *  coul_streitz's (the descriptor's shifts and α), kind 1 qeq_slater_matrix's (the fix's damping alpha, unshifted).
 *  The Slater remainders C_jf_i, C_if_j and C_ff are computed once for all of them. */
function exactTerms(pot: usize, kind: i32, it: i32, jt: i32, r: f64, alpha: f64): void {
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const types = <usize>load<i32>(pot, P_TYPES), pairs = <usize>load<i32>(pot, P_PAIRS);
  const ti = types + <usize>it * TYPE_BYTES, tj = types + <usize>jt * TYPE_BYTES;
  const qp = pairs + <usize>(it * nt1 + jt) * PAIR_BYTES;
  const zei = load<f64>(ti, T_ZETA), zci = load<f64>(ti, T_Z), zej = load<f64>(tj, T_ZETA), zcj = load<f64>(tj, T_Z);
  const rinv = 1.0 / r;
  const ei = Math.exp(-2.0 * zei * r), ej = Math.exp(-2.0 * zej * r);
  const act = load<f64>(qp, Q_ACTIVE) * load<f64>(pot, P_QQRD2E);
  cnf(zei, ei, rinv);
  const cjfi = gV, dcjfi = gD;
  cnf(zej, ej, rinv);
  const cifj = gV, dcifj = gD;
  cff(qp, zei, zej, ei, ej, r, rinv);
  const cffr = gV, dcffr = gD;
  if (kind == 1) {
    store<f64>(exact, act * (cffr + erfc(alpha * r) * rinv));
    store<f64>(exact, act * zcj * (cjfi - cffr), 8);
    store<f64>(exact, act * zci * (cifj - cffr), 16);
    return;
  }
  const rc = load<f64>(pot, P_RC), a = load<f64>(pot, P_ALPHA), drc = r - rc;
  const sjfi = cjfi - load<f64>(ti, T_CNF) - drc * load<f64>(ti, T_DCNF), dsjfi = dcjfi - load<f64>(ti, T_DCNF);
  const sifj = cifj - load<f64>(tj, T_CNF) - drc * load<f64>(tj, T_DCNF), dsifj = dcifj - load<f64>(tj, T_DCNF);
  const sff = cffr - load<f64>(qp, Q_CFF) - drc * load<f64>(qp, Q_DCFF), dsff = dcffr - load<f64>(qp, Q_DCFF);
  const erfcr = erfc(a * r);
  const dv = -(erfcr / r / r) - TWO_OVER_SQRTPI * a * Math.exp(-a * a * r * r) / r - load<f64>(pot, P_DVRC);
  store<f64>(exact, act * (dv + dsff));
  store<f64>(exact, act * zcj * (dsjfi - dsff), 8);
  store<f64>(exact, act * zci * (dsifj - dsff), 16);
  store<f64>(exact, act * (erfcr / r - load<f64>(pot, P_VRC) + sff), 24);
  store<f64>(exact, act * zcj * (sjfi - sff), 32);
  store<f64>(exact, act * zci * (sifj - sff), 40);
}

// Fit scratch: the functions at the NC nodes (up to six, function-major), the power coefficients of T_0..T_DEG (row n:
// T_n), and cos(π n (m + ½)/NC) (row n; row 1 holds the nodes). The fill runs on one thread (setup and re-layouts).
const nodeValues = memory.data(6 * NC * 8, 16);
const chebPowers = memory.data(NC * NC * 8, 16);
const chebCos = memory.data(NC * NC * 8, 16);

/** Fill a table block: kind 0 the coul/streitz pair table of descriptor pot on [0, R_c] (two groups), kind 1 the
 *  fix qeq/slater table with damping alpha on [0, rc] (one group). The block must hold coul_table_bytes. */
export function coul_table_fill(pot: usize, tab: usize, kind: i32, alpha: f64, rc: f64): void {
  const nt = load<i32>(pot, P_NTYPES), nint = tableIntervals(rc), groups = kind == 0 ? 2 : 1;
  store<i32>(tab, nt, H_NT);
  store<i32>(tab, nint, H_NINT);
  // T_{n+1} = 2t T_n − T_{n−1}
  memory.fill(chebPowers, 0, NC * NC * 8);
  store<f64>(chebPowers, 1.0);
  store<f64>(chebPowers + NC * 8 + 8, 1.0);
  for (let n = 1; n < TAB_DEG; n++) {
    for (let m = 0; m < NC; m++) {
      const up = m > 0 ? 2.0 * load<f64>(chebPowers + <usize>(n * NC + m - 1) * 8) : 0.0;
      store<f64>(chebPowers + <usize>((n + 1) * NC + m) * 8, up - load<f64>(chebPowers + <usize>((n - 1) * NC + m) * 8));
    }
  }
  for (let n = 0; n < NC; n++) {
    for (let m = 0; m < NC; m++) store<f64>(chebCos + <usize>(n * NC + m) * 8, Math.cos(Math.PI * <f64>n * (<f64>m + 0.5) / <f64>NC));
  }
  const h = 1.0 / TAB_PER_A;
  for (let it = 1; it <= nt; it++) {
    for (let jt = 1; jt <= nt; jt++) {
      for (let k = 0; k < nint; k++) {
        for (let m = 0; m < NC; m++) {
          exactTerms(pot, kind, it, jt, (<f64>k + 0.5 * (1.0 + load<f64>(chebCos + <usize>(NC + m) * 8))) * h, alpha);
          for (let fn = 0; fn < 3 * groups; fn++) store<f64>(nodeValues + <usize>(fn * NC + m) * 8, load<f64>(exact + <usize>fn * 8));
        }
        for (let g = 0; g < groups; g++) {
          const out = tableData(tab) + <usize>(((g * nt + it - 1) * nt + jt - 1) * nint + k) * GROUP;
          for (let fn = 0; fn < 3; fn++) {
            const fv = nodeValues + <usize>((3 * g + fn) * NC) * 8, o = out + <usize>(fn * NC) * 8;
            memory.fill(o, 0, NC * 8);
            for (let n = 0; n < NC; n++) {
              // Chebyshev coefficient c_n, then its share of each power of t
              let c = 0.0;
              for (let m = 0; m < NC; m++) c += load<f64>(fv + <usize>m * 8) * load<f64>(chebCos + <usize>(n * NC + m) * 8);
              c *= (n == 0 ? 1.0 : 2.0) / <f64>NC;
              for (let p = 0; p <= n; p++) {
                const op = o + <usize>p * 8;
                store<f64>(op, load<f64>(op) + c * load<f64>(chebPowers + <usize>(n * NC + p) * 8));
              }
            }
          }
        }
      }
    }
  }
}

// Results of the evaluators below: the three functions of a group (scalar, and two pairs in f64x2 lanes).
let gP0: f64 = 0.0, gP1: f64 = 0.0, gP2: f64 = 0.0;
// @ts-ignore: decorator
@lazy let gP0v: v128 = f64x2.splat(0.0);
// @ts-ignore: decorator
@lazy let gP1v: v128 = f64x2.splat(0.0);
// @ts-ignore: decorator
@lazy let gP2v: v128 = f64x2.splat(0.0);

/** The polynomial at byte `off` of block c (powers ascending) at t, t² = t2, t⁴ = t4, by Estrin's scheme (written out
 *  for TAB_DEG = 7): a dependency chain three multiply–adds deep where Horner's is seven, for the same 7 multiplies and
 *  7 adds. (Measured against Horner's in the matrix pass it made no difference: 18.0–18.4 against 17.5–18.4 ms.) */
// @ts-ignore: decorator
@inline function poly(c: usize, off: usize, t: f64, t2: f64, t4: f64): f64 {
  const b = c + off;
  const a01 = load<f64>(b) + load<f64>(b, 8) * t, a23 = load<f64>(b, 16) + load<f64>(b, 24) * t;
  const a45 = load<f64>(b, 32) + load<f64>(b, 40) * t, a67 = load<f64>(b, 48) + load<f64>(b, 56) * t;
  return (a01 + a23 * t2) + (a45 + a67 * t2) * t4;
}

/** The three polynomials of one group block c at t. */
// @ts-ignore: decorator
@inline function poly3(c: usize, t: f64): void {
  const t2 = t * t, t4 = t2 * t2;
  gP0 = poly(c, 0, t, t2, t4);
  gP1 = poly(c, NC * 8, t, t2, t4);
  gP2 = poly(c, 2 * NC * 8, t, t2, t4);
}

/** poly for two pairs, block c0 in lane 0 and c1 in lane 1: the same operations lane by lane. */
// @ts-ignore: decorator
@inline function poly2(c0: usize, c1: usize, off: usize, t: v128, t2: v128, t4: v128): v128 {
  const b0 = c0 + off, b1 = c1 + off;
  const a01 = f64x2.add(pair2(b0, b1, 0), f64x2.mul(pair2(b0, b1, 8), t));
  const a23 = f64x2.add(pair2(b0, b1, 16), f64x2.mul(pair2(b0, b1, 24), t));
  const a45 = f64x2.add(pair2(b0, b1, 32), f64x2.mul(pair2(b0, b1, 40), t));
  const a67 = f64x2.add(pair2(b0, b1, 48), f64x2.mul(pair2(b0, b1, 56), t));
  return f64x2.add(f64x2.add(a01, f64x2.mul(a23, t2)), f64x2.mul(f64x2.add(a45, f64x2.mul(a67, t2)), t4));
}

/** poly3 for two pairs. */
// @ts-ignore: decorator
@inline function poly3v(c0: usize, c1: usize, t: v128): void {
  const t2 = f64x2.mul(t, t), t4 = f64x2.mul(t2, t2);
  gP0v = poly2(c0, c1, 0, t, t2, t4);
  gP1v = poly2(c0, c1, NC * 8, t, t2, t4);
  gP2v = poly2(c0, c1, 2 * NC * 8, t, t2, t4);
}

// The pair loops run in two passes over chunks of a row's short list, through the caller's scratch (8192 bytes, its
// own when passes run concurrently): the first finds each pair's block and t (and 1/r), the second evaluates. Split so,
// the second pass's loads do not wait on the first's sqrt → floor → index chain, which in one loop left the
// out-of-order core idle (in.streitz.wolf's matrix pass took 17.5–18.4 ms at step 0 in one loop, 13.2–13.5 ms per
// step in two).
const CHUNK = 128;
// @ts-ignore: decorator
@inline function slotT(scratch: usize, m: i32): usize { return scratch + (<usize>m << 3); }
// @ts-ignore: decorator
@inline function slotRinv(scratch: usize, m: i32): usize { return scratch + CHUNK * 8 + (<usize>m << 3); }
// @ts-ignore: decorator
@inline function slotBlock(scratch: usize, m: i32): usize { return scratch + CHUNK * 16 + (<usize>m << 2); }

/** First pass over short-list pairs k0..k0+m-1 (r² in rsq, neighbours in sidx) of a row whose type pairs start at
 *  row (+ t_j·run): block address, t and, when rinv, 1/r of each into scratch slot 0..m-1. */
// @ts-ignore: decorator
@inline function locateChunk(rsq: usize, sidx: usize, type: usize, k0: i32, m: i32, row: usize, run: usize,
                             scratch: usize, rinv: bool): void {
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 1 < m; c += 2) {
      const k = k0 + c;
      const r = f64x2.sqrt(v128.load(rsq + (<usize>k << 3)));
      const s = f64x2.mul(r, sp(TAB_PER_A)), kf = f64x2.floor(s);
      v128.store(slotT(scratch, c), f64x2.sub(f64x2.mul(sp(2.0), f64x2.sub(s, kf)), sp(1.0)));
      if (rinv) v128.store(slotRinv(scratch, c), f64x2.div(sp(1.0), r));
      const j0 = load<i32>(sidx + (<usize>k << 2)), j1 = load<i32>(sidx + (<usize>(k + 1) << 2));
      store<i32>(slotBlock(scratch, c), <i32>(row + <usize>load<i32>(type + (<usize>j0 << 2)) * run + <usize>(<i32>f64x2.extract_lane(kf, 0)) * GROUP));
      store<i32>(slotBlock(scratch, c + 1), <i32>(row + <usize>load<i32>(type + (<usize>j1 << 2)) * run + <usize>(<i32>f64x2.extract_lane(kf, 1)) * GROUP));
    }
  }
  for (; c < m; c++) {
    const k = k0 + c;
    const r = Math.sqrt(load<f64>(rsq + (<usize>k << 3)));
    const s = r * TAB_PER_A, kf = Math.floor(s);
    store<f64>(slotT(scratch, c), 2.0 * (s - kf) - 1.0);
    if (rinv) store<f64>(slotRinv(scratch, c), 1.0 / r);
    const j = load<i32>(sidx + (<usize>k << 2));
    store<i32>(slotBlock(scratch, c), <i32>(row + <usize>load<i32>(type + (<usize>j << 2)) * run + <usize>(<i32>kf) * GROUP));
  }
}

// coul_streitz's table pass keeps no short list: each chunk of CHUNK skin-list candidates is compacted into the
// scratch (neighbour, separation, r²), located there (t, 1/r, block) and evaluated from there.
// @ts-ignore: decorator
@inline function slotD(scratch: usize, c: usize, m: i32): usize { return scratch + <usize>CHUNK * 8 * (3 + c) + (<usize>m << 3); }
// @ts-ignore: decorator
@inline function slotJ(scratch: usize, m: i32): usize { return scratch + CHUNK * 20 + (<usize>m << 2); }

/** The pairs of coul_streitz from a pair table (see there for the arguments; the short-list buffers are not used):
 *  forces always, energies when eflag or eatom asks. Returns the pairs' energy when eflag != 0. */
export function coulPairsTab(pot: usize, tab: usize, i0: i32, i1: i32, x: usize, type: usize, q: usize, offs: usize, idx: usize,
                             f: usize, eflag: i32, eatom: usize, vatom: usize, scratch: usize): f64 {
  const nt = load<i32>(tab, H_NT), nint = load<i32>(tab, H_NINT);
  const run = <usize>nint * GROUP, egroup = <usize>(nt * nt) * run;
  const cutsq = load<f64>(pot, P_CUTSQ);
  const values = eflag != 0 || eatom != 0;
  const tally = eatom != 0 || vatom != 0;
  let energy = 0.0;
  for (let i = i0; i < i1; i++) {
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const row = tableData(tab) + <usize>((load<i32>(type + (<usize>i << 2)) - 1) * nt) * run - run; // + t_j·run: pair (t_i, t_j)
    const qi = load<f64>(q + (<usize>i << 3));
    const k1 = load<i32>(offs + (<usize>(i + 1) << 2));
    let fxi = 0.0, fyi = 0.0, fzi = 0.0;
    for (let kc = load<i32>(offs + (<usize>i << 2)); kc < k1; kc += CHUNK) {
      // compaction (branch-free: every candidate is written, the cursor advances for those inside)
      const ke = min(kc + CHUNK, k1);
      let m = 0;
      for (let k = kc; k < ke; k++) {
        const j = entry(idx, k);
        const pj = x + <usize>j * 24;
        const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
        const rsq = dx * dx + dy * dy + dz * dz;
        store<i32>(slotJ(scratch, m), j);
        store<f64>(slotD(scratch, 0, m), dx); store<f64>(slotD(scratch, 1, m), dy); store<f64>(slotD(scratch, 2, m), dz);
        store<f64>(slotT(scratch, m), rsq);
        m += i32(rsq <= cutsq);
      }
      locateChunk(scratch, slotJ(scratch, 0), type, 0, m, row, run, scratch, true);
      let c = 0;
      if (ASC_FEATURE_SIMD) {
        const vqi = sp(qi);
        for (; c + 1 < m; c += 2) {
          const j0 = load<i32>(slotJ(scratch, c)), j1 = load<i32>(slotJ(scratch, c + 1));
          const c0 = <usize>load<i32>(slotBlock(scratch, c)), c1 = <usize>load<i32>(slotBlock(scratch, c + 1));
          const t = v128.load(slotT(scratch, c));
          const qj = pair2(q + (<usize>j0 << 3), q + (<usize>j1 << 3), 0);
          const qq = f64x2.mul(vqi, qj);
          poly3v(c0, c1, t);
          const du = f64x2.add(f64x2.add(f64x2.mul(qq, gP0v), f64x2.mul(vqi, gP1v)), f64x2.mul(qj, gP2v));
          const fpair = f64x2.mul(f64x2.neg(du), v128.load(slotRinv(scratch, c)));
          let u = sp(0.0);
          if (values) {
            poly3v(c0 + egroup, c1 + egroup, t);
            u = f64x2.add(f64x2.add(f64x2.mul(qq, gP0v), f64x2.mul(vqi, gP1v)), f64x2.mul(qj, gP2v));
          }
          const dx = v128.load(slotD(scratch, 0, c)), dy = v128.load(slotD(scratch, 1, c)), dz = v128.load(slotD(scratch, 2, c));
          const fx = f64x2.mul(dx, fpair), fy = f64x2.mul(dy, fpair), fz = f64x2.mul(dz, fpair);
          fxi = addLanes(fxi, fx); fyi = addLanes(fyi, fy); fzi = addLanes(fzi, fz);
          if (eflag) energy = addLanes(energy, u);
          scatterPair2(f, i, j0, j1, fx, fy, fz, u, fpair, dx, dy, dz, tally, eatom, vatom);
        }
      }
      for (; c < m; c++) {
        const j = load<i32>(slotJ(scratch, c));
        const cb = <usize>load<i32>(slotBlock(scratch, c)), t = load<f64>(slotT(scratch, c));
        const qj = load<f64>(q + (<usize>j << 3)), qq = qi * qj;
        poly3(cb, t);
        const du = qq * gP0 + qi * gP1 + qj * gP2;
        const fpair = -du * load<f64>(slotRinv(scratch, c));
        let u = 0.0;
        if (values) {
          poly3(cb + egroup, t);
          u = qq * gP0 + qi * gP1 + qj * gP2;
        }
        const dx = load<f64>(slotD(scratch, 0, c)), dy = load<f64>(slotD(scratch, 1, c)), dz = load<f64>(slotD(scratch, 2, c));
        const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
        fxi += fx; fyi += fy; fzi += fz;
        if (eflag) energy += u;
        scatterPair(f, i, j, fx, fy, fz, u, fpair, dx, dy, dz, tally, eatom, vatom);
      }
    }
    const fi = f + <usize>i * 24;
    addTo(fi, fxi); addTo(fi + 8, fyi); addTo(fi + 16, fzi);
  }
  return energy;
}

/** The pairs of a quadratic form in the charges from one group of a table: for every half-list pair (offs, idx) of
 *  owned atoms i0..i1-1 with r² ≤ cutsq, the q_i q_j coefficient goes to the short list (soffs, send, sidx, h: one f64
 *  per pair, from offs[i0] on), q_i's is added to lin_i and q_j's to lin_j (owned and ghost; the caller zeroes lin
 *  and folds its ghosts); each row's neighbours are then named by their owners (ownersRow). coul_streitz_hessian
 *  reads the pair table's values (group 1), qeq_slater_matrix the qeq/slater table (group 0). scratch: 8192 bytes of
 *  the caller's own. */
export function quadraticPairsTab(tab: usize, group: i32, cutsq: f64, i0: i32, i1: i32, x: usize,
                                  type: usize, offs: usize, idx: usize, soffs: usize, send: usize, sidx: usize, h: usize,
                                  lin: usize, scratch: usize, nlocal: i32, owner: usize): void {
  const nt = load<i32>(tab, H_NT), nint = load<i32>(tab, H_NINT);
  const run = <usize>nint * GROUP;
  const base = tableData(tab) + <usize>(group * nt * nt) * run;
  let ns = load<i32>(offs + (<usize>i0 << 2));
  for (let i = i0; i < i1; i++) {
    store<i32>(soffs + (<usize>i << 2), ns);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const row = base + <usize>((load<i32>(type + (<usize>i << 2)) - 1) * nt) * run - run; // + t_j·run: pair (t_i, t_j)
    const k0 = load<i32>(offs + (<usize>i << 2)), k1 = load<i32>(offs + (<usize>(i + 1) << 2));
    const s0 = ns;
    // compaction first (r² parked in h), then the pairs inside the cutoff without a branch
    ns = compactRow(x, idx, k0, k1, xi, yi, zi, cutsq, sidx, h, ns);
    let lini = 0.0;
    for (let kc = s0; kc < ns; kc += CHUNK) {
      const m = min(CHUNK, ns - kc);
      locateChunk(h, sidx, type, kc, m, row, run, scratch, false);
      let c = 0;
      if (ASC_FEATURE_SIMD) {
        for (; c + 1 < m; c += 2) {
          const k = kc + c;
          const j0 = load<i32>(sidx + (<usize>k << 2)), j1 = load<i32>(sidx + (<usize>(k + 1) << 2));
          poly3v(<usize>load<i32>(slotBlock(scratch, c)), <usize>load<i32>(slotBlock(scratch, c + 1)), v128.load(slotT(scratch, c)));
          v128.store(h + (<usize>k << 3), gP0v);
          lini = addLanes(lini, gP1v);
          addTo2(lin, j0, j1, gP2v);
        }
      }
      for (; c < m; c++) {
        const k = kc + c;
        const j = load<i32>(sidx + (<usize>k << 2));
        poly3(<usize>load<i32>(slotBlock(scratch, c)), load<f64>(slotT(scratch, c)));
        store<f64>(h + (<usize>k << 3), gP0);
        lini += gP1;
        addTo(lin + (<usize>j << 3), gP2);
      }
    }
    store<i32>(send + (<usize>i << 2), ns);
    addTo(lin + (<usize>i << 3), lini);
    ownersRow(sidx, s0, ns, nlocal, owner);
  }
}

/** For the tests: the three functions of group g of a table at r for types (it, jt), from the table into out[0..2]
 *  and, when pot != 0, from the closed forms (kind as coul_table_fill, alpha for kind 1) into out[3..5]. */
export function coul_table_check(pot: usize, tab: usize, kind: i32, group: i32, it: i32, jt: i32, r: f64, alpha: f64, out: usize): void {
  const nt = load<i32>(tab, H_NT), run = <usize>load<i32>(tab, H_NINT) * GROUP;
  const s = r * TAB_PER_A, kf = Math.floor(s);
  poly3(tableData(tab) + <usize>((group * nt + it - 1) * nt + jt - 1) * run + <usize>(<i32>kf) * GROUP, 2.0 * (s - kf) - 1.0);
  store<f64>(out, gP0); store<f64>(out, gP1, 8); store<f64>(out, gP2, 16);
  if (pot == 0) return;
  exactTerms(pot, kind, it, jt, r, alpha);
  memory.copy(out + 24, exact + <usize>(24 * group), 24);
}
