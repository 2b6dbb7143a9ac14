// Test helpers for live cross-checks: run a deck text in LAMMPS (`lmp`) or ectmd in a fresh temp dir
// and hand back the dir (for dumps) and the log text. Tests that need LAMMPS use
// `test.skipIf(!lmpPath())`; a missing lmp is reported once on the console.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { findLmp, repoRoot, runEctmdIn, runLmpIn, type Kernel } from '../../scripts/compare-lammps.js';

export interface RunResult {
  dir: string;
  log: string;
}

export interface LammpsRunOptions {
  vars?: Record<string, string>;
  timeoutMs?: number;
}

export interface EctmdRunOptions extends LammpsRunOptions {
  kernel?: Kernel;
  /** --workers N (absent: ectmd's default, the cores available) */
  workers?: number;
}

const DECK = 'in.deck';
const TIMEOUT_MS = 60_000;
const runDirs: string[] = [];
let lmpMissingReported = false;

// The helper is loaded afresh for each test file, so this removes the run dirs of that file once it is done.
afterAll(() => {
  for (const dir of runDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** CI sets ECTMD_REQUIRE_LAMMPS=1: there a missing lmp or LAMMPS potential is a failure, not a skip. */
const REQUIRE_LAMMPS = process.env.ECTMD_REQUIRE_LAMMPS === '1';

/** Path of the LAMMPS binary (env LMP, else `lmp` on PATH), or null after one console warning. */
export function lmpPath(): string | null {
  const lmp = findLmp();
  if (lmp === null && REQUIRE_LAMMPS) throw new Error('ECTMD_REQUIRE_LAMMPS=1 but LAMMPS (lmp) is not on PATH: apt-get install lammps lammps-data');
  if (lmp === null && !lmpMissingReported) {
    lmpMissingReported = true;
    console.warn('LAMMPS (lmp) not found: skipping live cross-checks');
  }
  return lmp;
}

/** The directory of LAMMPS's own potential files (Debian lammps-data), env LAMMPS_POTENTIALS overriding. */
export const LAMMPS_POTENTIALS = process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials';

/** True when every named LAMMPS potential file is installed; otherwise false after one warning (an error in CI). */
export function hasLammpsPotentials(...names: string[]): boolean {
  const missing = names.filter((n) => !existsSync(join(LAMMPS_POTENTIALS, n)));
  if (missing.length === 0) return true;
  if (REQUIRE_LAMMPS) throw new Error(`ECTMD_REQUIRE_LAMMPS=1 but ${missing.join(', ')} not found in ${LAMMPS_POTENTIALS}`);
  console.warn(`LAMMPS potentials ${missing.join(', ')} not in ${LAMMPS_POTENTIALS}: skipping tests that use them`);
  return false;
}

/** LAMMPS 29Sep2021 reference inputs and outputs kept with the tests (test/reference/lammps, see its README). */
export function referenceDir(): string {
  return join(repoRoot(), 'test', 'reference', 'lammps');
}

/** A fresh directory holding the deck as in.deck and `files` (name → text) beside it; removed after the test file. */
function stage(deckText: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-test-'));
  runDirs.push(dir);
  writeFileSync(join(dir, DECK), deckText);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** `lmp -in in.deck -log log.lammps -screen none` in a fresh dir; null when LAMMPS is not installed. */
export async function runLammps(deckText: string, files: Record<string, string>, opts: LammpsRunOptions = {}): Promise<RunResult | null> {
  const lmp = lmpPath();
  if (lmp === null) return null;
  const dir = stage(deckText, files);
  const log = await runLmpIn(lmp, dir, DECK, { vars: opts.vars, timeoutMs: opts.timeoutMs ?? TIMEOUT_MS });
  return { dir, log };
}

/** `node bin/ectmd.js -in in.deck -log log.lammps -screen none` in a fresh dir; throws with stderr on failure. */
export async function runEctmd(deckText: string, files: Record<string, string>, opts: EctmdRunOptions = {}): Promise<RunResult> {
  const dir = stage(deckText, files);
  const log = await runEctmdIn(dir, DECK, { kernel: opts.kernel, workers: opts.workers, vars: opts.vars, timeoutMs: opts.timeoutMs ?? TIMEOUT_MS });
  return { dir, log };
}
