// Weight equalisation (host/equalize): the feasible projection lands exactly on the simplices and the charge
// hyperplane; SPG on Streitz–Mintmire-like quadratic energies in ensemble form reproduces the direct linear solve
// (interior charges) and an active-set solve (charges at their bounds) to 1e-9 e; with entropic smoothing the
// weights are the Boltzmann form of physics.md §4.3; warm starts converge at once.

import { describe, expect, test } from 'vitest';
import { FeasibleProjector, atomCharges, projectSimplex } from '../../host/equalize/feasible.js';
import { SpgSolver } from '../../host/equalize/spg.js';
import { boxedQeq, ensembleObjective, layoutOf, rng, smSystem } from './sm-system.js';

describe('projections', () => {
  test('simplex projection: on the simplex and optimal (equal shifts on the support, nothing above it off it)', () => {
    const r = rng(1);
    const out = new Float64Array(6), scratch = new Float64Array(6);
    for (let trial = 0; trial < 500; trial++) {
      const k = 1 + (trial % 6);
      const u = Float64Array.from({ length: k }, () => 6 * r() - 3);
      projectSimplex(u, 0, k, out, scratch);
      let sum = 0;
      for (let a = 0; a < k; a++) { expect(out[a]).toBeGreaterThanOrEqual(0); sum += out[a]; }
      expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
      const support = [...Array(k).keys()].filter((a) => out[a] > 0);
      const theta = u[support[0]] - out[support[0]];
      for (const a of support) expect(Math.abs(u[a] - out[a] - theta)).toBeLessThan(1e-14);
      for (let a = 0; a < k; a++) if (out[a] === 0) expect(u[a]).toBeLessThanOrEqual(theta + 1e-14);
    }
  });

  test('feasible projection meets the charge constraint to rounding and keeps every simplex', () => {
    const r = rng(2);
    const states = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? [0, 1, 2, 3] : i % 3 === 1 ? [-2, -1, 0] : [0, 3]));
    const layout = layoutOf(states);
    for (const qtot of [0, 17.25, -120]) {
      const proj = new FeasibleProjector(layout, qtot);
      const y = Float64Array.from({ length: layout.charges.length }, () => 4 * r() - 2);
      const w = new Float64Array(y.length);
      proj.project(y, w);
      const q = atomCharges(layout, w, new Float64Array(layout.natoms));
      expect(Math.abs(q.reduce((s, v) => s + v, 0) - qtot)).toBeLessThanOrEqual(proj.tolerance);
      expect(proj.tolerance).toBeLessThan(1e-10);
      for (let i = 0; i < layout.natoms; i++) {
        let s = 0;
        for (let k = layout.offsets[i]; k < layout.offsets[i + 1]; k++) { expect(w[k]).toBeGreaterThanOrEqual(0); s += w[k]; }
        expect(Math.abs(s - 1)).toBeLessThan(1e-14);
      }
    }
  });

  test('a total charge the states cannot reach is an error', () => {
    expect(() => new FeasibleProjector(layoutOf([[0, 1], [0, 1]]), 3)).toThrow(/outside what the state charges allow/);
  });
});

