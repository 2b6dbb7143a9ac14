// min_style cg: Polak–Ribière conjugate gradients with restarts (LAMMPS src/min_cg.cpp) and the line searches of
// src/min_linesearch.cpp — `quadratic` (default: backtracking that switches to a secant step on the directional
// derivative once the energy is locally quadratic) and `backtrack` (Armijo). Extra dof (box/relax) join the vectors.

import { Box } from '../system/box.js';
import { MinProblem, Stop } from './problem.js';

/** largest alpha a line search may try (LAMMPS ALPHA_MAX) */
const ALPHA_MAX = 1.0;
/** backtracking factor (ALPHA_REDUCE) */
const ALPHA_REDUCE = 0.5;
/** sufficient-decrease slope (BACKTRACK_SLOPE) */
const BACKTRACK_SLOPE = 0.4;
/** how quadratic the energy must look before the secant step (QUADRATIC_TOL) */
const QUADRATIC_TOL = 0.1;
/** energy changes below this are round-off (EMACH) */
const EMACH = 1.0e-8;
/** directional derivatives below this are zero (EPS_QUAD) */
const EPS_QUAD = 1.0e-28;

class LineSearch {
  readonly g: Float64Array;
  readonly h: Float64Array;
  readonly x0: Float64Array;
  readonly gextra: Float64Array;
  readonly hextra: Float64Array;
  private box0: Box;

  constructor(readonly p: MinProblem) {
    this.g = new Float64Array(p.nvec);
    this.h = new Float64Array(p.nvec);
    this.x0 = new Float64Array(p.nvec);
    this.gextra = new Float64Array(p.nextra);
    this.hextra = new Float64Array(p.nextra);
    this.box0 = p.engine.box!.clone();
  }

  /** (f·f, f·h) over atoms and extra dof, per atom under thermo_modify norm. */
  private dots(): [number, number] {
    const p = this.p, f = p.engine.atoms.f, h = this.h;
    let ff = 0, fh = 0;
    for (let i = 0; i < p.nvec; i++) { ff += f[i] * f[i]; fh += f[i] * h[i]; }
    for (let i = 0; i < p.nextra; i++) { ff += p.fextra[i] * p.fextra[i]; fh += p.fextra[i] * this.hextra[i]; }
    const n = p.norm ? p.engine.atoms.n : 1;
    return [ff / n, fh / n];
  }

  /** Step from the line-search start: x = x0 + alpha·h (the extra dof likewise), then energy and forces. */
  private alphaStep(alpha: number, resetStart: boolean): number {
    const p = this.p, e = p.engine, x = e.atoms.x, h = this.h;
    p.extra?.minStep!(e, 0, this.hextra);
    x.set(this.x0.subarray(0, p.nvec));
    if (alpha > 0) {
      p.extra?.minStep!(e, alpha, this.hextra);
      for (let i = 0; i < p.nvec; i++) x[i] += alpha * h[i];
    }
    p.neval++;
    return p.energyForce(resetStart ? { x0: this.x0, box0: this.box0 } : undefined);
  }

  /**
   * Shared start of both searches: the slope f·h (must be downhill), the largest alpha that moves no coordinate
   * more than dmax and no extra dof more than the fix allows, and the stored start point.
   */
  private begin(): { fdoth: number; alphaMax: number } | Stop {
    const p = this.p, e = p.engine, h = this.h;
    const [, fdoth] = this.dots();
    if (fdoth <= 0) return Stop.DOWNHILL;
    let hmax = 0;
    for (let i = 0; i < p.nvec; i++) hmax = Math.max(hmax, Math.abs(h[i]));
    let alphaMax = Math.min(ALPHA_MAX, p.settings.dmax / hmax);
    if (p.extra) {
      alphaMax = Math.min(alphaMax, p.extra.maxAlpha!(this.hextra));
      for (const v of this.hextra) hmax = Math.max(hmax, Math.abs(v));
    }
    if (hmax === 0) return Stop.ZEROFORCE;
    this.box0 = e.box!.clone();
    this.x0.set(e.atoms.x.subarray(0, p.nvec));
    p.extra?.minStore!(e);
    return { fdoth, alphaMax };
  }

  /** Armijo backtracking from alphaMax (LAMMPS linemin_backtrack). Returns 0 on success or the stop reason. */
  backtrack(eoriginal: number): Stop | 0 {
    const p = this.p, start = this.begin();
    if (typeof start === 'number') return start;
    let alpha = start.alphaMax;
    for (;;) {
      p.ecurrent = this.alphaStep(alpha, true);
      const deIdeal = -BACKTRACK_SLOPE * alpha * start.fdoth;
      const de = p.ecurrent - eoriginal;
      if (de <= deIdeal) { p.alphaFinal = alpha; return 0; }
      alpha *= ALPHA_REDUCE;
      if (alpha <= 0 || deIdeal >= -EMACH) {
        p.ecurrent = this.alphaStep(0, false);
        p.alphaFinal = alpha;
        return de < 0 ? Stop.ETOL : Stop.ZEROALPHA;
      }
    }
  }

