// EAM spline tables: they pass through the tabulated points, their derivative columns are the derivatives,
// funcfl files are re-gridded and mixed as LAMMPS does, and the type maps send each pair to the right table.

import { describe, expect, test } from 'vitest';
import { EctmdError } from '../../host/errors.js';
import { readFs, readFuncfl, readSetfl } from '../../host/potentials/eam-files.js';
import { buildFuncflTables, buildSetflTables, evalF, evalPhi, evalRho, type EamTables } from '../../host/potentials/eam-tables.js';
import { potential, potentialDir } from './lammps-potentials.js';

const funcfl = (name: string) => { const { path, text } = potential(name); return readFuncfl(text, path); };
const setfl = (name: string) => { const { path, text } = potential(name); return readSetfl(text, path); };
const fs = (name: string) => { const { path, text } = potential(name); return readFs(text, path); };
const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Largest |spline(node) - table(node)| over the nodes m = 1..n at x = (m-1)·d, relative to the table's scale. */
function nodeMismatch(table: ArrayLike<number>, d: number, spline: (x: number) => number, from = 1): number {
  let worst = 0;
  for (let m = from; m <= table.length; m++) worst = Math.max(worst, Math.abs(spline((m - 1) * d) - table[m - 1]));
  return worst / maxAbs(table);
}

/** Largest relative gap between an analytic derivative and a central difference, at interval midpoints. */
function derivativeMismatch(n: number, d: number, f: (x: number) => { v: number; dv: number }, from = 2): number {
  const h = 1e-4 * d;
  let worst = 0;
  let scale = 0;
  for (let m = from; m < n - 1; m++) {
    const x = (m - 0.5) * d;
    const fd = (f(x + h).v - f(x - h).v) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - f(x).dv));
    scale = Math.max(scale, Math.abs(f(x).dv));
  }
  return worst / scale;
}

describe.skipIf(potentialDir === null)('eam/alloy tables (CuNi.eam.alloy, types 1 = Cu, 2 = Ni)', () => {
  const file = potentialDir === null ? null : setfl('CuNi.eam.alloy');
  // the file lists Ni before Cu
  const t = file === null ? null : buildSetflTables(file, Int32Array.from([-1, 1, 0]), 2);

  test('the grid, rhomax and cutoff are the file\'s', () => {
    expect([t!.nrho, t!.drho, t!.nr, t!.dr, t!.cutmax]).toEqual([file!.nrho, file!.drho, file!.nr, file!.dr, file!.cut]);
    expect(t!.rhomax).toBe((file!.nrho - 1) * file!.drho);
    expect(t!.cutforcesq).toBe(file!.cut * file!.cut);
    expect(t!.frhoSpline[0].length).toBe((file!.nrho + 1) * 7);
  });

  test('each spline interval starts at its tabulated value', () => {
    file!.frho.forEach((f, e) => {
      for (let m = 1; m <= f.length; m++) expect(t!.frhoSpline[e][7 * m + 6]).toBe(f[m - 1]);
    });
  });

  test('the splines pass through every tabulated point of F, rho and r*phi', () => {
    expect(nodeMismatch(file!.frho[1], t!.drho, (rho) => evalF(t!, 1, rho).F)).toBeLessThan(1e-13);
    expect(nodeMismatch(file!.frho[0], t!.drho, (rho) => evalF(t!, 2, rho).F)).toBeLessThan(1e-13);
    // density at a Cu atom from a Ni neighbour is Ni's density function
    expect(nodeMismatch(file!.rhor[0][0], t!.dr, (r) => evalRho(t!, 1, 2, r))).toBeLessThan(1e-13);
    expect(nodeMismatch(file!.rhor[1][0], t!.dr, (r) => evalRho(t!, 2, 1, r))).toBeLessThan(1e-13);
    // the Ni-Cu pair is the lower-triangle table z2r[1][0], whichever way round the types are
    expect(nodeMismatch(file!.z2r[1][0], t!.dr, (r) => evalPhi(t!, 1, 2, r).phi * r, 2)).toBeLessThan(1e-13);
    expect(nodeMismatch(file!.z2r[1][0], t!.dr, (r) => evalPhi(t!, 2, 1, r).phi * r, 2)).toBeLessThan(1e-13);
    expect(nodeMismatch(file!.z2r[1][1], t!.dr, (r) => evalPhi(t!, 1, 1, r).phi * r, 2)).toBeLessThan(1e-13);
  });

  test('dF/drho and dphi/dr are the derivatives of F and phi', () => {
    expect(derivativeMismatch(t!.nrho, t!.drho, (rho) => { const e = evalF(t!, 1, rho); return { v: e.F, dv: e.dF }; })).toBeLessThan(1e-6);
    expect(derivativeMismatch(t!.nr, t!.dr, (r) => { const e = evalPhi(t!, 1, 2, r); return { v: e.phi, dv: e.dphi }; }, 20)).toBeLessThan(1e-6);
  });

  test('beyond rhomax F continues along its tangent at rhomax', () => {
    const top = evalF(t!, 1, t!.rhomax);
    for (const extra of [0.5, 3, 40]) {
      const beyond = evalF(t!, 1, t!.rhomax + extra);
      expect(beyond.dF).toBe(top.dF);
      expect(beyond.F).toBeCloseTo(top.F + top.dF * extra, 12);
    }
  });

  test('masses come from the file for each type', () => {
    expect([...t!.mass.slice(1)]).toEqual([file!.mass[1], file!.mass[0]]);
  });
});

