// The ECT-EAM kernel (assembly/ect.ts) against a plain JavaScript reference of the same sums (the pair style's host
// code before the kernel, kept here as the oracle): E(w) and ∂E/∂w at arbitrary interior weights (physics.md §3.2,
// §4.2), forces at fixed weights (§5.2), per-atom energies and virials, for DSF, Wolf and bare long range and a
// non-zero φ_rep; the scalar build equals the SIMD build bit for bit; a pair closer than the tables stops the run
// naming the atoms.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Engine } from '../../host/engine/engine.js';
import type { KernelKind } from '../../host/wasm/kernel.js';
import { PairEctEam, type LongRange } from '../../host/pair/ect-eam.js';
import { readEct, writeEct } from '../../host/potentials/ect-file.js';
import { ectInterpreter, randomWeights } from './ect-run.js';
import { applyHermite, hermiteWeights, loadEctTables, R_MIN, TABLE_DR, type RadialTable } from '../../host/potentials/ect-tables.js';
import { embedding } from '../../host/potentials/ect-embedding.js';
import { COULOMB_EV_A } from '../../host/potentials/ect-coulomb.js';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ectmd-ectkernel-'));
process.env.ECTMD_CACHE = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** AlO.ect with a non-zero φ_rep for every element pair, so that the kernel's repulsion is checked too. */
function repulsiveAlO(): string {
  const pot = readEct(readFileSync(join(ROOT, 'potentials', 'ect', 'AlO.ect'), 'utf8'), 'AlO.ect');
  pot.repulsion.forEach((r, k) => { r.amplitude.value = 500 + 300 * k; });
  const file = join(dir, 'AlO-rep.ect');
  writeFileSync(file, writeEct(pot));
  return file;
}
const FILE = repulsiveAlO();

function engine(pairStyle: string, kernel: KernelKind = 'simd'): Engine {
  return ectInterpreter(['units metal', 'atom_style charge', `read_data ${join(ROOT, 'examples', 'ect-alo', 'data.alo')}`,
    'displace_atoms all random 0.08 0.08 0.08 4711 units box', 'set type 1 charge 1.5', 'set type 2 charge -1.0',
    pairStyle, `pair_coeff * * ${FILE} Al O`, 'neighbor 1.0 bin', 'run 0'], kernel).engine;
}


interface Reference { energy: number; g: Float64Array; eatom: Float64Array; f: Float64Array; vatom: Float64Array }

/**
 * The reference: every pair of the engine's half list inside either cutoff, table values by hermiteWeights/applyHermite,
 * φ_rep in closed form, the embedding of ect-embedding.ts; energy, gradient, per-atom energies, forces and per-atom
 * virials at weights w, per-atom results folded onto the owned atoms.
 */
