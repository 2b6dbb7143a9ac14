// pair_style ect/eam (physics.md §3.2, §4, §5; tests T6, T7 (beyond the cut-offs), T10, T11, T12, T13 (translation, ΣF) and the one-state EAM limit of §9.1):
// forces are −∇E at re-converged weights (envelope theorem) and at frozen arbitrary weights, the virial is −∂E/∂ε,
// Σq is conserved through MD, an isolated atom has E = 0 / IE / −EA, and with one state per element the pair
// reduces to EAM: Σ_i F(ρ̄_i) + ½ Σ_ij φ(r_ij) with φ = Φ^sr + φ_rep, summed here independently over minimum images.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readEct, writeEct } from '../../host/potentials/ect-file.js';
import { buildEctTables, evalTable } from '../../host/potentials/ect-tables.js';
import { embedding } from '../../host/potentials/ect-embedding.js';
import { referenceDir } from '../helpers/lammps.js';
import { strained } from '../helpers/strain.js';
import { ectInterpreter, evaluate, fdWorst, pairOf, randomWeights } from './ect-run.js';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ectmd-ectpair-'));
process.env.ECTMD_CACHE = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A periodic block of data.streitz (α-Al2O3): [0, lx/3) × [0, ly/3) × [0, lz/2), 120 atoms (48 Al, 72 O). */
function corundumBlock(): string {
  const text = readFileSync(join(referenceDir(), 'data.streitz'), 'utf8');
  const box = (k: string) => Number(new RegExp(`(\\S+)\\s+(\\S+)\\s+${k}lo ${k}hi`).exec(text)![2]);
  const lx = box('x') / 3, ly = box('y') / 3, lz = box('z') / 2;
  const atoms = text.split('Atoms')[1].split('\n').map((l) => l.trim().split(/\s+/)).filter((w) => w.length === 6)
    .filter((w) => Number(w[3]) < lx - 0.01 && Number(w[4]) < ly - 0.01 && Number(w[5]) < lz - 0.01);
  const path = join(dir, 'data.block');
  writeFileSync(path, ['alpha-Al2O3 block of data.streitz', '', `${atoms.length} atoms`, '2 atom types', '',
    `0 ${lx} xlo xhi`, `0 ${ly} ylo yhi`, `0 ${lz} zlo zhi`, '', 'Atoms', '',
    ...atoms.map((w, k) => `${k + 1} ${w[1]} 0.0 ${w[3]} ${w[4]} ${w[5]}`), ''].join('\n'));
  return path;
}

function aloDeck(pairStyle: string, extra: string[] = []): string[] {
  return ['units metal', 'atom_style charge', `read_data ${corundumBlock()}`,
    'displace_atoms all random 0.08 0.08 0.08 4711 units box', pairStyle, 'pair_coeff * * AlO.ect Al O', 'neighbor 1.0 bin', ...extra];
}

/** Start from ionic charges (Σq = 48·1.5 − 72·1 = 0): the first solve starts from mixtures of adjacent states. */
const IONIC = ['set type 1 charge 1.5', 'set type 2 charge -1.0'];

