// The computes of LAMMPS this engine supports: pe/atom, stress/atom (stress × volume in bar·Å³, sign of a
// stress, kinetic + virial parts), property/atom, reduce (sum min max ave of per-atom inputs), and the global
// temp, ke, msd and rdf (host/compute/global.ts).

import type { Engine } from '../engine/engine.js';
import type { Where } from '../lammps/where.js';
import { METAL } from '../system/units.js';
import { EctmdError, inputError } from '../errors.js';
import { atomValues, isAtomValue } from './atom-values.js';
import { createGlobalCompute } from './global.js';
import { createEctCompute } from './ect.js';

export interface Compute {
  readonly id: string;
  readonly style: string;
  /** per-atom columns (0 = not per-atom) */
  readonly peratomCols: number;
  /** global vector length (0 = scalar or none) */
  readonly vectorLength: number;
  /** which global values are extensive (divided by the atom count in thermo under `thermo_modify norm yes`) */
  readonly extensive?: { scalar: boolean; vector: boolean };
  /** global array rows and columns (0 = none) */
  readonly arrayRows?: number;
  readonly arrayCols?: number;
  readonly hasScalar: boolean;
  /** per-atom tallies it needs from the pair style */
  readonly needs: { eatom: boolean; vatom: boolean };
  peratom(engine: Engine): Float64Array[];
  scalar(engine: Engine): number;
  vector(engine: Engine, k: number): number;
  /** global array element, row i and column j counted from 1 */
  array?(engine: Engine, i: number, j: number): number;
  /** reorder per-atom state as the atoms were reordered (spatial sort): atom k of the new order is the old perm[k] */
  permute?(perm: Int32Array): void;
}

export type ComputeLookup = (id: string) => Compute | undefined;

abstract class Base implements Compute {
  readonly id: string;
  abstract readonly style: string;
  peratomCols = 0;
  vectorLength = 0;
  hasScalar = false;
  get needs(): { eatom: boolean; vatom: boolean } { return { eatom: false, vatom: false }; }
  protected mask: Uint8Array | null;
  constructor(id: string, mask: Uint8Array | null) { this.id = id; this.mask = mask; }
  protected masked(cols: Float64Array[]): Float64Array[] {
    if (this.mask) for (const c of cols) for (let i = 0; i < c.length; i++) if (!this.mask[i]) c[i] = 0;
    return cols;
  }
  peratom(_e: Engine): Float64Array[] { throw new EctmdError(`Compute ${this.id} does not calculate per-atom values`); }
  scalar(_e: Engine): number { throw new EctmdError(`Compute ${this.id} does not calculate a global scalar`); }
  vector(_e: Engine, _k: number): number { throw new EctmdError(`Compute ${this.id} does not calculate a global vector`); }
}

class PeAtom extends Base {
  readonly style = 'pe/atom';
  peratomCols = 1;
  get needs() { return { eatom: true, vatom: false }; }
  peratom(e: Engine): Float64Array[] {
    if (!e.eatom) throw new EctmdError(`Compute pe/atom ${this.id}: energy was not tallied on needed timestep ${e.step}`);
    return this.masked([e.eatom.slice()]);
  }
}

class StressAtom extends Base {
  readonly style = 'stress/atom';
  peratomCols = 6;
  get needs() { return { eatom: false, vatom: true }; }
  private ke: boolean;
  private virial: boolean;
  constructor(id: string, mask: Uint8Array | null, ke: boolean, virial: boolean) { super(id, mask); this.ke = ke; this.virial = virial; }
  peratom(e: Engine): Float64Array[] {
    if (!e.vatom) throw new EctmdError(`Compute stress/atom ${this.id}: virial was not tallied on needed timestep ${e.step}`);
    const a = e.atoms, n = a.n, cols = Array.from({ length: 6 }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const m = a.mass[a.type[i]] * METAL.mvv2e;
      const vx = a.v[3 * i], vy = a.v[3 * i + 1], vz = a.v[3 * i + 2];
      const kin = [vx * vx, vy * vy, vz * vz, vx * vy, vx * vz, vy * vz];
      for (let c = 0; c < 6; c++) {
        const s = (this.virial ? e.vatom[6 * i + c] : 0) + (this.ke ? m * kin[c] : 0);
        cols[c][i] = -s * METAL.nktv2p;
      }
    }
    return this.masked(cols);
  }
}

class PropertyAtom extends Base {
  readonly style = 'property/atom';
  private names: string[];
  constructor(id: string, mask: Uint8Array | null, names: string[]) { super(id, mask); this.names = names; this.peratomCols = names.length; }
  peratom(e: Engine): Float64Array[] { return this.masked(this.names.map((n) => atomValues(e, n))); }
}

type Input = { kind: 'atom'; name: string } | { kind: 'compute'; id: string; col: number };

