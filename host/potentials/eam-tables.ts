// EAM spline tables exactly as LAMMPS 29Sep2021 builds them (src/MANYBODY/pair_eam.cpp file2array,
// array2spline, interpolate; pair_eam_alloy.cpp and pair_eam_fs.cpp file2array) and the scalar evaluators
// the kernels mirror (PairEAM::compute index/clamp arithmetic). Same operations in the same order, bit for bit.

import { EctmdError } from '../errors.js';
import type { FuncflFile, SetflFile } from './eam-files.js';

export interface EamTables {
  ntypes: number;
  nrho: number;
  drho: number;
  rdrho: number;
  nr: number;
  dr: number;
  rdr: number;
  rhomax: number;
  cutmax: number;
  cutforcesq: number;
  /** Each (nrho+1)·7: coefficient k of interval m (1..nrho) at [7·m+k], as LAMMPS frho_spline[n][m][k]. */
  frhoSpline: Float64Array[];
  /** Each (nr+1)·7. */
  rhorSpline: Float64Array[];
  /** Each (nr+1)·7, splines of r·phi(r). */
  z2rSpline: Float64Array[];
  /** Length ntypes+1 (index 0 unused): index into frhoSpline, -1 for NULL-mapped/unset types. */
  type2frho: Int32Array;
  /** (ntypes+1)²: [i·(ntypes+1)+j] as LAMMPS type2rhor[i][j] (density table an i atom deposits at a j host); -1 where i or j is unset. */
  type2rhor: Int32Array;
  /** (ntypes+1)², symmetric: index into z2rSpline as LAMMPS type2z2r; -1 where i or j is unset. */
  type2z2r: Int32Array;
  /** Per type 1..ntypes from the file(s); NaN where the file gives none (NULL or unset types, and index 0). */
  mass: Float64Array;
  warnings: string[];
}

/** Hartree·Bohr as LAMMPS approximates it (eV·Å) for funcfl pair terms Zi·Zj/r. */
const HARTREE_BOHR = 27.2 * 0.529;
const SIXTH = 1.0 / 6.0;
const INT_MIN = -2147483648;

/** C++ static_cast<int>(x) as compiled for x86-64 (cvttsd2si): truncation, INT_MIN when out of range or NaN. */
function cInt(x: number): number {
  return x > -2147483649 && x < 2147483648 ? Math.trunc(x) : INT_MIN;
}

/** C MIN/MAX macros (a<b?a:b), which differ from Math.min/max for NaN. */
function cMin(a: number, b: number): number {
  return a < b ? a : b;
}
function cMax(a: number, b: number): number {
  return a > b ? a : b;
}

/**
 * 4-point Lagrange interpolation of a table f(k·dSrc) (f[0..nSrc-1]) onto n points m·dDst, as PairEAM::file2array
 * (LAMMPS 1-based index k ↔ f[k-1]). Out[m-1] holds the value at (m-1)·dDst.
 */
function regrid(f: Float64Array, dSrc: number, n: number, dDst: number): Float64Array {
  const out = new Float64Array(n);
  const nSrc = f.length;
  for (let m = 1; m <= n; m++) {
    const r = (m - 1) * dDst;
    let p = r / dSrc + 1.0;
    let k = cInt(p);
    k = cMin(k, nSrc - 2);
    k = cMax(k, 2);
    p -= k;
    p = cMin(p, 2.0);
    const cof1 = -SIXTH * p * (p - 1.0) * (p - 2.0);
    const cof2 = 0.5 * (p * p - 1.0) * (p - 2.0);
    const cof3 = -0.5 * p * (p + 1.0) * (p - 2.0);
    const cof4 = SIXTH * p * (p * p - 1.0);
    out[m - 1] = cof1 * f[k - 2] + cof2 * f[k - 1] + cof3 * f[k] + cof4 * f[k + 1];
  }
  return out;
}

/**
 * PairEAM::interpolate: cubic Hermite spline through f (value at node m, 1..n, in f[m-1]) with slopes from
 * 4th-order central differences; per interval m: [0..2] derivative coefficients, [3..6] value coefficients.
 */
