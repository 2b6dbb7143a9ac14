// Streitz–Mintmire-like test systems for the weight-equalisation solvers (physics.md §9.2 in ensemble form): a
// quadratic energy in the charges, the same energy as a function of state weights (optionally with entropic smoothing
// T_e Σ w ln w), and the direct references — a dense linear solve and an active-set QEq with charges boxed.

import { atomCharges, type StateLayout } from '../../host/equalize/feasible.js';
import { entropyTerm } from '../../host/equalize/entropy.js';
import type { Objective } from '../../host/equalize/spg.js';

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function layoutOf(stateCharges: number[][]): StateLayout {
  const offsets = new Int32Array(stateCharges.length + 1);
  stateCharges.forEach((c, i) => { offsets[i + 1] = offsets[i] + c.length; });
  return { natoms: stateCharges.length, offsets, charges: Float64Array.from(stateCharges.flat()) };
}

/** Streitz–Mintmire-like energy in charges: χ·q + ½ Σ J q² + ½ Σ_{i≠j} q_i q_j K(r_ij), K a smeared Coulomb kernel. */
export interface Quadratic { n: number; chi: Float64Array; H: Float64Array }

export function smSystem(n: number, seed: number, chiSpread: number): Quadratic {
  const r = rng(seed);
  const x = Array.from({ length: n }, () => [10 * r(), 10 * r(), 10 * r()]);
  const ke = 14.399645;
  const H = new Float64Array(n * n), chi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    chi[i] = (i % 2 === 0 ? -1 : 1) * chiSpread * (0.5 + r());
    H[i * n + i] = 10 + 4 * r();
    for (let j = 0; j < i; j++) {
      const d = Math.hypot(x[i][0] - x[j][0], x[i][1] - x[j][1], x[i][2] - x[j][2]);
      H[i * n + j] = H[j * n + i] = ke / Math.sqrt(d * d + 4);
    }
  }
  return { n, chi, H };
}

/** The same energy as a function of weights, for SPG: g_iM = q_M ∂E/∂q_i. */
export function ensembleObjective(sys: Quadratic, layout: StateLayout, te = 0): Objective {
  const q = new Float64Array(sys.n), dq = new Float64Array(sys.n);
  return (w, g) => {
    atomCharges(layout, w, q);
    let e = 0;
    for (let i = 0; i < sys.n; i++) {
      let hq = 0;
      for (let j = 0; j < sys.n; j++) hq += sys.H[i * sys.n + j] * q[j];
      dq[i] = sys.chi[i] + hq;
      e += sys.chi[i] * q[i] + 0.5 * q[i] * hq;
    }
    for (let i = 0; i < sys.n; i++) {
      for (let s = layout.offsets[i]; s < layout.offsets[i + 1]; s++) {
        g[s] = layout.charges[s] * dq[i];
      }
    }
    return te > 0 ? e + entropyTerm(te, w, g) : e;
  };
}

/** Dense solve of A x = b by Gaussian elimination with partial pivoting. */
export function solveDense(A: ArrayLike<number>[], b: ArrayLike<number>): number[] {
  const n = b.length, M = A.map((row, i) => [...Array.from(row), b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/**
 * QEq with charges boxed in [lo_i, hi_i] by an active-set loop: solve H q = −χ + μ on the free atoms with Σq fixed and
 * clamped atoms at their bound; free an atom whose multiplier has the wrong sign, clamp one that leaves its box.
 */
export function boxedQeq(sys: Quadratic, lo: number[], hi: number[], qtot: number): { q: number[]; mu: number } {
  const n = sys.n;
  const clamp = new Array<number | null>(n).fill(null);
  for (let round = 0; round < 10 * n; round++) {
    const free = [...Array(n).keys()].filter((i) => clamp[i] === null);
    const m = free.length;
    const A = Array.from({ length: m + 1 }, () => new Array<number>(m + 1).fill(0));
    const b = new Array<number>(m + 1).fill(0);
    free.forEach((i, a) => {
      free.forEach((j, c) => { A[a][c] = sys.H[i * n + j]; });
      A[a][m] = -1;
      b[a] = -sys.chi[i];
      for (let j = 0; j < n; j++) if (clamp[j] !== null) b[a] -= sys.H[i * n + j] * clamp[j]!;
      A[m][a] = 1;
    });
    b[m] = qtot - clamp.reduce<number>((s, v) => s + (v ?? 0), 0);
    const x = solveDense(A, b);
    const mu = x[m];
    const q = clamp.map((v) => v ?? 0);
    free.forEach((i, a) => { q[i] = x[a]; });
    const out = free.find((i) => q[i] < lo[i] - 1e-12 || q[i] > hi[i] + 1e-12);
    if (out !== undefined) { clamp[out] = q[out] < lo[out] ? lo[out] : hi[out]; continue; }
    const wrong = [...Array(n).keys()].find((i) => {
      if (clamp[i] === null) return false;
      let grad = sys.chi[i] - mu;
      for (let j = 0; j < n; j++) grad += sys.H[i * n + j] * q[j];
      return clamp[i] === lo[i] ? grad < -1e-12 : grad > 1e-12;
    });
    if (wrong === undefined) return { q, mu };
    clamp[wrong] = null;
  }
  throw new Error('active set did not settle');
}
