// Short-range Coulomb remainder Φ^sr_MP(R) between two atoms in isolated states M and P with hydrogenic densities
// (physics.md §3.2, §7.1 remainder form, §7.2, §7.5): Φ^sr/k_e = Z_a ΔV_P(R) + Z_b ΔV_M(R) + (J[n_M,n_P](R) − N_M N_P/R),
// ΔV = N/R − V[n]. ΔV is closed form with only positive terms (no cancellation at large R); the electron–electron
// remainder is one radial integral of n_M against the spherical shell average of ΔV_P (closed form), by composite
// Gauss–Legendre on panels graded towards r = 0 and r = R. Used to build runtime tables; not a hot-loop kernel.

import type { DensityTerm } from './ect-density.js';
import { factorial } from './koga.js';

/** LAMMPS `qqr2e` in metal units (eV Å e⁻²), physics.md §1. */
export const COULOMB_EV_A = 14.399645;

/**
 * ΔV(R) = N/R − V[n](R) (e/Å) of a density: for a term A r^m e^{−αr}, with x = αR and C = 4π(m+1)!/α^{m+2},
 * ΔV = A C e^{−x} [ (m+2)/x + Σ_{j=0}^{m} (m+1−j) x^j/(j+1)! ] (physics.md §7.2, the e_{m+2}, e_{m+1} brackets combined).
 */
export function nuclearRemainder(terms: readonly DensityTerm[], R: number): number {
  let s = 0;
  for (const t of terms) {
    const x = t.alpha * R;
    let poly = (t.m + 2) / x, xj = 1;
    for (let j = 0; j <= t.m; j++) {
      poly += ((t.m + 1 - j) * xj) / factorial(j + 1);
      xj *= x;
    }
    s += ((t.A * 4 * Math.PI * factorial(t.m + 1)) / Math.pow(t.alpha, t.m + 2)) * Math.exp(-x) * poly;
  }
  return s;
}

/** U(s) = ∫_s^∞ ΔV(t) t dt = Σ A C e^{−x}/α² [ (m+2) + Σ_{j=0}^{m} (m+1−j) e_{j+1}(x) ], x = αs, e_k the truncated exponential. */
function shellPotentialTail(terms: readonly DensityTerm[], s: number): number {
  let sum = 0;
  for (const t of terms) {
    const x = t.alpha * s;
    let ek = 1, xk = 1, poly = t.m + 2;
    for (let j = 0; j <= t.m; j++) {
      xk *= x / (j + 1);
      ek += xk; // e_{j+1}(x)
      poly += (t.m + 1 - j) * ek;
    }
    sum += ((t.A * 4 * Math.PI * factorial(t.m + 1)) / Math.pow(t.alpha, t.m + 4)) * Math.exp(-x) * poly;
  }
  return sum;
}

function densityAt(terms: readonly DensityTerm[], r: number): number {
  let s = 0;
  for (const t of terms) s += t.A * Math.pow(r, t.m) * Math.exp(-t.alpha * r);
  return s;
}

/** 20-point Gauss–Legendre nodes and weights on [−1, 1] (Newton on P_20, computed once). */
const GL = (() => {
  const n = 20, x: number[] = [], w: number[] = [];
  for (let i = 1; i <= n; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5)), dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = z;
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k];
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x.push(z);
    w.push(2 / ((1 - z * z) * dp * dp));
  }
  return { x, w };
})();

function gaussLegendre(f: (r: number) => number, a: number, b: number): number {
  const h = 0.5 * (b - a), c = 0.5 * (a + b);
  let s = 0;
  for (let k = 0; k < GL.x.length; k++) s += GL.w[k] * f(c + h * GL.x[k]);
  return s * h;
}

