// fix langevin (LAMMPS src/fix_langevin.cpp, Schneider & Stoll, PRB 17, 1302 (1978)): adds a drag −m·v/damp and a
// uniform random force of variance 24·kB·T·m/(damp·dt) per component to the atoms of the group after the force call;
// with `zero yes` the random forces of the group sum to zero. Integration is left to another fix (nve).

import { inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import type { Engine } from '../engine/engine.js';
import type { Where } from '../lammps/where.js';
import { RanPark } from '../random/park.js';
import { METAL } from '../system/units.js';
import type { Fix, FixFactory } from './fix.js';

export class FixLangevin implements Fix {
  readonly style = 'langevin';
  private readonly random: RanPark;
  /** per-type ratio dividing the damping (LAMMPS `scale`) */
  private readonly ratio: Float64Array;

  constructor(readonly id: string, readonly mask: Uint8Array | null, private readonly tStart: number, private readonly tStop: number,
    private readonly damp: number, seed: number, private readonly zero: boolean, ratio: Float64Array) {
    this.random = new RanPark(seed);
    this.ratio = ratio;
  }

  /** forces after the last Langevin step, from a restart file: a run resumed part-way (--resume) starts from them */
  private restoredForces: Float64Array | null = null;

  /** LAMMPS applies the forces once at setup as well, so the first half-step already feels them; a resumed run
   *  instead takes the forces of the step it was saved at, so it continues the uninterrupted run bit for bit. */
  setup(e: Engine): void {
    const saved = this.restoredForces;
    this.restoredForces = null;
    if (saved && e.runBegin !== e.step && saved.length === 3 * e.atoms.n) e.atoms.f.set(saved);
    else this.postForce(e);
  }

  postForce(e: Engine): void {
    const { v, f, type, mass, n } = e.atoms, mask = this.mask, { boltz, mvv2e, ftm2v } = METAL;
    const tsqrt = Math.sqrt(this.tStart + e.runFraction() * (this.tStop - this.tStart));
    const ntypes = e.atoms.ntypes, g1 = new Float64Array(ntypes + 1), g2 = new Float64Array(ntypes + 1);
    for (let t = 1; t <= ntypes; t++) {
      g1[t] = -mass[t] / this.damp / ftm2v / this.ratio[t];
      g2[t] = Math.sqrt(mass[t]) * Math.sqrt(24.0 * boltz / this.damp / e.dt / mvv2e) / ftm2v / Math.sqrt(this.ratio[t]) * tsqrt;
    }
    const rnd = this.random;
    let sx = 0, sy = 0, sz = 0, count = 0;
    for (let i = 0; i < n; i++) {
      if (mask && !mask[i]) continue;
      const t = type[i], k = 3 * i;
      const fx = g2[t] * (rnd.uniform() - 0.5), fy = g2[t] * (rnd.uniform() - 0.5), fz = g2[t] * (rnd.uniform() - 0.5);
      f[k] += g1[t] * v[k] + fx; f[k + 1] += g1[t] * v[k + 1] + fy; f[k + 2] += g1[t] * v[k + 2] + fz;
      sx += fx; sy += fy; sz += fz; count++;
    }
    if (this.zero && count > 0) {
      sx /= count; sy /= count; sz /= count;
      for (let i = 0; i < n; i++) {
        if (mask && !mask[i]) continue;
        f[3 * i] -= sx; f[3 * i + 1] -= sy; f[3 * i + 2] -= sz;
      }
    }
  }

  /** The generator's state and the forces of this step (with the Langevin terms), so a restarted run continues the
   *  same random sequence and a resumed one starts from the same forces. */
  writeState(e: Engine): Float64Array {
    const n = e.atoms.n, out = new Float64Array(1 + 3 * n);
    out[0] = this.random.state();
    out.set(e.atoms.f.subarray(0, 3 * n), 1);
    return out;
  }

  readState(state: Float64Array, where: Where): void {
    if (state.length < 1 || (state.length - 1) % 3 !== 0) throw inputError(where.file, where.line, `Restart state of fix langevin ${this.id} is malformed`, 'the generator state and 3 force components per atom', `${state.length} values`);
    this.random.resetSeed(state[0]);
    this.restoredForces = state.slice(1);
  }
}

/** `fix ID GROUP langevin Tstart Tstop damp seed [zero yes|no] [scale type ratio]... [tally no]` */
export const createFixLangevin: FixFactory = (id, mask, args, { engine, where }) => {
  const ILLEGAL = 'Illegal fix langevin command';
  const bad = (expected: string, found: string) => inputError(where.file, where.line, ILLEGAL, expected, found);
  if (args.length < 4) throw bad('fix ID GROUP langevin Tstart Tstop damp seed [keyword value ...]', args.join(' ') || 'no arguments');
  const num = (k: number, what: string) => parseFiniteFloat(args[k], where.file, where.line, `fix langevin ${what}`);
  const tStart = num(0, 'Tstart'), tStop = num(1, 'Tstop'), damp = num(2, 'damp');
  const seed = parseInteger(args[3], where.file, where.line, 'fix langevin seed');
  if (tStart < 0 || tStop < 0) throw bad('Tstart >= 0 and Tstop >= 0', `${args[0]} ${args[1]}`);
  if (!(damp > 0)) throw bad('damp > 0', args[2]);
  if (seed <= 0) throw bad('seed > 0', args[3]);
  engine.requireBox(where, 'Fix langevin');
  const ratio = new Float64Array(engine.atoms.ntypes + 1).fill(1);
  let zero = false;
  for (let k = 4; k < args.length;) {
    const kw = args[k], val = args[k + 1];
    if (val === undefined) throw bad(`a value after ${kw}`, 'end of line');
    if (kw === 'zero' || kw === 'tally') {
      if (val !== 'yes' && val !== 'no') throw bad(`${kw} yes or no`, val);
      if (kw === 'tally' && val === 'yes') throw bad('tally no (energy tallying is not supported)', 'tally yes');
      if (kw === 'zero') zero = val === 'yes';
      k += 2;
    } else if (kw === 'scale') {
      const t = parseInteger(val, where.file, where.line, 'fix langevin scale type');
      if (t < 1 || t > engine.atoms.ntypes) throw bad(`scale type in 1..${engine.atoms.ntypes}`, val);
      ratio[t] = num(k + 2, 'scale ratio');
      if (!(ratio[t] > 0)) throw bad('scale ratio > 0', String(args[k + 2]));
      k += 3;
    } else throw bad('a keyword zero, scale or tally (angmom, omega and gjf are not supported)', kw);
  }
  return new FixLangevin(id, mask, tStart, tStop, damp, seed, zero, ratio);
};
