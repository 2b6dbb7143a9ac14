// pair_style ect/eam on worker teams and both kernel builds: the pair's own passes run on the main thread over the
// neighbour list that the team builds, so 1, 2 and 3 workers and the simd and scalar kernels must give the same run
// bit for bit (thermo at %.17g, charges and state weights of every atom in the dump).

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

describe('pair_style ect/eam, 120-atom Al2O3, 4 NVE steps', () => {
  test('2 and 3 workers and the scalar kernel reproduce 1 worker (simd) bit for bit: thermo, q, weights, forces', async () => {
    const ref = await run(1, 'simd');
    // the run did something: the first solve iterated (c_st[1]) and the atoms moved (temperature changes)
    const rows = ref.thermo.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/).map(Number));
    expect(rows[0][7]).toBeGreaterThan(0);
    expect(rows[4][1]).not.toBe(rows[0][1]);
    for (const [workers, kernel] of [[2, 'simd'], [3, 'simd'], [1, 'scalar']] as const) {
      const other = await run(workers, kernel);
      expect(other.thermo, `${workers} workers, ${kernel}`).toBe(ref.thermo);
      expect(other.dump, `${workers} workers, ${kernel}`).toBe(ref.dump);
    }
  }, 600_000);
});
