// Decks for the minimisation tests: a randomly displaced fcc Cu cell (atoms only) and a uniformly strained one
// (box/relax), with LAMMPS's Cu_u3.eam (funcfl) or ectmd's shipped Cu_zjw04.eam.alloy (setfl).

import { join } from 'node:path';
import { repoRoot } from '../../scripts/compare-lammps.js';
import { LAMMPS_POTENTIALS } from '../helpers/lammps.js';

export type Potential = 'Cu_u3' | 'Cu_zjw04';

function pairLines(pot: Potential): string[] {
  return pot === 'Cu_u3'
    ? ['pair_style eam', `pair_coeff 1 1 ${join(LAMMPS_POTENTIALS, 'Cu_u3.eam')}`]
    : ['pair_style eam/alloy', `pair_coeff * * ${join(repoRoot(), 'potentials', 'eam', 'Cu_zjw04.eam.alloy')} Cu`];
}

export interface DeckOptions {
  pot: Potential;
  /** lattice constant the cell is built with (Å) */
  a?: number;
  cells?: number;
  /** random displacement amplitude (Å) */
  displace?: number;
  /** lines between the setup and `minimize` (min_style, fix box/relax, neighbor ...) */
  extra?: string[];
  minimize?: string;
  thermo?: number;
  /** thermo_style custom keywords, and computes they use (defined before the thermo_style line) */
  columns?: string;
  computes?: string[];
}

export function minDeck(o: DeckOptions): string {
  const n = o.cells ?? 3;
  return [
    'units metal', 'atom_style atomic',
    `lattice fcc ${o.a ?? 3.615}`, `region box block 0 ${n} 0 ${n} 0 ${n}`, 'create_box 1 box', 'create_atoms 1 box',
    `displace_atoms all random ${o.displace ?? 0.1} ${o.displace ?? 0.1} ${o.displace ?? 0.1} 12345 units box`,
    ...pairLines(o.pot),
    'neigh_modify delay 0',
    ...(o.computes ?? []),
    `thermo ${o.thermo ?? 10}`,
    `thermo_style custom ${o.columns ?? 'step pe press pxx pyy pzz lx ly lz vol'}`,
    'thermo_modify format float %.15g',
    ...(o.extra ?? []),
    `minimize ${o.minimize ?? '1e-12 1e-8 1000 10000'}`,
    '',
  ].join('\n');
}
