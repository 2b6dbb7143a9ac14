// Minimisations cross-checked live against LAMMPS 29Sep2021 (`lmp` run in the same test): min_style cg reaches
// LAMMPS's final energy within 1e-8 eV/atom with the same thermo steps, stopping criterion and neighbour rebuilds;
// FIRE reaches LAMMPS's cg minimum within 1e-8 eV/atom and, with each of its integrators, follows LAMMPS's FIRE
// in every thermo column (pe, temp, dt, ke) to 1e-8; fix box/relax iso and aniso relax a strained cell to
// LAMMPS's box lengths and volume within 1e-6 relative, with the pressure near zero and the same rebuilds.

import { describe, expect, test } from 'vitest';
import { parseLammpsLog, thermoColumn, type ThermoRun } from '../../host/io/lammps-log.js';
import { compareThermo } from '../../scripts/compare-lammps.js';
import { hasLammpsPotentials, lmpPath, runEctmd, runLammps } from '../helpers/lammps.js';
import { minDeck, type DeckOptions } from './decks.js';

const live = lmpPath() !== null && hasLammpsPotentials('Cu_u3.eam');
const NATOMS = 108;

async function both(o: DeckOptions): Promise<{ lmp: ThermoRun; ect: ThermoRun }> {
  const deck = minDeck(o);
  const lmp = await runLammps(deck, {});
  const ect = await runEctmd(deck, {});
  const parse = (log: string, who: string): ThermoRun => {
    const { runs, errors } = parseLammpsLog(log, who);
    expect(errors).toEqual([]);
    expect(runs).toHaveLength(1);
    expect(runs[0].minimization, `${who} prints Minimization stats`).toBeDefined();
    return runs[0];
  };
  return { lmp: parse(lmp!.log, 'LAMMPS log'), ect: parse(ect.log, 'ectmd log') };
}

const last = (run: ThermoRun, col: string): number => thermoColumn(run, col, 'log').at(-1)!;

describe.skipIf(!live)('minimize against LAMMPS', () => {
  test('cg of a displaced Cu cell: final energy within 1e-8 eV/atom, same steps, criterion and evaluations', async () => {
    const { lmp, ect } = await both({ pot: 'Cu_u3', thermo: 5 });
    const ml = lmp.minimization!, me = ect.minimization!;
    expect(Math.abs(me.energy[2] - ml.energy[2]) / NATOMS).toBeLessThan(1e-8);
    expect(Math.abs(me.energy[0] - ml.energy[0]) / NATOMS).toBeLessThan(1e-12);
    expect(me.stoppingCriterion).toBe(ml.stoppingCriterion);
    expect(thermoColumn(ect, 'Step', 'ectmd')).toEqual(thermoColumn(lmp, 'Step', 'LAMMPS'));
    expect(ect.steps).toBe(lmp.steps);
    expect([me.iterations, me.forceEvaluations]).toEqual([ml.iterations, ml.forceEvaluations]);
    const pe = thermoColumn(ect, 'PotEng', 'ectmd'), peRef = thermoColumn(lmp, 'PotEng', 'LAMMPS');
    pe.forEach((v, k) => expect(Math.abs(v - peRef[k]) / NATOMS, `PotEng at row ${k}`).toBeLessThan(1e-8));
    expect(me.forceMax[1]).toBeLessThan(1e-4);
  }, 120_000);

  test('cg with neighbour rebuilds (0.4 Å displacements, skin 0.3 Å): same rebuilds and final energy', async () => {
    const { lmp, ect } = await both({ pot: 'Cu_u3', displace: 0.4, extra: ['neighbor 0.3 bin'] });
    expect(lmp.neighborBuilds).toBeGreaterThan(0);
    expect(ect.neighborBuilds).toBe(lmp.neighborBuilds);
    expect(Math.abs(ect.minimization!.energy[2] - lmp.minimization!.energy[2]) / NATOMS).toBeLessThan(1e-8);
  }, 120_000);

  test('backtracking line search (min_modify line backtrack) reaches the same minimum', async () => {
    const { lmp, ect } = await both({ pot: 'Cu_u3', extra: ['min_modify line backtrack dmax 0.05'] });
    expect(ect.minimization!.stoppingCriterion).toBe(lmp.minimization!.stoppingCriterion);
    expect(Math.abs(ect.minimization!.energy[2] - lmp.minimization!.energy[2]) / NATOMS).toBeLessThan(1e-8);
  }, 120_000);

  test("FIRE reaches LAMMPS's cg minimum within 1e-8 eV/atom and follows LAMMPS's FIRE", async () => {
    const cg = await both({ pot: 'Cu_u3' });
    const fire = await both({ pot: 'Cu_u3', extra: ['min_style fire'], thermo: 50 });
    const mf = fire.ect.minimization!, ml = fire.lmp.minimization!;
    expect(Math.abs(mf.energy[2] - cg.lmp.minimization!.energy[2]) / NATOMS).toBeLessThan(1e-8);
    expect(Math.abs(mf.energy[2] - ml.energy[2]) / NATOMS).toBeLessThan(1e-8);
    expect(mf.stoppingCriterion).toBe(ml.stoppingCriterion);
    expect([mf.iterations, mf.forceEvaluations]).toEqual([ml.iterations, ml.forceEvaluations]);
    expect(mf.lineSearch).toEqual([0, 0]);
  }, 120_000);

  test.each(['eulerimplicit', 'verlet', 'leapfrog', 'eulerexplicit'])('FIRE integrator %s: every thermo column (pe, temp, dt, ke) as LAMMPS to 1e-8', async (integrator) => {
    const { lmp, ect } = await both({
      pot: 'Cu_u3', columns: 'step pe temp dt ke', extra: ['min_style fire', `min_modify integrator ${integrator}`],
    });
    const bad = compareThermo([lmp], [ect], 'ectmd log').filter((d) => !(d.scaled <= 1e-8)).map((d) => `${d.column}: ${d.scaled}`);
    expect(bad).toEqual([]);
    expect([ect.minimization!.iterations, ect.minimization!.forceEvaluations]).toEqual([lmp.minimization!.iterations, lmp.minimization!.forceEvaluations]);
  }, 120_000);

  test.each(['iso', 'aniso'])('fix box/relax %s of a strained Cu cell: LAMMPS lengths and volume within 1e-6, pressure near 0', async (mode) => {
    const { lmp, ect } = await both({
      pot: 'Cu_u3', a: 3.70, cells: 4, displace: 0.05, thermo: 100, minimize: '1e-15 1e-10 2000 20000',
      extra: ['neighbor 1.0 bin', `fix 1 all box/relax ${mode} 0.0 vmax 0.001`],
    });
    for (const col of ['Lx', 'Ly', 'Lz', 'Volume']) {
      expect(Math.abs(last(ect, col) / last(lmp, col) - 1), col).toBeLessThan(1e-6);
    }
    expect(Math.abs(last(ect, 'Lx') / 4 / 3.615 - 1)).toBeLessThan(1e-3);
    for (const col of ['Press', 'Pxx', 'Pyy', 'Pzz']) expect(Math.abs(last(ect, col)), col).toBeLessThan(1);
    expect(Math.abs(ect.minimization!.energy[2] - lmp.minimization!.energy[2]) / 256).toBeLessThan(1e-8);
    // the box corners' move shortens the rebuild trigger (no atom moves half the skin relative to its start)
    expect(lmp.neighborBuilds).toBeGreaterThan(0);
    expect(ect.neighborBuilds).toBe(lmp.neighborBuilds);
  }, 120_000);
});
