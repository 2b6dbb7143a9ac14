// npm run bench:streitz: LAMMPS's examples/streitz/in.streitz.wolf (α-Al2O3, 2160 atoms, coul/streitz Wolf +
// eam/alloy, fix qeq/slater to 1e-6 every step, 100 NVE steps), unmodified, through LAMMPS serial and ectmd at 1 and
// 2 workers (or --workers LIST) in one invocation. The programs run in --repeat rounds (default 1), each once per
// round, and each program's fastest loop counts. Prints loop time, ratio to LAMMPS serial (its loop time over
// ectmd's), speedup against ectmd on 1 worker, the Pair and Kspace (with --ewald) times, the charge-equilibration time and its share of the loop, and the CG
// iterations per step of fix qeq/slater (s and t solves, from the line ectmd's log prints after each run), then the
// issue's bars (1 worker ≥ 5× LAMMPS serial, 2 workers ≥ 1.8× one worker). The load average before and after is
// printed: on a shared machine the numbers are only as good as the load lets them be.
// Usage: node dist/scripts/bench-streitz.js [--repeat N] [--workers 1,2] [--kernel simd|scalar] [--ewald] [--no-lammps]

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastestOfRounds, loadAverages, option, parseLoop, pinned, pinningNote, printBar, projectRoot, ratio, which } from './bench-common.js';

const POTENTIALS = process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials';

interface Result {
  label: string; kind: 'lammps' | 'ectmd'; workers: number; loop: number; steps: number; atoms: number;
  pair?: number; modify?: number; kspace?: number;
  /** ectmd: fix qeq/slater statistics of the run */
  qeq?: { solves: number; s: number; t: number; time: number; matrix: number };
}

function parse(label: string, text: string): Omit<Result, 'label' | 'kind' | 'workers'> {
  const r = parseLoop(label, text), sec = r.section;
  const q = /^Fix qeq\/slater \S+: (\d+) solves, CG iterations per solve ([\d.]+) \(s\) \+ ([\d.]+) \(t\), time ([\d.eE+-]+) s \([\d.]+% of the loop; matrix build ([\d.eE+-]+) s\)/m.exec(text);
  return {
    loop: r.loop, steps: r.steps, atoms: r.atoms, pair: sec('Pair'), modify: sec('Modify'), kspace: sec('Kspace'),
    qeq: q ? { solves: Number(q[1]), s: Number(q[2]), t: Number(q[3]), time: Number(q[4]), matrix: Number(q[5]) } : undefined,
  };
}

interface Program { label: string; kind: Result['kind']; workers: number; cmd: string[]; env: NodeJS.ProcessEnv }