function interpolate(f: Float64Array, delta: number): Float64Array {
  const n = f.length;
  const s = new Float64Array((n + 1) * 7);
  const at = (m: number, k: number): number => 7 * m + k;
  for (let m = 1; m <= n; m++) s[at(m, 6)] = f[m - 1];

  s[at(1, 5)] = s[at(2, 6)] - s[at(1, 6)];
  s[at(2, 5)] = 0.5 * (s[at(3, 6)] - s[at(1, 6)]);
  s[at(n - 1, 5)] = 0.5 * (s[at(n, 6)] - s[at(n - 2, 6)]);
  s[at(n, 5)] = s[at(n, 6)] - s[at(n - 1, 6)];

  for (let m = 3; m <= n - 2; m++) {
    s[at(m, 5)] = ((s[at(m - 2, 6)] - s[at(m + 2, 6)]) + 8.0 * (s[at(m + 1, 6)] - s[at(m - 1, 6)])) / 12.0;
  }

  for (let m = 1; m <= n - 1; m++) {
    s[at(m, 4)] = 3.0 * (s[at(m + 1, 6)] - s[at(m, 6)]) - 2.0 * s[at(m, 5)] - s[at(m + 1, 5)];
    s[at(m, 3)] = s[at(m, 5)] + s[at(m + 1, 5)] - 2.0 * (s[at(m + 1, 6)] - s[at(m, 6)]);
  }

  s[at(n, 4)] = 0.0;
  s[at(n, 3)] = 0.0;

  for (let m = 1; m <= n; m++) {
    s[at(m, 2)] = s[at(m, 5)] / delta;
    s[at(m, 1)] = (2.0 * s[at(m, 4)]) / delta;
    s[at(m, 0)] = (3.0 * s[at(m, 3)]) / delta;
  }
  return s;
}

/** Index of the lower-triangle table (irow >= icol) for elements/files a, b, as LAMMPS's type2z2r. */
function lowerTriangle(a: number, b: number): number {
  const irow = a >= b ? a : b;
  const icol = a >= b ? b : a;
  return (irow * (irow + 1)) / 2 + icol;
}

/** Type maps from a type → element/file map (-1 unset), with LAMMPS's values where both types are set. */
function typeMaps(map: Int32Array, ntypes: number, rhorIndex: (a: number, b: number) => number) {
  const nt1 = ntypes + 1;
  const type2frho = new Int32Array(nt1).fill(-1);
  const type2rhor = new Int32Array(nt1 * nt1).fill(-1);
  const type2z2r = new Int32Array(nt1 * nt1).fill(-1);
  for (let i = 1; i <= ntypes; i++) {
    if (map[i] < 0) continue;
    type2frho[i] = map[i];
    for (let j = 1; j <= ntypes; j++) {
      if (map[j] < 0) continue;
      type2rhor[i * nt1 + j] = rhorIndex(map[i], map[j]);
      type2z2r[i * nt1 + j] = lowerTriangle(map[i], map[j]);
    }
  }
  return { type2frho, type2rhor, type2z2r };
}

function checkMap(map: Int32Array, ntypes: number, count: number, what: string): void {
  if (!Number.isInteger(ntypes) || ntypes < 1 || map.length !== ntypes + 1) {
    throw new Error(`EAM ${what} map: expected length ntypes+1 = ${ntypes + 1}, found ${map.length}`);
  }
  for (let t = 1; t <= ntypes; t++) {
    if (map[t] < -1 || map[t] >= count) throw new Error(`EAM ${what} map: type ${t} → ${map[t]}, expected -1..${count - 1}`);
  }
}

/**
 * pair_style eam: funcfl files re-gridded onto one grid (largest dr and drho of the files some type uses, up to the
 * largest (n-1)·d, so each file's last point falls off) and cross pair terms 27.2·0.529·Zi·Zj. Splines exist for
 * every file read, as in LAMMPS; typeToFile[t] is the file of `pair_coeff t t file` (-1 unset).
 */
export function buildFuncflTables(files: FuncflFile[], typeToFile: Int32Array, ntypes: number): EamTables {
  checkMap(typeToFile, ntypes, files.length, 'type-to-file');
  let dr = 0.0, drho = 0.0, rmax = 0.0, rhomax = 0.0;
  const warnings = new Set<string>();
  files.forEach((file, i) => {
    if (!typeToFile.slice(1).includes(i)) return;
    dr = cMax(dr, file.dr);
    drho = cMax(drho, file.drho);
    rmax = cMax(rmax, (file.nr - 1) * file.dr);
    rhomax = cMax(rhomax, (file.nrho - 1) * file.drho);
    for (const w of file.warnings) warnings.add(w);
  });
  if (dr === 0.0) throw new EctmdError('All pair coeffs are not set: pair_style eam has no type with a funcfl file (pair_coeff I I file)');
  // nearest integer; the file with the largest spacing has >= 4 points (readFuncfl), so both are >= 3 as interpolate needs
  const nr = cInt(rmax / dr + 0.5);
  const nrho = cInt(rhomax / drho + 0.5);

  const frhoSpline = files.map((file) => interpolate(regrid(file.frho, file.drho, nrho, drho), drho));
  const rhorSpline = files.map((file) => interpolate(regrid(file.rhor, file.dr, nr, dr), dr));
  const zr = files.map((file) => regrid(file.zr, file.dr, nr, dr));
  const z2rSpline: Float64Array[] = [];
  for (let i = 0; i < files.length; i++) {
    for (let j = 0; j <= i; j++) {
      const z2r = new Float64Array(nr);
      for (let m = 0; m < nr; m++) z2r[m] = HARTREE_BOHR * zr[i][m] * zr[j][m];
      z2rSpline.push(interpolate(z2r, dr));
    }
  }

  const maps = typeMaps(typeToFile, ntypes, (a) => a);
  const mass = new Float64Array(ntypes + 1).fill(Number.NaN);
  for (let t = 1; t <= ntypes; t++) if (typeToFile[t] >= 0) mass[t] = files[typeToFile[t]].mass;
  // init_one: the cutoff is the largest of all files read, used or not
  const cutmax = files.reduce((c, f) => cMax(c, f.cut), 0.0);
  return {
    ntypes, nrho, drho, rdrho: 1.0 / drho, nr, dr, rdr: 1.0 / dr, rhomax, cutmax, cutforcesq: cutmax * cutmax,
    frhoSpline, rhorSpline, z2rSpline, ...maps, mass,
    warnings: [...warnings],
  };
}

