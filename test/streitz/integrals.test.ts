// The 1s Slater Coulomb integrals and erfc of the coul/streitz kernel (assembly/coulomb.ts, erfc.ts), on both kernel
// builds: values against the 30-digit reference table of physics.md §7.6, derivatives against central differences,
// the nearly-equal-exponent series (§7.4) continuous with the closed form where they switch, and erfc against a
// 320-bit fixed-point series computed here with BigInt.

import { describe, expect, test } from 'vitest';
import { Kernel, type KernelKind } from '../../host/wasm/kernel.js';

const KINDS: KernelKind[] = ['simd', 'scalar'];

function integrals(kind: KernelKind) {
  const k = new Kernel(kind);
  k.reset(); // the allocator starts on reset (the module's start function is not run)
  const out = k.alloc(16);
  const read = (): [number, number] => { const v = k.f64(out, 2); return [v[0], v[1]]; };
  return {
    ff(za: number, zb: number, r: number): [number, number] { k.k.coul_slater_ff(za, zb, r, out); return read(); },
    nf(z: number, r: number): [number, number] { k.k.coul_slater_nf(z, r, out); return read(); },
    erfc: (x: number) => k.k.coul_erfc(x),
  };
}

// physics.md §7.6 (30-digit arithmetic), [f_a|f_b](R) in 1/Å
const FF_TABLE: Array<[number, number, number, number]> = [
  [1.0, 2.0, 1.7, 0.51675722916640229],
  [0.968438, 2.143957, 2.5, 0.38550729297069419],
  [1.0, 1.0, 2.0, 0.42597429282469935],
  [1.0001, 0.9999, 2.0, 0.42597429029408856],
  [2.143957, 2.143957, 1.9, 0.52169573498826537],
];

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe.each(KINDS)('Slater Coulomb integrals (%s build)', (kind) => {
  const K = integrals(kind);

  test.each(FF_TABLE)('[f_%f|f_%f](%f) equals the 30-digit reference', (za, zb, r, want) => {
    expect(rel(K.ff(za, zb, r)[0], want)).toBeLessThan(2e-15);
    expect(rel(K.ff(zb, za, r)[0], want)).toBeLessThan(2e-15);
  });

  test('[N|f_ζ](2.5) for ζ = 0.968438 equals the 30-digit reference', () => {
    expect(rel(K.nf(0.968438, 2.5)[0], 0.38920335732500349)).toBeLessThan(2e-15);
  });

  test('derivatives equal central differences of the values', () => {
    const h = 1e-5;
    for (const [za, zb] of [[0.968438, 2.143957], [1.0, 1.0], [1.0001, 0.9999], [2.0, 1.97], [0.5, 4.0]]) {
      for (const r of [0.3, 0.9, 1.7, 3.2, 6.0, 11.5]) {
        const fd = (K.ff(za, zb, r + h)[0] - K.ff(za, zb, r - h)[0]) / (2 * h);
        expect(Math.abs(K.ff(za, zb, r)[1] - fd), `ff ${za} ${zb} ${r}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(fd)));
        const fn = (K.nf(za, r + h)[0] - K.nf(za, r - h)[0]) / (2 * h);
        expect(Math.abs(K.nf(za, r)[1] - fn), `nf ${za} ${r}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(fn)));
      }
    }
  });

  // The closed form loses digits like ε(ζ̄/δ)³ (physics.md §7.4): at the switch its value is good to ~1e-10
  // relative, and its derivative to ~1e-11 of 1/r² (the size of the terms that cancel in it); the series is good
  // to ~1e-13 there. So the jump across the switch is the closed form's own error and no more.
  test('the nearly-equal-exponent series joins the closed form at |ζa − ζb| = 0.02 ζ̄ within the closed form\'s error', () => {
    for (const zbar of [0.5, 1.0, 2.143957, 4.0]) {
      for (const r of [0.2, 1.0, 2.5, 5.0]) {
        const [inside, outside] = [0.01 * (1 - 1e-9), 0.01 * (1 + 1e-9)].map((e) => K.ff(zbar * (1 + e), zbar * (1 - e), r));
        expect(rel(inside[0], outside[0]), `value ζ̄=${zbar} r=${r}`).toBeLessThan(2e-10);
        expect(Math.abs(inside[1] - outside[1]) * r * r, `derivative ζ̄=${zbar} r=${r}`).toBeLessThan(1e-10);
      }
    }
  });

  test('for nearly equal exponents [f_a|f_b] − [f_ζ̄|f_ζ̄] grows as δ² (|ζa − ζb|/ζ̄ = 2e-3, where the closed form is off by ~1e-7 relative, §7.4)', () => {
    for (const r of [0.5, 2.0, 4.0]) {
      const [f0, f1, f2] = [0, 1e-3, 2e-3].map((d) => K.ff(1 + d, 1 - d, r)[0]);
      expect(Math.abs((f2 - f0) / (f1 - f0) - 4), `r=${r}`).toBeLessThan(1e-4); // 4 + O(δ²)
    }
  });

  test('equal exponents reduce to the equal-exponent closed form (§7.3), δ → 0 is smooth', () => {
    const z = 1.3, r = 1.1, e = Math.exp(-2 * z * r);
    const closed = 1 / r - e * (1 / r + 11 / 8 * z + 3 / 4 * z * z * r + z ** 3 * r * r / 6);
    expect(rel(K.ff(z, z, r)[0], closed)).toBeLessThan(1e-15);
    expect(rel(K.ff(z * (1 + 1e-12), z * (1 - 1e-12), r)[0], closed)).toBeLessThan(1e-15);
    // R → 0 limit 5ζ/8
    expect(rel(K.ff(z, z, 1e-6)[0], 5 * z / 8)).toBeLessThan(1e-5);
  });
});

