// fix nve: velocity-Verlet (LAMMPS fix_nve.cpp): v += dtf·f/m, x += dtv·v before the force call; v += dtf·f/m after.

import { inputError } from '../errors.js';
import type { Engine } from '../engine/engine.js';
import { METAL } from '../system/units.js';
import type { Fix, FixFactory } from './fix.js';

export class FixNve implements Fix {
  readonly style = 'nve';
  /** dtf/m per atom type, refreshed at every half step (dt and masses may change between runs) */
  private dtfm = new Float64Array(0);
  constructor(readonly id: string, readonly mask: Uint8Array | null) {}

  initialIntegrate(e: Engine): void {
    const { x, v, f, type, n } = e.atoms;
    const dt = e.dt, dtfm = this.dtfmByType(e), mask = this.mask;
    for (let i = 0, k = 0; i < n; i++, k += 3) {
      if (mask !== null && mask[i] === 0) continue;
      const c = dtfm[type[i]];
      const vx = v[k] + c * f[k], vy = v[k + 1] + c * f[k + 1], vz = v[k + 2] + c * f[k + 2];
      v[k] = vx; v[k + 1] = vy; v[k + 2] = vz;
      x[k] += dt * vx; x[k + 1] += dt * vy; x[k + 2] += dt * vz;
    }
  }

  finalIntegrate(e: Engine): void {
    const { v, f, type, n } = e.atoms;
    const dtfm = this.dtfmByType(e), mask = this.mask;
    for (let i = 0, k = 0; i < n; i++, k += 3) {
      if (mask !== null && mask[i] === 0) continue;
      const c = dtfm[type[i]];
      v[k] += c * f[k]; v[k + 1] += c * f[k + 1]; v[k + 2] += c * f[k + 2];
    }
  }

  /** dtf/m per atom type (LAMMPS's dtfm = dtf / mass[type[i]], the same division once per type instead of per atom). */
  private dtfmByType(e: Engine): Float64Array {
    const { mass, ntypes } = e.atoms;
    const dtf = 0.5 * e.dt * METAL.ftm2v;
    if (this.dtfm.length !== ntypes + 1) this.dtfm = new Float64Array(ntypes + 1);
    for (let t = 1; t <= ntypes; t++) this.dtfm[t] = dtf / mass[t];
    return this.dtfm;
  }
}

export const createFixNve: FixFactory = (id, mask, args, { where }) => {
  if (args.length !== 0) throw inputError(where.file, where.line, 'Illegal fix nve command', 'no arguments after nve', args.join(' '));
  return new FixNve(id, mask);
};
