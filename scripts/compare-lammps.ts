// Cross-checks ectmd against LAMMPS on one input deck: runs both on copies of the deck's directory, then
// compares every thermo column and every dump both wrote (atoms matched by id, positions by minimum
// image). Usage: node dist/scripts/compare-lammps.js DECK [--kernel simd|scalar] [--tol 1e-8]; exit 1 when
// a column exceeds the tolerance, 2 when a run fails or the outputs differ in shape.

import { spawn } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { EctmdError, inputError } from '../host/errors.js';
import { parseDump, type DumpFrame } from '../host/io/dump-read.js';
import { parseLammpsLog, type ThermoRun } from '../host/io/lammps-log.js';

export type Kernel = 'simd' | 'scalar';

export interface RunOptions {
  /** Passed as `-var NAME VALUE` (overrides `variable NAME index ...` in the deck). */
  vars?: Record<string, string>;
  timeoutMs?: number;
}

/** One compared quantity: the largest |LAMMPS − ectmd| and that divided by max(1, largest |value|). */
export interface Deviation {
  source: string;
  column: string;
  maxAbs: number;
  scaled: number;
}

const LOG_NAME = 'log.lammps';
const DEFAULT_TIMEOUT_MS = 600_000;

function isExecutableFile(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The LAMMPS binary: env LMP (a path or a name on PATH) if set, else `lmp` on PATH; null if there is none. */
export function findLmp(): string | null {
  const wanted = process.env.LMP;
  if (wanted !== undefined && wanted.includes('/')) {
    if (!isExecutableFile(wanted)) throw inputError('LMP', undefined, 'LAMMPS binary', 'an executable file', JSON.stringify(wanted));
    return resolve(wanted);
  }
  const name = wanted ?? 'lmp';
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && isExecutableFile(join(dir, name))) return join(dir, name);
  }
  if (wanted !== undefined) throw inputError('LMP', undefined, 'LAMMPS binary', 'a program on PATH', JSON.stringify(wanted));
  return null;
}

/** The ectmd checkout this file belongs to (found from scripts/ and from dist/scripts/ alike). */
export function repoRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'ectmd') return dir;
  }
  throw new EctmdError(`no ectmd package.json above ${fileURLToPath(import.meta.url)}`);
}

interface Exit { code: number | null; signal: NodeJS.Signals | null; stderr: string; timedOut: boolean }

function runProgram(program: string, args: string[], cwd: string, timeoutMs: number): Promise<Exit> {
  return new Promise((done, fail) => {
    const child = spawn(program, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('error', (err) => { clearTimeout(timer); fail(err); });
    child.on('close', (code, signal) => { clearTimeout(timer); done({ code, signal, stderr, timedOut }); });
  });
}

function varArgs(vars: Record<string, string> | undefined): string[] {
  return Object.entries(vars ?? {}).flatMap(([name, value]) => ['-var', name, value]);
}

function readLog(dir: string, who: string): string {
  const log = join(dir, LOG_NAME);
  if (!existsSync(log)) throw new EctmdError(`${who} wrote no ${LOG_NAME} in ${dir}`);
  return readFileSync(log, 'utf8');
}

function failure(who: string, deck: string, dir: string, exit: Exit, timeoutMs: number): EctmdError {
  const how = exit.timedOut ? `timed out after ${timeoutMs / 1000} s` : exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const log = join(dir, LOG_NAME);
  const logErrors = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('ERROR')) : [];
  const detail = [...logErrors, exit.stderr.trim()].filter((s) => s !== '').join('\n');
  return new EctmdError(`${who} on ${join(dir, deck)} ${how}${detail === '' ? '' : `:\n${detail}`}`);
}

