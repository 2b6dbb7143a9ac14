// Complementary error function erfc(x) for the Wolf/Ewald screening erfc(αr)/r (physics.md §8.2). AssemblyScript's
// Math has no erf/erfc. Port of s_erf.c from Sun's fdlibm 5.3 (the erfc that glibc, musl and FreeBSD libm ship and
// LAMMPS's coul/streitz calls), error < 1 ulp: "Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
// Developed at SunSoft, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice is preserved." Coefficients are the fdlibm bit patterns
// (hex beside each decimal value). Method, per interval of |x|:
//   [0, 0.84375)      erfc = 1 − (x + x·P/Q(x²))          (or ½ − (x·P/Q + (x − ½)) for x ≥ ¼)
//   [0.84375, 1.25)   erfc = (1 − c) − P1/Q1(|x|−1),  c = erf(1) rounded to single precision
//   [1.25, 28)        erfc = exp(−z² − 0.5625)·exp((z − x)(z + x) + R/S(1/x²))/x, z = x with its low 32 bits
//                     cleared (so z² is exact), R/S fitted on [1.25, 1/0.35) and [1/0.35, 28)
//   ≥ 28              underflows to 0; negative x via erfc(−x) = 2 − erfc(x)
// erfc2v evaluates both lanes of an f64x2 at once where both lie in [1.25, 28) (most pair distances of a Wolf or Ewald
// sum), with the same operations as erfc, so bit for bit; any other pair of lanes goes through erfc.

import { exp2v } from './exp';
import { sp } from './pairwise';