describe('Al2O3 block (120 atoms, AlO.ect, DSF alpha 0.2, RC 8)', () => {
  test('the weight gradient is the derivative of the energy (physics.md §4.2, incl. the neighbour-weight term)', () => {
    const it = ectInterpreter(aloDeck('pair_style ect/eam 8.0 dsf 0.2', IONIC));
    it.line('run 0', { file: 'deck', line: 99 });
    const e = it.engine, pair = pairOf(e);
    const objective = pair.objective(e.neighbor);
    const { offsets } = pair.weightLayout()!;
    const w = new Float64Array(pair.weights!.length), g = new Float64Array(w.length), scratch = new Float64Array(w.length);
    randomWeights(offsets, w, 3);
    objective(w, g);
    const h = 1e-6;
    let worst = 0, gmax = 0;
    for (const s of [0, 1, 2, 3, 5, 100, 201, 333, w.length - 1]) {
      const wp = w.slice(); wp[s] += h;
      const wm = w.slice(); wm[s] -= h;
      const fd = (objective(wp, scratch) - objective(wm, scratch)) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - g[s]));
      gmax = Math.max(gmax, Math.abs(g[s]));
    }
    expect(gmax).toBeGreaterThan(1);
    expect(worst).toBeLessThan(1e-6 * gmax);
  }, 60_000);

  test.each(['simd', 'scalar'] as const)('forces = -FD gradient at re-converged weights (KKT 1e-11), kernel %s', (kernel) => {
    const it = ectInterpreter(aloDeck('pair_style ect/eam 8.0 dsf 0.2 tol 1e-11', IONIC), kernel);
    it.line('run 0', { file: 'deck', line: 99 });
    const e = it.engine;
    evaluate(e);
    const st = pairOf(e).stats;
    expect(st.residual).toBeLessThanOrEqual(1e-11);
    // the block ionises: charges are far from the neutral start
    let qmax = 0;
    for (let i = 0; i < e.atoms.n; i++) qmax = Math.max(qmax, Math.abs(e.atoms.q[i]));
    expect(qmax).toBeGreaterThan(0.1);
    const { worst, fmax } = fdWorst(e, [0, 7, 50, 101], 1e-5);
    expect(fmax).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(1e-6);
  }, 120_000);

  test('T13: Σ_i F_i = 0; energy, weights and forces unchanged by a rigid translation (re-converged weights)', () => {
    const it = ectInterpreter(aloDeck('pair_style ect/eam 8.0 dsf 0.2 tol 1e-11', IONIC));
    it.line('run 0', { file: 'deck', line: 99 });
    const e = it.engine, n = e.atoms.n;
    const e0 = evaluate(e);
    const w0 = pairOf(e).weights!.slice(), f0 = e.atoms.f.slice(0, 3 * n);
    const sum = [0, 0, 0];
    let fmax = 0;
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) { sum[k] += f0[3 * i + k]; fmax = Math.max(fmax, Math.abs(f0[3 * i + k])); }
    expect(fmax).toBeGreaterThan(0.1);
    expect(Math.max(...sum.map(Math.abs))).toBeLessThan(1e-12 * n * fmax);
    // move every atom by the same vector (out of the cell and back in by remap): same physical system
    const shift = [0.37, -1.21, 2.05];
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) e.atoms.x[3 * i + k] += shift[k];
    const e1 = evaluate(e);
    expect(Math.abs(e1 - e0)).toBeLessThan(1e-10 * Math.abs(e0));
    const w1 = pairOf(e).weights!;
    expect(Math.max(...w1.map((v, s) => Math.abs(v - w0[s])))).toBeLessThan(1e-8);
    let df = 0;
    for (let i = 0; i < 3 * n; i++) df = Math.max(df, Math.abs(e.atoms.f[i] - f0[i]));
    expect(df).toBeLessThan(1e-8);
  }, 120_000);

  test('forces = -FD gradient at frozen arbitrary weights (partial derivatives alone)', () => {
    const it = ectInterpreter(aloDeck('pair_style ect/eam 8.0 wolf 0.2'));
    it.line('run 0', { file: 'deck', line: 99 });
    const e = it.engine, pair = pairOf(e);
    // arbitrary weights (the solver, switched off, only projects them once onto Σq = Q_tot)
    const w = pair.weights!;
    randomWeights(pair.weightLayout()!.offsets, w, 7);
    pair.solverOptions.tolerance = Infinity;
    evaluate(e);
    const frozen = w.slice();
    const { worst, fmax } = fdWorst(e, [3, 60, 119], 1e-5);
    // the projection onto Σq = Q_tot moved the random weights once, then never again
    expect(Math.max(...w.map((v, s) => Math.abs(v - frozen[s])))).toBeLessThan(1e-15);
    expect(fmax).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(1e-6);
  }, 120_000);

  test('virial is minus the strain derivative of the energy (xx, zz, xy)', () => {
    const it = ectInterpreter(aloDeck('pair_style ect/eam 8.0 dsf 0.2 tol 1e-11', IONIC));
    it.line('run 0', { file: 'deck', line: 99 });
    const e = it.engine, n = e.atoms.n;
    evaluate(e);
    const w = [...e.virial];
    const box0 = e.box!.clone(), x0 = e.atoms.x.slice(0, 3 * n);
    const h = 1e-6;
    for (const [voigt, slot] of [[0, 0], [2, 2], [5, 3]]) {
      const energies = [h, -h].map((eps) => {
        const s = strained(box0, x0, n, voigt, eps);
        e.box = s.box;
        e.atoms.x.set(s.x);
        return evaluate(e);
      });
      expect(Math.abs(-(energies[0] - energies[1]) / (2 * h) - w[slot])).toBeLessThan(1e-5 * Math.max(1, Math.abs(w[slot])));
    }
    e.box = box0;
    e.atoms.x.set(x0);
  }, 120_000);

  test('per-atom energies and virials add up to the totals', () => {
    const it = ectInterpreter(aloDeck('pair_style ect/eam 8.0 dsf 0.2'));
    it.line('run 0', { file: 'deck', line: 99 });
    const e = it.engine;
    const pe = evaluate(e, { eatom: true, vatom: true });
    expect(Math.abs(e.eatom!.reduce((s, x) => s + x, 0) - pe)).toBeLessThan(1e-10 * Math.abs(pe));
    for (let c = 0; c < 6; c++) {
      let s = 0;
      for (let i = 0; i < e.atoms.n; i++) s += e.vatom![6 * i + c];
      expect(Math.abs(s - e.virial[c])).toBeLessThan(1e-9 * Math.max(1, Math.abs(e.virial[c])));
    }
  }, 60_000);

  test('T10: Σq = 0 to 1e-10 e, weights on their simplices, through 20 MD steps; q and weights reach dump custom', () => {
    const dump = join(dir, 'q.dump');
    const it = ectInterpreter(aloDeck('pair_style ect/eam 8.0 dsf 0.2', [...IONIC,
      'velocity all create 300 4928459', 'fix 1 all nve', 'timestep 0.0005', 'compute st all ect/stats', 'compute w all ect/weights',
      'thermo_style custom step pe c_st[1] c_st[2] c_st[3] c_st[4]', 'thermo 1',
      `dump d all custom 20 ${dump} id type q c_w[1] c_w[2] c_w[3] c_w[4]`, 'dump_modify d format float %.17g']));
    const e = it.engine, pair = pairOf(e);
    it.line('run 0', { file: 'deck', line: 98 });
    for (let step = 0; step < 20; step++) {
      it.line('run 1', { file: 'deck', line: 99 });
      const { offsets } = pair.weightLayout()!, w = pair.weights!;
      let q = 0;
      for (let i = 0; i < e.atoms.n; i++) q += e.atoms.q[i];
      expect(Math.abs(q)).toBeLessThan(1e-10);
      expect(Math.abs(pair.stats.charge)).toBeLessThan(1e-10);
      expect(pair.stats.residual).toBeLessThanOrEqual(1e-8);
      for (let i = 0; i < e.atoms.n; i++) {
        let sum = 0;
        for (let s = offsets[i]; s < offsets[i + 1]; s++) { expect(w[s]).toBeGreaterThanOrEqual(0); sum += w[s]; }
        expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
      }
    }
    const lines = readFileSync(dump, 'utf8').trim().split('\n');
    const header = lines.findLastIndex((l) => l.startsWith('ITEM: ATOMS'));
    expect(lines[header]).toBe('ITEM: ATOMS id type q c_w[1] c_w[2] c_w[3] c_w[4]');
    const rows = lines.slice(header + 1).map((l) => l.split(' ').map(Number));
    const charges = [[0, 1, 2, 3], [0, -1, -2, 0]];
    for (const row of rows) {
      const i = e.atoms.tag.indexOf(row[0]), t = row[1]; // atoms are sorted spatially: local order is not ID order
      const q = row.slice(3).reduce((s, w, k) => s + w * charges[t - 1][k], 0);
      expect(Math.abs(q - row[2])).toBeLessThan(1e-12);
      expect(row[2]).toBe(e.atoms.q[i]);
    }
  }, 120_000);
});

