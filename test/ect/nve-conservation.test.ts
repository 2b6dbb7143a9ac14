// T16 (physics.md §11): NVE energy conservation with weight equalisation at every step (KKT residual ≤ 1e-8 eV). The
// 120-atom α-Al2O3 block of examples/ect-alo with AlO.ect (DSF α 0.2, RC 10), relaxed by 100 FIRE steps (the unfitted
// set does not hold corundum: without it the cell collapses and heats to 10⁴ K), then 300 K and 50 fs of NVE at
// dt = 0.5 fs and at 0.25 fs. Conserved: E + K at T_e = 0, Ω + K at T_e > 0 (pe is Ω; forces are −∇Ω at the converged
// weights by the envelope theorem). Measured: drift (least-squares slope of the conserved energy) 1.5e-5 eV/atom/ps
// at 0.5 fs and 7.4e-6 at 0.25 fs; the energy's fluctuation falls 3.9× when dt halves (Verlet's dt²), so what is seen
// is the integrator's error, not the equalisation's (physics.md's target 1e-5 eV/atom/ps over 10 ps is not checked:
// 10 ps do not fit in a test on this machine). Numbers are in docs/ect-eam.md.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ectInterpreter, pairOf } from './ect-run.js';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ectmd-t16-'));
process.env.ECTMD_CACHE = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FS = 1e-3; // ps

/** Relax, start at 300 K, then NVE for 50 fs at dt; conserved energy (pe + ke) at every step and solver statistics. */
function nve(te: number, dt: number, kernel: 'simd' | 'scalar') {
  const it = ectInterpreter(['units metal', 'atom_style charge', `read_data ${join(ROOT, 'examples', 'ect-alo', 'data.alo')}`,
    'set type 1 charge 1.5', 'set type 2 charge -1.0', `pair_style ect/eam 10.0 dsf 0.2 tol 1e-8 te ${te}`, 'pair_coeff * * AlO.ect Al O',
    'neighbor 1.0 bin', 'min_style fire', 'minimize 0 1e-3 100 1000', `timestep ${dt * FS}`,
    'velocity all create 300 4928459 mom yes rot yes', 'fix 1 all nve', 'run 0'], kernel);
  const e = it.engine, pair = pairOf(e), n = e.atoms.n;
  const steps = Math.round(50 / dt), energy: number[] = [];
  let residual = 0, fractional = 0, temp = 0;
  for (let s = 0; s < steps; s++) {
    it.line('run 1', { file: 'deck', line: 100 });
    energy.push(e.pe() + e.ke());
    residual = Math.max(residual, pair.stats.residual);
    for (const v of pair.weights!) fractional = Math.max(fractional, Math.min(v, 1 - v));
    temp = Math.max(temp, e.temperature());
  }
  // least-squares slope of the conserved energy against time
  const t = energy.map((_, k) => (k + 1) * dt * FS), mt = t.reduce((a, b) => a + b) / steps, me = energy.reduce((a, b) => a + b) / steps;
  let sxy = 0, sxx = 0;
  for (let k = 0; k < steps; k++) { sxy += (t[k] - mt) * (energy[k] - me); sxx += (t[k] - mt) ** 2; }
  const drift = sxy / sxx / n, spread = (Math.max(...energy) - Math.min(...energy)) / n;
  return { drift, spread, residual, fractional, temp };
}

describe('120-atom Al2O3, AlO.ect, 50 fs NVE after relaxation', () => {
  test.each([
    [0, 'simd'], [0.1, 'scalar'],
  ] as const)('T_e = %f eV (kernel %s): drift of the conserved energy is the integrator\'s (∝ dt²) and below the measured bound', (te, kernel) => {
    const coarse = nve(te, 0.5, kernel), fine = nve(te, 0.25, kernel);
    // measured (both T_e; the unfitted set keeps the weights on vertices, max min(w, 1 − w) = 1.2e-9 at T_e = 0.1):
    // drift 1.51e-5 (0.5 fs) and 7.4e-6 (0.25 fs) eV/atom/ps, spread of the conserved energy 5.8e-5 and 1.48e-5 eV/atom
    for (const r of [coarse, fine]) expect(r.residual).toBeLessThanOrEqual(1e-8);
    expect(Math.abs(coarse.drift)).toBeLessThan(3e-5);
    expect(Math.abs(fine.drift)).toBeLessThan(1.5e-5);
    // the fluctuation of the conserved energy scales as dt² (Verlet): 3.9× smaller at half the step
    expect(coarse.spread / fine.spread).toBeGreaterThan(3);
  }, 120_000);
});
