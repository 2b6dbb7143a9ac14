// Kernel memory above 2 GiB: wasm32 addresses up to 4 GiB come back from alloc as unsigned numbers the host can
// view (a 4,000,000-atom cell needs about 3 GiB), and a request past 4 GiB is a clear out-of-memory error
// instead of a wrapped-around address.

import { expect, test } from 'vitest';
import { Kernel } from '../../host/wasm/kernel.js';

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