/** Panel boundaries of [a, b]: geometric (factor 2) away from `a` when gradeA, from `b` when gradeB, none wider than wmax. */
function panels(a: number, b: number, gradeA: boolean, gradeB: boolean, wmax: number, finest: number): number[] {
  const pts = new Set<number>([a, b]);
  const L = b - a;
  for (let h = finest; h < L / 2; h *= 2) {
    if (gradeA) pts.add(a + h);
    if (gradeB) pts.add(b - h);
  }
  const sorted = [...pts].sort((p, q) => p - q);
  const out = [sorted[0]];
  for (let i = 1; i < sorted.length; i++) {
    const prev = out[out.length - 1], w = sorted[i] - prev, k = Math.ceil(w / wmax);
    for (let j = 1; j <= k; j++) out.push(prev + (w * j) / k);
  }
  return out;
}

/** What the electron–electron remainder needs of the two densities: n_a(r), U_b(s) (shellPotentialTail), ΔV_a(R) and
 *  N_b, and the smallest exponents (for the quadrature panels and the outer limit). */
interface RemainderInputs {
  density: (r: number) => number;
  tail: (s: number) => number;
  nuclearA: (R: number) => number;
  Nb: number;
  alphaMinA: number;
  alphaMin: number;
}

/**
 * J[n_a, n_b](R) − N_a N_b/R (e²/Å): −N_b ΔV_a(R) − (2π/R) ∫_0^∞ r n_a(r) [U_b(|R−r|) − U_b(R+r)] dr, where the bracket is
 * 2rR times the shell average of ΔV_b over the sphere of radius r about atom a.
 */
function remainderIntegral(p: RemainderInputs, R: number, finest: number): number {
  const wmax = 4 / p.alphaMin;
  const f = (r: number): number => r * p.density(r) * (p.tail(Math.abs(R - r)) - p.tail(R + r));
  let integral = 0;
  const inner = panels(0, R, true, true, wmax, finest);
  for (let i = 1; i < inner.length; i++) integral += gaussLegendre(f, inner[i - 1], inner[i]);
  const outer = panels(R, R + 80 / p.alphaMinA, true, false, wmax, finest);
  for (let i = 1; i < outer.length; i++) integral += gaussLegendre(f, outer[i - 1], outer[i]);
  return -p.Nb * p.nuclearA(R) - ((2 * Math.PI) / R) * integral;
}

/** J[n_a, n_b](R) − N_a N_b/R (e²/Å) from the closed forms of every term (the reference; slow for long densities). */
export function electronRemainder(a: readonly DensityTerm[], b: readonly DensityTerm[], R: number): number {
  if (a.length === 0 || b.length === 0) return 0;
  const alphaMinA = Math.min(...a.map((t) => t.alpha));
  return remainderIntegral({
    density: (r) => densityAt(a, r), tail: (s) => shellPotentialTail(b, s), nuclearA: (x) => nuclearRemainder(a, x),
    Nb: totalCharge(b), alphaMinA, alphaMin: Math.min(alphaMinA, ...b.map((t) => t.alpha)),
  }, R, 1e-6);
}

function totalCharge(terms: readonly DensityTerm[]): number {
  return terms.reduce((s, t) => s + (4 * Math.PI * t.A * factorial(t.m + 2)) / Math.pow(t.alpha, t.m + 3), 0);
}

/**
 * A state density and its shell-potential tail U(s) as cubic Hermite interpolants (exact slopes n′ and U′ = −sΔV) on a
 * graded grid s_k = h0((1+g)^k − 1)/g (spacing 1e-4 Å at the nucleus, growing by 0.3 % per point, out to 200 Å), so
 * that Φ^sr of two long Koga densities costs a few hundred µs per distance instead of 0.1 s (same quadrature).
 */
export class TabulatedDensity {
  private static readonly H0 = 1e-4;
  private static readonly G = 0.003;
  private static readonly RMAX = 200;
  private readonly lnG = Math.log1p(TabulatedDensity.G);
  private readonly s: Float64Array;
  private readonly n: Float64Array;
  private readonly dn: Float64Array;
  private readonly u: Float64Array;
  private readonly du: Float64Array;
  readonly N: number;
  readonly alphaMin: number;