describe.skipIf(potentialDir === null)('NULL types in eam/alloy', () => {
  test('a NULL type has no tables and no mass; the others keep LAMMPS\'s indices', () => {
    const file = setfl('CuNi.eam.alloy');
    const t = buildSetflTables(file, Int32Array.from([-1, 1, -1, 0]), 3);
    const nt1 = 4;
    expect([...t.type2frho]).toEqual([-1, 1, -1, 0]);
    expect(t.type2rhor[1 * nt1 + 3]).toBe(1);
    expect(t.type2rhor[3 * nt1 + 1]).toBe(0);
    expect([t.type2z2r[1 * nt1 + 3], t.type2z2r[3 * nt1 + 1], t.type2z2r[1 * nt1 + 1], t.type2z2r[3 * nt1 + 3]]).toEqual([1, 1, 2, 0]);
    for (let j = 1; j <= 3; j++) {
      expect([t.type2rhor[2 * nt1 + j], t.type2rhor[j * nt1 + 2], t.type2z2r[2 * nt1 + j], t.type2z2r[j * nt1 + 2]]).toEqual([-1, -1, -1, -1]);
    }
    expect(Number.isNaN(t.mass[2])).toBe(true);
    expect(() => evalF(t, 2, 0.1)).toThrowError(EctmdError);
    expect(() => evalRho(t, 1, 2, 2.5)).toThrowError('No EAM rho(r) table for types 2 at 1: a type is NULL or has no pair_coeff');
  });
});

describe.skipIf(potentialDir === null)('eam/fs tables', () => {
  test('density at a host of one element from a neighbour of another is table host in the neighbour\'s block', () => {
    const file = fs('NiAlH_jea.eam.fs');
    // types 1 = H, 2 = Ni, 3 = Al (file order Ni Al H)
    const t = buildSetflTables(file, Int32Array.from([-1, 2, 0, 1]), 3);
    expect(t.rhorSpline.length).toBe(9);
    expect(t.type2rhor[1 * 4 + 2]).toBe(2 * 3 + 0);
    // H neighbour (block 2) at a Ni host (table 0), and the reverse; the two tables differ in this file
    expect(nodeMismatch(file.rhor[2][0], t.dr, (r) => evalRho(t, 2, 1, r))).toBeLessThan(1e-13);
    expect(nodeMismatch(file.rhor[0][2], t.dr, (r) => evalRho(t, 1, 2, r))).toBeLessThan(1e-13);
    expect(nodeMismatch(file.rhor[0][2], t.dr, (r) => evalRho(t, 2, 1, r))).toBeGreaterThan(1e-3);
  });

  test('CuZr_mm.eam.fs builds full element-pair density tables on its own grid', () => {
    const file = fs('CuZr_mm.eam.fs');
    const t = buildSetflTables(file, Int32Array.from([-1, 0, 1]), 2);
    expect([t.frhoSpline.length, t.rhorSpline.length, t.z2rSpline.length]).toEqual([2, 4, 3]);
    expect(nodeMismatch(file.rhor[1][0], t.dr, (r) => evalRho(t, 1, 2, r))).toBeLessThan(1e-13);
    expect(nodeMismatch(file.frho[1], t.drho, (rho) => evalF(t, 2, rho).F)).toBeLessThan(1e-13);
  });
});

