// Shared by test/embed/kim.test.ts and test/embed/lammps.test.ts: a small periodic EAM crystal as a LAMMPS data file
// (independent of the MPI decomposition, unlike displace_atoms random), a deck around given pair lines, running it in
// an lmp-like program serially or under mpirun -np 2, and the relative deviations between two results.

import { spawn, spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dumpColumn, parseDump } from '../../host/io/dump-read.js';
import { parseLammpsLog, thermoColumn } from '../../host/io/lammps-log.js';

export const onPath = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

export interface Crystal {
  lattice: 'fcc' | 'bcc'; a: number; cells: number;
  /** masses of types 1..n (pair styles that read masses from the potential override them) */
  masses: number[];
  /** probability of type 2 (two types only) */
  fraction: number;
}

/** cells³ lattice cells, every coordinate displaced by up to ±0.12 Å, type 2 with probability `fraction` (fixed seed). */
export function dataFile(c: Crystal): string {
  let s = 0x2545f491;
  const rand = (): number => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
  const n = c.cells, L = n * c.a;
  const basis = c.lattice === 'fcc' ? [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]] : [[0, 0, 0], [0.5, 0.5, 0.5]];
  const atoms: string[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) for (const b of basis) {
    const p = [i + b[0], j + b[1], k + b[2]].map((u) => u * c.a + 0.24 * (rand() - 0.5));
    const t = c.masses.length > 1 && rand() < c.fraction ? 2 : 1;
    atoms.push(`${atoms.length + 1} ${t} ${p.join(' ')}`);
  }
  return ['ectmd embedding test crystal', '', `${atoms.length} atoms`, `${c.masses.length} atom types`, '',
    `0 ${L} xlo xhi`, `0 ${L} ylo yhi`, `0 ${L} zlo zhi`, '', 'Masses', '', ...c.masses.map((m, t) => `${t + 1} ${m}`), '',
    'Atoms # atomic', '', ...atoms, ''].join('\n');
}

/** The deck: data file, pair lines, run 0 (steps 0) or that many NVE steps from 1200 K; thermo and a dump of forces and
 *  per-atom energy (and with `stress`, per-atom virial) at the start and the end. */
export function deck(pair: string[], steps = 0, stress = false): string {
  const cols = stress ? ' c_st[1] c_st[2] c_st[3] c_st[4] c_st[5] c_st[6]' : '';
  const md = steps > 0 ? ['velocity all create 1200.0 4928459 loop geom', 'fix 1 all nve', 'timestep 0.002'] : [];
  return ['units metal', 'atom_style atomic', 'boundary p p p', 'read_data crystal.data', ...pair, 'neighbor 1.0 bin',
    'neigh_modify every 1 delay 0 check yes', ...md,
    'thermo_style custom step pe press pxx pyy pzz pxy pxz pyz', 'thermo_modify format float %.17g', `thermo ${Math.max(1, Math.floor(steps / 4))}`,
    'compute peat all pe/atom', ...(stress ? ['compute st all stress/atom NULL virial'] : []),
    `dump d all custom ${Math.max(1, steps)} forces.dump id fx fy fz c_peat${cols}`, 'dump_modify d sort id format float %.17g', `run ${steps}`, ''].join('\n');
}

export interface Result { pe: number[]; press: number[][]; f: Float64Array[]; perAtom: Float64Array[] }

/** Thermo rows of the run and the forces of the last dump frame. */
export function result(dir: string, log: string): Result {
  const run = parseLammpsLog(log).runs[0];
  const frames = parseDump(readFileSync(join(dir, 'forces.dump'), 'utf8'), 'forces.dump');
  const frame = frames[frames.length - 1];
  const col = (name: string): number[] => thermoColumn(run, name, 'log');
  return {
    pe: col('PotEng'),
    press: ['Press', 'Pxx', 'Pyy', 'Pzz', 'Pxy', 'Pxz', 'Pyz'].map(col),
    f: ['fx', 'fy', 'fz'].map((c) => dumpColumn(frame, c, 'forces.dump')),
    perAtom: frame.columns.filter((c) => c.startsWith('c_')).map((c) => dumpColumn(frame, c, 'forces.dump')),
  };
}

/** Largest deviations over all thermo rows: energy |ΔE|/|E|; forces, per-atom energy/virial (last frame) and pressure
 *  max|Δ|/max(1, max|ref|). */
