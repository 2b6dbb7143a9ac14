// Reading .streitz files and the coul/streitz commands: entries as LAMMPS reads them, and every mistake LAMMPS
// rejects (missing or duplicate element, γ ≠ 0, negative parameters, bad numbers, atom_style without charges,
// ewald without kspace_style) is an error naming the file, the line, what was expected and what was found.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readStreitz } from '../../host/potentials/streitz-file.js';
import { Interpreter } from '../../host/lammps/interpreter.js';

const ALO = `# DATE: 2015-02-19 UNITS: metal
# X (eV) J (eV) gamma (1/ang) zeta (1/ang) Z (e)

Al 	0.000000	10.328655	0.000000	0.968438 	0.763905
O	5.484763	14.035715	0.000000	2.143957	0.000000
`;

describe('readStreitz', () => {
  test('reads LAMMPS AlO.streitz: one entry per element with the line of its name', () => {
    expect(readStreitz(ALO, 'AlO.streitz')).toEqual([
      { element: 'Al', chi: 0, eta: 10.328655, gamma: 0, zeta: 0.968438, zcore: 0.763905, line: 4 },
      { element: 'O', chi: 5.484763, eta: 14.035715, gamma: 0, zeta: 2.143957, zcore: 0, line: 5 },
    ]);
  });

  test('an entry may continue on the next line (LAMMPS reads until six words)', () => {
    expect(readStreitz('Al 0.0 10.3\n  0.0 0.97 0.76 # rest\n', 'f')[0]).toMatchObject({ element: 'Al', zeta: 0.97, zcore: 0.76, line: 1 });
  });

  test.each([
    ['Al 0.0 10.3 0.1 0.97 0.76\n', /f:1: Illegal coul\/streitz parameter for Al: expected .*gamma = 0, found .*gamma 0\.1/],
    ['Al 0.0 -1 0 0.97 0.76\n', /f:1: Illegal coul\/streitz parameter for Al: .*found eta -1/],
    ['O 5.4 14.0 0 2.1 -0.5\n', /f:1: Illegal coul\/streitz parameter for O: .*zcore -0\.5/],
    ['Al 0.0 10.3 0 abc 0.76\n', /f:1: Incorrect format in coul\/streitz potential file: expected a number for zeta of Al, found "abc"/],
    ['Al 0.0 10.3 0 0.97 0.76 9\n', /f:1: Incorrect format in coul\/streitz potential file: expected 6 words per entry/],
    ['Al 0.0 10.3\n', /f:1: Incorrect format .*found 3 words at end of file/],
  ])('rejects %j', (text, message) => {
    expect(() => readStreitz(text, 'f')).toThrow(message);
  });
});

describe('coul/streitz commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-streitz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => { writeFileSync(join(dir, name), text); return join(dir, name); };
  const alo = file('AlO.streitz', ALO);
  const dup = file('dup.streitz', ALO + 'O 5.0 14.0 0 2.0 0\n');

  function run(style: string, ...lines: string[]): void {
    const it = new Interpreter({ kernel: 'scalar', logPath: null, screen: false });
    const deck = ['units metal', `atom_style ${style}`, 'lattice sc 3.0', 'region b block 0 4 0 4 0 4', 'create_box 2 b', 'mass * 20',
      'create_atoms 1 box', 'set type 1 type/fraction 2 0.5 4711', ...lines];
    deck.forEach((l, i) => it.line(l, { file: 'in.deck', line: i + 1 }));
  }

  test.each([
    ['pair_style coul/streitz 12.0 wolf', /in\.deck:9: Illegal pair_style coul\/streitz command: expected 'coul\/streitz CUTOFF wolf ALPHA' or 'coul\/streitz CUTOFF ewald', found '12\.0 wolf'/],
    ['pair_style coul/streitz 12.0 ewald 0.3', /in\.deck:9: Illegal pair_style coul\/streitz command: .*found '12\.0 ewald 0\.3'/],
    ['kspace_style pppm 1e-5', /in\.deck:9: Unrecognized kspace style: expected ewald \(or none\), found pppm/],
  ])('%s is an error', (cmd, message) => {
    expect(() => run('charge', cmd)).toThrow(message);
  });

  test('an element missing from the file is an error naming the element and the file', () => {
    expect(() => run('charge', 'pair_style coul/streitz 12.0 wolf 0.31', `pair_coeff * * ${alo} Al Fe`))
      .toThrow(/in\.deck:10: Potential file is missing an entry: expected an entry for Fe in .*AlO\.streitz, found only Al O/);
  });

  test('a duplicate entry for a used element is an error naming both lines', () => {
    expect(() => run('charge', 'pair_style coul/streitz 12.0 wolf 0.31', `pair_coeff * * ${dup} Al O`))
      .toThrow(/dup\.streitz:6: Potential file has duplicate entry: expected one entry for O, found entries on lines 5, 6/);
  });

  test('pair_coeff needs * * and one element per type', () => {
    expect(() => run('charge', 'pair_style coul/streitz 12.0 wolf 0.31', `pair_coeff 1 1 ${alo} Al O`)).toThrow(/Incorrect args for pair coefficients: expected '\* \*'/);
    expect(() => run('charge', 'pair_style coul/streitz 12.0 wolf 0.31', `pair_coeff * * ${alo} Al`)).toThrow(/Incorrect args for pair coefficients: expected '\* \* file' and 2 element names/);
  });

  test('coul/streitz ewald without kspace_style is an error at the run', () => {
    expect(() => run('charge', 'pair_style coul/streitz 12.0 ewald', `pair_coeff * * ${alo} Al O`, 'run 0'))
      .toThrow(/in\.deck:11: Pair style coul\/streitz ewald requires a KSpace style \(kspace_style ewald ACCURACY\)/);
  });

  test('atom_style atomic has no charges: the run stops before computing anything', () => {
    expect(() => run('atomic', 'pair_style coul/streitz 12.0 wolf 0.31', `pair_coeff * * ${alo} Al O`, 'run 0'))
      .toThrow(/in\.deck:11: Pair style coul\/streitz requires atom attribute q/);
  });

  test('fix qeq/slater on a type coul/streitz maps to NULL is an error naming the type', () => {
    expect(() => run('charge', 'pair_style hybrid/overlay coul/streitz 12.0 wolf 0.31 zero 12.0', `pair_coeff * * coul/streitz ${alo} Al NULL`,
      'pair_coeff * * zero', 'fix q all qeq/slater 1 12.0 1e-6 100 coul/streitz', 'run 0'))
      .toThrow(/in\.deck:12: fix qeq\/slater: atom type 2 has no coul\/streitz parameters \(NULL\)/);
  });

  test('with charges set, a run completes with finite energies (ectmd stops on non-finite ones)', () => {
    expect(() => run('charge', 'set type 1 charge 1.0', 'set type 2 charge -1.0', 'pair_style coul/streitz 12.0 wolf 0.31',
      `pair_coeff * * ${alo} Al O`, 'run 0')).not.toThrow();
  });
});
