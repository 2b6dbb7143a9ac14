// Restart files: run 100 steps = run 50 + write_restart, then read_restart + run 50 in a new deck, bit for bit
// (dump text and thermo rows), in orthogonal and triclinic cells with neighbour rebuilds on both sides; periodic
// `restart N`; fix state through the Fix hooks; truncated, corrupt, foreign and wrong-version files are errors naming the file.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Interpreter } from '../../host/lammps/interpreter.js';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runEctmd } from '../helpers/lammps.js';
import { repoRoot, runEctmdIn } from '../../scripts/compare-lammps.js';
import { Box } from '../../host/system/box.js';
import { parseLammpsLog } from '../../host/io/lammps-log.js';
import { decodeRestart, encodeRestart, RESTART_VERSION, type RestartData } from '../../host/io/restart-file.js';
import { captureRestart, restoreFixState } from '../../host/lammps/restart.js';
import { Engine } from '../../host/engine/engine.js';
import type { Fix } from '../../host/fix/fix.js';
import { writeAloCluster } from '../ect/ect-run.js';
import { tinyCuDeck } from '../helpers/tiny-cu.js';

const CU = readFileSync(join(repoRoot(), 'potentials', 'eam', 'Cu_zjw04.eam.alloy'), 'utf8');
const FILES = { 'Cu_zjw04.eam.alloy': CU };

/** Hot Cu with a small skin, so the list is rebuilt before and after step 50. */
function setup(region: string): string {
  return `units metal
atom_style atomic
lattice fcc 3.615
region box ${region}
create_box 1 box
create_atoms 1 box
pair_style eam/alloy
pair_coeff * * Cu_zjw04.eam.alloy Cu
velocity all create 3000 4928459 mom yes rot no
neighbor 0.4 bin
neigh_modify every 2 delay 4 check yes
timestep 0.002
`;
}

const OUTPUT = `fix 1 all nve
thermo 5
thermo_style custom step temp pe ke etotal press pxx pyz
thermo_modify format float %.17g
dump d all custom 5 DUMP id type x y z vx vy vz fx fy fz ix iy iz
dump_modify d sort id format float %.17g
`;

/** Dump text split into snapshots keyed by step. */
function frames(text: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const f of text.split('ITEM: TIMESTEP\n').slice(1)) m.set(Number(f.split('\n')[0]), f);
  return m;
}

/** Thermo rows keyed by step, as printed. */
function rows(log: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of log.split('\n')) {
    const w = line.trim().split(/\s+/);
    if (w.length === 8 && /^\d+$/.test(w[0])) m.set(Number(w[0]), line);
  }
  return m;
}

function builds(log: string): number[] {
  return parseLammpsLog(log).runs.map((r) => r.neighborBuilds ?? -1);
}

/** Run a second deck in the directory of an earlier run (where its restart files are); returns the log. */
function continueIn(dir: string, deck: string): Promise<string> {
  writeFileSync(join(dir, 'in.continue'), deck);
  return runEctmdIn(dir, 'in.continue');
}

