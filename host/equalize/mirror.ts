// Weight equalisation with entropic smoothing by entropic mirror descent (exponentiated gradient; design/physics.md
// §4.6 B): each step multiplies the weights by exp(−η(G − μ q)) and renormalises every atom, with the global ν = ημ from
// 1-D root finding on the total charge (non-decreasing in ν: its slope is Σ_i Var_i(q) ≥ 0). The weights stay
// positive; a Boltzmann factor below ENTROPY_FLOOR becomes exactly 0 (see entropy.ts). The step length η is a
// Barzilai–Borwein step in the mirror geometry, η = Σ s_w·s_z / Σ s_w·y (s_w the weight step, s_z the step of ln w,
// y the gradient change) — for the entropy alone it is 1/T_e, the step that lands on the Boltzmann weights at once —
// with the non-monotone (GLL) Armijo line search of spg.ts. Stopped on the KKT residual of §4.3. For Ω = E + T_e Σ w ln w
// (strictly convex per atom) it converges where SPG crawls: SPG's Euclidean steps cannot resolve weights of 1e-80,
// while here they are exact in ln w.

import { EctmdError } from '../errors.js';
import { chargeRange, FeasibleProjector, type StateLayout } from './feasible.js';
import { ENTROPY_FLOOR, logWeight } from './entropy.js';
import { kktResidual } from './kkt.js';
import { LocalReducer, type Reducer } from './reduce.js';
import type { Objective, SpgOptions, SpgResult, WeightSolver } from './spg.js';

/** Largest mirror step, in units of 1/T_e (the step that is exact for the entropy alone). */
const ETA_MAX = 1e3;

export class MirrorSolver implements WeightSolver {
  readonly projector: FeasibleProjector;
  private readonly g: Float64Array;
  private readonly gNew: Float64Array;
  private readonly trial: Float64Array;
  private readonly logits: Float64Array;
  /** step carried between solves (0: start from 1/T_e) */
  private step = 0;
  /** the last root ν/η (μ), the next root finding's first guess */
  private muGuess = 0;

  /**
   * te: the smoothing temperature T_e (eV, > 0) of the objective Ω = E + T_e Σ w ln w that solve() receives; it sets
   * the first step 1/T_e. The total charge must lie strictly inside what the states allow (interior weights).
   */
  constructor(readonly layout: StateLayout, readonly qtot: number, readonly options: SpgOptions, readonly te: number,
              readonly reduce: Reducer = new LocalReducer()) {
    if (!(te > 0)) throw new EctmdError(`Weight equalisation: mirror descent needs T_e > 0 (got ${te})`);
    this.projector = new FeasibleProjector(layout, qtot, reduce);
    const [lo, hi] = chargeRange(layout);
    if (!(qtot > lo && qtot < hi)) {
      throw new EctmdError(`Weight equalisation with entropic smoothing: total charge ${qtot} e must lie strictly inside [${lo}, ${hi}] e (the weights are interior)`);
    }
    const m = layout.charges.length;
    this.g = new Float64Array(m); this.gNew = new Float64Array(m); this.trial = new Float64Array(m); this.logits = new Float64Array(m);
  }

  resetStep(): void { this.step = 0; }

  /** the mirror step and the last μ (the next root finding's first guess) */
  carried(): number[] { return [this.step, this.muGuess]; }
  restoreCarried(values: readonly number[]): void { [this.step, this.muGuess] = values; }

  /** the next solve's start is feasible as given (weights restored from a restart file): no projection first */
  private trustStart = false;
  trustNextStart(): void { this.trustStart = true; }

  /** out = w·exp(−η G + ν q) renormalised per atom, weights below the floor set to 0; returns Σq(out) − Q_tot. */
  private charge(nu: number, out: Float64Array): number {
    const { natoms, offsets, charges } = this.layout, a = this.logits;
    let total = 0;
    for (let i = 0; i < natoms; i++) {
      const lo = offsets[i], hi = offsets[i + 1];
      let top = -Infinity;
      for (let s = lo; s < hi; s++) top = Math.max(top, a[s] + nu * charges[s]);
      let z = 0;
      for (let s = lo; s < hi; s++) { out[s] = Math.exp(a[s] + nu * charges[s] - top); z += out[s]; }
      let q = 0;
      for (let s = lo; s < hi; s++) {
        const v = out[s] / z;
        out[s] = v < ENTROPY_FLOOR ? 0 : v;
        q += out[s] * charges[s];
      }
      total += q;
    }
    return this.reduce.sum(total) - this.qtot;
  }

  /** out_s ← out_s (1 + δ (q_s − q̄_i)) (the first-order effect of ν → ν + δ); returns Σq(out) − Q_tot. */
  private correct(delta: number, out: Float64Array): number {
    const { natoms, offsets, charges } = this.layout;
    let total = 0;
    for (let i = 0; i < natoms; i++) {
      let mean = 0;
      for (let s = offsets[i]; s < offsets[i + 1]; s++) mean += out[s] * charges[s];
      let q = 0;
      for (let s = offsets[i]; s < offsets[i + 1]; s++) { out[s] *= 1 + delta * (charges[s] - mean); q += out[s] * charges[s]; }
      total += q;
    }
    return this.reduce.sum(total) - this.qtot;
  }

  /** d/dν of the total charge at out (= Σ_i Var_i(q)). */
  private slope(out: Float64Array): number {
    const { natoms, offsets, charges } = this.layout;
    let v = 0;
    for (let i = 0; i < natoms; i++) {
      let m1 = 0, m2 = 0;
      for (let s = offsets[i]; s < offsets[i + 1]; s++) { m1 += out[s] * charges[s]; m2 += out[s] * charges[s] * charges[s]; }
      v += m2 - m1 * m1;
    }
    return this.reduce.sum(v);
  }