describe.skipIf(potentialDir === null)('pair_style eam (funcfl) tables', () => {
  test('one file keeps its spacings and loses its last point (nr = round((Nr-1)·dr/dr))', () => {
    const cu = funcfl('Cu_u3.eam');
    const t = buildFuncflTables([cu], Int32Array.from([-1, 0]), 1);
    expect([t.nrho, t.drho, t.nr, t.dr]).toEqual([cu.nrho - 1, cu.drho, cu.nr - 1, cu.dr]);
    expect(t.rhomax).toBe((cu.nrho - 1) * cu.drho);
    expect(t.cutmax).toBe(cu.cut);
    expect(nodeMismatch(cu.frho.subarray(0, t.nrho), t.drho, (rho) => evalF(t, 1, rho).F)).toBeLessThan(1e-13);
    expect(nodeMismatch(cu.rhor.subarray(0, t.nr), t.dr, (r) => evalRho(t, 1, 1, r))).toBeLessThan(1e-13);
  });

  test('the pair term is 27.2·0.529·Z(r)²/r', () => {
    const cu = funcfl('Cu_u3.eam');
    const t = buildFuncflTables([cu], Int32Array.from([-1, 0]), 1);
    const z2 = cu.zr.subarray(0, t.nr).map((z) => 27.2 * 0.529 * z * z);
    expect(nodeMismatch(z2, t.dr, (r) => evalPhi(t, 1, 1, r).phi * r, 2)).toBeLessThan(1e-13);
  });

  test('two files share the coarser grid, and their cross pair term is the geometric mean of the pure ones', () => {
    const cu = funcfl('Cu_u3.eam'), ni = funcfl('Ni_u3.eam');
    const t = buildFuncflTables([cu, ni], Int32Array.from([-1, 0, 1]), 2);
    expect(t.dr).toBe(Math.max(cu.dr, ni.dr));
    expect(t.nr).toBe(Math.round(Math.max((cu.nr - 1) * cu.dr, (ni.nr - 1) * ni.dr) / t.dr));
    expect([t.type2z2r[1 * 3 + 2], t.type2z2r[2 * 3 + 1], t.type2z2r[1 * 3 + 1], t.type2z2r[2 * 3 + 2]]).toEqual([1, 1, 0, 2]);
    const [cucu, cuni, nini] = t.z2rSpline;
    let worst = 0;
    for (let m = 1; m <= t.nr; m++) worst = Math.max(worst, Math.abs(cuni[7 * m + 6] ** 2 - cucu[7 * m + 6] * nini[7 * m + 6]) / (cucu[7 * m + 6] * nini[7 * m + 6] || 1));
    expect(worst).toBeLessThan(1e-12);
    // funcfl densities depend only on the neighbour's file
    expect(evalRho(t, 1, 2, 2.5)).toBe(evalRho(t, 2, 2, 2.5));
    expect([...t.mass.slice(1)]).toEqual([cu.mass, ni.mass]);
  });

  test('a file no type uses sets the cutoff but not the grid', () => {
    const cu = funcfl('Cu_u3.eam'), ni = funcfl('Ni_u3.eam');
    const t = buildFuncflTables([cu, ni], Int32Array.from([-1, 1]), 1);
    expect(t.dr).toBe(ni.dr);
    expect(t.cutmax).toBe(Math.max(cu.cut, ni.cut));
    expect(t.type2frho[1]).toBe(1);
    expect(t.frhoSpline.length).toBe(2);
  });

  test('without any pair_coeff there is nothing to build', () => {
    expect(() => buildFuncflTables([funcfl('Cu_u3.eam')], Int32Array.from([-1, -1]), 1)).toThrowError(/All pair coeffs are not set/);
  });
});

test('the kernel-facing layout: 7 coefficients per interval, row 0 unused', () => {
  const f = readFuncfl('c\n1 1.0 1.0 FCC\n6 0.5 6 0.5 2.0\n0 1 4 9 16 25\n0 0 0 0 0 0\n0 1 2 3 4 5\n', 'square.eam');
  const t: EamTables = buildFuncflTables([f], Int32Array.from([-1, 0]), 1);
  expect(t.frhoSpline[0].length).toBe((t.nrho + 1) * 7);
  expect([...t.frhoSpline[0].subarray(0, 7)]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  // F(rho) = 4 rho² sampled at rho = 0, 0.5, ...: inside the table the 4th-order slopes make the cubic exact
  expect(evalF(t, 1, 0.8).F).toBeCloseTo(4 * 0.8 * 0.8, 12);
  expect(evalF(t, 1, 0.8).dF).toBeCloseTo(8 * 0.8, 12);
});
