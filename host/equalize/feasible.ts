// The feasible set of weight equalisation (design/physics.md §4.1, §4.6): per-atom probability simplices over each
// atom's states, cut by one global charge hyperplane Σ_i Σ_M w_iM q_M = Q_tot, and the Euclidean projection onto it,
// Π(Y)_i = P_Δ(Y_i + ν q_i) with the scalar ν found by root finding on a non-decreasing piecewise-linear h(ν).

import { EctmdError } from '../errors.js';
import { LocalReducer, type Reducer } from './reduce.js';

/** Per-atom state slots: atom i owns slots offsets[i] .. offsets[i+1]-1 (none: an atom outside the equalisation, e.g. of
 *  another pair sub-style); charges[slot] is that state's net charge (e). */
export interface StateLayout {
  readonly natoms: number;
  readonly offsets: Int32Array;
  readonly charges: Float64Array;
}

/** Euclidean projection of u[lo..hi) onto the probability simplex, written to out[lo..hi) (Duchi et al. 2008). */
export function projectSimplex(u: Float64Array, lo: number, hi: number, out: Float64Array, scratch: Float64Array): void {
  const k = hi - lo;
  if (k === 1) { out[lo] = 1; return; }
  // sort a copy descending (k is a handful: insertion sort)
  for (let a = 0; a < k; a++) {
    const v = u[lo + a];
    let b = a - 1;
    while (b >= 0 && scratch[b] < v) { scratch[b + 1] = scratch[b]; b--; }
    scratch[b + 1] = v;
  }
  let sum = 0, theta = 0;
  for (let r = 0; r < k; r++) {
    sum += scratch[r];
    const t = (sum - 1) / (r + 1);
    if (scratch[r] > t) theta = t;
  }
  for (let a = lo; a < hi; a++) out[a] = Math.max(u[a] - theta, 0);
}

/** Charge of every atom, q_i = Σ_M w_iM q_M. */
export function atomCharges(layout: StateLayout, w: Float64Array, out: Float64Array): Float64Array {
  const { natoms, offsets, charges } = layout;
  for (let i = 0; i < natoms; i++) {
    let q = 0;
    for (let s = offsets[i]; s < offsets[i + 1]; s++) q += w[s] * charges[s];
    out[i] = q;
  }
  return out;
}

/** Smallest and largest total charge the simplices allow. */
export function chargeRange(layout: StateLayout): [number, number] {
  let lo = 0, hi = 0;
  for (let i = 0; i < layout.natoms; i++) {
    if (layout.offsets[i + 1] === layout.offsets[i]) continue;
    let mn = Infinity, mx = -Infinity;
    for (let s = layout.offsets[i]; s < layout.offsets[i + 1]; s++) { mn = Math.min(mn, layout.charges[s]); mx = Math.max(mx, layout.charges[s]); }
    lo += mn; hi += mx;
  }
  return [lo, hi];
}

/** Projection onto {w ≥ 0, Σ_M w_iM = 1 ∀i, Σ w·q = qtot}; reusable scratch, no allocation per call. */
export class FeasibleProjector {
  private readonly shifted: Float64Array;
  private readonly scratch: Float64Array;
  /** |Σq − qtot| accepted as exact: a few roundings of the charge sum */
  readonly tolerance: number;
  /** bracket-and-root-finding steps of the last projection (each one global sum: one reduction across workers) */
  lastSteps = 0;

  /** reduce: where the charge sum of each root-finding step becomes global (one call per step) */
  constructor(readonly layout: StateLayout, readonly qtot: number, readonly reduce: Reducer = new LocalReducer()) {
    const [lo, hi] = chargeRange(layout);
    const slack = 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi));
    if (!(qtot >= lo - slack && qtot <= hi + slack)) {
      throw new EctmdError(`Weight equalisation: total charge ${qtot} e is outside what the state charges allow, [${lo}, ${hi}] e`);
    }
    // the charge sum can be met to the rounding of adding natoms terms of size max|q_M|
    let scale = 0;
    for (let i = 0; i < layout.natoms; i++) {
      let m = 0;
      for (let s = layout.offsets[i]; s < layout.offsets[i + 1]; s++) m = Math.max(m, Math.abs(layout.charges[s]));
      scale += m;
    }
    this.tolerance = 8 * Number.EPSILON * Math.max(1, scale);
    this.shifted = new Float64Array(layout.charges.length);
    let kmax = 1;
    for (let i = 0; i < layout.natoms; i++) kmax = Math.max(kmax, layout.offsets[i + 1] - layout.offsets[i]);
    this.scratch = new Float64Array(kmax);
  }

  /** h(ν) = Σ q·P_Δ(Y + ν q) − qtot, with the projected weights left in out. */
  private residual(y: Float64Array, nu: number, out: Float64Array): number {
    const { natoms, offsets, charges } = this.layout;
    const u = this.shifted;
    let total = 0;
    for (let i = 0; i < natoms; i++) {
      const lo = offsets[i], hi = offsets[i + 1];
      for (let s = lo; s < hi; s++) u[s] = y[s] + nu * charges[s];
      projectSimplex(u, lo, hi, out, this.scratch);
      for (let s = lo; s < hi; s++) total += out[s] * charges[s];
    }
    this.lastSteps++;
    return this.reduce.sum(total) - this.qtot;
  }

  /**
   * out = Π(y); returns ν. h is non-decreasing and piecewise linear in ν, so after bracketing, false position
   * (Illinois variant) lands on the exact root once both ends lie on the root's linear piece.
   */
  project(y: Float64Array, out: Float64Array): number {
    this.lastSteps = 0;
    const tol = this.tolerance;
    let a = 0, ha = this.residual(y, a, out);
    if (Math.abs(ha) <= tol) return a;
    // bracket: step away from 0 in the direction that reduces |h|, doubling
    let step = 1, b = ha < 0 ? step : -step, hb = this.residual(y, b, out);
    while (Math.sign(hb) === Math.sign(ha) && Math.abs(hb) > tol) {
      a = b; ha = hb;
      step *= 2;
      if (step > 1e300) throw new EctmdError('Weight equalisation: projection could not bracket the charge constraint');
      b = ha < 0 ? a + step : a - step;
      hb = this.residual(y, b, out);
    }
    if (Math.abs(hb) <= tol) return b;
    for (let it = 0; it < 200; it++) {
      let c = b - hb * (b - a) / (hb - ha);
      if (!(c > Math.min(a, b) && c < Math.max(a, b))) c = 0.5 * (a + b);
      const hc = this.residual(y, c, out);
      if (Math.abs(hc) <= tol) return c;
      // Illinois: keep a root between a and b; halve the retained end's value when it is kept twice
      if (Math.sign(hc) !== Math.sign(hb)) { a = b; ha = hb; } else ha *= 0.5;
      b = c; hb = hc;
      if (Math.abs(b - a) <= 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b))) return c;
    }
    throw new EctmdError('Weight equalisation: projection root finding did not converge in 200 steps');
  }
}
