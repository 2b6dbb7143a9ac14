// A set-up deck written once and played twice: each step is a LAMMPS input line and the same operation
// through ectmd's API, so a test can compare the resulting system with LAMMPS's dump.

import { Atoms } from '../../host/system/atoms.js';
import type { Box } from '../../host/system/box.js';
import { createAtomsLattice } from '../../host/system/create-atoms.js';
import { parseLattice, type Lattice } from '../../host/system/lattice.js';
import { displaceAtomsRandom, setTypeFraction, typeMask } from '../../host/system/modify-atoms.js';
import { parseRegion } from '../../host/system/region.js';
import { velocityCommand } from '../../host/system/velocity.js';
import { runLammps, writeDump } from './lammps-oracle.js';

export interface SystemState {
  atoms: Atoms;
  box: Box;
  lattice: Lattice;
}

export interface Step {
  lmp: string;
  apply(s: SystemState): void;
}

const where = { file: 'deck', line: 1 };
const words = (s: string): string[] => s.trim().split(/\s+/);

/** `lattice ARGS`, `region box ARGS`, `create_box NTYPES box`, `create_atoms 1 box`, `mass * M`. */
export function crystal(latticeArgs: string, regionArgs: string, ntypes: number, mass: number): Step[] {
  return [{
    lmp: ['units metal', 'atom_style atomic', `lattice ${latticeArgs}`, `region box ${regionArgs}`,
      `create_box ${ntypes} box`, 'create_atoms 1 box', `mass * ${mass}`].join('\n'),
    apply(s) {
      s.lattice = parseLattice(words(latticeArgs), where);
      s.box = parseRegion(['box', ...words(regionArgs)], s.lattice, where).boxFor(where);
      s.atoms = new Atoms();
      s.atoms.setTypes(ntypes);
      createAtomsLattice(s.atoms, s.box, s.lattice, 1, null);
      for (let t = 1; t <= ntypes; t++) { s.atoms.mass[t] = mass; s.atoms.massSet[t] = 1; }
    },
  }];
}

/** `set type FROM type/fraction TO FRACTION SEED`. */
export function typeFraction(from: number, to: number, fraction: number, seed: number): Step {
  return {
    lmp: `set type ${from} type/fraction ${to} ${fraction} ${seed}`,
    apply(s) { setTypeFraction(s.atoms, typeMask(s.atoms, String(from), where), to, fraction, seed, where); },
  };
}

/** `displace_atoms all random DX DY DZ SEED units box`. */
export function displaceRandom(d: number, seed: number): Step {
  return {
    lmp: `displace_atoms all random ${d} ${d} ${d} ${seed} units box`,
    apply(s) { displaceAtomsRandom(s.atoms, s.box, s.lattice, null, d, d, d, seed, 'box', where); },
  };
}

/** `velocity GROUP ARGS`, GROUP being all or the atoms of one type. */
export function velocity(group: 'all' | { type: number }, args: string): Step {
  const name = group === 'all' ? 'all' : `t${group.type}`;
  const define = group === 'all' ? '' : `group ${name} type ${group.type}\n`;
  return {
    lmp: `${define}velocity ${name} ${args}`,
    apply(s) {
      const mask = group === 'all' ? null : typeMask(s.atoms, String(group.type), where);
      velocityCommand(s.atoms, s.box, s.lattice, mask, words(args), where);
    },
  };
}

/** Play the steps through ectmd. */
export function playOurs(steps: Step[]): SystemState {
  const s = {} as SystemState;
  for (const step of steps) step.apply(s);
  return s;
}

/** Play several decks through one `lmp` run (separated by `clear`); returns one dump per deck. */
export function playLammps(decks: Step[][], columns: string): ReturnType<typeof runLammps>[string][] {
  const names = decks.map((_, k) => `d${k}.dump`);
  const input = decks.map((steps, k) => [...steps.map((st) => st.lmp), writeDump(names[k], columns), 'clear'].join('\n')).join('\n');
  const dumps = runLammps(input, names);
  return names.map((n) => dumps[n]);
}

/** Local indices of the atoms sorted by ID (the order of a `sort id` dump). */
export function byTag(atoms: Atoms): number[] {
  return Array.from({ length: atoms.n }, (_, i) => i).sort((a, b) => atoms.tag[a] - atoms.tag[b]);
}
