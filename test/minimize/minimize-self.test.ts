// Minimisation checks that need no LAMMPS, with ectmd's shipped Cu_zjw04.eam.alloy: cg stops on the force
// tolerance with every force component below it, lowers the energy at every iteration, advances the step by
// one per iteration; FIRE finds the same minimum; box/relax leaves a cubic cell at zero pressure whose energy
// is that of the perfect crystal at the relaxed lattice constant; bad input stops with file, line and reason.
// Cu_zjw04's cutoff (√10/2·a0, create.f's) lies on the fifth-neighbour shell of the relaxed crystal and the energy
// jumps there, so the cells stay clear of it: compressed to a = 3.60 Å with 0.005 Å displacements, and box/relax
// from a perfect lattice. (At a = 3.615 with 0.1 Å displacements cg stops on "linesearch alpha is zero" at
// |F| ≈ 0.017 eV/Å in LAMMPS and ectmd alike.)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dumpColumn, parseDump } from '../../host/io/dump-read.js';
import { parseLammpsLog, thermoColumn, type ThermoRun } from '../../host/io/lammps-log.js';
import { runEctmd } from '../helpers/lammps.js';
import { minDeck, type DeckOptions } from './decks.js';

const NATOMS = 108;
/** the displaced cell clear of the cutoff shell */
const CELL: DeckOptions = { pot: 'Cu_zjw04', a: 3.60, displace: 0.005 };

async function ectmd(o: DeckOptions | string): Promise<{ run: ThermoRun; dir: string }> {
  const { log, dir } = await runEctmd(typeof o === 'string' ? o : minDeck(o), {});
  const { runs, errors } = parseLammpsLog(log, 'ectmd log');
  expect(errors).toEqual([]);
  return { run: runs.at(-1)!, dir };
}

describe('minimize without LAMMPS (Cu_zjw04.eam.alloy)', () => {
  test('cg stops on the force tolerance with every force component below FTOL; step advances by iterations', async () => {
    const ftol = 1e-6;
    const { run } = await ectmd({ ...CELL, minimize: `0 ${ftol} 1000 10000` });
    const m = run.minimization!;
    expect(m.stoppingCriterion).toBe('force tolerance');
    expect(m.forceTwoNorm[1]).toBeLessThan(ftol);
    expect(m.forceMax[1]).toBeLessThanOrEqual(m.forceTwoNorm[1]);
    expect(m.forceMax[0]).toBeGreaterThan(0.01);
    const steps = thermoColumn(run, 'Step', 'ectmd');
    expect(steps.at(-1)).toBe(m.iterations);
    expect(run.steps).toBe(m.iterations);
    expect(thermoColumn(run, 'PotEng', 'ectmd').at(-1)).toBeCloseTo(m.energy[2], 9);
  }, 60_000);

  test('MAXITER and MAXEVAL stop as LAMMPS: thermo at the last step, the evaluation count checked after an iteration', async () => {
    const iters = await ectmd({ ...CELL, thermo: 2, minimize: '0 0 5 1000' });
    expect(iters.run.minimization!.stoppingCriterion).toBe('max iterations');
    expect(thermoColumn(iters.run, 'Step', 'ectmd')).toEqual([0, 2, 4, 5]);
    const evals = await ectmd({ ...CELL, minimize: '0 0 1000 7' });
    const m = evals.run.minimization!;
    expect(m.stoppingCriterion).toBe('max force evaluations');
    expect(m.forceEvaluations).toBeGreaterThanOrEqual(7);
    expect(thermoColumn(evals.run, 'Step', 'ectmd').at(-1)).toBe(m.iterations);
  }, 60_000);

  test('cg lowers the energy at every iteration (within the 1e-8 eV round-off the line search allows)', async () => {
    const { run } = await ectmd({ ...CELL, thermo: 1 });
    const pe = thermoColumn(run, 'PotEng', 'ectmd');
    expect(pe.length).toBeGreaterThan(10);
    for (let k = 1; k < pe.length; k++) expect(pe[k], `iteration ${k}`).toBeLessThanOrEqual(pe[k - 1] + 1e-8);
    expect(pe.at(-1)!).toBeLessThan(pe[0] - 0.01);
  }, 60_000);

  test('FIRE reaches the cg minimum within 1e-8 eV/atom; the timestep is restored afterwards', async () => {
    const cg = await ectmd({ ...CELL, minimize: '0 1e-7 1000 10000' });
    const deck = minDeck({ ...CELL, minimize: '0 1e-7 5000 50000', extra: ['timestep 0.002', 'min_style fire'] })
      + 'thermo_style custom step dt\nrun 0\n';
    const { runs } = parseLammpsLog((await runEctmd(deck, {})).log, 'ectmd log');
    const mf = runs[0].minimization!, fire = runs[1];
    expect(mf.stoppingCriterion).toBe('force tolerance');
    expect(Math.abs(mf.energy[2] - cg.run.minimization!.energy[2]) / NATOMS).toBeLessThan(1e-8);
    expect(thermoColumn(fire, 'Dt', 'ectmd')).toEqual([0.002]);
  }, 60_000);

  test('box/relax iso: cubic cell at zero pressure with the energy of the perfect crystal at the relaxed lattice constant', async () => {
    const relaxed = await ectmd({
      pot: 'Cu_zjw04', a: 3.70, displace: 0, minimize: '0 1e-10 2000 20000', thermo: 100,
      extra: ['fix 1 all box/relax iso 0.0 vmax 0.001'],
    });
    const lx = thermoColumn(relaxed.run, 'Lx', 'ectmd').at(-1)!;
    for (const col of ['Ly', 'Lz']) expect(thermoColumn(relaxed.run, col, 'ectmd').at(-1)).toBeCloseTo(lx, 10);
    expect(Math.abs(thermoColumn(relaxed.run, 'Press', 'ectmd').at(-1)!)).toBeLessThan(0.01);
    const perfect = await ectmd({ pot: 'Cu_zjw04', a: lx / 3, displace: 0, minimize: '0 0 0 0' });
    expect(Math.abs(perfect.run.minimization!.energy[0] - relaxed.run.minimization!.energy[2]) / NATOMS).toBeLessThan(1e-8);
    expect(Math.abs(thermoColumn(perfect.run, 'Press', 'ectmd')[0])).toBeLessThan(0.01);
  }, 60_000);

  test('a dump is written at step 0 and at the last step of a minimisation that stops early', async () => {
    const { run, dir } = await ectmd({ pot: 'Cu_zjw04', extra: ['dump d all custom 1000 min.dump id x y z fx fy fz'] });
    const frames = parseDump(readFileSync(join(dir, 'min.dump'), 'utf8'), 'min.dump');
    expect(frames.map((f) => f.step)).toEqual([0, run.minimization!.iterations]);
  }, 60_000);

  test('thermo_modify norm yes: the minimiser energies are per atom', async () => {
    const total = await ectmd(CELL);
    const perAtom = await ectmd({ ...CELL, extra: ['thermo_modify norm yes'] });
    expect(perAtom.run.minimization!.energy[0]).toBeCloseTo(total.run.minimization!.energy[0] / NATOMS, 12);
    expect(Math.abs(perAtom.run.minimization!.energy[2] - total.run.minimization!.energy[2] / NATOMS)).toBeLessThan(1e-8);
  }, 60_000);
});

