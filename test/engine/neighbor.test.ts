// The half neighbour list holds every pair closer than the neighbour cutoff exactly once, periodic images
// included, in orthogonal and strongly tilted cells, also when the list outgrows its first allocation.

import { describe, expect, test } from 'vitest';
import { Interpreter } from '../../host/lammps/interpreter.js';
import type { Engine } from '../../host/engine/engine.js';

function engineFor(region: string, skin: string): Engine {
  const it = new Interpreter({ kernel: 'simd', logPath: null, screen: false });
  [
    'units metal', 'atom_style atomic', 'lattice fcc 3.6', `region box ${region}`, 'create_box 1 box', 'create_atoms 1 box',
    'displace_atoms all random 0.4 0.4 0.4 31 units box', 'pair_style eam/alloy', 'pair_coeff * * Cu_zjw04.eam.alloy Cu',
    `neighbor ${skin} bin`, 'run 0',
  ].forEach((line, i) => it.line(line, { file: 'deck', line: i + 1 }));
  return it.engine;
}

/** Pairs (i < j by tag, image shift) within cut found by brute force over periodic images. */
function bruteForce(e: Engine, cut: number): Map<string, number> {
  const { x, n, tag } = e.atoms;
  const [a, b, c] = e.box!.edges();
  const pairs = new Map<string, number>();
  const range = 3;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    for (let p = -range; p <= range; p++) for (let q = -range; q <= range; q++) for (let r = -range; r <= range; r++) {
      if (i === j && p === 0 && q === 0 && r === 0) continue;
      const s = [0, 1, 2].map((d) => p * a[d] + q * b[d] + r * c[d]);
      const d2 = [0, 1, 2].reduce((acc, d) => acc + (x[3 * j + d] + s[d] - x[3 * i + d]) ** 2, 0);
      if (d2 < cut * cut) {
        const key = tag[i] < tag[j] || (tag[i] === tag[j]) ? `${tag[i]}-${tag[j]}` : `${tag[j]}-${tag[i]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
  }
  // every pair was seen from both ends (self-images: both ±shift)
  for (const [k, v] of pairs) pairs.set(k, v / 2);
  return pairs;
}

/** The list as a multiset of tag pairs, owners of ghosts resolved. */
function listed(e: Engine): Map<string, number> {
  const nb = e.neighbor, a = e.arena;
  const n = nb.nlocal, nall = nb.nall;
  const offs = a.i32('offs', n + 1), idx = nb.entries(), owner = a.i32('owner', nall - n);
  const tag = e.atoms.tag;
  const out = new Map<string, number>();
  for (let i = 0; i < n; i++) for (let k = offs[i]; k < offs[i + 1]; k++) {
    const j = idx[k] < n ? idx[k] : owner[idx[k] - n];
    const key = tag[i] <= tag[j] ? `${tag[i]}-${tag[j]}` : `${tag[j]}-${tag[i]}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

describe.each([
  ['orthogonal', 'block 0 2 0 2 0 3'],
  ['triclinic, tilts up to half a box length', 'prism 0 2 0 2 0 3 1 -1 0.9'],
])('%s cell', (_name, region) => {
  test('every pair within the neighbour cutoff, exactly once', () => {
    const e = engineFor(region, '0.7');
    const want = bruteForce(e, e.neighbor.cutneigh);
    const got = listed(e);
    expect(got.size).toBeGreaterThan(100);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want));
  });

  test('a list larger than its first allocation is rebuilt whole', () => {
    const e = engineFor(region, '0.7');
    const want = listed(e);
    const nb = e.neighbor as unknown as { pairCap: number };
    nb.pairCap = 16; // far too small: the kernel reports overflow and the host grows the buffers
    e.neighbor.build(e.atoms, e.box!);
    expect(nb.pairCap).toBeGreaterThan(16);
    expect(Object.fromEntries(listed(e))).toEqual(Object.fromEntries(want));
  });

  test('a list exactly as large as its allocation is complete (rows that might not fit are retried)', () => {
    const e = engineFor(region, '0.7');
    const want = listed(e);
    const nb = e.neighbor as unknown as { pairCap: number };
    // the last rows' candidates exceed the room left although their accepted pairs would fit
    nb.pairCap = e.neighbor.npairs;
    e.neighbor.build(e.atoms, e.box!);
    expect(Object.fromEntries(listed(e))).toEqual(Object.fromEntries(want));
    expect(e.neighbor.npairs).toBe([...want.values()].reduce((s, v) => s + v, 0));
  });
});