/** Run LAMMPS on `deck` inside `dir` (`lmp -in DECK -log log.lammps -screen none`); returns the log text. */
export async function runLmpIn(lmp: string, dir: string, deck: string, opts: RunOptions = {}): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const exit = await runProgram(lmp, ['-in', deck, '-log', LOG_NAME, '-screen', 'none', ...varArgs(opts.vars)], dir, timeoutMs);
  if (exit.code !== 0) throw failure('LAMMPS', deck, dir, exit, timeoutMs);
  return readLog(dir, 'LAMMPS');
}

/** Run `node bin/ectmd.js` on `deck` inside `dir` with the same arguments as LAMMPS; returns the log text. */
export async function runEctmdIn(dir: string, deck: string, opts: RunOptions & { kernel?: Kernel; workers?: number } = {}): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const args = [join(repoRoot(), 'bin', 'ectmd.js'), '-in', deck, '-log', LOG_NAME, '-screen', 'none', ...varArgs(opts.vars)];
  if (opts.kernel !== undefined) args.push('--kernel', opts.kernel);
  if (opts.workers !== undefined) args.push('--workers', String(opts.workers));
  const exit = await runProgram(process.execPath, args, dir, timeoutMs);
  if (exit.code !== 0) throw failure('ectmd', deck, dir, exit, timeoutMs);
  return readLog(dir, 'ectmd');
}

function deviation(source: string, column: string, a: ArrayLike<number>, b: ArrayLike<number>, delta: (k: number) => number): Deviation {
  let maxAbs = 0;
  let scale = 1;
  for (let k = 0; k < a.length; k++) {
    maxAbs = Math.max(maxAbs, Math.abs(delta(k)));
    scale = Math.max(scale, Math.abs(a[k]), Math.abs(b[k]));
  }
  return { source, column, maxAbs, scaled: maxAbs / scale };
}

/** Thermo columns run by run; LAMMPS's runs are the reference for columns, rows, steps and atoms. */
export function compareThermo(lmp: ThermoRun[], ect: ThermoRun[], ectPath: string): Deviation[] {
  if (ect.length !== lmp.length) throw inputError(ectPath, undefined, 'thermo tables', `${lmp.length} runs as in LAMMPS`, `${ect.length}`);
  const out: Deviation[] = [];
  lmp.forEach((ref, r) => {
    const got = ect[r];
    const run = `thermo run ${r + 1}`;
    if (got.columns.join(' ') !== ref.columns.join(' ')) throw inputError(ectPath, undefined, `${run} header`, JSON.stringify(ref.columns.join(' ')), JSON.stringify(got.columns.join(' ')));
    if (got.rows.length !== ref.rows.length) throw inputError(ectPath, undefined, `${run} rows`, `${ref.rows.length}`, `${got.rows.length}`);
    if (got.steps !== ref.steps || got.atoms !== ref.atoms) {
      throw inputError(ectPath, undefined, `${run} "Loop time" line`, `${ref.steps} steps with ${ref.atoms} atoms`, `${got.steps} steps with ${got.atoms} atoms`);
    }
    ref.columns.forEach((name, c) => {
      const a = ref.rows.map((row) => row[c]);
      const b = got.rows.map((row) => row[c]);
      out.push(deviation(run, name, a, b, (k) => a[k] - b[k]));
    });
  });
  return out;
}

/** Box edge vectors a, b, c from a dump's (bounding-box) bounds, as in LAMMPS's Howto triclinic. */
function boxEdges(frame: DumpFrame): number[][] {
  const [bx, by, bz] = frame.bounds;
  if (!frame.triclinic) return [[bx[1] - bx[0], 0, 0], [0, by[1] - by[0], 0], [0, 0, bz[1] - bz[0]]];
  const [xy, xz, yz] = [bx[2], by[2], bz[2]];
  const lx = bx[1] - Math.max(0, xy, xz, xy + xz) - (bx[0] - Math.min(0, xy, xz, xy + xz));
  const ly = by[1] - Math.max(0, yz) - (by[0] - Math.min(0, yz));
  return [[lx, 0, 0], [xy, ly, 0], [xz, yz, bz[1] - bz[0]]];
}

