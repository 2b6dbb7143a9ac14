// What the benchmark scripts (bench.ts, bench-streitz.ts, bench-embed.ts, bench-ect.ts, bench-qeq-ensemble.ts) share:
// the project root, command-line options, finding a program, reading the "Loop time" line and the timing breakdown
// that LAMMPS and ectmd both print, and keeping the fastest of runs made in interleaved rounds.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the folder holding package.json, one level above scripts/ or two above dist/scripts/. */
export const projectRoot = [join(dirname(fileURLToPath(import.meta.url)), '..', '..'), join(dirname(fileURLToPath(import.meta.url)), '..')]
  .find((d) => existsSync(join(d, 'package.json')))!;

/** The value after `name` in args, or fallback. */
export function option(args: string[], name: string, fallback: string): string {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] !== undefined ? args[k + 1] : fallback;
}

/** The 1-, 5- and 15-minute load averages, two decimals each: a 2-core machine shared with other jobs gives numbers
 *  only as good as the load lets them be, so every benchmark prints them. */
export function loadAverages(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** The path of a program on PATH, or null. */
export function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** taskset's path (looked up at the first use, not when a script imports this module), or null. */
let tasksetPath: string | null | undefined;
function taskset(): string | null {
  if (tasksetPath === undefined) tasksetPath = which('taskset');
  return tasksetPath;
}

/** `cmd`, for a single-core program (`cores` 1) pinned by taskset (where present) to CPU `round` mod the CPU count, so
 *  that the serial programs of one round run on the same core: this VM's two vCPUs ran at different speeds for minutes
 *  at a time (in.streitz.wolf on 1 worker, 2026-12-06 19:08 UTC: 13.06 and 10.20 s on cpu0, 8.25 and 9.48 s on cpu1),
 *  and unpinned serial runs compared whichever cores they landed on. */
export function pinned(cmd: string[], cores: number, round: number): string[] {
  const ts = cores === 1 ? taskset() : null;
  return ts ? [ts, '-c', String(round % availableParallelism()), ...cmd] : cmd;
}

/** What the benches print about pinning. */
export function pinningNote(): string {
  return taskset() ? 'serial programs pinned to one CPU per round (taskset: CPU = round mod CPUs)' : 'taskset not found: serial programs not pinned';
}

export interface Loop {
  loop: number; steps: number; atoms: number;
  /** seconds of a timing-breakdown section (Pair, Neigh, Modify, Kspace, …), undefined when not printed */
  section(name: string): number | undefined;
}

/** The "Loop time of T on P procs for N steps with M atoms" line and the timing breakdown of a run's output. */
export function parseLoop(label: string, text: string): Loop {
  const m = /Loop time of ([\d.eE+-]+) on \d+ procs for (\d+) steps with (\d+) atoms/.exec(text);
  if (!m) throw new Error(`${label}: no "Loop time" line in output:\n${text.slice(-2000)}`);
  // LAMMPS: `Pair | min | avg | max | %varavg | %total`; ectmd: `Pair | time | %total` — the avg or the time
  const section = (name: string) => {
    const line = new RegExp(`^${name}\\s*\\|.*$`, 'm').exec(text)?.[0];
    if (!line) return undefined;
    const cols = line.split('|').slice(1).map((c) => Number(c.trim()));
    return cols.length >= 5 ? cols[1] : cols[0];
  };
  return { loop: Number(m[1]), steps: Number(m[2]), atoms: Number(m[3]), section };
}

/** Runs every item once per round for `repeat` rounds (so that a slow spell of a shared machine falls on all of them
 *  alike rather than on one; `run` gets the round's index) and returns each item's fastest run, in the items' order.
 *  `after` sees each run, `round` each round's runs in the items' order (ratios within one round compare runs minutes
 *  apart; the best-of runs may be a round apart). */
export function fastestOfRounds<T, R extends { loop: number }>(items: readonly T[], repeat: number, run: (item: T, round: number) => R,
                                                              after?: (item: T, r: R) => void, round?: (runs: R[]) => void): R[] {
  const keep: (R | null)[] = items.map(() => null);
  for (let k = 0; k < repeat; k++) {
    const runs = items.map((item, i) => {
      const r = run(item, k);
      after?.(item, r);
      if (keep[i] === null || r.loop < keep[i]!.loop) keep[i] = r;
      return r;
    });
    round?.(runs);
  }
  return keep as R[];
}

/** `a / b` as a ratio (`1.84x`), or '-' when either run is missing. */
export function ratio(a: { loop: number } | undefined, b: { loop: number } | undefined): string {
  return a && b ? `${(a.loop / b.loop).toFixed(2)}x` : '-';
}

/** A performance bar of an issue on the best-of table: `bar: WHAT: 1.84x met` (or `NOT met`) when b ran `at` or more
 *  times as fast as a; nothing when either run is missing. */
export function printBar(what: string, a: { loop: number } | undefined, b: { loop: number } | undefined, at: number, label = 'bar'): void {
  if (a && b) console.log(`${label}: ${what}: ${ratio(a, b)} ${a.loop / b.loop >= at ? 'met' : 'NOT met'}`);
}