function ectmdSync(dir: string, deck: string): { code: number | null; stderr: string } {
  writeFileSync(join(dir, 'in.err'), deck);
  const r = spawnSync(process.execPath, [join(repoRoot(), 'bin', 'ectmd.js'), '-in', 'in.err', '-screen', 'none', '-log', 'log.err'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stderr: r.stderr };
}

describe('write_restart / read_restart continue bitwise', () => {
  for (const [name, region] of [['orthogonal', 'block 0 4 0 4 0 4'], ['triclinic', 'prism 0 4 0 4 0 4 1.0 -0.5 0.5 units lattice']]) {
    test(name, async () => {
      const whole = await runEctmd(`${setup(region)}${OUTPUT.replace('DUMP', 'whole.dump')}run 100\n`, FILES);
      const first = await runEctmd(`${setup(region)}${OUTPUT.replace('DUMP', 'first.dump')}run 50\nwrite_restart cu.restart\n`, FILES);
      const second = { dir: first.dir, log: await continueIn(first.dir, `units metal\nread_restart cu.restart\n${OUTPUT.replace('DUMP', 'second.dump')}run 50\n`) };
      const all = frames(readFileSync(join(whole.dir, 'whole.dump'), 'utf8'));
      const split = new Map([...frames(readFileSync(join(first.dir, 'first.dump'), 'utf8')), ...frames(readFileSync(join(second.dir, 'second.dump'), 'utf8'))]);
      expect(all.size).toBe(21);
      expect([...split.keys()]).toEqual([...all.keys()]);
      for (const [step, text] of all) expect(split.get(step), `dump at step ${step}`).toBe(text);
      const r = rows(whole.log), r1 = rows(first.log), r2 = rows(second.log);
      expect(r.size).toBe(21);
      for (const [step, line] of r) expect((step <= 50 ? r1 : r2).get(step), `thermo at step ${step}`).toBe(line);
      expect(r2.get(50)).toBe(r.get(50));
      // the list was rebuilt in both halves, so the restored list state matters
      expect(builds(first.log)[0]).toBeGreaterThan(0);
      expect(builds(second.log)[0]).toBeGreaterThan(0);
    }, 120_000);
  }
});

describe('ect/eam: the state weights go through the restart file', () => {
  // an Al2O3 cluster with entropic smoothing: interior weights, which the charges alone do not determine, and a
  // mirror-descent step carried between solves; without the weights in the file the continuation differs in the last bits
  test('20 steps = 10 + write_restart + read_restart + 10, bit for bit (te 0.1: interior weights)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ectmd-ect-restart-'));
    const data = readFileSync(writeAloCluster(join(dir, 'data.cluster')), 'utf8');
    rmSync(dir, { recursive: true, force: true });
    const files = { 'data.cluster': data };
    const setup = 'units metal\natom_style charge\nread_data data.cluster\npair_style ect/eam 25 coulomb tol 1e-10 te 0.1\n' +
      'pair_coeff * * AlO.ect Al O\nvelocity all create 600 4928459 mom yes rot yes\nneighbor 1.0 bin\ntimestep 0.001\n';
    const out = OUTPUT.replace('fx fy fz', 'fx fy fz q');
    const whole = await runEctmd(`${setup}${out.replace('DUMP', 'whole.dump')}run 20\n`, files);
    const first = await runEctmd(`${setup}${out.replace('DUMP', 'first.dump')}run 10\nwrite_restart alo.restart\n`, files);
    const log2 = await continueIn(first.dir, `units metal\nread_restart alo.restart\n${out.replace('DUMP', 'second.dump')}run 10\n`);
    const all = frames(readFileSync(join(whole.dir, 'whole.dump'), 'utf8'));
    const split = new Map([...frames(readFileSync(join(first.dir, 'first.dump'), 'utf8')), ...frames(readFileSync(join(first.dir, 'second.dump'), 'utf8'))]);
    expect(all.size).toBe(5);
    for (const [step, text] of all) expect(split.get(step), `dump at step ${step}`).toBe(text);
    const r = rows(whole.log), r1 = rows(first.log), r2 = rows(log2);
    for (const [step, line] of r) expect((step <= 10 ? r1 : r2).get(step), `thermo at step ${step}`).toBe(line);
    // the weights are interior: some atom has a weight neither 0 nor 1 (else the charges alone would restore them)
    const restart = decodeRestart(readFileSync(join(first.dir, 'alo.restart')), 'alo.restart');
    expect(restart.pairState?.style).toBe('ect/eam');
    const w = restart.pairState!.state.subarray(12 + restart.pairState!.state[4]);
    expect(Math.max(...w.map((v) => Math.min(v, 1 - v)))).toBeGreaterThan(0.01);
  }, 120_000);
});

test('restart N FILE1 FILE2 alternates files and a periodic restart continues bitwise', async () => {
  const whole = await runEctmd(`${setup('block 0 3 0 3 0 3')}${OUTPUT.replace('DUMP', 'whole.dump')}restart 20 a.restart b.restart\nrun 70\n`, FILES);
  const a = decodeRestart(readFileSync(join(whole.dir, 'a.restart')), 'a.restart');
  const b = decodeRestart(readFileSync(join(whole.dir, 'b.restart')), 'b.restart');
  expect([a.step, b.step]).toEqual([60, 40]);
  expect(a.run).toEqual({ file: 'in.deck', line: 20, ordinal: 1, endStep: 70 });
  const cont = await continueIn(whole.dir, `units metal\nread_restart b.restart\n${OUTPUT.replace('DUMP', 'cont.dump')}run 30\n`);
  const r = rows(whole.log), c = rows(cont);
  for (const step of [40, 55, 70]) expect(c.get(step)).toBe(r.get(step));
}, 120_000);

