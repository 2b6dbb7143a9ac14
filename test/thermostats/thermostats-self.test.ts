// Thermostats on their own (no LAMMPS): Langevin holds the target temperature and with `zero yes` adds no net force;
// Berendsen relaxes towards its target and f_ID accounts for the energy it removed; an NVT or NPT run split by
// write_restart/read_restart continues bit for bit; bad fix and compute commands are errors naming file, line,
// expected and found.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runEctmd } from '../helpers/lammps.js';
import { repoRoot, runEctmdIn } from '../../scripts/compare-lammps.js';
import { parseLammpsLog, type ThermoRun } from '../../host/io/lammps-log.js';

const CU = readFileSync(join(repoRoot(), 'potentials', 'eam', 'Cu_zjw04.eam.alloy'), 'utf8');
const FILES = { 'Cu_zjw04.eam.alloy': CU };

function crystal(cells = 4, tempK = 600, mom = 'yes', region?: string): string {
  return `units metal
atom_style atomic
lattice fcc 3.615
region box ${region ?? `block 0 ${cells} 0 ${cells} 0 ${cells}`}
create_box 1 box
create_atoms 1 box
pair_style eam/alloy
pair_coeff * * Cu_zjw04.eam.alloy Cu
velocity all create ${tempK} 4928459 mom ${mom} rot no
timestep 0.002
`;
}

function only(log: string): ThermoRun {
  const runs = parseLammpsLog(log).runs;
  expect(runs).toHaveLength(1);
  return runs[0];
}