export function deviations(got: Result, ref: Result): { energy: number; force: number; pressure: number; perAtom: number } {
  if (got.pe.length !== ref.pe.length) throw new Error(`${got.pe.length} thermo rows vs ${ref.pe.length}`);
  let df = 0, sf = 1;
  for (let d = 0; d < 3; d++) for (let i = 0; i < ref.f[d].length; i++) {
    df = Math.max(df, Math.abs(got.f[d][i] - ref.f[d][i]));
    sf = Math.max(sf, Math.abs(ref.f[d][i]));
  }
  let de = 0, dp = 0, sp = 1;
  for (let r = 0; r < ref.pe.length; r++) {
    de = Math.max(de, Math.abs(got.pe[r] - ref.pe[r]) / Math.abs(ref.pe[r]));
    for (let k = 0; k < ref.press.length; k++) {
      dp = Math.max(dp, Math.abs(got.press[k][r] - ref.press[k][r]));
      sp = Math.max(sp, Math.abs(ref.press[k][r]));
    }
  }
  let da = 0, sa = 1;
  if (got.perAtom.length !== ref.perAtom.length) throw new Error(`${got.perAtom.length} per-atom columns vs ${ref.perAtom.length}`);
  ref.perAtom.forEach((col, c) => col.forEach((v, i) => { da = Math.max(da, Math.abs(got.perAtom[c][i] - v)); sa = Math.max(sa, Math.abs(v)); }));
  return { energy: de, force: df / sf, pressure: dp / sp, perAtom: da / sa };
}

/** Print every run's deviations from the reference (by default native LAMMPS serial) under `title` and require each, in
 *  energy, forces, pressure and per-atom values, to be at most tol. */
export function expectAgreement(title: string, ref: Result, runs: Record<string, Result>, tol: number, refName = 'native LAMMPS serial'): void {
  const report = Object.entries(runs).map(([k, r]) => ({ run: k, ...deviations(r, ref) }));
  console.log(`${title}: E0 = ${ref.pe[0]} eV; relative deviations from ${refName}:\n` +
    report.map((r) => `  ${r.run.padEnd(11)} energy ${r.energy.toExponential(2)}  forces ${r.force.toExponential(2)}  pressure ${r.pressure.toExponential(2)}  per-atom ${r.perAtom.toExponential(2)}`).join('\n'));
  for (const r of report) {
    expect(r.energy, `${r.run} energy`).toBeLessThanOrEqual(tol);
    expect(r.force, `${r.run} forces`).toBeLessThanOrEqual(tol);
    expect(r.pressure, `${r.run} pressure`).toBeLessThanOrEqual(tol);
    expect(r.perAtom, `${r.run} per-atom energy and virial`).toBeLessThanOrEqual(tol);
  }
}

/** A fresh run directory under `work` holding the crystal and the deck. */
export function stage(work: string, label: string, crystal: Crystal, deckText: string): string {
  const dir = join(work, label);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'crystal.data'), dataFile(crystal));
  writeFileSync(join(dir, 'in.deck'), deckText);
  return dir;
}

/** Runs a command to completion without blocking the event loop (vitest's worker must keep answering); rejects with
 *  its output tail on a non-zero exit or after timeoutMs. */
export function runAsync(cmd: string, argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out = (out + d).slice(-20000); });
    child.stderr.on('data', (d) => { out = (out + d).slice(-20000); });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${argv.join(' ')} failed (${code ?? signal}):\n${out.slice(-4000)}`));
    });
  });
}

/** `program -in in.deck` (lmp or lmp_ectmd) in dir, serially or under `mpirun -np 2`; returns the log text. */
export async function runLmp(program: string, dir: string, ranks: 1 | 2, env: NodeJS.ProcessEnv): Promise<string> {
  const args = ['-in', 'in.deck', '-log', 'log.lammps', '-screen', 'none'];
  const [cmd, argv] = ranks === 1 ? [program, args] : ['mpirun', ['--allow-run-as-root', '--oversubscribe', '-np', '2', program, ...args]];
  try {
    await runAsync(cmd, argv, { cwd: dir, env: { OMP_NUM_THREADS: '1', ...env }, timeoutMs: 180_000 });
  } catch (e) {
    const log = existsSync(join(dir, 'log.lammps')) ? readFileSync(join(dir, 'log.lammps'), 'utf8') : '';
    throw new Error(`${(e as Error).message}\nin ${dir}\n${log.slice(-2000)}`);
  }
  return readFileSync(join(dir, 'log.lammps'), 'utf8');
}
