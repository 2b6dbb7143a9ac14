// The Park–Miller generator: the minimal-standard check value, uniform and Gaussian moments, and the
// coordinate-hash reseeding that makes per-atom draws independent of storage order (its bit-exactness
// against LAMMPS is tested through velocity loop geom, displace_atoms and set type/fraction).

import { describe, expect, it } from 'vitest';
import { RanPark } from '../../host/random/park.js';

describe('RanPark', () => {
  it('reaches the published minimal-standard state 1043618065 after 10000 draws from seed 1', () => {
    const r = new RanPark(1);
    for (let i = 0; i < 10000; i++) r.uniform();
    expect(r.state()).toBe(1043618065);
  });

  it('uniform deviates lie in (0,1) with mean 1/2 and variance 1/12', () => {
    const r = new RanPark(12345);
    const n = 100000;
    let s = 0, s2 = 0, lo = 1, hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      lo = Math.min(lo, u); hi = Math.max(hi, u);
      s += u; s2 += u * u;
    }
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(1);
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 3);
  });

  it('gaussian deviates have mean 0, variance 1 and come in cached pairs', () => {
    const r = new RanPark(777);
    const n = 100000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const g = r.gaussian();
      s += g; s2 += g * g;
    }
    expect(s / n).toBeCloseTo(0, 1);
    expect(s2 / n).toBeCloseTo(1, 1);
    // The second of a pair costs no uniform draws.
    const a = new RanPark(5);
    a.gaussian();
    const before = a.state();
    a.gaussian();
    expect(a.state()).toBe(before);
  });

  it('reset(seed, x) depends only on seed and the exact coordinates, and drops a cached Gaussian', () => {
    const a = new RanPark(1), b = new RanPark(99);
    b.gaussian();
    a.reset(4321, [1.5, -2.25, 3.0]);
    b.reset(4321, new Float64Array([0, 0, 0, 1.5, -2.25, 3.0]), 3);
    expect(a.state()).toBe(b.state());
    expect(a.gaussian()).toBe(b.gaussian());
    const c = new RanPark(1);
    c.reset(4321, [1.5, -2.25, 3.0000000000000004]);
    const d = new RanPark(1);
    d.reset(4321, [1.5, -2.25, 3.0]);
    expect(c.uniform()).not.toBe(d.uniform());
  });

  it('rejects seeds LAMMPS rejects', () => {
    expect(() => new RanPark(0)).toThrow(/Invalid seed for Park random # generator/);
    expect(() => new RanPark(-3)).toThrow(/found -3/);
    expect(() => new RanPark(1.5)).toThrow(/expected an integer/);
  });
});
