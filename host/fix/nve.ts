// fix nve: velocity-Verlet (LAMMPS fix_nve.cpp): v += dtf·f/m, x += dtv·v before the force call; v += dtf·f/m after.

import { inputError } from '../errors.js';
import type { Engine } from '../engine/engine.js';
import { METAL } from '../system/units.js';
import type { Fix, FixFactory } from './fix.js';

export class FixNve implements Fix {
  readonly style = 'nve';
  constructor(readonly id: string, readonly mask: Uint8Array | null) {}

  initialIntegrate(e: Engine): void {
    const { x, v, f, type, mass, n } = e.atoms;
    const dt = e.dt, dtf = 0.5 * dt * METAL.ftm2v, mask = this.mask;
    for (let i = 0; i < n; i++) {
      if (mask && !mask[i]) continue;
      const dtfm = dtf / mass[type[i]];
      const k = 3 * i;
      v[k] += dtfm * f[k]; v[k + 1] += dtfm * f[k + 1]; v[k + 2] += dtfm * f[k + 2];
      x[k] += dt * v[k]; x[k + 1] += dt * v[k + 1]; x[k + 2] += dt * v[k + 2];
    }
  }

  finalIntegrate(e: Engine): void {
    const { v, f, type, mass, n } = e.atoms;
    const dtf = 0.5 * e.dt * METAL.ftm2v, mask = this.mask;
    for (let i = 0; i < n; i++) {
      if (mask && !mask[i]) continue;
      const dtfm = dtf / mass[type[i]];
      const k = 3 * i;
      v[k] += dtfm * f[k]; v[k + 1] += dtfm * f[k + 1]; v[k + 2] += dtfm * f[k + 2];
    }
  }
}

export const createFixNve: FixFactory = (id, mask, args, { where }) => {
  if (args.length !== 0) throw inputError(where.file, where.line, 'Illegal fix nve command', 'no arguments after nve', args.join(' '));
  return new FixNve(id, mask);
};
