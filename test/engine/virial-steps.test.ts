// The global virial is computed only on the steps where something may read it (LAMMPS's vflag): thermo steps, the
// last step of a run, dump steps and, with a barostat, every step (fix box/relax in minimize: test/minimize). Leaving
// it out elsewhere changes no result, and a reader on a step that left it out gets an error instead of the virial of
// an earlier step.

import { expect, test } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interpreter } from '../../host/lammps/interpreter.js';
import type { PerAtomRequest } from '../../host/engine/engine.js';

const deck = ['units metal', 'atom_style atomic', 'lattice fcc 3.615', 'region box block 0 4 0 4 0 4', 'create_box 1 box',
  'create_atoms 1 box', 'pair_style eam/alloy', `pair_coeff * * ${join('potentials', 'eam', 'Cu_zjw04.eam.alloy')} Cu`,
  'velocity all create 1200 4928 loop geom', 'neighbor 1.0 bin', 'timestep 0.002'];

/** The steps of `run` whose force evaluation computed the virial, and the thermo rows printed. */
function virialSteps(extra: string[], run: string): { steps: number[]; log: string } {
  const logPath = join(mkdtempSync(join(tmpdir(), 'ectmd-virial-')), 'log');
  const it = new Interpreter({ kernel: 'scalar', logPath, screen: false });
  [...deck, ...extra].forEach((line, i) => it.line(line, { file: 'deck', line: i + 1 }));
  const e = it.engine, steps: number[] = [], compute = e.computeForces.bind(e);
  e.computeForces = (want: PerAtomRequest) => { if (want.virial ?? true) steps.push(e.step); compute(want); };
  it.line(run, { file: 'deck', line: 99 });
  it.close();
  return { steps, log: readFileSync(logPath, 'utf8') };
}

test('computed at setup, on thermo steps and at the last step only', () => {
  const { steps } = virialSteps(['thermo 10', 'fix 1 all nve'], 'run 25');
  expect(steps).toEqual([0, 10, 20, 25]);
});

test('a dump step computes it; a barostat computes it every step', () => {
  expect(virialSteps(['thermo 10', 'fix 1 all nve', 'dump d all custom 4 /dev/null id x'], 'run 12').steps).toEqual([0, 4, 8, 10, 12]);
  expect(virialSteps(['thermo 10', 'fix 1 all npt temp 1200 1200 0.1 iso 0 0 1'], 'run 5').steps).toEqual([0, 1, 2, 3, 4, 5]);
});

test('leaving it out changes no thermo value, and reading it then is an error', () => {
  const every = virialSteps(['thermo 1', 'thermo_style custom step pe press pxy', 'fix 1 all nve'], 'run 20').log;
  const some = virialSteps(['thermo 5', 'thermo_style custom step pe press pxy', 'fix 1 all nve'], 'run 20').log;
  const row = (log: string, step: number) => log.split('\n').find((l) => new RegExp(`^\\s*${step}\\s`).test(l));
  for (const step of [0, 5, 10, 15, 20]) {
    expect(row(some, step)).toBeDefined();
    expect(row(some, step)).toBe(row(every, step));
  }
  const it = new Interpreter({ kernel: 'scalar', logPath: null, screen: false });
  [...deck, 'run 0'].forEach((line, i) => it.line(line, { file: 'deck', line: i + 1 }));
  const e = it.engine;
  e.computeForces({ eatom: false, vatom: false, virial: false });
  expect(() => e.pressure()).toThrow(/virial of step 0 was not computed/);
  e.computeForces({ eatom: false, vatom: false });
  expect(Number.isFinite(e.pressure())).toBe(true);
});