// ---- erfc reference: erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1)) in fixed point with P fraction bits ----
const P = 320n;
const ONE = 1n << P;

function atanInv(m: bigint): bigint { // atan(1/m)·2^P
  let term = ONE / m, sum = term, n = 1n;
  const m2 = m * m;
  while (term !== 0n) { term = -term / m2; sum += term / (2n * n + 1n); n++; }
  return sum;
}

function isqrt(v: bigint): bigint {
  let x = BigInt(Math.floor(Math.sqrt(Number(v >> (BigInt(v.toString(2).length) - 100n))))) << ((BigInt(v.toString(2).length) - 100n) / 2n);
  for (;;) { const y = (x + v / x) >> 1n; if (y >= x && y - x <= 1n) return y; if (x >= y && x - y <= 1n) return y; x = y; }
}

const PI = 16n * atanInv(5n) - 4n * atanInv(239n);
const TWO_OVER_SQRTPI = (2n * ONE * ONE) / isqrt(PI * ONE);

/** x (a double, so an exact dyadic rational) as m / 2^k */
function dyadic(x: number): [bigint, bigint] {
  let k = 0n, v = x;
  while (!Number.isInteger(v)) { v *= 2; k++; }
  return [BigInt(v), k];
}

function fixedToNumber(v: bigint): number {
  const bits = BigInt(v.toString(2).length);
  const shift = bits > 64n ? bits - 64n : 0n;
  return Number(v >> shift) * 2 ** Number(shift - P);
}

function erfcReference(x: number): number {
  const [m, k] = dyadic(Math.abs(x));
  const den = 1n << (2n * k);
  let term = (m * ONE) >> k, sum = 0n, n = 0n;
  while (term !== 0n) {
    sum += (n % 2n === 0n ? term : -term) / (2n * n + 1n);
    n++;
    term = term * m * m / (den * n);
  }
  const erf = sum * TWO_OVER_SQRTPI >> P;
  return fixedToNumber(x >= 0 ? ONE - erf : ONE + erf);
}

describe.each(KINDS)('erfc (%s build)', (kind) => {
  const K = integrals(kind);

  test('agrees with a 320-bit series to 1e-15 relative on [−3, 6] (every fdlibm interval)', () => {
    let worst = 0;
    for (let i = -300; i <= 600; i++) {
      const x = i / 100 + 0.0031 * Math.sin(i); // off the grid, so interval edges are crossed at odd points
      worst = Math.max(worst, rel(K.erfc(x), erfcReference(x)));
    }
    expect(worst).toBeLessThan(1e-15);
  });

  test('limits and special values', () => {
    expect(K.erfc(0)).toBe(1);
    expect(K.erfc(30)).toBe(0);
    expect(K.erfc(-30)).toBe(2);
    expect(K.erfc(Infinity)).toBe(0);
    expect(K.erfc(-Infinity)).toBe(2);
    expect(Number.isNaN(K.erfc(NaN))).toBe(true);
  });
});

// The pair loops of the SIMD build evaluate exp and erfc two lanes at a time (assembly/exp.ts exp2v, erfc.ts erfc2v);
// the scalar build one argument at a time with AssemblyScript's Math.exp and the fdlibm erfc. Both must give the same
// bits for every argument, on the fast paths (both lanes in range) and the fallbacks (a lane out of range).
describe('exp and erfc two lanes at a time', () => {
  const simd = new Kernel('simd'), scalar = new Kernel('scalar');
  simd.reset(); scalar.reset();
  const po = simd.alloc(32), qo = scalar.alloc(32);
  const both = (k: Kernel, o: number, x0: number, x1: number): number[] => { k.k.coul_exp_erfc2(x0, x1, o); return [...k.f64(o, 4)]; };

  test('the SIMD build equals the scalar build bit for bit, in and out of the fast ranges', () => {
    // deterministic arguments: the pair loops' ranges (−2ζr, −α²r², αr), the erfc fast interval and its edges,
    // tiny, huge, negative, zero and non-finite values
    const xs: number[] = [0, -0, 1e-300, -1e-20, 1e-17, 5.551115123125783e-17, 1.25, 1.2499999999999998, 2.857142857142857,
      2.8571428571428577, 27.999999999999996, 28, 709.7, 709.8, -745.2, -746, 1e308, Infinity, -Infinity, NaN];
    let s = 12345;
    const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
    for (let i = 0; i < 20000; i++) xs.push(-60 * rand(), 1.25 + 1.61 * rand(), 3.2 * rand(), 1400 * rand() - 700, -8 * rand(), 1.25 + 5 * rand(), 2.86 + 26 * rand());
    let mismatches = 0;
    const fast = [0, 0, 0]; // erfc fast path: both lanes in the first fit, both in the second, one in each
    const fit = (x: number) => (x >= 1.25 && x < 28 ? (x < 2.857 ? 0 : 1) : -1);
    for (let i = 0; i + 1 < xs.length; i++) {
      const a = both(simd, po, xs[i], xs[i + 1]), b = both(scalar, qo, xs[i], xs[i + 1]);
      for (let c = 0; c < 4; c++) if (!Object.is(a[c], b[c])) mismatches++;
      const f0 = fit(xs[i]), f1 = fit(xs[i + 1]);
      if (f0 >= 0 && f1 >= 0) fast[f0 === f1 ? f0 : 2]++;
    }
    for (const n of fast) expect(n).toBeGreaterThan(1000); // every erfc fast path was exercised
    expect(mismatches).toBe(0);
  });
});
