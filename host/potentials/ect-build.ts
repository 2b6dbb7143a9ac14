// ECT-EAM state densities from Koga RHF wavefunctions with the exact asymptotic decay and Kato cusp (physics.md §6.3–6.5),
// and the first parameter sets built from them (§10.3, §10.4). Each orbital is projected (least squares, analytic STO
// overlaps) onto its basis with the outermost exponent(s) moved to ζ∞ = √(2I/E_h); the density's residual cusp error is
// removed by a charge-neutral core term a(1 − βr/3)e^{−βr}; the result is renormalised to N_M electrons.

import { factorial, stoNorm, type KogaAtom, type KogaBlock } from './koga.js';
import { BOHR_A, HARTREE_EV, electronCount, type DensityTerm } from './ect-density.js';

/** ∫ χ_a χ_b r² dr for normalised STOs. */
function stoOverlap(na: number, za: number, nb: number, zb: number): number {
  return (stoNorm(na, za) * stoNorm(nb, zb) * factorial(na + nb)) / Math.pow(za + zb, na + nb + 1);
}

/** Solve S x = y (S symmetric positive definite) by Cholesky. */
export function choleskySolve(S: number[][], y: number[]): number[] {
  const n = y.length;
  const L = S.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = S[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 0)) throw new Error(`STO overlap matrix not positive definite (pivot ${s} at ${i})`);
        L[i][i] = Math.sqrt(s);
      } else {
        L[i][j] = s / L[j][j];
      }
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = y[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z[i] = s / L[i][i];
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return x;
}

export interface ProjectedBlock {
  l: number;
  n: number[];
  zeta: number[];
  /** coef[orbital][k], orbitals as in the Koga block, each normalised */
  coef: number[][];
  /** per orbital: ∫(R_new − R_Koga)² r² dr (both normalised) */
  residual: number[];
}

/**
 * The block's basis with every exponent at or below the atom's outermost exponent ζ_min set to ζ∞, and every other
 * exponent below ζ∞ raised to ζ∞ (duplicates of one (n, ζ) merged); each orbital projected onto it and renormalised.
 */
export function projectBlock(block: KogaBlock, zetaMin: number, zetaInf: number): ProjectedBlock {
  const basis: Array<{ n: number; zeta: number }> = [];
  for (let k = 0; k < block.n.length; k++) {
    const z = block.zeta[k] <= zetaMin ? zetaInf : Math.max(block.zeta[k], zetaInf);
    if (!basis.some((b) => b.n === block.n[k] && b.zeta === z)) basis.push({ n: block.n[k], zeta: z });
  }
  const unchanged = basis.length === block.n.length && basis.every((b, k) => b.n === block.n[k] && b.zeta === block.zeta[k]);
  const S = basis.map((a) => basis.map((b) => stoOverlap(a.n, a.zeta, b.n, b.zeta)));
  const coef: number[][] = [];
  const residual: number[] = [];
  for (const c of block.coef) {
    let x: number[];
    if (unchanged) {
      x = [...c];
    } else {
      const y = basis.map((a) => c.reduce((s, ck, k) => s + ck * stoOverlap(a.n, a.zeta, block.n[k], block.zeta[k]), 0));
      x = choleskySolve(S, y);
    }
    let norm = 0;
    for (let i = 0; i < x.length; i++) for (let j = 0; j < x.length; j++) norm += x[i] * S[i][j] * x[j];
    x = x.map((v) => v / Math.sqrt(norm));
    // ‖R_new − R_old‖² = 2 − 2⟨R_new|R_old⟩ (both normalised; the Koga orbitals are normalised to ~1e-7)
    let cross = 0, old = 0;
    for (let i = 0; i < x.length; i++) for (let k = 0; k < c.length; k++) cross += x[i] * c[k] * stoOverlap(basis[i].n, basis[i].zeta, block.n[k], block.zeta[k]);
    for (let k = 0; k < c.length; k++) for (let q = 0; q < c.length; q++) old += c[k] * c[q] * stoOverlap(block.n[k], block.zeta[k], block.n[q], block.zeta[q]);
    residual.push(Math.max(0, 2 - (2 * cross) / Math.sqrt(old)));
    coef.push(x);
  }
  return { l: block.l, n: basis.map((b) => b.n), zeta: basis.map((b) => b.zeta), coef, residual };
}

