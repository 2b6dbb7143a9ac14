// An engine's atom positions, velocities and forces in its kernel's memory (Atoms.useStorage): the arena buffers 'x',
// 'v' and 'f', kept through re-layouts. 'x' and 'f' hold the owned atoms first and their ghosts after them (the
// neighbour build sizes them for both), so the kernels read the positions and write the forces the host integrates,
// with no copy either way, and a worker team can integrate its own atoms.

import type { VectorStorage } from '../system/atoms.js';
import type { Arena } from './arena.js';

export class AtomVectors implements VectorStorage {
  constructor(private readonly arena: Arena) {
    for (const name of ['x', 'v', 'f']) arena.keep(name);
  }

  vectors(count: number): { x: Float64Array; v: Float64Array; f: Float64Array } {
    const a = this.arena, bytes = 8 * Math.max(count, 1);
    a.ensureAll([['x', bytes], ['v', bytes], ['f', bytes]]);
    return { x: a.f64('x', count), v: a.f64('v', count), f: a.f64('f', count) };
  }
}
