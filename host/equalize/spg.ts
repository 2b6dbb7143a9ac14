// Weight equalisation by spectral projected gradient (Birgin, Martínez & Raydan, SIAM J. Optim. 10, 1196 (2000);
// design/physics.md §4.6 A): projected steps along −g with Barzilai–Borwein step lengths and the non-monotone
// (Grippo–Lampariello–Lucidi) line search, stopped on the KKT residual of §4.3. The objective is a callback, so the
// same solver serves Streitz–Mintmire in ensemble form and ECT-EAM.

import { EctmdError } from '../errors.js';
import { FeasibleProjector, type StateLayout } from './feasible.js';
import { kktResidual, ZERO_WEIGHT } from './kkt.js';
import { LocalReducer, type Reducer } from './reduce.js';

/** Energy (eV) at weights w, with ∂E/∂w written to g (eV per unit weight). */
export type Objective = (w: Float64Array, g: Float64Array) => number;

export interface SpgOptions {
  /** stop when the KKT residual is at or below this (eV); physics.md §4.7: 1e-6 in MD, 1e-10 for force tests */
  tolerance: number;
  /** give up (error) after this many iterations */
  maxIterations: number;
  /** GLL memory: the line search accepts energies below the maximum of the last `memory` iterates */
  memory: number;
  /**
   * The objective is quadratic in w (Streitz–Mintmire): each iteration evaluates it once, at the full step, and the
   * line search takes energy and gradient along d from that exactly (E + λ g·d + ½λ² d·Δg, g + λΔg). Energies are
   * then carried as differences, so the acceptance test stays meaningful when the decrease per iteration is far
   * below the rounding of the total energy (a 2160-atom SM cell near r_KKT 1e-8: ~1e-13 eV of 7700 eV).
   */
  quadratic?: boolean;
}

/** A weight change per slot this small (64 ε) is rounding, not a step a curvature can be read from. */
const NOISE_STEP = 64 * Number.EPSILON;

export const DEFAULT_SPG: SpgOptions = { tolerance: 1e-6, maxIterations: 1000, memory: 10 };

export interface SpgResult {
  energy: number;
  /** global multiplier μ = ∂E/∂q (eV/e) at the solution */
  mu: number;
  residual: number;
  iterations: number;
  /** energy+gradient evaluations (iterations plus line-search backtracks) */
  evaluations: number;
  /** global reductions of the solver (projection root-finding steps, dot products, the KKT maximum; the
   *  objective's own energy sum not counted) */
  reductions: number;
  /** of which in projections (one scalar sum per root-finding step) */
  projectionReductions: number;
}

/** A weight-equalisation solver: minimises the objective from w (updated in place). */
export interface WeightSolver {
  solve(objective: Objective, w: Float64Array): SpgResult;
  /** forget the step length carried between solves (the next solve is a cold start) */
  resetStep(): void;
  /** what one solve hands the next (step length, …), for a solver that takes over (atoms reordered, restart files) */
  carried(): number[];
  restoreCarried(values: readonly number[]): void;
  /** the next solve's start is feasible as given (weights restored from a restart file, converged at these positions):
   *  it is not projected first, which could move its last bits, so a converged start is returned unchanged */
  trustNextStart(): void;
}

/** Reusable SPG state for one layout: scratch arrays are allocated once, not per solve. */
export class SpgSolver implements WeightSolver {
  readonly projector: FeasibleProjector;
  private readonly g: Float64Array;
  private readonly gNew: Float64Array;
  private readonly trial: Float64Array;
  private readonly d: Float64Array;
  private readonly y: Float64Array;
  /** BB step carried between solves (a warm start keeps the curvature estimate too) */
  private step = 0;

  /** reduce: every global sum or maximum of a step (a multi-worker version passes its own) */
  constructor(readonly layout: StateLayout, qtot: number, readonly options: SpgOptions = DEFAULT_SPG,
              readonly reduce: Reducer = new LocalReducer()) {
    this.projector = new FeasibleProjector(layout, qtot, reduce);
    const m = layout.charges.length;
    this.g = new Float64Array(m); this.gNew = new Float64Array(m); this.trial = new Float64Array(m);
    this.d = new Float64Array(m); this.y = new Float64Array(m);
  }

  /** Forget the BB step carried between solves (the next solve is a cold start). */
  resetStep(): void { this.step = 0; }

  /** The BB step carried to the next solve (0: none yet); restart files save and restore it. */
  get stepLength(): number { return this.step; }
  set stepLength(t: number) { this.step = t; }

  carried(): number[] { return [this.step]; }
  restoreCarried(values: readonly number[]): void { this.step = values[0]; }

  private trustStart = false;
  trustNextStart(): void { this.trustStart = true; }

