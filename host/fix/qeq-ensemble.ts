// fix qeq/ensemble NEVERY TOL MAXITER [solver spg|cg] [warm yes|no] [range TYPE QLO QHI]...: Streitz–Mintmire charges
// that minimise the pair style's own coul/streitz (Wolf) energy at fixed Σq, in the ensemble form of physics.md §9.2:
// atom i is a mixture of two charge states QLO < QHI of its type with weights on a simplex, q_i = Σ_M w_iM q_M, solved
// by the weight-equalisation engine (host/equalize, SPG) or, unbounded, by conjugate gradients on the same energy.
// E(q) = lin·q + ½ qᵀHq is exactly the energy coul_streitz evaluates (kernel coul_streitz_hessian, assembly/coulomb.ts).

import { permuteRows } from '../system/sort.js';
import type { Engine } from '../engine/engine.js';
import type { PairStyle } from '../pair/pair.js';
import { PairCoulStreitz } from '../pair/coul-streitz.js';
import { PairHybrid } from '../pair/hybrid.js';
import { EctmdError, inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import type { Where } from '../lammps/where.js';
import { sprintf } from '../io/format.js';
import { Cmd } from '../parallel/control.js';
import { foldScalar, qeqMatvec, setPerRank, setRankBounds } from '../parallel/shared.js';
import { atomCharges, type StateLayout } from '../equalize/feasible.js';
import { SpgSolver } from '../equalize/spg.js';
import { LocalReducer } from '../equalize/reduce.js';
import type { Fix, FixFactory } from './fix.js';

/** Default charge range of every type (e): wide enough that SM charges of oxides stay strictly inside. */
export const DEFAULT_RANGE: readonly [number, number] = [-4, 4];
/** A solve that has not reached TOL after MAXITER iterations warns; after ERROR_FACTOR·MAXITER it is an error. */
export const ERROR_FACTOR = 5;

/** Polynomial extrapolation of the last k solutions (newest first) to the next step, k = 1..4: constant, linear,
 *  quadratic, cubic (the cubic is LAMMPS fix qeq's 4(x₁+x₃) − (6x₂+x₄)). */
const PREDICTOR: readonly number[][] = [[1], [2, -1], [3, -3, 1], [4, -6, 4, -1]];

function extrapolate(history: Float64Array[]): Float64Array {
  const c = PREDICTOR[Math.min(history.length, PREDICTOR.length) - 1];
  const out = new Float64Array(history[0].length);
  for (let k = 0; k < c.length; k++) {
    const h = history[k], ck = c[k];
    for (let s = 0; s < out.length; s++) out[s] += ck * h[s];
  }
  return out;
}

function findCoulStreitz(pair: PairStyle | null): PairCoulStreitz | null {
  if (pair instanceof PairCoulStreitz) return pair;
  if (pair instanceof PairHybrid) return pair.styles.find((s): s is PairCoulStreitz => s instanceof PairCoulStreitz) ?? null;
  return null;
}

export type QEqSolver = 'spg' | 'cg';

export interface QEqEnsembleOptions {
  nevery: number;
  /** KKT residual at which a solve stops (eV; physics.md §4.3, per unit weight) */
  tolerance: number;
  maxiter: number;
  solver: QEqSolver;
  warm: boolean;
  /** per type (index 1..ntypes): the two state charges [QLO, QHI] (e) */
  ranges: Map<number, [number, number]>;
}

/** What the last solve did (thermo f_ID[1..3] and tests). */
export interface QEqEnsembleStats {
  /** global chemical potential μ = ∂E/∂q_i (eV/e), the same on every atom at convergence */
  mu: number;
  iterations: number;
  /** KKT residual (eV) */
  residual: number;
  /** energy+gradient evaluations (SPG: iterations + line-search backtracks; CG: matrix-vector products) */
  evaluations: number;
  /** global scalar reductions of the solve, all through the fix's Reducer (projection root-finding steps, dot
   *  products, maxima, energy sums) */
  reductions: number;
  /** of which in feasible projections (SPG: one per root-finding step of ν; CG: 0) */
  projectionReductions: number;
  /** Σq − Q_tot after the solve (e) */
  chargeError: number;
  /** E_coul at the solution as the quadratic form gives it (eV) */
  energy: number;
  /** wall time of the solve including the matrix build (ms) */
  ms: number;
}

export class FixQEqEnsemble implements Fix {
  readonly style = 'qeq/ensemble';
  readonly mask = null;
  readonly vectorLength = 3;
  /** total charge fixed at the first solve */
  private qtot = NaN;
  private layout: StateLayout | null = null;
  private spg: SpgSolver | null = null;
  /** converged weights of the last four solves, newest first (extrapolation predictor) */
  private history: Float64Array[] = [];
  /** charges of the last four solves (CG predictor) */
  private qHistory: Float64Array[] = [];
  private warnedBounds = false;
  /** what a restart file gave back (readState), applied at the first solve */
  private restored: { qtot: number; step: number; history: Float64Array[]; qHistory: Float64Array[] } | null = null;
  stats: QEqEnsembleStats = { mu: 0, iterations: 0, residual: 0, evaluations: 0, reductions: 0, projectionReductions: 0, chargeError: 0, energy: 0, ms: 0 };
  /** every global sum and maximum of a solve (one worker now; a worker team replaces it) */
  readonly reduce = new LocalReducer();

  constructor(readonly id: string, readonly options: QEqEnsembleOptions, private readonly where: Where,
              private readonly warn: (msg: string) => void, e: Engine) {
    for (const b of ['qens:v', 'qens:y', 'qens:diag', 'qens:lin']) e.neighbor.atomBuffers.set(b, 1);
    e.neighbor.pairBuffers.add('sr'); // the matrix elements of the short list
    e.neighbor.rankAtomBuffers.set('rho', 1); // a team's accumulators of the linear term and the mat-vec
  }

  preForce(e: Engine, setup: boolean): void {
    if (!setup && e.step % this.options.nevery !== 0) return;
    this.solve(e, setup);
  }

  /**
   * Restart state, so that a continued run takes the same solver path: [1 (format), Q_tot, BB step, n, number of
   * weight solutions kept, number of charge solutions kept, then those (2n and n values each, newest first)].
   */
  writeState(): Float64Array | undefined {
    if (!this.layout) return undefined;
    const n = this.layout.natoms, hw = this.history.length, hq = this.qHistory.length;
    const out = new Float64Array(6 + hw * 2 * n + hq * n);
    out.set([1, this.qtot, this.spg?.stepLength ?? 0, n, hw, hq]);
    let o = 6;
    for (const h of [...this.history, ...this.qHistory]) { out.set(h, o); o += h.length; }
    return out;
  }

  readState(state: Float64Array, where: Where): void {
    const [format, qtot, step, n, hw, hq] = state;
    if (format !== 1 || state.length !== 6 + hw * 2 * n + hq * n) {
      throw new EctmdError(`${where.file}:${where.line}: fix qeq/ensemble: the restart file's state is not one this version wrote (format ${format}, ${state.length} values)`, where.file, where.line);
    }
    const history: Float64Array[] = [], qHistory: Float64Array[] = [];
    let o = 6;
    for (let k = 0; k < hw; k++, o += 2 * n) history.push(state.slice(o, o + 2 * n));
    for (let k = 0; k < hq; k++, o += n) qHistory.push(state.slice(o, o + n));
    this.restored = { qtot, step, history, qHistory };
  }

  /** f_ID[1] μ (eV/e), f_ID[2] iterations of the last solve, f_ID[3] its KKT residual */
  computeVector(_e: Engine, k: number): number {
    return k === 1 ? this.stats.mu : k === 2 ? this.stats.iterations : this.stats.residual;
  }

  permute(perm: Int32Array): void {
    const hist = [...this.history, ...(this.restored?.history ?? [])], qhist = [...this.qHistory, ...(this.restored?.qHistory ?? [])];
    if (hist.some((h) => h.length !== 2 * perm.length) || qhist.some((h) => h.length !== perm.length)) return; // the atom count check reports it
    if (this.layout?.natoms === perm.length) permuteRows(this.layout.charges, perm, 2);
    for (const h of hist) permuteRows(h, perm, 2);
    for (const h of qhist) permuteRows(h, perm, 1);
  }

  private error(msg: string): EctmdError {
    const w = this.where;
    return new EctmdError(`${w.file}:${w.line}: ${msg}`, w.file, w.line);
  }

  /** Two states per atom, [QLO, QHI] of its type; built once (the atom count may not change). */
  private ensureLayout(e: Engine, pair: PairCoulStreitz): StateLayout {
    const n = e.atoms.n;
    if (this.layout) {
      if (this.layout.natoms !== n) throw this.error('fix qeq/ensemble: the number of atoms changed since the first solve');
      return this.layout;
    }
    const offsets = new Int32Array(n + 1), charges = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const t = e.atoms.type[i];
      if (!pair.typeParams(t)) throw this.error(`fix qeq/ensemble: atom type ${t} has no coul/streitz parameters (NULL)`);
      const [lo, hi] = this.options.ranges.get(t) ?? DEFAULT_RANGE;
      offsets[i + 1] = 2 * (i + 1);
      charges[2 * i] = lo; charges[2 * i + 1] = hi;
    }
    let q = 0;
    for (let i = 0; i < n; i++) q += e.atoms.q[i];
    const r = this.restored;
    if (r) {
      if (r.history.some((h) => h.length !== 2 * n) || r.qHistory.some((h) => h.length !== n)) {
        throw this.error(`fix qeq/ensemble: the restart file's solver state is for another atom count (expected ${n} atoms)`);
      }
      q = r.qtot;
      this.history = r.history;
      this.qHistory = r.qHistory;
    }
    this.qtot = q;
    this.layout = { natoms: n, offsets, charges };
    try {
      // the SPG solver is also made for solver cg: its projector checks that the ranges can hold Q_tot
      const spg = new SpgSolver(this.layout, q, { tolerance: this.options.tolerance, maxIterations: ERROR_FACTOR * this.options.maxiter, memory: 10, quadratic: true }, this.reduce);
      if (this.options.solver === 'spg') this.spg = spg;
      if (r) spg.stepLength = r.step;
    } catch (err) {
      if (err instanceof EctmdError) throw this.error(`fix qeq/ensemble: ${err.message}; change the charge ranges ('range TYPE QLO QHI')`);
      throw err;
    }
    return this.layout;
  }

  /** Weights of the two-state ensemble that give charges q (clamped into each atom's range). */
  private weightsOf(layout: StateLayout, q: Float64Array): Float64Array {
    const w = new Float64Array(layout.charges.length);
    for (let i = 0; i < layout.natoms; i++) {
      const lo = layout.charges[2 * i], hi = layout.charges[2 * i + 1];
      const whi = Math.min(1, Math.max(0, (q[i] - lo) / (hi - lo)));
      w[2 * i] = 1 - whi; w[2 * i + 1] = whi;
    }
    return w;
  }

  /**
   * Equilibrate the charges of e's atoms on the pair's energy at the current positions; writes e.atoms.q.
   * again: a re-solve at the positions of the last solve (the setup of a later run): it starts from the last solution
   * and replaces it in the predictor's history, which keeps one entry per step.
   */
  solve(e: Engine, again = false): QEqEnsembleStats {
    const t0 = performance.now();
    const pair = findCoulStreitz(e.pair);
    if (!pair) throw this.error(`No pair coul/streitz for fix qeq/ensemble (pair_style is ${e.pair?.name ?? 'none'})`);
    if (e.atoms.style !== 'charge') throw this.error('Fix qeq/ensemble requires atom attribute q (atom_style charge)');
    if (!pair.isWolf()) throw this.error('Fix qeq/ensemble requires coul/streitz … wolf (the k-space part of ewald has no site potentials yet)');
    const layout = this.ensureLayout(e, pair);
    const energy = this.quadraticForm(e, pair);
    const count0 = this.reduce.count;
    const n = layout.natoms, q = e.atoms.q;
    if (this.options.solver === 'spg') {
      const spg = this.spg!;
      const hist = this.history;
      let w: Float64Array;
      if (!this.options.warm) {
        // cold start: equal weights, and no step length carried over
        w = new Float64Array(layout.charges.length).fill(0.5);
        spg.resetStep();
      } else if (hist.length > 0) {
        w = again ? hist[0].slice() : extrapolate(hist);
      } else {
        w = this.weightsOf(layout, q.subarray(0, n) as Float64Array);
      }
      const qi = new Float64Array(n), dq = new Float64Array(n);
      const objective = (wt: Float64Array, g: Float64Array): number => {
        atomCharges(layout, wt, qi);
        const ev = energy(qi, dq);
        for (let i = 0; i < n; i++) { g[2 * i] = layout.charges[2 * i] * dq[i]; g[2 * i + 1] = layout.charges[2 * i + 1] * dq[i]; }
        return ev;
      };
      let r;
      try {
        r = spg.solve(objective, w, {
          warnAt: this.options.maxiter,
          call: (res, it) => this.warn(`Fix qeq/ensemble did not converge: KKT residual ${sprintf('%g', res)} eV after ${it} iterations at step ${e.step} (tolerance ${sprintf('%g', this.options.tolerance)}); continuing up to ${ERROR_FACTOR * this.options.maxiter}`),
        });
      } catch (err) {
        if (err instanceof EctmdError) throw this.error(`fix qeq/ensemble at step ${e.step}: ${err.message}`);
        throw err;
      }
      // a re-solve whose start (the last solution) already meets TOL keeps that solution bit for bit, so that a run
      // continued from a restart file (whose setup re-solves) follows the uninterrupted run exactly
      const keep = again && hist.length > 0 && r.iterations === 0;
      if (!keep) {
        if (again && hist.length > 0) hist[0] = w.slice();
        else hist.unshift(w.slice());
        if (hist.length > PREDICTOR.length) hist.pop();
      }
      atomCharges(layout, hist[0], qi);
      q.set(qi);
      this.stats = { mu: r.mu, iterations: r.iterations, residual: r.residual, evaluations: r.evaluations, reductions: 0,
        projectionReductions: r.projectionReductions, chargeError: 0, energy: r.energy, ms: 0 };
      this.checkBounds(layout, w, e);
    } else {
      this.stats = this.solveCg(e, layout, energy, again);
    }
    this.stats.reductions = this.reduce.count - count0;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += q[i];
    this.stats.chargeError = sum - this.qtot;
    this.stats.ms = performance.now() - t0;
    return this.stats;
  }

  /** A weight at 0 means a charge at the end of its range: the bound is active and the charges are not plain SM's. */
  private checkBounds(layout: StateLayout, w: Float64Array, e: Engine): void {
    if (this.warnedBounds) return;
    let count = 0;
    for (let s = 0; s < w.length; s++) if (w[s] === 0) count++;
    if (count > 0) {
      this.warnedBounds = true;
      this.warn(`Fix qeq/ensemble: ${count} of ${layout.natoms} charges sit at the end of their range at step ${e.step}; widen it with 'range TYPE QLO QHI' for unbounded Streitz–Mintmire charges`);
    }
  }

  /**
   * Build the pair energy's quadratic form at the current positions (neighbour list current) and return the
   * evaluator q → E_coul(q) with ∂E/∂q written to dq (owned atoms). The matrix lives in the short list
   * (soffs, sidx, sr) until the pair's own force call rebuilds it.
   */
  quadraticForm(e: Engine, pair = findCoulStreitz(e.pair)!): (q: Float64Array, dq: Float64Array) => number {
    const nb = e.neighbor, a = e.arena, k = e.kernel.k;
    const n = nb.nlocal, ng = nb.nghost;
    const team = nb.team;
    if (team) {
      // rows of each rank's atom range; the linear term's scatter into per-rank accumulators, folded in rank order
      setRankBounds(team, nb);
      team.args.set([pair.descriptor(), a.ptr('x'), a.ptr('type'), a.ptr('offs'), a.ptr('idx'), a.ptr('soffs'), a.ptr('send'),
        a.ptr('sidx'), a.ptr('sr'), a.ptr('qens:diag'), n + ng, a.ptr('scratch'), n, a.ptr('owner')]);
      setPerRank(team, a, 'rho', a.ptr('qens:lin'));
      team.run(Cmd.Hessian, k);
      foldScalar(team, a, nb, 'qens:lin');
    } else {
      a.f64('qens:lin', n + ng).fill(0);
      k.coul_streitz_hessian(pair.descriptor(), 0, n, a.ptr('x'), a.ptr('type'), a.ptr('offs'), a.ptr('idx'),
        a.ptr('soffs'), a.ptr('send'), a.ptr('sidx'), a.ptr('sr'), a.ptr('qens:diag'), a.ptr('qens:lin'), a.ptr('scratch'), n, a.ptr('owner'));
      k.ghost_fold(n, ng, a.ptr('owner'), a.ptr('qens:lin'), 1);
    }
    const lin = a.f64('qens:lin', n).slice();
    return (q, dq) => {
      a.f64('qens:v', n).set(q);
      const hq = qeqMatvec(a, nb, 'qens:diag', 'qens:v', 'qens:y', 1);
      let energy = 0;
      for (let i = 0; i < n; i++) {
        dq[i] = lin[i] + hq[i];
        energy += q[i] * (lin[i] + 0.5 * hq[i]);
      }
      return this.reduce.sum(energy);
    };
  }

  /**
   * The same energy minimised without charge bounds: conjugate gradients in the subspace Σδq = 0 (the gradient is
   * projected by removing its mean, which is μ), stopped when the KKT residual in the two-state ensemble's units,
   * ½(QHI − QLO) max_i |∂E/∂q_i − μ|, is at most TOL. Predictor: linear extrapolation of the last two solutions.
   */
  private solveCg(e: Engine, layout: StateLayout, energy: (q: Float64Array, dq: Float64Array) => number, again: boolean): QEqEnsembleStats {
    const n = layout.natoms, atomsQ = e.atoms.q;
    const { tolerance, maxiter, warm } = this.options;
    const q = new Float64Array(n), g = new Float64Array(n), r = new Float64Array(n), d = new Float64Array(n), hd = new Float64Array(n);
    const zero = new Float64Array(n), lin = new Float64Array(n);
    const qh = this.qHistory, R = this.reduce;
    if (!warm) q.fill(this.qtot / n);
    else if (qh.length > 0) q.set(again ? qh[0] : extrapolate(qh));
    else q.set(atomsQ.subarray(0, n));
    // put the start on Σq = Q_tot
    let partial = 0;
    for (let i = 0; i < n; i++) partial += q[i];
    let shift = (this.qtot - R.sum(partial)) / n;
    for (let i = 0; i < n; i++) q[i] += shift;
    // lin = ∂E/∂q at q = 0; then ∂E/∂q = lin + H q and H d = grad(d) − lin
    energy(zero, lin);
    let evaluations = 1;
    const halfWidth = new Float64Array(n);
    for (let i = 0; i < n; i++) halfWidth[i] = 0.5 * Math.abs(layout.charges[2 * i + 1] - layout.charges[2 * i]);
    const residualOf = (): { mu: number; res: number } => {
      let gsum = 0;
      for (let i = 0; i < n; i++) gsum += g[i];
      const mu = R.sum(gsum) / n;
      let res = 0;
      for (let i = 0; i < n; i++) { r[i] = mu - g[i]; res = Math.max(res, halfWidth[i] * Math.abs(r[i])); }
      return { mu, res: R.max(res) };
    };
    let e0 = energy(q, g);
    evaluations++;
    let { mu, res } = residualOf();
    let rr = 0;
    for (let i = 0; i < n; i++) { d[i] = r[i]; rr += r[i] * r[i]; }
    rr = R.sum(rr);
    let it = 0;
    for (; res > tolerance; it++) {
      if (it === maxiter) this.warn(`Fix qeq/ensemble did not converge: KKT residual ${sprintf('%g', res)} eV after ${it} iterations at step ${e.step} (tolerance ${sprintf('%g', tolerance)}); continuing up to ${ERROR_FACTOR * maxiter}`);
      if (it >= ERROR_FACTOR * maxiter) throw this.error(`fix qeq/ensemble did not converge: KKT residual ${res.toExponential(3)} eV after ${it} iterations at step ${e.step} (tolerance ${tolerance} eV)`);
      energy(d, hd);
      evaluations++;
      let dhd = 0;
      for (let i = 0; i < n; i++) { hd[i] -= lin[i]; dhd += d[i] * hd[i]; }
      dhd = R.sum(dhd);
      if (!(dhd > 0)) throw this.error(`fix qeq/ensemble (cg): the Coulomb energy is not convex in the charges at step ${e.step} (dᵀHd = ${dhd}); use solver spg with charge ranges`);
      const alpha = rr / dhd;
      for (let i = 0; i < n; i++) { q[i] += alpha * d[i]; g[i] += alpha * hd[i]; }
      ({ mu, res } = residualOf());
      let rrNew = 0;
      for (let i = 0; i < n; i++) rrNew += r[i] * r[i];
      rrNew = R.sum(rrNew);
      const beta = rrNew / rr;
      rr = rrNew;
      for (let i = 0; i < n; i++) d[i] = r[i] + beta * d[i];
    }
    if (again && it === 0 && qh.length > 0) {
      // the last solution still meets TOL: keep it bit for bit (restart continuity, as for SPG)
      atomsQ.set(qh[0]);
      return { mu, iterations: 0, residual: res, evaluations, reductions: 0, projectionReductions: 0, chargeError: 0, energy: energy(qh[0], g), ms: 0 };
    }
    // CG updates keep Σq only to the rounding of many small steps: put it back on Σq = Q_tot exactly
    partial = 0;
    for (let i = 0; i < n; i++) partial += q[i];
    shift = (this.qtot - R.sum(partial)) / n;
    for (let i = 0; i < n; i++) q[i] += shift;
    e0 = energy(q, g);
    atomsQ.set(q);
    if (again && qh.length > 0) qh[0] = q.slice();
    else qh.unshift(q.slice());
    if (qh.length > PREDICTOR.length) qh.pop();
    return { mu, iterations: it, residual: res, evaluations, reductions: 0, projectionReductions: 0, chargeError: 0, energy: e0, ms: 0 };
  }
}

