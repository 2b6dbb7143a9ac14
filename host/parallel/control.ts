// The control block a team shares (one SharedArrayBuffer): barrier counters, the current command, its arguments
// (f64: pointers and sizes) and per-rank results, room for a failing worker's message, and the ranks' phase timers
// (`timer full`).

/** Command slots of each rank's row of phase timers (Cmd values are below it). */
export const TIMER_SLOTS = 64;
export const TIMES_OFFSET = 16384; // f64 times[rank · TIMER_SLOTS + cmd]: seconds of the rank's own shares (timer full)

/** Int32 slots */
export const EPOCH = 0;   // bumped by rank 0 for every command
export const DONE = 1;    // workers that finished the current command
export const FAILED = 2;  // 1 + rank of a worker whose command threw (0: none)
export const CMD = 3;     // the command (Cmd)
export const READY = 4;   // workers that have instantiated the kernel and entered their loop
export const LIST_BYTES = 5; // rank 0's skin-list entry width (kernel list_entry_bytes), set with every command
export const TIMING = 6;  // 1 while the ranks time their shares of the commands into the phase timers (timer full)

export const ARGS_OFFSET = 64;      // f64 args[0..255]
export const NARGS = 256;
export const RESULTS_OFFSET = 64 + 8 * 256; // f64 results[rank]
export const MAX_RANKS = 64;
export const CONTROL_BYTES = TIMES_OFFSET + 8 * MAX_RANKS * TIMER_SLOTS;
export const MESSAGE_OFFSET = 8192; // utf-8 error message
export const MESSAGE_BYTES = TIMES_OFFSET - MESSAGE_OFFSET;

/** Milliseconds a rank spins on the control block before it sleeps in Atomics.wait (spinMillis): phases follow each
 *  other within microseconds, while a sleeping thread of this VM took tens of microseconds to wake (in.streitz.wolf on
 *  2 workers: with 2,000 spins, about 2 µs, the worker slept in 2,400–2,600 of its 14,083 rounds, and rank 0 waited
 *  73–98 ms in its cheapest phase, the fold; spinning 200,000 times it slept 7 times and that wait fell to 15 ms;
 *  spinning 0.5 ms it slept 229 times). With a core per rank the workers also spin through rank 0's serial stretches
 *  (making the ghosts, a thermo row: 0.3–1 ms at 32,000 atoms) instead of sleeping through them: in.eam on 2 workers
 *  took 10.1 ± 3.1 ms less per 100 steps spinning 3 ms than 0.5 ms (40 alternating pairs, 2026-12-07 09:08 UTC). With
 *  more workers than cores a spinning rank holds a core another rank could use (3 workers on 2 cores: 5.0 s spinning
 *  3 ms against 1.75 s spinning 0.5 ms), so such a team spins briefly. */
export const SPIN_MS_OWN_CORE = 3, SPIN_MS_SHARED_CORE = 0.5;

/** How long the ranks of a team of `ranks` spin before they sleep, on a machine with `cores` (availableParallelism). */
export function spinMillis(ranks: number, cores: number): number {
  return ranks <= cores ? SPIN_MS_OWN_CORE : SPIN_MS_SHARED_CORE;
}

/** The start of rank r's share of `count` items split evenly over `ranks` (r = ranks: the end): the slices of the
 *  even-slice phases (phases.ts) and the ranks' first atom ranges and list shares of a neighbour build. */
export function shareStart(count: number, r: number, ranks: number): number {
  return Math.floor(count * r / ranks);
}

/** Bytes of each rank's block in kernel buffer 'sums' (the neighbour build sizes it): up to eight f64 sums of a phase
 *  that reduces (the f·r virial, fix qeq/slater's CG), added afterwards in rank order (addRankSums). */
export const SUMS_BYTES = 64;

/** Argument slots shared by several commands. */
export const A_PER_RANK = 16;  // args[16 + r]: a per-rank pointer (private accumulator)
export const A_BOUNDS = 96;    // args[96 + r], r = 0..W: atom-range bounds of the ranks
export const A_CAPACITY = 168; // args[168 + r]: a per-rank capacity (entries of the rank's share of the list buffer)
export const A_PER_RANK2 = A_CAPACITY; // args[168 + r]: a second per-rank pointer (commands other than BuildList)

/** Which rows of its range a rank walks in a scatter pass (Cmd.Density, Cmd.Force): all of them into a whole accumulator
 *  of its own, or by bands (host/neighbor/bands.ts) the rows after its head, then its head. */
