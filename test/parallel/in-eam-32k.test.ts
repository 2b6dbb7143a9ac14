// Issue #3's determinism bar on bench/in.eam itself (32,000 atoms, 100 steps; LAMMPS's Cu_u3 when lammps-data is
// installed, else ectmd's own Cu): 2 and 3 workers give one worker's step-0 energy within 1e-12 relative and its
// 100-step thermo within 1e-9 relative, on both kernel builds. At this size a naive sum of the 1.2 million pair
// energies drifted by 3.8e-12 relative and differently for each split of the rows over the ranks (measured before the
// EAM passes summed their rows' energies with compensation): 2 workers then missed the 1e-12 bar.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLammpsLog } from '../../host/io/lammps-log.js';
import type { KernelKind } from '../../host/wasm/kernel.js';
import { hasLammpsPotentials, LAMMPS_POTENTIALS, runEctmd } from '../helpers/lammps.js';
import { runOnce } from '../helpers/run-once.js';

const root = join(import.meta.dirname, '..', '..');
const deck = readFileSync(join(root, 'bench', 'in.eam'), 'utf8').replace('thermo_modify format float %.10g', 'thermo_modify format float %.17g');
const potential: Record<string, string> = hasLammpsPotentials('Cu_u3.eam')
  ? { pcoeff: `1 1 ${join(LAMMPS_POTENTIALS, 'Cu_u3.eam')}` }
  : { pstyle: 'eam/alloy', pcoeff: `* * ${join(root, 'potentials', 'eam', 'Cu_zjw04.eam.alloy')} Cu` };

interface Outcome { columns: string[]; rows: number[][] }

async function run(workers: number, kernel: KernelKind): Promise<Outcome> {
  const { log } = await runEctmd(deck, {}, { workers, kernel, vars: potential, timeoutMs: 300_000 });
  expect(log).toMatch(new RegExp(`^Loop time of \\S+ on ${workers} procs for 100 steps with 32000 atoms$`, 'm'));
  const [r] = parseLammpsLog(log, 'ectmd log').runs;
  return { columns: r.columns, rows: r.rows };
}

describe.each(['simd', 'scalar'] as KernelKind[])('%s kernel', (kernel) => {
  const once = runOnce<Outcome>();
  const get = (workers: number): Promise<Outcome> => once(`${workers}`, () => run(workers, kernel));

  test.each([2, 3])('%i workers: step-0 energy within 1e-12 and 100-step thermo within 1e-9 of one worker', async (workers) => {
    const [one, many] = [await get(1), await get(workers)];
    expect(many.columns).toEqual(one.columns);
    expect(one.rows.length).toBe(11);
    for (const name of ['E_pair', 'TotEng']) {
      const k = one.columns.indexOf(name);
      expect(Math.abs(many.rows[0][k] - one.rows[0][k]), name).toBeLessThanOrEqual(1e-12 * Math.abs(one.rows[0][k]));
    }
    one.columns.forEach((c, k) => {
      const scale = Math.max(...one.rows.map((row) => Math.abs(row[k])));
      one.rows.forEach((row, s) => expect(Math.abs(many.rows[s][k] - row[k]), `${c} row ${s}`).toBeLessThanOrEqual(1e-9 * Math.max(scale, 1e-300)));
    });
  }, 300_000);
});
