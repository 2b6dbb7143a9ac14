// kspace_style ewald without LAMMPS: coul/streitz with point-like densities (ζ = 60 /Å, Z = 0, χ = J = 0) is the bare
// Coulomb energy of point charges, so rock-salt ±1 charges must give the Madelung energy −k_e·M/r0 per ion pair
// (M = 1.747564594633, 13 digits), whatever the real/reciprocal split (two accuracies); pressure = E/(3V) for a
// 1/r energy; forces vanish by symmetry; per-atom energies add up to pe. The reciprocal sums (kernel ewald_sums) are
// bitwise identical in the SIMD and scalar builds, also for an odd atom count and displaced atoms; teams of 3 and 5
// workers, which share the k-vectors (some ranks none when there are 3), agree with one worker to 1e-12 relative.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseDump, dumpColumn } from '../../host/io/dump-read.js';
import { parseLammpsLog, thermoColumn } from '../../host/io/lammps-log.js';
import { METAL } from '../../host/system/units.js';
import { runEctmd } from '../helpers/lammps.js';

const MADELUNG_NACL = 1.747564594633;
const A = 5.64, CELLS = 4;
const POINTS = 'Na 0.0 0.0 0.0 60.0 0.0\nCl 0.0 0.0 0.0 60.0 0.0\n';

const deck = (accuracy: string) => `
units metal
atom_style charge
lattice fcc ${A}
region b block 0 ${CELLS} 0 ${CELLS} 0 ${CELLS}
create_box 2 b
create_atoms 1 box
lattice fcc ${A} origin 0.5 0 0
create_atoms 2 box
mass * 20
set type 1 charge 1.0
set type 2 charge -1.0
pair_style coul/streitz 11.0 ewald
kspace_style ewald ${accuracy}
pair_coeff * * points.streitz Na Cl
compute peat all pe/atom
thermo_style custom step pe ecoul elong press
thermo_modify format float %.17g
dump d all custom 1 f.dump id fx fy fz c_peat
dump_modify d format float %.17g
run 0
`;

/** 27 displaced ±1 charges of a simple cubic lattice, mixed at random (odd atom count, net charge). */
const oddDeck = (accuracy: string) => `
units metal
atom_style charge
lattice sc 2.9
region b block 0 3 0 3 0 3
create_box 2 b
create_atoms 1 box
set type 1 type/fraction 2 0.5 4711
mass * 20
set type 1 charge 1.0
set type 2 charge -1.0
displace_atoms all random 0.2 0.2 0.2 77 units box
pair_style coul/streitz 4.0 ewald
kspace_style ewald ${accuracy}
pair_coeff * * points.streitz Na Cl
compute peat all pe/atom
compute stat all stress/atom NULL
thermo_style custom step pe elong press
thermo_modify format float %.17g
dump d all custom 1 f.dump id fx fy fz c_peat c_stat[1] c_stat[2] c_stat[3] c_stat[4] c_stat[5] c_stat[6]
dump_modify d format float %.17g
run 0
`;

describe('Ewald summation of point charges', () => {

  test('an accuracy whose k-vectors cannot fit the kernel memory (1e-300) is an error at the run, not a V8 fatal error', () => {
    return runEctmd(deck('1e-300'), { 'points.streitz': POINTS }).then(
      () => { throw new Error('expected a failure'); },
      (err: Error) => expect(err.message).toMatch(/in\.deck:\d+: kspace_style ewald accuracy: expected an accuracy whose k-vectors fit in 4294967296 bytes of kernel memory, found 1e-300/),
    );
  }, 60_000);
  test.each(['1e-10', '1e-12'])('rock salt: Madelung energy, E/(3V) pressure, zero forces, per-atom energies sum to pe (accuracy %s)', async (acc) => {
    const ect = await runEctmd(deck(acc), { 'points.streitz': POINTS });
    const run = parseLammpsLog(ect.log).runs[0];
    const [pe] = thermoColumn(run, 'PotEng', 'log'), [press] = thermoColumn(run, 'Press', 'log');
    const pairs = 4 * CELLS ** 3;
    const madelung = -METAL.qqr2e * MADELUNG_NACL / (A / 2) * pairs;
    expect(Math.abs(pe - madelung) / Math.abs(madelung)).toBeLessThan(1e-10);
    const volume = (A * CELLS) ** 3;
    // the virial's k-space truncation error is larger than the energy's (8e-10 at accuracy 1e-10)
    expect(Math.abs(press - pe / (3 * volume) * METAL.nktv2p) / Math.abs(press)).toBeLessThan(2e-9);
    const frame = parseDump(readFileSync(join(ect.dir, 'f.dump'), 'utf8'), 'f.dump')[0];
    for (const c of ['fx', 'fy', 'fz']) expect(Math.max(...dumpColumn(frame, c, 'f.dump').map(Math.abs))).toBeLessThan(1e-9);
    const sum = dumpColumn(frame, 'c_peat', 'f.dump').reduce((s, v) => s + v, 0);
    expect(Math.abs(sum - pe) / Math.abs(pe)).toBeLessThan(1e-12);
  }, 60_000);

  test('SIMD and scalar reciprocal sums are bitwise identical: energies, forces, per-atom energy and stress (odd atom count, net charge)', async () => {
    const text = oddDeck('1e-8');
    const [a, b] = await Promise.all((['simd', 'scalar'] as const).map((kernel) => runEctmd(text, { 'points.streitz': POINTS }, { kernel })));
    expect(parseLammpsLog(a.log).runs[0].rows[0].length).toBe(4);
    expect(readFileSync(join(a.dir, 'f.dump'), 'utf8')).toBe(readFileSync(join(b.dir, 'f.dump'), 'utf8'));
    expect(parseLammpsLog(a.log).runs[0].rows).toEqual(parseLammpsLog(b.log).runs[0].rows);
  }, 60_000);

  // accuracy 0.05 gives 3 k-vectors, so some of 5 ranks sum none; 1e-8 gives 3576
  test.each(['0.05', '1e-8'])('teams of 3 and 5 workers (k-vectors shared) give one worker\'s pe, elong, press, forces and per-atom energy and stress to 1e-12 relative (accuracy %s)', async (acc) => {
    const [one, ...teams] = await Promise.all([1, 3, 5].map((workers) => runEctmd(oddDeck(acc), { 'points.streitz': POINTS }, { workers })));
    const rows = (r: typeof one) => parseLammpsLog(r.log).runs[0].rows[0];
    const frame = (r: typeof one) => parseDump(readFileSync(join(r.dir, 'f.dump'), 'utf8'), 'f.dump')[0];
    for (const t of teams) {
      rows(one).forEach((v, c) => { if (c > 0) expect(Math.abs(rows(t)[c] - v), `thermo column ${c}`).toBeLessThanOrEqual(1e-12 * Math.abs(v)); });
      for (const c of ['fx', 'fy', 'fz', 'c_peat', ...[1, 2, 3, 4, 5, 6].map((m) => `c_stat[${m}]`)]) {
        const a = dumpColumn(frame(one), c, 'f.dump'), b = dumpColumn(frame(t), c, 'f.dump');
        const scale = Math.max(1, ...a.map(Math.abs));
        a.forEach((v, i) => expect(Math.abs(b[i] - v), `${c} atom ${i}`).toBeLessThanOrEqual(1e-12 * scale));
      }
    }
  }, 120_000);
});