export const PART_WHOLE = 0, PART_BODY = 1, PART_HEAD = 2;

/** The commands (a plain enum: `timer full` prints their names). */
export enum Cmd {
  Quit = 1, Density = 2, Fold = 3,
  /** EAM: the ghosts' ρ onto the owners of an even slice of the owned atoms, their F′(ρ), and F′ to their ghosts */
  EmbedFold = 4,
  Force = 5, Fail = 6, BuildList = 7,
  /** coul/streitz energy and forces of the rank's atoms (Wolf or Ewald real space) */
  Coul = 9,
  /** fix qeq/slater matrix rows and core field of the rank's atoms */
  QeqMatrix = 10,
  /** y = H·v over the rank's matrix rows */
  QeqMatvec = 11,
  /** coul/streitz energy as a quadratic form (fix qeq/ensemble) over the rank's atoms */
  Hessian = 12,
  /** y = H·v for two interleaved vectors over the rank's matrix rows */
  QeqMatvec2 = 13,
  /** kspace_style ewald: reciprocal sums of the rank's share of the k-vectors over all atoms */
  Ewald = 14,
  /** pair_style ect/eam forces of the rank's atoms at fixed weights */
  EctForce = 15,
  /** pair_style ect/eam ρ̄ of the rank's atoms' pairs */
  EctDensity = 16,
  /** pair_style ect/eam per-atom terms (embedding, q, F̄′, self term) of an even slice of the atoms */
  EctEmbed = 17,
  /** pair_style ect/eam pair terms of the rank's atoms: V and ∂E/∂w into the rank's accumulators */
  EctPairs = 18,
  /** pair_style ect/eam q_M V_i of ∂E/∂w over an even slice of the atoms */
  EctLrGrad = 19,
  /** pair_style ect/eam short lists, distances and long-range kernel of the rank's atoms' rows */
  EctGather = 20,
  /** fix nve's first half step over an even slice of the atoms */
  NveInitial = 21,
  /** fix nve's second half step over an even slice of the atoms */
  NveFinal = 22,
  /** zero an even slice of an f64 buffer */
  Zero = 23,
  /** Σ x⊗f of an even slice of the owned atoms and of their ghosts into the rank's six sums (when asked), then those
   *  ghosts' forces onto their owners (virial_fold, or ghost_fold_owners alone) */
  VirialFold = 24,
  /** ghost positions from their owners' for an even slice of the ghosts */
  GhostPositions = 25,
  /** the neighbour-list trigger check (moved_beyond) over an even slice of the atoms */
  Moved = 26,
  /** fix qeq/slater's CG over an even slice of the atoms: r = b − q, d = r·m and the sums |b|², r·d */
  CgStart = 28,
  /** fix qeq/slater's CG: d·q over an even slice */
  CgDot = 29,
  /** fix qeq/slater's CG: x, r, p and the sum r·p over an even slice */
  CgUpdate = 30,
  /** fix qeq/slater's CG: d = p + βd over an even slice */
  CgDirection = 31,
  /** the bounding box of an even slice of the owned + ghost atoms into the rank's block of sums (min x, y, z, max) */
  Bounds = 32,
  /** the bins of an even slice of the owned + ghost atoms, and the rank's count per bin (bin_count) */
  BinCount = 33,
  /** an even slice of the atoms into the bins at the rank's cursors (bin_place) */
  BinPlace = 34,
  /** the periodic images along one direction of an even slice of the atoms so far (ghost_count; first their fractional
   *  coordinates, ghost_frac, in the first direction) */
  GhostCount = 35,
  /** those images made ghosts from the rank's first ghost on, with their shifts (ghost_add, ghost_shifts) */
  GhostPlace = 36,
}

export interface ControlViews { i32: Int32Array; args: Float64Array; results: Float64Array; message: Uint8Array; times: Float64Array }

export function controlViews(buffer: SharedArrayBuffer): ControlViews {
  return {
    i32: new Int32Array(buffer, 0, 16),
    args: new Float64Array(buffer, ARGS_OFFSET, NARGS),
    results: new Float64Array(buffer, RESULTS_OFFSET, MAX_RANKS),
    message: new Uint8Array(buffer, MESSAGE_OFFSET, MESSAGE_BYTES),
    times: new Float64Array(buffer, TIMES_OFFSET, MAX_RANKS * TIMER_SLOTS),
  };
}