class Reduce extends Base {
  readonly style = 'reduce';
  private mode: 'sum' | 'min' | 'max' | 'ave';
  private inputs: Input[];
  private lookup: ComputeLookup;
  constructor(id: string, mask: Uint8Array | null, mode: Reduce['mode'], inputs: Input[], lookup: ComputeLookup) {
    super(id, mask);
    this.mode = mode; this.inputs = inputs; this.lookup = lookup;
    this.hasScalar = inputs.length === 1;
    this.vectorLength = inputs.length > 1 ? inputs.length : 0;
  }
  get needs() {
    const n = { eatom: false, vatom: false };
    for (const inp of this.inputs) if (inp.kind === 'compute') {
      const c = this.lookup(inp.id);
      if (c) { n.eatom ||= c.needs.eatom; n.vatom ||= c.needs.vatom; }
    }
    return n;
  }
  private reduce(e: Engine, inp: Input): number {
    let vals: Float64Array;
    if (inp.kind === 'atom') vals = atomValues(e, inp.name);
    else {
      const c = this.lookup(inp.id);
      if (!c) throw new EctmdError(`Compute ID ${inp.id} for compute reduce ${this.id} does not exist`);
      vals = c.peratom(e)[inp.col];
    }
    let acc = this.mode === 'min' ? Infinity : this.mode === 'max' ? -Infinity : 0;
    let count = 0;
    for (let i = 0; i < vals.length; i++) {
      if (this.mask && !this.mask[i]) continue;
      count++;
      const v = vals[i];
      if (this.mode === 'min') acc = Math.min(acc, v);
      else if (this.mode === 'max') acc = Math.max(acc, v);
      else acc += v;
    }
    return this.mode === 'ave' ? (count ? acc / count : 0) : acc;
  }
  scalar(e: Engine): number { return this.reduce(e, this.inputs[0]); }
  vector(e: Engine, k: number): number {
    if (k < 1 || k > this.inputs.length) throw new EctmdError(`Compute reduce ${this.id} vector index ${k} out of range 1..${this.inputs.length}`);
    return this.reduce(e, this.inputs[k - 1]);
  }
}

/** `compute ID GROUP STYLE ARGS…` — args after the style word. */
export function createCompute(id: string, style: string, mask: Uint8Array | null, args: string[], where: Where,
  lookup: ComputeLookup, engine: Engine): Compute {
  switch (style) {
    case 'temp': case 'ke': case 'msd': case 'rdf':
      return createGlobalCompute(id, style, mask, args, where, engine);
    case 'ect/weights': case 'ect/stats':
      return createEctCompute(id, style, mask, args, where, engine);
    case 'pe/atom':
      if (args.some((a) => a !== 'pair')) throw inputError(where.file, where.line, 'Illegal compute pe/atom command', "no keywords or 'pair'", args.join(' '));
      return new PeAtom(id, mask);
    case 'stress/atom': {
      if (args.length < 1) throw inputError(where.file, where.line, 'Illegal compute stress/atom command', 'a temperature compute ID or NULL', 'nothing');
      const kw = args.slice(1);
      for (const k of kw) if (!['ke', 'pair', 'virial'].includes(k)) throw inputError(where.file, where.line, 'Illegal compute stress/atom command', 'keywords ke pair virial', k);
      const all = kw.length === 0;
      return new StressAtom(id, mask, all || kw.includes('ke'), all || kw.includes('pair') || kw.includes('virial'));
    }
    case 'property/atom': {
      if (args.length < 1) throw inputError(where.file, where.line, 'Illegal compute property/atom command', 'at least one attribute', 'none');
      for (const a of args) if (!isAtomValue(a)) throw inputError(where.file, where.line, 'Invalid keyword in compute property/atom command', 'an atom attribute (id type mass x y z xs ys zs xu yu zu ix iy iz vx vy vz fx fy fz q)', a);
      return new PropertyAtom(id, mask, args);
    }
    case 'reduce': {
      const mode = args[0];
      if (!['sum', 'min', 'max', 'ave'].includes(mode)) throw inputError(where.file, where.line, 'Illegal compute reduce command', 'mode sum, min, max or ave', String(mode));
      const inputs: Input[] = [];
      for (const a of args.slice(1)) {
        const m = /^c_([^[\]]+)(?:\[(\d+)\])?$/.exec(a);
        if (m) {
          const c = lookup(m[1]);
          if (!c) throw inputError(where.file, where.line, 'Compute ID for compute reduce does not exist', 'an existing compute', m[1]);
          const col = m[2] ? Number(m[2]) - 1 : 0;
          if (c.peratomCols === 0 || col < 0 || col >= c.peratomCols || (!m[2] && c.peratomCols > 1)) {
            throw inputError(where.file, where.line, 'Compute reduce compute does not calculate a per-atom vector/array column', `c_${m[1]} with a column in 1..${c.peratomCols}`, a);
          }
          inputs.push({ kind: 'compute', id: m[1], col });
        } else if (isAtomValue(a)) inputs.push({ kind: 'atom', name: a });
        else throw inputError(where.file, where.line, 'Illegal compute reduce command', 'c_ID, c_ID[N] or an atom attribute', a);
      }
      if (!inputs.length) throw inputError(where.file, where.line, 'Illegal compute reduce command', 'at least one input', 'none');
      return new Reduce(id, mask, mode as Reduce['mode'], inputs, lookup);
    }
    default:
      throw inputError(where.file, where.line, 'Unrecognized compute style', 'pe/atom, stress/atom, property/atom, reduce, temp, ke, msd, rdf, ect/weights or ect/stats', style);
  }
}
