// Bad input through the command line: each case exits non-zero with one clear message naming the file,
// the line, what was expected and what was found, writes it to the log too, and leaves no partial output.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../scripts/compare-lammps.js';

const ROOT = repoRoot();
const CU = readFileSync(join(ROOT, 'potentials', 'eam', 'Cu_zjw04.eam.alloy'), 'utf8');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

interface Exit { code: number | null; stderr: string; stdout: string; dir: string; log: string }

function ectmd(deck: string, files: Record<string, string> = {}, args: string[] = ['-in', 'in.deck']): Exit {
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-err-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'in.deck'), deck);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'ectmd.js'), ...args, '-screen', 'none'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  const logPath = join(dir, 'log.lammps');
  return { code: r.status, stderr: r.stderr, stdout: r.stdout, dir, log: existsSync(logPath) ? readFileSync(logPath, 'utf8') : '' };
}

const CRYSTAL = ['units metal', 'atom_style atomic', 'lattice fcc 3.615', 'region box block 0 2 0 2 0 2', 'create_box 1 box', 'create_atoms 1 box'];
const deckOf = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** The run failed with exactly one ERROR line on stderr, matching every pattern, and the log ends with it. */
function expectError(r: Exit, ...patterns: RegExp[]): string {
  expect(r.code).not.toBe(0);
  expect(r.code).not.toBeNull();
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('ERROR'));
  expect(lines).toHaveLength(1);
  for (const p of patterns) expect(lines[0]).toMatch(p);
  expect(r.stderr).not.toMatch(/\bat \S+\.js:\d+/); // a message, not a stack trace
  if (r.log !== '') expect(r.log.trimEnd().split('\n').at(-1)).toBe(lines[0]);
  return lines[0];
}

describe('input scripts', () => {
  test('an unknown command names file, line and command', () => {
    expectError(ectmd(deckOf('units metal', '', 'fix_nve all')), /in\.deck:3:/, /Unknown command/, /found fix_nve/);
  });

  test('a missing input script', () => {
    expectError(ectmd('', {}, ['-in', 'nope.in']), /nope\.in/, /Cannot open input script/);
  });

  test('a bad number in a command', () => {
    expectError(ectmd(deckOf(...CRYSTAL, 'timestep 0.0o1')), /in\.deck:7:/, /timestep/, /0\.0o1/);
  });

  test('a non-finite number in a command', () => {
    expectError(ectmd(deckOf(...CRYSTAL, 'timestep nan')), /in\.deck:7:/, /finite/, /nan/);
  });

  test('a script that includes itself stops at the include depth limit, not with a JavaScript stack overflow', () => {
    expectError(ectmd(deckOf('units metal', 'include in.deck')), /in\.deck:2:/, /Too deeply nested include: expected at most 64 input files/);
  });

  test('an include of a missing file names the include line', () => {
    expectError(ectmd(deckOf('units metal', 'include nope.in')), /in\.deck:2:/, /Cannot open input script nope\.in/);
  });

  test('a directory given where a file is read is an error naming the command, not a Node error', () => {
    expectError(ectmd(deckOf('units metal', 'include .')), /in\.deck:2: Cannot open input script \.: EISDIR/);
    expectError(ectmd(deckOf('units metal', 'read_data .')), /in\.deck:2: Cannot open data file \.: EISDIR/);
    expectError(ectmd(deckOf('units metal', 'read_restart .')), /in\.deck:2: Cannot open restart file \.: EISDIR/);
    expectError(ectmd('', {}, ['-in', '.']), /Cannot open input script \.: EISDIR/);
  });

  test('a run longer than LAMMPS allows, and integers a double cannot hold, are refused', () => {
    expectError(ectmd(deckOf(...CRYSTAL, 'run 2147483648')), /in\.deck:7:/, /Invalid run command N value: expected at most 2147483647 steps/);
    expectError(ectmd(deckOf(...CRYSTAL, 'reset_timestep 9007199254740993')), /in\.deck:7:/, /expected an integer of magnitude at most 9007199254740991, found "9007199254740993"/);
  });

  test('format widths and precisions beyond the caps, and column or line formats without one conversion, are refused', () => {
    expectError(ectmd(deckOf(...CRYSTAL, 'thermo_modify format float %1000000000.1000000000f')), /in\.deck:7: thermo_modify format: expected a field width up to 1000 and a precision up to 97/);
    expectError(ectmd(deckOf(...CRYSTAL, 'thermo_modify format 2 %s')), /in\.deck:7: thermo_modify format N: expected a format with one conversion, found '%s'/);
    expectError(ectmd(deckOf(...CRYSTAL, 'thermo_modify format line "%d %.200g"')), /in\.deck:7: thermo_modify format line: expected a field width/);
    expectError(ectmd(deckOf(...CRYSTAL, 'dump d all custom 1 o.dump id x', 'dump_modify d format 2 "%d %d"')), /in\.deck:8: dump_modify format N: expected a format with one conversion/);
  });

  test('a run before any pair style', () => {
    expectError(ectmd(deckOf(...CRYSTAL, 'mass 1 63.5', 'run 0')), /in\.deck:8:/, /[Pp]air style/);
  });

  test('a command that needs a box, before one exists', () => {
    expectError(ectmd(deckOf('units metal', 'mass 1 1.0')), /in\.deck:2:/, /box/);
  });
});

