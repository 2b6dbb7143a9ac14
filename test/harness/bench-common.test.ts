// The benchmarks' shared rounds (scripts/bench-common.ts): each program's fastest run over the rounds, each round's
// runs handed over together, so that a bench can print ratios of runs made minutes apart, and the serial programs of a
// round pinned to one CPU.

import { expect, test } from 'vitest';
import { availableParallelism } from 'node:os';
import { fastestOfRounds, pinned, ratio } from '../../scripts/bench-common.js';

test('fastestOfRounds keeps each item\'s fastest run and shows every round its own runs, in item order', () => {
  const loops: Record<string, number[]> = { a: [3, 1, 2], b: [5, 6, 4] };
  const seen: number[][] = [];
  const calls: string[] = [];
  const best = fastestOfRounds(['a', 'b'], 3, (item, round) => ({ item, round, loop: loops[item].shift()! }),
    (item) => calls.push(item), (runs) => seen.push(runs.map((r) => r.loop)));
  expect(best.map((r) => [r.item, r.loop, r.round])).toEqual([['a', 1, 1], ['b', 4, 2]]);
  expect(seen).toEqual([[3, 5], [1, 6], [2, 4]]);
  expect(calls).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
});

test('pinned puts a single-core program on CPU round mod CPUs (with taskset), and leaves others alone', () => {
  const cmd = ['lmp', '-in', 'in.eam'];
  expect(pinned(cmd, 2, 0)).toEqual(cmd);
  const p = pinned(cmd, 1, availableParallelism() + 1);
  if (p === cmd) return; // no taskset on this machine: nothing to pin with
  expect(p.slice(1)).toEqual(['-c', String(1 % availableParallelism()), ...cmd]);
  expect(p[0]).toMatch(/taskset$/);
});

test('ratio formats a / b, and a dash when a run is missing', () => {
  expect(ratio({ loop: 5.59 }, { loop: 1 })).toBe('5.59x');
  expect(ratio({ loop: 3 }, { loop: 2 })).toBe('1.50x');
  expect(ratio(undefined, { loop: 1 })).toBe('-');
  expect(ratio({ loop: 1 }, undefined)).toBe('-');
});
