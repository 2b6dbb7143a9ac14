// A team worker (run by piscina): instantiates the kernel on the team's shared memory and executes its rank's
// share of every command rank 0 posts, until Quit. Errors are reported through the control block.

import { Kernel, type KernelKind } from '../wasm/kernel.js';
import { Cmd, DONE, EPOCH, FAILED, CMD, LIST_BYTES, READY, TIMER_SLOTS, TIMING, controlViews } from './control.js';
import { runPhase } from './phases.js';

export interface WorkerTask { memory: WebAssembly.Memory; control: SharedArrayBuffer; rank: number; ranks: number; kind: KernelKind; spinMs: number }

export default function teamWorker(task: WorkerTask): string {
  const { i32, args, results, message, times } = controlViews(task.control);
  const kernel = new Kernel(task.kind, task.memory);
  let seen = Atomics.load(i32, EPOCH);
  Atomics.add(i32, READY, 1);
  Atomics.notify(i32, READY);
  for (;;) {
    // spin for spinMs (the next phase usually follows at once: control.ts spinMillis), then sleep until rank 0 bumps
    // the epoch
    const t0 = performance.now();
    let spins = 0;
    while (Atomics.load(i32, EPOCH) === seen) {
      if ((++spins & 255) === 0 && performance.now() - t0 > task.spinMs) Atomics.wait(i32, EPOCH, seen, 1000);
    }
    seen = Atomics.load(i32, EPOCH);
    const cmd = Atomics.load(i32, CMD) as Cmd;
    try {
      kernel.k.list_entry_bytes(Atomics.load(i32, LIST_BYTES));
      // timer full: the rank's own share of each command into its row of the phase timers
      const timed = Atomics.load(i32, TIMING) !== 0, t0 = timed ? performance.now() : 0;
      runPhase(kernel.k, cmd, args, task.rank, task.ranks, results);
      if (timed) times[task.rank * TIMER_SLOTS + cmd] += (performance.now() - t0) / 1000;
    } catch (err) {
      const text = new TextEncoder().encode(`worker ${task.rank}: ${err instanceof Error ? err.message : String(err)}`);
      message.fill(0);
      message.set(text.subarray(0, message.length - 1));
      Atomics.compareExchange(i32, FAILED, 0, task.rank + 1);
    }
    Atomics.add(i32, DONE, 1);
    Atomics.notify(i32, DONE);
    if (cmd === Cmd.Quit) return 'quit';
  }
}
