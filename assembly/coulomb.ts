// Streitz–Mintmire electrostatics (pair_style coul/streitz … wolf, physics.md §9.2): 1s Slater Coulomb integrals
// [N|f_ζ] and [f_a|f_b] with derivatives (§7.2–7.3), the stable series for nearly equal exponents (§7.4), and Wolf
// summation in LAMMPS's form (§8.2; energy shifted at R_c, force of the damped shifted force). One pass over the
// half neighbour list: each pair carries both ordered terms e_ij + e_ji. The SIMD build evaluates two neighbours per
// iteration with the same IEEE operations as the scalar build and accumulates lane 0 before lane 1 (bitwise equal).

import { erfc, erfc2v } from './erfc';
import { exp2v } from './exp';
import { addLanes, addTo, addTo2, pair2, sp, tallyAtom } from './pairwise';

// Descriptor (byte offsets). The host writes NTYPES, TYPES (active, chi, eta, zeta, zcore per type), WOLF, RC, ALPHA
// and QQRD2E, then coul_streitz_setup fills everything else. WOLF = 0 gives the real-space part of Ewald summation
// (LAMMPS `coul/streitz … ewald`): no shifts at R_c and no Wolf self term, ALPHA = the k-space g_ewald.
export const P_NTYPES = 0;   // i32
export const P_TYPES = 4;    // i32 → (ntypes+1) × TYPE_BYTES
export const P_PAIRS = 8;    // i32 → (ntypes+1)² × PAIR_BYTES, [i*(ntypes+1)+j]
const P_WOLF = 12;    // i32 1: Wolf (shifted at R_c, self term −k_e w_s q²), 0: Ewald real space (unshifted)
const P_RC = 16;      // f64 cutoff R_c (Å)
const P_ALPHA = 24;   // f64 Wolf damping α (1/Å)
export const P_QQRD2E = 32;  // f64 k_e (eV·Å/e²)
const P_CUTSQ = 40;   // f64 R_c²
const P_WOSELF = 48;  // f64 w_s = erfc(αR_c)/(2R_c) + α/√π (Ewald: 0)
const P_VRC = 56;     // f64 v(R_c) = erfc(αR_c)/R_c (Ewald: 0)
const P_DVRC = 64;    // f64 v'(R_c) (Ewald: 0)

// Per type: active (1 if mapped to an element), χ (eV), J (eV), ζ (1/Å), Z (e); setup adds C_jf(R_c), C'_jf(R_c)
// where C_jf(r) = [j|f_ζ](r) − 1/r = −(ζ + 1/r) e^{−2ζr} is the core–valence remainder.
export const T_ACTIVE = 0, T_CHI = 8, T_ETA = 16, T_ZETA = 24, T_Z = 32, T_CNF = 40, T_DCNF = 48;
export const TYPE_BYTES = 56;
// Per type pair: series flag (1: nearly equal exponents), closed-form e1..e4 (§7.3), series ζ̄ and the δ², δ⁴
// weights (§7.4), C_ff(R_c), C'_ff(R_c) with C_ff = [f_a|f_b] − 1/r, and active_i·active_j.
const Q_SERIES = 0, Q_E1 = 8, Q_E2 = 16, Q_E3 = 24, Q_E4 = 32, Q_ZBAR = 40, Q_S2 = 48, Q_S4 = 56, Q_DS2 = 64,
  Q_DS4 = 72, Q_CFF = 80, Q_DCFF = 88, Q_ACTIVE = 96;
export const PAIR_BYTES = 104;

/** Series when |ζa − ζb| < SERIES_SWITCH·ζ̄ (worst relative error 5e-13 there, closed form 4e-11; §7.4). */
const SERIES_SWITCH = 0.02;
const TWO_OVER_SQRTPI = 1.1283791670955126; // 2/√π

/** Fill one pair block (Q_*) for exponents za (atom i) and zb (atom j), all but C_ff(R_c). */
function pairCoefficients(q: usize, za: f64, zb: f64): void {
  const zbar = 0.5 * (za + zb), d = 0.5 * (za - zb);
  const series = Math.abs(za - zb) < SERIES_SWITCH * zbar;
  store<f64>(q, series ? 1.0 : 0.0, Q_SERIES);
  let e1 = 0.0, e2 = 0.0, e3 = 0.0, e4 = 0.0;
  if (!series) {
    const sp = za + zb, dm = za - zb, za2 = za * za, zb2 = zb * zb;
    e1 = za * zb2 * zb2 / (sp * sp * dm * dm);
    e2 = zb * za2 * za2 / (sp * sp * dm * dm);
    e3 = (3.0 * za2 * zb2 * zb2 - zb2 * zb2 * zb2) / (sp * sp * sp * dm * dm * dm);
    e4 = -(3.0 * zb2 * za2 * za2 - za2 * za2 * za2) / (sp * sp * sp * dm * dm * dm);
  }
  store<f64>(q, e1, Q_E1); store<f64>(q, e2, Q_E2); store<f64>(q, e3, Q_E3); store<f64>(q, e4, Q_E4);
  const d2 = d * d;
  store<f64>(q, zbar, Q_ZBAR);
  store<f64>(q, -d2 / (60.0 * zbar), Q_S2);
  store<f64>(q, -d2 * d2 / (840.0 * zbar * zbar * zbar), Q_S4);
  store<f64>(q, -d2 / 60.0, Q_DS2);
  store<f64>(q, -d2 * d2 / (840.0 * zbar * zbar), Q_DS4);
}

