// The LAMMPS log reader on the shared reference logs (thermo tables must obey the physics that links
// their columns) and on hand-made logs with the irregular lines LAMMPS prints.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EctmdError } from '../../host/errors.js';
import { parseDump, dumpColumn } from '../../host/io/dump-read.js';
import { parseLammpsLog, thermoColumn } from '../../host/io/lammps-log.js';
import { referenceDir } from '../helpers/lammps.js';

const REF = referenceDir();
const BOLTZ_METAL = 8.617343e-5; // eV/K, LAMMPS units metal (update.cpp)

function ref(name: string): string {
  return readFileSync(join(REF, name), 'utf8');
}

/** `command value` from a deck, e.g. deckNumber(deck, 'run') for `run 100`. */
function deckNumber(deck: string, command: string): number {
  const m = new RegExp(`^${command}\\s+(\\S+)\\s*$`, 'm').exec(deck);
  if (!m) throw new Error(`no ${command} in deck`);
  return Number(m[1]);
}

describe('reference logs', () => {
  test('bench log: one NVE run whose table has a row every `thermo` steps and TotEng = E_pair + kinetic energy', () => {
    const deck = ref('in.eam.bench');
    const { runs, warnings, errors } = parseLammpsLog(ref('in.eam.bench.log'), 'in.eam.bench.log');
    expect(runs).toHaveLength(1);
    expect(warnings).toEqual([]);
    expect(errors).toEqual([]);
    const [run] = runs;
    const steps = deckNumber(deck, 'run');
    const every = deckNumber(deck, 'thermo');
    expect(run.columns).toEqual(['Step', 'Temp', 'E_pair', 'E_mol', 'TotEng', 'Press']);
    expect(run.rows).toHaveLength(steps / every + 1);
    expect(thermoColumn(run, 'Step', 'bench')).toEqual(Array.from({ length: steps / every + 1 }, (_, k) => k * every));
    expect(run.steps).toBe(steps);
    expect(run.atoms).toBe(32000);
    expect(run.neighborBuilds).toBe(13);
    expect(run.dangerousBuilds).toBe(0);
    expect(run.loopTime).toBeGreaterThan(0);
    const dof = 3 * run.atoms! - 3;
    for (const [, temp, epair, emol, etotal] of run.rows) {
      expect(emol).toBe(0);
      expect(Math.abs(epair + 0.5 * dof * BOLTZ_METAL * temp - etotal) / Math.abs(etotal)).toBeLessThan(1e-8);
    }
  });

  test('run 0 log: per-atom energies and stresses of the dump add up to PotEng and the pressure tensor', () => {
    const { runs, warnings } = parseLammpsLog(ref('cu_u3_funcfl.log'), 'cu_u3_funcfl.log');
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run.rows).toHaveLength(1);
    expect(run.steps).toBe(0);
    expect(run.neighborBuilds).toBe(0);
    expect(warnings.some((w) => w.includes("No fixes defined, atoms won't move"))).toBe(true);
    const [frame] = parseDump(ref('cu_u3_funcfl.forces.dump'), 'cu_u3_funcfl.forces.dump');
    expect(run.atoms).toBe(frame.natoms);
    const value = (name: string): number => thermoColumn(run, name, 'cu_u3_funcfl.log')[0];
    const sum = (name: string): number => dumpColumn(frame, name, 'dump').reduce((s, v) => s + v, 0);
    const volume = frame.bounds.reduce((v, [lo, hi]) => v * (hi - lo), 1);
    expect(value('Volume') / volume - 1).toBeCloseTo(0, 12);
    expect(sum('c_peat') / value('PotEng') - 1).toBeCloseTo(0, 12);
    const tensor: [string, string][] = [['Pxx', 'c_stat[1]'], ['Pyy', 'c_stat[2]'], ['Pzz', 'c_stat[3]'], ['Pxy', 'c_stat[4]'], ['Pxz', 'c_stat[5]'], ['Pyz', 'c_stat[6]']];
    for (const [p, s] of tensor) expect(Math.abs(-sum(s) / volume - value(p)) / Math.abs(value('Press'))).toBeLessThan(1e-11);
  });

  test('hybrid/overlay log: PotEng is the sum of its E_vdwl, E_coul and E_long columns', () => {
    const [run] = parseLammpsLog(ref('alo_streitz_wolf.log'), 'alo_streitz_wolf.log').runs;
    expect(run.columns.slice(0, 5)).toEqual(['Step', 'PotEng', 'E_vdwl', 'E_coul', 'E_long']);
    const [, pe, evdwl, ecoul, elong] = run.rows[0];
    expect(Math.abs(evdwl + ecoul + elong - pe) / Math.abs(pe)).toBeLessThan(1e-13);
  });
});