function reference(e: Engine, mode: LongRange, rc: number, alpha: number, w: Float64Array): Reference {
  const text = readFileSync(FILE, 'utf8'), pot = readEct(text, FILE), tables = loadEctTables(text, pot);
  const a = e.arena, nb = e.neighbor, n = nb.nlocal, ng = nb.nghost, nall = n + ng;
  const x = a.f64('x', 3 * nall), type = a.i32('type', nall), offs = a.i32('offs', n + 1), idx = nb.entries();
  const owner = a.i32('owner', Math.max(1, ng)), erfc = a.kernel.k.coul_erfc, ke = COULOMB_EV_A;
  const first = [0, pot.elements[0].states.length], S = tables.density.length;
  const el = (i: number) => pot.elements[type[i] - 1];
  const states = (i: number) => el(i).states.map((_, k) => first[type[i] - 1] + k);
  const offsets = (e.pair as PairEctEam).weightLayout()!.offsets;
  const fold = (i: number) => (i < n ? i : owner[i - n]);
  // long-range kernel k_e u(r) (§8.2, §8.3, §8.6) on the tables' grid with exact slopes, and its self coefficient
  const v = (r: number) => (mode === 'coulomb' ? 1 / r : erfc(alpha * r) / r);
  const dv = (r: number) => (mode === 'coulomb' ? -1 / (r * r) : -erfc(alpha * r) / (r * r) - (2 * alpha / Math.sqrt(Math.PI)) * Math.exp(-alpha * alpha * r * r) / r);
  const vc = mode === 'coulomb' ? 0 : v(rc), dvc = mode === 'dsf' ? dv(rc) : 0;
  const nlr = Math.max(2, Math.ceil((rc - R_MIN) / TABLE_DR) + 1);
  const lr: RadialTable = { v: new Float64Array(nlr), d: new Float64Array(nlr) };
  for (let k = 0; k < nlr; k++) { const r = R_MIN + k * TABLE_DR; lr.v[k] = ke * (v(r) - vc - (r - rc) * dvc); lr.d[k] = ke * (dv(r) - dvc); }
  const self = mode === 'coulomb' ? 0 : mode === 'wolf' ? erfc(alpha * rc) / (2 * rc) + alpha / Math.sqrt(Math.PI)
    : 0.5 * (2 * erfc(alpha * rc) / rc + (2 * alpha / Math.sqrt(Math.PI)) * Math.exp(-alpha * alpha * rc * rc)) + alpha / Math.sqrt(Math.PI);
  const repulsion = (i: number, j: number, r: number): [number, number] => {
    const p = pot.repulsion.find((x) => (x.pair[0] === el(i).symbol && x.pair[1] === el(j).symbol) || (x.pair[1] === el(i).symbol && x.pair[0] === el(j).symbol))!;
    const A = p.amplitude.value, b = p.length.value, rr = p.cutoff.value;
    if (r >= rr) return [0, 0];
    const ec = A * Math.exp(-rr / b), dc = -ec / b, ex = A * Math.exp(-r / b);
    return [ex - ec - (r - rr) * dc, -ex / b - dc];
  };
  const rcs2 = tables.cutoff ** 2, rcl2 = rc * rc, hw = new Float64Array(9), t = new Float64Array(2);
  // pairs: i, j (owned), jr (as listed), r, Δx, the long-range kernel and the short-range tables' value and slope
  const pairs: Array<{ i: number; j: number; jr: number; r: number; d: number[]; lr: number[]; sr: null | { ni: number[][]; nj: number[][]; phi: number[][][]; rep: [number, number] } }> = [];
  for (let i = 0; i < n; i++) {
    for (let k = offs[i]; k < offs[i + 1]; k++) {
      const jr = idx[k], d = [0, 1, 2].map((c) => x[3 * i + c] - x[3 * jr + c]), r2 = d[0] ** 2 + d[1] ** 2 + d[2] ** 2;
      if (r2 >= rcs2 && r2 >= rcl2) continue;
      const r = Math.sqrt(r2), j = fold(jr);
      const val = (tab: RadialTable) => { applyHermite(tab, hw, t, 0); return [t[0], t[1]]; };
      hermiteWeights((r - R_MIN) / TABLE_DR, TABLE_DR, nlr, hw);
      const lrv = r2 < rcl2 ? val(lr) : [0, 0];
      let sr = null;
      if (r2 < rcs2) {
        hermiteWeights((r - R_MIN) / TABLE_DR, TABLE_DR, tables.n, hw);
        sr = { ni: states(j).map((s) => val(tables.density[s])), nj: states(i).map((s) => val(tables.density[s])),
          phi: states(i).map((sm) => states(j).map((sp) => val(tables.coulomb[sm * S + sp]))), rep: repulsion(i, j, r) };
      }
      pairs.push({ i, j, jr, r, d, lr: lrv, sr });
    }
  }
  const rho = new Float64Array(n), fp = new Float64Array(n), q = new Float64Array(n), V = new Float64Array(n);
  for (const p of pairs) {
    if (!p.sr) continue;
    p.sr.ni.forEach(([nv], P) => { rho[p.i] += w[offsets[p.j] + P] * nv; });
    p.sr.nj.forEach(([nv], M) => { rho[p.j] += w[offsets[p.i] + M] * nv; });
  }
  const g = new Float64Array(w.length), eatom = new Float64Array(n);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    el(i).states.forEach((s, M) => {
      const [F, dF] = embedding(s, rho[i]), slot = offsets[i] + M;
      g[slot] = F; fp[i] += w[slot] * dF; q[i] += w[slot] * s.charge;
      energy += w[slot] * F; eatom[i] += w[slot] * F;
    });
    energy -= ke * self * q[i] * q[i]; eatom[i] -= ke * self * q[i] * q[i];
    V[i] = -2 * ke * self * q[i];
  }
  const f = new Float64Array(3 * n), vatom = new Float64Array(6 * n);
  for (const { i, j, jr, r, d, lr: [u, du], sr } of pairs) {
    let pair = u * q[i] * q[j], D = du * q[i] * q[j];
    V[i] += u * q[j]; V[j] += u * q[i];
    if (sr) {
      const wi = (M: number) => w[offsets[i] + M], wj = (P: number) => w[offsets[j] + P];
      sr.phi.forEach((row, M) => row.forEach(([c, dc], P) => {
        pair += wi(M) * wj(P) * c; D += wi(M) * wj(P) * dc;
        g[offsets[i] + M] += wj(P) * c; g[offsets[j] + P] += wi(M) * c;
      }));
      sr.nj.forEach(([nv, dn], M) => { g[offsets[i] + M] += fp[j] * nv; D += fp[j] * wi(M) * dn; });
      sr.ni.forEach(([nv, dn], P) => { g[offsets[j] + P] += fp[i] * nv; D += fp[i] * wj(P) * dn; });
      pair += sr.rep[0]; D += sr.rep[1];
    }
    energy += pair;
    eatom[i] += 0.5 * pair; eatom[fold(jr)] += 0.5 * pair;
    const fpair = -D / r, vir = [d[0] * d[0], d[1] * d[1], d[2] * d[2], d[0] * d[1], d[0] * d[2], d[1] * d[2]].map((c) => 0.5 * c * fpair);
    for (let c = 0; c < 3; c++) { f[3 * i + c] += d[c] * fpair; f[3 * j + c] -= d[c] * fpair; }
    for (let c = 0; c < 6; c++) { vatom[6 * i + c] += vir[c]; vatom[6 * j + c] += vir[c]; }
  }
  for (let i = 0; i < n; i++) el(i).states.forEach((s, M) => { g[offsets[i] + M] += s.charge * V[i]; });
  return { energy, g, eatom, f, vatom };
}

