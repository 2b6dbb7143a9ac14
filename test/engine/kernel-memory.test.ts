// Kernel memory above 2 GiB: wasm32 addresses up to 4 GiB come back from alloc as unsigned numbers the host can
// view (a 4,000,000-atom cell needs about 3 GiB), and a request past 4 GiB is a clear out-of-memory error
// instead of a wrapped-around address. Owners of persistent kernel data re-upload it once after a re-layout.

import { expect, test } from 'vitest';
import { join } from 'node:path';
import { Kernel } from '../../host/wasm/kernel.js';
import { Interpreter } from '../../host/lammps/interpreter.js';
import { repoRoot } from '../../scripts/compare-lammps.js';

test('allocations past 2 GiB are usable, past 4 GiB refused', () => {
  const k = new Kernel('scalar');
  const big = k.alloc(2 ** 31 + 2 ** 20);
  expect(big).toBeGreaterThan(0);
  const high = k.alloc(64);
  expect(high).toBeGreaterThan(2 ** 31);
  const v = k.f64(high, 8);
  v.set([1, 2, 3, 4, 5, 6, 7, 8]);
  expect([...k.f64(high, 8)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(() => k.alloc(2 ** 31)).toThrow(/out of kernel memory: cannot allocate 2147483648 bytes/);
  expect(() => k.alloc(2 ** 32 + 8)).toThrow(/out of kernel memory/);
  k.reset();
  expect(k.alloc(64)).toBeLessThan(2 ** 20);
});

test('a pair style attached at every run re-uploads its tables once per re-layout, not once per run so far', () => {
  const it = new Interpreter({ kernel: 'scalar', logPath: null, screen: false });
  ['units metal', 'atom_style atomic', 'lattice fcc 3.615', 'region box block 0 3 0 3 0 3', 'create_box 1 box', 'create_atoms 1 box',
    'pair_style eam/alloy', `pair_coeff * * ${join(repoRoot(), 'potentials', 'eam', 'Cu_zjw04.eam.alloy')} Cu`, 'run 0', 'run 0', 'run 0']
    .forEach((l, i) => it.line(l, { file: 'deck', line: i + 1 }));
  const e = it.engine, pair = e.pair as unknown as { upload(): void };
  let uploads = 0;
  const upload = pair.upload.bind(pair);
  pair.upload = () => { uploads++; upload(); };
  e.arena.ensure('grow', 1 << 20); // a new buffer: every buffer moves
  expect(uploads).toBe(1);
  const pe = e.pe();
  e.neighbor.build(e.atoms, e.box!);
  e.computeForces({ eatom: false, vatom: false });
  expect(e.pe()).toBe(pe); // the tables came back intact
});
