// npm run bench:ect: the cost of an ECT-EAM MD step against a Streitz–Mintmire step on the same 2160-atom α-Al2O3
// cell (issue #5 bar: ECT-EAM ≤ 1.5× SM per step, weight equalisation ≤ 10 iterations per step on average at KKT
// residual ≤ 1e-6 eV with warm start). Runs bench/in.ect-alo (pair_style ect/eam, AlO.ect) and bench/in.sm-alo
// (coul/streitz + eam/alloy + fix qeq/ensemble, LAMMPS's AlO files) through ectmd, alternating, --repeat times each
// (default 2; fastest loop counts), with thermo every step so that the iterations and KKT residual of every
// equalisation are read from the log. Prints loop times, the per-step ratio, iterations per step and the largest
// residual, and the load average: on a shared machine the numbers are only as good as the load lets them be.
// With --lammps it also runs in.ect-alo inside LAMMPS (embed/lammps lmp_ectmd, `pair_style ect/eam/ectmd`, the scalar
// kernel through wasm2c) at 1 and 2 MPI ranks next to ectmd at 1 and 2 workers, and prints the ratios.
// Usage: node dist/scripts/bench-ect.js [--repeat N] [--workers W] [--kernel simd|scalar] [--lammps [--lmp-ectmd PATH]]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastestOfRounds, loadAverages, option, parseLoop, projectRoot, which } from './bench-common.js';
import { parseLammpsLog, thermoColumn } from '../host/io/lammps-log.js';

const POTENTIALS = process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials';

interface Deck { label: string; file: string; iterations: string; residual: string }
const DECKS: Deck[] = [
  { label: 'ECT-EAM (ect/eam, AlO.ect)', file: 'in.ect-alo', iterations: 'c_st[1]', residual: 'c_st[2]' },
  { label: 'Streitz-Mintmire (qeq/ensemble)', file: 'in.sm-alo', iterations: 'f_q[2]', residual: 'f_q[3]' },
];

interface Result { loop: number; steps: number; iterations: number; residual: number }

