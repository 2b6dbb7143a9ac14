// The `ectmd` command line: LAMMPS-style flags (-in -var -log -screen -echo) plus `ectmd run FILE`, `ectmd plot LOG`
// (host/plot/plot.ts), --kernel simd|scalar, --workers N, --resume RESTART, --plot, --version, --help. Errors print one
// clear message and exit non-zero; SIGINT/SIGTERM stop a run after the current step with a restart file (exit
// 130/143; a second signal stops at once).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Command, Option } from 'commander';
import { Worker } from 'node:worker_threads';
import { defaultKernelKind, type KernelKind } from '../wasm/kernel.js';
import type { EchoMode } from '../io/output.js';
import { EctmdError } from '../errors.js';
import { defaultWorkers } from '../parallel/team.js';
import type { RunReply, RunRequest } from './run-worker.js';
import type { PlotOptions } from '../plot/plot.js';

const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'package.json'), 'utf8')) as { version: string };

const LAMMPS_FLAGS: Record<string, string> = {
  '-in': '--in', '-i': '--in', '-log': '--log', '-l': '--log', '-screen': '--screen', '-sc': '--screen',
  '-echo': '--echo', '-e': '--echo',
};

/** Pull LAMMPS `-var NAME V1 V2 …` groups out of argv and rename single-dash flags for commander. */
export function preprocessArgs(argv: string[]): { argv: string[]; vars: Record<string, string[]> } {
  const out: string[] = [];
  const vars: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-var' || a === '-v') {
      const name = argv[i + 1];
      if (!name || name.startsWith('-')) throw new EctmdError(`-var: expected a variable name and values, found ${name ?? 'nothing'}`);
      const values: string[] = [];
      let j = i + 2;
      while (j < argv.length && !(argv[j].startsWith('-') && Number.isNaN(Number(argv[j])))) values.push(argv[j++]);
      if (!values.length) throw new EctmdError(`-var ${name}: expected at least one value, found none`);
      vars[name] = values;
      i = j - 1;
    } else out.push(LAMMPS_FLAGS[a] ?? a);
  }
  return { argv: out, vars };
}

type CliOptions = { log?: string; screen?: string; echo?: string; kernel?: string; workers?: string; resume?: string; plot?: boolean };
type PlotCliOptions = { columns?: string; out?: string; format: 'png' | 'svg' | 'both'; dump?: string; step?: string; elements?: string };

/** `a,b,c` → ['a', 'b', 'c'] (spaces around names ignored). */
function nameList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Render and write the figures of a log (vega is loaded only when a plot is asked for); prints the paths written. */
async function writePlots(log: string, o: PlotOptions, quiet = false): Promise<number> {
  const { plot } = await import('../plot/plot.js');
  const written = await plot(log, o);
  if (!quiet) process.stdout.write(`Wrote ${written.join(', ')}\n`);
  return 0;
}

/** `ectmd plot LOG` options as plot() takes them. */
function plotOptions(o: PlotCliOptions): PlotOptions {
  if (o.step !== undefined && !/^\d+$/.test(o.step)) throw new EctmdError(`--step: expected a timestep (an integer >= 0), found ${JSON.stringify(o.step)}`);
  return {
    columns: o.columns === undefined ? undefined : nameList(o.columns), out: o.out, format: o.format, dump: o.dump,
    step: o.step === undefined ? undefined : Number(o.step), elements: o.elements === undefined ? null : nameList(o.elements),
  };
}

/** `package omp N` written with a literal N in the input script (the team is started before the script runs). */
function scriptWorkers(file: string): number | null {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch { return null; }
  const m = /^[ \t]*package[ \t]+omp[ \t]+(\d+)\b/m.exec(text);
  return m ? Number(m[1]) : null;
}

function parseWorkers(value: string | undefined, file: string): number {
  if (value === undefined) return scriptWorkers(file) ?? defaultWorkers();
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new EctmdError(`--workers: expected a positive integer, found ${JSON.stringify(value)}`);
  return Number(value);
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15 };

