// The pair-style contract, after LAMMPS's Pair lifecycle: settings (pair_style args) → coeff (pair_coeff, reads
// files) → init (validates, returns the force cutoff) → attach (uploads tables into kernel memory) → compute.

import type { Atoms } from '../system/atoms.js';
import type { Arena } from '../wasm/arena.js';
import type { Neighbor } from '../neighbor/neighbor.js';
import type { Where } from '../lammps/where.js';

export interface ComputeFlags {
  /** global energy wanted */
  eflag: boolean;
  /** per-atom energy into arena buffer 'eatom' (nall) */
  eatom: boolean;
  /** per-atom virial into arena buffer 'vatom' (6 * nall) */
  vatom: boolean;
}

export interface PairEnergy {
  evdwl: number;
  ecoul: number;
}

export interface PairStyle {
  readonly name: string;
  settings(args: string[], where: Where): void;
  coeff(args: string[], where: Where, atoms: Atoms): void;
  /** Check that every type has coefficients; returns the force cutoff (Å). */
  init(atoms: Atoms, where: Where): number;
  /** Bind to kernel memory (tables are uploaded now and after every re-layout). */
  attach(arena: Arena): void;
  /** Forces on owned and ghost atoms into arena 'f' (zeroed here); the caller folds ghosts and computes the virial. */
  compute(nb: Neighbor, flags: ComputeFlags): PairEnergy;
}

export type PairFactory = () => PairStyle;