test('fix state goes through writeState/readState to a fix defined after read_restart', () => {
  const e = new Engine('scalar');
  const stateful = (id: string, value: number): Fix & { got?: Float64Array } => {
    const f: Fix & { got?: Float64Array } = {
      id, style: 'test/state', mask: null,
      writeState: () => Float64Array.of(value, -value),
      readState: (s) => { f.got = s; },
    };
    return f;
  };
  e.atoms.setTypes(1);
  e.atoms.add(1, 1, 0.5, 0.5, 0.5);
  e.box = new Box([0, 0, 0], [2, 2, 2]);
  const d = decodeRestart(encodeRestart(captureRestart(e, [stateful('t1', 1.25), { id: 'n', style: 'nve', mask: null }], null)), 'mem');
  expect(d.fixes.map((f) => [f.id, f.style, [...f.state]])).toEqual([['t1', 'test/state', [1.25, -1.25]]]);
  const other = stateful('t2', 0), later = stateful('t1', 0);
  restoreFixState(d.fixes, other, { file: 'in', line: 1 });
  restoreFixState(d.fixes, later, { file: 'in', line: 2 });
  expect(other.got).toBeUndefined();
  expect([...later.got!]).toEqual([1.25, -1.25]);
  expect(d.fixes).toHaveLength(0);
});

describe('a restart file with an intact CRC but contents no run can continue is refused when read', () => {
  const e = new Engine('scalar');
  e.atoms.setTypes(2);
  e.atoms.mass[1] = 63.5; e.atoms.massSet[1] = 1;
  e.atoms.add(1, 1, 0.5, 0.5, 0.5);
  e.atoms.add(2, 2, 1.5, 1.5, 1.5);
  e.box = new Box([0, 0, 0], [2, 2, 2]);
  const good = captureRestart(e, [], null);
  test.each<[string, (d: RestartData) => void, RegExp]>([
    ['a NaN position', (d) => { d.x[4] = NaN; }, /ATOM: positions: expected finite numbers, found NaN at index 4/],
    ['an infinite velocity', (d) => { d.v[0] = Infinity; }, /ATOM: velocities: expected finite numbers, found Infinity/],
    ['a type above the type count', (d) => { d.type[1] = 3; }, /ATOM: type of atom 2: expected 1\.\.2, found 3/],
    ['a duplicate atom ID', (d) => { d.tag[1] = 1; }, /ATOM: atom IDs: expected unique IDs >= 1, found 1 at index 1/],
    ['an inverted box', (d) => { d.box.hi[1] = -1; }, /BOX: bounds: expected ylo < yhi, found 0 -1/],
    ['a zero timestep', (d) => { d.dt = 0; }, /HEAD: timestep: expected a finite timestep > 0, found 0/],
    ['2^31 atom types', (d) => { d.ntypes = 2 ** 31; d.mass = new Float64Array(1); d.massSet = new Uint8Array(1); }, /expected 2147483649 values of mass|HEAD: atom types/],
    ['a negative mass', (d) => { d.mass[1] = -1; }, /MASS: mass of type 1: expected a finite mass > 0, found -1/],
    ['a NaN skin', (d) => { d.neighbor.skin = NaN; }, /NEIG: skin: expected a finite skin >= 0, found NaN/],
    ['neighbour checks every 0 steps', (d) => { d.neighbor.every = 0; }, /NEIG: every: expected >= 1, found 0/],
  ])('%s', (_what, spoil, message) => {
    const d = decodeRestart(encodeRestart(good), 'mem');
    spoil(d);
    expect(() => decodeRestart(encodeRestart(d), 'bad.restart')).toThrow(message);
    expect(() => decodeRestart(encodeRestart(d), 'bad.restart')).toThrow(/^Invalid restart file bad\.restart: /);
  });
});

