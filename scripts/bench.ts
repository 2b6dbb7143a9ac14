// npm run bench: LAMMPS's bench/in.eam workload (Cu_u3 EAM, 32,000 atoms, 100 steps) and its 2×2×2 replica
// (256,000 atoms), with --large also a 5×5×5 replica (4,000,000 atoms, 10 steps), run in one invocation through
// LAMMPS serial, `mpirun -np 2 lmp` (when mpirun is present and there are 2 cores) and ectmd at 1, 2, … workers
// (up to the cores present). The programs run in --repeat rounds (default 3; 1 for the large cell unless --repeat is
// given), each once per round, and each program's fastest loop counts. Prints one table per cell: loop time,
// atom-steps/s, ratio to LAMMPS serial, ratio to LAMMPS MPI at the same core count, parallel efficiency against ectmd
// on 1 worker, and peak RSS per atom (/usr/bin/time), then issue #3's bars on it (`bar: … met` or `NOT met`): its speed
// bars on in.eam, the same thresholds on the replicas for comparison, and its memory bar on the 4,000,000-atom cell.
// Usage: node dist/scripts/bench.js [--large] [--repeat N] [--workers 1,2,...] [--kernel simd|scalar] [--only 32k|256k|4M]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, copyFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastestOfRounds, loadAverages, option, parseLoop, pinned, pinningNote, printBar, projectRoot, ratio, which } from './bench-common.js';

interface Result {
  label: string; kind: 'lammps' | 'mpi' | 'ectmd'; cores: number;
  loop: number; steps: number; atoms: number; pair?: number; neigh?: number; rssKB?: number;
}

interface Cell { name: string; rep: number; steps: number; repeat: number }

