// create_atoms on sc/bcc/fcc/hcp/diamond lattices in orthogonal and triclinic boxes makes the same atoms,
// with the same IDs, types and bit-identical positions as LAMMPS: sites on periodic faces exist once,
// regions and basis types apply.

import { describe, expect, it } from 'vitest';
import { Atoms } from '../../host/system/atoms.js';
import { createAtomsLattice } from '../../host/system/create-atoms.js';
import { parseLattice } from '../../host/system/lattice.js';
import { parseRegion, type Region } from '../../host/system/region.js';
import { hasLmp, runLammps, writeDump, type Dump } from './lammps-oracle.js';

interface Create {
  type: number;
  /** `region` arguments defined after create_box (ID first), used as `create_atoms TYPE region ID`. */
  region?: string;
  /** `basis M T` pairs. */
  basis?: [number, number][];
}

interface Case {
  name: string;
  lattice: string;
  box: string;
  ntypes: number;
  creates: Create[];
}

const cube = 'box block 0 3 0 3 0 3';
const skewed = 'box prism 0 3 0 3 0 3 1.2 -0.8 0.6';
const cases: Case[] = [];
for (const lat of ['sc 2.5', 'bcc 2.87', 'fcc 3.615', 'hcp 2.95', 'diamond 5.43']) {
  cases.push({ name: `${lat} in a 3-cell cube`, lattice: lat, box: cube, ntypes: 1, creates: [{ type: 1 }] });
  cases.push({ name: `${lat} in a prism`, lattice: lat, box: skewed, ntypes: 1, creates: [{ type: 1 }] });
}
cases.push(
  { name: 'fcc in a box of fractional cells', lattice: 'fcc 3.615', box: 'box block -1.5 2.25 0 3.3 0.5 2.7', ntypes: 1, creates: [{ type: 1 }] },
  { name: 'hcp in a prism with negative tilts', lattice: 'hcp 3.2', box: 'box prism 0 4 0 2 0 2 -1.9 1.1 -0.9', ntypes: 1, creates: [{ type: 1 }] },
  {
    name: 'fcc oriented [110] [-110] [001]', lattice: 'fcc 3.615 orient x 1 1 0 orient y -1 1 0 orient z 0 0 1',
    box: 'box block 0 4 0 4 0 3', ntypes: 1, creates: [{ type: 1 }],
  },
  {
    name: 'bcc with origin shift and explicit spacing', lattice: 'bcc 2.87 origin 0.25 0.1 0.5 spacing 1 1 1',
    box: 'box block 0 3 0 3 0 3', ntypes: 1, creates: [{ type: 1 }],
  },
  {
    name: 'diamond in box units, partial cells', lattice: 'diamond 5.43', box: 'box block 0 20 -3 9.5 0 13 units box',
    ntypes: 1, creates: [{ type: 1 }],
  },
  {
    name: 'two regions, tags continue, second one side out', lattice: 'fcc 3.52', box: 'box block 0 4 0 4 0 4', ntypes: 2,
    creates: [{ type: 1, region: 'slab block 0.5 2 INF INF 1 3' }, { type: 2, region: 'rest block 0.5 2 INF INF 1 3 side out' }],
  },
  {
    name: 'prism region inside an orthogonal box', lattice: 'bcc 3.0', box: 'box block 0 5 0 5 0 5', ntypes: 1,
    creates: [{ type: 1, region: 'wedge prism 1 3 1 3 1 3 1 0.5 0.5' }],
  },
  {
    name: 'B2 via basis types', lattice: 'bcc 2.95', box: 'box block 0 3 0 3 0 3', ntypes: 2,
    creates: [{ type: 1, basis: [[2, 2]] }],
  },
  {
    name: 'block region in a triclinic box', lattice: 'fcc 4.05', box: 'box prism 0 4 0 4 0 4 1.5 1 -1.5', ntypes: 1,
    creates: [{ type: 1, region: 'part block 1 3.5 INF 2.5 0 4' }],
  },
);

const where = { file: 'create-atoms.test', line: 1 };

function ours(c: Case): Atoms {
  const lattice = parseLattice(c.lattice.split(' '), where);
  const box = parseRegion(c.box.split(' '), lattice, where).boxFor(where);
  const atoms = new Atoms();
  atoms.setTypes(c.ntypes);
  for (const cr of c.creates) {
    let region: Region | null = null;
    if (cr.region) region = parseRegion(cr.region.split(' '), lattice, where, box);
    let basisTypes: number[] | undefined;
    if (cr.basis) {
      basisTypes = lattice.basis.map(() => cr.type);
      for (const [m, t] of cr.basis) basisTypes[m - 1] = t;
    }
    createAtomsLattice(atoms, box, lattice, cr.type, region, basisTypes);
  }
  return atoms;
}