  /** The mirror step of length eta from w (gradient g) into out; returns ν. Newton on the charge, bracketed. */
  private mirrorStep(w: Float64Array, g: Float64Array, eta: number, out: Float64Array): { nu: number; steps: number } {
    const a = this.logits, tol = this.projector.tolerance;
    for (let s = 0; s < w.length; s++) a[s] = logWeight(w[s]) - eta * g[s];
    let nu = this.muGuess * eta, h = this.charge(nu, out), steps = 1;
    let lo = -Infinity, hi = Infinity;
    for (; steps < 200 && Math.abs(h) > tol; steps++) {
      if (h < 0) lo = nu; else hi = nu;
      // Newton, at most max(10, |ν|) per step (the charge is a sum of logistic steps: flat far from them)
      const d = this.slope(out), cap = Math.max(10, Math.abs(nu));
      let next = d > 0 ? nu - Math.max(-cap, Math.min(cap, h / d)) : NaN;
      if (!(next > lo && next < hi)) {
        // outside the bracket (or flat): bisect, or expand while one side is open
        if (Number.isFinite(lo) && Number.isFinite(hi)) next = 0.5 * (lo + hi);
        else next = Number.isFinite(lo) ? lo + Math.max(10, Math.abs(lo)) : hi - Math.max(10, Math.abs(hi));
      }
      if (Number.isFinite(lo) && Number.isFinite(hi) && hi - lo <= 4 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi))) break;
      nu = next;
      h = this.charge(nu, out);
    }
    // ν is resolved to its last bit, but a steep charge (weights near vertices: Σ Var(q) · ulp(ν) > tol) can still miss
    // the constraint by a few 1e-12 e: finish with the first-order change of the softmax, w_s(1 + δ(q_s − q̄_i)),
    // which keeps every atom's sum and the signs of the weights
    for (let fix = 0; fix < 3 && Math.abs(h) > tol; fix++, steps++) {
      const d = this.slope(out);
      if (!(d > 0)) break;
      h = this.correct(-h / d, out);
    }
    if (Math.abs(h) > tol) throw new EctmdError(`Weight equalisation: mirror step could not meet the charge constraint (|ΔQ| = ${Math.abs(h).toExponential(3)} e)`);
    return { nu, steps };
  }

  /** Minimise the objective (Ω including T_e Σ w ln w) from w (projected first); w is updated in place. */
  solve(objective: Objective, w: Float64Array): SpgResult {
    const { tolerance, maxIterations, memory } = this.options;
    const m = w.length, { g, gNew, trial } = this;
    const reduce = this.reduce, count0 = reduce.count;
    let projectionReductions = 0;
    if (!this.trustStart) {
      trial.set(w);
      this.projector.project(trial, w);
      projectionReductions += this.projector.lastSteps;
    }
    this.trustStart = false;
    let energy = objective(w, g), evaluations = 1;
    if (!Number.isFinite(energy)) throw new EctmdError(`Weight equalisation: the energy at the starting weights is ${energy}`);
    const history = [energy];
    let eta = this.step > 0 ? this.step : 1 / this.te;
    for (let it = 0; ; it++) {
      const first = this.mirrorStep(w, g, eta, trial);
      projectionReductions += first.steps;
      const mu = first.nu / eta;
      this.muGuess = mu;
      const residual = kktResidual(this.layout, w, g, mu, reduce);
      if (residual <= tolerance) {
        this.step = eta;
        return { energy, mu, residual, iterations: it, evaluations, reductions: reduce.count - count0, projectionReductions };
      }
      if (it >= maxIterations) {
        throw new EctmdError(`Weight equalisation did not converge: KKT residual ${residual.toExponential(3)} eV after ${it} iterations (tolerance ${tolerance} eV, mirror descent)`);
      }
      const reference = Math.max(...history), noise = 16 * Number.EPSILON * Math.max(1, Math.abs(reference));
      let lambda = eta, eTrial = 0;
      for (let back = 0; ; back++) {
        if (back > 0) projectionReductions += this.mirrorStep(w, g, lambda, trial).steps;
        let gd = 0;
        for (let s = 0; s < m; s++) gd += g[s] * (trial[s] - w[s]);
        gd = reduce.sum(gd);
        eTrial = objective(trial, gNew);
        evaluations++;
        // a few roundings of the total energy are accepted: steps that grow exponentially small weights change the
        // energy by less than that, and the recomputed total differs by its rounding alone
        if (eTrial <= reference + 1e-4 * gd + noise) break;
        lambda *= 0.5;
        if (back > 60) throw new EctmdError('Weight equalisation: mirror line search failed (the gradient does not match the energy?)');
      }
      // BB step in the mirror geometry: Σ s_w s_z / Σ s_w y; kept when the curvature estimate is not positive
      let ss = 0, sy = 0;
      for (let s = 0; s < m; s++) {
        const sw = trial[s] - w[s];
        ss += sw * (logWeight(trial[s]) - logWeight(w[s]));
        sy += sw * (gNew[s] - g[s]);
      }
      ss = reduce.sum(ss); sy = reduce.sum(sy);
      w.set(trial);
      g.set(gNew);
      energy = eTrial;
      history.push(energy);
      if (history.length > memory) history.shift();
      // at most ETA_MAX/T_e: longer steps saturate every softmax (the linearisation's vertex), where the charge as a
      // function of ν is a step that no ν resolves
      eta = sy > 0 && ss > 0 ? Math.min(ETA_MAX / this.te, Math.max(1e-10 / this.te, ss / sy)) : lambda;
    }
  }
}
