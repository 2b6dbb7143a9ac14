// Homogeneous strain of a cell and its atoms, for virial-by-strain-derivative checks (EAM and ECT-EAM tests).

import { Box } from '../../host/system/box.js';

/** Deform the cell by x' = (1 + eps) x (a = b, eps in Voigt order xx yy zz yz xz xy), atoms affinely. */
export function strained(box: Box, x: Float64Array, n: number, voigt: number, eps: number): { box: Box; x: Float64Array } {
  const F = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const ij = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]][voigt];
  F[ij[0]][ij[1]] += eps;
  const [a, b, c] = box.edges();
  const map = (v: number[]): number[] => [0, 1, 2].map((r) => F[r][0] * v[0] + F[r][1] * v[1] + F[r][2] * v[2]);
  const [a2, b2, c2] = [map(a), map(b), map(c)];
  // F is upper triangular, so the cell stays restricted triclinic: a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz)
  const lo = box.lo;
  const out = new Box(lo, [lo[0] + a2[0], lo[1] + b2[1], lo[2] + c2[2]], { xy: b2[0], xz: c2[0], yz: c2[1] });
  const x2 = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const d = [x[3 * i] - lo[0], x[3 * i + 1] - lo[1], x[3 * i + 2] - lo[2]];
    const m = map(d);
    for (let k = 0; k < 3; k++) x2[3 * i + k] = lo[k] + m[k];
  }
  return { box: out, x: x2 };
}
