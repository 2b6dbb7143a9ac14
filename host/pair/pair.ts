// The pair-style contract, after LAMMPS's Pair lifecycle: settings (pair_style args) → coeff (pair_coeff, reads
// files) → init (validates, returns the force cutoff) → attach (uploads tables into kernel memory) → compute.

import type { Atoms } from '../system/atoms.js';
import type { Arena } from '../wasm/arena.js';
import type { Neighbor } from '../neighbor/neighbor.js';
import type { Where } from '../lammps/where.js';
import { EctmdError } from '../errors.js';

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

/** What PairStyle.buffers() asks the neighbour build to size. */
export interface StyleBuffers {
  atom: string[];
  pair: string[];
  rank?: Array<[string, number]>;
  bands?: Array<[string, number]>;
}

export interface PairStyle {
  readonly name: string;
  settings(args: string[], where: Where): void;
  coeff(args: string[], where: Where, atoms: Atoms): void;
  /** Whether coefficients for the type pair (i, j) are set (LAMMPS setflag). */
  covers(i: number, j: number): boolean;
  /** Prepare for a run; returns the force cutoff (Å). `kspace` is the long-range solver, already initialised
   *  (LAMMPS inits kspace before the pair, which reads its g_ewald). */
  init(atoms: Atoms, where: Where, kspace?: { gEwald: number } | null): number;
  /** LAMMPS Pair::extract for the values ectmd's kspace and fixes read ('cut_coul'); undefined when not provided. */
  extract?(name: string): number | undefined;
  /** `pair_modify table N`: N = 0 evaluates the closed forms, N > 0 tabulated functions (styles without tables
   *  ignore it, as LAMMPS's do) */
  setTable?(n: number): void;
  /** a force cutoff shorter than init's for which some of the style's passes want a list of their own (hybrid: its
   *  shortest sub-style), or 0 */
  shortListCutoff?(): number;
  /** Kernel buffers the style needs beyond the EAM set, sized by the neighbour list at every build: f64 per atom
   *  (owned + ghost), f64 per skin-list pair, per-rank accumulators of a worker team (name, f64 per atom), and the
   *  accumulators of passes the team shares by bands (host/neighbor/bands.ts: name, f64 per atom). */
  buffers?(): StyleBuffers;
  /** Bind to kernel memory (tables are uploaded now and after every re-layout). */
  attach(arena: Arena): void;
  /** Adds forces on owned and ghost atoms to arena 'f' (zeroed by the caller, who also folds ghosts and
   *  computes the virial). */
  compute(nb: Neighbor, flags: ComputeFlags): PairEnergy;
  /** reorder per-atom state kept between evaluations (ECT-EAM weights) as the atoms were reordered (spatial sort):
   *  atom k of the new order is the old atom perm[k] */
  permute?(perm: Int32Array): void;
  /** per-atom state kept between evaluations (ECT-EAM weights), in the atoms' order, for a restart file; null when
   *  there is none for these atoms (docs/restart-format.md) */
  writeState?(atoms: Atoms): Float64Array | null;
  /** take back writeState's state after read_restart / --resume (the atoms are in the order it was written in) */
  readState?(state: Float64Array, where: Where): void;
}

export type PairFactory = () => PairStyle;

/** LAMMPS Pair::init check: every type pair needs coefficients ("All pair coeffs are not set"). */
export function checkCoverage(pair: PairStyle, ntypes: number, where: Where): void {
  for (let i = 1; i <= ntypes; i++) {
    for (let j = i; j <= ntypes; j++) {
      if (!pair.covers(i, j)) {
        throw new EctmdError(`${where.file}:${where.line}: All pair coeffs are not set: no pair_coeff covers types ${i} ${j} (pair_style ${pair.name})`, where.file, where.line);
      }
    }
  }
}
