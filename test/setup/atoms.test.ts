// The host's per-atom arrays (host/system/atoms.ts): charges exist only once something reads or writes them (an
// atom_style atomic EAM run never does: 8 bytes per atom), read as zeros until set, and follow the atoms through
// growth and the spatial sort like every other array; types are 16-bit, which holds every allowed type; image flags
// are 16-bit until one leaves ±32767, then 32-bit with every flag kept (also through remap of an atom far out).

import { describe, expect, test } from 'vitest';
import { Atoms, MAX_ATOM_TYPES } from '../../host/system/atoms.js';
import { Box } from '../../host/system/box.js';
import { remapAll } from '../../host/system/remap.js';

function atoms(n: number, ntypes = 3): Atoms {
  const a = new Atoms();
  a.setTypes(ntypes);
  for (let i = 0; i < n; i++) a.add(i + 1, 1 + (i % ntypes), i, 2 * i, 3 * i);
  return a;
}

describe('Atoms', () => {
  test('charges read as zeros until set, for every atom, also after later growth', () => {
    const a = atoms(5);
    expect(a.chargesHeld).toBe(false);
    expect(Array.from(a.q.subarray(0, a.n))).toEqual([0, 0, 0, 0, 0]);
    expect(a.chargesHeld).toBe(true);
    a.q[4] = -1.5;
    for (let i = 0; i < 40; i++) a.add(100 + i, 1, 0, 0, 0); // several reallocations
    expect(a.q.length).toBeGreaterThanOrEqual(a.n);
    expect(a.q[4]).toBe(-1.5);
    expect(Array.from(a.q.subarray(5, a.n)).every((q) => q === 0)).toBe(true);
  });

  test('charges set before the sort move with their atoms; charges first read after it are zeros', () => {
    const perm = Int32Array.from([3, 0, 4, 1, 2]);
    const a = atoms(5);
    for (let i = 0; i < 5; i++) a.q[i] = 10 + i;
    a.permute(perm);
    expect(Array.from(a.tag.subarray(0, 5))).toEqual([4, 1, 5, 2, 3]);
    expect(Array.from(a.q.subarray(0, 5))).toEqual([13, 10, 14, 11, 12]);
    const b = atoms(5);
    b.permute(perm);
    expect(Array.from(b.q.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
  });

  test('a re-used slot starts with charge 0 (atoms removed, then one added)', () => {
    const a = atoms(3);
    a.q[2] = 7;
    a.n = 2;
    a.add(9, 1, 0, 0, 0);
    expect(a.q[2]).toBe(0);
  });

  test(`types up to MAX_ATOM_TYPES (${MAX_ATOM_TYPES}) are stored exactly`, () => {
    const a = new Atoms();
    a.setTypes(MAX_ATOM_TYPES);
    a.add(1, MAX_ATOM_TYPES, 0, 0, 0);
    a.add(2, 1, 0, 0, 0);
    expect(a.type[0]).toBe(MAX_ATOM_TYPES);
    expect(a.type[1]).toBe(1);
  });

  test('image flags widen from 16 to 32 bits when one leaves ±32767, keeping the others, also through remap and growth', () => {
    const a = atoms(4);
    expect(a.image).toBeInstanceOf(Int16Array);
    a.setImage(1, -32768);
    a.addImage(2, 32767);
    expect(a.image).toBeInstanceOf(Int16Array);
    a.addImage(2, 1);
    expect(a.image).toBeInstanceOf(Int32Array);
    expect(Array.from(a.image.subarray(0, 4))).toEqual([0, -32768, 32768, 0]);
    // 16-bit flags carried far out by remap: atom 3 at 50,000 periods of a 10 Å cell in y
    const b = atoms(4), box = new Box([0, 0, 0], [10, 10, 10]);
    b.x.set([5, 5, 5], 0); b.x.set([5, 5, 5], 3); b.x.set([5, 5, 5], 6);
    b.x.set([1, 10 * 50_000 + 2.5, -3], 9);
    remapAll(box, b);
    expect(b.image).toBeInstanceOf(Int32Array);
    expect(Array.from(b.image.subarray(9, 12))).toEqual([0, 50_000, -1]);
    expect(b.x[10]).toBeCloseTo(2.5, 9);
    for (let i = 0; i < 10; i++) b.add(100 + i, 1, 5, 5, 5);
    expect(b.image).toBeInstanceOf(Int32Array);
    expect(Array.from(b.image.subarray(9, 12))).toEqual([0, 50_000, -1]);
  });
});