/** Run the deck in a worker (host/cli/run-worker.ts) while this thread turns SIGINT/SIGTERM into the stop flag. */
function runInput(file: string, o: CliOptions, vars: Record<string, string[]>): Promise<number> {
  const kernel = (o.kernel ?? defaultKernelKind()) as KernelKind;
  const workers = parseWorkers(o.workers, file);
  const logPath = o.log === undefined ? 'log.lammps' : (o.log === 'none' ? null : o.log);
  if (o.plot && logPath === null) throw new EctmdError('--plot: expected a log file to plot, found -log none');
  const interrupt = new Int32Array(new SharedArrayBuffer(4));
  const req: RunRequest = {
    file, kernel, workers, logPath, screen: o.screen !== 'none', tty: Boolean(process.stdout.isTTY), echo: o.echo as EchoMode | undefined, vars, resume: o.resume,
    banner: `ectmd ${pkg.version} (LAMMPS-compatible input, units metal, kernel ${kernel}, ${workers} worker${workers > 1 ? 's' : ''})`, reportRss: Boolean(process.env.ECTMD_REPORT_RSS), interrupt,
    plot: Boolean(o.plot),
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    const no = SIGNAL_NUMBERS[sig]!;
    if (Atomics.load(interrupt, 0)) process.exit(128 + no);
    Atomics.store(interrupt, 0, no);
  };
  for (const sig of Object.keys(SIGNAL_NUMBERS) as NodeJS.Signals[]) process.on(sig, onSignal);
  return new Promise((done, fail) => {
    let reply: RunReply = { code: 1, error: 'the run ended without a result' };
    const worker = new Worker(new URL('./run-worker.js', import.meta.url), { workerData: req });
    worker.on('message', (r: RunReply) => { reply = r; });
    worker.on('error', fail);
    worker.on('exit', () => {
      for (const sig of Object.keys(SIGNAL_NUMBERS) as NodeJS.Signals[]) process.off(sig, onSignal);
      if (reply.notice !== undefined) process.stderr.write(`${reply.notice}\n`);
      if (reply.error !== undefined) fail(new EctmdError(reply.error));
      else if (reply.code === 0 && reply.plot && logPath !== null) {
        // the deck's own log, and its first charge dump with element names from pair_coeff
        const { chargeDump, elements } = reply.plot;
        writePlots(logPath, { dump: chargeDump ?? undefined, elements }, o.screen === 'none').then(done, fail);
      } else done(reply.code);
    });
  });
}

export async function main(argvIn: string[]): Promise<number> {
  let pre: ReturnType<typeof preprocessArgs>;
  try { pre = preprocessArgs(argvIn); } catch (err) { process.stderr.write(`ERROR: ${(err as Error).message}\n`); return 1; }
  let running: Promise<number> | null = null;
  const kernelOpt = new Option('--kernel <kind>', 'kernel build: simd or scalar (default: simd when supported)').choices(['simd', 'scalar']);
  const program = new Command('ectmd')
    .description('Molecular dynamics for metals and oxides (ECT-EAM, EAM) with LAMMPS-style input scripts')
    .version(pkg.version, '--version')
    .option('--in <file>', 'input script (LAMMPS -in)')
    .option('--log <file>', "log file, or 'none' (LAMMPS -log; default log.lammps)")
    .option('--screen <none>', "'none' to silence the screen (LAMMPS -screen)")
    .option('--echo <mode>', 'echo input lines: none, screen, log, both (LAMMPS -echo)')
    .addOption(kernelOpt)
    .option('--workers <n>', 'threads sharing the force passes (default: the cores available, or `package omp N` in the script)')
    .option('--resume <restart>', 'continue the run a restart file was written in (after SIGINT/SIGTERM or by `restart N`) to its end step')
    .option('--plot', 'after the run, plot its log (and the charges of its first dump custom with q) as PNG and SVG')
    .addHelpText('after', '\nLAMMPS-style flags: -in FILE, -var NAME VALUE..., -log FILE|none, -screen none, -echo MODE')
    .action((o: CliOptions & { in?: string }) => {
      if (!o.in) { program.help(); return; }
      running = runInput(o.in, o, pre.vars);
    });
  program.command('run <file>')
    .description('run an input script (same as -in FILE)')
    .option('--log <file>', "log file, or 'none'")
    .option('--screen <none>', "'none' to silence the screen")
    .option('--echo <mode>', 'echo input lines: none, screen, log, both')
    .addOption(new Option('--kernel <kind>', 'kernel build').choices(['simd', 'scalar']))
    .option('--workers <n>', 'threads sharing the force passes')
    .option('--resume <restart>', 'continue the run a restart file was written in to its end step')
    .option('--plot', 'after the run, plot its log (and the charges of its first dump custom with q) as PNG and SVG')
    .action((file: string, o: CliOptions) => {
      running = runInput(file, { ...program.opts(), ...o }, pre.vars);
    });
  program.command('plot <log>')
    .description('figures of a log\'s thermo columns over Step (or Time), every run end to end; with --dump, the charge histogram per element')
    .option('--columns <list>', 'thermo columns to plot, comma-separated (default: all but Step and Time)')
    .option('--out <prefix>', 'write PREFIX-thermo.svg/.png and PREFIX-charges.svg/.png (default: LOG without a .log suffix)')
    .addOption(new Option('--format <fmt>', 'png, svg or both').choices(['png', 'svg', 'both']).default('both'))
    .option('--dump <file>', 'a dump custom file with a q column: histogram of its charges')
    .option('--step <n>', 'timestep of the dump snapshot (default: the last)')
    .option('--elements <list>', 'element names by atom type, comma-separated (default: histograms by type)')
    .action((log: string, o: PlotCliOptions) => {
      running = writePlots(log, plotOptions(o));
    });
  try {
    program.parse(pre.argv, { from: 'user' });
    return running === null ? 0 : await running;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`ERROR: ${msg}\n`);
    if (!(err instanceof EctmdError) && process.env.ECTMD_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    return 1;
  }
}
