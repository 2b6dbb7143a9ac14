// Group temperature and kinetic tensor as LAMMPS compute temp (src/compute_temp.cpp): T = Σ m v²·mvv2e / (dof·kB)
// with dof = 3N − 3 for the N atoms of the group; tensor Σ m v_a v_b · mvv2e (xx yy zz xy xz yz), eV.

import type { Atoms } from '../system/atoms.js';
import { METAL } from '../system/units.js';
import { temperature } from '../system/velocity.js';

/** Atoms in the group (mask null: all). */
export function groupCount(atoms: Atoms, mask: Uint8Array | null): number {
  if (!mask) return atoms.n;
  let c = 0;
  for (let i = 0; i < atoms.n; i++) if (mask[i]) c++;
  return c;
}

/** compute temp scalar, K (the same sum as `velocity ... scale`). */
export const groupTemperature = temperature;

/** compute temp vector: mvv2e · Σ m v_a v_b over the group, in the order xx yy zz xy xz yz, eV. */
export function groupKeTensor(atoms: Atoms, mask: Uint8Array | null): number[] {
  const { v, type, mass, n } = atoms;
  const t = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    const m = mass[type[i]], vx = v[3 * i], vy = v[3 * i + 1], vz = v[3 * i + 2];
    t[0] += m * vx * vx; t[1] += m * vy * vy; t[2] += m * vz * vz;
    t[3] += m * vx * vy; t[4] += m * vx * vz; t[5] += m * vy * vz;
  }
  for (let k = 0; k < 6; k++) t[k] *= METAL.mvv2e;
  return t;
}
