// T14 (physics.md §9.2, §11): ensemble–SM equivalence in the KKT form of §4.3. On Streitz–Mintmire-like energies in
// ensemble form (two states per atom bracketing its charge), SPG's weights give the QEq charges of a direct solve while
// no state bound is active, and with Al-like atoms limited to states 0 … 2.5 e the bound atoms sit exactly on the 2.5 e
// vertex with multipliers ν_iM = g_iM − λ_i − μ q_M ≥ 0 on their empty state (> 0: strict complementarity), ν = 0 on
// every occupied state, and the charges equal an active-set QEq. (The same on coul/streitz's own energy, 240-atom
// α-Al2O3 block, Al ≤ 2.8 e: test/streitz/ensemble.test.ts.)

import { describe, expect, test } from 'vitest';
import { atomCharges } from '../../host/equalize/feasible.js';
import { SpgSolver } from '../../host/equalize/spg.js';
import { boxedQeq, ensembleObjective, layoutOf, smSystem } from './sm-system.js';

const n = 40;

function solve(states: number[][], chiSpread: number) {
  const sys = smSystem(n, 21, chiSpread), layout = layoutOf(states);
  const w = new Float64Array(layout.charges.length);
  for (let i = 0; i < n; i++) w[layout.offsets[i] + (i % 2 === 0 ? 0 : 1)] = 1; // neutral start
  const objective = ensembleObjective(sys, layout);
  const r = new SpgSolver(layout, 0, { tolerance: 1e-11, maxIterations: 20000, memory: 10 }).solve(objective, w);
  const g = new Float64Array(w.length);
  objective(w, g);
  const q = atomCharges(layout, w, new Float64Array(n));
  const ref = boxedQeq(sys, states.map((c) => c[0]), states.map((c) => c[1]), 0);
  return { w, g, q, mu: r.mu, ref, layout };
}

describe('SM energies in ensemble form (40 atoms, χ alternating in sign)', () => {
  test('bounds inactive (Al-like states −1 … 4, O-like −3 … 1): charges = direct QEq to 1e-9 e, every ν = 0', () => {
    const states = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? [-1, 4] : [-3, 1]));
    const { w, q, ref, mu } = solve(states, 6);
    const margin = Math.min(...ref.q.map((v, i) => Math.min(v - states[i][0], states[i][1] - v)));
    expect(margin).toBeGreaterThan(0.05);
    expect(Math.max(...q.map((v, i) => Math.abs(v - ref.q[i])))).toBeLessThan(1e-9);
    expect(Math.abs(mu - ref.mu)).toBeLessThan(1e-8);
    expect(Math.min(...w)).toBeGreaterThan(0.01);
  });

  test('Al-like states 0 … 2.5: bound atoms on their vertex (most at 2.5 e) with ν > 0 on the empty state; = active-set QEq', () => {
    const states = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? [0, 2.5] : [-3, 0]));
    const { w, g, q, ref, mu, layout } = solve(states, 18);
    const bound = [...Array(n).keys()].filter((i) => ref.q[i] === states[i][0] || ref.q[i] === states[i][1]);
    expect(bound.filter((i) => ref.q[i] === 2.5).length).toBeGreaterThan(3);
    expect(Math.max(...q.map((v, i) => Math.abs(v - ref.q[i])))).toBeLessThan(1e-9);
    let minNu = Infinity, worstActive = 0;
    for (let i = 0; i < n; i++) {
      const o = layout.offsets[i], c = states[i];
      const occupied = [0, 1].filter((k) => w[o + k] > 0);
      const lambda = occupied.reduce((s, k) => s + g[o + k] - mu * c[k], 0) / occupied.length;
      for (const k of [0, 1]) {
        const nu = g[o + k] - lambda - mu * c[k];
        if (w[o + k] > 0) worstActive = Math.max(worstActive, Math.abs(nu));
        else minNu = Math.min(minNu, nu);
      }
    }
    // a bound atom's weights are exactly the vertex of its bound state
    for (const i of bound) { const k = ref.q[i] === states[i][1] ? 1 : 0; expect(w[layout.offsets[i] + k]).toBe(1); expect(w[layout.offsets[i] + 1 - k]).toBe(0); }
    expect(worstActive).toBeLessThan(1e-9);
    expect(minNu).toBeGreaterThan(0); // strictly complementary
  });
});
