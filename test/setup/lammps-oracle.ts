// Runs the installed LAMMPS (`lmp`) on a generated input and reads back `dump custom` files, so the setup
// tests compare against LAMMPS's own numbers computed at test time (never typed in by hand).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumpColumn, parseDump as parseDumpFrames } from '../../host/io/dump-read.js';
import { lmpPath } from '../helpers/lammps.js';

export const hasLmp: boolean = lmpPath() !== null;

export interface Dump {
  /** Column names of the ATOMS section. */
  columns: string[];
  natoms: number;
  /** Column accessor by name, one value per atom in file order (write with `modify sort id`). */
  col(name: string): number[];
}

/** The first frame of a dump, read by ectmd's dump reader, with a by-name column accessor. */
export function parseDump(text: string, path = 'dump'): Dump {
  const [frame] = parseDumpFrames(text, path);
  if (!frame) throw new Error(`${path}: no frame`);
  return { columns: frame.columns, natoms: frame.natoms, col: (name) => Array.from(dumpColumn(frame, name, path)) };
}

/** Run `lmp` on the input text in a scratch directory and return the named dump files, parsed. */
export function runLammps(input: string, dumps: string[]): Record<string, Dump> {
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-setup-'));
  try {
    writeFileSync(join(dir, 'in.lmp'), input);
    const run = spawnSync(lmpPath()!, ['-in', 'in.lmp', '-log', 'none', '-nocite'], { cwd: dir, encoding: 'utf8' });
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
