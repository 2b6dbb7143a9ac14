// The kinetic tensor of thermo's temperature and pressure and of compute temp's vector (groupKeTensor, kernel
// ke_tensor in chunks of atoms, the sums carried from chunk to chunk): mvv2e · Σ m v_a v_b summed over the atoms in
// atom order, the same sums as a loop over the atoms here, bit for bit, for all atoms and for a group, with one chunk
// and with several; after the atoms' types or masses change, the new ones.

import { describe, expect, test } from 'vitest';
import { Engine } from '../../host/engine/engine.js';
import { groupKeTensor } from '../../host/compute/temperature.js';
import { METAL } from '../../host/system/units.js';
import { RanPark } from '../../host/random/park.js';
import type { KernelKind } from '../../host/wasm/kernel.js';

/** n atoms of three types at random velocities. */
function engine(kind: KernelKind, n: number): Engine {
  const e = new Engine(kind);
  e.atoms.setTypes(3);
  [63.546, 26.98, 15.999].forEach((m, t) => { e.atoms.mass[t + 1] = m; e.atoms.massSet[t + 1] = 1; });
  const random = new RanPark(12345), rnd = () => random.uniform();
  for (let i = 0; i < n; i++) e.atoms.add(i + 1, 1 + Math.floor(3 * rnd()), rnd(), rnd(), rnd());
  const v = e.atoms.v;
  for (let k = 0; k < 3 * n; k++) v[k] = 20 * (rnd() - 0.5);
  return e;
}

/** The tensor summed here, in atom order. */
function reference(e: Engine, mask: Uint8Array | null): number[] {
  const { v, type, mass, n } = e.atoms, t = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    const m = mass[type[i]], vx = v[3 * i], vy = v[3 * i + 1], vz = v[3 * i + 2];
    t[0] += m * vx * vx; t[1] += m * vy * vy; t[2] += m * vz * vz;
    t[3] += m * vx * vy; t[4] += m * vx * vz; t[5] += m * vy * vz;
  }
  return t.map((x) => x * METAL.mvv2e);
}

describe.each(['simd', 'scalar'] as KernelKind[])('%s kernel', (kind) => {
  test.each([1001, 9001])('%i atoms, all and a group: the sums of a loop over the atoms, bit for bit', (n) => {
    const e = engine(kind, n);
    const all = groupKeTensor(e, null);
    expect(all).toEqual(reference(e, null));
    expect(e.keTensor()).toEqual(all);
    const mask = new Uint8Array(e.atoms.n).map((_, i) => (i % 3 === 1 ? 1 : 0));
    const group = groupKeTensor(e, mask);
    expect(group).toEqual(reference(e, mask));
    // the group's sums are not all atoms'
    expect(group[0]).toBeLessThan(0.5 * all[0]);
    expect(groupKeTensor(e, new Uint8Array(e.atoms.n))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test('a change of types or masses is seen at the next call', () => {
    const e = engine(kind, 500);
    const before = groupKeTensor(e, null);
    e.atoms.type[7] = e.atoms.type[7] === 1 ? 2 : 1;
    const retyped = groupKeTensor(e, null);
    expect(retyped).toEqual(reference(e, null));
    expect(retyped[0]).not.toBe(before[0]);
    e.atoms.mass[2] *= 2;
    expect(groupKeTensor(e, null)).toEqual(reference(e, null));
  });
});
