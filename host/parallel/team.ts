// A team of workers for one engine: rank 0 is the main thread, ranks 1..W−1 are piscina workers, all on one shared
// WebAssembly.Memory. Each command is one barrier round: rank 0 posts it, does its own share, and waits (Atomics)
// until every worker has done its share. A worker that throws ends the command with its message; one that stops
// answering ends it after a watchdog delay; either way the team is closed and the run stops with an error.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { EctmdError } from '../errors.js';
import { sharedKernelMemory, type KernelExports, type KernelKind } from '../wasm/kernel.js';
import { CMD, CONTROL_BYTES, Cmd, DONE, EPOCH, FAILED, LIST_BYTES, MAX_RANKS, READY, TIMER_SLOTS, TIMING, controlViews, spinMillis, type ControlViews } from './control.js';
import { runPhase } from './phases.js';
import type { WorkerTask } from './worker.js';

/** Seconds a worker may take for one phase before the team is declared broken. */
const WATCHDOG_S = 120;

/** The compiled worker script (beside this module in dist/, or dist/ of the package when this runs from source). */
function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [join(here, 'worker.js'), join(here, '..', '..', 'dist', 'host', 'parallel', 'worker.js')]) if (existsSync(p)) return p;
  throw new EctmdError(`worker script dist/host/parallel/worker.js not found: run 'npm run build' first`);
}

/** The default team size: the cores Node may use. */
export function defaultWorkers(): number { return Math.max(1, Math.min(MAX_RANKS, availableParallelism())); }

export class Team {
  readonly memory: WebAssembly.Memory;
  private readonly views: ControlViews;
  private broken: string | null = null;
  private closed = false;
  /** command rounds run (for statistics) */
  rounds = 0;
  /** `timer full`: rank 0's waits for the other ranks and the rounds, per command (its own shares go to the control
   *  block's phase timers with the workers'); null while off */
  private timing: { wait: Float64Array; calls: Float64Array } | null = null;

  private constructor(readonly ranks: number, readonly kind: KernelKind, private readonly pool: Piscina,
                      control: SharedArrayBuffer, private readonly tasks: Promise<unknown>[], memory: WebAssembly.Memory,
                      /** how long rank 0 spins for the workers before it sleeps (control.ts spinMillis; theirs the same) */
                      private readonly spinMs: number) {
    this.memory = memory;
    this.views = controlViews(control);
  }

  /** Start ranks−1 workers on a fresh shared memory and wait until each has instantiated the kernel. */
  static async start(ranks: number, kind: KernelKind): Promise<Team> {
    if (!Number.isInteger(ranks) || ranks < 2 || ranks > MAX_RANKS) throw new EctmdError(`a team needs 2..${MAX_RANKS} workers, asked for ${ranks}`);
    const memory = sharedKernelMemory();
    const control = new SharedArrayBuffer(CONTROL_BYTES);
    const spinMs = spinMillis(ranks, availableParallelism());
    const filename = workerScript();
    const pool = new Piscina({ filename, minThreads: ranks - 1, maxThreads: ranks - 1, idleTimeout: 60_000 });
    let failure: unknown = null;
    const tasks = Array.from({ length: ranks - 1 }, (_, r) => {
      const task: WorkerTask = { memory, control, rank: r + 1, ranks, kind, spinMs };
      const p = pool.run(task);
      p.catch((err: unknown) => { failure ??= err; });
      return p;
    });
    const team = new Team(ranks, kind, pool, control, tasks, memory, spinMs);
    const i32 = team.views.i32;
    const t0 = Date.now();
    while (Atomics.load(i32, READY) < ranks - 1) {
      if (failure !== null) { await pool.destroy(); throw new EctmdError(`a worker failed to start: ${(failure as Error).message ?? failure}`); }
      if (Date.now() - t0 > 1000 * WATCHDOG_S) { await pool.destroy(); throw new EctmdError(`workers did not start within ${WATCHDOG_S} s`); }
      await new Promise((r) => setTimeout(r, 1));
    }
    return team;
  }

