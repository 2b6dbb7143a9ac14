// `create_atoms TYPE box|region ID` on a lattice (LAMMPS src/create_atoms.cpp, add_lattice/loop_lattice):
// every lattice site inside the box (and region), visited in LAMMPS's k-j-i-basis order so that atom IDs
// match, with the periodic-boundary epsilon that creates an atom on a periodic face exactly once.

import { EctmdError } from '../errors.js';
import type { Atoms } from './atoms.js';
import type { Box } from './box.js';
import type { Lattice } from './lattice.js';
import type { Region } from './region.js';

/** Most lattice sites one create_atoms visits: LAMMPS's 32-bit atom ID range. */
const MAX_LATTICE_SITES = 2147483647;

/** Relative shrink of the insertion box at periodic faces (LAMMPS create_atoms.cpp EPSILON). */
const EPSILON = 1.0e-6;

/**
 * Create atoms on all lattice sites of the box (region null) or of a region, intersected with the box.
 * Tags continue from atoms.maxTag()+1 in creation order. basisTypes optionally gives a type per basis atom
 * (`create_atoms ... basis M T`); otherwise every site gets `type`. Returns the number of atoms created.
 */
export function createAtomsLattice(
  atoms: Atoms, box: Box, lattice: Lattice, type: number, region: Region | null, basisTypes?: number[],
): number {
  if (lattice.basis.length === 0) throw new EctmdError('Cannot create atoms with undefined lattice: expected a lattice style with basis atoms, found lattice none');
  const nbasis = lattice.basis.length;
  const types = basisTypes ?? new Array<number>(nbasis).fill(type);
  if (types.length !== nbasis) {
    throw new EctmdError(`create_atoms basis types: expected ${nbasis} (one per basis atom), found ${types.length}`);
  }
  for (const t of types) {
    if (!Number.isInteger(t) || t < 1 || t > atoms.ntypes) {
      throw new EctmdError(`Invalid atom type in create_atoms command: expected 1..${atoms.ntypes}, found ${t}`);
    }
  }

  // Axis-aligned bounds of the (sub)box in box coordinates, narrowed to the region's extent if it has one.
  const bboxlo = [0, 0, 0], bboxhi = [0, 0, 0];
  if (!box.triclinic) {
    for (let d = 0; d < 3; d++) { bboxlo[d] = box.lo[d]; bboxhi[d] = box.hi[d]; }
  } else {
    bboxlo.fill(Infinity); bboxhi.fill(-Infinity);
    const c = [0, 0, 0];
    for (let corner = 0; corner < 8; corner++) {
      box.fromLamda(corner & 1, (corner >> 1) & 1, (corner >> 2) & 1, c);
      for (let d = 0; d < 3; d++) { bboxlo[d] = Math.min(bboxlo[d], c[d]); bboxhi[d] = Math.max(bboxhi[d], c[d]); }
    }
  }
  const ext = region?.extent();
  if (ext) {
    for (let d = 0; d < 3; d++) {
      if (ext.lo[d] > bboxlo[d]) bboxlo[d] = Math.min(ext.lo[d], bboxhi[d]);
      if (ext.hi[d] < bboxhi[d]) bboxhi[d] = Math.max(ext.hi[d], bboxlo[d]);
    }
  }

  // Loop bounds: unit cells covering the bounds' 8 corners in lattice space, padded by one cell for round-off
  // (and one more below zero, since truncation rounds -1.5 to -1).
  const lmin = [Infinity, Infinity, Infinity], lmax = [-Infinity, -Infinity, -Infinity];
  for (let corner = 0; corner < 8; corner++) {
    const p = [corner & 1 ? bboxhi[0] : bboxlo[0], corner & 2 ? bboxhi[1] : bboxlo[1], corner & 4 ? bboxhi[2] : bboxlo[2]];
    lattice.box2lattice(p);
    for (let d = 0; d < 3; d++) { lmin[d] = Math.min(lmin[d], p[d]); lmax[d] = Math.max(lmax[d], p[d]); }
  }
  const cellLo = lmin.map((v) => Math.trunc(v) - 1 - (v < 0 ? 1 : 0));
  const cellHi = lmax.map((v) => Math.trunc(v) + 1);

  // Insertion bounds (lamda coordinates if triclinic): lower face moved out by epsilon, upper face moved in by
  // epsilon, so that of two periodic images lying on opposite faces only the lower one is created.
  const sublo = box.triclinic ? [0, 0, 0] : [...box.lo];
  const subhi = box.triclinic ? [1, 1, 1] : [...box.hi];
  for (let d = 0; d < 3; d++) {
    if (!box.periodic[d]) continue;
    const eps = box.triclinic ? EPSILON : (box.hi[d] - box.lo[d]) * EPSILON;
    sublo[d] -= eps;
    subhi[d] -= 2.0 * eps;
  }

  // LAMMPS tags are 32-bit (MAXTAGINT): a lattice loop over more sites than that can only be a mistake
  const sites = (cellHi[0] - cellLo[0] + 1) * (cellHi[1] - cellLo[1] + 1) * (cellHi[2] - cellLo[2] + 1) * nbasis;
  if (!(sites <= MAX_LATTICE_SITES - atoms.maxTag())) {
    throw new EctmdError(`Too many atoms in create_atoms: expected at most ${MAX_LATTICE_SITES} lattice sites (32-bit atom IDs), found ${sites} sites in the box or region`);
  }
  // two passes over the sites: the first counts them, so the atom arrays (and the kernel memory holding positions,
  // velocities and forces) are sized once, without the spare room and copies of growing atom by atom
  const x = [0, 0, 0], lamda = [0, 0, 0];
  const visit = (add: (m: number) => void): void => {
    for (let k = cellLo[2]; k <= cellHi[2]; k++) {
      for (let j = cellLo[1]; j <= cellHi[1]; j++) {
        for (let i = cellLo[0]; i <= cellHi[0]; i++) {
          for (let m = 0; m < nbasis; m++) {
            const b = lattice.basis[m];
            x[0] = i + b[0]; x[1] = j + b[1]; x[2] = k + b[2];
            lattice.lattice2box(x);
            if (region && !region.inside(x[0], x[1], x[2])) continue;
            let coord = x;
            if (box.triclinic) { box.toLamda(x[0], x[1], x[2], lamda); coord = lamda; }
            if (coord[0] < sublo[0] || coord[0] >= subhi[0] || coord[1] < sublo[1] || coord[1] >= subhi[1]
              || coord[2] < sublo[2] || coord[2] >= subhi[2]) continue;
            add(m);
          }
        }
      }
    }
  };
  let count = 0;
  visit(() => { count++; });
  const n0 = atoms.n;
  atoms.reserve(n0 + count);
  let tag = atoms.maxTag();
  visit((m) => { atoms.add(++tag, types[m], x[0], x[1], x[2]); });
  return atoms.n - n0;
}