const erx = 8.45062911510467529297e-01;   // 0x3FEB0AC1 60000000
const pp0 = 1.28379167095512558561e-01;   // 0x3FC06EBA 8214DB68
const pp1 = -3.25042107247001499370e-01;  // 0xBFD4CD7D 691CB913
const pp2 = -2.84817495755985104766e-02;  // 0xBF9D2A51 DBD7194F
const pp3 = -5.77027029648944159157e-03;  // 0xBF77A291 236668E4
const pp4 = -2.37630166566501626084e-05;  // 0xBEF8EAD6 120016AC
const qq1 = 3.97917223959155352819e-01;   // 0x3FD97779 CDDADC09
const qq2 = 6.50222499887672944485e-02;   // 0x3FB0A54C 5536CEBA
const qq3 = 5.08130628187576562776e-03;   // 0x3F74D022 C4D36B0F
const qq4 = 1.32494738004321644526e-04;   // 0x3F215DC9 221C1A10
const qq5 = -3.96022827877536812320e-06;  // 0xBED09C43 42A26120
const pa0 = -2.36211856075265944077e-03;  // 0xBF6359B8 BEF77538
const pa1 = 4.14856118683748331666e-01;   // 0x3FDA8D00 AD92B34D
const pa2 = -3.72207876035701323847e-01;  // 0xBFD7D240 FBB8C3F1
const pa3 = 3.18346619901161753674e-01;   // 0x3FD45FCA 805120E4
const pa4 = -1.10894694282396677476e-01;  // 0xBFBC6398 3D3E28EC
const pa5 = 3.54783043256182359371e-02;   // 0x3FA22A36 599795EB
const pa6 = -2.16637559486879084300e-03;  // 0xBF61BF38 0A96073F
const qa1 = 1.06420880400844228286e-01;   // 0x3FBB3E66 18EEE323
const qa2 = 5.40397917702171048937e-01;   // 0x3FE14AF0 92EB6F33
const qa3 = 7.18286544141962662868e-02;   // 0x3FB2635C D99FE9A7
const qa4 = 1.26171219808761642112e-01;   // 0x3FC02660 E763351F
const qa5 = 1.36370839120290507362e-02;   // 0x3F8BEDC2 6B51DD1C
const qa6 = 1.19844998467991074170e-02;   // 0x3F888B54 5735151D
const ra0 = -9.86494403484714822705e-03;  // 0xBF843412 600D6435
const ra1 = -6.93858572707181764372e-01;  // 0xBFE63416 E4BA7360
const ra2 = -1.05586262253232909814e+01;  // 0xC0251E04 41B0E726
const ra3 = -6.23753324503260060396e+01;  // 0xC04F300A E4CBA38D
const ra4 = -1.62396669462573470355e+02;  // 0xC0644CB1 84282266
const ra5 = -1.84605092906711035994e+02;  // 0xC067135C EBCCABB2
const ra6 = -8.12874355063065934246e+01;  // 0xC0545265 57E4D2F2
const ra7 = -9.81432934416914548592e+00;  // 0xC023A0EF C69AC25C
const sa1 = 1.96512716674392571292e+01;   // 0x4033A6B9 BD707687
const sa2 = 1.37657754143519042600e+02;   // 0x4061350C 526AE721
const sa3 = 4.34565877475229228821e+02;   // 0x407B290D D58A1A71
const sa4 = 6.45387271733267880336e+02;   // 0x40842B19 21EC2868
const sa5 = 4.29008140027567833386e+02;   // 0x407AD021 57700314
const sa6 = 1.08635005541779435134e+02;   // 0x405B28A3 EE48AE2C
const sa7 = 6.57024977031928170135e+00;   // 0x401A47EF 8E484A93
const sa8 = -6.04244152148580987438e-02;  // 0xBFAEEFF2 EE749A62
const rb0 = -9.86494292470009928597e-03;  // 0xBF843412 39E86F4A
const rb1 = -7.99283237680523006574e-01;  // 0xBFE993BA 70C285DE
const rb2 = -1.77579549177547519889e+01;  // 0xC031C209 555F995A
const rb3 = -1.60636384855821916062e+02;  // 0xC064145D 43C5ED98
const rb4 = -6.37566443368389627722e+02;  // 0xC083EC88 1375F228
const rb5 = -1.02509513161107724954e+03;  // 0xC0900461 6A2E5992
const rb6 = -4.83519191608651397019e+02;  // 0xC07E384E 9BDC383F
const sb1 = 3.03380607434824582924e+01;   // 0x403E568B 261D5190
const sb2 = 3.25792512996573918826e+02;   // 0x40745CAE 221B9F0A
const sb3 = 1.53672958608443695994e+03;   // 0x409802EB 189D5118
const sb4 = 3.19985821950859553908e+03;   // 0x40A8FFB7 688C246A
const sb5 = 2.55305040643316442583e+03;   // 0x40A3F219 CEDF3BE6
const sb6 = 4.74528541206955367215e+02;   // 0x407DA874 E79FE763
const sb7 = -2.24409524465858183362e+01;  // 0xC03670E2 42712D62

/** erfc(x) for every f64 x (NaN → NaN, ±∞ → 0, 2). */
export function erfc(x: f64): f64 {
  const hx = <i32>(reinterpret<u64>(x) >> 32);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return <f64>((hx >>> 31) << 1) + 1.0 / x;
  if (ix < 0x3feb0000) {
    if (ix < 0x3c700000) return 1.0 - x;
    const z = x * x;
    const r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
    const s = 1.0 + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
    const y = r / s;
    if (hx < 0x3fd00000) return 1.0 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5));
  }
  if (ix < 0x3ff40000) {
    const s = Math.abs(x) - 1.0;
    const p = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
    const q = 1.0 + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
    return hx >= 0 ? (1.0 - erx) - p / q : 1.0 + (erx + p / q);
  }
  if (ix < 0x403c0000) {
    const ax = Math.abs(x);
    const s = 1.0 / (ax * ax);
    let r: f64, q: f64;
    if (ix < 0x4006db6d) {
      r = ra0 + s * (ra1 + s * (ra2 + s * (ra3 + s * (ra4 + s * (ra5 + s * (ra6 + s * ra7))))));
      q = 1.0 + s * (sa1 + s * (sa2 + s * (sa3 + s * (sa4 + s * (sa5 + s * (sa6 + s * (sa7 + s * sa8)))))));
    } else {
      if (hx < 0 && ix >= 0x40180000) return 2.0;
      r = rb0 + s * (rb1 + s * (rb2 + s * (rb3 + s * (rb4 + s * (rb5 + s * rb6)))));
      q = 1.0 + s * (sb1 + s * (sb2 + s * (sb3 + s * (sb4 + s * (sb5 + s * (sb6 + s * sb7))))));
    }
    const z = reinterpret<f64>(reinterpret<u64>(ax) & 0xffffffff00000000);
    const e = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + r / q);
    return hx > 0 ? e / ax : 2.0 - e / ax;
  }
  return hx > 0 ? 0.0 : 2.0;
}

