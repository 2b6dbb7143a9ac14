// displace_atoms random and set type/fraction reproduce LAMMPS: the reference decks' dumps (Cu u3 funcfl,
// CuNi setfl) hold the resulting types and positions, and lmp itself checks triclinic boxes, large
// displacements with image flags, lattice units and type selections.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Atoms } from '../../host/system/atoms.js';
import { displaceAtomsRandom, setCharge, setTypeFraction, typeMask } from '../../host/system/modify-atoms.js';
import { byTag, crystal, displaceRandom, playLammps, playOurs, typeFraction, type Step } from './deck.js';
import { hasLmp, parseDump, type Dump } from './lammps-oracle.js';
import { referenceDir } from '../helpers/lammps.js';

const where = { file: 'modify-atoms.test', line: 7 };
const REF = referenceDir();

/** Largest |x_ours − x_ref| over all atoms and components, matched by ID; also checks IDs, types, images. */
function compare(steps: Step[], ref: Dump): number {
  const { atoms } = playOurs(steps);
  const order = byTag(atoms);
  expect(order.map((i) => atoms.tag[i])).toEqual(ref.col('id'));
  expect(order.map((i) => atoms.type[i])).toEqual(ref.col('type'));
  let diff = 0;
  ['x', 'y', 'z'].forEach((name, d) => {
    const col = ref.col(name);
    order.forEach((i, r) => { diff = Math.max(diff, Math.abs(atoms.x[3 * i + d] - col[r])); });
  });
  if (ref.columns.includes('ix')) {
    ['ix', 'iy', 'iz'].forEach((name, d) => expect(order.map((i) => atoms.image[3 * i + d])).toEqual(ref.col(name)));
  }
  return diff;
}

describe('the reference decks', () => {
  const decks: { name: string; steps: Step[] }[] = [
    { name: 'cu_u3_funcfl', steps: [...crystal('fcc 3.615', 'block 0 5 0 5 0 5', 1, 63.55), displaceRandom(0.1, 12345)] },
    {
      name: 'cuni_setfl',
      steps: [...crystal('fcc 3.56', 'block 0 5 0 5 0 5', 2, 60.0), typeFraction(1, 2, 0.5, 4321), displaceRandom(0.12, 777)],
    },
  ];
  for (const deck of decks) {
    it(`${deck.name}: types and displaced positions equal the dump bit for bit`, () => {
      const input = readFileSync(join(REF, `${deck.name}.in`), 'utf8');
      for (const line of deck.steps.flatMap((s) => s.lmp.split('\n'))) {
        if (/^(lattice|region|create_|set|displace_atoms)/.test(line)) expect(input).toContain(line);
      }
      const ref = parseDump(readFileSync(join(REF, `${deck.name}.forces.dump`), 'utf8'));
      expect(compare(deck.steps, ref)).toBe(0);
    });
  }
});

describe.skipIf(!hasLmp)('displace_atoms and set match LAMMPS', () => {
  const decks: { name: string; steps: Step[] }[] = [
    { name: 'triclinic box', steps: [...crystal('fcc 3.615', 'prism 0 4 0 4 0 4 1.5 -1 0.8', 1, 63.55), displaceRandom(0.3, 2024)] },
    { name: 'moves of several box lengths set image flags', steps: [...crystal('bcc 2.87', 'block 0 2 0 2 0 2', 1, 55.85), displaceRandom(13.0, 5)] },
    { name: 'same in a triclinic box', steps: [...crystal('sc 2.5', 'prism 0 3 0 3 0 3 1 1 -1', 1, 10), displaceRandom(9.0, 77)] },
    {
      name: 'lattice units, a type subset, type/fraction on displaced atoms',
      steps: [
        ...crystal('diamond 5.43', 'block 0 2 0 2 0 2', 3, 28.0),
        typeFraction(1, 2, 0.25, 8),
        {
          lmp: 'group t2 type 2\ndisplace_atoms t2 random 0.05 0.02 0.01 31 units lattice',
          apply(s) {
            displaceAtomsRandom(s.atoms, s.box, s.lattice, typeMask(s.atoms, '2', where), 0.05, 0.02, 0.01, 31, 'lattice', where);
          },
        },
        typeFraction(2, 3, 0.5, 99),
      ],
    },
  ];
  const dumps = hasLmp ? playLammps(decks.map((d) => d.steps), 'id type x y z ix iy iz') : [];

  decks.forEach((deck, k) => {
    it(`${deck.name}: same types, image flags and bit-identical positions`, () => {
      // Same hash, same draws, same remap arithmetic as LAMMPS: bitwise equal.
      expect(compare(deck.steps, dumps[k])).toBe(0);
    });
  });
});