// Results of the inline evaluators below (value, derivative): module globals instead of tuples.
export let gV: f64 = 0.0, gD: f64 = 0.0;

/** C_ff(r) = [f_a|f_b](r) − 1/r and its r-derivative, closed form (§7.3), from ea = e^{−2ζa r}, eb = e^{−2ζb r}. */
// @ts-ignore: decorator
@inline function cffClosed(q: usize, za: f64, zb: f64, ea: f64, eb: f64, rinv: f64): void {
  const e1 = load<f64>(q, Q_E1), e2 = load<f64>(q, Q_E2), e3 = load<f64>(q, Q_E3), e4 = load<f64>(q, Q_E4);
  const a = e1 + e3 * rinv, b = e2 + e4 * rinv;
  gV = -ea * a - eb * b;
  gD = ea * (2.0 * za * a + e3 * rinv * rinv) + eb * (2.0 * zb * b + e4 * rinv * rinv);
}

/** C_ff and derivative by the series in δ = (ζa − ζb)/2 about ζ̄ (§7.4): T0 − 1/r + δ²T2 + δ⁴T4, e = e^{−2ζ̄r}. */
// @ts-ignore: decorator
@inline function cffSeries(q: usize, e: f64, r: f64, rinv: f64): void {
  const z = load<f64>(q, Q_ZBAR), x = z * r;
  const p2 = 45.0 + x * (90.0 + x * (75.0 + x * (30.0 + 4.0 * x)));
  const p4 = -105.0 + x * (-210.0 + x * x * (280.0 + x * (266.0 + x * (84.0 + 8.0 * x))));
  const d2 = -x * (30.0 + x * (60.0 + x * (44.0 + 8.0 * x)));                        // P2' − 2 P2
  const d4 = x * (420.0 + x * (840.0 + x * (504.0 + x * (-112.0 + x * (-120.0 - 16.0 * x))))); // P4' − 2 P4
  gV = -e * (rinv + z * (1.375 + x * (0.75 + x / 6.0))) + e * (load<f64>(q, Q_S2) * p2 + load<f64>(q, Q_S4) * p4);
  gD = e * (rinv * rinv + 2.0 * z * rinv + z * z * (2.0 + x * (7.0 / 6.0 + x / 3.0)))
    + e * (load<f64>(q, Q_DS2) * d2 + load<f64>(q, Q_DS4) * d4);
}

// @ts-ignore: decorator
@inline export function cff(q: usize, za: f64, zb: f64, ea: f64, eb: f64, r: f64, rinv: f64): void {
  if (load<f64>(q, Q_SERIES) != 0.0) cffSeries(q, Math.sqrt(ea * eb), r, rinv);
  else cffClosed(q, za, zb, ea, eb, rinv);
}

/** C_jf(r) = [j|f_ζ](r) − 1/r = −(ζ + 1/r) e^{−2ζr} and its derivative (§7.2), from e = e^{−2ζr}. */
// @ts-ignore: decorator
@inline export function cnf(z: f64, e: f64, rinv: f64): void {
  gV = -z * e - rinv * e;
  gD = 2.0 * z * z * e + rinv * rinv * e + 2.0 * z * rinv * e;
}

// Two pairs at a time (f64x2 lanes), the same operations as the scalar evaluators above, so bitwise equal lane by lane.
// @ts-ignore: decorator
@lazy export let gV2: v128 = f64x2.splat(0.0);
// @ts-ignore: decorator
@lazy export let gD2: v128 = f64x2.splat(0.0);

/** cnf for two pairs: C_jf into gV2 and, when deriv (a constant at every call), its derivative into gD2. */
// @ts-ignore: decorator
@inline export function cnf2(z: v128, e: v128, rinv: v128, deriv: bool): void {
  const two = f64x2.splat(2.0);
  gV2 = f64x2.sub(f64x2.mul(f64x2.neg(z), e), f64x2.mul(rinv, e));
  if (deriv) gD2 = f64x2.add(f64x2.add(f64x2.mul(f64x2.mul(f64x2.mul(two, z), z), e), f64x2.mul(f64x2.mul(rinv, rinv), e)),
    f64x2.mul(f64x2.mul(f64x2.mul(two, z), rinv), e));
}

/** cff for two pairs (pair blocks q0, q1; i's exponent vzei, j's zej): closed form and series per lane, as each pair's
 *  flag says; C_ff into gV2 and, when deriv (a constant at every call: the QEq matrix needs no derivative), its
 *  derivative into gD2. */
