// Group temperature and kinetic tensor as LAMMPS compute temp (src/compute_temp.cpp): T = Σ m v²·mvv2e / (dof·kB)
// with dof = 3N − 3 for the N atoms of the group; tensor Σ m v_a v_b · mvv2e (xx yy zz xy xz yz), eV.

import type { Atoms } from '../system/atoms.js';
import type { Engine } from '../engine/engine.js';
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

/** compute temp vector: mvv2e · Σ m v_a v_b over the group, in the order xx yy zz xy xz yz, eV; summed by the kernel
 *  (ke_tensor) on the velocities in its memory, with the masses per type, the atoms' types and the group's mask
 *  copied into its buffer 'ke'. */
export function groupKeTensor(e: Engine, mask: Uint8Array | null): number[] {
  const { atoms, arena: a } = e, { n, ntypes } = atoms;
  const massBytes = 8 * (ntypes + 1), outBytes = 48;
  a.ensure('ke', massBytes + outBytes + 4 * n + (mask ? n : 0));
  const mass = a.ptr('ke'), out = mass + massBytes, type = out + outBytes, group = mask ? type + 4 * n : 0;
  const kernel = a.kernel;
  kernel.f64(mass, ntypes + 1).set(atoms.mass.subarray(0, ntypes + 1));
  kernel.i32(type, n).set(atoms.type.subarray(0, n));
  if (mask) kernel.u8(group, n).set(mask.subarray(0, n));
  kernel.k.ke_tensor(0, n, a.ptr('v'), type, mass, group, out);
  const t = Array.from(kernel.f64(out, 6));
  for (let k = 0; k < 6; k++) t[k] *= METAL.mvv2e;
  return t;
}
