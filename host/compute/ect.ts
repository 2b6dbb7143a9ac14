// Computes that read pair_style ect/eam: `compute ID all ect/weights` (per-atom array: column k is the weight of state k
// of the atom's element, in the order of the potential file; columns beyond an element's states are 0) and
// `compute ID all ect/stats` (global vector of the last weight equalisation: [1] iterations, [2] KKT residual (eV),
// [3] total charge Σq (e), [4] μ = ∂E/∂q (eV/e), [5] energy+gradient evaluations, [6] largest |Δw| since the previous
// solve, [7] the entropic term T_e Σ w ln w (eV, ≤ 0, included in pe: pe − c_ID[7] is the entropy-free energy E)).
// Both describe the last force evaluation.

import type { Engine } from '../engine/engine.js';
import type { Where } from '../lammps/where.js';
import { EctmdError, inputError } from '../errors.js';
import { PairEctEam } from '../pair/ect-eam.js';
import { PairHybrid } from '../pair/hybrid.js';
import type { Compute } from './computes.js';

/** pair_style ect/eam, alone or as a sub-style of hybrid / hybrid/overlay; null when there is none. */
function findEctPair(e: Engine): PairEctEam | null {
  if (e.pair instanceof PairEctEam) return e.pair;
  return e.pair instanceof PairHybrid ? (e.pair.styles.find((s) => s instanceof PairEctEam) as PairEctEam | undefined) ?? null : null;
}

function ectPair(e: Engine, id: string): PairEctEam {
  const pair = findEctPair(e);
  if (pair) return pair;
  throw new EctmdError(`Compute ${id} requires pair_style ect/eam (pair style is ${e.pair?.name ?? 'none'})`);
}

abstract class EctCompute implements Compute {
  abstract readonly style: string;
  peratomCols = 0;
  vectorLength = 0;
  readonly hasScalar = false;
  readonly needs = { eatom: false, vatom: false };
  constructor(readonly id: string, protected readonly mask: Uint8Array | null) {}
  peratom(_e: Engine): Float64Array[] { throw new EctmdError(`Compute ${this.id} does not calculate per-atom values`); }
  scalar(_e: Engine): number { throw new EctmdError(`Compute ${this.id} does not calculate a global scalar`); }
  vector(_e: Engine, _k: number): number { throw new EctmdError(`Compute ${this.id} does not calculate a global vector`); }
}

class EctWeights extends EctCompute {
  readonly style = 'ect/weights';
  constructor(id: string, mask: Uint8Array | null, cols: number) { super(id, mask); this.peratomCols = cols; }
  peratom(e: Engine): Float64Array[] {
    const pair = ectPair(e, this.id), layout = pair.weightLayout(), w = pair.weights;
    if (!layout || !w) throw new EctmdError(`Compute ${this.id}: no weights yet (compute ect/weights is read after a run or minimize has evaluated forces)`);
    const n = e.atoms.n;
    const cols = Array.from({ length: this.peratomCols }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      if (this.mask && !this.mask[i]) continue;
      for (let s = layout.offsets[i], k = 0; s < layout.offsets[i + 1]; s++, k++) cols[k][i] = w[s];
    }
    return cols;
  }
}

class EctStats extends EctCompute {
  readonly style = 'ect/stats';
  vectorLength = 7;
  readonly extensive = { scalar: false, vector: false };
  vector(e: Engine, k: number): number {
    const s = ectPair(e, this.id).stats;
    return [s.iterations, s.residual, s.charge, s.mu, s.evaluations, s.maxJump, s.entropic][k - 1];
  }
}

export function createEctCompute(id: string, style: 'ect/weights' | 'ect/stats', mask: Uint8Array | null, args: string[], where: Where, engine: Engine): Compute {
  if (args.length) throw inputError(where.file, where.line, `Illegal compute ${style} command`, 'no arguments', args.join(' '));
  const pair = findEctPair(engine);
  if (!pair) throw inputError(where.file, where.line, `Compute ${style} requires pair_style ect/eam`, 'pair_style ect/eam (alone or under hybrid) and pair_coeff before the compute', engine.pair?.name ?? 'no pair style');
  if (style === 'ect/stats') return new EctStats(id, mask);
  const cols = pair.maxStates();
  if (cols === 0) throw inputError(where.file, where.line, 'Compute ect/weights requires pair coefficients', 'pair_coeff before the compute', 'none');
  return new EctWeights(id, mask, cols);
}