function parse(label: string, text: string): Omit<Result, 'label' | 'kind' | 'cores' | 'rssKB'> {
  const r = parseLoop(label, text);
  return { loop: r.loop, steps: r.steps, atoms: r.atoms, pair: r.section('Pair'), neigh: r.section('Neigh') };
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Program { label: string; kind: Result['kind']; cores: number; cmd: string[]; env: NodeJS.ProcessEnv }

/** Runs a program once under /usr/bin/time (for peak RSS). */
function runOnce(p: Program, cwd: string, round: number): Result {
  const cmd = pinned(p.cmd, p.cores, round);
  const argv = TIME ? [TIME, '-f', 'BENCH_MAXRSS_KB %M', ...cmd] : cmd;
  const r = spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8', env: { ...process.env, ...p.env }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${p.label} failed (exit ${r.status}): ${r.stderr}\n${r.stdout.slice(-2000)}`);
  const rss = /BENCH_MAXRSS_KB (\d+)/.exec(r.stderr);
  return { label: p.label, kind: p.kind, cores: p.cores, ...parse(p.label, r.stdout), rssKB: rss ? Number(rss[1]) : undefined };
}

function runCell(cell: Cell, opts: { workers: number[]; kernel: string; lmp: string | null; mpirun: string | null; havePot: boolean }): Result[] {
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-bench-'));
  try {
    copyFileSync(join(projectRoot, 'bench', 'in.eam'), join(dir, 'in.eam'));
    const r = String(cell.rep);
    const vars = ['-var', 'x', r, '-var', 'y', r, '-var', 'z', r, '-var', 'steps', String(cell.steps)];
    const programs: Program[] = [];
    const serial = { OMP_NUM_THREADS: '1' };
    if (opts.lmp && opts.havePot) {
      programs.push({ label: 'LAMMPS serial', kind: 'lammps', cores: 1, cmd: [opts.lmp, '-in', 'in.eam', '-log', 'none', ...vars], env: serial });
      if (opts.mpirun && availableParallelism() >= 2) {
        programs.push({ label: 'LAMMPS mpirun -np 2', kind: 'mpi', cores: 2,
          cmd: [opts.mpirun, '--allow-run-as-root', '--oversubscribe', '-np', '2', opts.lmp, '-in', 'in.eam', '-log', 'none', ...vars],
          env: { ...serial, OMPI_MCA_btl_vader_single_copy_mechanism: 'none' } });
      }
    }
    const potVars = opts.havePot ? [] : ['-var', 'pstyle', 'eam/alloy', '-var', 'pcoeff', `* * ${join(projectRoot, 'potentials', 'eam', 'Cu_zjw04.eam.alloy')} Cu`];
    for (const w of opts.workers) {
      programs.push({ label: `ectmd ${w} worker${w > 1 ? 's' : ''} (${opts.kernel})`, kind: 'ectmd', cores: w,
        cmd: [process.execPath, join(projectRoot, 'bin', 'ectmd.js'), '-in', 'in.eam', '-log', 'none', '--kernel', opts.kernel, '--workers', String(w), ...vars, ...potVars], env: {} });
    }
    return fastestOfRounds(programs, cell.repeat, (p, round) => runOnce(p, dir, round), undefined, (runs) => {
      const find = (kind: Result['kind'], cores: number) => runs.find((r) => r.kind === kind && r.cores === cores);
      const one = find('ectmd', 1), two = find('ectmd', 2);
      console.log(`  ${cell.name}, one round: 1 worker ${ratio(find('lammps', 1), one)} LAMMPS serial; 2 workers ${ratio(one, two)} one worker, ` +
        `${ratio(find('mpi', 2), two)} mpirun -np 2 (loops ${runs.map((r) => r.loop.toFixed(2)).join(', ')} s)`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(cell: Cell, results: Result[], repeat: number): void {
  const lmpSerial = results.find((r) => r.kind === 'lammps');
  const mpi = new Map(results.filter((r) => r.kind === 'mpi').map((r) => [r.cores, r]));
  const one = results.find((r) => r.kind === 'ectmd' && r.cores === 1);
  console.log(`\n${cell.name}: ${results[0].atoms} atoms, ${results[0].steps} steps, best of ${repeat} round${repeat > 1 ? 's' : ''}`);
  console.log('run                          loop (s)  atom-steps/s  vs LAMMPS serial  vs LAMMPS MPI same cores  par. eff.  Pair (s)  Neigh (s)  peak RSS B/atom');
  for (const r of results) {
    const thr = r.atoms * r.steps / r.loop;
    const eff = r.kind === 'ectmd' && one ? `${(100 * one.loop / r.loop / r.cores).toFixed(0)}%` : '-';
    const vsMpi = r.kind === 'ectmd' && r.cores > 1 ? ratio(mpi.get(r.cores), r) : '-';
    // mpirun's own RSS is not its ranks': left out
    const rss = r.rssKB !== undefined && r.kind !== 'mpi' ? (r.rssKB * 1024 / r.atoms).toFixed(0) : '-';
    console.log(`${r.label.padEnd(28)}${r.loop.toFixed(3).padStart(9)}  ${thr.toExponential(3).padStart(12)}  ${ratio(lmpSerial, r).padStart(16)}  ${vsMpi.padStart(24)}  ${eff.padStart(9)}  ${(r.pair ?? NaN).toFixed(3).padStart(8)}  ${(r.neigh ?? NaN).toFixed(3).padStart(9)}  ${rss.padStart(15)}`);
  }
  // issue #3's bars on this table: its speed bars are set on in.eam itself (32,000 atoms); on the replicas the same
  // thresholds are shown for comparison, labelled so
  const two = results.find((r) => r.kind === 'ectmd' && r.cores === 2);
  const label = cell.rep === 1 ? 'bar' : 'in.eam\'s speed bar, for comparison';
  printBar('1 worker >= 2x LAMMPS serial', lmpSerial, one, 2, label);
  printBar('2 workers >= 1.8x one worker', one, two, 1.8, label);
  printBar('2 workers >= 1.8x mpirun -np 2', mpi.get(2), two, 1.8, label);
  // the memory bar for every worker count (the default run uses all cores)
  if (cell.rep === 5) {
    for (const r of results) {
      if (r.kind !== 'ectmd' || r.rssKB === undefined) continue;
      const perAtom = r.rssKB * 1024 / r.atoms;
      console.log(`bar: peak RSS of ${r.cores} worker${r.cores > 1 ? 's' : ''} <= 300 bytes/atom: ${perAtom.toFixed(0)} ${perAtom <= 300 ? 'met' : 'NOT met'}`);
    }
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const repeat = Math.max(1, Number(option(args, '--repeat', '3')));
  const cores = availableParallelism();
  const workers = option(args, '--workers', Array.from({ length: cores }, (_, k) => k + 1).join(',')).split(',').map(Number);
  if (workers.some((w) => !Number.isInteger(w) || w < 1)) throw new Error(`--workers: expected a comma-separated list of positive integers, found ${option(args, '--workers', '')}`);
  const kernel = option(args, '--kernel', 'simd');
  const only = option(args, '--only', '');
  const pot = '/usr/share/lammps/potentials/Cu_u3.eam';
  const havePot = existsSync(pot);
  if (!havePot) console.log(`note: ${pot} not found (Debian lammps-data): running ectmd's own Cu (Zhou 2004) instead, no LAMMPS comparison`);
  const lmp = which('lmp');
  if (!lmp) console.log('LAMMPS (lmp) not found: printing ectmd numbers only');
  const mpirun = which('mpirun');
  const cells: Cell[] = [
    { name: 'in.eam', rep: 1, steps: 100, repeat },
    { name: 'in.eam 2x2x2 replica', rep: 2, steps: 100, repeat },
    // the large cell once per program unless --repeat is given
    ...(args.includes('--large') ? [{ name: 'in.eam 5x5x5 replica (--large)', rep: 5, steps: 10, repeat: args.includes('--repeat') ? repeat : 1 }] : []),
  ].filter((c) => !only || (only === '32k' && c.rep === 1) || (only === '256k' && c.rep === 2) || (only === '4M' && c.rep === 5));
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  console.log(`ectmd bench, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cores} cores (${cpu}), kernel ${kernel}; ${pinningNote()}`);
  for (const cell of cells) {
    const before = loadAverages();
    const results = runCell(cell, { workers, kernel, lmp, mpirun, havePot });
    table(cell, results, cell.repeat);
    // a 2-core machine shared with other jobs: the numbers are only as good as the load lets them be
    console.log(`load average before ${before}, after ${loadAverages()}`);
  }
}

main();
