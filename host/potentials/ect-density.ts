// ECT-EAM state densities as sums of hydrogenic terms n(r) = Σ_k A_k r^{m_k} e^{−α_k r} (physics.md §6.1, units Å and
// e Å⁻³): value, slope, electron count (§6.2), Kato cusp ratio (§6.3) and exact asymptotic exponent from an
// ionisation energy (§6.4). Shared by the potential reader (validation) and the builder.

import { factorial } from './koga.js';

/** Bohr radius a₀ (Å) and hartree E_h (eV), CODATA 2018 (physics.md §1). */
export const BOHR_A = 0.529177210903;
export const HARTREE_EV = 27.211386245988;

export interface DensityTerm {
  /** amplitude A (e Å^{−3−m}) */
  A: number;
  /** power of r, integer ≥ 0 */
  m: number;
  /** exponent α (1/Å) */
  alpha: number;
}

/** n(r) (e Å⁻³). */
export function densityValue(terms: readonly DensityTerm[], r: number): number {
  let s = 0;
  for (const t of terms) s += t.A * (t.m === 0 ? 1 : Math.pow(r, t.m)) * Math.exp(-t.alpha * r);
  return s;
}

/** dn/dr (e Å⁻⁴). */
export function densitySlope(terms: readonly DensityTerm[], r: number): number {
  let s = 0;
  for (const t of terms) {
    const e = Math.exp(-t.alpha * r);
    const rm = t.m === 0 ? 1 : Math.pow(r, t.m);
    s += t.A * e * ((t.m === 0 ? 0 : t.m * (t.m === 1 ? 1 : Math.pow(r, t.m - 1))) - t.alpha * rm);
  }
  return s;
}

/** ∫ n d³r = 4π Σ A (m+2)!/α^{m+3} (electrons). */
export function electronCount(terms: readonly DensityTerm[]): number {
  let s = 0;
  for (const t of terms) s += (t.A * factorial(t.m + 2)) / Math.pow(t.alpha, t.m + 3);
  return 4 * Math.PI * s;
}

/** Kato cusp ratio −n'(0)/((2Z/a₀) n(0)); exactly 1 for a density with the nuclear cusp of charge Z. */
export function cuspRatio(terms: readonly DensityTerm[], Z: number): number {
  let n0 = 0, d0 = 0;
  for (const t of terms) {
    if (t.m === 0) { n0 += t.A; d0 -= t.alpha * t.A; }
    if (t.m === 1) d0 += t.A;
  }
  return -d0 / ((2 * Z / BOHR_A) * n0);
}

/** Exact asymptotic decay exponent α∞ = 2√(2I/E_h)/a₀ (1/Å) for an ionisation energy I (eV) of the state. */
export function asymptoticExponent(ionisationEV: number): number {
  return (2 * Math.sqrt((2 * ionisationEV) / HARTREE_EV)) / BOHR_A;
}

/** The term that dominates at large r: smallest α, and among those the largest m (0 terms: undefined). */
export function leadingTerm(terms: readonly DensityTerm[]): DensityTerm | undefined {
  let best: DensityTerm | undefined;
  for (const t of terms) {
    if (t.A === 0) continue;
    if (!best || t.alpha < best.alpha || (t.alpha === best.alpha && t.m > best.m)) best = t;
  }
  return best;
}
