// T8 (physics.md §3.4, §11): the point-charge crossing. With F_M ≡ E⁰_M, Φ^sr = 0 and bare Coulomb (the compact-density
// file of point-charge-potential.ts beyond its 1.05 Å cutoff) a dimer A–B has E(q) = q Δ − k_e q²/R, Δ = IE_A − EA_B,
// concave in the transferred charge q, so its minima are the vertices: neutral (E = 0) always, ionic (E = Δ − k_e/R)
// while R < 2R_c (dE/dq < 0 at q = 1). The global minimum is min(0, Δ − k_e/R), switching at R_c = k_e/Δ: 3.1825 Å
// (Al–O), 2.3305 Å (Ni–O), 1.1211 Å (H–H). The solver finds the minimum of the branch it starts on (warm start follows
// branches), so both starts are run. With entropic smoothing the pair's Ω equals an independent 1-D minimisation of
// Ω(q) = qΔ − k_e q²/R + 2T_e[q ln q + (1 − q) ln(1 − q)]; physics.md's "smoothed over an energy window of order T_e" is
// not what happens at T_e ≪ k_e/(4R): the two minima survive and Ω differs from the T_e = 0 values by ~T_e e^{−Δ/2T_e}
// (< 1e-30 eV at 0.025 eV); only T_e above the mean-field value Δ/4 (1.13 eV for Al–O) makes q(R) continuous.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { KernelKind } from '../../host/wasm/kernel.js';
import { COULOMB_EV_A } from '../../host/potentials/ect-coulomb.js';
import { ectInterpreter, pairOf, writeDimer } from './ect-run.js';
import { POINT_ELEMENTS, writePointChargeEct } from './point-charge-potential.js';

const dir = mkdtempSync(join(tmpdir(), 'ectmd-t8-'));
process.env.ECTMD_CACHE = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KE = COULOMB_EV_A;
const energyOf = (el: string, name: string) => POINT_ELEMENTS[el].states.find((s) => s[0] === name)![2];

/** Dimer A–B at distance R started with charges ±qa: pe, the two charges, the pair's weights. */
function dimer(a: string, b: string, R: number, qa: number, te = 0, kernel: KernelKind = 'simd') {
  const file = writePointChargeEct(dir, a === b ? [a] : [a, b]);
  const it = ectInterpreter(['units metal', 'atom_style charge', `read_data ${writeDimer(dir, R, qa)}`,
    `pair_style ect/eam 30 coulomb tol 1e-12${te > 0 ? ` te ${te}` : ''}`, `pair_coeff * * ${file} ${a} ${b}`, 'run 0'], kernel);
  const e = it.engine;
  return { pe: e.pe(), q: [e.atoms.q[0], e.atoms.q[1]], w: pairOf(e).weights!.slice(), stats: pairOf(e).stats };
}

describe.each([
  ['Al', 'O', 'Al+', 'O-', 3.1825],
  ['Ni', 'O', 'Ni+', 'O-', 2.3305],
  ['H', 'H', 'H+', 'H-', 1.1211],
] as const)('%s–%s', (a, b, cation, anion, rcQuoted) => {
  const delta = energyOf(a, cation) + energyOf(b, anion);
  const rc = KE / delta;

  test(`R_c = k_e/(IE − EA) = ${rcQuoted} Å; E(R) = min(0, Δ − k_e/R) from the two starts; the ionic branch ends at 2R_c`, () => {
    expect(rc).toBeCloseTo(rcQuoted, 4);
    for (const f of [0.95, 0.999, 1.001, 1.05, 1.5, 2.1]) {
      const R = f * rc;
      const neutral = dimer(a, b, R, 0), ionic = dimer(a, b, R, 1);
      // neutral is always a minimum (dE/dq = Δ > 0 at q = 0)
      expect(Math.abs(neutral.pe)).toBeLessThan(1e-10);
      expect(Math.abs(neutral.q[0])).toBeLessThan(1e-12);
      // the ionic start keeps q = ±1 while it is a minimum (R < 2R_c) and falls to neutral beyond
      const ionicE = f < 2 ? delta - KE / R : 0, ionicQ = f < 2 ? 1 : 0;
      // the bare-Coulomb table's cubic Hermite error, h⁴/384 · 24 k_e/R⁵ with h = 0.01 Å, is 0.9e-8/R⁵ eV
      expect(Math.abs(ionic.pe - ionicE)).toBeLessThan(1e-11 + 1.2e-8 / R ** 5);
      expect(Math.abs(ionic.q[0] - ionicQ)).toBeLessThan(1e-12);
      expect(Math.abs(ionic.q[0] + ionic.q[1])).toBeLessThan(1e-12);
      // the global minimum and where it switches
      expect(Math.abs(Math.min(neutral.pe, ionic.pe) - Math.min(0, delta - KE / R))).toBeLessThan(1e-11 + 1.2e-8 / R ** 5);
      expect(ionic.pe < neutral.pe).toBe(f < 1);
    }
  }, 60_000);
});

test.each(['simd', 'scalar'] as const)('Al–O at 0.98 R_c and 1.02 R_c, kernel %s: same energies on both kernels', (kernel) => {
  const delta = energyOf('Al', 'Al+') + energyOf('O', 'O-'), rc = KE / delta;
  for (const f of [0.98, 1.02]) {
    const ionic = dimer('Al', 'O', f * rc, 1, 0, kernel);
    expect(Math.abs(ionic.pe - (delta - KE / (f * rc)))).toBeLessThan(1e-10);
  }
}, 60_000);

