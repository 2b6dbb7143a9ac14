// T15 (physics.md §11): independent weight-equalisation solvers agree. On Streitz–Mintmire-like energies in ensemble
// form (convex) with entropic smoothing T_e Σ w ln w, SPG (Euclidean projections) and entropic mirror descent
// (host/equalize/mirror.ts) reach the same minimiser to 1e-9 e; as T_e → 0 mirror descent approaches the direct KKT
// solve of the unsmoothed QEq linearly in T_e; at small T_e (weights of 1e-40 and below) mirror descent converges where
// SPG's Euclidean steps crawl; a warm start needs fewer iterations than a cold one (counts asserted).

import { describe, expect, test } from 'vitest';
import { atomCharges } from '../../host/equalize/feasible.js';
import { SpgSolver } from '../../host/equalize/spg.js';
import { MirrorSolver } from '../../host/equalize/mirror.js';
import { boxedQeq, ensembleObjective, layoutOf, smSystem } from './sm-system.js';

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('SPG and mirror descent on the same smoothed SM energy', () => {
  const n = 40;
  const wide = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? [-1, 0, 1, 2, 3] : [-2, -1, 0, 1]));

  test.each([0.5, 0.1])('T_e = %f eV: same charges to 1e-9 e, same μ', (te) => {
    const sys = smSystem(n, 7, 2);
    const layout = layoutOf(wide);
    const opts = { tolerance: 1e-11, maxIterations: 20000, memory: 10 };
    const start = () => { const w = new Float64Array(layout.charges.length); for (let i = 0; i < n; i++) w[layout.offsets[i] + (i % 2 === 0 ? 1 : 2)] = 1; return w; };
    const ws = start(), wm = start();
    const rs = new SpgSolver(layout, 0, opts).solve(ensembleObjective(sys, layout, te), ws);
    const rm = new MirrorSolver(layout, 0, opts, te).solve(ensembleObjective(sys, layout, te), wm);
    const qs = atomCharges(layout, ws, new Float64Array(n)), qm = atomCharges(layout, wm, new Float64Array(n));
    // measured: |Δq| 1.6e-13 (0.5 eV), 7.3e-13 e (0.1 eV); SPG 205/599 iterations, mirror 238/567
    expect(Math.min(...wm)).toBeGreaterThan(0.01);
    expect(maxDiff(qs, qm)).toBeLessThan(1e-9);
    expect(maxDiff(ws, wm)).toBeLessThan(1e-9);
    expect(Math.abs(rs.mu - rm.mu)).toBeLessThan(1e-8);
  });

  test('T_e → 0: mirror-descent charges approach the direct (unsmoothed) KKT solve linearly in T_e', () => {
    const sys = smSystem(n, 7, 2);
    const two = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? [-1, 3] : [-2, 1]));
    const layout = layoutOf(two);
    const ref = boxedQeq(sys, two.map((c) => c[0]), two.map((c) => c[1]), 0);
    const dq = [1e-2, 1e-3, 1e-4].map((te) => {
      const w = new Float64Array(layout.charges.length).fill(0.5);
      const r = new MirrorSolver(layout, 0, { tolerance: 1e-11, maxIterations: 5000, memory: 10 }, te).solve(ensembleObjective(sys, layout, te), w);
      expect(r.iterations).toBeLessThan(200);
      return maxDiff(atomCharges(layout, w, new Float64Array(n)), ref.q) / te;
    });
    // measured: max |q − q_KKT| / T_e = 0.02819, 0.02820, 0.02820 e/eV
    expect(dq[0]).toBeGreaterThan(1e-3);
    expect(Math.abs(dq[1] / dq[0] - 1)).toBeLessThan(0.01);
    expect(Math.abs(dq[2] / dq[1] - 1)).toBeLessThan(0.01);
  });

  test('T_e = 0.025 eV with charges driven to their bounds: mirror descent converges to Boltzmann weights down to 1e-200; SPG crawls', () => {
    const sys = smSystem(n, 11, 25);
    const st = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? [0, 3] : [-2, 0]));
    const layout = layoutOf(st);
    const te = 0.025;
    const opts = { tolerance: 1e-9, maxIterations: 2000, memory: 10 };
    const w = new Float64Array(layout.charges.length).fill(0.5);
    const rm = new MirrorSolver(layout, 0, opts, te).solve(ensembleObjective(sys, layout, te), w);
    expect(rm.iterations).toBeLessThan(500); // measured 200
    // Boltzmann form, in logarithms: ln(w_hi / w_lo) = −(g̃_hi − g̃_lo − μ(q_hi − q_lo)) / T_e, g̃ without the entropy
    const g = new Float64Array(w.length);
    ensembleObjective(sys, layout, 0)(w, g);
    let tiny = 0;
    for (let i = 0; i < n; i++) {
      const o = layout.offsets[i];
      if (w[o] === 0 || w[o + 1] === 0) continue; // below the floor 1e-300: checked by the solver's KKT (inactive)
      tiny = Math.min(tiny, Math.log10(Math.min(w[o], w[o + 1])));
      const expected = -((g[o + 1] - g[o]) - rm.mu * (st[i][1] - st[i][0])) / te;
      expect(Math.abs(Math.log(w[o + 1] / w[o]) - expected)).toBeLessThan(1e-6);
    }
    expect(tiny).toBeLessThan(-100); // measured: smallest positive weight 4e-203
    const w2 = new Float64Array(layout.charges.length).fill(0.5);
    expect(() => new SpgSolver(layout, 0, opts).solve(ensembleObjective(sys, layout, te), w2)).toThrow(/did not converge/);
  });

  test('warm start: after a small change of the energy both solvers need fewer iterations than from a cold start', () => {
    const te = 0.1;
    const sys = smSystem(n, 7, 2);
    const layout = layoutOf(wide);
    const opts = { tolerance: 1e-10, maxIterations: 20000, memory: 10 };
    for (const kind of ['spg', 'mirror'] as const) {
      const make = () => kind === 'spg' ? new SpgSolver(layout, 0, opts) : new MirrorSolver(layout, 0, opts, te);
      const w = new Float64Array(layout.charges.length).fill(0);
      for (let i = 0; i < n; i++) w[layout.offsets[i] + (i % 2 === 0 ? 1 : 2)] = 1;
      const solver = make();
      solver.solve(ensembleObjective(sys, layout, te), w);
      const moved = { ...sys, chi: sys.chi.map((c) => c * 1.001) };
      const warm = solver.solve(ensembleObjective(moved, layout, te), w);
      const wc = new Float64Array(layout.charges.length).fill(0);
      for (let i = 0; i < n; i++) wc[layout.offsets[i] + (i % 2 === 0 ? 1 : 2)] = 1;
      const cold = make().solve(ensembleObjective(moved, layout, te), wc);
      // measured: SPG 323 warm vs 749 cold, mirror descent 27 warm vs 381 cold
      expect(warm.iterations).toBeLessThan((kind === 'spg' ? 0.6 : 0.2) * cold.iterations);
    }
  });
});
