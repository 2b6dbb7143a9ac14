// Runs one input script in a worker thread, so that the CLI's main thread stays free to catch SIGINT/SIGTERM
// and raise the shared `interrupt` flag the run loop polls after each step. Reports back a RunReply.

import { parentPort, workerData } from 'node:worker_threads';
import { Interpreter } from '../lammps/interpreter.js';
import { RunInterrupted } from '../lammps/restart.js';
import { EctmdError } from '../errors.js';
import type { EchoMode } from '../io/output.js';
import type { KernelKind } from '../wasm/kernel.js';
import { Team } from '../parallel/team.js';
import { elementsFromPairCoeff } from '../plot/elements.js';

export interface RunRequest {
  file: string;
  kernel: KernelKind;
  /** team size (1: this thread alone) */
  workers: number;
  logPath: string | null;
  screen: boolean;
  /** the main thread's stdout is a terminal (a worker's never is) */
  tty: boolean;
  echo?: EchoMode;
  vars: Record<string, string[]>;
  resume?: string;
  banner: string;
  reportRss: boolean;
  interrupt: Int32Array;
  /** --plot: report what the deck's figures need (RunReply.plot) */
  plot: boolean;
}

/** For --plot: the first `dump custom` file with a q column, and element names by type from pair_coeff. */
export interface PlotSources { chargeDump: string | null; elements: string[] | null }

/** error: an ERROR for stderr; notice: a line for stderr after an interrupt (where the restart file is) */
export interface RunReply { code: number; error?: string; notice?: string; plot?: PlotSources }

async function run(req: RunRequest): Promise<RunReply> {
  let lmp: Interpreter | null = null;
  let team: Team | null = null;
  try {
    team = req.workers > 1 ? await Team.start(req.workers, req.kernel) : null;
    // --resume appends to the log of the interrupted run instead of starting a new one
    lmp = new Interpreter({ kernel: req.kernel, logPath: req.logPath, logAppend: req.resume !== undefined, screen: req.screen, tty: req.tty, echo: req.echo, vars: req.vars, resume: req.resume, interrupt: req.interrupt, team });
    lmp.out.print(req.banner);
    lmp.file(req.file);
    lmp.finish();
    if (req.reportRss) lmp.out.print(`Peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`);
    if (!req.plot) return { code: 0 };
    const e = lmp.engine;
    return { code: 0, plot: { chargeDump: lmp.chargeDumpFiles[0] ?? null, elements: elementsFromPairCoeff(e.pairCommands, e.atoms.ntypes) } };
  } catch (err) {
    if (err instanceof RunInterrupted) return { code: 128 + err.signal, notice: err.message };
    if (err instanceof EctmdError) { lmp?.out.print(`ERROR: ${err.message}`); return { code: 1, error: err.message }; }
    const e = err as Error;
    return { code: 1, error: process.env.ECTMD_DEBUG ? `${e.message}\n${e.stack}` : e.message };
  } finally {
    lmp?.close();
    await team?.close();
  }
}

parentPort!.postMessage(await run(workerData as RunRequest));