describe('isolated atom (T6): one atom in a 40 Å box, bare Coulomb', () => {
  test.each([
    ['Al', 0, 0], ['Al', 1, 5.985768], ['O', -1, -1.461113], ['O', 0, 0],
  ] as const)('%s with Q = %i: E = %f eV', (el, charge, energy) => {
    const data = join(dir, `data.${el}${charge}`);
    writeFileSync(data, ['one atom', '', '1 atoms', '2 atom types', '', '0 40 xlo xhi', '0 40 ylo yhi', '0 40 zlo zhi', '', 'Atoms', '',
      `1 ${el === 'Al' ? 1 : 2} ${charge} 20 20 20`, ''].join('\n'));
    const it = ectInterpreter(['units metal', 'atom_style charge', `read_data ${data}`,
      'pair_style ect/eam 10 coulomb tol 1e-12', 'pair_coeff * * AlO.ect Al O', 'run 0']);
    const e = it.engine;
    expect(Math.abs(e.pe() - energy)).toBeLessThan(1e-10);
    expect(e.atoms.q[0]).toBeCloseTo(charge, 12);
  }, 60_000);
});

describe('Al–O dimer beyond the short-range cut-offs (T7): bare Coulomb, 80 Å box, started ionic (Al+ O−)', () => {
  // for R past the density and Φ^sr cut-off only the point-charge terms remain: E(q) = q (IE_Al − EA_O) − k_e q²/R,
  // whose minimum on q ∈ [0, 1] is the neutral pair while IE_Al − EA_O > k_e/R (R > 3.18 Å), so the solver must leave
  // the ionic start and end at q = 0, E = 0 (isolated neutral atoms)
  test.each([9, 12, 15])('R = %i Å: q = 0, E = 0, Σq = 0', (R) => {
    const data = join(dir, `data.dimer${R}`);
    writeFileSync(data, ['Al-O dimer', '', '2 atoms', '2 atom types', '', '0 80 xlo xhi', '0 80 ylo yhi', '0 80 zlo zhi', '', 'Atoms', '',
      `1 1 1.0 ${40 - R / 2} 40 40`, `2 2 -1.0 ${40 + R / 2} 40 40`, ''].join('\n'));
    const it = ectInterpreter(['units metal', 'atom_style charge', `read_data ${data}`,
      'pair_style ect/eam 30 coulomb tol 1e-12', 'pair_coeff * * AlO.ect Al O', 'run 0']);
    const e = it.engine;
    const pot = readEct(readFileSync(join(ROOT, 'potentials', 'ect', 'AlO.ect'), 'utf8'), 'AlO.ect');
    expect(Math.max(pot.cutoff.value, ...pot.repulsion.map((x) => x.cutoff.value))).toBeLessThan(R);
    expect(Math.abs(e.atoms.q[0])).toBeLessThan(1e-12);
    expect(Math.abs(e.atoms.q[1])).toBeLessThan(1e-12);
    expect(Math.abs(e.atoms.q[0] + e.atoms.q[1])).toBeLessThan(1e-12);
    expect(Math.abs(e.pe())).toBeLessThan(1e-10);
  }, 60_000);
});