/** d minus the lattice vector that makes it shortest, c then b then a (LAMMPS Domain::minimum_image). */
function minimumImage(d: number[], edges: number[][]): number[] {
  const out = [...d];
  for (let axis = 2; axis >= 0; axis--) {
    const n = Math.round(out[axis] / edges[axis][axis]);
    for (let k = 0; k < 3; k++) out[k] -= n * edges[axis][k];
  }
  return out;
}

/** Dump snapshots frame by frame, atoms matched by id; x y z are compared by minimum image. */
export function compareDumps(lmp: DumpFrame[], ect: DumpFrame[], name: string): Deviation[] {
  if (ect.length !== lmp.length) throw inputError(name, undefined, 'dump snapshots', `${lmp.length} as in LAMMPS`, `${ect.length}`);
  const worst = new Map<string, Deviation>();
  const keep = (d: Deviation): void => {
    const old = worst.get(d.column);
    worst.set(d.column, old === undefined ? d : { ...d, maxAbs: Math.max(old.maxAbs, d.maxAbs), scaled: Math.max(old.scaled, d.scaled) });
  };
  lmp.forEach((ref, f) => {
    const got = ect[f];
    const what = `snapshot ${f + 1} (LAMMPS step ${ref.step})`;
    if (got.step !== ref.step || got.natoms !== ref.natoms || got.triclinic !== ref.triclinic) {
      throw inputError(name, undefined, what, `step ${ref.step}, ${ref.natoms} atoms, triclinic ${ref.triclinic}`,
        `step ${got.step}, ${got.natoms} atoms, triclinic ${got.triclinic}`);
    }
    if (got.columns.join(' ') !== ref.columns.join(' ')) {
      throw inputError(name, undefined, `${what} columns`, JSON.stringify(ref.columns.join(' ')), JSON.stringify(got.columns.join(' ')));
    }
    const idColumn = ref.columns.indexOf('id');
    if (idColumn < 0) throw inputError(name, undefined, `${what} columns`, 'an id column to match atoms', ref.columns.join(' '));
    const rowOf = new Map<number, number>();
    got.data[idColumn].forEach((id, row) => rowOf.set(id, row));
    const order = Array.from(ref.data[idColumn], (id) => {
      const row = rowOf.get(id);
      if (row === undefined) throw inputError(name, undefined, what, `atom id ${id} as in LAMMPS`, 'no such atom');
      return row;
    });
    const matched = got.data.map((values) => Float64Array.from(order, (row) => values[row]));

    ref.bounds.forEach((row, axis) => keep(deviation(name, `box ${'xyz'[axis]}`, row, got.bounds[axis], (k) => row[k] - got.bounds[axis][k])));
    const xyz = ['x', 'y', 'z'].map((c) => ref.columns.indexOf(c));
    const positions = xyz.every((k) => k >= 0);
    const edges = boxEdges(ref);
    ref.columns.forEach((c, k) => {
      if (k === idColumn) return;
      const a = ref.data[k];
      const b = matched[k];
      const axis = positions ? xyz.indexOf(k) : -1;
      const delta = axis < 0 ? (i: number) => a[i] - b[i]
        : (i: number) => minimumImage(xyz.map((p) => ref.data[p][i] - matched[p][i]), edges)[axis];
      keep(deviation(name, c, a, b, delta));
    });
  });
  return [...worst.values()];
}

/** The comparison table, one line per quantity, FAIL where the scaled deviation exceeds tol. */
export function formatTable(rows: Deviation[], tol: number): string {
  const w = Math.max(6, ...rows.map((r) => r.source.length));
  const c = Math.max(6, ...rows.map((r) => r.column.length));
  const head = `${'source'.padEnd(w)}  ${'column'.padEnd(c)}  ${'max |d|'.padStart(10)}  ${'scaled'.padStart(10)}  status`;
  const lines = rows.map((r) => `${r.source.padEnd(w)}  ${r.column.padEnd(c)}  ${r.maxAbs.toExponential(3).padStart(10)}  ${r.scaled.toExponential(3).padStart(10)}  ${r.scaled > tol ? 'FAIL' : 'ok'}`);
  return [head, ...lines].join('\n');
}