describe('minimize input errors name the file, the line, what was expected and what was found', () => {
  const cases: Array<[string, DeckOptions | string, RegExp]> = [
    ['negative energy tolerance', { pot: 'Cu_zjw04', minimize: '-1e-10 1e-8 100 1000' }, /in\.deck:\d+: Illegal minimize command: expected ETOL >= 0.*found -1e-10/],
    ['negative force tolerance', { pot: 'Cu_zjw04', minimize: '0 -1 100 1000' }, /in\.deck:\d+: Illegal minimize command: expected FTOL >= 0.*found -1/],
    ['too few arguments', { pot: 'Cu_zjw04', minimize: '0 1e-8 100' }, /in\.deck:\d+: Illegal minimize command: expected minimize ETOL FTOL MAXITER MAXEVAL, found 0 1e-8 100/],
    ['unknown min_style', { pot: 'Cu_zjw04', extra: ['min_style sd'] }, /in\.deck:\d+: Unrecognized min_style: expected cg or fire, found sd/],
    ['unknown min_modify keyword', { pot: 'Cu_zjw04', extra: ['min_modify dmin 0.1'] }, /in\.deck:\d+: Illegal min_modify command: expected dmax, .*found dmin/],
    ['FIRE with box/relax', { pot: 'Cu_zjw04', extra: ['min_style fire', 'fix 1 all box/relax iso 0.0'] }, /in\.deck:\d+: Cannot use a damped dynamics min style with fix box\/relax/],
    ['box/relax without a coupling', { pot: 'Cu_zjw04', extra: ['fix 1 all box/relax vmax 0.001'] }, /in\.deck:\d+: Illegal fix box\/relax command: expected iso P or aniso P/],
    ['minimize without a pair style',
      'units metal\natom_style atomic\nlattice fcc 3.615\nregion box block 0 2 0 2 0 2\ncreate_box 1 box\ncreate_atoms 1 box\nmass 1 63.5\nminimize 0 1e-8 10 100\n',
      /in\.deck:8: Minimize command before a pair style is defined: expected pair_style and pair_coeff before minimize/],
  ];
  test.each(cases)('%s', async (_name, deck, message) => {
    await expect(runEctmd(typeof deck === 'string' ? deck : minDeck(deck), {})).rejects.toThrow(message);
  }, 60_000);
});
