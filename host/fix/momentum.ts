// fix momentum (LAMMPS src/fix_momentum.cpp): every N steps, at the end of the step, remove the group's centre-of-mass
// velocity (per chosen component) and/or its rigid rotation about the centre of mass; `rescale` then restores the
// kinetic energy the group had before.

import { inputError, parseInteger } from '../errors.js';
import type { Engine } from '../engine/engine.js';
import type { Where } from '../lammps/where.js';
import { zeroMomentum, zeroRotation } from '../system/velocity.js';
import type { Fix, FixFactory } from './fix.js';

export class FixMomentum implements Fix {
  readonly style = 'momentum';
  constructor(readonly id: string, readonly mask: Uint8Array | null, private readonly every: number,
    private readonly linear: [boolean, boolean, boolean] | null, private readonly angular: boolean, private readonly rescale: boolean,
    private readonly where: Where) {}

  /** Σ m v² of the group (twice the kinetic energy, mass units). */
  private mvv(e: Engine): number {
    const { v, type, mass, n } = e.atoms, mask = this.mask;
    let ke = 0;
    for (let i = 0; i < n; i++) {
      if (mask && !mask[i]) continue;
      ke += mass[type[i]] * (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]);
    }
    return ke;
  }

  endOfStep(e: Engine): void {
    if (e.step % this.every !== 0) return;
    const atoms = e.atoms, mask = this.mask, v = atoms.v;
    const before = this.rescale ? this.mvv(e) : 0;
    if (this.linear) {
      const keep = this.linear.map((on) => !on);
      const old = keep.some((k) => k) ? v.slice(0, 3 * atoms.n) : null;
      zeroMomentum(atoms, mask, this.where);
      if (old) for (let i = 0; i < atoms.n; i++) for (let d = 0; d < 3; d++) if (keep[d]) v[3 * i + d] = old[3 * i + d];
    }
    if (this.angular) zeroRotation(atoms, e.box!, mask, this.where, 'fix momentum angular');
    if (this.rescale) {
      const after = this.mvv(e);
      const factor = after !== 0 ? Math.sqrt(before / after) : 1;
      for (let i = 0; i < atoms.n; i++) {
        if (mask && !mask[i]) continue;
        v[3 * i] *= factor; v[3 * i + 1] *= factor; v[3 * i + 2] *= factor;
      }
    }
  }
}

/** `fix ID GROUP momentum N [linear xflag yflag zflag] [angular] [rescale]` */
export const createFixMomentum: FixFactory = (id, mask, args, { where }) => {
  const bad = (expected: string, found: string) => inputError(where.file, where.line, 'Illegal fix momentum command', expected, found);
  if (args.length < 1) throw bad('fix ID GROUP momentum N [linear xflag yflag zflag] [angular] [rescale]', 'no arguments');
  const every = parseInteger(args[0], where.file, where.line, 'fix momentum N');
  if (every <= 0) throw bad('N > 0', args[0]);
  let linear: [boolean, boolean, boolean] | null = null, angular = false, rescale = false;
  for (let k = 1; k < args.length;) {
    const kw = args[k];
    if (kw === 'linear') {
      const flags = args.slice(k + 1, k + 4);
      if (flags.length < 3 || flags.some((f) => f !== '0' && f !== '1')) throw bad('linear xflag yflag zflag, each 0 or 1', args.slice(k).join(' '));
      linear = [flags[0] === '1', flags[1] === '1', flags[2] === '1'];
      k += 4;
    } else if (kw === 'angular') { angular = true; k++; }
    else if (kw === 'rescale') { rescale = true; k++; }
    else throw bad('a keyword linear, angular or rescale', kw);
  }
  if (!linear && !angular) throw bad('linear and/or angular', args.join(' '));
  return new FixMomentum(id, mask, every, linear, angular, rescale, where);
};