/** One run of a deck from the project root (its data file path is relative to it); the log goes to a temp dir. */
function run(deck: Deck, workers: number, kernel: string, dir: string): Result {
  const log = join(dir, `log.${deck.file}`);
  const r = spawnSync(process.execPath, [join(projectRoot, 'bin', 'ectmd.js'), '-in', join(projectRoot, 'bench', deck.file), '-log', log,
    '-screen', 'none', '-var', 'thermo', '1', '--workers', String(workers), '--kernel', kernel], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${deck.file} failed (exit ${r.status}): ${r.stderr}`);
  return readResult(deck, log);
}

/** in.ect-alo through lmp_ectmd's ect/eam/ectmd (the solver's statistics from compute pair) on `ranks` MPI ranks. */
function runLammps(lmpEctmd: string, ranks: number, dir: string): Result {
  const deck = DECKS[0], log = join(dir, `log.lammps.${ranks}`), input = join(dir, 'in.ect-alo.lammps');
  writeFileSync(input, readFileSync(join(projectRoot, 'bench', deck.file), 'utf8')
    .replace(/^pair_style\s+ect\/eam /m, 'pair_style ect/eam/ectmd ')
    .replace(/^pair_coeff\s+\* \* AlO\.ect/m, `pair_coeff * * ${join(projectRoot, 'potentials', 'ect', 'AlO.ect')}`)
    .replace(/^compute\s+st all ect\/stats/m, 'compute st all pair ect/eam/ectmd'));
  const argv = [lmpEctmd, '-in', input, '-log', log, '-screen', 'none', '-var', 'thermo', '1'];
  const [cmd, all] = ranks === 1 ? [argv[0], argv.slice(1)] : ['mpirun', ['--allow-run-as-root', '--oversubscribe', '-np', String(ranks), ...argv]];
  const r = spawnSync(cmd, all, { cwd: projectRoot, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ECTMD_ROOT: projectRoot, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`lmp_ectmd in.ect-alo (${ranks} ranks) failed (exit ${r.status}): ${r.stderr}\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : ''}`);
  return readResult(deck, log);
}

/** Loop time and the solver's statistics of a run's log. */
function readResult(deck: Deck, log: string): Result {
  const text = readFileSync(log, 'utf8');
  const loop = parseLoop(deck.file, text);
  const table = parseLammpsLog(text, log).runs[0];
  // the loop's equalisations (rows after the setup row of step 0, which starts cold from the atoms' charges)
  const its = thermoColumn(table, deck.iterations, log).slice(1), res = thermoColumn(table, deck.residual, log).slice(1);
  return { loop: loop.loop, steps: loop.steps, iterations: its.reduce((a, b) => a + b, 0) / its.length, residual: Math.max(...res) };
}

function main(): void {
  const args = process.argv.slice(2);
  const repeat = Math.max(1, Number(option(args, '--repeat', '2')));
  const workers = Number(option(args, '--workers', '1'));
  const kernel = option(args, '--kernel', 'simd');
  const lammps = args.includes('--lammps');
  const lmpEctmd = option(args, '--lmp-ectmd', join(projectRoot, 'build', 'embed', 'lammps', 'lmp_ectmd'));
  if (lammps && !existsSync(lmpEctmd)) throw new Error(`bench-ect --lammps: ${lmpEctmd} not found (make -C embed/lammps)`);
  if (lammps && availableParallelism() >= 2 && !which('mpirun')) throw new Error('bench-ect --lammps: mpirun not found (apt-get install openmpi-bin)');
  for (const p of ['AlO.streitz', 'AlO.eam.alloy']) {
    if (!existsSync(join(POTENTIALS, p))) throw new Error(`${join(POTENTIALS, p)} not found (Debian lammps-data; in.sm-alo needs LAMMPS's Al-O files)`);
  }
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  console.log(`ectmd bench:ect, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${availableParallelism()} cores (${cpu}), kernel ${kernel}, ${workers} worker(s)`);
  console.log(`2160-atom alpha-Al2O3, 300 K NVE, dt 0.5 fs; best of ${repeat} alternating runs; load average at start ${loadAverages()}`);
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-bench-ect-'));
  try {
    const best = fastestOfRounds(DECKS, repeat, (deck) => run(deck, workers, kernel, dir),
      (deck, r) => console.log(`  ${deck.file}: loop ${r.loop.toFixed(2)} s (load average now ${loadavg()[0].toFixed(2)})`));
    console.log('\ndeck                               loop (s)  steps  per step (ms)  iterations/step  max KKT residual (eV)');
    for (const [d, deck] of DECKS.entries()) {
      const r = best[d];
      console.log(`${deck.label.padEnd(34)}${r.loop.toFixed(3).padStart(9)}  ${String(r.steps).padStart(5)}  ${(1000 * r.loop / r.steps).toFixed(1).padStart(13)}  ${r.iterations.toFixed(2).padStart(15)}  ${r.residual.toExponential(2).padStart(21)}`);
    }
    const [ect, sm] = best;
    const ratio = (ect.loop / ect.steps) / (sm.loop / sm.steps);
    console.log(`\nECT-EAM step / SM step = ${ratio.toFixed(2)} (bar <= 1.5: ${ratio <= 1.5 ? 'met' : 'not met'}); ` +
      `ECT-EAM equalisation ${ect.iterations.toFixed(2)} iterations/step at max residual ${ect.residual.toExponential(2)} eV (bar <= 10 at <= 1e-6: ${ect.iterations <= 10 && ect.residual <= 1e-6 ? 'met' : 'not met'})`);
    if (lammps) compareLammps(lmpEctmd, repeat, kernel, dir);
    console.log(`load average at end ${loadAverages()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** in.ect-alo through ectmd (W workers) and LAMMPS + kernel (W ranks), W = 1 and 2 where the cores allow, alternating,
 *  best of `repeat`; prints loop times and the ratio LAMMPS/ectmd at equal cores. */
function compareLammps(lmpEctmd: string, repeat: number, kernel: string, dir: string): void {
  const counts = availableParallelism() >= 2 ? [1, 2] : [1];
  const items = counts.flatMap((w) => [{ w, lammps: false }, { w, lammps: true }]);
  const fastest = fastestOfRounds(items, repeat, (it) => (it.lammps ? runLammps(lmpEctmd, it.w, dir) : run(DECKS[0], it.w, kernel, dir)),
    (it, r) => console.log(`  in.ect-alo at ${it.w}: ${it.lammps ? 'lmp_ectmd' : 'ectmd'} ${r.loop.toFixed(2)} s (load average now ${loadavg()[0].toFixed(2)})`));
  console.log(`\nin.ect-alo (ECT-EAM) in ectmd (kernel ${kernel}, W workers) and in LAMMPS + ectmd's kernel (lmp_ectmd ect/eam/ectmd, scalar build via wasm2c, W MPI ranks)`);
  console.log('W   ectmd loop (s)  it/step   lmp_ectmd loop (s)  it/step   lmp_ectmd / ectmd');
  for (const [c, w] of counts.entries()) {
    const e = fastest[2 * c], l = fastest[2 * c + 1]; // items: ectmd, then lmp_ectmd, per count
    console.log(`${String(w).padEnd(4)}${e.loop.toFixed(3).padStart(14)}  ${e.iterations.toFixed(2).padStart(7)}  ${l.loop.toFixed(3).padStart(19)}  ${l.iterations.toFixed(2).padStart(7)}  ${(l.loop / e.loop).toFixed(2).padStart(18)}`);
  }
}

main();
