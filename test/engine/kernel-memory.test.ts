// Kernel memory above 2 GiB: wasm32 addresses up to 4 GiB come back from alloc as unsigned numbers the host can
// view (a 4,000,000-atom cell needs about 3 GiB), and a request past 4 GiB is a clear out-of-memory error
// instead of a wrapped-around address. Owners of persistent kernel data re-upload it once after a re-layout; the
// atoms' positions, velocities and forces (kept buffers) move with their contents.

import { expect, test } from 'vitest';
import { join } from 'node:path';
import { Kernel } from '../../host/wasm/kernel.js';
import { Arena } from '../../host/wasm/arena.js';
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

test('kept buffers carry their contents through re-layouts, laid out first, and atoms views follow them', () => {
  const a = new Arena(new Kernel('scalar'));
  a.keep('p'); a.keep('q');
  a.ensure('p', 800); a.ensure('other', 4000); a.ensure('q', 800);
  a.f64('p', 100).forEach((_, i, v) => { v[i] = i + 0.5; });
  a.f64('q', 100).forEach((_, i, v) => { v[i] = -i; });
  expect(a.ptr('p')).toBeLessThan(a.ptr('q'));
  expect(a.ptr('q')).toBeLessThan(a.ptr('other'));
  const q0 = a.ptr('q');
  a.ensure('p', 80_000); // the first kept buffer grows: the second moves up, its contents with it
  expect(a.ptr('q')).toBeGreaterThan(q0);
  expect(Array.from(a.f64('p', 100))).toEqual(Array.from({ length: 100 }, (_, i) => i + 0.5));
  expect(Array.from(a.f64('q', 100))).toEqual(Array.from({ length: 100 }, (_, i) => -i));
  expect(() => a.keep('late')).toThrow(/keep\('late'\) after the first layout/);

  // an engine's atoms: positions written atom by atom survive the re-layouts their growth causes, and after a new
  // buffer moves everything the views are the kernel's 'x' and 'f' again
  const it = new Interpreter({ kernel: 'scalar', logPath: null, screen: false });
  ['units metal', 'atom_style atomic', 'region box block 0 40 0 40 0 40 units box', 'create_box 1 box']
    .forEach((l, i) => it.line(l, { file: 'deck', line: i + 1 }));
  const e = it.engine, atoms = e.atoms;
  for (let i = 0; i < 5000; i++) atoms.add(i + 1, 1, (i % 37) * 1.01, (i % 41) * 0.97, (i % 43) * 0.93);
  e.arena.ensure('grow-after', 1 << 22);
  const k = e.kernel;
  expect(atoms.x.byteOffset).toBe(e.arena.ptr('x'));
  expect(atoms.f.byteOffset).toBe(e.arena.ptr('f'));
  expect(k.f64(e.arena.ptr('x'), 3 * 5000)[3 * 4999 + 2]).toBe((4999 % 43) * 0.93);
  for (let i = 0; i < 5000; i++) expect(atoms.x[3 * i + 1]).toBe((i % 41) * 0.97);
  expect(Array.from(atoms.f.subarray(0, 3 * 5000)).every((v) => v === 0)).toBe(true);
});