describe('one state per element: the pair is EAM with F = F_neutral, ρ = n_neutral, φ = Φ^sr + φ_rep (§9.1)', () => {
  test('Cu, neutral state only: energy and per-atom energies equal an independent minimum-image sum to 1e-10', () => {
    const pot = readEct(readFileSync(join(ROOT, 'potentials', 'ect', 'Cu.ect'), 'utf8'), 'Cu.ect');
    const cu = pot.elements[0];
    cu.states = cu.states.filter((s) => s.charge === 0);
    // a repulsion that is not zero, so that φ_rep is checked too
    pot.repulsion[0].amplitude.value = 2000;
    const file = join(dir, 'Cu1.ect');
    writeFileSync(file, writeEct(pot));
    const it = ectInterpreter(['units metal', 'atom_style atomic', 'lattice fcc 3.615', 'region box block 0 4 0 4 0 4', 'create_box 1 box',
      'create_atoms 1 box', 'displace_atoms all random 0.1 0.1 0.1 99 units box', `pair_style ect/eam 9`, `pair_coeff * * ${file} Cu`]);
    const e = it.engine;
    e.neighbor.settings.skin = 1;
    it.line('run 0', { file: 'deck', line: 98 });
    const pe = evaluate(e, { eatom: true, vatom: false });
    // independent sum over all images within the cutoff (the box, 14.46 Å, is wider than 2 × 10.3 Å? no: loop images)
    const tables = buildEctTables(readEct(readFileSync(file, 'utf8'), file));
    const rc = tables.cutoff, n = e.atoms.n, L = e.box!.hi[0] - e.box!.lo[0], x = e.atoms.x, t = new Float64Array(2);
    const rho = new Float64Array(n), phi = new Float64Array(n);
    const [A, b, rrep] = [2000, pot.repulsion[0].length.value, pot.repulsion[0].cutoff.value];
    const rep = (r: number) => r >= rrep ? 0 : A * Math.exp(-r / b) - A * Math.exp(-rrep / b) + (r - rrep) * (A / b) * Math.exp(-rrep / b);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        for (let a = -1; a <= 1; a++) for (let bb = -1; bb <= 1; bb++) for (let c = -1; c <= 1; c++) {
          if (i === j && a === 0 && bb === 0 && c === 0) continue;
          const dx = x[3 * i] - x[3 * j] + a * L, dy = x[3 * i + 1] - x[3 * j + 1] + bb * L, dz = x[3 * i + 2] - x[3 * j + 2] + c * L;
          const r = Math.hypot(dx, dy, dz);
          if (r >= rc) continue;
          evalTable(tables.density[0], r, t); rho[i] += t[0];
          evalTable(tables.coulomb[0], r, t); phi[i] += 0.5 * (t[0] + rep(r));
        }
      }
    }
    let ref = 0;
    for (let i = 0; i < n; i++) {
      const ei = embedding(cu.states[0], rho[i])[0] + phi[i];
      ref += ei;
      expect(Math.abs(e.eatom![i] - ei)).toBeLessThan(1e-10 * Math.abs(ei));
    }
    expect(Math.abs(pe - ref)).toBeLessThan(1e-10 * Math.abs(ref));
    expect(pairOf(e).stats.iterations).toBe(0);
    expect(e.ecoul).not.toBe(0);
  }, 120_000);
});

describe('input errors name the line, what was expected and what was found', () => {
  test.each([
    ['pair_style ect/eam', /deck:\d+: Illegal pair_style ect\/eam command: expected .*RC.*, found no arguments/],
    ['pair_style ect/eam 8 ewald', /Illegal pair_style ect\/eam command: expected one of dsf ALPHA.*, found ewald/],
    ['pair_style ect/eam 8 dsf -1', /expected ALPHA >= 0, found -1/],
    ['pair_style ect/eam 8 tol x', /pair_style ect\/eam tol: expected a finite number, found "x"/],
  ])('%s', (line, message) => {
    expect(() => ectInterpreter(['units metal', 'atom_style charge', 'region box block 0 10 0 10 0 10', 'create_box 2 box', line])).toThrow(message);
  });

  test('an element the file does not have', () => {
    expect(() => ectInterpreter(['units metal', 'atom_style charge', 'region box block 0 10 0 10 0 10', 'create_box 2 box',
      'pair_style ect/eam 8', 'pair_coeff * * AlO.ect Al Cu'])).toThrow(/deck:6: Potential file is missing an element: expected one of Al O .*, found Cu/);
  });
});
