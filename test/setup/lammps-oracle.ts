// Runs the installed LAMMPS (`lmp`) on a generated input and reads back `dump custom` files, so the setup
// tests compare against LAMMPS's own numbers computed at test time (never typed in by hand).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasLmp: boolean = spawnSync('lmp', ['-h'], { stdio: 'ignore' }).status === 0;
if (!hasLmp) console.warn('[test/setup] SKIPPING LAMMPS comparisons: `lmp` is not on PATH');

export interface Dump {
  /** Column names of the ATOMS section. */
  columns: string[];
  /** Rows as numbers, in file order (write with `modify sort id`). */
  rows: number[][];
  /** Column accessor by name, one value per row. */
  col(name: string): number[];
}

export function parseDump(text: string): Dump {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('ITEM: ATOMS'));
  if (start < 0) throw new Error('dump has no ITEM: ATOMS section');
  const columns = lines[start].slice('ITEM: ATOMS'.length).trim().split(/\s+/);
  const rows = lines.slice(start + 1).filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s+/).map(Number));
  return {
    columns,
    rows,
    col(name: string): number[] {
      const k = columns.indexOf(name);
      if (k < 0) throw new Error(`dump has no column ${name}`);
      return rows.map((r) => r[k]);
    },
  };
}

/** Run `lmp` on the input text in a scratch directory and return the named dump files, parsed. */
export function runLammps(input: string, dumps: string[]): Record<string, Dump> {
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-setup-'));
  try {
    writeFileSync(join(dir, 'in.lmp'), input);
    const run = spawnSync('lmp', ['-in', 'in.lmp', '-log', 'none', '-nocite'], { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`lmp failed (${run.status}):\n${String(run.stdout).slice(-2000)}${run.stderr}`);
    const out: Record<string, Dump> = {};
    for (const d of dumps) out[d] = parseDump(readFileSync(join(dir, d), 'utf8'));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `write_dump` line with full precision, sorted by atom ID. */
export function writeDump(file: string, columns: string): string {
  return `write_dump all custom ${file} ${columns} modify sort id format float %.17g`;
}