/**
 * pair_style eam/alloy and eam/fs: the file's grid as is; typeToElement[t] is the element of type t (-1 for NULL).
 * eam/alloy density tables depend on the depositing element only, eam/fs on (depositing, host) element.
 */
export function buildSetflTables(file: SetflFile, typeToElement: Int32Array, ntypes: number): EamTables {
  const ne = file.elements.length;
  checkMap(typeToElement, ntypes, ne, 'type-to-element');
  const { nrho, drho, nr, dr } = file;
  const frhoSpline = file.frho.map((f) => interpolate(f, drho));
  const rhorSpline = file.rhor.flatMap((block) => block.map((f) => interpolate(f, dr)));
  const z2rSpline = file.z2r.flatMap((row) => row.map((f) => interpolate(f, dr)));
  const maps = typeMaps(typeToElement, ntypes, file.kind === 'fs' ? (a, b) => a * ne + b : (a) => a);
  const mass = new Float64Array(ntypes + 1).fill(Number.NaN);
  for (let t = 1; t <= ntypes; t++) if (typeToElement[t] >= 0) mass[t] = file.mass[typeToElement[t]];
  return {
    ntypes, nrho, drho, rdrho: 1.0 / drho, nr, dr, rdr: 1.0 / dr, rhomax: (nrho - 1) * drho,
    cutmax: file.cut, cutforcesq: file.cut * file.cut,
    frhoSpline, rhorSpline, z2rSpline, ...maps, mass,
    warnings: [...file.warnings],
  };
}

function table(list: Float64Array[], index: number, what: string): Float64Array {
  if (index < 0) throw new EctmdError(`No EAM ${what}: a type is NULL or has no pair_coeff`);
  return list[index];
}

/** Interval m and fraction p for distance r, as PairEAM::compute (m = min(int(r/dr+1), nr-1), p <= 1). */
function rInterval(t: EamTables, r: number): { m: number; p: number } {
  let p = r * t.rdr + 1.0;
  let m = cInt(p);
  m = cMin(m, t.nr - 1);
  p -= m;
  p = cMin(p, 1.0);
  return { m, p };
}

/** Density at an atom of itype contributed by a neighbour of jtype at distance r (LAMMPS type2rhor[jtype][itype]). */
export function evalRho(t: EamTables, itype: number, jtype: number, r: number): number {
  const c = table(t.rhorSpline, t.type2rhor[jtype * (t.ntypes + 1) + itype], `rho(r) table for types ${jtype} at ${itype}`);
  const { m, p } = rInterval(t, r);
  const o = 7 * m;
  return ((c[o + 3] * p + c[o + 4]) * p + c[o + 5]) * p + c[o + 6];
}

/** Pair energy phi(r) = z2(r)/r and its derivative, with LAMMPS's phip = z2'/r - phi/r. */
export function evalPhi(t: EamTables, itype: number, jtype: number, r: number): { phi: number; dphi: number } {
  const c = table(t.z2rSpline, t.type2z2r[itype * (t.ntypes + 1) + jtype], `r*phi(r) table for types ${itype} ${jtype}`);
  const { m, p } = rInterval(t, r);
  const o = 7 * m;
  const z2p = (c[o] * p + c[o + 1]) * p + c[o + 2];
  const z2 = ((c[o + 3] * p + c[o + 4]) * p + c[o + 5]) * p + c[o + 6];
  const recip = 1.0 / r;
  const phi = z2 * recip;
  return { phi, dphi: z2p * recip - phi * recip };
}

/** Embedding energy F(rho) and F'(rho); beyond rhomax F continues linearly with the clamped slope, as LAMMPS. */
export function evalF(t: EamTables, type: number, rho: number): { F: number; dF: number } {
  const c = table(t.frhoSpline, t.type2frho[type], `F(rho) table for type ${type}`);
  let p = rho * t.rdrho + 1.0;
  let m = cInt(p);
  m = cMax(1, cMin(m, t.nrho - 1));
  p -= m;
  p = cMin(p, 1.0);
  const o = 7 * m;
  const dF = (c[o] * p + c[o + 1]) * p + c[o + 2];
  let F = ((c[o + 3] * p + c[o + 4]) * p + c[o + 5]) * p + c[o + 6];
  if (rho > t.rhomax) F += dF * (rho - t.rhomax);
  return { F, dF };
}
