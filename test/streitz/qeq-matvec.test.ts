// The QEq mat-vec kernels (assembly/qeq.ts, ABI 8): qeq_matvec2 on two interleaved vectors gives bitwise the
// results of two qeq_matvec calls (fix qeq/slater's lockstep s/t solves rely on it), in both kernel builds, and
// the SIMD and scalar builds agree bit for bit; row ranges into separate accumulators add up to the full product;
// a list naming owners instead of ghosts (as the matrix kernels leave it) gives the product of the ghost copy and fold
// (to round-off: the additions come in another order).

import { describe, expect, test } from 'vitest';
import { Kernel } from '../../host/wasm/kernel.js';

/** A random symmetric sparse matrix in the kernels' half-list layout: n owned + ng ghost atoms, pairs of owned i
 *  with j > i (owned or ghost), per-row slots from offs with an unused gap (soffs/send as the matrix kernels write). */
function problem(seed: number) {
  let s = seed >>> 0;
  const rnd = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
  const n = 97, ng = 41, nall = n + ng;
  const soffs: number[] = [], send: number[] = [], sidx: number[] = [], h: number[] = [];
  for (let i = 0; i < n; i++) {
    soffs.push(sidx.length);
    const m = Math.floor(rnd() * 13);
    for (let k = 0; k < m; k++) { sidx.push(i + 1 + Math.floor(rnd() * (nall - i - 1))); h.push(rnd() - 0.5); }
    send.push(sidx.length);
    sidx.push(0); h.push(NaN); // a slot outside [soffs, send): never read
  }
  const diag = Array.from({ length: n }, () => 1 + rnd());
  const v0 = Array.from({ length: nall }, () => rnd() * 4 - 2), v1 = Array.from({ length: nall }, () => rnd() * 4 - 2);
  return { n, nall, soffs, send, sidx, h, diag, v0, v1 };
}

function run(kind: 'simd' | 'scalar', seed: number) {
  const K = new Kernel(kind), k = K.k, p = problem(seed);
  const put = (a: number[], i32 = false) => { const ptr = K.alloc(8 * a.length + 16); (i32 ? K.i32(ptr, a.length) : K.f64(ptr, a.length)).set(a); return ptr; };
  const soffs = put(p.soffs, true), send = put(p.send, true), sidx = put(p.sidx, true), h = put(p.h), diag = put(p.diag);
  const v0 = put(p.v0), v1 = put(p.v1);
  const v2 = put(p.v0.flatMap((a, i) => [a, p.v1[i]]));
  const y0 = put(new Array(p.nall).fill(0)), y1 = put(new Array(p.nall).fill(0)), y2 = put(new Array(2 * p.nall).fill(0));
  k.qeq_matvec(0, p.n, soffs, send, sidx, h, diag, v0, y0, 1);
  k.qeq_matvec(0, p.n, soffs, send, sidx, h, diag, v1, y1, 1);
  k.qeq_matvec2(0, p.n, soffs, send, sidx, h, diag, v2, y2);
  // two row ranges into two accumulators
  const ya = put(new Array(p.nall).fill(0)), yb = put(new Array(p.nall).fill(0)), cut = 40;
  k.qeq_matvec(0, cut, soffs, send, sidx, h, diag, v0, ya, 1);
  k.qeq_matvec(cut, p.n, soffs, send, sidx, h, diag, v0, yb, 1);
  // ghosts j ≥ n as images of owners (v equal on a ghost and its owner): copy-and-fold against the owners' list
  const owner = Array.from({ length: p.nall - p.n }, (_, g) => (g * 7) % p.n);
  const vg = put(p.v0.map((a, j) => (j < p.n ? a : p.v0[owner[j - p.n]]))), yg = put(new Array(p.nall).fill(0));
  k.qeq_matvec(0, p.n, soffs, send, sidx, h, diag, vg, yg, 1);
  const folded = Array.from(K.f64(yg, p.nall));
  for (let g = 0; g < p.nall - p.n; g++) folded[owner[g]] += folded[p.n + g];
  const sidxO = put(p.sidx.map((j) => (j < p.n ? j : owner[j - p.n])), true);
  const yo = put(new Array(p.n).fill(0));
  k.qeq_matvec(0, p.n, soffs, send, sidxO, h, diag, vg, yo, 1);
  // one lane of the interleaved pair through qeq_matvec with stride 2 (fix qeq/slater once one solve has converged)
  const l0 = put(new Array(2 * p.nall).fill(0)), l1 = put(new Array(2 * p.nall).fill(0));
  k.qeq_matvec(0, p.n, soffs, send, sidx, h, diag, v2, l0, 2);
  k.qeq_matvec(0, p.n, soffs, send, sidx, h, diag, v2 + 8, l1 + 8, 2);
  const out = {
    lane0: Array.from(K.f64(l0, 2 * p.nall)).filter((_, i) => i % 2 === 0), lane1: Array.from(K.f64(l1, 2 * p.nall)).filter((_, i) => i % 2 === 1),
    y0: Array.from(K.f64(y0, p.nall)), y1: Array.from(K.f64(y1, p.nall)), y2: Array.from(K.f64(y2, 2 * p.nall)),
    split: Array.from(K.f64(ya, p.nall)).map((a, i) => a + K.f64(yb, p.nall)[i]),
    folded: folded.slice(0, p.n), owned: Array.from(K.f64(yo, p.n)),
  };
  // dense reference
  const dense = new Array(p.nall).fill(0);
  for (let i = 0; i < p.n; i++) {
    dense[i] += p.diag[i] * p.v0[i];
    for (let kk = p.soffs[i]; kk < p.send[i]; kk++) { const j = p.sidx[kk]; dense[i] += p.h[kk] * p.v0[j]; dense[j] += p.h[kk] * p.v0[i]; }
  }
  return { ...out, dense };
}

describe.each(['simd', 'scalar'] as const)('%s build', (kind) => {
  test.each([1, 2, 3])('seed %i: qeq_matvec2 lanes equal two qeq_matvec calls bit for bit, and so does qeq_matvec on one lane (stride 2); ranges add to the product', (seed) => {
    const r = run(kind, seed);
    expect(r.y2.filter((_, i) => i % 2 === 0)).toEqual(r.y0);
    expect(r.y2.filter((_, i) => i % 2 === 1)).toEqual(r.y1);
    expect(r.lane0).toEqual(r.y0);
    expect(r.lane1).toEqual(r.y1);
    r.split.forEach((y, i) => expect(Math.abs(y - r.y0[i])).toBeLessThanOrEqual(1e-13));
    r.dense.forEach((y, i) => expect(Math.abs(y - r.y0[i])).toBeLessThanOrEqual(1e-13));
  });

  test.each([1, 2, 3])('seed %i: on a list naming owners, the owned-only product equals copy and fold', (seed) => {
    const r = run(kind, seed);
    expect(Math.max(...r.folded.map(Math.abs))).toBeGreaterThan(0.1);
    r.owned.forEach((y, i) => expect(Math.abs(y - r.folded[i])).toBeLessThanOrEqual(1e-13));
  });
});

test('SIMD and scalar builds: bitwise-equal mat-vecs', () => {
  for (const seed of [1, 2, 3]) {
    const a = run('simd', seed), b = run('scalar', seed);
    expect(a.y0).toEqual(b.y0);
    expect(a.y2).toEqual(b.y2);
  }
});