function lammpsInput(c: Case, dump: string): string {
  const lines = ['units metal', 'atom_style atomic', `lattice ${c.lattice}`, `region ${c.box}`, `create_box ${c.ntypes} box`];
  for (const cr of c.creates) {
    const basis = (cr.basis ?? []).map(([m, t]) => ` basis ${m} ${t}`).join('');
    if (cr.region) {
      lines.push(`region ${cr.region}`);
      lines.push(`create_atoms ${cr.type} region ${cr.region.split(' ')[0]}${basis}`);
    } else lines.push(`create_atoms ${cr.type} box${basis}`);
  }
  lines.push(writeDump(dump, 'id type x y z'), 'clear');
  return lines.join('\n');
}

describe.skipIf(!hasLmp)('create_atoms matches LAMMPS', () => {
  const dumps: Record<string, Dump> = hasLmp ? runLammps(cases.map((c, k) => lammpsInput(c, `c${k}.dump`)).join('\n'), cases.map((_, k) => `c${k}.dump`)) : {};

  cases.forEach((c, k) => {
    it(`${c.name}: same count, IDs, types and positions`, () => {
      const ref = dumps[`c${k}.dump`];
      const atoms = ours(c);
      expect(atoms.n).toBe(ref.natoms);
      expect(atoms.n).toBeGreaterThan(0);
      const order = Array.from({ length: atoms.n }, (_, i) => i).sort((a, b) => atoms.tag[a] - atoms.tag[b]);
      expect(order.map((i) => atoms.tag[i])).toEqual(ref.col('id'));
      expect(order.map((i) => atoms.type[i])).toEqual(ref.col('type'));
      let maxDiff = 0;
      ['x', 'y', 'z'].forEach((name, d) => {
        const col = ref.col(name);
        order.forEach((i, r) => { maxDiff = Math.max(maxDiff, Math.abs(atoms.x[3 * i + d] - col[r])); });
      });
      // Same operations in the same order as LAMMPS (only + − × ÷ and sqrt): bitwise equal.
      expect(maxDiff).toBe(0);
    });
  });
});

describe('create_atoms without LAMMPS', () => {
  it('a periodic fcc cube of n cells holds 4n³ atoms, none on the upper faces', () => {
    const atoms = ours({ name: '', lattice: 'fcc 3.615', box: cube, ntypes: 1, creates: [{ type: 1 }] });
    expect(atoms.n).toBe(4 * 27);
    const L = 3 * 3.615;
    for (let k = 0; k < 3 * atoms.n; k++) expect(atoms.x[k]).toBeLessThan(L - 1e-9);
  });

  it('IDs continue after existing atoms', () => {
    const lattice = parseLattice(['sc', '1'], where);
    const box = parseRegion(['box', 'block', '0', '2', '0', '2', '0', '2'], lattice, where).boxFor(where);
    const atoms = new Atoms();
    atoms.setTypes(1);
    atoms.add(41, 1, 0.5, 0.5, 0.5);
    expect(createAtomsLattice(atoms, box, lattice, 1, null)).toBe(8);
    expect(Array.from(atoms.tag.subarray(0, atoms.n))).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49]);
  });

  it('a box of more lattice sites than 32-bit IDs allow is refused before the loop, not run for hours', () => {
    const lattice = parseLattice(['fcc', '3.615'], where);
    const box = parseRegion(['box', 'block', '0', '1e6', '0', '1e6', '0', '1e6'], lattice, where).boxFor(where);
    const atoms = new Atoms();
    atoms.setTypes(1);
    expect(() => createAtomsLattice(atoms, box, lattice, 1, null)).toThrow(/Too many atoms in create_atoms: expected at most 2147483647 lattice sites \(32-bit atom IDs\), found \d+ sites/);
    expect(atoms.n).toBe(0);
  });

  it('type counts are capped and atom arrays that cannot be allocated are an error', () => {
    expect(() => new Atoms().setTypes(2147483647)).toThrow(/Number of atom types: expected 1\.\.1000, found 2147483647/);
    expect(() => new Atoms().setTypes(0)).toThrow(/Number of atom types/);
    expect(() => new Atoms().reserve(2 ** 40)).toThrow(/Out of memory for atoms: expected room for 1099511627776 atoms/);
  });

  it('an invalid type or a basis-less lattice is refused', () => {
    const lattice = parseLattice(['sc', '1'], where);
    const box = parseRegion(['box', 'block', '0', '2', '0', '2', '0', '2'], lattice, where).boxFor(where);
    const atoms = new Atoms();
    atoms.setTypes(1);
    expect(() => createAtomsLattice(atoms, box, lattice, 2, null)).toThrow(/Invalid atom type in create_atoms command: expected 1\.\.1, found 2/);
    expect(() => createAtomsLattice(atoms, box, parseLattice(['none', '1'], where), 1, null)).toThrow(/Cannot create atoms with undefined lattice/);
  });
});