  constructor(readonly terms: readonly DensityTerm[]) {
    const { H0, G, RMAX } = TabulatedDensity;
    const count = Math.ceil(Math.log1p((G * RMAX) / H0) / this.lnG) + 1;
    this.s = new Float64Array(count); this.n = new Float64Array(count); this.dn = new Float64Array(count);
    this.u = new Float64Array(count); this.du = new Float64Array(count);
    this.N = totalCharge(terms);
    this.alphaMin = Math.min(...terms.map((t) => t.alpha));
    for (let k = 0; k < count; k++) {
      const s = (H0 * Math.expm1(k * this.lnG)) / G;
      this.s[k] = s;
      this.n[k] = densityAt(terms, s);
      let dn = 0;
      for (const t of terms) dn += t.A * Math.exp(-t.alpha * s) * ((t.m === 0 ? 0 : t.m * Math.pow(s, t.m - 1)) - t.alpha * Math.pow(s, t.m));
      this.dn[k] = dn;
      this.u[k] = shellPotentialTail(terms, s);
      this.du[k] = s === 0 ? -this.N : -s * nuclearRemainder(terms, s);
    }
  }

  private hermite(v: Float64Array, d: Float64Array, x: number): number {
    const { H0, G } = TabulatedDensity;
    let k = Math.floor(Math.log1p((G * x) / H0) / this.lnG);
    if (k >= this.s.length - 1) return 0;
    if (k < 0) k = 0;
    const s0 = this.s[k], h = this.s[k + 1] - s0, t = (x - s0) / h, t2 = t * t, t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * v[k] + (t3 - 2 * t2 + t) * h * d[k] + (-2 * t3 + 3 * t2) * v[k + 1] + (t3 - t2) * h * d[k + 1];
  }

  density(r: number): number { return this.hermite(this.n, this.dn, r); }
  tail(s: number): number { return this.hermite(this.u, this.du, s); }
}

/** J − N_a N_b/R (e²/Å) from tabulated densities (TabulatedDensity); agrees with electronRemainder to ~1e-9 relative. */
export function electronRemainderTabulated(a: TabulatedDensity, b: TabulatedDensity, R: number): number {
  if (a.terms.length === 0 || b.terms.length === 0) return 0;
  return remainderIntegral({
    density: (r) => a.density(r), tail: (s) => b.tail(s), nuclearA: (x) => nuclearRemainder(a.terms, x),
    Nb: b.N, alphaMinA: a.alphaMin, alphaMin: Math.min(a.alphaMin, b.alphaMin),
  }, R, 1e-5);
}

/** A state as Φ^sr needs it: nuclear charge Z of its element and its density terms (N = ∫n). */
export interface CoulombState {
  Z: number;
  terms: readonly DensityTerm[];
}

/** Φ^sr_MP(R) (eV) = k_e [Z_a ΔV_P + Z_b ΔV_M + J − N_M N_P/R]; the full Coulomb is Φ^sr + k_e q_M q_P/R (physics.md §7.1). */
export function coulombRemainder(M: CoulombState, P: CoulombState, R: number): number {
  return COULOMB_EV_A * (M.Z * nuclearRemainder(P.terms, R) + P.Z * nuclearRemainder(M.terms, R) + electronRemainder(M.terms, P.terms, R));
}

/** Φ^sr_MP(R) (eV) as coulombRemainder, with the electron–electron part from tabulated densities (runtime tables). */
export function coulombRemainderTabulated(Za: number, M: TabulatedDensity, Zb: number, P: TabulatedDensity, R: number): number {
  return COULOMB_EV_A * (Za * nuclearRemainder(P.terms, R) + Zb * nuclearRemainder(M.terms, R) + electronRemainderTabulated(M, P, R));
}
