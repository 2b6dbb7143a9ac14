// The objective a minimiser works on (LAMMPS src/min.cpp): energy and forces of the atoms plus the extra global
// degrees of freedom of a fix (box/relax), one force evaluation per call with the neighbour check every call,
// the force norms of the stopping criteria, and the evaluation counters the "Minimization stats" report.

import type { Engine, PerAtomRequest } from '../engine/engine.js';
import type { Box } from '../system/box.js';
import type { Fix } from '../fix/fix.js';
import type { MinSettings } from './settings.js';

/** Why a minimisation stopped (those of LAMMPS's Min::stopstrings that cg and fire can give), with its text. */
export enum Stop { MAXITER, MAXEVAL, ETOL, FTOL, DOWNHILL, ZEROALPHA, ZEROFORCE, ZEROQUAD, MAXVDOTF }

export const STOP_TEXT: Record<Stop, string> = {
  [Stop.MAXITER]: 'max iterations', [Stop.MAXEVAL]: 'max force evaluations', [Stop.ETOL]: 'energy tolerance',
  [Stop.FTOL]: 'force tolerance', [Stop.DOWNHILL]: 'search direction is not downhill',
  [Stop.ZEROALPHA]: 'linesearch alpha is zero', [Stop.ZEROFORCE]: 'forces are zero',
  [Stop.ZEROQUAD]: 'quadratic factors are zero', [Stop.MAXVDOTF]: 'max iterations with v.f negative',
};

/** Smallest normalisation of the relative energy tolerance (LAMMPS EPS_ENERGY). */
const EPS_ENERGY = 1.0e-8;

export interface MinTolerances { etol: number; ftol: number; maxiter: number; maxeval: number }

export class MinProblem {
  readonly nvec: number;
  /** extra global dof: −gradient of the energy with respect to them */
  readonly fextra: Float64Array;
  niter = 0;
  neval = 0;
  ecurrent = 0;
  eprevious = 0;
  /** step length of the last line search (0 for damped dynamics) */
  alphaFinal = 0;

  /**
   * @param extra the fix whose degrees of freedom join the atoms' (fix box/relax), or null
   * @param norm energies per atom, as LAMMPS does under `thermo_modify norm yes`
   * @param want per-atom tallies the outputs need at the current step (`final`: the last step of an early stop)
   */
  constructor(readonly engine: Engine, readonly settings: MinSettings, readonly tol: MinTolerances, readonly extra: Fix | null,
    readonly norm: boolean, private readonly want: (final: boolean) => PerAtomRequest,
    /** fixes' pre_force (charge equilibration) before each force evaluation, as LAMMPS min_pre_force */
    private readonly preForce: () => void) {
    this.nvec = 3 * engine.atoms.n;
    this.fextra = new Float64Array(extra?.minDof?.() ?? 0);
  }

  get nextra(): number { return this.fextra.length; }

  /**
   * Energy and forces at the current positions (LAMMPS Min::energy_force): rebuild the neighbour list when an atom
   * moved more than half the skin. A rebuild wraps atoms into the box; `lineStart` (positions and box at the start
   * of a line search) is then moved by the same whole periods so that start + alpha·h still means the same point.
   * `final`: the evaluation after an early stop, whose step gets every output.
   */
  energyForce(lineStart?: { x0: Float64Array; box0: Box }, final = false): number {
    const e = this.engine, atoms = e.atoms, nb = e.neighbor, box = e.box!;
    if (nb.decide(atoms, this.extra ? box : undefined)) {
      const before = lineStart ? atoms.image.slice(0, this.nvec) : null;
      nb.build(atoms, box);
      if (lineStart && before) {
        const edges = lineStart.box0.edges(), img = atoms.image, x0 = lineStart.x0;
        for (let i = 0; i < this.nvec; i += 3) {
          const da = img[i] - before[i], db = img[i + 1] - before[i + 1], dc = img[i + 2] - before[i + 2];
          if (da === 0 && db === 0 && dc === 0) continue;
          for (let k = 0; k < 3; k++) x0[i + k] -= da * edges[0][k] + db * edges[1][k] + dc * edges[2][k];
        }
      }
    } else {
      const t0 = performance.now();
      nb.refresh();
      e.commTime += (performance.now() - t0) / 1000;
    }
    this.preForce();
    e.computeForces(this.want(final));
    let energy = e.pe();
    if (this.extra) energy += this.extra.minEnergy!(e, this.fextra);
    return this.norm ? energy / atoms.n : energy;
  }

  /** |F|² over atoms and extra dof (LAMMPS fnorm_sqr). */
  fnormSqr(): number {
    const f = this.engine.atoms.f;
    let s = 0;
    for (let i = 0; i < this.nvec; i++) s += f[i] * f[i];
    for (const v of this.fextra) s += v * v;
    return s;
  }

  /** Largest squared force component (LAMMPS fnorm_inf). */
  fnormInf(): number {
    const f = this.engine.atoms.f;
    let m = 0;
    for (let i = 0; i < this.nvec; i++) m = Math.max(m, f[i] * f[i]);
    for (const v of this.fextra) m = Math.max(m, v * v);
    return m;
  }

  /** Largest squared per-atom force vector (LAMMPS fnorm_max). */
  fnormMax(): number {
    const f = this.engine.atoms.f;
    let m = 0;
    for (let i = 0; i < this.nvec; i += 3) m = Math.max(m, f[i] * f[i] + f[i + 1] * f[i + 1] + f[i + 2] * f[i + 2]);
    for (const v of this.fextra) m = Math.max(m, v * v);
    return m;
  }

  /** The force criterion: the `min_modify norm` of the forces is below ftol (`fdotf` = |F|² when known). */
  forceTolMet(fdotf?: number): boolean {
    const ftol = this.tol.ftol;
    if (!(ftol > 0)) return false;
    const n = this.settings.norm;
    const v = n === 'max' ? this.fnormMax() : n === 'inf' ? this.fnormInf() : (fdotf ?? this.fnormSqr());
    return v < ftol * ftol;
  }

  /** The energy criterion: the last change of energy relative to its size is below etol. */
  energyTolMet(): boolean {
    const ec = this.ecurrent, ep = this.eprevious;
    return Math.abs(ec - ep) < this.tol.etol * 0.5 * (Math.abs(ec) + Math.abs(ep) + EPS_ENERGY);
  }
}