// @ts-ignore: decorator
@inline export function cff2(q0: usize, q1: usize, vzei: v128, zej: v128, ei: v128, ej: v128, r: v128, rinv: v128, deriv: bool): void {
  const two = f64x2.splat(2.0);
  const series = f64x2.ne(pair2(q0, q1, Q_SERIES), f64x2.splat(0.0));
  let cffv = f64x2.splat(0.0), dcffv = f64x2.splat(0.0);
  if (!v128.all_true<i64>(series)) {
    const e1 = pair2(q0, q1, Q_E1), e2 = pair2(q0, q1, Q_E2), e3 = pair2(q0, q1, Q_E3), e4 = pair2(q0, q1, Q_E4);
    const ca = f64x2.add(e1, f64x2.mul(e3, rinv)), cb = f64x2.add(e2, f64x2.mul(e4, rinv));
    cffv = f64x2.sub(f64x2.mul(f64x2.neg(ei), ca), f64x2.mul(ej, cb));
    if (deriv) dcffv = f64x2.add(f64x2.mul(ei, f64x2.add(f64x2.mul(f64x2.mul(two, vzei), ca), f64x2.mul(f64x2.mul(e3, rinv), rinv))),
      f64x2.mul(ej, f64x2.add(f64x2.mul(f64x2.mul(two, zej), cb), f64x2.mul(f64x2.mul(e4, rinv), rinv))));
  }
  if (v128.any_true(series)) {
    const e = f64x2.sqrt(f64x2.mul(ei, ej));
    const z = pair2(q0, q1, Q_ZBAR), xx = f64x2.mul(z, r);
    const p2 = f64x2.add(sp(45.0), f64x2.mul(xx, f64x2.add(sp(90.0), f64x2.mul(xx, f64x2.add(sp(75.0),
      f64x2.mul(xx, f64x2.add(sp(30.0), f64x2.mul(sp(4.0), xx))))))));
    const p4 = f64x2.add(sp(-105.0), f64x2.mul(xx, f64x2.add(sp(-210.0), f64x2.mul(f64x2.mul(xx, xx),
      f64x2.add(sp(280.0), f64x2.mul(xx, f64x2.add(sp(266.0), f64x2.mul(xx, f64x2.add(sp(84.0), f64x2.mul(sp(8.0), xx))))))))));
    const sv = f64x2.add(f64x2.mul(f64x2.neg(e), f64x2.add(rinv, f64x2.mul(z, f64x2.add(sp(1.375),
      f64x2.mul(xx, f64x2.add(sp(0.75), f64x2.div(xx, sp(6.0)))))))),
      f64x2.mul(e, f64x2.add(f64x2.mul(pair2(q0, q1, Q_S2), p2), f64x2.mul(pair2(q0, q1, Q_S4), p4))));
    cffv = v128.bitselect(sv, cffv, series);
    if (deriv) {
      const d2 = f64x2.mul(f64x2.neg(xx), f64x2.add(sp(30.0), f64x2.mul(xx, f64x2.add(sp(60.0),
        f64x2.mul(xx, f64x2.add(sp(44.0), f64x2.mul(sp(8.0), xx)))))));
      const d4 = f64x2.mul(xx, f64x2.add(sp(420.0), f64x2.mul(xx, f64x2.add(sp(840.0), f64x2.mul(xx, f64x2.add(sp(504.0),
        f64x2.mul(xx, f64x2.add(sp(-112.0), f64x2.mul(xx, f64x2.sub(sp(-120.0), f64x2.mul(sp(16.0), xx)))))))))));
      const sd = f64x2.add(f64x2.mul(e, f64x2.add(f64x2.add(f64x2.mul(rinv, rinv), f64x2.mul(f64x2.mul(sp(2.0), z), rinv)),
        f64x2.mul(f64x2.mul(z, z), f64x2.add(sp(2.0), f64x2.mul(xx, f64x2.add(sp(7.0 / 6.0), f64x2.div(xx, sp(3.0)))))))),
        f64x2.mul(e, f64x2.add(f64x2.mul(pair2(q0, q1, Q_DS2), d2), f64x2.mul(pair2(q0, q1, Q_DS4), d4))));
      dcffv = v128.bitselect(sd, dcffv, series);
    }
  }
  gV2 = cffv;
  if (deriv) gD2 = dcffv;
}

