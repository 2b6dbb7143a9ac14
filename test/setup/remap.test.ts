// Domain::remap: atoms are wrapped into lo <= x < hi of periodic dimensions, image flags count the periods
// crossed, non-periodic dimensions are left alone, and triclinic boxes wrap along the box vectors.

import { describe, expect, it } from 'vitest';
import { Atoms } from '../../host/system/atoms.js';
import { Box } from '../../host/system/box.js';
import { remapAll } from '../../host/system/remap.js';

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
});
