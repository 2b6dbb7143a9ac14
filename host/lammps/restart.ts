// Restart files for the interpreter: capture everything a run needs to continue bitwise (write_restart,
// `restart N FILE [FILE2]`, the SIGINT/SIGTERM stop), put it back (read_restart, --resume), and hand saved fix
// state to fixes defined later. The byte format is host/io/restart-file.ts (docs/restart-format.md).

import { existsSync, readFileSync } from 'node:fs';
import type { Engine } from '../engine/engine.js';
import type { Fix } from '../fix/fix.js';
import type { PairStyle } from '../pair/pair.js';
import type { Where } from './where.js';
import { Atoms } from '../system/atoms.js';
import { Box, type Vec3 } from '../system/box.js';
import { checkRestart, decodeRestart, encodeRestart, type RestartData, type RunMark } from '../io/restart-file.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { EctmdError, fileError, inputError, parseInteger, whereError } from '../errors.js';

/** A run stopped by SIGINT/SIGTERM after a restart file was written (not an input error): exit 128 + signal. */
export class RunInterrupted extends Error {
  constructor(readonly signal: number, message: string) {
    super(message);
    this.name = 'RunInterrupted';
  }
}

/** Signal numbers of the signals that stop a run, and their names. */
export const STOP_SIGNALS: Record<number, string> = { 2: 'SIGINT', 15: 'SIGTERM' };

/** The state of the engine and fixes now; `run` marks a restart written inside a run (for --resume). */
export function captureRestart(e: Engine, fixes: Iterable<Fix>, run: RunMark | null): RestartData {
  const a = e.atoms, n = a.n, box = e.box!;
  const fixStates: RestartData['fixes'] = [];
  for (const f of fixes) {
    const state = f.writeState?.(e);
    if (state) fixStates.push({ id: f.id, style: f.style, state });
  }
  return {
    step: e.step, dt: e.dt, style: a.style, ntypes: a.ntypes,
    box: { lo: [...box.lo], hi: [...box.hi], tilt: box.triclinic ? { xy: box.xy, xz: box.xz, yz: box.yz } : null },
    mass: a.mass.slice(), massSet: a.massSet.slice(),
    tag: a.tag.slice(0, n), type: Int32Array.from(a.type.subarray(0, n)), x: a.x.slice(0, 3 * n), v: a.v.slice(0, 3 * n),
    image: Int32Array.from(a.image.subarray(0, 3 * n)), q: a.chargesCopy(n),
    neighbor: { ...e.neighbor.settings }, sort: { ...e.sort, next: e.nextSort }, list: e.neighbor.listState(n, box),
    pairCommands: e.pairCommands.map((c) => [...c]), fixes: fixStates, pairState: pairState(e), run,
  };
}

/** The pair style's own state (PairStyle.writeState), or null. */
function pairState(e: Engine): RestartData['pairState'] {
  const state = e.pair?.writeState?.(e.atoms);
  return state && e.pair ? { style: e.pair.name, state } : null;
}

/** Write a restart file atomically ('*' in the name becomes the step, as LAMMPS). Returns the path written. */
export function writeRestart(pattern: string, d: RestartData, where?: Where): string {
  const path = pattern.replace('*', String(d.step));
  checkRestart(d, (detail) => whereError(where, `Cannot write restart file ${path}`, 'a state read_restart accepts', detail));
  writeFileAtomic(path, encodeRestart(d), 'restart file', where);
  return path;
}

/** Read and check a restart file; every problem is an error naming the file (and the command, when given). */
export function readRestart(path: string, where?: Where): RestartData {
  const at = where ? `${where.file}:${where.line}: ` : '';
  if (!existsSync(path)) throw new EctmdError(`${at}Cannot open restart file ${path}: no such file`, where?.file ?? path, where?.line);
  let bytes: Buffer;
  try { bytes = readFileSync(path); } catch (err) { throw fileError('restart file', path, err, where); }
  try {
    return decodeRestart(bytes, path);
  } catch (err) {
    if (err instanceof EctmdError && where) throw new EctmdError(`${at}${err.message}`, where.file, where.line);
    throw err;
  }
}

/** Replace the engine's box, atoms, step, timestep and neighbour settings with a restart's, and re-execute its
 *  pair commands through `exec` (errors there name the restart file and the command's position in it). */
export function applyRestart(d: RestartData, e: Engine, path: string, exec: (words: string[], where: Where) => void): void {
  const n = d.tag.length;
  const a = new Atoms();
  a.style = d.style;
  a.setTypes(d.ntypes);
  a.mass.set(d.mass);
  a.massSet.set(d.massSet);
  a.reserve(n);
  a.n = n;
  a.tag.set(d.tag); a.type.set(d.type); a.x.set(d.x); a.v.set(d.v); for (let k = 0; k < 3 * n; k++) a.setImage(k, d.image[k]); a.setCharges(d.q);
  e.atoms = a;
  e.box = new Box(d.box.lo as Vec3, d.box.hi as Vec3, d.box.tilt ?? undefined);
  e.step = d.step;
  e.dt = d.dt;
  e.energyValid = false;
  Object.assign(e.neighbor.settings, d.neighbor);
  e.sort.every = d.sort.every; e.sort.binsize = d.sort.binsize; e.nextSort = d.sort.next;
  e.neighbor.restore(d.list);
  e.pair = null;
  e.pairCommands = [];
  d.pairCommands.forEach((words, k) => exec(words, { file: path, line: k + 1 }));
  // the re-created pair style takes back its own state (ect/eam: the weights, so the next solve starts where it was)
  const pair = e.pair as PairStyle | null;
  if (d.pairState && pair?.name === d.pairState.style) pair.readState?.(d.pairState.state, { file: path, line: d.pairCommands.length });
}

/** Give a fix the state a restart saved for its ID and style, once. */
export function restoreFixState(pending: RestartData['fixes'], fix: Fix, where: Where): void {
  const k = pending.findIndex((p) => p.id === fix.id && p.style === fix.style);
  if (k < 0 || !fix.readState) return;
  fix.readState(pending[k].state, where);
  pending.splice(k, 1);
}

/** `restart 0 | restart N FILE | restart N FILE1 FILE2`: periodic restart files during runs (LAMMPS restart). */
export class RestartSchedule {
  private every = 0;
  private files: string[] = [];
  private next = 0;

  command(args: string[], where: Where): void {
    const n = parseInteger(args[0], where.file, where.line, 'restart N');
    if (n < 0 || (n === 0 && args.length !== 1) || (n > 0 && args.length !== 2 && args.length !== 3)) {
      throw inputError(where.file, where.line, 'Illegal restart command', "'restart 0', 'restart N FILE' or 'restart N FILE1 FILE2' (N > 0)", args.join(' '));
    }
    this.every = n;
    this.files = args.slice(1);
    this.next = 0;
  }

  /** The file to write at the end of this step of a run, or null. */
  due(step: number): string | null {
    return this.every > 0 && step % this.every === 0 ? this.take() : null;
  }

  /** Where a SIGINT/SIGTERM stop writes: the file of the last `restart` command (the next of two), else ectmd.restart. */
  stopFile(): string {
    return this.files.length ? this.take() : 'ectmd.restart';
  }

  private take(): string {
    const f = this.files[this.next];
    this.next = (this.next + 1) % this.files.length;
    return f;
  }
}
