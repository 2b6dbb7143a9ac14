// Isolated atoms with the shipped state libraries (physics.md §3.4, test T6, and T7 at infinite separation): with no
// neighbours ρ̄ = 0, so the energy is Σ_M w_M F_M(0) = Σ_M w_M E⁰_M, and the weight equalisation of host/equalize
// must find the neutral atom (E = 0), the cation (E = IE1) or the anion (E = −EA) for total charge 0, +1, −1; two
// separated atoms of different elements stay neutral because IE_A − EA_B > 0.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { StateLayout } from '../../host/equalize/feasible.js';
import { SpgSolver } from '../../host/equalize/spg.js';
import { embedding } from '../../host/potentials/ect-embedding.js';
import { readEct, type EctState } from '../../host/potentials/ect-file.js';

const ECT = join(__dirname, '..', '..', 'potentials', 'ect');
const element = (file: string, symbol: string) => readEct(readFileSync(join(ECT, file), 'utf8'), file).elements.find((e) => e.symbol === symbol)!;

/** Minimise Σ_i Σ_M w_iM F_M(0) over the feasible weights of isolated atoms with total charge qtot. */
function isolated(atoms: EctState[][], qtot: number): { energy: number; w: Float64Array; charges: number[] } {
  const offsets = new Int32Array(atoms.length + 1);
  atoms.forEach((s, i) => { offsets[i + 1] = offsets[i] + s.length; });
  const states = atoms.flat();
  const layout: StateLayout = { natoms: atoms.length, offsets, charges: Float64Array.from(states.map((s) => s.charge)) };
  const f0 = states.map((s) => embedding(s, 0)[0]);
  const w = new Float64Array(states.length);
  atoms.forEach((s, i) => s.forEach((_, k) => { w[offsets[i] + k] = 1 / s.length; }));
  const solver = new SpgSolver(layout, qtot, { tolerance: 1e-12, maxIterations: 1000, memory: 10 });
  const r = solver.solve((x, g) => { g.set(f0); return f0.reduce((e, v, k) => e + v * x[k], 0); }, w);
  const charges = atoms.map((_, i) => { let q = 0; for (let k = offsets[i]; k < offsets[i + 1]; k++) q += w[k] * layout.charges[k]; return q; });
  return { energy: r.energy, w, charges };
}

describe('one isolated atom (T6): the weights pick the state whose energy the total charge allows', () => {
  test.each([
    ['Cu.ect', 'Cu', 7.7264, 1.23578],
    ['Ni.ect', 'Ni', 7.6398, 1.15716],
    ['AlO.ect', 'O', 13.61805, 1.461113],
  ])('%s %s: Q = 0 gives E = 0 (neutral), Q = +1 gives IE1 = %f, Q = -1 gives -EA = -%f', (file, symbol, ie1, ea) => {
    const states = element(file, symbol).states;
    const neutral = isolated([states], 0);
    expect(neutral.energy).toBeCloseTo(0, 10);
    expect(neutral.w[states.findIndex((s) => s.charge === 0)]).toBeCloseTo(1, 10);
    if (states.some((s) => s.charge === 1)) expect(isolated([states], 1).energy).toBeCloseTo(ie1, 10);
    expect(isolated([states], -1).energy).toBeCloseTo(-ea, 10);
  });

  test('Al with states 0..+3: Q = +1 is the pure cation (IE1 = 5.985768 eV), not a 0/+2 mixture (12.41 eV)', () => {
    const al = isolated([element('AlO.ect', 'Al').states], 1);
    expect(al.energy).toBeCloseTo(5.985768, 10);
    expect(al.w[1]).toBeCloseTo(1, 10);
  });
});

describe('two atoms far apart (T7 at infinite separation)', () => {
  test('Al and O, total charge 0: both neutral, E = 0 (transfer costs IE(Al) - EA(O) = 4.52 eV per electron)', () => {
    const r = isolated([element('AlO.ect', 'Al').states, element('AlO.ect', 'O').states], 0);
    expect(r.energy).toBeCloseTo(0, 10);
    expect(r.charges[0]).toBeCloseTo(0, 10);
    expect(r.charges[1]).toBeCloseTo(0, 10);
  });

  test('Cu and Ni, total charge 0: both neutral; total charge +1: the electron leaves Ni (IE 7.6398 < 7.7264)', () => {
    const cu = element('Cu.ect', 'Cu').states, ni = element('Ni.ect', 'Ni').states;
    expect(isolated([cu, ni], 0).energy).toBeCloseTo(0, 10);
    const plus = isolated([cu, ni], 1);
    expect(plus.energy).toBeCloseTo(7.6398, 10);
    expect(plus.charges[1]).toBeCloseTo(1, 10);
  });
});
