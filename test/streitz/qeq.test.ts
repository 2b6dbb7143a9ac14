// fix qeq/slater against LAMMPS 29Sep2021 on α-Al2O3 (2160 atoms): the stored reference deck alo_streitz_wolf.in
// (QEq to 1e-10, run 0) gives LAMMPS's charges to 1e-9 e and then its energies, forces and per-atom energies; the
// LAMMPS examples in.streitz.wolf and in.streitz.ewald (QEq to 1e-6 every step, 100 NVE steps) run unmodified and
// their thermo agrees with LAMMPS's logs. At TOL 1e-6 the CG iterates depend on the summation order at the 1e-8 e level: LAMMPS itself with
// `atom_modify sort 0 0.0` (same physics, other order) moves its own c_q1 by 1e-7 and Press by 2.0e-6 of its scale
// (measured once, 67 s); ectmd stays inside that band, which is what the pressure tolerance below allows.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseDump, dumpColumn } from '../../host/io/dump-read.js';
import { parseLammpsLog } from '../../host/io/lammps-log.js';
import { compareDumps, compareThermo } from '../../scripts/compare-lammps.js';
import { hasLammpsPotentials, LAMMPS_POTENTIALS, referenceDir, runEctmd } from '../helpers/lammps.js';

const hasPotentials = hasLammpsPotentials('AlO.streitz', 'AlO.eam.alloy');
const file = (...p: string[]) => readFileSync(join(...p), 'utf8');

describe.skipIf(!hasPotentials)('fix qeq/slater reproduces LAMMPS', () => {
  test('alo_streitz_wolf.in: charges to 1e-9 e, energies to 1e-10, per-atom energies to 1e-9, forces to 1e-8 eV/Å', async () => {
    const ref = referenceDir();
    const deck = file(ref, 'alo_streitz_wolf.in').replaceAll('/usr/share/lammps/potentials', LAMMPS_POTENTIALS);
    const ect = await runEctmd(deck, { 'data.streitz': file(ref, 'data.streitz') }, { kernel: 'simd' });
    const name = 'alo_streitz_wolf.forces.dump';
    const want = parseDump(file(ref, name), name), got = parseDump(file(ect.dir, name), name);
    const dq = dumpColumn(want[0], 'q', name).reduce((m, q, k) => Math.max(m, Math.abs(q - dumpColumn(got[0], 'q', name)[k])), 0);
    console.log(`alo_streitz_wolf charges: max |Δq| = ${dq.toExponential(2)} e`);
    expect(dq).toBeLessThan(1e-9);
    const rows = [...compareThermo(parseLammpsLog(file(ref, 'alo_streitz_wolf.log')).runs, parseLammpsLog(ect.log).runs, 'ectmd log'),
      ...compareDumps(want, got, name)];
    // totals are stationary in q; forces and per-atom energies feel the 1e-10 e charge differences at first order
    const tol: Record<string, number> = { PotEng: 1e-10, E_vdwl: 1e-10, E_coul: 1e-10, c_peat: 1e-9 };
    const bad = rows.filter((r) => (/^f[xyz]$/.test(r.column) ? !(r.maxAbs <= 1e-8) : r.column in tol && !(r.scaled <= tol[r.column])));
    expect(bad).toEqual([]);
  }, 120_000);

  // the logs print 8 significant digits: every column must agree to its last printed digit (1.5e-7 of the
  // column's scale), charges to 1.5e-7 e with the closed forms (`pair_modify table 0`) and to 3e-7 e with the tables
  // (their 1e-15 differences reach the charges through the CG's TOL 1e-6 as any other change of the summation order
  // does; 1e-7 relative, the issue asks 1e-6); Press within the CG-noise band (5e-6 of scale); S/CPU is a timing
  test.each([['in.streitz.wolf', 'wolf.log', 1], ['in.streitz.ewald', 'ewald.log', 1], ['in.streitz.wolf', 'wolf.log', 0]])('%s runs unmodified (LAMMPS log %s, pair_modify table %i); 100-step thermo equals LAMMPS\'s log to its printed digits (Press: 5e-6 of scale)', async (input, log, table) => {
    const dir = join(referenceDir(), 'streitz');
    const deck = table ? file(dir, input) : file(dir, input).replace(/^(pair_style.*)$/m, '$1\npair_modify table 0');
    const ect = await runEctmd(deck, {
      'data.streitz': file(referenceDir(), 'data.streitz'),
      'AlO.streitz': file(LAMMPS_POTENTIALS, 'AlO.streitz'),
      'AlO.eam.alloy': file(LAMMPS_POTENTIALS, 'AlO.eam.alloy'),
    }, { kernel: 'simd', timeoutMs: 300_000 });
    const lmp = parseLammpsLog(file(dir, log)).runs, got = parseLammpsLog(ect.log).runs;
    expect(got[0].rows.length).toBe(11);
    const rows = compareThermo(lmp, got, 'ectmd log').filter((r) => r.column !== 'S/CPU');
    console.log(`${input} (table ${table}): ` + rows.map((r) => `${r.column} ${r.scaled.toExponential(1)}`).join(', '));
    const dq = table ? 3e-7 : 1.5e-7;
    const limit: Record<string, number> = { c_q1: dq, c_q2: dq, v_qsum: 1e-10, Press: 5e-6 };
    const bad = rows.filter((r) => !(r.column in limit ? (r.column === 'Press' ? r.scaled : r.maxAbs) <= limit[r.column] : r.scaled <= 1.5e-7));
    expect(bad).toEqual([]);
  }, 300_000);
});