test('write_restart of a state read_restart would refuse (an infinite velocity) is an error at its line and writes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-wrestart-'));
  try {
    const it = tinyCuDeck();
    it.engine.atoms.v[0] = Infinity;
    expect(() => it.line(`write_restart ${join(dir, 'x.restart')}`, { file: 'in.deck', line: 7 }))
      .toThrow(/in\.deck:7: Cannot write restart file .*x\.restart: expected a state read_restart accepts, found ATOM: velocities: expected finite numbers, found Infinity at index 0/);
    expect(readdirSync(dir)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('bad restart files are errors naming the file', async () => {
  const made = await runEctmd(`${setup('block 0 2 0 2 0 2')}run 0\nwrite_restart good.restart\n`, FILES);
  const good = readFileSync(join(made.dir, 'good.restart'));
  const variants: Array<[string, Buffer, RegExp]> = [
    ['truncated', good.subarray(0, good.length - 100), /truncated/],
    ['corrupt', (() => { const b = Buffer.from(good); b[200] ^= 0x10; return b; })(), /corrupt: expected CRC-32/],
    ['wrong version', (() => { const b = Buffer.from(good); b.writeUInt32LE(RESTART_VERSION + 1, 8); return b; })(), new RegExp(`expected format version ${RESTART_VERSION}, found version ${RESTART_VERSION + 1}`)],
    ['not a restart file', Buffer.from('LAMMPS data file\n\n4 atoms\n'), /expected an ectmd restart file/],
  ];
  for (const [what, bytes, pattern] of variants) {
    test(what, () => {
      writeFileSync(join(made.dir, 'bad.restart'), bytes);
      const r = ectmdSync(made.dir, 'units metal\nread_restart bad.restart\n');
      expect(r.code).toBe(1);
      const err = r.stderr.split('\n').filter((l) => l.startsWith('ERROR'));
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(/in\.err:2: Invalid restart file bad\.restart: /);
      expect(err[0]).toMatch(pattern);
    }, 60_000);
  }
  test('missing file', () => {
    const r = ectmdSync(made.dir, 'units metal\nread_restart nowhere.restart\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ERROR: in\.err:2: Cannot open restart file nowhere\.restart: no such file/);
  }, 60_000);
});

test('run N upto runs to step N; write_restart names * by the step; an end step behind is an error', async () => {
  const r = await runEctmd(`${setup('block 0 2 0 2 0 2')}${OUTPUT.replace('DUMP', 'u.dump')}run 20 upto\nrun 30 upto\nwrite_restart cu.*.restart\n`, FILES);
  const runs = parseLammpsLog(r.log).runs;
  expect(runs.map((x) => x.steps)).toEqual([20, 10]);
  expect(decodeRestart(readFileSync(join(r.dir, 'cu.30.restart')), 'cu.30.restart').step).toBe(30);
  const bad = ectmdSync(r.dir, `${setup('block 0 2 0 2 0 2')}fix 1 all nve\nrun 20\nrun 10 upto\n`);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/ERROR: in\.err:15: Illegal run command: expected an end step >= the current step 20, found 10/);
}, 60_000);

describe('charges of atom_style atomic through a restart file (Atoms makes the charge array at first use)', () => {
  // in process: an atomic system whose charges a pair style wrote (as ect/eam does) keeps them; one whose charges
  // nothing used writes zeros and reads back without making the array
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-q-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const reread = (file: string): Interpreter => {
    const it = new Interpreter({ kernel: 'scalar', logPath: null, screen: false });
    it.line('units metal', { file: 'in.next', line: 1 });
    it.line(`read_restart ${file}`, { file: 'in.next', line: 2 });
    return it;
  };

  test('charges written on an atomic system come back; unused ones stay unmade and read as zeros', () => {
    const used = tinyCuDeck();
    expect(used.engine.atoms.style).toBe('atomic');
    used.engine.atoms.q.set([0.5, -0.25, 0, 1.75]);
    used.line(`write_restart ${join(dir, 'q.restart')}`, { file: 'in.deck', line: 7 });
    expect(Array.from(reread(join(dir, 'q.restart')).engine.atoms.q.subarray(0, 4))).toEqual([0.5, -0.25, 0, 1.75]);

    const unused = tinyCuDeck();
    unused.line(`write_restart ${join(dir, 'none.restart')}`, { file: 'in.deck', line: 7 });
    expect(unused.engine.atoms.chargesHeld).toBe(false);
    expect(Array.from(decodeRestart(readFileSync(join(dir, 'none.restart')), 'none.restart').q)).toEqual([0, 0, 0, 0]);
    const back = reread(join(dir, 'none.restart')).engine.atoms;
    expect(back.chargesHeld).toBe(false);
    expect(Array.from(back.q.subarray(0, 4))).toEqual([0, 0, 0, 0]);
  });
});
