// 1s Slater Coulomb integrals of the Streitz–Mintmire model (physics.md §7.2–7.4): the core–valence remainder
// C_jf = [j|f_ζ] − 1/r, the valence–valence remainder C_ff = [f_a|f_b] − 1/r in closed form and, for nearly equal
// exponents, as the stable series, with their r-derivatives; scalar and two-pair (f64x2) evaluators that perform the
// same IEEE operations lane by lane. Also the coul/streitz descriptor layout that every Streitz kernel reads
// (coulomb.ts, coulomb-table.ts, qeq.ts) and small exports for the tests.

import { erfc, erfc2v } from './erfc';
import { exp2v } from './exp';
import { pair2, sp } from './pairwise';

// Descriptor (byte offsets). The host writes NTYPES, TYPES (active, chi, eta, zeta, zcore per type), WOLF, RC, ALPHA
// and QQRD2E, then coul_streitz_setup fills everything else. WOLF = 0 gives the real-space part of Ewald summation
// (LAMMPS `coul/streitz … ewald`): no shifts at R_c and no Wolf self term, ALPHA = the k-space g_ewald.
export const P_NTYPES = 0;   // i32
export const P_TYPES = 4;    // i32 → (ntypes+1) × TYPE_BYTES
export const P_PAIRS = 8;    // i32 → (ntypes+1)² × PAIR_BYTES, [i*(ntypes+1)+j]
export const P_WOLF = 12;    // i32 1: Wolf (shifted at R_c, self term −k_e w_s q²), 0: Ewald real space (unshifted)
export const P_RC = 16;      // f64 cutoff R_c (Å)
export const P_ALPHA = 24;   // f64 Wolf damping α (1/Å)
export const P_QQRD2E = 32;  // f64 k_e (eV·Å/e²)
export const P_CUTSQ = 40;   // f64 R_c²
export const P_WOSELF = 48;  // f64 w_s = erfc(αR_c)/(2R_c) + α/√π (Ewald: 0)
export const P_VRC = 56;     // f64 v(R_c) = erfc(αR_c)/R_c (Ewald: 0)
export const P_DVRC = 64;    // f64 v'(R_c) (Ewald: 0)
export const P_TAB = 72;     // i32 → the pair table (coulomb-table.ts; the host sizes it), 0: closed forms

// Per type: active (1 if mapped to an element), χ (eV), J (eV), ζ (1/Å), Z (e); setup adds C_jf(R_c), C'_jf(R_c)
// where C_jf(r) = [j|f_ζ](r) − 1/r = −(ζ + 1/r) e^{−2ζr} is the core–valence remainder.
export const T_ACTIVE = 0, T_CHI = 8, T_ETA = 16, T_ZETA = 24, T_Z = 32, T_CNF = 40, T_DCNF = 48;
export const TYPE_BYTES = 56;
// Per type pair: series flag (1: nearly equal exponents), closed-form e1..e4 (§7.3), series ζ̄ and the δ², δ⁴
// weights (§7.4), C_ff(R_c), C'_ff(R_c) with C_ff = [f_a|f_b] − 1/r, and active_i·active_j.
export const Q_SERIES = 0, Q_E1 = 8, Q_E2 = 16, Q_E3 = 24, Q_E4 = 32, Q_ZBAR = 40, Q_S2 = 48, Q_S4 = 56, Q_DS2 = 64,
  Q_DS4 = 72, Q_CFF = 80, Q_DCFF = 88, Q_ACTIVE = 96;
export const PAIR_BYTES = 104;

/** Series when |ζa − ζb| < SERIES_SWITCH·ζ̄ (worst relative error 5e-13 there, closed form 4e-11; §7.4). */
const SERIES_SWITCH = 0.02;
export const TWO_OVER_SQRTPI = 1.1283791670955126; // 2/√π

/** Fill one pair block (Q_*) for exponents za (atom i) and zb (atom j), all but C_ff(R_c). */
export function pairCoefficients(q: usize, za: f64, zb: f64): void {
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
