// Domain::remap: atoms are wrapped into lo <= x < hi of periodic dimensions, image flags count the periods
// crossed, non-periodic dimensions are left alone, and triclinic boxes wrap along the box vectors.

import { describe, expect, it } from 'vitest';
import { Atoms } from '../../host/system/atoms.js';
import { Box } from '../../host/system/box.js';
import { remapAll } from '../../host/system/remap.js';
import { RanPark } from '../../host/random/park.js';
import { Arena } from '../../host/wasm/arena.js';
import { AtomVectors } from '../../host/wasm/atom-vectors.js';
import { Kernel } from '../../host/wasm/kernel.js';

function one(x: number, y: number, z: number): Atoms {
  const a = new Atoms();
  a.setTypes(1);
  a.add(1, 1, x, y, z);
  return a;
}

describe('remap', () => {
  const box = new Box([-1, 0, 2], [3, 5, 4]);

  it('wraps by whole periods and counts them in the image flags', () => {
    const a = one(3, -12.5, 4 + 2 * 2 + 0.25);
    remapAll(box, a);
    expect(Array.from(a.x.subarray(0, 3))).toEqual([-1, 2.5, 2.25]);
    expect(Array.from(a.image.subarray(0, 3))).toEqual([1, -3, 3]);
  });

  it('never returns hi: a point just below lo whose image rounds to hi ends at lo', () => {
    const b = new Box([0, 0, 0], [1, 1, 1]);
    const a = one(-1e-17, 0.5, 0.5);
    remapAll(b, a);
    expect(a.x[0]).toBe(0);
    expect(a.image[0]).toBe(0);
  });

  it('an atom more than 1024 periods outside wraps by whole periods at once; one beyond 2^30 periods or non-finite is an error, not an endless loop', () => {
    const a = one(-1 + 4 * 1e6 + 1, 2.5, 3);
    remapAll(box, a);
    expect(a.x[0]).toBe(0);
    expect(a.image[0]).toBe(1e6);
    for (const x of [1e300, -1e300, Infinity, NaN]) {
      const b = one(x, 2.5, 3);
      expect(() => remapAll(box, b)).toThrow(/Atom coordinate out of range: expected a finite coordinate within 1073741824 box lengths of the box, found/);
    }
  });

  it('at a neighbour build (unstable = true) an atom at a non-finite place, periodic dimension or not, is named in the error', () => {
    for (const periodic of [[true, true, true], [true, false, true]]) {
      for (const tri of [false, true]) {
        const b = tri ? new Box([-1, 0, 2], [3, 5, 4], { xy: 0.5, xz: 0, yz: 0 }) : box.clone();
        b.periodic = periodic;
        expect(b.triclinic).toBe(tri);
        const a = new Atoms();
        a.setTypes(1);
        a.add(1, 1, 0, 2.5, 3);
        a.add(7, 1, 0.5, NaN, 3);
        expect(() => remapAll(b, a, true)).toThrow('Non-numeric atom coords - simulation unstable: atom 7 has position NaN');
        // without the flag (read_data, write_data, displace_atoms) the periodic dimensions' wrap reports it
        if (periodic[1]) expect(() => remapAll(b, a)).toThrow(/Atom coordinate out of range/);
      }
    }
  });

  it('leaves non-periodic dimensions untouched', () => {
    const b = box.clone();
    b.periodic = [true, false, true];
    const a = one(0, 17, 3);
    remapAll(b, a);
    expect(a.x[1]).toBe(17);
    expect(a.image[1]).toBe(0);
  });

  it('in a triclinic box, a shift by b + 2c comes back with images (0,1,2)', () => {
    const t = new Box([0, 0, 0], [4, 5, 6], { xy: 1.5, xz: -1, yz: 2 });
    const p = [1.2, 2.3, 3.4];
    const a = one(p[0] + 1.5 + 2 * -1, p[1] + 5 + 2 * 2, p[2] + 2 * 6);
    remapAll(t, a);
    for (let d = 0; d < 3; d++) expect(a.x[d]).toBeCloseTo(p[d], 12);
    expect(Array.from(a.image.subarray(0, 3))).toEqual([0, 1, 2]);
  });

  it('the atoms outside found by the kernel (positions in its memory, outside_atoms) wrap as those the loop finds, bit for bit', () => {
    // atoms inside, on the faces, up to two periods out, far out; orthogonal, and with a non-periodic dimension
    const made = (scan: boolean, periodic: [boolean, boolean, boolean]) => {
      const b = box.clone();
      b.periodic = periodic;
      const a = new Atoms(), arena = new Arena(new Kernel('simd'));
      a.setTypes(1);
      a.useStorage(new AtomVectors(arena));
      const random = new RanPark(99), rnd = () => random.uniform();
      const lo = b.lo, hi = b.hi;
      for (let i = 0; i < 400; i++) {
        const p = [0, 1, 2].map((d) => {
          const r = rnd(), w = hi[d] - lo[d];
          return r < 0.1 ? lo[d] : r < 0.15 ? hi[d] : r < 0.2 ? lo[d] + 3000 * w * (rnd() - 0.5) : lo[d] + w * (5 * rnd() - 2);
        });
        a.add(i + 1, 1, p[0], p[1], p[2]);
      }
      arena.ensure('list', 4 * a.n);
      remapAll(b, a, true, scan ? { k: arena.kernel.k, x: arena.ptr('x'), list: arena.ptr('list') } : null);
      return { x: Array.from(a.x.subarray(0, 3 * a.n)), image: Array.from(a.image.subarray(0, 3 * a.n)) };
    };
    for (const periodic of [[true, true, true], [true, false, true]] as [boolean, boolean, boolean][]) {
      const loop = made(false, periodic);
      expect(made(true, periodic)).toEqual(loop);
      // most atoms moved: the wrap did work
      expect(loop.image.filter((m) => m !== 0).length).toBeGreaterThan(400);
    }
  });

  it('the kernel\'s scan names a non-finite atom in the error too', () => {
    const a = new Atoms(), arena = new Arena(new Kernel('scalar'));
    a.setTypes(1);
    a.useStorage(new AtomVectors(arena));
    a.add(1, 1, 0, 2.5, 3);
    a.add(9, 1, 0.5, 2.5, Infinity);
    arena.ensure('list', 8);
    expect(() => remapAll(box, a, true, { k: arena.kernel.k, x: arena.ptr('x'), list: arena.ptr('list') }))
      .toThrow('Non-numeric atom coords - simulation unstable: atom 9 has position Infinity');
  });
});
