// fix qeq/slater NEVERY CUTOFF TOL MAXITER coul/streitz [alpha A]: Streitz–Mintmire charges as LAMMPS 29Sep2021
// src/QEQ/fix_qeq{,_slater}.cpp computes them (physics.md §9.2): H q = −χ_eff at fixed Σq by two Jacobi-preconditioned
// CG solves H s = −(χ + χ^Z), H t = −1, q = s − (Σs/Σt) t, each started from an extrapolation of its last 4 solutions.
// H (fix's own α, default 0.20, and cutoff, no Wolf shift) and H·x are kernels (assembly/qeq.ts), shared by the worker
// team when there is one (docs/parallel.md); the s and t solves run in lockstep through one two-vector mat-vec. H's
// terms come from a table of the fix's own (arena 'tab:qeq', assembly/coulomb-table.ts) when the pair style's are
// tabulated (the default; `pair_modify table 0` gives the closed forms for both).

import { permuteRows } from '../system/sort.js';
import type { Engine } from '../engine/engine.js';
import type { PairStyle } from '../pair/pair.js';
import { PairCoulStreitz } from '../pair/coul-streitz.js';
import { PairHybrid } from '../pair/hybrid.js';
import { METAL } from '../system/units.js';
import { EctmdError, inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import type { Where } from '../lammps/where.js';
import { sprintf } from '../io/format.js';
import type { Fix, FixFactory } from './fix.js';
import { Cmd } from '../parallel/control.js';
import { addRankSums, foldScalar, qeqMatvec, runSliced, setPerRank, setRankBounds } from '../parallel/shared.js';

const HISTORY = 5;
/** A CG solve that stops (MAXITER) with its relative residual above ERROR_FACTOR × TOL, or not finite, ends the run:
 *  charges that far from the solution would make the forces meaningless. Between TOL and this limit a warning. */
export const ERROR_FACTOR = 1000;

function findCoulStreitz(pair: PairStyle | null): PairCoulStreitz | null {
  if (pair instanceof PairCoulStreitz) return pair;
  if (pair instanceof PairHybrid) return pair.styles.find((s): s is PairCoulStreitz => s instanceof PairCoulStreitz) ?? null;
  return null;
}

export class FixQEqSlater implements Fix {
  readonly style = 'qeq/slater';
  readonly mask = null;
  /** s and t of the last HISTORY solves per atom, newest first: [i*HISTORY + k] */
  private sHist: Float64Array;
  private tHist: Float64Array;
  /** CG loop counts of the last solves of s and t */
  private iterations: [number, number] = [0, 0];
  /** H from the table 'tab:qeq' (set at init from the pair style's setting) */
  private tabulated = false;
  /** statistics of the current run's loop (reset at setup): solves (each two CG solves), CG loops of the s and t
   *  solves, seconds in the matrix build and in the whole solve */
  solves = 0;
  loops: [number, number] = [0, 0];
  matrixTime = 0;
  solveTime = 0;

  constructor(readonly id: string, private readonly nevery: number, private readonly cutoff: number,
              private readonly tolerance: number, private readonly maxiter: number, private readonly alpha: number,
              e: Engine, private readonly where: Where, private readonly warn: (msg: string) => void) {
    // LAMMPS starts every history slot at the charge an atom has when the fix is defined
    const n = e.atoms.n;
    this.sHist = new Float64Array(n * HISTORY);
    for (let i = 0; i < n; i++) this.sHist.fill(e.atoms.q[i], i * HISTORY, (i + 1) * HISTORY);
    this.tHist = this.sHist.slice();
    for (const b of ['qeq:diag', 'qeq:chiz', 'qeq:m']) e.neighbor.atomBuffers.set(b, 1);
    e.neighbor.pairBuffers.add('sr'); // the matrix elements of the short list
    // the CG's vectors of the s and t solves, interleaved: b, x, r, p, d (the mat-vec's input) and q = H d
    for (const b of ['qeq:b2', 'qeq:x2', 'qeq:r2', 'qeq:p2', 'qeq:v2', 'qeq:y2']) e.neighbor.atomBuffers.set(b, 2);
    // a team's accumulators: the core field's (rho@r) and the two-vector mat-vec's (f@r)
    e.neighbor.rankAtomBuffers.set('rho', 1).set('f', 3);
  }

  permute(perm: Int32Array): void {
    if (this.sHist.length !== perm.length * HISTORY) return; // the atom count check of the next solve reports it
    permuteRows(this.sHist, perm, HISTORY);
    permuteRows(this.tHist, perm, HISTORY);
  }

  /** Before the run's list build: the matrix table for this fix's α and cutoff from the pair style's parameters,
   *  filled again after every re-layout of the arena. */
  init(e: Engine): void {
    const pair = findCoulStreitz(e.pair);
    this.tabulated = !!pair?.tabulated();
    if (!pair || !this.tabulated) return;
    const a = e.arena, k = e.kernel.k;
    const fill = () => k.coul_table_fill(pair.descriptor(), a.ptr('tab:qeq'), 1, this.alpha, this.cutoff);
    a.onRelayout('tab:qeq', () => { if (a.has('tab:qeq')) fill(); });
    if (!a.ensure('tab:qeq', k.coul_table_bytes(e.atoms.ntypes, 1, this.cutoff))) fill();
  }

  /** After the run's setup evaluation: the statistics count the loop's solves only (as LAMMPS's loop time). */
  setup(): void { this.solves = 0; this.loops = [0, 0]; this.matrixTime = 0; this.solveTime = 0; }

  /** The line the log prints after the run's timing breakdown. */
  runSummary(loop: number): string | null {
    if (this.solves === 0) return null;
    const per = (x: number) => sprintf('%.2f', x / this.solves);
    return `Fix qeq/slater ${this.id}: ${this.solves} solves, CG iterations per solve ${per(this.loops[0])} (s) + ${per(this.loops[1])} (t), ` +
      `time ${sprintf('%.4g', this.solveTime)} s (${sprintf('%.1f', loop > 0 ? 100 * this.solveTime / loop : 0)}% of the loop; matrix build ${sprintf('%.4g', this.matrixTime)} s)`;
  }

  preForce(e: Engine, setup: boolean): void {
    if (!setup && e.step % this.nevery !== 0) return;
    const tSolve = performance.now();
    try { this.solve(e); } finally { this.solveTime += (performance.now() - tSolve) / 1000; }
  }

  private solve(e: Engine): void {
    const w = this.where;
    const pair = findCoulStreitz(e.pair);
    if (!pair) throw new EctmdError(`${w.file}:${w.line}: No pair coul/streitz for fix qeq/slater (pair_style is ${e.pair?.name ?? 'none'})`, w.file, w.line);
    if (e.atoms.style !== 'charge') throw new EctmdError(`${w.file}:${w.line}: Fix qeq/slater requires atom attribute q (atom_style charge)`, w.file, w.line);
    const nb = e.neighbor, a = e.arena, k = e.kernel.k, atoms = e.atoms;
    if (this.cutoff > nb.cutneigh) {
      throw inputError(w.file, w.line, 'Fix qeq/slater cutoff is longer than the neighbor list', `a cutoff <= ${nb.cutneigh} (pair cutoff + skin)`, String(this.cutoff));
    }
    const n = nb.nlocal, ng = nb.nghost;
    if (this.sHist.length !== n * HISTORY) throw new EctmdError(`${w.file}:${w.line}: fix qeq/slater: the number of atoms changed since the fix was defined`, w.file, w.line);
    const team = nb.team;
    const tab = this.tabulated ? a.ptr('tab:qeq') : 0;
    const t0 = performance.now();
    if (team) {
      // each rank builds the matrix rows of its atom range (short-list slots from offs[i0]) and scatters the core
      // field into its own accumulator; folded in rank order
      setRankBounds(team, nb);
      team.args.set([pair.descriptor(), a.ptr('x'), a.ptr('type'), a.ptr('offs'), a.ptr('idx'), this.cutoff * this.cutoff, this.alpha,
        a.ptr('soffs'), a.ptr('send'), a.ptr('sidx'), a.ptr('sr'), n + ng, tab, a.ptr('scratch'), n, a.ptr('owner')]);
      setPerRank(team, a, 'rho', a.ptr('qeq:chiz'));
      team.run(Cmd.QeqMatrix, k);
      foldScalar(team, a, nb, 'qeq:chiz');
    } else {
      a.f64('qeq:chiz', n + ng).fill(0);
      k.qeq_slater_matrix(pair.descriptor(), 0, n, a.ptr('x'), a.ptr('type'), a.ptr('offs'), a.ptr('idx'), this.cutoff * this.cutoff, this.alpha,
        a.ptr('soffs'), a.ptr('send'), a.ptr('sidx'), a.ptr('sr'), a.ptr('qeq:chiz'), tab, a.ptr('scratch'), n, a.ptr('owner'));
      k.ghost_fold(n, ng, a.ptr('owner'), a.ptr('qeq:chiz'), 1);
    }
    this.matrixTime += (performance.now() - t0) / 1000;
    const chiz = a.f64('qeq:chiz', n).slice();
    // diagonal J_i − 2 k_e w_s(α, R_f); Jacobi preconditioner 1/J_i (LAMMPS leaves the Wolf self term out of it)
    const rc = this.cutoff, woself = 0.5 * k.coul_erfc(this.alpha * rc) / rc + this.alpha / Math.sqrt(Math.PI);
    const precond = a.f64('qeq:m', n), b2 = a.f64('qeq:b2', 2 * n), diag = a.f64('qeq:diag', n);
    // χ and J by type (NaN: a type without coul/streitz parameters), looked up once per solve rather than per atom
    const chi = new Float64Array(atoms.ntypes + 1).fill(NaN), eta = new Float64Array(atoms.ntypes + 1).fill(NaN);
    for (let t = 1; t <= atoms.ntypes; t++) {
      const p = pair.typeParams(t);
      if (p) { chi[t] = p.chi; eta[t] = p.eta; }
    }
    for (let i = 0; i < n; i++) {
      const t = atoms.type[i];
      if (Number.isNaN(eta[t])) throw new EctmdError(`${w.file}:${w.line}: fix qeq/slater: atom type ${t} has no coul/streitz parameters (NULL)`, w.file, w.line);
      diag[i] = eta[t] - 2.0 * METAL.qqr2e * woself;
      precond[i] = 1.0 / eta[t];
      b2[2 * i] = -(chi[t] + chiz[i]);
      b2[2 * i + 1] = -1;
    }
    const sh = this.sHist, th = this.tHist, x2 = a.f64('qeq:x2', 2 * n);
    for (let i = 0; i < n; i++) {
      const o = i * HISTORY;
      x2[2 * i] = 4 * (sh[o] + sh[o + 2]) - (6 * sh[o + 1] + sh[o + 3]);
      x2[2 * i + 1] = th[o + 2] + 3 * (th[o] - th[o + 1]);
    }
    this.iterations = this.cg2(e);
    this.solves++;
    this.loops[0] += this.iterations[0];
    this.loops[1] += this.iterations[1];
    const st = a.f64('qeq:x2', 2 * n); // s and t, interleaved
    let ssum = 0, tsum = 0;
    for (let i = 0; i < n; i++) { ssum += st[2 * i]; tsum += st[2 * i + 1]; }
    const u = ssum / tsum;
    for (let i = 0; i < n; i++) {
      const s = st[2 * i], t = st[2 * i + 1];
      atoms.q[i] = s - u * t;
      const o = i * HISTORY;
      // the history one place older (a loop: copyWithin per atom cost more than the copies)
      for (let h = o + HISTORY - 1; h > o; h--) { sh[h] = sh[h - 1]; th[h] = th[h - 1]; }
      sh[o] = s;
      th[o] = t;
    }
  }

  /** f_ID: LAMMPS's `matvecs`, the mean CG loop count of the s and t solves (integer division). */
  computeScalar(): number { return Math.floor((this.iterations[0] + this.iterations[1]) / 2); }

  /** Preconditioned CG on H x = b for the two systems (s: lane 0, t: lane 1 of the interleaved kernel buffers qeq:b2,
   *  qeq:x2 holding b and the guesses) in lockstep: while both run, one two-vector mat-vec serves both, else a mat-vec
   *  of the one lane; each stops when √(r·M⁻¹r)/|b| ≤ tol or after maxiter − 1 iterations (LAMMPS FixQEq::CG). The
   *  vector updates and sums are kernel passes over slices of the atoms (assembly/qeq.ts qeq_cg_*), shared by the team
   *  like the mat-vec, their sums added in rank order; on one worker every solve performs exactly the arithmetic of a
   *  CG run alone (bitwise). Returns LAMMPS's loop counts; warns (LAMMPS's message) or stops (above ERROR_FACTOR × tol)
   *  as documented. */
  private cg2(e: Engine): [number, number] {
    const a = e.arena, nb = e.neighbor, k = e.kernel.k, n = nb.nlocal, team = nb.team, W = team?.ranks ?? 1;
    const [b, x, r, p, d, q, m, part] = ['qeq:b2', 'qeq:x2', 'qeq:r2', 'qeq:p2', 'qeq:v2', 'qeq:y2', 'qeq:m', 'sums'].map((name) => a.ptr(name));
    /** the ranks' sums of the last pass, added in rank order: [Σ lane 0, Σ lane 1, second Σ lane 0, second Σ lane 1]
     *  (one array, rewritten by every call) */
    const tot = [0, 0, 0, 0];
    const sums = (): number[] => { addRankSums(a, W, 4, tot); return tot; };
    const st = [0, 1].map(() => ({ bnorm: 0, sigNew: 0, loop: 1 }));
    qeqMatvec(a, nb, 'qeq:diag', 'qeq:x2', 'qeq:y2', 2);
    runSliced(team, k, Cmd.CgStart, [n, 3, b, q, r, d, m, part]);
    const s0 = sums();
    for (const lane of [0, 1]) { st[lane].bnorm = Math.sqrt(s0[lane]); st[lane].sigNew = s0[2 + lane]; }
    for (;;) {
      const act = ([0, 1] as const).filter((lane) => st[lane].loop < this.maxiter && Math.sqrt(st[lane].sigNew) / st[lane].bnorm > this.tolerance);
      if (act.length === 0) break;
      const lanes = act.reduce<number>((mask, lane) => mask | (1 << lane), 0);
      // the mat-vec's fold and d·q in one round (each rank over its own slice of the atoms)
      qeqMatvec(a, nb, 'qeq:diag', 'qeq:v2', 'qeq:y2', 2, act.length === 2 ? undefined : act[0], false);
      runSliced(team, k, Cmd.CgDot, [n, lanes, d, q, part, 1]);
      const dq = sums();
      const alfa = [0, 1].map((lane) => st[lane].sigNew / dq[lane]);
      runSliced(team, k, Cmd.CgUpdate, [n, lanes, alfa[0], alfa[1], x, r, p, d, q, m, part]);
      const sig = sums(), beta = [0, 0];
      for (const lane of act) {
        beta[lane] = sig[lane] / st[lane].sigNew;
        st[lane].sigNew = sig[lane];
        st[lane].loop++;
      }
      runSliced(team, k, Cmd.CgDirection, [n, lanes, beta[0], beta[1], p, d]);
    }
    for (const c of st) {
      // an exact zero residual is converged even when |b| = 0 (LAMMPS's 0/0 stops its loop the same way)
      const residual = c.sigNew === 0 ? 0 : Math.sqrt(c.sigNew) / c.bnorm;
      if (!Number.isFinite(residual) || residual > ERROR_FACTOR * this.tolerance) {
        const w = this.where;
        throw new EctmdError(`${w.file}:${w.line}: fix qeq/slater did not converge: CG residual ${sprintf('%g', residual)} after ${c.loop} iterations at step ${e.step} ` +
          `exceeds ${ERROR_FACTOR} x the tolerance ${sprintf('%g', this.tolerance)} (raise MAXITER, or check the charges and the cutoff)`, w.file, w.line);
      }
      if (c.loop >= this.maxiter) {
        this.warn(`Fix qeq/slater CG convergence failed (${String(residual)}) after ${c.loop} iterations at step ${e.step}`);
      }
    }
    return [st[0].loop, st[1].loop];
  }
}

export const createFixQEqSlater: FixFactory = (id, mask, args, { engine, where, warn }) => {
  const usage = 'NEVERY CUTOFF TOL MAXITER coul/streitz [alpha A]';
  if (args.length !== 5 && args.length !== 7) throw inputError(where.file, where.line, 'Illegal fix qeq/slater command', usage, args.join(' ') || 'nothing');
  if (mask) throw inputError(where.file, where.line, 'Unsupported fix qeq/slater group', 'group all', 'a smaller group');
  const nevery = parseInteger(args[0], where.file, where.line, 'fix qeq/slater NEVERY');
  const cutoff = parseFiniteFloat(args[1], where.file, where.line, 'fix qeq/slater cutoff');
  const tol = parseFiniteFloat(args[2], where.file, where.line, 'fix qeq/slater tolerance');
  const maxiter = parseInteger(args[3], where.file, where.line, 'fix qeq/slater maxiter');
  if (nevery < 1 || !(cutoff > 0) || !(tol > 0) || maxiter < 1) throw inputError(where.file, where.line, 'Illegal fix qeq/slater command', 'NEVERY >= 1, CUTOFF > 0, TOL > 0, MAXITER >= 1', args.slice(0, 4).join(' '));
  if (args[4] !== 'coul/streitz') throw inputError(where.file, where.line, 'Unsupported fix qeq/slater parameter source', "'coul/streitz' (parameters from the pair style; QEq parameter files are not supported)", args[4]);
  let alpha = 0.20;
  if (args.length === 7) {
    if (args[5] !== 'alpha') throw inputError(where.file, where.line, 'Illegal fix qeq/slater command', "keyword 'alpha'", args[5]);
    alpha = parseFiniteFloat(args[6], where.file, where.line, 'fix qeq/slater alpha');
  }
  return new FixQEqSlater(id, nevery, cutoff, tol, maxiter, alpha, engine, where, warn);
};
