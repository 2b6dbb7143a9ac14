// pair_style hybrid and hybrid/overlay: several sub-styles, each computing the type pairs it was given with
// `pair_coeff I J STYLE args`; energies and forces add. Under plain hybrid a type pair may belong to one
// sub-style only (many-body sub-styles exclude NULL-mapped types themselves).

import type { Atoms } from '../system/atoms.js';
import type { Arena } from '../wasm/arena.js';
import type { Neighbor } from '../neighbor/neighbor.js';
import type { Where } from '../lammps/where.js';
import type { ComputeFlags, PairEnergy, PairFactory, PairStyle, StyleBuffers } from './pair.js';
import { EctmdError, inputError } from '../errors.js';

export class PairHybrid implements PairStyle {
  readonly name: string;
  private readonly overlay: boolean;
  private readonly factories: Record<string, PairFactory>;
  private subs: PairStyle[] = [];
  /** the sub-styles' force cutoffs at the last init */
  private cuts: number[] = [];

  constructor(overlay: boolean, factories: Record<string, PairFactory>) {
    this.overlay = overlay;
    this.name = overlay ? 'hybrid/overlay' : 'hybrid';
    this.factories = factories;
  }

  settings(args: string[], where: Where): void {
    let i = 0;
    while (i < args.length) {
      const style = args[i];
      const f = this.factories[style];
      if (!f || style.startsWith('hybrid')) {
        throw inputError(where.file, where.line, `Pair style ${this.name} cannot have ${style} as an argument`, 'a sub-style name', style);
      }
      let j = i + 1;
      while (j < args.length && !(args[j] in this.factories)) j++;
      if (this.subs.some((s) => s.name === style)) {
        throw inputError(where.file, where.line, `Unsupported pair_style ${this.name}`, 'each sub-style once', `${style} twice`);
      }
      const sub = f();
      sub.settings(args.slice(i + 1, j), where);
      this.subs.push(sub);
      i = j;
    }
    if (!this.subs.length) throw inputError(where.file, where.line, `Illegal pair_style ${this.name} command`, 'at least one sub-style', 'none');
  }

  coeff(args: string[], where: Where, atoms: Atoms): void {
    const sub = this.subs.find((s) => s.name === args[2]);
    if (!sub) throw inputError(where.file, where.line, 'Pair coeff for hybrid has invalid style', this.subs.map((s) => s.name).join(', '), String(args[2]));
    sub.coeff([args[0], args[1], ...args.slice(3)], where, atoms);
  }

  covers(i: number, j: number): boolean { return this.subs.some((s) => s.covers(i, j)); }

  /** The sub-styles, in the order of the pair_style command (LAMMPS force->pair_match looks through them). */
  get styles(): readonly PairStyle[] { return this.subs; }

  init(atoms: Atoms, where: Where, kspace?: { gEwald: number } | null): number {
    if (!this.overlay) {
      for (let i = 1; i <= atoms.ntypes; i++) for (let j = i; j <= atoms.ntypes; j++) {
        const owners = this.subs.filter((s) => s.covers(i, j));
        if (owners.length > 1) {
          throw new EctmdError(`${where.file}:${where.line}: pair_style hybrid: types ${i} ${j} are assigned to ${owners.map((s) => s.name).join(' and ')}; use hybrid/overlay to add styles`, where.file, where.line);
        }
      }
    }
    this.cuts = this.subs.map((s) => s.init(atoms, where, kspace));
    return Math.max(...this.cuts);
  }

  /** The shortest sub-style cutoff when it is shorter than the longest (its passes then walk a list of their own:
   *  Neighbor.list). */
  shortListCutoff(): number {
    const lo = Math.min(...this.cuts), hi = Math.max(...this.cuts);
    return lo < hi ? lo : 0;
  }

  extract(name: string): number | undefined {
    for (const s of this.subs) {
      const v = s.extract?.(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  buffers(): StyleBuffers {
    const own = this.subs.map((s) => s.buffers?.() ?? { atom: [], pair: [] });
    return { atom: own.flatMap((b) => b.atom), pair: own.flatMap((b) => b.pair), rank: own.flatMap((b) => b.rank ?? []),
      bands: own.flatMap((b) => b.bands ?? []) };
  }

  attach(arena: Arena): void { for (const s of this.subs) s.attach(arena); }

  setTable(n: number): void { for (const s of this.subs) s.setTable?.(n); }

  permute(perm: Int32Array): void { for (const s of this.subs) s.permute?.(perm); }

  /** The sub-styles' own states for a restart file: [sub-styles, then per sub-style its length (−1: none) and values]. */
  writeState(atoms: Atoms): Float64Array | null {
    const states = this.subs.map((s) => s.writeState?.(atoms) ?? null);
    if (states.every((x) => x === null)) return null;
    const out = new Float64Array(1 + states.reduce((n, x) => n + 1 + (x?.length ?? 0), 0));
    out[0] = this.subs.length;
    let o = 1;
    for (const x of states) {
      out[o++] = x ? x.length : -1;
      if (x) { out.set(x, o); o += x.length; }
    }
    return out;
  }

  readState(state: Float64Array, where: Where): void {
    if (state[0] !== this.subs.length) {
      throw new EctmdError(`${where.file}:${where.line}: pair_style ${this.name}: the restart file's state is for ${state[0]} sub-styles, this one has ${this.subs.length}`, where.file, where.line);
    }
    let o = 1;
    for (const s of this.subs) {
      const len = state[o++];
      if (len < 0) continue;
      s.readState?.(state.subarray(o, o + len), where);
      o += len;
    }
  }

  compute(nb: Neighbor, flags: ComputeFlags): PairEnergy {
    const e = { evdwl: 0, ecoul: 0 };
    for (const s of this.subs) {
      const r = s.compute(nb, flags);
      e.evdwl += r.evdwl;
      e.ecoul += r.ecoul;
    }
    return e;
  }
}
