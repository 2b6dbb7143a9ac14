// lattice and region commands: spacings of the standard lattices, region membership (surfaces count as
// inside, side out inverts), the box create_box builds, and clear errors for bad input.

import { describe, expect, it } from 'vitest';
import { Box } from '../../host/system/box.js';
import { parseLattice, type Lattice } from '../../host/system/lattice.js';
import { parseRegion } from '../../host/system/region.js';

const where = { file: 'in.test', line: 12 };
const lat = (s: string) => parseLattice(s.split(' '), where);
const reg = (s: string, lattice: Lattice | null = lat('fcc 2'), box: Box | null = null) => parseRegion(s.split(' '), lattice, where, box);

describe('lattice', () => {
  it('cubic lattices have spacing a; hcp has a, √3a, √(8/3)a; [110] orientation stretches x by √2', () => {
    for (const style of ['sc', 'bcc', 'fcc', 'diamond']) {
      const l = lat(`${style} 3.5`);
      expect([l.xlattice, l.ylattice, l.zlattice]).toEqual([3.5, 3.5, 3.5]);
    }
    const h = lat('hcp 3');
    expect(h.ylattice).toBeCloseTo(3 * Math.sqrt(3), 12);
    expect(h.zlattice).toBeCloseTo(3 * Math.sqrt(8 / 3), 12);
    expect(h.basis.length).toBe(4);
    const o = lat('fcc 2 orient x 1 1 0 orient y -1 1 0 orient z 0 0 1');
    expect(o.xlattice).toBeCloseTo(2 * Math.SQRT2, 12);
    expect(o.zlattice).toBeCloseTo(2, 12);
  });

  it('maps lattice to box coordinates and back', () => {
    const l = lat('hcp 3 orient x 1 0 0 orient y 0 1 -1 orient z 0 1 1 origin 0.1 0.2 0.3');
    const p = [1.25, -0.5, 2];
    l.lattice2box(p);
    l.box2lattice(p);
    expect(p[0]).toBeCloseTo(1.25, 12);
    expect(p[1]).toBeCloseTo(-0.5, 12);
    expect(p[2]).toBeCloseTo(2, 12);
  });

  it('reports unknown styles, bad numbers and inconsistent orientations', () => {
    expect(() => lat('foo 3')).toThrow('in.test:12: Illegal lattice command: expected a lattice style (none sc bcc fcc hcp diamond), found "foo"');
    expect(() => lat('fcc 3x')).toThrow('in.test:12: lattice fcc scale: expected a finite number, found "3x"');
    expect(() => parseLattice(['fcc'], where)).toThrow(/expected a number, found end of input/);
    expect(() => lat('fcc -2')).toThrow(/expected a positive scale, found -2/);
    expect(() => lat('custom 1')).toThrow(/Unsupported lattice style/);
    expect(() => lat('sq 1')).toThrow(/Lattice style incompatible with simulation dimension/);
    expect(() => lat('fcc 3 orient x 1 1 0')).toThrow(/Lattice orient vectors are not orthogonal/);
    expect(() => lat('fcc 3 orient x 0 1 0 orient y 1 0 0')).toThrow(/not right-handed/);
    expect(() => lat('fcc 3 orient x 1 0.5 0')).toThrow(/lattice orient: expected an integer, found "0.5"/);
    expect(() => lat('fcc 3 origin 1 0 0')).toThrow(/expected origin values in \[0,1\)/);
    expect(() => lat('fcc 3 basis 0 0 0')).toThrow(/Invalid option in lattice command for non-custom style/);
    expect(() => lat('fcc 3 spacing 1 1')).toThrow(/expected 3 values after "spacing"/);
    expect(() => lat('fcc 3 twist 5')).toThrow(/expected a keyword origin, orient or spacing, found "twist"/);
  });
});

describe('region', () => {
  it('block: surfaces are inside, lattice units scale the bounds, side out inverts', () => {
    const b = reg('r block 0 1 0 2 0 3');
    expect(b.inside(2, 4, 6)).toBe(true);
    expect(b.inside(2.000001, 4, 6)).toBe(false);
    const out = reg('r block 0 1 0 2 0 3 side out');
    expect(out.inside(2, 4, 6)).toBe(false);
    expect(out.inside(-1, 0, 0)).toBe(true);
    expect(out.extent()).toBeNull();
    expect(reg('r block 0 1 0 2 0 3 units box', null).inside(1, 2, 3)).toBe(true);
  });

  it('prism: membership follows the tilted faces', () => {
    const p = reg('p prism 0 2 0 2 0 2 1 0 0 units box');
    expect(p.inside(2.9, 1.9, 1)).toBe(true);
    expect(p.inside(0.1, 1.9, 1)).toBe(false);
    expect(p.extent()).toEqual({ lo: [0, 0, 0], hi: [3, 2, 2] });
  });

  it('create_box gets an orthogonal box from a block and a triclinic one from a prism', () => {
    const box = reg('box block 0 5 0 4 0 3').boxFor(where);
    expect(box.triclinic).toBe(false);
    expect(box.hi).toEqual([10, 8, 6]);
    const tri = reg('box prism 0 5 0 4 0 3 1 -2 0.5').boxFor(where);
    expect(tri.triclinic).toBe(true);
    expect([tri.xy, tri.xz, tri.yz]).toEqual([2, -4, 1]);
  });

  it('INF and EDGE need an existing box; EDGE takes its faces', () => {
    expect(() => reg('r block 0 INF 0 1 0 1')).toThrow(/Cannot use region INF or EDGE when box does not exist/);
    const box = new Box([0, 0, 0], [10, 10, 10]);
    const r = reg('r block EDGE 1 INF INF 0 EDGE', lat('fcc 2'), box);
    expect(r.extent()).toEqual({ lo: [0, -1e20, 0], hi: [2, 1e20, 10] });
  });

  it('reports a missing lattice, bad numbers, unknown styles and impossible boxes', () => {
    expect(() => reg('box block 0 5 0 5 0 5', null)).toThrow('in.test:12: Use of region with undefined lattice: expected a lattice command first, or "units box", found no lattice');
    expect(() => reg('box block 0 a 0 5 0 5')).toThrow('in.test:12: region block bound: expected a finite number, found "a"');
    expect(() => reg('box sphere 0 0 0 5')).toThrow(/Unrecognized region style: expected block or prism, found "sphere"/);
    expect(() => reg('box block 0 5 0 5')).toThrow(/Illegal region block command: expected 6 values, found 4/);
    expect(() => reg('box block 5 0 0 5 0 5')).toThrow(/expected xlo <= xhi/);
    expect(() => reg('box prism 0 5 0 5 0 5 0 0')).toThrow(/expected 9 values/);
    expect(() => reg('box block 0 5 0 5 0 5 units metres')).toThrow(/expected units lattice or box, found metres/);
    expect(() => reg('box prism 0 4 0 4 0 4 2.5 0 0').boxFor(where)).toThrow(/Triclinic box skew is too large/);
    expect(() => reg('box block 0 4 0 4 0 4 side out').boxFor(where)).toThrow(/Create_box region must be of type inside/);
    expect(() => reg('box block 0 0 0 4 0 4').boxFor(where)).toThrow(/Box bounds are invalid or missing/);
  });
});