/** Derived constants of the descriptor (Wolf self and shift terms, pair blocks, values at R_c; all shifts 0 for Ewald). */
export function coul_streitz_setup(pot: usize): void {
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const types = <usize>load<i32>(pot, P_TYPES), pairs = <usize>load<i32>(pot, P_PAIRS);
  const wolf = load<i32>(pot, P_WOLF) != 0 ? 1.0 : 0.0;
  const rc = load<f64>(pot, P_RC), a = load<f64>(pot, P_ALPHA);
  const rcinv = 1.0 / rc;
  store<f64>(pot, rc * rc, P_CUTSQ);
  const erfcrc = erfc(a * rc);
  store<f64>(pot, wolf * (0.5 * erfcrc / rc + a / Math.sqrt(Math.PI)), P_WOSELF);
  store<f64>(pot, wolf * (erfcrc / rc), P_VRC);
  store<f64>(pot, wolf * -(erfcrc / rc / rc + TWO_OVER_SQRTPI * a * Math.exp(-a * a * rc * rc) / rc), P_DVRC);
  for (let i = 1; i < nt1; i++) {
    const t = types + <usize>i * TYPE_BYTES;
    const z = load<f64>(t, T_ZETA);
    cnf(z, Math.exp(-2.0 * z * rc), rcinv);
    store<f64>(t, wolf * gV, T_CNF);
    store<f64>(t, wolf * gD, T_DCNF);
  }
  for (let i = 1; i < nt1; i++) {
    for (let j = 1; j < nt1; j++) {
      const ti = types + <usize>i * TYPE_BYTES, tj = types + <usize>j * TYPE_BYTES;
      const q = pairs + <usize>(i * nt1 + j) * PAIR_BYTES;
      const zi = load<f64>(ti, T_ZETA), zj = load<f64>(tj, T_ZETA);
      pairCoefficients(q, zi, zj);
      cff(q, zi, zj, Math.exp(-2.0 * zi * rc), Math.exp(-2.0 * zj * rc), rc, rcinv);
      store<f64>(q, wolf * gV, Q_CFF);
      store<f64>(q, wolf * gD, Q_DCFF);
      store<f64>(q, load<f64>(ti, T_ACTIVE) * load<f64>(tj, T_ACTIVE), Q_ACTIVE);
    }
  }
}

const scratch = memory.data(PAIR_BYTES, 16);

/** [f_a|f_b](r) (1/Å; × k_e for eV) into out[0] and its r-derivative into out[1] (§7.3–7.4). */
export function coul_slater_ff(za: f64, zb: f64, r: f64, out: usize): void {
  pairCoefficients(scratch, za, zb);
  const rinv = 1.0 / r;
  cff(scratch, za, zb, Math.exp(-2.0 * za * r), Math.exp(-2.0 * zb * r), r, rinv);
  store<f64>(out, rinv + gV);
  store<f64>(out, -rinv * rinv + gD, 8);
}

/** [N|f_ζ](r), the potential of a unit 1s Slater density at distance r, into out[0], derivative into out[1] (§7.2). */
export function coul_slater_nf(z: f64, r: f64, out: usize): void {
  const rinv = 1.0 / r;
  cnf(z, Math.exp(-2.0 * z * r), rinv);
  store<f64>(out, rinv + gV);
  store<f64>(out, -rinv * rinv + gD, 8);
}

/** erfc(x) as the kernels evaluate it (assembly/erfc.ts). */
export function coul_erfc(x: f64): f64 {
  return erfc(x);
}

/** exp and erfc of two arguments as the pair loops evaluate them: out[0..1] = exp(x0), exp(x1), out[2..3] = erfc(x0),
 *  erfc(x1); the SIMD build through its lane-wise exp2v and erfc2v, the scalar build one argument at a time (the two
 *  builds must agree bit for bit). */
export function coul_exp_erfc2(x0: f64, x1: f64, out: usize): void {
  if (ASC_FEATURE_SIMD) {
    const x = f64x2.replace_lane(f64x2.splat(x0), 1, x1);
    v128.store(out, exp2v(x));
    v128.store(out, erfc2v(x), 16);
  } else {
    store<f64>(out, Math.exp(x0)); store<f64>(out, Math.exp(x1), 8);
    store<f64>(out, erfc(x0), 16); store<f64>(out, erfc(x1), 24);
  }
}

/** The short list of one skin-list row: candidates k0..k1-1 of the atom at (xi, yi, zi) with r² ≤ cutsq go to sidx and
 *  their r² to sr from slot ns on, in list order (branch-free: every candidate is written, the cursor advances only for
 *  those inside). Returns the new cursor. */
// @ts-ignore: decorator
@inline export function compactRow(x: usize, idx: usize, k0: i32, k1: i32, xi: f64, yi: f64, zi: f64, cutsq: f64,
                                   sidx: usize, sr: usize, ns: i32): i32 {
  for (let k = k0; k < k1; k++) {
    const j = load<i32>(idx + (<usize>k << 2));
    const pj = x + <usize>j * 24;
    const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
    const rsq = dx * dx + dy * dy + dz * dz;
    store<i32>(sidx + (<usize>ns << 2), j);
    store<f64>(sr + (<usize>ns << 3), rsq);
    ns += i32(rsq <= cutsq);
  }
  return ns;
}

/** coul/streitz energy and forces (Wolf, or Ewald real space as the descriptor says): self terms of owned atoms, then each pair of the half list (offs, idx)
 *  with r ≤ R_c, compacted into the short list (soffs, sidx, sr: r per pair) on the way. Adds forces to f (owned
 *  and ghost), half of each pair's energy and virial to eatom/vatom (0 = off) and the self energy to eatom of
 *  owned atoms. q holds charges of owned and ghost atoms. Returns E_coul when eflag != 0 (else 0). */
