// fix qeq/slater that does not converge (docs/commands-streitz.md): each CG solve that stops at MAXITER above TOL
// prints LAMMPS's warning with the relative residual, iterations and step; a residual above 1000 × TOL (or not
// finite) stops the run with an error naming the fix's line. On in.streitz.wolf with MAXITER 3 the two solves of the
// setup stop at 1.67e-4 (s) and 1.15e-3 (t), as LAMMPS 29Sep2021 prints (0.00016696329175171692, 0.0011488250316158694).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasLammpsPotentials, LAMMPS_POTENTIALS, referenceDir, runEctmd } from '../helpers/lammps.js';

const hasPotentials = hasLammpsPotentials('AlO.streitz', 'AlO.eam.alloy');
const file = (...p: string[]) => readFileSync(join(...p), 'utf8');

function deck(tol: string, maxiter: number): string {
  return file(referenceDir(), 'streitz', 'in.streitz.wolf')
    .replace(/qeq\/slater 1 12.0 1.0e-6 100/, `qeq/slater 1 12.0 ${tol} ${maxiter}`)
    .replace(/^run\s+100$/m, 'run 0');
}
const files = () => ({
  'data.streitz': file(referenceDir(), 'data.streitz'),
  'AlO.streitz': file(LAMMPS_POTENTIALS, 'AlO.streitz'),
  'AlO.eam.alloy': file(LAMMPS_POTENTIALS, 'AlO.eam.alloy'),
});

describe.skipIf(!hasPotentials)('fix qeq/slater convergence failure', () => {
  test('below 1000 x TOL: one warning per solve with residual, iterations and step, and the run goes on', async () => {
    const { log } = await runEctmd(deck('1.0e-5', 3), files(), { workers: 1 });
    const warnings = [...log.matchAll(/^WARNING: Fix qeq\/slater CG convergence failed \((\S+)\) after (\d+) iterations at step (\d+)$/gm)];
    expect(warnings.length).toBe(2);
    const res = warnings.map((w) => Number(w[1]));
    expect(res[0]).toBeCloseTo(1.6696329175e-4, 12);
    expect(res[1]).toBeCloseTo(1.1488250316e-3, 11);
    expect(warnings.every((w) => w[2] === '3' && w[3] === '0')).toBe(true);
    expect(log).toMatch(/^Loop time of \S+ on 1 procs for 0 steps with 2160 atoms$/m);
  }, 120_000);

  test('above 1000 x TOL: a clear error naming the fix line, the residual and the limit', async () => {
    await expect(runEctmd(deck('1.0e-6', 3), files(), { workers: 1 }))
      .rejects.toThrow(/in\.deck:\d+: fix qeq\/slater did not converge: CG residual 0\.00114883 after 3 iterations at step 0 exceeds 1000 x the tolerance 1e-06/);
  }, 120_000);

  test('the same with 2 workers', async () => {
    await expect(runEctmd(deck('1.0e-6', 3), files(), { workers: 2 })).rejects.toThrow(/fix qeq\/slater did not converge: CG residual 0\.00114883/);
  }, 120_000);
});
