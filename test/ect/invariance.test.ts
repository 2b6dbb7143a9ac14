// T13 (physics.md §11), rotation and permutation: an Al2O3 cluster cut from data.streitz (atoms within 4.6 Å of a point,
// displaced randomly, started from ionic charges) in a 60 Å box with bare Coulomb. A rigid rotation about the cluster
// centre and a relabelling of the atoms (reversed order in the data file) describe the same physical system: the
// converged energy, every atom's state weights and charge, and the forces (rotated with the cluster) must agree.
// (Translation invariance and Σ F = 0 are in pair.test.ts.)

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ALO_CLUSTER_BOX as L, aloCluster as cluster, ectInterpreter, pairOf, writeAloCluster } from './ect-run.js';

const dir = mkdtempSync(join(tmpdir(), 'ectmd-t13-'));
process.env.ECTMD_CACHE = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rotation by angle about a unit axis (Rodrigues). */
function rotation(axis: number[], angle: number): number[][] {
  const n = Math.hypot(...axis), [x, y, z] = axis.map((a) => a / n), c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
  return [[t * x * x + c, t * x * y - s * z, t * x * z + s * y], [t * x * y + s * z, t * y * y + c, t * y * z - s * x], [t * x * z - s * y, t * y * z + s * x, t * z * z + c]];
}
const apply = (m: number[][], v: number[]) => m.map((row) => row[0] * v[0] + row[1] * v[1] + row[2] * v[2]);

/** Run the cluster (atoms listed in `order`, each keeping its id = index + 1 in the original list), positions by f. */
function run(order: number[], f: (x: number[]) => number[], kernel: 'simd' | 'scalar', te: number) {
  const path = writeAloCluster(join(dir, `data.${order[0]}-${f([1, 2, 3]).join('_')}-${kernel}`), order, f);
  const it = ectInterpreter(['units metal', 'atom_style charge', `read_data ${path}`, `pair_style ect/eam 25 coulomb tol 1e-11 te ${te}`,
    'pair_coeff * * AlO.ect Al O', 'run 0'], kernel);
  const e = it.engine, pair = pairOf(e), { offsets } = pair.weightLayout()!;
  // per original atom (by id): weights, charge, force
  const byId = new Map<number, { w: number[]; q: number; f: number[] }>();
  for (let i = 0; i < e.atoms.n; i++) {
    byId.set(e.atoms.tag[i], { w: [...pair.weights!.slice(offsets[i], offsets[i + 1])], q: e.atoms.q[i], f: [...e.atoms.f.slice(3 * i, 3 * i + 3)] });
  }
  return { pe: e.pe(), byId, iterations: pair.stats.iterations };
}

describe.each(['simd', 'scalar'] as const)('Al2O3 cluster (45 atoms), AlO.ect, bare Coulomb, kernel %s', (kernel) => {
  // T_e = 0: the weights sit on simplex vertices (integer charges); T_e = 0.1 eV: interior (Boltzmann) weights
  test.each([0, 0.1])('T_e = %f eV: energy, weights, charges and forces are invariant under rotation and relabelling', (te) => {
    const atoms = cluster();
    expect(atoms.length).toBeGreaterThan(20);
    const ident = atoms.map((_, k) => k), reversed = [...ident].reverse();
    const c = [L / 2, L / 2, L / 2], R = rotation([1, 2, 3], 0.7);
    const rotate = (x: number[]) => apply(R, [x[0] - c[0], x[1] - c[1], x[2] - c[2]]).map((v, k) => v + c[k]);
    const ref = run(ident, (x) => x, kernel, te);
    expect(ref.iterations).toBeGreaterThan(0);
    let qmax = 0, fmax = 0;
    for (const a of ref.byId.values()) { qmax = Math.max(qmax, Math.abs(a.q)); fmax = Math.max(fmax, ...a.f.map(Math.abs)); }
    expect(qmax).toBeGreaterThan(0.1); // charges are not trivially zero
    let fractional = 0;
    for (const a of ref.byId.values()) fractional = Math.max(fractional, ...a.w.map((v) => Math.min(v, 1 - v)));
    if (te > 0) expect(fractional).toBeGreaterThan(0.01);
    for (const [label, other, rot] of [['rotated', run(ident, rotate, kernel, te), true], ['relabelled', run(reversed, (x) => x, kernel, te), false],
      ['rotated and relabelled', run(reversed, rotate, kernel, te), true]] as const) {
      expect(Math.abs(other.pe - ref.pe), label).toBeLessThan(1e-10 * Math.abs(ref.pe));
      let dw = 0, dq = 0, df = 0;
      for (const [id, a] of ref.byId) {
        const b = other.byId.get(id)!;
        dw = Math.max(dw, ...a.w.map((v, k) => Math.abs(v - b.w[k])));
        dq = Math.max(dq, Math.abs(a.q - b.q));
        const fa = rot ? apply(R, a.f) : a.f;
        df = Math.max(df, ...fa.map((v, k) => Math.abs(v - b.f[k])));
      }
      expect(dw, label).toBeLessThan(1e-8);
      expect(dq, label).toBeLessThan(1e-8);
      expect(df, label).toBeLessThan(1e-8 * Math.max(1, fmax));
    }
  }, 120_000);
});
