// fix nve: velocity-Verlet (LAMMPS fix_nve.cpp): v += dtf·f/m, x += dtv·v before the force call; v += dtf·f/m after.

import type { Atoms } from '../system/atoms.js';
import { METAL } from '../system/units.js';

export class FixNve {
  readonly id: string;
  readonly mask: Uint8Array | null;
  constructor(id: string, mask: Uint8Array | null) { this.id = id; this.mask = mask; }

  initialIntegrate(atoms: Atoms, dt: number): void {
    const dtf = 0.5 * dt * METAL.ftm2v;
    const { x, v, f, type, mass, mask } = { ...atoms, mask: this.mask };
    for (let i = 0; i < atoms.n; i++) {
      if (mask && !mask[i]) continue;
      const dtfm = dtf / mass[type[i]];
      const k = 3 * i;
      v[k] += dtfm * f[k]; v[k + 1] += dtfm * f[k + 1]; v[k + 2] += dtfm * f[k + 2];
      x[k] += dt * v[k]; x[k + 1] += dt * v[k + 1]; x[k + 2] += dt * v[k + 2];
    }
  }

  finalIntegrate(atoms: Atoms, dt: number): void {
    const dtf = 0.5 * dt * METAL.ftm2v;
    const { v, f, type, mass } = atoms;
    const mask = this.mask;
    for (let i = 0; i < atoms.n; i++) {
      if (mask && !mask[i]) continue;
      const dtfm = dtf / mass[type[i]];
      const k = 3 * i;
      v[k] += dtfm * f[k]; v[k + 1] += dtfm * f[k + 1]; v[k + 2] += dtfm * f[k + 2];
    }
  }
}