export const createFixQEqEnsemble: FixFactory = (id, mask, args, { engine, where, warn }) => {
  const usage = 'NEVERY TOL MAXITER [solver spg|cg] [warm yes|no] [range TYPE QLO QHI]...';
  const bad = (what: string, expected: string, found: string) => inputError(where.file, where.line, what, expected, found);
  if (args.length < 3) throw bad('Illegal fix qeq/ensemble command', usage, args.join(' ') || 'nothing');
  if (mask) throw bad('Unsupported fix qeq/ensemble group', 'group all', 'a smaller group');
  const nevery = parseInteger(args[0], where.file, where.line, 'fix qeq/ensemble NEVERY');
  const tolerance = parseFiniteFloat(args[1], where.file, where.line, 'fix qeq/ensemble TOL');
  const maxiter = parseInteger(args[2], where.file, where.line, 'fix qeq/ensemble MAXITER');
  if (nevery < 1 || !(tolerance > 0) || maxiter < 1) throw bad('Illegal fix qeq/ensemble command', 'NEVERY >= 1, TOL > 0, MAXITER >= 1', args.slice(0, 3).join(' '));
  const options: QEqEnsembleOptions = { nevery, tolerance, maxiter, solver: 'spg', warm: true, ranges: new Map() };
  const ntypes = engine.atoms.ntypes;
  for (let k = 3; k < args.length;) {
    const key = args[k];
    if (key === 'solver' || key === 'warm') {
      const v = args[k + 1];
      const allowed = key === 'solver' ? ['spg', 'cg'] : ['yes', 'no'];
      if (v === undefined || !allowed.includes(v)) throw bad(`Illegal fix qeq/ensemble ${key}`, allowed.join(' or '), v ?? 'end of line');
      if (key === 'solver') options.solver = v as QEqSolver; else options.warm = v === 'yes';
      k += 2;
    } else if (key === 'range') {
      if (args.length - k < 4) throw bad('Illegal fix qeq/ensemble range', 'range TYPE QLO QHI', args.slice(k).join(' '));
      const t = parseInteger(args[k + 1], where.file, where.line, 'fix qeq/ensemble range TYPE');
      const lo = parseFiniteFloat(args[k + 2], where.file, where.line, 'fix qeq/ensemble range QLO');
      const hi = parseFiniteFloat(args[k + 3], where.file, where.line, 'fix qeq/ensemble range QHI');
      if (t < 1 || t > ntypes) throw bad('Illegal fix qeq/ensemble range', `an atom type 1..${ntypes}`, args[k + 1]);
      if (!(lo < hi)) throw bad('Illegal fix qeq/ensemble range', 'QLO < QHI', `${args[k + 2]} ${args[k + 3]}`);
      options.ranges.set(t, [lo, hi]);
      k += 4;
    } else {
      throw bad('Illegal fix qeq/ensemble keyword', "'solver', 'warm' or 'range'", key);
    }
  }
  return new FixQEqEnsemble(id, options, where, warn, engine);
};
