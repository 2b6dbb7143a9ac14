// Global reductions of weight equalisation (physics.md §4.6: "one global MPI_Allreduce of a scalar per bisection
// step"). Every sum or maximum over all atoms that a solver step needs goes through a Reducer, so a multi-worker
// version — each worker holding the partial value of its atom range — replaces exactly these calls with its
// barrier-and-combine; the single-thread Reducer returns its argument and counts the calls.

export interface Reducer {
  /** the global sum of every worker's partial sum */
  sum(partial: number): number;
  /** the global maximum of every worker's partial maximum */
  max(partial: number): number;
  /** reductions so far (each one synchronisation of all workers) */
  readonly count: number;
}

/** One worker: the partial value is the global value. */
export class LocalReducer implements Reducer {
  count = 0;
  sum(partial: number): number { this.count++; return partial; }
  max(partial: number): number { this.count++; return partial; }
}