const maxAbs = (a: ArrayLike<number>) => { let m = 0; for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k])); return m; };
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => { let m = 0; for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k])); return m; };

describe('ECT-EAM kernel = JavaScript reference, 120-atom Al2O3 (examples/ect-alo), φ_rep ≠ 0', () => {
  // RC 9 reaches past half the cell (pairs with periodic images of the atom itself); RC 5 is inside the 6.2 Å table
  // cutoff (short-range pairs without long range)
  test.each([['dsf', 8, 0.2], ['wolf', 9, 0.25], ['coulomb', 7, 0], ['dsf', 5, 0.3]] as const)('%s RC %d: E(w) to 1e-12, ∂E/∂w, forces to 1e-10 eV/Å, per-atom energy and virial', (mode, rc, alpha) => {
    const e = engine(`pair_style ect/eam ${rc} ${mode === 'coulomb' ? 'coulomb' : `${mode} ${alpha}`}`);
    const pair = e.pair as PairEctEam;
    const n = e.atoms.n;
    // E and ∂E/∂w at arbitrary interior weights
    const w = new Float64Array(pair.weights!.length), g = new Float64Array(w.length);
    randomWeights(pair.weightLayout()!.offsets, w, 11);
    const energy = pair.objective(e.neighbor)(w, g);
    const ref = reference(e, mode, rc, alpha, w);
    expect(Math.abs(energy - ref.energy)).toBeLessThanOrEqual(1e-12 * Math.abs(ref.energy));
    expect(maxAbs(ref.g)).toBeGreaterThan(1);
    expect(maxDiff(g, ref.g)).toBeLessThan(1e-12 * maxAbs(ref.g));
    // forces, per-atom energies and virials at the converged weights of a fresh evaluation
    e.neighbor.build(e.atoms, e.box!);
    e.computeForces({ eatom: true, vatom: true });
    const conv = reference(e, mode, rc, alpha, pair.weights!);
    expect(Math.abs(e.pe() - conv.energy)).toBeLessThanOrEqual(1e-12 * Math.abs(conv.energy));
    expect(maxAbs(conv.f)).toBeGreaterThan(0.1);
    expect(maxDiff(e.atoms.f.subarray(0, 3 * n), conv.f)).toBeLessThan(1e-10);
    expect(maxDiff(e.eatom!, conv.eatom)).toBeLessThan(1e-12 * maxAbs(conv.eatom));
    expect(maxDiff(e.vatom!, conv.vatom)).toBeLessThan(1e-10 * maxAbs(conv.vatom));
    for (let i = 0; i < n; i++) {
      let qi = 0;
      pair.weightLayout()!.charges.subarray(pair.weightLayout()!.offsets[i], pair.weightLayout()!.offsets[i + 1])
        .forEach((c, M) => { qi += c * pair.weights![pair.weightLayout()!.offsets[i] + M]; });
      expect(Math.abs(e.atoms.q[i] - qi)).toBeLessThan(1e-14);
    }
  }, 120_000);

  test('the scalar build gives the SIMD build\'s energy, weights, charges, forces, per-atom energies and virials bit for bit', () => {
    const [simd, scalar] = (['simd', 'scalar'] as const).map((kind) => {
      const e = engine('pair_style ect/eam 8 dsf 0.2 tol 1e-10', kind);
      e.neighbor.build(e.atoms, e.box!);
      e.computeForces({ eatom: true, vatom: true });
      return { pe: e.pe(), w: (e.pair as PairEctEam).weights!.slice(), q: e.atoms.q.slice(0, e.atoms.n), f: e.atoms.f.slice(0, 3 * e.atoms.n), eatom: e.eatom!, vatom: e.vatom!, virial: [...e.virial] };
    });
    expect(scalar).toEqual(simd);
    expect(Object.is(scalar.pe, simd.pe)).toBe(true);
    expect(scalar.f.every((v, k) => Object.is(v, simd.f[k]))).toBe(true);
  }, 120_000);
});

describe('pairs closer than the tables stop the run with the atoms named', () => {
  test('two atoms 0.9 Å apart', () => {
    const data = join(dir, 'data.close');
    writeFileSync(data, ['close pair', '', '3 atoms', '2 atom types', '', '0 30 xlo xhi', '0 30 ylo yhi', '0 30 zlo zhi', '', 'Atoms', '',
      '1 1 0.0 10 10 10', '2 2 0.0 20 20 20', '3 2 0.0 10.9 10 10', ''].join('\n'));
    const run = () => ectInterpreter(['units metal', 'atom_style charge', `read_data ${data}`, 'pair_style ect/eam 8', `pair_coeff * * ${FILE} Al O`, 'run 0']);
    expect(run).toThrow(/pair ect\/eam: atoms 1 and 3 are 0\.9000 Å apart, closer than the 1 Å where the ECT-EAM tables start/);
  }, 60_000);
});
