// Shared by test/parallel/streitz.test.ts and test/parallel/ewald.test.ts: a variant of LAMMPS's in.streitz.* deck
// (2160 atoms of α-Al2O3 from data.streitz, LAMMPS's AlO potential files) run through the ectmd CLI at a given worker
// count and kernel build, with its thermo table (the S/CPU timing column left out) and its run directory.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseLammpsLog } from '../../host/io/lammps-log.js';
import { LAMMPS_POTENTIALS, referenceDir, runEctmd } from './lammps.js';

export type KernelKind = 'simd' | 'scalar';

export const readText = (...p: string[]): string => readFileSync(join(...p), 'utf8');

export interface CellRun { dir: string; log: string; columns: string[]; rows: number[][] }

/** Every row of the named thermo columns (each must be there) of `many` within rel × the column's largest |value| of
 *  `one`'s. */
export function expectThermoClose(one: Pick<CellRun, 'columns' | 'rows'>, many: Pick<CellRun, 'columns' | 'rows'>, names: string[], rel: number): void {
  for (const c of names) {
    const k = one.columns.indexOf(c);
    expect(k, c).toBeGreaterThanOrEqual(0);
    const scale = Math.max(...one.rows.map((row) => Math.abs(row[k])));
    one.rows.forEach((row, s) => expect(Math.abs(many.rows[s][k] - row[k]), `${c} step ${s}`).toBeLessThanOrEqual(rel * scale));
  }
}

/** Run the deck text (which reads data.streitz, AlO.streitz, AlO.eam.alloy) for `steps` steps; the log must report
 *  the worker count and no warning. */
export async function runStreitzCell(text: string, steps: number, workers: number, kernel: KernelKind): Promise<CellRun> {
  const { dir, log } = await runEctmd(text, {
    'data.streitz': readText(referenceDir(), 'data.streitz'),
    'AlO.streitz': readText(LAMMPS_POTENTIALS, 'AlO.streitz'),
    'AlO.eam.alloy': readText(LAMMPS_POTENTIALS, 'AlO.eam.alloy'),
  }, { workers, kernel, timeoutMs: 240_000 });
  expect(log).toMatch(new RegExp(`^Loop time of \\S+ on ${workers} procs for ${steps} steps with 2160 atoms$`, 'm'));
  expect(log).not.toMatch(/WARNING/);
  const [r] = parseLammpsLog(log, 'ectmd log').runs;
  // S/CPU (in.streitz.ewald's spcpu) is a timing: left out
  const keep = r.columns.map((c, k) => (c === 'S/CPU' ? -1 : k)).filter((k) => k >= 0);
  return { dir, log, columns: keep.map((k) => r.columns[k]), rows: r.rows.map((row) => keep.map((k) => row[k])) };
}
