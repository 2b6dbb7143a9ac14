// Entropic smoothing of weight equalisation (design/physics.md §3.2, §4.3, §4.5): the minimised functional becomes
// Ω(w) = E(w) + T_e Σ_iM w_iM ln w_iM (a Mermin-like free energy, Ω = E − T_e S with S = −Σ w ln w), strictly convex
// per atom, with interior Boltzmann-like minimisers. Weights can underflow to exactly 0 (a Boltzmann factor below
// ENTROPY_FLOOR); such a slot contributes 0 ln 0 = 0 to Ω and the gradient T_e(1 + ln ENTROPY_FLOOR) — the value a
// weight at the floor would have, so a zero weight is inactive in the KKT sense exactly when its optimum lies below
// the floor.

import type { StateLayout } from './feasible.js';
import type { Objective } from './spg.js';

/** Smallest weight kept (below it a weight is 0): ln ENTROPY_FLOOR = −690.8, so T_e ln w stays finite. */
export const ENTROPY_FLOOR = 1e-300;

/** ln w with w below ENTROPY_FLOOR (including 0) read as ENTROPY_FLOOR. */
export function logWeight(w: number): number {
  return Math.log(w > ENTROPY_FLOOR ? w : ENTROPY_FLOOR);
}

/** T_e Σ w ln w over all slots (eV, ≤ 0); when g is given, T_e (1 + ln w) is added to it. */
export function entropyTerm(te: number, w: Float64Array, g: Float64Array | null): number {
  let sum = 0;
  for (let s = 0; s < w.length; s++) {
    const lw = logWeight(w[s]);
    if (w[s] > 0) sum += w[s] * lw;
    if (g) g[s] += te * (1 + lw);
  }
  return te * sum;
}

/** Per-atom T_e Σ_M w_iM ln w_iM added to out[i] (per-atom energies). */
export function addEntropyPerAtom(te: number, layout: StateLayout, w: Float64Array, out: Float64Array): void {
  const { natoms, offsets } = layout;
  for (let i = 0; i < natoms; i++) {
    let sum = 0;
    for (let s = offsets[i]; s < offsets[i + 1]; s++) if (w[s] > 0) sum += w[s] * Math.log(w[s]);
    out[i] += te * sum;
  }
}

/** Ω(w) = E(w) + T_e Σ w ln w with its gradient, from the objective of E. */
export function entropic(objective: Objective, te: number): Objective {
  return (w, g) => objective(w, g) + entropyTerm(te, w, g);
}
