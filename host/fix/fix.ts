// The fix lifecycle (LAMMPS src/fix.h): a fix is created from `fix ID GROUP STYLE ARGS...`, may act at fixed
// points of each MD step, and may provide a scalar for thermo (`f_ID`) and an energy for `fix_modify energy yes`.
// Styles register a factory in host/fix/registry.ts.

import type { Engine } from '../engine/engine.js';
import type { Where } from '../lammps/where.js';

export interface Fix {
  readonly id: string;
  readonly style: string;
  /** group mask (null: all atoms) */
  readonly mask: Uint8Array | null;
  /** the fix changes the box during a run (LAMMPS box_change): the neighbour check then counts the box's motion */
  readonly boxChange?: boolean;
  /** the fix reads the global virial at every step (a barostat): the run then computes it every step */
  readonly needsVirial?: boolean;
  /** once before a run, after the pair style is attached and before the neighbour list is built (LAMMPS Fix::init):
   *  the place to size fixed kernel buffers, since a re-layout of the arena drops the list's contents */
  init?(e: Engine): void;
  /** once before a run, after the setup force evaluation (LAMMPS Fix::setup) */
  setup?(e: Engine): void;
  /** before every force evaluation, after the neighbour list and ghosts are current (LAMMPS pre_force; at the
   *  setup evaluation of a run, setup is true: LAMMPS setup_pre_force) */
  preForce?(e: Engine, setup: boolean): void;
  /** first half of the step: before the neighbour check and the force call */
  initialIntegrate?(e: Engine): void;
  /** after the force call, before finalIntegrate (thermostat and constraint forces) */
  postForce?(e: Engine): void;
  /** second half of the step, after forces */
  finalIntegrate?(e: Engine): void;
  /** after the step is complete, before output */
  endOfStep?(e: Engine): void;
  /** a line for the log after a run's timing breakdown (statistics of the run's loop; `loop` its seconds) */
  runSummary?(loop: number): string | null;
  /** thermo `f_ID` */
  computeScalar?(e: Engine): number;
  /** thermo `f_ID[k]`, k from 1 to vectorLength */
  computeVector?(e: Engine, k: number): number;
  readonly vectorLength?: number;
  /** f_ID is extensive (an energy): thermo divides it by the atom count under `thermo_modify norm yes` */
  readonly extensiveScalar?: boolean;

  // Extra global degrees of freedom of a minimisation (LAMMPS Fix::min_dof, min_energy, min_store, min_step,
  // max_alpha), as fix box/relax adds the box: the minimiser moves them along its search direction with the atoms.
  /** number of extra degrees of freedom (0 or absent: none) */
  minDof?(): number;
  /** once at the start of a minimisation, before the setup force evaluation (LAMMPS Fix::init) */
  minInit?(e: Engine): void;
  /** energy of the extra dof (eV) added to the minimiser's energy; writes −∂E/∂dof into fextra */
  minEnergy?(e: Engine, fextra: Float64Array): number;
  /** remember the current dof values as the start of a line search */
  minStore?(e: Engine): void;
  /** set the dof to the stored start + alpha·hextra (alpha 0: back to the start), moving atoms with them */
  minStep?(e: Engine, alpha: number, hextra: Float64Array): void;
  /** largest alpha allowed along hextra */
  maxAlpha?(hextra: Float64Array): number;
  /** state a continued run needs (thermostat variables, accumulators), saved in restart files; undefined: none */
  writeState?(e: Engine): Float64Array | undefined;
  /** take back what writeState gave, when a fix of the same ID and style is defined after read_restart */
  readState?(state: Float64Array, where: Where): void;
  /** reorder per-atom state as the atoms were reordered (spatial sort; LAMMPS Fix::copy_arrays): atom k of the new
   *  order is the old atom perm[k] */
  permute?(perm: Int32Array): void;
}

/** What a factory gets besides the command words: the engine and the place of the `fix` command. */
export interface FixContext {
  engine: Engine;
  where: Where;
  /** print `WARNING: msg` to screen and log, as LAMMPS error->warning */
  warn: (msg: string) => void;
}

/** Build a fix from `fix ID GROUP STYLE ARGS...`: args are the words after STYLE. */
export type FixFactory = (id: string, mask: Uint8Array | null, args: string[], ctx: FixContext) => Fix;