function isDump(file: string): boolean {
  return readFileSync(file, 'utf8').slice(0, 15) === 'ITEM: TIMESTEP\n';
}

function listFiles(dir: string): Map<string, number> {
  const files = new Map<string, number>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(join(dir, name));
    if (stat.isFile()) files.set(name, stat.mtimeMs);
  }
  return files;
}

/** Files that the run created or rewrote, judged against the listing taken before it. */
function written(dir: string, before: Map<string, number>): string[] {
  return [...listFiles(dir)].filter(([f, mtime]) => before.get(f) !== mtime).map(([f]) => f).sort();
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('compare-lammps')
    .description('Run a deck in LAMMPS and in ectmd, compare thermo columns and dumps; exit 1 when a deviation exceeds --tol')
    .argument('<deck>', 'LAMMPS input deck; its whole directory is copied for each run')
    .option('--kernel <kernel>', 'ectmd kernel (simd or scalar); ectmd chooses when absent', (v: string): Kernel => {
      if (v !== 'simd' && v !== 'scalar') throw new InvalidArgumentError('expected simd or scalar');
      return v;
    })
    .option('--tol <x>', 'largest allowed max|d|/max(1, max|value|) per column', (v: string): number => {
      const x = Number(v);
      if (!(x >= 0) || !Number.isFinite(x)) throw new InvalidArgumentError('expected a finite number >= 0');
      return x;
    }, 1e-8)
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .parse(argv);
  const deckPath = resolve(program.args[0]);
  const { kernel, tol } = program.opts<{ kernel?: Kernel; tol: number }>();
  if (!existsSync(deckPath)) throw inputError(deckPath, undefined, 'input deck', 'an existing file', 'no such file');
  const lmp = findLmp();
  if (lmp === null) throw new EctmdError('LAMMPS (lmp) not found on PATH; set LMP to its path');

  const deck = basename(deckPath);
  const dirs = ['lammps', 'ectmd'].map((who) => mkdtempSync(join(tmpdir(), `compare-${who}-`)));
  const before = dirs.map((dir) => {
    cpSync(dirname(deckPath), dir, { recursive: true });
    return listFiles(dir);
  });
  const lmpLog = await runLmpIn(lmp, dirs[0], deck);
  const ectLog = await runEctmdIn(dirs[1], deck, { kernel });

  const rows = compareThermo(parseLammpsLog(lmpLog, join(dirs[0], LOG_NAME)).runs, parseLammpsLog(ectLog, join(dirs[1], LOG_NAME)).runs, join(dirs[1], LOG_NAME));
  const ectWritten = new Set(written(dirs[1], before[1]));
  for (const file of written(dirs[0], before[0])) {
    if (file === LOG_NAME || !isDump(join(dirs[0], file))) continue;
    if (!ectWritten.has(file)) throw inputError(join(dirs[1], file), undefined, 'dump', `a dump written by ectmd as by LAMMPS`, 'no such file');
    const read = (dir: string): DumpFrame[] => parseDump(readFileSync(join(dir, file), 'utf8'), join(dir, file));
    rows.push(...compareDumps(read(dirs[0]), read(dirs[1]), file));
  }
  console.log(`${deckPath}: LAMMPS ${lmp} vs ectmd${kernel ? ` --kernel ${kernel}` : ''}; scaled = max|d| / max(1, max|value|) per column`);
  console.log(formatTable(rows, tol));
  const failed = rows.filter((r) => r.scaled > tol).length;
  if (failed > 0) {
    console.log(`${failed} column(s) exceed --tol ${tol}; runs kept in ${dirs.join(' and ')}`);
    return 1;
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  console.log(`all ${rows.length} columns within --tol ${tol}`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv).then((code) => { process.exitCode = code; }, (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
  });
}
