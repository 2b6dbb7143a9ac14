// KKT residual of weight equalisation (design/physics.md §4.3): with one global μ, every atom's active states
// (w > floor) share g_iM − μ q_M = λ_i, and no inactive state lies below λ_i.

import type { StateLayout } from './feasible.js';
import type { Reducer } from './reduce.js';

/** Weights at or below this are zero for SPG's KKT test: the rounding of a simplex projection (max(u − θ, 0) with u and
 *  θ of order 1) leaves such residues where the exact projection is 0, and counted as active they demand an equality
 *  no step can reach (the steps that would remove them are below the rounding of the energy). */
export const ZERO_WEIGHT = 16 * Number.EPSILON;

/** λ_i = mean of g − μq over atom i's active states (w > floor; mirror descent: 0, its weights are all positive);
 *  residual = worst violation over all atoms (eV), made global by reduce.max when given (one reduction). */
export function kktResidual(layout: StateLayout, w: Float64Array, g: Float64Array, mu: number, reduce?: Reducer, floor = 0): number {
  const { natoms, offsets, charges } = layout;
  let worst = 0;
  for (let i = 0; i < natoms; i++) {
    const lo = offsets[i], hi = offsets[i + 1];
    let sum = 0, count = 0;
    for (let s = lo; s < hi; s++) if (w[s] > floor) { sum += g[s] - mu * charges[s]; count++; }
    const lambda = sum / count;
    for (let s = lo; s < hi; s++) {
      const r = g[s] - mu * charges[s] - lambda;
      worst = Math.max(worst, w[s] > floor ? Math.abs(r) : Math.max(0, -r));
    }
  }
  return reduce ? reduce.max(worst) : worst;
}