  /** Arguments of the next command (f64 slots; see control.ts). */
  get args(): Float64Array { return this.views.args; }
  get results(): Float64Array { return this.views.results; }

  /** Run one command on every rank; rank 0's share runs here, with the main thread's kernel. */
  run(cmd: Cmd, k: KernelExports): void {
    if (this.broken !== null) throw new EctmdError(`the worker team is unusable after an earlier failure: ${this.broken}`);
    if (this.closed) throw new EctmdError('the worker team has been closed');
    const { i32, args, results } = this.views;
    Atomics.store(i32, DONE, 0);
    Atomics.store(i32, CMD, cmd);
    // the workers' kernels read and write skin lists in the format rank 0's does (assembly/list.ts)
    Atomics.store(i32, LIST_BYTES, k.list_entry_bytes(0));
    Atomics.add(i32, EPOCH, 1);
    Atomics.notify(i32, EPOCH);
    let mine: unknown = null;
    const timing = this.timing, tOwn = timing ? performance.now() : 0;
    try { runPhase(k, cmd, args, 0, this.ranks, results); } catch (err) { mine = err; }
    const want = this.ranks - 1;
    const t0 = performance.now();
    if (timing) this.views.times[cmd] += (t0 - tOwn) / 1000;
    let spins = 0;
    for (;;) {
      const done = Atomics.load(i32, DONE);
      if (done >= want) break;
      if ((++spins & 255) !== 0 || performance.now() - t0 < this.spinMs) continue;
      Atomics.wait(i32, DONE, done, 100);
      if (performance.now() - t0 > 1000 * WATCHDOG_S) {
        this.fail(`${want - Atomics.load(i32, DONE)} worker(s) did not finish a phase within ${WATCHDOG_S} s (crashed, killed or out of memory)`);
      }
    }
    this.rounds++;
    if (timing) { timing.wait[cmd] += (performance.now() - t0) / 1000; timing.calls[cmd]++; }
    const failed = Atomics.load(i32, FAILED);
    if (failed !== 0) {
      const text = new TextDecoder().decode(this.views.message.slice()).replace(/\0.*$/s, '');
      this.fail(text);
    }
    if (mine !== null) this.fail(`rank 0: ${mine instanceof Error ? mine.message : String(mine)}`);
  }

  /** `timer full`: start timing every rank's share of each command from zero (on), or stop timing (off). */
  setTiming(on: boolean): void {
    // (the workers' timers are read only while on: cleared when timing starts)
    if (on) this.views.times.fill(0);
    this.timing = on ? { wait: new Float64Array(TIMER_SLOTS), calls: new Float64Array(TIMER_SLOTS) } : null;
    Atomics.store(this.views.i32, TIMING, on ? 1 : 0);
  }

  /** The commands run since setTiming(true), in Cmd order: their rounds, each rank's own time in them (s) and rank 0's
   *  time waiting for the others (s). */
  phaseTimes(): Array<{ name: string; calls: number; own: number[]; wait: number }> {
    const t = this.timing;
    if (!t) return [];
    const rows: Array<{ name: string; calls: number; own: number[]; wait: number }> = [];
    for (let c = 0; c < TIMER_SLOTS; c++) {
      if (t.calls[c] === 0) continue;
      const own = Array.from({ length: this.ranks }, (_, r) => this.views.times[r * TIMER_SLOTS + c]);
      rows.push({ name: Cmd[c] ?? `command ${c}`, calls: t.calls[c], own, wait: t.wait[c] });
    }
    return rows;
  }

  private fail(message: string): never {
    this.broken = message;
    void this.pool.destroy();
    throw new EctmdError(`worker team failed: ${message}`);
  }

  /** Stop the workers and the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.broken === null) {
      const i32 = this.views.i32;
      Atomics.store(i32, DONE, 0);
      Atomics.store(i32, CMD, Cmd.Quit);
      Atomics.add(i32, EPOCH, 1);
      Atomics.notify(i32, EPOCH);
      await Promise.allSettled(this.tasks);
    }
    await this.pool.destroy();
  }
}
