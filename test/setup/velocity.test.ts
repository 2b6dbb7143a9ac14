// `velocity ... create` gives LAMMPS's velocities (Park–Miller per atom, loop all/local/geom, uniform or
// Gaussian, momentum/rotation removal, rescaling to T with dof = 3N−3) and the group temperature is then T.

import { describe, expect, it } from 'vitest';
import { temperature, velocityCreate } from '../../host/system/velocity.js';
import { Interpreter } from '../../host/lammps/interpreter.js';
import { tinyCuDeck } from '../helpers/tiny-cu.js';
import { byTag, crystal, displaceRandom, playLammps, playOurs, typeFraction, velocity, type Step } from './deck.js';
import { hasLmp } from './lammps-oracle.js';

const cu = crystal('fcc 3.615', 'block 0 4 0 4 0 4', 2, 63.55);
const cuTriclinic = crystal('fcc 3.615', 'prism 0 4 0 4 0 4 1.2 -0.6 0.9', 1, 63.55);

const decks: { name: string; steps: Step[]; target: number; group?: number }[] = [
  { name: 'loop geom, uniform', steps: [...cu, velocity('all', 'create 1600 376847 loop geom')], target: 1600 },
  { name: 'loop geom, gaussian', steps: [...cu, velocity('all', 'create 1600 376847 loop geom dist gaussian')], target: 1600 },
  { name: 'loop all, uniform', steps: [...cu, velocity('all', 'create 1600 376847 loop all')], target: 1600 },
  { name: 'loop all, gaussian', steps: [...cu, velocity('all', 'create 1600 376847 loop all dist gaussian')], target: 1600 },
  { name: 'loop local, gaussian, mom no', steps: [...cu, velocity('all', 'create 300 5551 loop local dist gaussian mom no')], target: 300 },
  {
    name: 'rot yes on a displaced crystal',
    steps: [...cu, displaceRandom(0.2, 91), velocity('all', 'create 800 4321 loop geom rot yes')], target: 800,
  },
  {
    name: 'a type group, loop all (draws for every ID, assigns to members)',
    steps: [...cu, typeFraction(1, 2, 0.3, 1234), velocity({ type: 2 }, 'create 900 777 loop all dist gaussian')],
    target: 900, group: 2,
  },
  {
    name: 'sum yes on top of a set velocity, then scale',
    steps: [...cu, velocity('all', 'set 0.5 -0.25 1.0 units box'), velocity('all', 'create 300 99 loop geom sum yes'),
      velocity('all', 'scale 450')],
    target: 450,
  },
  {
    name: 'triclinic box, loop geom, rot yes',
    steps: [...cuTriclinic, displaceRandom(0.15, 3), velocity('all', 'create 1200 2468 loop geom dist gaussian rot yes')],
    target: 1200,
  },
];

describe.skipIf(!hasLmp)('velocity matches LAMMPS', () => {
  const dumps = hasLmp ? playLammps(decks.map((d) => d.steps), 'id type x y z vx vy vz') : [];

  decks.forEach((deck, k) => {
    it(`${deck.name}: velocities equal to 1e-12 relative, temperature = target`, () => {
      const ref = dumps[k];
      const { atoms } = playOurs(deck.steps);
      const order = byTag(atoms);
      expect(order.length).toBe(ref.natoms);
      expect(order.map((i) => atoms.type[i])).toEqual(ref.col('type'));
      let vmax = 0, diff = 0;
      ['vx', 'vy', 'vz'].forEach((name, d) => {
        const col = ref.col(name);
        order.forEach((i, r) => {
          vmax = Math.max(vmax, Math.abs(col[r]));
          diff = Math.max(diff, Math.abs(atoms.v[3 * i + d] - col[r]));
        });
      });
      expect(vmax).toBeGreaterThan(0);
      expect(diff / vmax).toBeLessThanOrEqual(1e-12);
      const mask = deck.group === undefined ? null : Uint8Array.from(atoms.type.subarray(0, atoms.n), (t) => (t === deck.group ? 1 : 0));
      expect(temperature(atoms, mask) / deck.target - 1).toBeCloseTo(0, 12);
    });
  });
});