function runOnce(p: Program, cwd: string, round: number): Result {
  const cmd = pinned(p.cmd, p.workers, round);
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd, encoding: 'utf8', env: { ...process.env, ...p.env }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${p.label} failed (exit ${r.status}): ${r.stderr}\n${r.stdout.slice(-2000)}`);
  return { label: p.label, kind: p.kind, workers: p.workers, ...parse(p.label, r.stdout) };
}

function main(): void {
  const args = process.argv.slice(2);
  const repeat = Math.max(1, Number(option(args, '--repeat', '1')));
  const workers = option(args, '--workers', availableParallelism() >= 2 ? '1,2' : '1').split(',').map(Number);
  if (workers.some((w) => !Number.isInteger(w) || w < 1)) throw new Error(`--workers: expected a comma-separated list of positive integers`);
  const kernel = option(args, '--kernel', 'simd');
  const deckName = args.includes('--ewald') ? 'in.streitz.ewald' : 'in.streitz.wolf';
  for (const p of ['AlO.streitz', 'AlO.eam.alloy']) {
    if (!existsSync(join(POTENTIALS, p))) throw new Error(`${join(POTENTIALS, p)} not found (Debian lammps-data, or set LAMMPS_POTENTIALS)`);
  }
  const lmp = args.includes('--no-lammps') ? null : which('lmp');
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  console.log(`ectmd bench:streitz, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${availableParallelism()} cores (${cpu}), kernel ${kernel}; ${pinningNote()}`);
  console.log(`${deckName} (LAMMPS examples/streitz, unmodified), best of ${repeat} round${repeat > 1 ? 's' : ''} (each program once per round); load average at start ${loadAverages()}`);
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-bench-streitz-'));
  const results: Result[] = [];
  try {
    copyFileSync(join(projectRoot, 'test', 'reference', 'lammps', 'streitz', deckName), join(dir, deckName));
    copyFileSync(join(projectRoot, 'test', 'reference', 'lammps', 'data.streitz'), join(dir, 'data.streitz'));
    for (const p of ['AlO.streitz', 'AlO.eam.alloy']) copyFileSync(join(POTENTIALS, p), join(dir, p));
    const programs: Program[] = [];
    if (lmp) programs.push({ label: 'LAMMPS serial', kind: 'lammps', workers: 1, cmd: [lmp, '-in', deckName, '-log', 'none'], env: { OMP_NUM_THREADS: '1' } });
    else console.log('LAMMPS (lmp) not run: ectmd numbers only');
    for (const w of workers) {
      programs.push({ label: `ectmd ${w} worker${w > 1 ? 's' : ''} (${kernel})`, kind: 'ectmd', workers: w,
        cmd: [process.execPath, join(projectRoot, 'bin', 'ectmd.js'), '-in', deckName, '-log', 'none', '--kernel', kernel, '--workers', String(w)], env: {} });
    }
    results.push(...fastestOfRounds(programs, repeat, (p, round) => runOnce(p, dir, round),
      (p, r) => console.log(`  ${p.label}: loop ${r.loop.toFixed(2)} s (load average now ${loadavg()[0].toFixed(2)})`),
      (runs) => {
        const l = runs.find((r) => r.kind === 'lammps'), w = (n: number) => runs.find((r) => r.kind === 'ectmd' && r.workers === n);
        console.log(`  this round: 1 worker ${ratio(l, w(1))} LAMMPS serial, 2 workers ${ratio(w(1), w(2))} one worker`);
      }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const lammps = results.find((r) => r.kind === 'lammps');
  const one = results.find((r) => r.kind === 'ectmd' && r.workers === 1);
  console.log(`\n${results[0].atoms} atoms, ${results[0].steps} steps; load average at end ${loadAverages()}`);
  console.log('run                        loop (s)  vs LAMMPS serial  vs 1 worker  Pair (s)  Kspace (s)  QEq (s)  QEq share  CG iter/step (s+t)  matrix (s)');
  for (const r of results) {
    const vsL = ratio(lammps, r);
    const vs1 = r.kind === 'ectmd' ? ratio(one, r) : '-';
    // LAMMPS's Modify section is fix qeq/slater plus fix nve (negligible); ectmd reports the solve's own time
    const qeqTime = r.qeq?.time ?? r.modify;
    const share = qeqTime !== undefined ? `${(100 * qeqTime / r.loop).toFixed(1)}%` : '-';
    const iters = r.qeq ? `${r.qeq.s.toFixed(1)}+${r.qeq.t.toFixed(1)}` : '-';
    const kspace = r.kspace !== undefined ? r.kspace.toFixed(2) : '-';
    console.log(`${r.label.padEnd(26)}${r.loop.toFixed(2).padStart(9)}  ${vsL.padStart(16)}  ${vs1.padStart(11)}  ${(r.pair ?? NaN).toFixed(2).padStart(8)}  ${kspace.padStart(10)}  ` +
      `${(qeqTime ?? NaN).toFixed(2).padStart(7)}  ${share.padStart(9)}  ${iters.padStart(18)}  ${(r.qeq?.matrix ?? NaN).toFixed(2).padStart(10)}`);
  }
  if (lammps) console.log('(LAMMPS: QEq = its Modify section, fix qeq/slater + fix nve)');
  const two = results.find((r) => r.kind === 'ectmd' && r.workers === 2);
  printBar('1 worker >= 5x LAMMPS serial', lammps, one, 5);
  printBar('2 workers >= 1.8x one worker', one, two, 1.8);
}

main();