describe('SPG on Streitz–Mintmire energies in ensemble form', () => {
  const states = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? [0, 3] : [-2, 0]));
  const wide = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? [-1, 3] : [-2, 1]));

  test('interior charges equal the direct QEq solve to 1e-9 e, with μ = ∂E/∂q', () => {
    const sys = smSystem(60, 7, 2);
    const layout = layoutOf(wide(60));
    const solver = new SpgSolver(layout, 0, { tolerance: 1e-10, maxIterations: 2000, memory: 10 });
    const w = new Float64Array(layout.charges.length);
    for (let i = 0; i < 60; i++) { w[2 * i] = 1; }
    const res = solver.solve(ensembleObjective(sys, layout), w);
    const q = atomCharges(layout, w, new Float64Array(60));
    const ref = boxedQeq(sys, wide(60).map((c) => c[0]), wide(60).map((c) => c[1]), 0);
    // the reference must be interior for this test to mean what it says
    const margin = Math.min(...ref.q.map((v, i) => Math.min(v - wide(60)[i][0], wide(60)[i][1] - v)));
    expect(margin).toBeGreaterThan(1e-3);
    let worst = 0;
    for (let i = 0; i < 60; i++) worst = Math.max(worst, Math.abs(q[i] - ref.q[i]));
    expect(worst).toBeLessThan(1e-9);
    expect(Math.abs(res.mu - ref.mu)).toBeLessThan(1e-8);
    expect(Math.abs(q.reduce((s, v) => s + v, 0))).toBeLessThan(1e-10);
    expect(res.residual).toBeLessThanOrEqual(1e-10);
  });

  test('charges pinned at their bounds match an active-set QEq to 1e-9 e', () => {
    const sys = smSystem(40, 11, 25); // strong electronegativity differences drive many atoms to a bound
    const layout = layoutOf(states(40));
    const solver = new SpgSolver(layout, 0, { tolerance: 1e-10, maxIterations: 5000, memory: 10 });
    const w = new Float64Array(layout.charges.length);
    for (let i = 0; i < 40; i++) w[2 * i] = i % 2 === 0 ? 1 : 0, w[2 * i + 1] = i % 2 === 0 ? 0 : 1;
    solver.solve(ensembleObjective(sys, layout), w);
    const q = atomCharges(layout, w, new Float64Array(40));
    const ref = boxedQeq(sys, states(40).map((c) => c[0]), states(40).map((c) => c[1]), 0);
    const pinned = ref.q.filter((v, i) => v === states(40)[i][0] || v === states(40)[i][1]).length;
    expect(pinned).toBeGreaterThan(3);
    let worst = 0;
    for (let i = 0; i < 40; i++) worst = Math.max(worst, Math.abs(q[i] - ref.q[i]));
    expect(worst).toBeLessThan(1e-9);
  });

  test('entropic smoothing gives the Boltzmann weights of §4.3', () => {
    const n = 30, te = 0.5;
    const sys = smSystem(n, 5, 1);
    const st = Array.from({ length: n }, () => [-1, 0, 1, 2]);
    const layout = layoutOf(st);
    const solver = new SpgSolver(layout, 3, { tolerance: 1e-10, maxIterations: 5000, memory: 10 });
    const w = new Float64Array(layout.charges.length).fill(0.25);
    const objective = ensembleObjective(sys, layout, te);
    const res = solver.solve(objective, w);
    const g = new Float64Array(w.length);
    objective(w, g);
    for (let i = 0; i < n; i++) {
      const o = layout.offsets[i];
      // g̃ = g − Te(1 + ln w) is the entropy-free gradient; w ∝ exp(−(g̃ − μq)/Te)
      const logits = [0, 1, 2, 3].map((k) => -((g[o + k] - te * (1 + Math.log(w[o + k]))) - res.mu * st[i][k]) / te);
      const top = Math.max(...logits);
      const z = logits.reduce((s, l) => s + Math.exp(l - top), 0);
      for (let k = 0; k < 4; k++) {
        expect(w[o + k]).toBeGreaterThan(0);
        expect(Math.abs(w[o + k] - Math.exp(logits[k] - top) / z)).toBeLessThan(1e-9);
      }
    }
  });

  test('a warm start from the solution needs no iteration; a slightly moved system needs fewer than a cold start', () => {
    const sys = smSystem(60, 7, 2);
    const layout = layoutOf(wide(60));
    const solver = new SpgSolver(layout, 0, { tolerance: 1e-8, maxIterations: 2000, memory: 10 });
    const w = new Float64Array(layout.charges.length);
    for (let i = 0; i < 60; i++) w[2 * i] = 1;
    const cold = solver.solve(ensembleObjective(sys, layout), w);
    expect(solver.solve(ensembleObjective(sys, layout), w).iterations).toBe(0);
    for (let i = 0; i < 60; i++) sys.chi[i] *= 1.001;
    const warm = solver.solve(ensembleObjective(sys, layout), w);
    expect(warm.iterations).toBeLessThan(cold.iterations);
  });
});