describe('velocity without LAMMPS', () => {
  it('velocity create and scale refuse a temperature whose kinetic energy overflows (1e308 K) instead of storing inf', () => {
    const it = new Interpreter({ kernel: 'scalar', logPath: null, screen: false });
    ['units metal', 'lattice fcc 3.615', 'region b block 0 2 0 2 0 2', 'create_box 1 b', 'create_atoms 1 box', 'mass 1 63.5']
      .forEach((l, i) => it.line(l, { file: 'in.deck', line: i + 1 }));
    expect(() => it.line('velocity all create 1e308 4928459', { file: 'in.deck', line: 7 }))
      .toThrow(/in\.deck:7: velocity temperature: expected a temperature whose velocities and kinetic energy stay finite, found 1e\+308 K/);
    it.line('velocity all create 1e300 4928459', { file: 'in.deck', line: 8 });
    expect(() => it.line('velocity all scale 1e308', { file: 'in.deck', line: 9 })).toThrow(/in\.deck:9: velocity temperature: .*found 1e\+308 K/);
  });

  it('velocity set refuses a value that overflows in box units (1e308 × lattice spacing) instead of storing inf', () => {
    const it = tinyCuDeck();
    expect(() => it.line('velocity all set 1e308 0 0', { file: 'in.deck', line: 7 }))
      .toThrow(/in\.deck:7: velocity set component: expected a velocity finite in box units \(value × lattice spacing 3\.615\), found Infinity/);
    it.line('velocity all set 1.7e308 0 0 units box', { file: 'in.deck', line: 8 });
    expect(() => it.line('velocity all set 1.7e308 0 0 sum yes units box', { file: 'in.deck', line: 9 })).toThrow(/in\.deck:9: velocity set sum: expected a finite velocity/);
    expect(it.engine.atoms.v.subarray(0, 3 * it.engine.atoms.n).every(Number.isFinite)).toBe(true);
  });

  it('create leaves zero total momentum and exactly the requested temperature', () => {
    const { atoms } = playOurs([...cu, velocity('all', 'create 1600 376847 loop geom dist gaussian')]);
    const p = [0, 0, 0];
    for (let i = 0; i < atoms.n; i++) for (let d = 0; d < 3; d++) p[d] += atoms.mass[atoms.type[i]] * atoms.v[3 * i + d];
    for (const c of p) expect(Math.abs(c)).toBeLessThan(1e-10);
    expect(temperature(atoms, null)).toBeCloseTo(1600, 9);
  });

  it('loop geom depends on positions, not on storage order (up to the rounding of the rescale sum)', () => {
    const a = playOurs([...cu, velocity('all', 'create 1600 11 loop geom mom no')]).atoms;
    const reversed = playOurs([...cu]);
    const r = reversed.atoms, n = r.n;
    for (let i = 0; i < n; i++) {
      const j = n - 1 - i;
      r.tag[i] = a.tag[j];
      for (let d = 0; d < 3; d++) r.x[3 * i + d] = a.x[3 * j + d];
    }
    velocity('all', 'create 1600 11 loop geom mom no').apply(reversed);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < 3; d++) expect(r.v[3 * i + d]).toBeCloseTo(a.v[3 * (n - 1 - i) + d], 13);
    }
  });

  it('velocityCreate takes the words after the group, with or without the leading "create"', () => {
    const a = playOurs([...cu]), b = playOurs([...cu]);
    const where = { file: 'in.test', line: 3 };
    velocityCreate(a.atoms, a.box, null, ['create', '300', '5', 'dist', 'gaussian'], where);
    velocityCreate(b.atoms, b.box, null, ['300', '5', 'dist', 'gaussian'], where);
    expect(a.atoms.v).toEqual(b.atoms.v);
    expect(temperature(a.atoms, null)).toBeCloseTo(300, 10);
  });

  it('rejects unknown keywords, bad values, a zero seed and missing masses', () => {
    const s = playOurs([...cu]);
    expect(() => velocity('all', 'create 300 12345 loop sometimes').apply(s)).toThrow(/Illegal velocity command: expected loop all, local or geom, found "sometimes"/);
    expect(() => velocity('all', 'create 300 12345 temperature 5').apply(s)).toThrow(/expected a keyword dist/);
    expect(() => velocity('all', 'create hot 12345').apply(s)).toThrow(/velocity create temperature: expected a finite number, found "hot"/);
    expect(() => velocity('all', 'create 300 0').apply(s)).toThrow(/Illegal velocity create command/);
    expect(() => velocity('all', 'spin 300').apply(s)).toThrow(/expected a style create, set, scale or zero/);
    s.atoms.massSet[2] = 0;
    expect(() => velocity('all', 'create 300 1').apply(s)).toThrow(/Not all per-type masses are set/);
  });
});
