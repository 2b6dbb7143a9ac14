// The tabulated Streitz–Mintmire pair terms (assembly/coulomb-table.ts, the default; `pair_modify table 0` keeps the
// closed forms): every tabulated function against the closed forms it was fitted to, on both kernel builds and for a
// type pair on the nearly-equal-exponent series; whole evaluations (energies, forces, per-atom energy and virial,
// Wolf and Ewald, the fix qeq/slater charges) against the closed forms; SIMD and scalar builds bitwise equal; and
// pair_modify's errors.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Interpreter } from '../../host/lammps/interpreter.js';
import type { Engine } from '../../host/engine/engine.js';
import type { KernelKind } from '../../host/wasm/kernel.js';

// AlO.streitz (LAMMPS potentials), plus X: Al's parameters with ζ 1% larger (the series for the Al–X pair, §7.4)
const STREITZ = `Al 0.000000 10.328655 0.000000 0.968438 0.763905
O 5.484763 14.035715 0.000000 2.143957 0.000000
X 0.500000 10.000000 0.000000 0.978000 0.700000
`;
const dir = mkdtempSync(join(tmpdir(), 'ectmd-table-'));
const potential = join(dir, 'test.streitz');
writeFileSync(potential, STREITZ);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function engine(kind: KernelKind, lines: string[], elements = 'Al O'): Engine {
  const it = new Interpreter({ kernel: kind, logPath: null, screen: false });
  const deck = ['units metal', 'atom_style charge', 'lattice sc 2.2', 'region b block 0 5 0 5 0 5', 'create_box 2 b',
    'create_atoms 1 box', 'set type 1 type/fraction 2 0.6 4711', 'mass * 20', 'set type 1 charge 1.3', 'set type 2 charge -0.8667',
    'displace_atoms all random 0.25 0.25 0.25 815 units box', ...lines.filter((l) => !l.startsWith('pair_coeff')),
    `pair_coeff * * ${potential} ${elements}`, ...lines.filter((l) => l.startsWith('pair_coeff')), 'run 0'];
  deck.forEach((l, i) => it.line(l, { file: 'deck', line: i + 1 }));
  return it.engine;
}

/** Largest |table − closed form| over r in [r0, rc] (20,000 points), relative to the function's largest |value| on
 *  [1 Å, rc], for each function of each group and type pair of a table. */
function tableErrors(e: Engine, tab: string, kind: number, groups: number, alpha: number, rc: number, r0: number): number[] {
  const a = e.arena, k = e.kernel.k;
  a.ensure('test:out', 48);
  const out: number[] = [];
  for (let g = 0; g < groups; g++) for (let ti = 1; ti <= 2; ti++) for (let tj = 1; tj <= 2; tj++) {
    const worst = [0, 0, 0], scale = [0, 0, 0];
    for (let s = 0; s <= 20000; s++) {
      const r = r0 + (rc - r0) * s / 20000;
      k.coul_table_check(a.ptr('pot:coul'), a.ptr(tab), kind, g, ti, tj, r, alpha, a.ptr('test:out'));
      const v = a.f64('test:out', 6);
      for (let f = 0; f < 3; f++) {
        if (r >= 1) scale[f] = Math.max(scale[f], Math.abs(v[3 + f]));
        worst[f] = Math.max(worst[f], Math.abs(v[f] - v[3 + f]));
      }
    }
    // a function that is zero (Z = 0 for O) must be tabulated as exactly zero
    for (let f = 0; f < 3; f++) out.push(scale[f] === 0 ? (worst[f] === 0 ? 0 : Infinity) : worst[f] / scale[f]);
  }
  return out;
}

describe.each(['simd', 'scalar'] as KernelKind[])('coul/streitz tables (%s build)', (kind) => {
  test.each([['Al O', 'AlO.streitz'], ['Al X', 'two exponents 1% apart (series)']])('%s (%s): every tabulated function within 2e-14 of its scale of the closed form on [1 Å, R_c], 1e-9 on [0.05, 1) Å', (elements) => {
    const e = engine(kind, ['pair_style coul/streitz 12.0 wolf 0.31'], elements);
    const a = e.arena, k = e.kernel.k;
    a.ensure('test:qeq', k.coul_table_bytes(2, 1, 12.0));
    k.coul_table_fill(a.ptr('pot:coul'), a.ptr('test:qeq'), 1, 0.2, 12.0);
    const pair = tableErrors(e, 'tab:coul', 0, 2, 0, 12.0, 1.0), matrix = tableErrors(e, 'test:qeq', 1, 1, 0.2, 12.0, 1.0);
    console.log(`${elements} (${kind}): pair table ${Math.max(...pair).toExponential(2)}, qeq table ${Math.max(...matrix).toExponential(2)}`);
    expect(pair).toHaveLength(24);
    expect(Math.max(...pair, ...matrix)).toBeLessThan(2e-14);
    // below 1 Å the closed forms lose digits themselves (their 1/r terms cancel), so this bounds both
    expect(Math.max(...tableErrors(e, 'tab:coul', 0, 2, 0, 1.0, 0.05))).toBeLessThan(1e-9);
  });
});