  /**
   * Minimise the objective over the feasible set starting from w (projected first); w is updated in place.
   * onSlow, if given, is called once when `warnAt` iterations have passed without convergence (the solve goes on).
   */
  solve(objective: Objective, w: Float64Array, onSlow?: { warnAt: number; call: (residual: number, iterations: number) => void }): SpgResult {
    const { tolerance, maxIterations, memory } = this.options;
    const proj = this.projector, m = w.length;
    const { g, gNew, trial, d, y } = this;
    const reduce = this.reduce, count0 = reduce.count;
    let projectionReductions = 0;
    if (!this.trustStart) {
      trial.set(w);
      proj.project(trial, w);
      projectionReductions += proj.lastSteps;
    }
    this.trustStart = false;
    let energy = objective(w, g);
    let evaluations = 1;
    if (!Number.isFinite(energy)) throw new EctmdError(`Weight equalisation: the energy at the starting weights is ${energy}`);
    const history = [energy];
    let t = this.step > 0 ? this.step : 1 / Math.max(1e-12, reduce.max(maxAbs(g)));
    let mu = 0;
    for (let it = 0; ; it++) {
      // d = Π(w − t g) − w; the projection multiplier ν gives μ = ν / t
      for (let s = 0; s < m; s++) y[s] = w[s] - t * g[s];
      const nu = proj.project(y, trial);
      projectionReductions += proj.lastSteps;
      mu = nu / t;
      const residual = kktResidual(this.layout, w, g, mu, reduce, ZERO_WEIGHT);
      if (residual <= tolerance) {
        this.step = t;
        return { energy, mu, residual, iterations: it, evaluations, reductions: reduce.count - count0, projectionReductions };
      }
      if (onSlow && it === onSlow.warnAt) onSlow.call(residual, it);
      if (it >= maxIterations) {
        throw new EctmdError(`Weight equalisation did not converge: KKT residual ${residual.toExponential(3)} eV after ${it} iterations (tolerance ${tolerance} eV)`);
      }
      let gd = 0;
      for (let s = 0; s < m; s++) { d[s] = trial[s] - w[s]; gd += g[s] * d[s]; }
      gd = reduce.sum(gd);
      const reference = Math.max(...history);
      let lambda = 1, eTrial = 0;
      if (this.options.quadratic) {
        for (let s = 0; s < m; s++) trial[s] = w[s] + d[s];
        objective(trial, gNew);
        evaluations++;
        let curvature = 0;
        for (let s = 0; s < m; s++) curvature += d[s] * (gNew[s] - g[s]);
        curvature = reduce.sum(curvature);
        for (;;) {
          eTrial = energy + lambda * gd + 0.5 * lambda * lambda * curvature;
          if (eTrial <= reference + 1e-4 * lambda * gd) break;
          lambda *= 0.5;
          if (lambda < 1e-20) throw new EctmdError('Weight equalisation: line search failed (the objective is not quadratic?)');
        }
        if (lambda !== 1) {
          for (let s = 0; s < m; s++) { trial[s] = w[s] + lambda * d[s]; gNew[s] = g[s] + lambda * (gNew[s] - g[s]); }
        }
      } else {
        for (;;) {
          for (let s = 0; s < m; s++) trial[s] = w[s] + lambda * d[s];
          eTrial = objective(trial, gNew);
          evaluations++;
          if (eTrial <= reference + 1e-4 * lambda * gd) break;
          lambda *= 0.5;
          if (lambda < 1e-20) throw new EctmdError('Weight equalisation: line search failed (the gradient does not match the energy?)');
        }
      }
      // BB step from the step actually taken, s = w_new − w, and y = g_new − g. When s·y ≤ 0 (steps below the
      // rounding of w, where y is noise) the step length is kept: BMR's jump to the largest step would run away there.
      // So it is for a step at the rounding of the weights (‖s‖² ≤ m·NOISE_STEP²), whose s·y has any size: such a
      // step, taken when the start was converged but for the last bits, set t from noise (4.7 for 1.2) in a
      // 2-worker ect/eam run.
      let ss = 0, sy = 0;
      for (let s = 0; s < m; s++) {
        const sv = trial[s] - w[s], yv = gNew[s] - g[s];
        ss += sv * sv; sy += sv * yv;
      }
      ss = reduce.sum(ss); sy = reduce.sum(sy);
      w.set(trial);
      g.set(gNew);
      energy = eTrial;
      history.push(energy);
      if (history.length > memory) history.shift();
      if (sy > 0 && ss > m * NOISE_STEP * NOISE_STEP) t = Math.min(1e10, Math.max(1e-10, ss / sy));
    }
  }
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