/** erfc of each lane of x (bitwise erfc). */
// @ts-ignore: decorator
@inline export function erfc2v(x: v128): v128 {
  // both lanes positive with high words in [0x3ff40000, 0x403c0000): x in [1.25, 28), the two rational fits of erfc
  // there chosen per lane (the first below 1/0.35, high word 0x4006db6d)
  const hi = i64x2.shr_s(x, 32);
  if (!v128.all_true<i64>(v128.and(i64x2.ge_s(hi, i64x2.splat(0x3ff40000)), i64x2.lt_s(hi, i64x2.splat(0x403c0000))))) {
    return f64x2.replace_lane(f64x2.splat(erfc(f64x2.extract_lane(x, 0))), 1, erfc(f64x2.extract_lane(x, 1)));
  }
  const s = f64x2.div(sp(1.0), f64x2.mul(x, x));
  const first = i64x2.lt_s(hi, i64x2.splat(0x4006db6d));
  let r = sp(0.0), q = sp(0.0);
  if (v128.any_true(first)) {
    r = f64x2.add(sp(ra0), f64x2.mul(s, f64x2.add(sp(ra1), f64x2.mul(s, f64x2.add(sp(ra2), f64x2.mul(s, f64x2.add(sp(ra3),
      f64x2.mul(s, f64x2.add(sp(ra4), f64x2.mul(s, f64x2.add(sp(ra5), f64x2.mul(s, f64x2.add(sp(ra6), f64x2.mul(s, sp(ra7)))))))))))))));
    q = f64x2.add(sp(1.0), f64x2.mul(s, f64x2.add(sp(sa1), f64x2.mul(s, f64x2.add(sp(sa2), f64x2.mul(s, f64x2.add(sp(sa3),
      f64x2.mul(s, f64x2.add(sp(sa4), f64x2.mul(s, f64x2.add(sp(sa5), f64x2.mul(s, f64x2.add(sp(sa6), f64x2.mul(s, f64x2.add(sp(sa7),
      f64x2.mul(s, sp(sa8)))))))))))))))));
  }
  if (!v128.all_true<i64>(first)) {
    const rb = f64x2.add(sp(rb0), f64x2.mul(s, f64x2.add(sp(rb1), f64x2.mul(s, f64x2.add(sp(rb2), f64x2.mul(s, f64x2.add(sp(rb3),
      f64x2.mul(s, f64x2.add(sp(rb4), f64x2.mul(s, f64x2.add(sp(rb5), f64x2.mul(s, sp(rb6)))))))))))));
    const qb = f64x2.add(sp(1.0), f64x2.mul(s, f64x2.add(sp(sb1), f64x2.mul(s, f64x2.add(sp(sb2), f64x2.mul(s, f64x2.add(sp(sb3),
      f64x2.mul(s, f64x2.add(sp(sb4), f64x2.mul(s, f64x2.add(sp(sb5), f64x2.mul(s, f64x2.add(sp(sb6), f64x2.mul(s, sp(sb7)))))))))))))));
    r = v128.bitselect(r, rb, first);
    q = v128.bitselect(q, qb, first);
  }
  const z = v128.and(x, i64x2.splat(0xffffffff00000000));
  const e = f64x2.mul(exp2v(f64x2.sub(f64x2.mul(f64x2.neg(z), z), sp(0.5625))),
    exp2v(f64x2.add(f64x2.mul(f64x2.sub(z, x), f64x2.add(z, x)), f64x2.div(r, q))));
  return f64x2.div(e, x);
}
