// Named buffers in the kernel's linear memory. The kernel allocator only bumps and resets, so growing any buffer
// re-lays out all of them: callers re-write contents after ensure() reports a re-layout (owners of persistent
// data, such as potential tables, register a listener that re-uploads them). Buffers declared with keep() (the
// atoms' positions, velocities and forces) are the exception: their contents move with them.

import type { Kernel } from './kernel.js';

export class Arena {
  readonly kernel: Kernel;
  private sizes = new Map<string, number>();
  private ptrs = new Map<string, number>();
  /** the bytes asked for (headroom excluded) by the time of the current layout: all a kept buffer's contents */
  private placed = new Map<string, number>();
  private wanted = new Map<string, number>();
  private kept: string[] = [];
  private listeners = new Map<string, () => void>();
  /** Incremented at every re-layout; owners compare it to know their data must be rewritten. */
  generation = 0;

  constructor(kernel: Kernel) { this.kernel = kernel; }

  /** Make buffer `name` at least `bytes` long (with 25% headroom when it grows). Returns true on re-layout. */
  ensure(name: string, bytes: number): boolean {
    if (!this.reserve(name, bytes)) return false;
    this.relayout();
    return true;
  }

  /** ensure() for several buffers with at most one re-layout. */
  ensureAll(wanted: [name: string, bytes: number][]): boolean {
    let grown = false;
    for (const [name, bytes] of wanted) grown = this.reserve(name, bytes) || grown;
    if (grown) this.relayout();
    return grown;
  }

  /** Keep the contents of buffer `name` through re-layouts. Kept buffers are laid out first, in the order of their
   *  keep() calls; as sizes only grow, each re-layout moves them up or leaves them, so moving them last to first never
   *  overwrites one not yet moved. */
  keep(name: string): void {
    if (this.kept.includes(name)) return;
    if (this.ptrs.size > 0) throw new Error(`arena: keep('${name}') after the first layout`);
    this.kept.push(name);
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

  private reserve(name: string, bytes: number): boolean {
    this.wanted.set(name, Math.max(bytes, this.wanted.get(name) ?? 0));
    const have = this.sizes.get(name);
    if (have !== undefined && have >= bytes) return false;
    this.sizes.set(name, Math.ceil(Math.max(bytes, 16) * (have === undefined ? 1 : 1.25) / 16) * 16);
    return true;
  }

  private relayout(): void {
    const kept = this.kept.filter((name) => this.sizes.has(name));
    const before = kept.map((name) => [this.ptrs.get(name), this.placed.get(name)] as const);
    this.kernel.reset();
    for (const name of kept) this.place(name);
    for (const name of this.sizes.keys()) if (!this.kept.includes(name)) this.place(name);
    const mem = this.kernel.u8(0, this.kernel.memoryBytes());
    // only the bytes asked for: copying the headroom too would make never-used pages resident
    for (let b = kept.length - 1; b >= 0; b--) {
      const [from, size] = before[b], to = this.ptrs.get(kept[b])!;
      if (from !== undefined && size !== undefined && from !== to) mem.copyWithin(to, from, from + size);
    }
    this.generation++;
    for (const fn of this.listeners.values()) fn();
  }

  private place(name: string): void {
    this.ptrs.set(name, this.kernel.alloc(this.sizes.get(name)!));
    this.placed.set(name, this.wanted.get(name)!);
  }

  f64(name: string, n: number): Float64Array { return this.kernel.f64(this.ptr(name), n); }
  i32(name: string, n: number): Int32Array { return this.kernel.i32(this.ptr(name), n); }
}