/** Local minima of Ω(q) for the Al–O dimer (q = σ(x), x = ln(q/(1 − q))), from the roots of dΩ/dx, in order of q. */
function omegaMinima(delta: number, R: number, te: number): Array<{ q: number; lnq: number; omega: number }> {
  const k = KE / R;
  const F = (x: number) => delta - 2 * k / (1 + Math.exp(-x)) + 2 * te * x; // dΩ/dq
  const X = (delta + 2 * k) / (2 * te) + 5, n = 200_000;
  const out: Array<{ q: number; lnq: number; omega: number }> = [];
  for (let s = 0; s < n; s++) {
    let lo = -X + (2 * X * s) / n, hi = lo + (2 * X) / n;
    if (!(F(lo) < 0 && F(hi) >= 0)) continue; // a minimum: dΩ/dq rises through 0
    for (let it = 0; it < 200; it++) { const m = 0.5 * (lo + hi); if (F(m) < 0) lo = m; else hi = m; }
    const x = 0.5 * (lo + hi), lnq = -Math.log1p(Math.exp(-x)), ln1q = -Math.log1p(Math.exp(x)), q = Math.exp(lnq);
    out.push({ q, lnq, omega: q * delta - k * q * q + 2 * te * (q * lnq + (1 - q) * ln1q) });
  }
  return out;
}

describe('Al–O with entropic smoothing (pe = Ω = E + T_e Σ w ln w)', () => {
  const delta = energyOf('Al', 'Al+') + energyOf('O', 'O-'), rc = KE / delta;

  test('T_e = 0.025 eV: both branches survive, Ω equals the 1-D minima to 1e-10 eV, q deviates from 0/1 by ~e^{−Δ/2T_e}: no smoothing', () => {
    const te = 0.025;
    for (const f of [0.9, 1.0, 1.1]) {
      const R = f * rc, minima = omegaMinima(delta, R, te);
      expect(minima).toHaveLength(2);
      const neutral = dimer('Al', 'O', R, 0, te), ionic = dimer('Al', 'O', R, 1, te);
      expect(neutral.stats.residual).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(neutral.pe - minima[0].omega)).toBeLessThan(1e-10);
      expect(Math.abs(ionic.pe - minima[1].omega)).toBeLessThan(1e-10);
      // the neutral branch's Al+ weight is the Boltzmann factor ≈ e^{−Δ/2T_e} ≈ 1e-39, resolved in ln w
      // within each atom the weights are Boltzmann in the solver's μ, resolved in ln w down to 1e-82 (weights below
      // ~1e-15 e are not fixed by Σq = 0, which holds to rounding: their μ lies anywhere in a window, as at T_e = 0)
      for (const r of [neutral, ionic]) {
        const mu = r.stats.mu, pot = (KE / R) * r.q[1]; // Al's site potential from O's charge, and O's from Al's
        expect(Math.abs(Math.log(r.w[1] / r.w[0]) + (energyOf('Al', 'Al+') + pot - mu) / te)).toBeLessThan(1e-6);
        expect(Math.abs(Math.log(r.w[3] / r.w[2]) + (energyOf('O', 'O-') - (KE / R) * r.q[0] + mu) / te)).toBeLessThan(1e-6);
      }
      expect(Math.min(neutral.w[1], ionic.w[2])).toBeLessThan(1e-60);
      expect(Math.abs(neutral.q[0] - minima[0].q)).toBeLessThan(1e-14);
      // the minima of Ω are the T_e = 0 energies 0 and Δ − k_e/R to ~T_e e^{−Δ/2T_e} (1e-41 eV): no smoothing
      expect(Math.abs(minima[0].omega)).toBeLessThan(1e-30);
      expect(Math.abs(minima[1].omega - (delta - KE / R))).toBeLessThan(1e-14);
      expect(Math.abs(ionic.q[0] - 1)).toBeLessThan(1e-14);
    }
  }, 60_000);

  test('T_e = 1.5 eV > Δ/4: one minimum, q(R) continuous through R_c, Ω below min(0, Δ − k_e/R) by order T_e', () => {
    const te = 1.5;
    expect(te).toBeGreaterThan(delta / 4);
    let qPrev = -1;
    for (const f of [0.7, 0.85, 1.0, 1.15, 1.3]) {
      const R = f * rc, minima = omegaMinima(delta, R, te);
      expect(minima).toHaveLength(1);
      for (const start of [0, 1]) {
        const r = dimer('Al', 'O', R, start, te);
        expect(Math.abs(r.pe - minima[0].omega)).toBeLessThan(1e-10);
        expect(Math.abs(r.q[0] - minima[0].q)).toBeLessThan(1e-9);
      }
      // q decreases smoothly with R; Ω lies below the T_e = 0 energy, at R_c by more than T_e/2 (measured −0.948 eV)
      if (qPrev >= 0) expect(minima[0].q).toBeLessThan(qPrev);
      qPrev = minima[0].q;
      expect(minima[0].omega).toBeLessThan(Math.min(0, delta - KE / R) - (f === 1.0 ? 0.5 * te : 0));
    }
  }, 60_000);
});
