// SIGINT/SIGTERM during a run: ectmd finishes the step, writes a restart file (ectmd.restart, or the file of the
// last `restart` command), exits 130/143, and `--resume` finishes the run with the same dump text and final
// thermo as an uninterrupted run. SIGKILL leaves only whole dump snapshots. The signal is sent once the first
// dump snapshot exists (SIGKILL: after 40 snapshots), and the run is long enough (20,000 steps) that it is still going then.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { repoRoot } from '../../scripts/compare-lammps.js';
import { parseDump } from '../../host/io/dump-read.js';
import { decodeRestart } from '../../host/io/restart-file.js';

const ROOT = repoRoot();
const CU = readFileSync(join(ROOT, 'potentials', 'eam', 'Cu_zjw04.eam.alloy'), 'utf8');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const STEPS = 20000;
const deck = (extra = ''): string => `units metal
atom_style atomic
lattice fcc 3.615
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
pair_style eam/alloy
pair_coeff * * Cu_zjw04.eam.alloy Cu
velocity all create 1200 4928459
fix 1 all nve
neighbor 0.5 bin
thermo 1000
thermo_style custom step temp pe ke etotal press
thermo_modify format float %.17g
dump d all custom 50 cu.dump id type x y z vx vy vz
dump_modify d sort id format float %.17g
${extra}run ${STEPS}
`;

function stage(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-int-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'in.deck'), text);
  writeFileSync(join(dir, 'Cu_zjw04.eam.alloy'), CU);
  return dir;
}

const BIN = join(ROOT, 'bin', 'ectmd.js');

/** Start the deck, send `signal` once the dump holds the snapshot of step `after`; resolves with the exit. */
function runAndSignal(dir: string, signal: NodeJS.Signals, after = 0): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, '-in', 'in.deck', '-screen', 'none'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    const dump = join(dir, 'cu.dump');
    const poll = setInterval(() => {
      if (existsSync(dump) && readFileSync(dump, 'utf8').includes(`ITEM: TIMESTEP\n${after}\n`)) { clearInterval(poll); child.kill(signal); }
    }, 5);
    child.on('error', fail);
    child.on('close', (code) => { clearInterval(poll); done({ code, stderr }); });
  });
}

function finalThermo(log: string): string {
  return log.split('\n').filter((l) => new RegExp(`^\\s*${STEPS}\\s`).test(l)).at(-1) ?? '(no final row)';
}

let uninterrupted: { dump: string; final: string } | null = null;
function reference(): { dump: string; final: string } {
  if (!uninterrupted) {
    const dir = stage(deck());
    const r = spawnSync(process.execPath, [BIN, '-in', 'in.deck', '-screen', 'none'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    uninterrupted = { dump: readFileSync(join(dir, 'cu.dump'), 'utf8'), final: finalThermo(readFileSync(join(dir, 'log.lammps'), 'utf8')) };
  }
  return uninterrupted;
}

/** Every snapshot complete: parseDump reads it and each has NUMBER OF ATOMS rows. */
function wholeSnapshots(text: string): number[] {
  const frames = parseDump(text, 'cu.dump');
  for (const f of frames) expect(f.data[0].length).toBe(f.natoms);
  return frames.map((f) => f.step);
}

for (const [signal, code, extra, file] of [['SIGINT', 130, '', 'ectmd.restart'], ['SIGTERM', 143, 'restart 100000 cu.restart\n', 'cu.restart']] as const) {
  test(`${signal}: restart file, exit ${code}, --resume reaches step ${STEPS} bitwise`, async () => {
    const dir = stage(deck(extra));
    const r = await runAndSignal(dir, signal);
    expect(r.code).toBe(code);
    const m = /Stopped by (\S+) at step (\d+); restart file (\S+)/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(m![1]).toBe(signal);
    expect(m![3]).toBe(file);
    const stopped = Number(m![2]);
    expect(stopped).toBeLessThan(STEPS);
    const log = readFileSync(join(dir, 'log.lammps'), 'utf8');
    expect(log).toContain(`wrote restart file ${file}`);
    expect(log).toContain(`Continue with: ectmd -in in.deck --resume ${file}`);
    const restart = decodeRestart(readFileSync(join(dir, file)), file);
    expect(restart.step).toBe(stopped);
    expect(restart.run).toEqual({ file: 'in.deck', line: extra ? 18 : 17, ordinal: 1, endStep: STEPS });
    const steps = wholeSnapshots(readFileSync(join(dir, 'cu.dump'), 'utf8'));
    expect(steps.at(-1)).toBe(Math.floor(stopped / 50) * 50);

    const resumed = spawnSync(process.execPath, [BIN, '-in', 'in.deck', '--resume', file, '-screen', 'none'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(resumed.status, resumed.stderr).toBe(0);
    const ref = reference();
    expect(finalThermo(readFileSync(join(dir, 'log.lammps'), 'utf8'))).toBe(ref.final);
    expect(readFileSync(join(dir, 'cu.dump'), 'utf8') === ref.dump).toBe(true);
  }, 180_000);
}

test('SIGKILL mid-run leaves only whole dump snapshots', async () => {
  const dir = stage(deck());
  const r = await runAndSignal(dir, 'SIGKILL', 2000);
  expect(r.code).toBeNull();
  const steps = wholeSnapshots(readFileSync(join(dir, 'cu.dump'), 'utf8'));
  expect(steps.length).toBeGreaterThan(40);
  expect(steps.at(-1)).toBeLessThan(STEPS);
  expect(steps.every((s, k) => s === 50 * k)).toBe(true);
}, 120_000);

test('--resume with a restart file written outside a run is an error naming it', () => {
  const dir = stage(deck().replace(/run \d+/, 'run 0\nwrite_restart plain.restart'));
  expect(spawnSync(process.execPath, [BIN, '-in', 'in.deck', '-screen', 'none'], { cwd: dir }).status).toBe(0);
  const r = spawnSync(process.execPath, [BIN, '-in', 'in.deck', '--resume', 'plain.restart', '-screen', 'none'], { cwd: dir, encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^ERROR: Cannot resume from plain\.restart: expected a restart file written during a run/m);
}, 60_000);