function column(run: ThermoRun, name: string): number[] {
  const c = run.columns.indexOf(name);
  expect(c, `thermo column ${name}`).toBeGreaterThanOrEqual(0);
  return run.rows.map((r) => r[c]);
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('fix langevin', () => {
  test('holds 500 K on average (second half of 3 ps, 256 atoms, within 5%) and with zero yes keeps total momentum zero', async () => {
    const r = only((await runEctmd(`${crystal(4, 100)}fix 1 all nve
fix 2 all langevin 500 500 0.05 48279 zero yes
compute p all reduce sum vx vy vz
thermo 10
thermo_style custom step temp c_p[1] c_p[2] c_p[3]
thermo_modify format float %.17g
run 1500
`, FILES)).log);
    const t = column(r, 'Temp');
    expect(Math.abs(mean(t.slice(t.length >> 1)) / 500 - 1)).toBeLessThan(0.05);
    for (const c of ['c_p[1]', 'c_p[2]', 'c_p[3]']) for (const p of column(r, c)) expect(Math.abs(p)).toBeLessThan(1e-9);
  }, 40_000);

  test('without zero the random forces push the centre of mass; a different seed gives a different trajectory', async () => {
    const deck = (seed: number) => `${crystal(3, 100)}fix 1 all nve\nfix 2 all langevin 500 500 0.05 ${seed}\ncompute p all reduce sum vx vy vz\nthermo 100\nthermo_style custom step temp c_p[1]\nthermo_modify format float %.17g\nrun 200\n`;
    const a = only((await runEctmd(deck(1), FILES)).log), b = only((await runEctmd(deck(2), FILES)).log);
    expect(Math.abs(column(a, 'c_p[1]').at(-1)!)).toBeGreaterThan(1e-6);
    expect(column(a, 'Temp').at(-1)).not.toBe(column(b, 'Temp').at(-1));
  });
});

describe('fix temp/berendsen', () => {
  test('relaxes a hot crystal (1200 K start, ~600 K once equipartitioned) to 300 K, and etotal + f_ID (energy removed) stays constant', async () => {
    const r = only((await runEctmd(`${crystal(4, 1200)}fix 1 all nve\nfix 2 all temp/berendsen 300 300 0.1\nthermo 50\nthermo_style custom step temp etotal f_2\nthermo_modify format float %.17g\nrun 1000\n`, FILES)).log);
    const t = column(r, 'Temp'), et = column(r, 'TotEng'), f = column(r, 'f_2');
    // after 20 damping times the temperature sits at the target (a crystal's kinetic energy fluctuates: 10%)
    expect(Math.abs(mean(t.slice(-10)) / 300 - 1)).toBeLessThan(0.1);
    // it removed about (600 − 300) K · 3/2 kB per atom of kinetic energy and as much potential energy: ~20 eV
    expect(f.at(-1)).toBeGreaterThan(10);
    // what it removed is exactly what the atoms lost, up to the integrator's own energy error (< 0.5% of it here)
    const conserved = et.map((e, k) => e + f[k]);
    for (const c of conserved) expect(Math.abs(c - conserved[0])).toBeLessThan(5e-3 * f.at(-1)!);
  }, 40_000);
});

describe('fix momentum', () => {
  test('zeroes the momentum every N steps (and only then)', async () => {
    const r = only((await runEctmd(`${crystal(3, 600, 'no')}fix 1 all nve\nfix 2 all momentum 10 linear 1 1 1\ncompute p all reduce sum vx vy vz\nthermo 5\nthermo_style custom step c_p[1] c_p[2]\nthermo_modify format float %.17g\nrun 20\n`, FILES)).log);
    const p = column(r, 'c_p[1]');
    expect(Math.abs(p[0])).toBeGreaterThan(1e-3);
    expect(Math.abs(p[2])).toBeLessThan(1e-10);
    expect(Math.abs(p[4])).toBeLessThan(1e-10);
  });
});

describe('restart continues an NVT and an NPT run bitwise', () => {
  const OUT = (dump: string) => `thermo 10\nthermo_style custom step temp pe etotal press f_1 lx\nthermo_modify format float %.17g\ndump d all custom 10 ${dump} id x y z vx vy vz\ndump_modify d sort id format float %.17g\n`;
  const rows = (log: string) => new Map(only(log).rows.map((r) => [r[0], r.join(' ')]));
  for (const [name, fix] of [['nvt', 'fix 1 all nvt temp 300 300 0.1'], ['npt', 'fix 1 all npt temp 300 300 0.1 iso 0 0 0.5']]) {
    test(name, async () => {
      const setup = `${crystal(4, 600)}neighbor 0.5 bin\nneigh_modify every 1 delay 0 check yes\n${fix}\n`;
      const whole = await runEctmd(`${setup}${OUT('whole.dump')}run 100\n`, FILES);
      const first = await runEctmd(`${setup}${OUT('first.dump')}run 50\nwrite_restart nh.restart\n`, FILES);
      writeFileSync(join(first.dir, 'in.continue'), `units metal\nread_restart nh.restart\n${fix}\n${OUT('second.dump')}run 50\n`);
      const second = await runEctmdIn(first.dir, 'in.continue');
      const all = rows(whole.log), a = rows(first.log), b = rows(second);
      for (const [step, line] of all) expect((step <= 50 ? a : b).get(step), `thermo at step ${step}`).toBe(line);
      const frame = (text: string, step: number) => text.split('ITEM: TIMESTEP\n').find((f) => f.startsWith(`${step}\n`));
      const wd = readFileSync(join(whole.dir, 'whole.dump'), 'utf8'), sd = readFileSync(join(first.dir, 'second.dump'), 'utf8');
      expect(frame(sd, 100)).toBeDefined();
      expect(frame(sd, 100)).toBe(frame(wd, 100));
    }, 40_000);
  }
});

test('--resume finishes a run with ramped NPT targets bit for bit (ramps count from the run\'s first step)', async () => {
  const deck = `${crystal(4, 600)}fix 1 all npt temp 300 500 0.1 iso 0 1000 0.5\nfix 2 all langevin 300 400 0.5 7 zero yes\nthermo 10
thermo_style custom step temp pe etotal press f_1 lx\nthermo_modify format float %.17g\nrestart 50 r.*.restart\nrun 100\n`;
  const whole = await runEctmd(deck, FILES);
  const spawn = spawnSync(process.execPath, [join(repoRoot(), 'bin', 'ectmd.js'), '-in', 'in.deck', '-screen', 'none', '-log', 'log.resumed', '--resume', 'r.50.restart'], { cwd: whole.dir, encoding: 'utf8', timeout: 30_000 });
  expect(spawn.status, spawn.stderr).toBe(0);
  const rows = (log: string) => new Map(only(log).rows.map((r) => [r[0], r.join(' ')]));
  const all = rows(whole.log), resumed = rows(readFileSync(join(whole.dir, 'log.resumed'), 'utf8'));
  for (const step of [60, 80, 100]) expect(resumed.get(step), `thermo at step ${step}`).toBe(all.get(step));
}, 40_000);

describe('bad input is an error naming file, line, expected and found', () => {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
  const BOX = 'units metal\natom_style atomic\nlattice fcc 3.615\nregion box block 0 2 0 2 0 2\ncreate_box 1 box\ncreate_atoms 1 box\n';
  function error(lines: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'ectmd-thermo-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'in.deck'), `${BOX}${lines}\n`);
    writeFileSync(join(dir, 'Cu_zjw04.eam.alloy'), CU);
    const r = spawnSync(process.execPath, [join(repoRoot(), 'bin', 'ectmd.js'), '-in', 'in.deck', '-screen', 'none'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).not.toBe(0);
    const errs = r.stderr.split('\n').filter((l) => l.startsWith('ERROR'));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(new RegExp(`in\\.deck:${6 + lines.split('\n').length}:`));
    expect(errs[0]).toMatch(/expected/);
    return errs[0];
  }
  const cases: Array<[string, string, RegExp]> = [
    ['nvt without temp', 'fix 1 all nvt', /Temperature control must be used with fix nvt/],
    ['nvt with a barostat', 'fix 1 all nvt temp 300 300 0.1 iso 0 0 1', /Pressure control can not be used with fix nvt/],
    ['npt without pressure', 'fix 1 all npt temp 300 300 0.1', /Pressure control must be used with fix npt/],
    ['nph with temp', 'fix 1 all nph temp 300 300 0.1 iso 0 0 1', /Temperature control can not be used with fix nph/],
    ['Tdamp of 0', 'fix 1 all nvt temp 300 300 0', /damping parameters must be > 0.0.*found 0/],
    ['negative Pdamp', 'fix 1 all npt temp 300 300 0.1 iso 0 0 -1', /damping parameters must be > 0.0/],
    ['Tstop of 0', 'fix 1 all nvt temp 300 0 0.1', /Target temperature for fix nvt\/npt\/nph cannot be 0.0/],
    ['temp missing a value', 'fix 1 all nvt temp 300 300', /Illegal fix nvt command.*temp Tstart Tstop Tdamp/],
    ['a non-number', 'fix 1 all nvt temp 300 hot 0.1', /Tstop/],
    ['an unknown keyword', 'fix 1 all nvt temp 300 300 0.1 chain 3', /keyword temp, iso.*found chain/],
    ['tri on an orthogonal box', 'fix 1 all npt temp 300 300 0.1 tri 0 0 1', /non-triclinic box/],
    ['couple xyz with unequal components', 'fix 1 all npt temp 300 300 0.1 x 0 0 1 y 1 1 1 z 0 0 1 couple xyz', /pressure settings/],
    ['dilate partial', 'fix 1 all npt temp 300 300 0.1 iso 0 0 1 dilate partial', /dilate all/],
    ['tchain 0', 'fix 1 all nvt temp 300 300 0.1 tchain 0', /tchain >= 1/],
    ['langevin damp 0', 'fix 1 all langevin 300 300 0 1234', /damp > 0/],
    ['langevin seed 0', 'fix 1 all langevin 300 300 0.1 0', /seed > 0/],
    ['langevin missing seed', 'fix 1 all langevin 300 300 0.1', /Tstart Tstop damp seed/],
    ['langevin tally yes', 'fix 1 all langevin 300 300 0.1 5 tally yes', /tally no/],
    ['berendsen damp 0', 'fix 1 all temp/berendsen 300 300 0', /period must be > 0.0/],
    ['momentum without linear or angular', 'fix 1 all momentum 10 rescale', /linear and\/or angular/],
    ['momentum N 0', 'fix 1 all momentum 0 linear 1 1 1', /N > 0/],
    ['momentum flag 2', 'fix 1 all momentum 1 linear 1 2 1', /each 0 or 1/],
    ['compute temp with arguments', 'compute t all temp extra', /no arguments after temp/],
    ['compute msd average yes', 'compute m all msd average yes', /average no/],
    ['compute rdf without Nbin', 'compute r all rdf', /Nbin/],
    ['compute rdf with an odd type list', 'compute r all rdf 10 1', /pairs of types/],
    ['compute rdf type out of range', 'compute r all rdf 10 1 2', /Illegal compute rdf command.*1\.\.1/],
    ['thermo c_ID of an rdf (an array)', 'compute r all rdf 10\nthermo_style custom step c_r', /Thermo compute does not compute scalar.*c_r\[I\]\[J\]/],
    ['thermo c_ID[I][J] beyond the rdf rows', 'compute r all rdf 10\nthermo_style custom step c_r[11][2]', /array is accessed out-of-range.*\[1\.\.10\]\[1\.\.3\]/],
    ['thermo c_ID[5] of msd (4 values)', 'compute m all msd\nthermo_style custom step c_m[5]', /vector is accessed out-of-range.*1\.\.4/],
    ['thermo f_ID[k] beyond the NH vector', 'pair_style eam/alloy\npair_coeff * * Cu_zjw04.eam.alloy Cu\nfix 1 all nvt temp 300 300 0.1\nthermo_style custom step f_1[13]\nrun 0', /Thermo fix vector is accessed out-of-range.*1\.\.12/],
    ['thermo f_ID of a fix without a scalar', 'pair_style eam/alloy\npair_coeff * * Cu_zjw04.eam.alloy Cu\nfix 1 all langevin 300 300 0.1 5\nthermo_style custom step f_1\nrun 0', /Thermo fix does not compute scalar/],
  ];
  for (const [name, line, pattern] of cases) test(name, () => { expect(error(line)).toMatch(pattern); });

  test('a barostat on a non-periodic dimension is refused (ectmd boxes are periodic: boundary other than p p p is an error)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ectmd-thermo-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'in.deck'), 'units metal\nboundary p p f\n');
    const r = spawnSync(process.execPath, [join(repoRoot(), 'bin', 'ectmd.js'), '-in', 'in.deck', '-screen', 'none'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/in\.deck:2:.*Unsupported boundary/);
  });
});