export function coul_streitz(pot: usize, i0: i32, i1: i32, x: usize, type: usize, q: usize, offs: usize, idx: usize,
                                  soffs: usize, send: usize, sidx: usize, sr: usize, f: usize, eflag: i32, eatom: usize,
                                  vatom: usize): f64 {
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const types = <usize>load<i32>(pot, P_TYPES), pairs = <usize>load<i32>(pot, P_PAIRS);
  const rc = load<f64>(pot, P_RC), a = load<f64>(pot, P_ALPHA), qqrd2e = load<f64>(pot, P_QQRD2E);
  const cutsq = load<f64>(pot, P_CUTSQ), vrc = load<f64>(pot, P_VRC), dvrc = load<f64>(pot, P_DVRC);
  const kwself = qqrd2e * load<f64>(pot, P_WOSELF);
  const ma2 = -a * a, ta = TWO_OVER_SQRTPI * a;
  const tally = eatom != 0 || vatom != 0;
  let energy = 0.0;
  // self energy q_i [χ_i + q_i (J_i/2 − k_e w_s)]
  for (let i = i0; i < i1; i++) {
    const t = types + <usize>load<i32>(type + (<usize>i << 2)) * TYPE_BYTES;
    const qi = load<f64>(q + (<usize>i << 3));
    const e = load<f64>(t, T_ACTIVE) * (qi * (load<f64>(t, T_CHI) + qi * (0.5 * load<f64>(t, T_ETA) - kwself)));
    if (eflag) energy += e;
    if (eatom) addTo(eatom + (<usize>i << 3), e);
  }
  let ns = load<i32>(offs + (<usize>i0 << 2));
  for (let i = i0; i < i1; i++) {
    store<i32>(soffs + (<usize>i << 2), ns);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const it = load<i32>(type + (<usize>i << 2));
    const ti = types + <usize>it * TYPE_BYTES;
    const qrow = pairs + <usize>(it * nt1) * PAIR_BYTES;
    const qi = load<f64>(q + (<usize>i << 3));
    const zei = load<f64>(ti, T_ZETA), zci = load<f64>(ti, T_Z);
    const m2zi = -2.0 * zei;
    const cnfi = load<f64>(ti, T_CNF), dcnfi = load<f64>(ti, T_DCNF);
    const k0 = load<i32>(offs + (<usize>i << 2)), k1 = load<i32>(offs + (<usize>(i + 1) << 2));
    const s0 = ns;
    ns = compactRow(x, idx, k0, k1, xi, yi, zi, cutsq, sidx, sr, ns);
    store<i32>(send + (<usize>i << 2), ns);
    let fxi = 0.0, fyi = 0.0, fzi = 0.0;
    let k = s0;
    if (ASC_FEATURE_SIMD) {
      const one = f64x2.splat(1.0), vrcv = f64x2.splat(rc);
      const vqi = f64x2.splat(qi), vzci = f64x2.splat(zci), vzei = f64x2.splat(zei);
      for (; k + 1 < ns; k += 2) {
        const j0 = load<i32>(sidx + (<usize>k << 2)), j1 = load<i32>(sidx + (<usize>(k + 1) << 2));
        const srk = sr + (<usize>k << 3);
        const r = f64x2.sqrt(v128.load(srk));
        v128.store(srk, r);
        const t0 = types + <usize>load<i32>(type + (<usize>j0 << 2)) * TYPE_BYTES;
        const t1 = types + <usize>load<i32>(type + (<usize>j1 << 2)) * TYPE_BYTES;
        const q0 = qrow + <usize>load<i32>(type + (<usize>j0 << 2)) * PAIR_BYTES;
        const q1 = qrow + <usize>load<i32>(type + (<usize>j1 << 2)) * PAIR_BYTES;
        const zej = pair2(t0, t1, T_ZETA), zcj = pair2(t0, t1, T_Z);
        const qj = pair2(q + (<usize>j0 << 3), q + (<usize>j1 << 3), 0);
        const rinv = f64x2.div(one, r);
        // the same products as the scalar loop's, through lane-wise exp and erfc (bitwise Math.exp and erfc)
        const ei = exp2v(f64x2.mul(f64x2.splat(m2zi), r));
        const ej = exp2v(f64x2.mul(f64x2.mul(f64x2.splat(-2.0), zej), r));
        const erfcr = erfc2v(f64x2.mul(f64x2.splat(a), r));
        const g = exp2v(f64x2.mul(f64x2.mul(f64x2.splat(ma2), r), r));
        const drc = f64x2.sub(r, vrcv);
        // core–valence remainders, shifted: i's density in j's core field and j's density in i's
        cnf2(vzei, ei, rinv, true);
        const cjfi = gV2, dcjfi = gD2;
        const sjfi = f64x2.sub(f64x2.sub(cjfi, f64x2.splat(cnfi)), f64x2.mul(drc, f64x2.splat(dcnfi)));
        const dsjfi = f64x2.sub(dcjfi, f64x2.splat(dcnfi));
        cnf2(zej, ej, rinv, true);
        const cifj = gV2, dcifj = gD2;
        const sifj = f64x2.sub(f64x2.sub(cifj, pair2(t0, t1, T_CNF)), f64x2.mul(drc, pair2(t0, t1, T_DCNF)));
        const dsifj = f64x2.sub(dcifj, pair2(t0, t1, T_DCNF));
        // valence–valence remainder: closed form and series per lane, as each pair's flag says
        cff2(q0, q1, vzei, zej, ei, ej, r, rinv, true);
        const cffv = gV2, dcffv = gD2;
        const sff = f64x2.sub(f64x2.sub(cffv, pair2(q0, q1, Q_CFF)), f64x2.mul(drc, pair2(q0, q1, Q_DCFF)));
        const dsff = f64x2.sub(dcffv, pair2(q0, q1, Q_DCFF));
        // Wolf: v(r) − v(R_c) in the energy, v'(r) − v'(R_c) in the force (LAMMPS coul/streitz); Ewald: v, v'
        const v = f64x2.sub(f64x2.div(erfcr, r), f64x2.splat(vrc));
        const dv = f64x2.sub(f64x2.sub(f64x2.neg(f64x2.div(f64x2.div(erfcr, r), r)), f64x2.div(f64x2.mul(f64x2.splat(ta), g), r)),
          f64x2.splat(dvrc));
        const qizj = f64x2.mul(vqi, zcj), qjzi = f64x2.mul(qj, vzci), qq = f64x2.mul(vqi, qj);
        const act = f64x2.mul(pair2(q0, q1, Q_ACTIVE), f64x2.splat(qqrd2e));
        const u = f64x2.mul(act, f64x2.add(f64x2.add(f64x2.mul(qizj, f64x2.sub(sjfi, sff)), f64x2.mul(qjzi, f64x2.sub(sifj, sff))),
          f64x2.mul(qq, f64x2.add(v, sff))));
        const du = f64x2.mul(act, f64x2.add(f64x2.add(f64x2.mul(qizj, f64x2.sub(dsjfi, dsff)), f64x2.mul(qjzi, f64x2.sub(dsifj, dsff))),
          f64x2.mul(qq, f64x2.add(dv, dsff))));
        const fpair = f64x2.mul(f64x2.neg(du), rinv);
        const p0 = x + <usize>j0 * 24, p1 = x + <usize>j1 * 24;
        const dx = f64x2.sub(f64x2.splat(xi), pair2(p0, p1, 0));
        const dy = f64x2.sub(f64x2.splat(yi), pair2(p0, p1, 8));
        const dz = f64x2.sub(f64x2.splat(zi), pair2(p0, p1, 16));
        const fx = f64x2.mul(dx, fpair), fy = f64x2.mul(dy, fpair), fz = f64x2.mul(dz, fpair);
        const fx0 = f64x2.extract_lane(fx, 0), fy0 = f64x2.extract_lane(fy, 0), fz0 = f64x2.extract_lane(fz, 0);
        const fx1 = f64x2.extract_lane(fx, 1), fy1 = f64x2.extract_lane(fy, 1), fz1 = f64x2.extract_lane(fz, 1);
        fxi += fx0; fyi += fy0; fzi += fz0;
        const f0 = f + <usize>j0 * 24;
        addTo(f0, -fx0); addTo(f0 + 8, -fy0); addTo(f0 + 16, -fz0);
        if (eflag) energy += f64x2.extract_lane(u, 0);
        if (tally) tallyAtom(eatom, vatom, i, j0, f64x2.extract_lane(u, 0), f64x2.extract_lane(fpair, 0),
          f64x2.extract_lane(dx, 0), f64x2.extract_lane(dy, 0), f64x2.extract_lane(dz, 0));
        fxi += fx1; fyi += fy1; fzi += fz1;
        const f1 = f + <usize>j1 * 24;
        addTo(f1, -fx1); addTo(f1 + 8, -fy1); addTo(f1 + 16, -fz1);
        if (eflag) energy += f64x2.extract_lane(u, 1);
        if (tally) tallyAtom(eatom, vatom, i, j1, f64x2.extract_lane(u, 1), f64x2.extract_lane(fpair, 1),
          f64x2.extract_lane(dx, 1), f64x2.extract_lane(dy, 1), f64x2.extract_lane(dz, 1));
      }
    }
    for (; k < ns; k++) {
      const j = load<i32>(sidx + (<usize>k << 2));
      const srk = sr + (<usize>k << 3);
      const r = Math.sqrt(load<f64>(srk));
      store<f64>(srk, r);
      const jt = load<i32>(type + (<usize>j << 2));
      const tj = types + <usize>jt * TYPE_BYTES;
      const qp = qrow + <usize>jt * PAIR_BYTES;
      const zej = load<f64>(tj, T_ZETA), zcj = load<f64>(tj, T_Z);
      const qj = load<f64>(q + (<usize>j << 3));
      const rinv = 1.0 / r, rinv2 = rinv * rinv;
      const ei = Math.exp(m2zi * r);
      const ej = Math.exp(-2.0 * zej * r);
      const erfcr = erfc(a * r);
      const g = Math.exp(ma2 * r * r);
      const drc = r - rc;
      const cjfi = -zei * ei - rinv * ei;
      const dcjfi = 2.0 * zei * zei * ei + rinv2 * ei + 2.0 * zei * rinv * ei;
      const sjfi = cjfi - cnfi - drc * dcnfi;
      const dsjfi = dcjfi - dcnfi;
      const cifj = -zej * ej - rinv * ej;
      const dcifj = 2.0 * zej * zej * ej + rinv2 * ej + 2.0 * zej * rinv * ej;
      const sifj = cifj - load<f64>(tj, T_CNF) - drc * load<f64>(tj, T_DCNF);
      const dsifj = dcifj - load<f64>(tj, T_DCNF);
      cff(qp, zei, zej, ei, ej, r, rinv);
      const sff = gV - load<f64>(qp, Q_CFF) - drc * load<f64>(qp, Q_DCFF);
      const dsff = gD - load<f64>(qp, Q_DCFF);
      const v = erfcr / r - vrc;
      const dv = -(erfcr / r / r) - ta * g / r - dvrc;
      const qizj = qi * zcj, qjzi = qj * zci, qq = qi * qj;
      const act = load<f64>(qp, Q_ACTIVE) * qqrd2e;
      const u = act * (qizj * (sjfi - sff) + qjzi * (sifj - sff) + qq * (v + sff));
      const du = act * (qizj * (dsjfi - dsff) + qjzi * (dsifj - dsff) + qq * (dv + dsff));
      const fpair = -du * rinv;
      const pj = x + <usize>j * 24;
      const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
      const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
      fxi += fx; fyi += fy; fzi += fz;
      const fj = f + <usize>j * 24;
      addTo(fj, -fx); addTo(fj + 8, -fy); addTo(fj + 16, -fz);
      if (eflag) energy += u;
      if (tally) tallyAtom(eatom, vatom, i, j, u, fpair, dx, dy, dz);
    }
    const fi = f + <usize>i * 24;
    addTo(fi, fxi); addTo(fi + 8, fyi); addTo(fi + 16, fzi);
  }
  return energy;
}

