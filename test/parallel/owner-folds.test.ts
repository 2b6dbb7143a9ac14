// The reverse and forward ghost communication of a worker team by owner ranges (assembly/comm.ts): ghost_fold_owners,
// ghost_copy_owners and virial_fold touch only the ghosts whose owner lies in their range, in ghost order. Over all
// owners they must equal the serial kernels (ghost_fold, ghost_copy, virial_fdotr then ghost_fold) bit for bit, and
// disjoint ranges processed one after the other must give the same arrays as the whole range (each owner receives the
// same additions in the same order), the virial differing only by the grouping of its sum.

import { describe, expect, test } from 'vitest';
import { Kernel, type KernelKind } from '../../host/wasm/kernel.js';

/** A random set of n owned atoms and ng ghosts (owners repeat and come in no order, as ghost_build's images of images
 *  do), with positions and per-atom values of `width` f64, in a fresh kernel instance. */
function setup(kind: KernelKind, n: number, ng: number, width: number, seed: number) {
  const kernel = new Kernel(kind);
  let s = seed;
  const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 - 0.5; };
  const owner = kernel.alloc(4 * ng), x = kernel.alloc(24 * (n + ng)), a = kernel.alloc(8 * width * (n + ng)), out = kernel.alloc(48);
  const o = kernel.i32(owner, ng);
  for (let g = 0; g < ng; g++) o[g] = Math.floor((rnd() + 0.5) * n);
  kernel.f64(x, 3 * (n + ng)).forEach((_, i, arr) => { arr[i] = 20 * rnd(); });
  kernel.f64(a, width * (n + ng)).forEach((_, i, arr) => { arr[i] = rnd() * 10 ** Math.floor(4 * rnd()); });
  return { kernel, k: kernel.k, owner, x, a, out };
}

const bits = (v: Float64Array) => Array.from(new BigUint64Array(v.slice().buffer));

describe.each(['simd', 'scalar'] as KernelKind[])('%s kernel', (kind) => {
  const n = 257, ng = 613;

  test.each([1, 3, 6])('ghost_fold_owners over all owners is ghost_fold, and split ranges give the same (width %i)', (width) => {
    const whole = setup(kind, n, ng, width, 11), split = setup(kind, n, ng, width, 11), serial = setup(kind, n, ng, width, 11);
    serial.k.ghost_fold(n, ng, serial.owner, serial.a, width);
    whole.k.ghost_fold_owners(n, ng, whole.owner, whole.a, width, 0, n);
    for (const [o0, o1] of [[100, 257], [0, 37], [37, 100]]) split.k.ghost_fold_owners(n, ng, split.owner, split.a, width, o0, o1);
    const ref = bits(serial.kernel.f64(serial.a, width * (n + ng)));
    expect(bits(whole.kernel.f64(whole.a, width * (n + ng)))).toEqual(ref);
    expect(bits(split.kernel.f64(split.a, width * (n + ng)))).toEqual(ref);
  });

  test('ghost_copy_owners over split ranges is ghost_copy', () => {
    const split = setup(kind, n, ng, 1, 5), serial = setup(kind, n, ng, 1, 5);
    serial.k.ghost_copy(n, ng, serial.owner, serial.a);
    for (const [o0, o1] of [[200, 257], [0, 200]]) split.k.ghost_copy_owners(n, ng, split.owner, split.a, o0, o1);
    expect(bits(split.kernel.f64(split.a, n + ng))).toEqual(bits(serial.kernel.f64(serial.a, n + ng)));
    // a range that holds no owner changes nothing
    const none = setup(kind, n, ng, 1, 5), before = none.kernel.f64(none.a, n + ng).slice();
    none.k.ghost_copy_owners(n, ng, none.owner, none.a, 10, 10);
    expect(bits(none.kernel.f64(none.a, n + ng))).toEqual(bits(before));
  });

  test('virial_fold over all owners is virial_fdotr then ghost_fold; split ranges fold alike and sum the same virial', () => {
    const whole = setup(kind, n, ng, 3, 23), split = setup(kind, n, ng, 3, 23), serial = setup(kind, n, ng, 3, 23);
    serial.kernel.f64(serial.out, 6).fill(0);
    serial.k.virial_fdotr(0, n + ng, serial.x, serial.a, serial.out);
    serial.k.ghost_fold(n, ng, serial.owner, serial.a, 3);
    whole.kernel.f64(whole.out, 6).fill(0);
    whole.k.virial_fold(n, ng, whole.owner, whole.x, whole.a, 0, n, whole.out);
    const refF = bits(serial.kernel.f64(serial.a, 3 * (n + ng)));
    expect(bits(whole.kernel.f64(whole.a, 3 * (n + ng)))).toEqual(refF);
    expect(bits(whole.kernel.f64(whole.out, 6))).toEqual(bits(serial.kernel.f64(serial.out, 6)));
    split.kernel.f64(split.out, 6).fill(0);
    for (const [o0, o1] of [[128, 257], [0, 128]]) split.k.virial_fold(n, ng, split.owner, split.x, split.a, o0, o1, split.out);
    expect(bits(split.kernel.f64(split.a, 3 * (n + ng)))).toEqual(refF);
    const v = split.kernel.f64(split.out, 6), ref = serial.kernel.f64(serial.out, 6);
    const scale = Math.max(...Array.from(ref, Math.abs));
    for (let c = 0; c < 6; c++) expect(Math.abs(v[c] - ref[c])).toBeLessThan(1e-12 * scale);
  });
});
