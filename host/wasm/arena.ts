// Named buffers in the kernel's linear memory. The kernel allocator only bumps and resets, so growing any buffer
// re-lays out all of them: callers re-write contents after ensure() reports a re-layout (owners of persistent
// data, such as potential tables, register a listener that re-uploads them).

import type { Kernel } from './kernel.js';

export class Arena {
  readonly kernel: Kernel;
  private sizes = new Map<string, number>();
  private ptrs = new Map<string, number>();
  private listeners = new Map<string, () => void>();
  /** Incremented at every re-layout; owners compare it to know their data must be rewritten. */
  generation = 0;

  constructor(kernel: Kernel) { this.kernel = kernel; }

  /** Make buffer `name` at least `bytes` long (with 25% headroom when it grows). Returns true on re-layout. */
  ensure(name: string, bytes: number): boolean {
    const have = this.sizes.get(name);
    if (have !== undefined && have >= bytes) return false;
    this.sizes.set(name, Math.ceil(Math.max(bytes, 16) * (have === undefined ? 1 : 1.25) / 16) * 16);
    this.relayout();
    return true;
  }

  ptr(name: string): number {
    const p = this.ptrs.get(name);
    if (p === undefined) throw new Error(`arena: no buffer '${name}'`);
    return p;
  }

  has(name: string): boolean { return this.ptrs.has(name); }

  /** Call fn after every re-layout; `name` is the buffer fn re-writes: a later registration for the same buffer
   *  (the same pair style attached again at the next run, or a new one that replaced it) takes its place. */
  onRelayout(name: string, fn: () => void): void { this.listeners.set(name, fn); }

  /** Total bytes held by named buffers. */
  bytes(): number { let s = 0; for (const v of this.sizes.values()) s += v; return s; }

  private relayout(): void {
    this.kernel.reset();
    for (const [name, size] of this.sizes) this.ptrs.set(name, this.kernel.alloc(size));
    this.generation++;
    for (const fn of this.listeners.values()) fn();
  }

  f64(name: string, n: number): Float64Array { return this.kernel.f64(this.ptr(name), n); }
  i32(name: string, n: number): Int32Array { return this.kernel.i32(this.ptr(name), n); }
}