export interface StateDensity {
  /** terms in Å units, core (large α) first */
  terms: DensityTerm[];
  /** N_M */
  electrons: number;
  /** cusp ratio of the projected density before the core correction */
  cuspBefore: number;
  /** largest orbital projection residual ∫(ΔR)² r² dr */
  maxResidual: number;
  /** ζ∞ (1/bohr) and the file's outermost exponent ζ_min (1/bohr) */
  zetaInf: number;
  zetaMin: number;
}

/**
 * Density of `atom` with the given occupations (default: the file's configuration) and the exact decay of a state
 * with ionisation energy `ionisationEV`, as hydrogenic terms in Å (physics.md §6.1), normalised to Σ occ electrons,
 * with the Kato cusp of nuclear charge Z.
 */
export function stateDensity(atom: KogaAtom, Z: number, ionisationEV: number, occupations: Record<string, number> = atom.occupations): StateDensity {
  const zetaInf = Math.sqrt((2 * ionisationEV) / HARTREE_EV);
  const zetaMin = Math.min(...atom.blocks.flatMap((b) => b.zeta));
  const byKey = new Map<string, { A: number; m: number; alpha: number }>();
  const add = (A: number, m: number, alpha: number): void => {
    const key = `${m}:${alpha}`;
    const t = byKey.get(key);
    if (t) t.A += A; else byKey.set(key, { A, m, alpha });
  };
  let electrons = 0, maxResidual = 0, betaCore = 0;
  for (const block of atom.blocks) {
    const occ = block.orbitals.map((o) => {
      const v = occupations[o];
      if (v === undefined) throw new Error(`${atom.path}: orbital ${o} has no occupation in '${atom.configuration}'`);
      return v;
    });
    const p = projectBlock(block, zetaMin, zetaInf);
    if (block.l === 0) betaCore = 2 * Math.max(...p.zeta);
    p.residual.forEach((r, k) => { if (occ[k] > 0) maxResidual = Math.max(maxResidual, r); });
    electrons += occ.reduce((s, v) => s + v, 0);
    const K = p.n.length;
    for (let k = 0; k < K; k++) {
      for (let q = k; q < K; q++) {
        let D = 0;
        for (let o = 0; o < occ.length; o++) D += occ[o] * p.coef[o][k] * p.coef[o][q];
        if (D === 0) continue;
        const A = ((k === q ? 1 : 2) * D * stoNorm(p.n[k], p.zeta[k]) * stoNorm(p.n[q], p.zeta[q])) / (4 * Math.PI);
        add(A, p.n[k] + p.n[q] - 2, p.zeta[k] + p.zeta[q]);
      }
    }
  }
  // bohr units from here to the conversion
  let terms = [...byKey.values()];
  let n0 = 0, d0 = 0;
  for (const t of terms) {
    if (t.m === 0) { n0 += t.A; d0 -= t.alpha * t.A; }
    if (t.m === 1) d0 += t.A;
  }
  const cuspBefore = -d0 / (2 * Z * n0);
  // δn = a e^{−βr} + b r e^{−βr} with b = −aβ/3 carries no charge; it adds a(2Z − 4β/3) to n'(0) + 2Z n(0)
  const a = -(d0 + 2 * Z * n0) / (2 * Z - (4 * betaCore) / 3);
  add(a, 0, betaCore);
  add((-a * betaCore) / 3, 1, betaCore);
  terms = [...byKey.values()].filter((t) => t.A !== 0);
  let out: DensityTerm[] = terms.map((t) => ({ A: t.A / Math.pow(BOHR_A, 3 + t.m), m: t.m, alpha: t.alpha / BOHR_A }));
  const scale = electrons / electronCount(out);
  out = out.map((t) => ({ ...t, A: t.A * scale }));
  out.sort((x, y) => y.alpha - x.alpha || x.m - y.m);
  return { terms: out, electrons, cuspBefore, maxResidual, zetaInf, zetaMin };
}

/** Host density ρ̄ (e Å⁻³) at a site of a perfect fcc lattice (constant a, Å) from all neighbours closer than rmax. */
export function fccHostDensity(density: (rA: number) => number, a: number, rmax: number): number {
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const nmax = Math.ceil(rmax / a) + 1;
  let rho = 0;
  for (let i = -nmax; i <= nmax; i++) {
    for (let j = -nmax; j <= nmax; j++) {
      for (let k = -nmax; k <= nmax; k++) {
        for (const b of basis) {
          const r = a * Math.hypot(i + b[0], j + b[1], k + b[2]);
          if (r > 0 && r < rmax) rho += density(r);
        }
      }
    }
  }
  return rho;
}

