// pair_style ect/eam on worker teams and both kernel builds. The team shares the energy/gradient evaluations and the
// force pass by atom ranges with per-rank accumulators folded in rank order, so the same team size is bitwise
// reproducible and the simd and scalar kernels agree bit for bit at equal team size, while different team sizes differ
// only in the order contributions are added: energies within 1e-12 relative, forces within 1e-10 eV/Å, charges within
// 1e-10 e (thermo at %.17g, charges, state weights and forces of every atom in the dump).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runEctmd } from '../helpers/lammps.js';

const ROOT = join(__dirname, '..', '..');
const cache = mkdtempSync(join(tmpdir(), 'ectmd-ect-cache-'));
process.env.ECTMD_CACHE = cache;
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const DECK = `units metal
atom_style charge
read_data data.alo
set type 1 charge 1.5
set type 2 charge -1.0
pair_style ect/eam 10.0 dsf 0.2 tol 1e-8
pair_coeff * * AlO.ect Al O
neighbor 1.0 bin
timestep 0.0005
compute st all ect/stats
compute w all ect/weights
thermo_style custom step temp pe evdwl ecoul etotal press c_st[1] c_st[2] c_st[3]
thermo_modify format float %.17g
thermo 1
velocity all create 300 4928459 mom yes rot yes
fix 1 all nve
dump d all custom 2 w.dump id q c_w[1] c_w[2] c_w[3] c_w[4] fx fy fz
dump_modify d sort id format float %.17g
run 4
`;

async function run(workers: number, kernel: 'simd' | 'scalar'): Promise<{ thermo: string; dump: string }> {
  const { dir, log } = await runEctmd(DECK, { 'data.alo': readFileSync(join(ROOT, 'examples', 'ect-alo', 'data.alo'), 'utf8') },
    { workers, kernel, timeoutMs: 240_000 });
  expect(log).toMatch(new RegExp(`^Loop time of \\S+ on ${workers} procs for 4 steps with 120 atoms$`, 'm'));
  const thermo = log.slice(log.indexOf('Step Temp'), log.indexOf('Loop time of'));
  expect(thermo.trim().split('\n')).toHaveLength(6);
  return { thermo, dump: readFileSync(join(dir, 'w.dump'), 'utf8') };
}

/** Numbers of a thermo block's data rows. */
function thermoRows(thermo: string): number[][] {
  return thermo.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/).map(Number));
}

/** Dump rows (id q w1..w4 fx fy fz) of every snapshot. */
function dumpRows(dump: string): number[][] {
  return dump.split('\n').filter((l) => /^\d+ /.test(l) && l.trim().split(/\s+/).length === 9).map((l) => l.trim().split(/\s+/).map(Number));
}

describe('pair_style ect/eam, 120-atom Al2O3, 4 NVE steps', () => {
  test('2 and 3 workers agree with 1 within tolerances; 2 workers twice and scalar vs simd at 2 workers bit for bit', async () => {
    const ref = await run(1, 'simd');
    // the run did something: the first solve iterated (c_st[1]) and the atoms moved (temperature changes)
    const rows = thermoRows(ref.thermo);
    expect(rows[0][7]).toBeGreaterThan(0);
    expect(rows[4][1]).not.toBe(rows[0][1]);
    // one worker: the serial path, and the scalar build bit for bit
    const scalar1 = await run(1, 'scalar');
    expect(scalar1.thermo).toBe(ref.thermo);
    expect(scalar1.dump).toBe(ref.dump);
    const two = await run(2, 'simd');
    for (const [label, other] of [['2 workers again', await run(2, 'simd')], ['2 workers, scalar', await run(2, 'scalar')]] as const) {
      expect(other.thermo, label).toBe(two.thermo);
      expect(other.dump, label).toBe(two.dump);
    }
    const refDump = dumpRows(ref.dump);
    expect(refDump).toHaveLength(3 * 120);
    for (const [workers, got] of [[2, two], [3, await run(3, 'simd')]] as const) {
      const t = thermoRows(got.thermo);
      rows.forEach((row, s) => {
        // temp pe evdwl ecoul etotal press: energies to 1e-12 relative (press: forces enter through the virial)
        for (const c of [2, 3, 4, 5]) expect(Math.abs(t[s][c] - row[c]), `${workers} workers, step ${s} column ${c}`).toBeLessThanOrEqual(1e-12 * Math.abs(row[c]));
      });
      const d = dumpRows(got.dump);
      expect(d).toHaveLength(refDump.length);
      refDump.forEach((row, k) => {
        expect(d[k][0]).toBe(row[0]);
        expect(Math.abs(d[k][1] - row[1]), `${workers} workers, atom ${row[0]} q`).toBeLessThanOrEqual(1e-10);
        for (const c of [6, 7, 8]) expect(Math.abs(d[k][c] - row[c]), `${workers} workers, atom ${row[0]} force`).toBeLessThanOrEqual(1e-10);
      });
    }
  }, 900_000);
});
