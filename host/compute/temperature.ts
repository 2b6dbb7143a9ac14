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

/** Atoms whose types (and group mask) groupKeTensor copies into the kernel's memory at a time. */
const KE_CHUNK = 4096;

/** compute temp vector: mvv2e · Σ m v_a v_b over the group, in the order xx yy zz xy xz yz, eV; summed by the kernel
 *  (ke_tensor) on the velocities in its memory, chunk by chunk with the chunk's types (and mask) copied into its buffer
 *  'ke' beside the masses per type, the sums carried from chunk to chunk (one pass's, bit for bit). */
export function groupKeTensor(e: Engine, mask: Uint8Array | null): number[] {
  const { atoms, arena: a } = e, { n, ntypes } = atoms;
  const outBytes = 48, massBytes = 8 * (ntypes + 1);
  a.ensure('ke', outBytes + massBytes + 5 * KE_CHUNK);
  const kernel = a.kernel, out = a.ptr('ke'), mass = out + outBytes, type = mass + massBytes, group = type + 4 * KE_CHUNK;
  kernel.f64(out, 6).fill(0);
  kernel.f64(mass, ntypes + 1).set(atoms.mass.subarray(0, ntypes + 1));
  const v = a.ptr('v');
  for (let i0 = 0; i0 < n; i0 += KE_CHUNK) {
    const m = Math.min(KE_CHUNK, n - i0);
    kernel.i32(type, m).set(atoms.type.subarray(i0, i0 + m));
    if (mask) kernel.u8(group, m).set(mask.subarray(i0, i0 + m));
    kernel.k.ke_tensor(0, m, v + 24 * i0, type, mass, mask ? group : 0, out);
  }
  const t = Array.from(kernel.f64(out, 6));
  for (let k = 0; k < 6; k++) t[k] *= METAL.mvv2e;
  return t;
}
