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
  /** once before a run, after the setup force evaluation (LAMMPS Fix::setup) */
  setup?(e: Engine): void;
  /** first half of the step: before the neighbour check and the force call */
  initialIntegrate?(e: Engine): void;
  /** after the force call, before finalIntegrate (thermostat and constraint forces) */
  postForce?(e: Engine): void;
  /** second half of the step, after forces */
  finalIntegrate?(e: Engine): void;
  /** after the step is complete, before output */
  endOfStep?(e: Engine): void;
  /** thermo `f_ID` */
  computeScalar?(e: Engine): number;
  /** state a continued run needs (thermostat variables, accumulators), saved in restart files; undefined: none */
  writeState?(): Float64Array | undefined;
  /** take back what writeState gave, when a fix of the same ID and style is defined after read_restart */
  readState?(state: Float64Array, where: Where): void;
}

/** What a factory gets besides the command words: the engine and the place of the `fix` command. */
export interface FixContext {
  engine: Engine;
  where: Where;
}

/** Build a fix from `fix ID GROUP STYLE ARGS...`: args are the words after STYLE. */
export type FixFactory = (id: string, mask: Uint8Array | null, args: string[], ctx: FixContext) => Fix;