describe('modify-atoms without LAMMPS', () => {
  const cu = crystal('fcc 3.615', 'block 0 3 0 3 0 3', 2, 63.55);

  it('type/fraction changes about the requested fraction, and exactly the returned count', () => {
    const { atoms } = playOurs(cu);
    const count = setTypeFraction(atoms, null, 2, 0.3, 4321, where);
    let twos = 0;
    for (let i = 0; i < atoms.n; i++) if (atoms.type[i] === 2) twos++;
    expect(twos).toBe(count);
    expect(count / atoms.n).toBeGreaterThan(0.15);
    expect(count / atoms.n).toBeLessThan(0.45);
  });

  it('random displacements stay within ±d per component before wrapping', () => {
    const s = playOurs(cu);
    const before = s.atoms.x.slice(0, 3 * s.atoms.n);
    displaceAtomsRandom(s.atoms, s.box, s.lattice, null, 0.1, 0.2, 0.3, 1, 'box', where);
    const L = s.box.lx;
    for (let i = 0; i < s.atoms.n; i++) {
      for (let d = 0; d < 3; d++) {
        const u = s.atoms.x[3 * i + d] + s.atoms.image[3 * i + d] * L - before[3 * i + d];
        expect(Math.abs(u)).toBeLessThanOrEqual([0.1, 0.2, 0.3][d] + 1e-12);
      }
    }
  });

  it('set charge needs atom_style charge; type ranges follow LAMMPS M*N syntax', () => {
    const { atoms } = playOurs(cu);
    expect(() => setCharge(atoms, null, 1.0, where)).toThrow(/Cannot set attribute charge for atom style atomic/);
    atoms.style = 'charge';
    expect(setCharge(atoms, typeMask(atoms, '*', where), -0.5, where)).toBe(atoms.n);
    expect(atoms.q[0]).toBe(-0.5);
    atoms.type[0] = 2;
    expect(Array.from(typeMask(atoms, '2*', where).subarray(0, 2))).toEqual([1, 0]);
    expect(() => typeMask(atoms, '3', where)).toThrow(/out of bounds: expected a type range within 1-2, found "3"/);
    expect(() => typeMask(atoms, 'x', where)).toThrow(/expected an integer, found "x"/);
  });

  it('bad seeds, fractions and types are refused with file and line', () => {
    const atoms = new Atoms();
    atoms.setTypes(2);
    expect(() => setTypeFraction(atoms, null, 3, 0.5, 1, where)).toThrow(/modify-atoms.test:7: Invalid value in set command: expected a type in 1..2, found 3/);
    expect(() => setTypeFraction(atoms, null, 2, 1.5, 1, where)).toThrow(/expected a fraction in \[0,1\], found 1.5/);
    expect(() => setTypeFraction(atoms, null, 2, 0.5, 0, where)).toThrow(/Invalid random number seed in set command/);
    const s = playOurs(cu);
    expect(() => displaceAtomsRandom(s.atoms, s.box, null, null, 1, 1, 1, 5, 'lattice', where)).toThrow(/undefined lattice/);
    expect(() => displaceAtomsRandom(s.atoms, s.box, s.lattice, null, 1, 1, 1, -5, 'box', where)).toThrow(/Illegal displace_atoms random command/);
  });
});
