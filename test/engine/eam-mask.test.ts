// The EAM passes mark the skin-list pairs inside the cutoff with one bit each (smask) and evaluate a row 128 candidates
// at a time. A large skin makes every row span several chunks and mask words, most of its candidates outside the
// cutoff: the energy, forces, virial and per-atom tallies must not depend on it (only the order of the sums changes),
// and the SIMD build (four candidates per swizzle) must equal the scalar build (one set bit at a time) bit for bit.

import { describe, expect, test } from 'vitest';
import { Interpreter } from '../../host/lammps/interpreter.js';
import type { Engine } from '../../host/engine/engine.js';
import type { KernelKind } from '../../host/wasm/kernel.js';

function engineFor(skin: number, kernel: KernelKind): Engine {
  const it = new Interpreter({ kernel, logPath: null, screen: false });
  [
    'units metal', 'atom_style atomic', 'lattice fcc 3.6', 'region box prism 0 4 0 4 0 4 0.5 -0.4 0.3', 'create_box 2 box',
    'create_atoms 1 box', 'set type 1 type/fraction 2 0.4 77', 'displace_atoms all random 0.3 0.3 0.3 913 units box',
    'pair_style eam/alloy', 'pair_coeff * * CuNiAl_zjw04.eam.alloy Cu Ni', `neighbor ${skin} bin`, 'run 0',
  ].forEach((line, i) => it.line(line, { file: 'deck', line: i + 1 }));
  return it.engine;
}

interface Result { pe: number; f: Float64Array; virial: number[]; eatom: Float64Array; vatom: Float64Array; rows: number }

/** Energy, forces (by tag), virial and per-atom tallies (by tag), and the longest skin-list row. */
function evaluate(e: Engine): Result {
  e.computeForces({ eatom: true, vatom: true });
  const n = e.atoms.n, tag = e.atoms.tag;
  const f = new Float64Array(3 * n), eatom = new Float64Array(n), vatom = new Float64Array(6 * n);
  for (let i = 0; i < n; i++) {
    const t = tag[i] - 1;
    for (let k = 0; k < 3; k++) f[3 * t + k] = e.atoms.f[3 * i + k];
    eatom[t] = e.eatom![i];
    for (let k = 0; k < 6; k++) vatom[6 * t + k] = e.vatom![6 * i + k];
  }
  const offs = e.arena.i32('offs', n + 1);
  let rows = 0;
  for (let i = 0; i < n; i++) rows = Math.max(rows, offs[i + 1] - offs[i]);
  return { pe: e.pe(), f, virial: [...e.virial], eatom, vatom, rows };
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0, worst = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst / scale;
}

describe('EAM pair mask over rows of several chunks (CuNi eam/alloy, triclinic, 256 atoms)', () => {
  const thin = evaluate(engineFor(0.3, 'simd'));
  const wide = evaluate(engineFor(6.0, 'simd'));

  test('a 6 A skin gives rows of several 128-candidate chunks, most candidates outside the cutoff', () => {
    expect(wide.rows).toBeGreaterThan(2 * 128);
    expect(thin.rows).toBeLessThan(128);
  });

  test('energy, forces, virial and per-atom tallies equal those of a 0.3 A skin to 1e-12 relative', () => {
    expect(Math.abs(wide.pe - thin.pe) / Math.abs(thin.pe)).toBeLessThan(1e-12);
    expect(maxRel(wide.f, thin.f)).toBeLessThan(1e-12);
    expect(maxRel(wide.virial, thin.virial)).toBeLessThan(1e-12);
    expect(maxRel(wide.eatom, thin.eatom)).toBeLessThan(1e-12);
    expect(maxRel(wide.vatom, thin.vatom)).toBeLessThan(1e-12);
  });

  test('scalar and SIMD builds agree bit for bit with the wide rows', () => {
    const scalar = evaluate(engineFor(6.0, 'scalar'));
    expect(scalar.pe).toBe(wide.pe);
    expect(Array.from(scalar.f)).toEqual(Array.from(wide.f));
    expect(scalar.virial).toEqual(wide.virial);
    expect(Array.from(scalar.eatom)).toEqual(Array.from(wide.eatom));
    expect(Array.from(scalar.vatom)).toEqual(Array.from(wide.vatom));
  });
});
