// T17 (physics.md §4.5, §11): the weight-jump watch, compute ect/stats c_ID[6] = the largest |Δw| of any weight since
// the previous solve. An ionic Al⁺–O⁻ dimer with bare Coulomb is pulled apart in steps of 0.01 Å with warm-started
// equalisation: the point-charge states {Al, Al⁺}, {O, O⁻} of point-charge-potential.ts (E(q) = qΔ − k_e q²/R exactly),
// and the shipped AlO.ect beyond its 6.2 Å cutoff (point charges with the full state library). The ionic branch is a
// local minimum while R < 2k_e/Δ = 6.365 Å (physics.md §3.4 puts the global switch at R_c = 3.1825 Å; warm start
// follows the branch to its end): there the weights jump to the neutral atoms, |Δw| = 1, and c_ID[6] reports it.
// With T_e = 0.025 eV the jump stays: the ionic minimum of Ω(q) = qΔ − k_e q²/R + 2T_e[q ln q + (1 − q) ln(1 − q)]
// ends earlier (R_end = 5.997 Å: the entropy term 2T_e ln(q/(1 − q)) ≈ 0.22 eV at the end) with q(1 − q) = T_e R/k_e,
// q ≈ 0.99, so |Δw| falls only to 0.9937 — entropic smoothing at 0.025 eV does not remove a first-order switch whose
// coupling (k_e/R ≈ 2.3 eV) is ≫ T_e. Only T_e above k_e/(4R) (≈ 0.6 eV here) leaves one minimum: at T_e = 1.5 eV
// every step's |Δw| is below 1e-3.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { COULOMB_EV_A } from '../../host/potentials/ect-coulomb.js';
import { ectInterpreter, writeDimer } from './ect-run.js';
import { writePointChargeEct } from './point-charge-potential.js';

const dir = mkdtempSync(join(tmpdir(), 'ectmd-t17-'));
process.env.ECTMD_CACHE = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const where = { file: 'deck', line: 99 };

const KE = COULOMB_EV_A, DELTA = 5.985768 - 1.461113;

/** Pull the ionic dimer from r0 to r1 Å in 0.01 Å steps; c_st[6] and atom 1's charge after each step. */
function pull(file: string, te: number, r0: number, r1: number, kernel: 'simd' | 'scalar') {
  const it = ectInterpreter(['units metal', 'atom_style charge', `read_data ${writeDimer(dir, r0, 1)}`,
    `pair_style ect/eam 30 coulomb tol 1e-10 te ${te}`, `pair_coeff * * ${file} Al O`, 'compute st all ect/stats',
    'variable jump equal c_st[6]', 'run 0'], kernel);
  const e = it.engine, steps: Array<{ R: number; jump: number; q: number }> = [];
  const o = e.atoms.tag[0] === 2 ? 0 : 1, a = 1 - o; // local indices of O (moved) and Al
  for (let k = 1; r0 + 0.01 * k <= r1 + 1e-9; k++) {
    e.atoms.x[3 * o] += 0.01;
    it.line('run 0', where);
    steps.push({ R: r0 + 0.01 * k, jump: it.vars.numeric('jump', where), q: e.atoms.q[a] });
  }
  return steps;
}

/** Where the ionic minimum of Ω(q) ends for the point-charge dimer: dΩ/dq at its inflection q* (q*(1 − q*) = T_e R/k_e,
 *  q* > ½) rises through 0. */
function branchEnd(te: number): number {
  const slope = (R: number) => {
    const q = te > 0 ? 0.5 + Math.sqrt(0.25 - te * R / KE) : 1;
    return DELTA - 2 * KE * q / R + (te > 0 ? 2 * te * Math.log(q / (1 - q)) : 0);
  };
  let lo = 5, hi = 7;
  for (let k = 0; k < 100; k++) { const m = 0.5 * (lo + hi); if (slope(m) < 0) lo = m; else hi = m; }
  return 0.5 * (lo + hi);
}

describe.each(['simd', 'scalar'] as const)('Al⁺–O⁻ dimer pulled across the end of the ionic branch, kernel %s', (kernel) => {
  test.each([0, 0.025])('T_e = %f eV: c_st[6] reports one jump |Δw| ≈ 1 at the step that crosses the end of the branch', (te) => {
    const end = branchEnd(te);
    expect(end).toBeCloseTo(te === 0 ? 2 * KE / DELTA : 5.997, 3);
    const steps = pull(writePointChargeEct(dir, ['Al', 'O']), te, 5.8, 6.45, kernel);
    const big = steps.filter((s) => s.jump > 0.1);
    expect(big).toHaveLength(1);
    const at = steps.indexOf(big[0]);
    expect(big[0].R).toBeGreaterThan(end);
    expect(big[0].R - 0.01).toBeLessThan(end);
    // the jump is the ionic charge just before (T_e = 0: exactly 1; 0.025 eV: ≈ 0.99) down to the neutral branch
    expect(Math.abs(big[0].jump - (steps[at - 1].q - big[0].q))).toBeLessThan(1e-9);
    if (te === 0) expect(big[0].jump).toBeCloseTo(1, 9);
    else { expect(big[0].jump).toBeGreaterThan(0.99); expect(big[0].jump).toBeLessThan(0.995); } // measured 0.99367
    // elsewhere the branch moves smoothly (T_e = 0.025: the ionic q softens to 0.9937 just before the end, steps ≤ 1.8e-3)
    for (const s of steps) if (s !== big[0]) expect(s.jump).toBeLessThan(te === 0 ? 1e-9 : 5e-3);
    expect(steps.at(-1)!.q).toBeLessThan(1e-12);
  }, 60_000);

  test('T_e = 1.5 eV (> k_e/4R): one minimum, every step\'s |Δw| below 1e-3, q falls smoothly', () => {
    const steps = pull(writePointChargeEct(dir, ['Al', 'O']), 1.5, 5.8, 6.45, kernel);
    expect(Math.max(...steps.map((s) => s.jump))).toBeLessThan(1e-3);
    for (let k = 1; k < steps.length; k++) expect(steps[k].q).toBeLessThan(steps[k - 1].q);
  }, 60_000);

  test('shipped AlO.ect beyond its cutoff (all states), T_e = 0: the same jump of 1 crossing 6.365 Å', () => {
    const steps = pull('AlO.ect', 0, 6.3, 6.45, kernel);
    const big = steps.filter((s) => s.jump > 0.1);
    expect(big).toHaveLength(1);
    expect(big[0].jump).toBeCloseTo(1, 9);
    expect(big[0].R).toBeGreaterThan(2 * KE / DELTA);
    expect(big[0].R - 0.01).toBeLessThan(2 * KE / DELTA);
  }, 60_000);
});