  /**
   * Backtracking that takes the secant step to f·h = 0 once the energy change agrees with the trapezoid of the
   * directional derivatives, written in gradients so forces converge far below the energy round-off
   * (LAMMPS linemin_quadratic, after Dennis and Schnabel).
   */
  quadratic(eoriginal: number): Stop | 0 {
    const p = this.p, start = this.begin();
    if (typeof start === 'number') return start;
    const { fdoth, alphaMax } = start;
    let alpha = alphaMax, fhprev = fdoth, engprev = eoriginal, alphaprev = 0;
    for (;;) {
      p.ecurrent = this.alphaStep(alpha, true);
      const [, fh] = this.dots();
      const delfh = fh - fhprev;
      if (Math.abs(fh) < EPS_QUAD || Math.abs(delfh) < EPS_QUAD) {
        p.ecurrent = this.alphaStep(0, false);
        p.alphaFinal = alpha;
        return Stop.ZEROQUAD;
      }
      const relerr = Math.abs(1.0 - (0.5 * (alpha - alphaprev) * (fh + fhprev) + p.ecurrent) / engprev);
      const alpha0 = alpha - (alpha - alphaprev) * fh / delfh;
      if (relerr <= QUADRATIC_TOL && alpha0 > 0 && alpha0 < alphaMax) {
        p.ecurrent = this.alphaStep(alpha0, true);
        // LAMMPS reports the backtracking alpha, not alpha0, as the final alpha of this search
        if (p.ecurrent - eoriginal < EMACH) { p.alphaFinal = alpha; return 0; }
      }
      const deIdeal = -BACKTRACK_SLOPE * alpha * fdoth;
      const de = p.ecurrent - eoriginal;
      if (de <= deIdeal) { p.alphaFinal = alpha; return 0; }
      fhprev = fh;
      engprev = p.ecurrent;
      alphaprev = alpha;
      alpha *= ALPHA_REDUCE;
      if (alpha <= 0 || deIdeal >= -EMACH) {
        p.ecurrent = this.alphaStep(0, false);
        p.alphaFinal = alpha;
        return Stop.ZEROALPHA;
      }
    }
  }
}

/**
 * Up to maxiter CG iterations (LAMMPS MinCG::iterate): line search along h, stop on max evaluations, energy or
 * force tolerance; else h = f + beta·h with beta = max(0, f·(f − g)/g·g), restarted every ndof iterations and
 * whenever h is not downhill. `output()` writes thermo and dumps due at the end of an iteration.
 */
export function iterateCg(p: MinProblem, maxiter: number, output: () => void): Stop {
  const e = p.engine, ls = new LineSearch(p);
  const { g, h, gextra, hextra } = ls;
  const nlimit = Math.min(2 ** 31 - 1, p.nvec + p.nextra);
  // the forces are a view of kernel memory that the line search's evaluations (neighbour builds) may move: re-read
  let f = e.atoms.f;
  for (let i = 0; i < p.nvec; i++) h[i] = g[i] = f[i];
  for (let i = 0; i < p.nextra; i++) hextra[i] = gextra[i] = p.fextra[i];
  let gg = p.fnormSqr();
  const linemin = p.settings.line === 'backtrack' ? ls.backtrack.bind(ls) : ls.quadratic.bind(ls);
  for (let iter = 0; iter < maxiter; iter++) {
    e.step++;
    p.niter++;
    p.eprevious = p.ecurrent;
    const fail = linemin(p.ecurrent);
    if (fail) return fail;
    if (p.neval >= p.tol.maxeval) return Stop.MAXEVAL;
    if (p.energyTolMet()) return Stop.ETOL;
    f = e.atoms.f;
    let ff = 0, fg = 0;
    for (let i = 0; i < p.nvec; i++) { ff += f[i] * f[i]; fg += f[i] * g[i]; }
    for (let i = 0; i < p.nextra; i++) { ff += p.fextra[i] * p.fextra[i]; fg += p.fextra[i] * gextra[i]; }
    if (p.forceTolMet(ff)) return Stop.FTOL;
    let beta = Math.max(0, (ff - fg) / gg);
    if ((p.niter + 1) % nlimit === 0) beta = 0;
    gg = ff;
    let gh = 0;
    for (let i = 0; i < p.nvec; i++) { g[i] = f[i]; h[i] = g[i] + beta * h[i]; gh += g[i] * h[i]; }
    for (let i = 0; i < p.nextra; i++) { gextra[i] = p.fextra[i]; hextra[i] = gextra[i] + beta * hextra[i]; gh += gextra[i] * hextra[i]; }
    if (gh <= 0) { h.set(g); hextra.set(gextra); }
    output();
  }
  return Stop.MAXITER;
}