const HEADER = 'Step Temp E_pair E_mol TotEng Press ';
const loopLine = (steps: number): string => `Loop time of 0.5 on 1 procs for ${steps} steps with 4 atoms`;

describe('logs with irregular lines', () => {
  test('warnings between thermo rows are collected and the table goes on', () => {
    const text = [
      'run 20', HEADER,
      '       0 300 -10 0 -9.9 12 ',
      'WARNING: Lost atoms: original 4 current 4 (src/thermo.cpp:486)',
      '      10 290 -10.1 0 -9.9 11 ',
      '      20 280 -10.2 0 -9.9 10 ',
      loopLine(20),
      'Neighbor list builds = 2', 'Dangerous builds not checked',
    ].join('\n');
    const { runs, warnings } = parseLammpsLog(text);
    expect(runs[0].rows.map((r) => r[0])).toEqual([0, 10, 20]);
    expect(warnings).toEqual(['WARNING: Lost atoms: original 4 current 4 (src/thermo.cpp:486)']);
    expect(runs[0].neighborBuilds).toBe(2);
    expect(runs[0].dangerousBuilds).toBeUndefined();
  });

  test('each run keeps its own custom header, rows and statistics', () => {
    const text = [
      'Step PotEng c_stat[1] v_x S/CPU ', '       0 -1 2 3 0', loopLine(0), 'Neighbor list builds = 0', 'Dangerous builds = 0',
      'thermo_style one', 'run 5',
      HEADER, '       5 1 2 0 3 4 ', loopLine(5), 'Neighbor list builds = 1', 'Dangerous builds = 1',
    ].join('\n');
    const { runs } = parseLammpsLog(text);
    expect(runs.map((r) => r.columns.length)).toEqual([5, 6]);
    expect(runs[0].columns).toEqual(['Step', 'PotEng', 'c_stat[1]', 'v_x', 'S/CPU']);
    expect(runs.map((r) => [r.steps, r.neighborBuilds, r.dangerousBuilds])).toEqual([[0, 0, 0], [5, 1, 1]]);
  });

  test('an ERROR ends the run: it has rows but no loop time, and the error is reported', () => {
    const text = [HEADER, '       0 300 -10 0 -9.9 12 ', 'ERROR: Lost atoms: original 4 current 3 (src/thermo.cpp:481)', 'Last command: run 10'].join('\n');
    const { runs, errors } = parseLammpsLog(text);
    expect(runs[0].rows).toHaveLength(1);
    expect(runs[0].loopTime).toBeUndefined();
    expect(errors).toEqual(['ERROR: Lost atoms: original 4 current 3 (src/thermo.cpp:481)']);
  });

  test('a truncated row is an error naming the line and the expected columns', () => {
    const text = ['run 10', HEADER, '       0 300 -10 0 -9.9 12 ', '      10 290 -10.1'].join('\n');
    expect(() => parseLammpsLog(text, 'log.x')).toThrowError(/^log\.x:4: thermo row: expected 6 values \(Step Temp E_pair E_mol TotEng Press\)/);
  });

  test('a nan in a thermo row is refused, not carried into a comparison', () => {
    const text = [HEADER, '       0 300 -10 0 -9.9 12 ', '      10 nan -nan 0 -nan nan '].join('\n');
    expect(() => parseLammpsLog(text, 'log.nan')).toThrowError(EctmdError);
    expect(() => parseLammpsLog(text, 'log.nan')).toThrowError(/^log\.nan:3: thermo value of Temp: expected a finite number, found "nan"/);
  });

  test('multi-line thermo output is refused with the thermo_style that causes it', () => {
    const text = [
      'Per MPI rank memory allocation (min/avg/max) = 2.1 | 2.1 | 2.1 Mbytes',
      '---------------- Step        0 ----- CPU =      0.0000 (sec) ----------------',
      'TotEng   =     -6742.4528 KinEng   =       137.7137 Temp     =       718.1346 ',
    ].join('\n');
    expect(() => parseLammpsLog(text, 'log.multi')).toThrowError(/^log\.multi:2: thermo output: .*thermo_style multi/);
  });

  test('neighbor statistics before any run are an error', () => {
    expect(() => parseLammpsLog('Neighbor list builds = 3\n', 'log.stats')).toThrowError(/^log\.stats:1: run statistics/);
  });

  test('a log without runs gives no runs', () => {
    expect(parseLammpsLog('LAMMPS (29 Sep 2021 - Update 2)\nunits metal\natom_style atomic\n').runs).toEqual([]);
  });
});
