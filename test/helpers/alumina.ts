// A small periodic α-Al2O3 cell for charge-transfer tests: one 8.24 × 9.52 × 25.98 Å block of the LAMMPS reference
// data.streitz (240 atoms: 96 Al, 144 O) as a LAMMPS data file, charges zero (atom_style charge).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceDir } from './lammps.js';

/** The atoms of data.streitz inside [0, lx/3) × [0, ly/3) × [0, lz): 240 atoms (96 Al, 144 O), a periodic block. */
export function aluminaBlockData(): string {
  const text = readFileSync(join(referenceDir(), 'data.streitz'), 'utf8');
  const box = (k: string) => Number(new RegExp(`(\\S+)\\s+(\\S+)\\s+${k}lo ${k}hi`).exec(text)![2]);
  const lx = box('x') / 3, ly = box('y') / 3, lz = box('z');
  const atoms = text.split('Atoms')[1].split('\n').map((l) => l.trim().split(/\s+/)).filter((w) => w.length === 6)
    .filter((w) => Number(w[3]) < lx - 0.01 && Number(w[4]) < ly - 0.01);
  return ['alpha-Al2O3 block of data.streitz', '', `${atoms.length} atoms`, '2 atom types', '',
    `0 ${lx} xlo xhi`, `0 ${ly} ylo yhi`, `0 ${lz} zlo zhi`, '', 'Atoms', '',
    ...atoms.map((w, k) => `${k + 1} ${w[1]} 0.0 ${w[3]} ${w[4]} ${w[5]}`), ''].join('\n');
}