/** pe, forces, per-atom energy and virial of a run 0 (fixed charges) */
function evaluate(kind: KernelKind, lines: string[]) {
  const e = engine(kind, lines);
  e.computeForces({ eatom: true, vatom: true });
  return { pe: e.pe(), f: e.atoms.f.slice(0, 3 * e.atoms.n), eatom: e.eatom!.slice(), vatom: e.vatom!.slice(), press: e.virial.slice() };
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; };
const maxAbs = (a: ArrayLike<number>) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i])); return m; };

describe('tables against the closed forms on whole evaluations (125 displaced atoms, R_c 12)', () => {
  test.each([
    ['wolf', ['pair_style coul/streitz 12.0 wolf 0.31']],
    ['ewald', ['pair_style coul/streitz 12.0 ewald', 'kspace_style ewald 1e-6']],
  ])('%s: energy 2e-13 relative, forces 1e-13 eV/Å, per-atom energy and virial 1e-14 of scale', (_name, lines) => {
    const tab = evaluate('simd', lines), exact = evaluate('simd', [...lines, 'pair_modify table 0']);
    const rows = { pe: Math.abs(tab.pe - exact.pe) / Math.abs(exact.pe), f: maxDiff(tab.f, exact.f),
      eatom: maxDiff(tab.eatom, exact.eatom) / maxAbs(exact.eatom), vatom: maxDiff(tab.vatom, exact.vatom) / maxAbs(exact.vatom),
      virial: maxDiff(tab.press, exact.press) / maxAbs(exact.press) };
    console.log(`${_name}: ` + Object.entries(rows).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', '));
    expect(maxAbs(exact.f)).toBeGreaterThan(0.1);
    expect(rows.pe).toBeLessThan(2e-13);
    expect(rows.f).toBeLessThan(1e-13);
    expect(rows.eatom).toBeLessThan(1e-14);
    expect(rows.vatom).toBeLessThan(1e-14);
    expect(rows.virial).toBeLessThan(1e-14);
  });

  test('fix qeq/slater (TOL 1e-12): the charges of the tables within 1e-11 e of the closed forms; its rows name owned atoms only', () => {
    const fix = 'fix q all qeq/slater 1 12.0 1.0e-12 500 coul/streitz';
    const charges = (extra: string[]) => {
      const e = engine('simd', ['pair_style coul/streitz 12.0 wolf 0.31', ...extra, fix]), a = e.arena, n = e.atoms.n;
      // the matrix rows name owners, never ghosts (the mat-vecs read and add into the owned atoms only); with the
      // closed forms the coul/streitz pass after the solve rewrites the short list with its own rows
      if (extra.length) return e.atoms.q.slice(0, n);
      const soffs = a.i32('soffs', n), send = a.i32('send', n), sidx = a.i32('sidx', send[n - 1]);
      let listed = 0, ghosts = 0;
      for (let i = 0; i < n; i++) for (let k = soffs[i]; k < send[i]; k++) { listed++; if (sidx[k] >= n || sidx[k] < 0) ghosts++; }
      expect(e.neighbor.nghost).toBeGreaterThan(0);
      expect(listed).toBeGreaterThan(1000);
      expect(ghosts).toBe(0);
      return e.atoms.q.slice(0, n);
    };
    const tab = charges([]), exact = charges(['pair_modify table 0']);
    const dq = maxDiff(tab, exact);
    console.log(`qeq/slater charges: max |Δq| = ${dq.toExponential(2)} e (charges up to ${maxAbs(exact).toFixed(2)})`);
    expect(maxAbs(exact)).toBeGreaterThan(0.1);
    expect(dq).toBeLessThan(1e-11);
  });

  test('SIMD and scalar builds give bitwise the same tabulated evaluation', () => {
    const lines = ['pair_style coul/streitz 12.0 wolf 0.31'];
    const s = evaluate('simd', lines), c = evaluate('scalar', lines);
    expect(s.pe).toBe(c.pe);
    expect(maxDiff(s.f, c.f)).toBe(0);
    expect(maxDiff(s.eatom, c.eatom)).toBe(0);
    expect(maxDiff(s.vatom, c.vatom)).toBe(0);
  });
});

describe('pair_modify', () => {
  const run = (...lines: string[]) => engine('simd', ['pair_style coul/streitz 12.0 wolf 0.31', ...lines]);
  test.each([
    ['pair_modify shift yes', /deck:\d+: Unsupported pair_modify keyword: expected table, found shift/],
    ['pair_modify table -1', /deck:\d+: Illegal pair_modify command: expected table N \(an integer >= 0\), found -1/],
    ['pair_modify table', /deck:\d+: Illegal pair_modify command: expected table N \(an integer >= 0\), found nothing after table/],
    ['pair_modify table x', /deck:\d+: .*pair_modify table/],
    ['pair_modify', /deck:\d+: Illegal pair_modify command: expected 'table N', found no arguments/],
  ])('%s is an error naming the line', (cmd, message) => {
    expect(() => run(cmd)).toThrow(message);
  });

  test('before pair_style it is an error', () => {
    const it = new Interpreter({ kernel: 'simd', logPath: null, screen: false });
    expect(() => it.line('pair_modify table 0', { file: 'deck', line: 3 })).toThrow(/deck:3: Pair_modify command before pair_style is defined/);
  });
});