/** The coul/streitz energy as a quadratic in the charges, for charge equilibration on the pair's own energy (fix
 *  qeq/ensemble, physics.md §9.2): E = Σ_i lin_i q_i + ½ Σ_i diag_i q_i² + Σ_{pairs} h_ij q_i q_j, term by term the
 *  expression coul_streitz evaluates (same shifts, same α, same R_c). Owned atoms get lin_i += χ_i and
 *  diag_i = J_i − 2k_e w_s; every half-list pair with r² ≤ R_c² gets h = k_e[v(r) − v(R_c) + C_ff^sf] in the short
 *  list (soffs, sidx, h: one f64 per pair) and adds k_e Z_j[C_jf_i^sf − C_ff^sf] to lin_i, k_e Z_i[C_if_j^sf − C_ff^sf]
 *  to lin_j (owned and ghost: the caller zeroes lin and folds its ghosts). H·q is then qeq_matvec. */
export function coul_streitz_hessian(pot: usize, i0: i32, i1: i32, x: usize, type: usize, offs: usize, idx: usize,
                                     soffs: usize, send: usize, sidx: usize, h: usize, diag: usize, lin: usize): void {
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const types = <usize>load<i32>(pot, P_TYPES), pairs = <usize>load<i32>(pot, P_PAIRS);
  const rc = load<f64>(pot, P_RC), a = load<f64>(pot, P_ALPHA), qqrd2e = load<f64>(pot, P_QQRD2E);
  const cutsq = load<f64>(pot, P_CUTSQ), vrc = load<f64>(pot, P_VRC);
  const kwself = qqrd2e * load<f64>(pot, P_WOSELF);
  for (let i = i0; i < i1; i++) {
    const t = types + <usize>load<i32>(type + (<usize>i << 2)) * TYPE_BYTES;
    const act = load<f64>(t, T_ACTIVE);
    store<f64>(diag + (<usize>i << 3), act * (load<f64>(t, T_ETA) - 2.0 * kwself));
    addTo(lin + (<usize>i << 3), act * load<f64>(t, T_CHI));
  }
  let ns = load<i32>(offs + (<usize>i0 << 2));
  for (let i = i0; i < i1; i++) {
    store<i32>(soffs + (<usize>i << 2), ns);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const it = load<i32>(type + (<usize>i << 2));
    const ti = types + <usize>it * TYPE_BYTES;
    const qrow = pairs + <usize>(it * nt1) * PAIR_BYTES;
    const zei = load<f64>(ti, T_ZETA), zci = load<f64>(ti, T_Z);
    const cnfi = load<f64>(ti, T_CNF), dcnfi = load<f64>(ti, T_DCNF);
    let lini = 0.0;
    const k0 = load<i32>(offs + (<usize>i << 2)), k1 = load<i32>(offs + (<usize>(i + 1) << 2));
    const s0 = ns;
    // compaction first (r² parked in h), then the pairs inside the cutoff without a branch
    ns = compactRow(x, idx, k0, k1, xi, yi, zi, cutsq, sidx, h, ns);
    let k = s0;
    if (ASC_FEATURE_SIMD) {
      // two pairs per iteration: the scalar loop's operations lane by lane (exp2v, erfc2v, cnf2, cff2 are bitwise
      // Math.exp, erfc, cnf, cff); linear terms added lane 0 then lane 1 as the scalar loop adds pair by pair
      const one = sp(1.0), vzei = sp(zei), vrc2 = sp(rc), ke = sp(qqrd2e);
      for (; k + 1 < ns; k += 2) {
        const j0 = load<i32>(sidx + (<usize>k << 2)), j1 = load<i32>(sidx + (<usize>(k + 1) << 2));
        const hk = h + (<usize>k << 3);
        const r = f64x2.sqrt(v128.load(hk)), rinv = f64x2.div(one, r);
        const jt0 = load<i32>(type + (<usize>j0 << 2)), jt1 = load<i32>(type + (<usize>j1 << 2));
        const tj0 = types + <usize>jt0 * TYPE_BYTES, tj1 = types + <usize>jt1 * TYPE_BYTES;
        const q0 = qrow + <usize>jt0 * PAIR_BYTES, q1 = qrow + <usize>jt1 * PAIR_BYTES;
        const zej = pair2(tj0, tj1, T_ZETA), zcj = pair2(tj0, tj1, T_Z);
        const ei = exp2v(f64x2.mul(sp(-2.0 * zei), r)), ej = exp2v(f64x2.mul(f64x2.mul(sp(-2.0), zej), r));
        const drc = f64x2.sub(r, vrc2);
        cnf2(vzei, ei, rinv, false);
        const sjfi = f64x2.sub(f64x2.sub(gV2, sp(cnfi)), f64x2.mul(drc, sp(dcnfi)));
        cnf2(zej, ej, rinv, false);
        const sifj = f64x2.sub(f64x2.sub(gV2, pair2(tj0, tj1, T_CNF)), f64x2.mul(drc, pair2(tj0, tj1, T_DCNF)));
        cff2(q0, q1, vzei, zej, ei, ej, r, rinv, false);
        const sff = f64x2.sub(f64x2.sub(gV2, pair2(q0, q1, Q_CFF)), f64x2.mul(drc, pair2(q0, q1, Q_DCFF)));
        const act = f64x2.mul(pair2(q0, q1, Q_ACTIVE), ke);
        v128.store(hk, f64x2.mul(act, f64x2.add(f64x2.sub(f64x2.div(erfc2v(f64x2.mul(sp(a), r)), r), sp(vrc)), sff)));
        lini = addLanes(lini, f64x2.mul(f64x2.mul(act, zcj), f64x2.sub(sjfi, sff)));
        addTo2(lin, j0, j1, f64x2.mul(f64x2.mul(act, sp(zci)), f64x2.sub(sifj, sff)));
      }
    }
    for (; k < ns; k++) {
      const j = load<i32>(sidx + (<usize>k << 2));
      const hk = h + (<usize>k << 3);
      const r = Math.sqrt(load<f64>(hk)), rinv = 1.0 / r;
      const jt = load<i32>(type + (<usize>j << 2));
      const tj = types + <usize>jt * TYPE_BYTES;
      const qp = qrow + <usize>jt * PAIR_BYTES;
      const zej = load<f64>(tj, T_ZETA), zcj = load<f64>(tj, T_Z);
      const ei = Math.exp(-2.0 * zei * r), ej = Math.exp(-2.0 * zej * r);
      const drc = r - rc;
      cnf(zei, ei, rinv);
      const sjfi = gV - cnfi - drc * dcnfi;
      cnf(zej, ej, rinv);
      const sifj = gV - load<f64>(tj, T_CNF) - drc * load<f64>(tj, T_DCNF);
      cff(qp, zei, zej, ei, ej, r, rinv);
      const sff = gV - load<f64>(qp, Q_CFF) - drc * load<f64>(qp, Q_DCFF);
      const act = load<f64>(qp, Q_ACTIVE) * qqrd2e;
      store<f64>(hk, act * (erfc(a * r) / r - vrc + sff));
      lini += act * zcj * (sjfi - sff);
      addTo(lin + (<usize>j << 3), act * zci * (sifj - sff));
    }
    store<i32>(send + (<usize>i << 2), ns);
    addTo(lin + (<usize>i << 3), lini);
  }
}
