// KKT residual of weight equalisation (design/physics.md §4.3): with one global μ, every atom's active states
// (w > 0) share g_iM − μ q_M = λ_i, and no inactive state lies below λ_i.

import type { StateLayout } from './feasible.js';
import type { Reducer } from './reduce.js';

/** λ_i = mean of g − μq over atom i's active states; residual = worst violation over all atoms (eV), made global by
 *  reduce.max when given (one reduction). */
export function kktResidual(layout: StateLayout, w: Float64Array, g: Float64Array, mu: number, reduce?: Reducer): number {
  const { natoms, offsets, charges } = layout;
  let worst = 0;
  for (let i = 0; i < natoms; i++) {
    const lo = offsets[i], hi = offsets[i + 1];
    let sum = 0, count = 0;
    for (let s = lo; s < hi; s++) if (w[s] > 0) { sum += g[s] - mu * charges[s]; count++; }
    const lambda = sum / count;
    for (let s = lo; s < hi; s++) {
      const r = g[s] - mu * charges[s] - lambda;
      worst = Math.max(worst, w[s] > 0 ? Math.abs(r) : Math.max(0, -r));
    }
  }
  return reduce ? reduce.max(worst) : worst;
}