describe('potential files', () => {
  const POT = ['pair_style eam/alloy', 'pair_coeff * * cu.eam.alloy Cu', 'run 0'];

  test('a missing potential file names the input line and where it was looked for', () => {
    expectError(ectmd(deckOf(...CRYSTAL, 'pair_style eam/alloy', 'pair_coeff * * missing.eam.alloy Cu')), /in\.deck:8:/, /missing\.eam\.alloy/);
  });

  test('an element the file does not have', () => {
    expectError(ectmd(deckOf(...CRYSTAL, 'pair_style eam/alloy', 'pair_coeff * * cu.eam.alloy Xx'), { 'cu.eam.alloy': CU }), /in\.deck:8:/, /Xx/, /Cu/);
  });

  test('a truncated file names the file and what is missing', () => {
    const truncated = CU.slice(0, Math.floor(CU.length / 2));
    expectError(ectmd(deckOf(...CRYSTAL, ...POT), { 'cu.eam.alloy': truncated }), /cu\.eam\.alloy/, /expected/, /found/);
  });

  test('a non-numeric table entry names the file and its line', () => {
    const lines = CU.split('\n');
    const k = 100;
    const words = lines[k].trim().split(/\s+/);
    words[1] = '1.2.3';
    lines[k] = words.join(' ');
    expectError(ectmd(deckOf(...CRYSTAL, ...POT), { 'cu.eam.alloy': lines.join('\n') }), new RegExp(`cu\\.eam\\.alloy:${k + 1}:`), /1\.2\.3/);
  });

  test('a NaN table entry is refused, not carried into the forces', () => {
    const lines = CU.split('\n');
    const words = lines[200].trim().split(/\s+/);
    words[0] = 'nan';
    lines[200] = words.join(' ');
    expectError(ectmd(deckOf(...CRYSTAL, ...POT), { 'cu.eam.alloy': lines.join('\n') }), /cu\.eam\.alloy:201:/, /nan/i);
  });
});

describe('data files and outputs', () => {
  const data = (atomLine: string): string => [
    'test', '', '2 atoms', '1 atom types', '', '0 10 xlo xhi', '0 10 ylo yhi', '0 10 zlo zhi', '', 'Masses', '', '1 63.546', '',
    'Atoms # atomic', '', '1 1 1.0 1.0 1.0', atomLine, '',
  ].join('\n');
  const READ = ['units metal', 'atom_style atomic', 'read_data cu.data', 'pair_style eam/alloy', 'pair_coeff * * cu.eam.alloy Cu'];

  test('a bad number in a data file names the data file and its line', () => {
    expectError(ectmd(deckOf(...READ), { 'cu.data': data('2 1 2.0 x2.0 2.0'), 'cu.eam.alloy': CU }), /cu\.data:17:/, /x2\.0/);
  });

  test('atoms on top of each other: a non-finite energy stops the run, and no dump frame is written', () => {
    const r = ectmd(deckOf(...READ, 'dump d all custom 1 out.dump id x y z fx fy fz', 'run 10'), { 'cu.data': data('2 1 1.0 1.0 1.0'), 'cu.eam.alloy': CU });
    expectError(r, /in\.deck:7: Non-finite energy/);
    expect(existsSync(join(r.dir, 'out.dump')) ? readFileSync(join(r.dir, 'out.dump'), 'utf8') : '').toBe('');
  });

  test('a non-finite thermo value (velocities of 1e308) stops the run at its line instead of printing inf', () => {
    const r = ectmd(deckOf(...READ, 'velocity all set 1e308 0 0', 'run 1'), { 'cu.data': data('2 1 2.0 2.0 2.0'), 'cu.eam.alloy': CU });
    expectError(r, /in\.deck:7: Non-finite thermo output at step 0: expected a finite Temp, found Infinity/);
    expect(r.log).not.toMatch(/\binf\b/i);
  });

  test('an error raised inside a run (kernel out of memory for a skin of 1e308) names the run line', () => {
    expectError(ectmd(deckOf(...READ, 'neighbor 1e308 bin', 'run 1'), { 'cu.data': data('2 1 2.0 2.0 2.0'), 'cu.eam.alloy': CU }), /in\.deck:7: out of kernel memory/);
  });

  test('write_data into a directory that does not exist fails and leaves nothing behind', () => {
    const r = ectmd(deckOf(...CRYSTAL, 'mass 1 63.5', 'write_data no/such/dir/out.data'));
    expectError(r, /in\.deck:8:/, /out\.data/);
    expect(existsSync(join(r.dir, 'no'))).toBe(false);
  });
});
