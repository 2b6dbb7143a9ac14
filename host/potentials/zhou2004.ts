// Zhou–Johnson–Wadley analytic EAM: pair phi(r), density f(r), three-piece embedding F(rho), the alloy cross
// pair, the published parameter table, and its tabulation as a DYNAMO setfl (pair_style eam/alloy) file.
// X. W. Zhou, R. A. Johnson, H. N. G. Wadley, Phys. Rev. B 69, 144113 (2004); grid as LAMMPS tools/eam_database.

import { EctmdError, whereError } from '../errors.js';

export const ZJW04_CITATION = 'X. W. Zhou, R. A. Johnson, H. N. G. Wadley, Phys. Rev. B 69, 144113 (2004)';

export type ZhouLattice = 'fcc' | 'bcc' | 'hcp';

/** One element of the 2004 table, in the paper's symbols. Energies eV, distances Å, densities in the model's arbitrary unit. */
export interface ZhouParameters {
  element: string;
  atomicNumber: number;
  /** Atomic mass (g/mol), written to the setfl element line (not part of the paper's table). */
  mass: number;
  /** Ground-state structure the element was fitted in. */
  lattice: ZhouLattice;
  /** Equilibrium nearest-neighbour distance r_e. */
  re: number;
  fe: number;
  rhoe: number;
  rhos: number;
  alpha: number;
  beta: number;
  A: number;
  B: number;
  kappa: number;
  lambda: number;
  /** F_n0..F_n3: embedding polynomial below rho_n. */
  Fn: readonly [number, number, number, number];
  /** F_0..F_3: embedding polynomial between rho_n and rho_0. */
  F: readonly [number, number, number, number];
  eta: number;
  Fe: number;
  /** rho_n / rho_e: 0.85, except Pt 0.25 (as the authors' EAM_code; only then is F continuous for Pt). rho_0 = 1.15 rho_e for all. */
  rhoNFactor: number;
  /** Lattice constant a (Å) implied by r_e: fcc √2·r_e, bcc 2·r_e/√3, hcp a = r_e (ideal c/a). */
  latticeConstant: number;
  /**
   * Cohesive energy (eV) the fcc/bcc parameters were fitted to; the model reproduces each to 1e-4 eV at a = latticeConstant.
   * null for the hcp metals (fitted in hcp, not checked here).
   */
  cohesiveEnergy: number | null;
  /** Experimental bulk modulus (GPa) the fcc fits target (1.38, 1.04, 1.67, 1.81, 1.95, 2.83, 0.79 Mbar); null where not recorded. */
  bulkModulus: number | null;
}

type Row = [
  element: string, atomicNumber: number, mass: number, lattice: ZhouLattice,
  re: number, fe: number, rhoe: number, rhos: number, alpha: number, beta: number, A: number, B: number, kappa: number, lambda: number,
  Fn0: number, Fn1: number, Fn2: number, Fn3: number, F0: number, F1: number, F2: number, F3: number, eta: number, Fe: number,
  rhoNFactor: number, cohesiveEnergy: number | null, bulkModulus: number | null,
];

// Parameters as published (paper's table), with two corrections where the printed table and the authors' own
// EAM_code differ and only the code's value makes F(rho) continuous: eta(W) = +0.582714 (printed negative) and
// rho_n = 0.25 rho_e for Pt. Ni uses the printed rho_s, eta, F_e (27.930410, 0.469, -2.699486); EAM_code has an
// equally continuous alternative (27.562031, 0.445470, -2.7). Cr is not in the 2004 paper and is left out.
const ROWS: Row[] = [
  ['Cu', 29, 63.546, 'fcc', 2.556162, 1.554485, 21.175871, 21.175395, 8.127620, 4.334731, 0.396620, 0.548085, 0.308782, 0.756515,
    -2.170269, -0.263788, 1.088878, -0.817603, -2.19, 0.0, 0.561830, -2.100595, 0.310490, -2.186568, 0.85, 3.54, 138],
  ['Ag', 47, 107.8682, 'fcc', 2.891814, 1.106232, 14.604100, 14.604144, 9.132010, 4.870405, 0.277758, 0.419611, 0.339710, 0.750758,
    -1.729364, -0.255882, 0.912050, -0.561432, -1.75, 0.0, 0.744561, -1.150650, 0.783924, -1.748423, 0.85, 2.85, 104],
  ['Au', 79, 196.96654, 'fcc', 2.885034, 1.529021, 19.991632, 19.991509, 9.516052, 5.075228, 0.229762, 0.356666, 0.356570, 0.748798,
    -2.937772, -0.500288, 1.601954, -0.835530, -2.98, 0.0, 1.706587, -1.134778, 1.021095, -2.978815, 0.85, 3.93, 167],
  ['Ni', 28, 58.6934, 'fcc', 2.488746, 2.007018, 27.562015, 27.930410, 8.383453, 4.471175, 0.429046, 0.633531, 0.443599, 0.820658,
    -2.693513, -0.076445, 0.241442, -2.375626, -2.70, 0.0, 0.265390, -0.152856, 0.469000, -2.699486, 0.85, 4.45, 181],
  ['Pd', 46, 106.42, 'fcc', 2.750897, 1.595417, 21.335246, 21.940073, 8.697397, 4.638612, 0.406763, 0.598880, 0.397263, 0.754799,
    -2.321006, -0.473983, 1.615343, -0.231681, -2.36, 0.0, 1.481742, -1.675615, 1.130000, -2.352753, 0.85, 3.91, 195],
  ['Pt', 78, 195.08, 'fcc', 2.771916, 2.336509, 33.367564, 35.205357, 7.105782, 3.789750, 0.556398, 0.696037, 0.385255, 0.770510,
    -1.455568, -2.149952, 0.528491, 1.222875, -4.17, 0.0, 3.010561, -2.420128, 1.450000, -4.145597, 0.25, 5.77, 283],
  ['Al', 13, 26.981539, 'fcc', 2.863924, 1.403115, 20.418205, 23.195740, 6.613165, 3.527021, 0.314873, 0.365551, 0.379846, 0.759692,
    -2.807602, -0.301435, 1.258562, -1.247604, -2.83, 0.0, 0.622245, -2.488244, 0.785902, -2.824528, 0.85, 3.58, 79],
  ['Pb', 82, 207.2, 'fcc', 3.499723, 0.647872, 8.450154, 8.450063, 9.121799, 5.212457, 0.161219, 0.236884, 0.250805, 0.764955,
    -1.422370, -0.210107, 0.682886, -0.529378, -1.44, 0.0, 0.702726, -0.538766, 0.935380, -1.439436, 0.85, 2.02, null],
  ['Fe', 26, 55.847, 'bcc', 2.481987, 1.885957, 20.041463, 20.041463, 9.818270, 5.236411, 0.392811, 0.646243, 0.170306, 0.340613,
    -2.534992, -0.059605, 0.193065, -2.282322, -2.54, 0.0, 0.200269, -0.148770, 0.391750, -2.539945, 0.85, 4.29, null],
  ['Mo', 42, 95.94, 'bcc', 2.728100, 2.723710, 29.354065, 29.354065, 8.393531, 4.476550, 0.708787, 1.120373, 0.137640, 0.275280,
    -3.692913, -0.178812, 0.380450, -3.133650, -3.71, 0.0, 0.875874, 0.776222, 0.790879, -3.712093, 0.85, 6.81, null],
  ['Ta', 73, 180.9479, 'bcc', 2.860082, 3.086341, 33.787168, 33.787168, 8.489528, 4.527748, 0.611679, 1.032101, 0.176977, 0.353954,
    -5.103845, -0.405524, 1.112997, -3.585325, -5.14, 0.0, 1.640098, 0.221375, 0.848843, -5.141526, 0.85, 8.09, null],
  ['W', 74, 183.84, 'bcc', 2.740840, 3.487340, 37.234847, 37.234847, 8.900114, 4.746728, 0.882435, 1.394592, 0.139209, 0.278417,
    -4.946281, -0.148818, 0.365057, -4.432406, -4.96, 0.0, 0.661935, 0.348147, 0.582714, -4.961306, 0.85, 8.76, null],
  ['Mg', 12, 24.305, 'hcp', 3.196291, 0.544323, 7.132600, 7.132600, 10.228708, 5.455311, 0.137518, 0.225930, 0.5, 1.0,
    -0.896473, -0.044291, 0.162232, -0.689950, -0.90, 0.0, 0.122838, -0.226010, 0.431425, -0.899702, 0.85, null, null],
  ['Co', 27, 58.9332, 'hcp', 2.505979, 1.975299, 27.206789, 27.206789, 8.679625, 4.629134, 0.421378, 0.640107, 0.5, 1.0,
    -2.541799, -0.219415, 0.733381, -1.589003, -2.56, 0.0, 0.705845, -0.687140, 0.694608, -2.559307, 0.85, null, null],
  ['Ti', 22, 47.88, 'hcp', 2.933872, 1.863200, 25.565138, 25.565138, 8.775431, 4.680230, 0.373601, 0.570968, 0.5, 1.0,
    -3.203773, -0.198262, 0.683779, -2.321732, -3.22, 0.0, 0.608587, -0.750710, 0.558572, -3.219176, 0.85, null, null],
  ['Zr', 40, 91.224, 'hcp', 3.199978, 2.230909, 30.879991, 30.879991, 8.559190, 4.564902, 0.424667, 0.640054, 0.5, 1.0,
    -4.485793, -0.293129, 0.990148, -3.202516, -4.51, 0.0, 0.928602, -0.981870, 0.597133, -4.509025, 0.85, null, null],
];

function latticeConstantOf(lattice: ZhouLattice, re: number): number {
  if (lattice === 'fcc') return Math.SQRT2 * re;
  if (lattice === 'bcc') return (2 * re) / Math.sqrt(3);
  return re;
}

/** The 2004 parameter table keyed by element symbol, in the paper's order. */
export const ZJW04: Readonly<Record<string, ZhouParameters>> = Object.freeze(Object.fromEntries(ROWS.map((r): [string, ZhouParameters] => {
  const [element, atomicNumber, mass, lattice, re, fe, rhoe, rhos, alpha, beta, A, B, kappa, lambda,
    Fn0, Fn1, Fn2, Fn3, F0, F1, F2, F3, eta, Fe, rhoNFactor, cohesiveEnergy, bulkModulus] = r;
  return [element, Object.freeze({
    element, atomicNumber, mass, lattice, re, fe, rhoe, rhos, alpha, beta, A, B, kappa, lambda,
    Fn: [Fn0, Fn1, Fn2, Fn3] as const, F: [F0, F1, F2, F3] as const, eta, Fe, rhoNFactor,
    latticeConstant: latticeConstantOf(lattice, re), cohesiveEnergy, bulkModulus,
  })];
})));

/** An element symbol of the 2004 table, or a parameter set of the same analytic form (e.g. another Zhou fit). */
export type ZhouElement = string | ZhouParameters;

/** Parameters of an element; an unknown symbol is an error listing the known ones. */
export function zhouParameters(el: ZhouElement): ZhouParameters {
  if (typeof el !== 'string') return el;
  const p = Object.hasOwn(ZJW04, el) ? ZJW04[el] : undefined;
  if (p === undefined) throw whereError(undefined, 'Unknown element for the Zhou-Johnson-Wadley 2004 EAM', `one of ${Object.keys(ZJW04).join(' ')}`, `'${el}'`);
  return p;
}

/** y^20 by repeated squaring: exact IEEE products, so tables do not depend on the platform's pow. */
function pow20(y: number): number {
  const y2 = y * y;
  const y5 = y2 * y2 * y;
  const y10 = y5 * y5;
  return y10 * y10;
}

/** The paper's building block  c·exp(-g·(r/re - 1)) / (1 + (r/re - s)^20). */
function decay(c: number, g: number, s: number, re: number, r: number): number {
  const x = r / re;
  return (c * Math.exp(-g * (x - 1.0))) / (1.0 + pow20(x - s));
}

/** Pair energy phi(r) (eV) between two atoms of the same element. */
export function phi(el: ZhouElement, r: number): number {
  const p = zhouParameters(el);
  return decay(p.A, p.alpha, p.kappa, p.re, r) - decay(p.B, p.beta, p.lambda, p.re, r);
}

/** Electron density f(r) an atom deposits at distance r. */
export function rho(el: ZhouElement, r: number): number {
  const p = zhouParameters(el);
  return decay(p.fe, p.beta, p.lambda, p.re, r);
}

/**
 * Alloy cross pair phi_ab = ½(f_b/f_a·phi_aa + f_a/f_b·phi_bb) (Johnson's mixing rule, as the paper); phi_aa for a = b.
 * Where a density underflows to 0 (r of hundreds of Å) both pair terms have vanished with it and the result is 0.
 */
export function phiAlloy(a: ZhouElement, b: ZhouElement, r: number): number {
  const pa = zhouParameters(a);
  const pb = zhouParameters(b);
  if (pa === pb) return phi(pa, r);
  const fa = rho(pa, r);
  const fb = rho(pb, r);
  if (fa === 0 || fb === 0) return 0;
  return 0.5 * ((fb / fa) * phi(pa, r) + (fa / fb) * phi(pb, r));
}

/** Embedding energy F(rho) (eV): cubic in rho/rho_n - 1 below rho_n, cubic in rho/rho_e - 1 up to rho_0, then Fe·(1 - ln x^eta)·x^eta, x = rho/rho_s. */
export function F(el: ZhouElement, density: number): number {
  const p = zhouParameters(el);
  const rhoN = p.rhoNFactor * p.rhoe;
  const rho0 = 1.15 * p.rhoe;
  if (density < rhoN) {
    const y = density / rhoN - 1.0;
    return p.Fn[0] + p.Fn[1] * y + p.Fn[2] * y * y + p.Fn[3] * y * y * y;
  }
  if (density < rho0) {
    const y = density / p.rhoe - 1.0;
    return p.F[0] + p.F[1] * y + p.F[2] * y * y + p.F[3] * y * y * y;
  }
  const etaLnX = p.eta * Math.log(density / p.rhos);
  return p.Fe * (1.0 - etaLnX) * Math.exp(etaLnX);
}

/** setfl grid: Nrho points drho apart from 0, Nr points dr apart from 0, cutoff (Å). */
export interface SetflGrid {
  nrho: number;
  drho: number;
  nr: number;
  dr: number;
  cut: number;
}

/** Distances below this are tabulated at it (rho(r) and r·phi(r) held at their 0.5 Å values), as create.f does. */
export const TABLE_R_MIN = 0.5;

function tabulationR(k: number, dr: number): number {
  return Math.max(k * dr, TABLE_R_MIN);
}

/**
 * The grid LAMMPS's tools/eam_database/create.f chooses: Nr = Nrho = 2000, cutoff √10/2 times the largest
 * fcc lattice constant √2·r_e among the elements (whatever their structure), dr = cutoff/(Nr-1), and
 * rho up to max(largest tabulated density, 2·largest rho_e, 100) in Nrho points.
 */
export function createToolGrid(elements: readonly ZhouElement[]): SetflGrid {
  if (elements.length === 0) throw whereError(undefined, 'Zhou-Johnson-Wadley setfl grid', 'at least one element', 'none');
  const params = elements.map(zhouParameters);
  const nr = 2000;
  const nrho = 2000;
  const cut = (Math.sqrt(10.0) / 2.0) * Math.max(...params.map((p) => Math.SQRT2 * p.re));
  const dr = cut / (nr - 1);
  let rhoMax = Math.max(2.0 * Math.max(...params.map((p) => p.rhoe)), 100.0);
  for (const p of params) for (let k = 0; k < nr; k++) rhoMax = Math.max(rhoMax, rho(p, tabulationR(k, dr)));
  return { nrho, drho: rhoMax / (nrho - 1), nr, dr, cut };
}

/** C's %.16e (17 significant digits, two-digit exponent): enough for a reader to recover every double exactly. */
function sci(x: number): string {
  if (!Number.isFinite(x)) throw new EctmdError(`Zhou-Johnson-Wadley setfl table: expected finite values, found ${x}`);
  const [mantissa, exponent] = x.toExponential(16).split('e');
  const e = Number(exponent);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

const PER_LINE = 5;

/** One table, 5 values a line, ending its last line (LAMMPS reads each table from a fresh line). */
function tableLines(values: number[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += PER_LINE) lines.push(values.slice(i, i + PER_LINE).map((v) => sci(v).padStart(24)).join(''));
  return lines;
}

function checkGrid(grid: SetflGrid): void {
  for (const key of ['nrho', 'nr'] as const) {
    if (!Number.isInteger(grid[key]) || grid[key] < 5) throw whereError(undefined, `Zhou-Johnson-Wadley setfl grid: ${key}`, 'an integer >= 5', String(grid[key]));
  }
  for (const key of ['drho', 'dr', 'cut'] as const) {
    if (!Number.isFinite(grid[key]) || grid[key] <= 0) throw whereError(undefined, `Zhou-Johnson-Wadley setfl grid: ${key}`, 'a positive number', String(grid[key]));
  }
}

/**
 * The setfl (eam/alloy) file for `elements` on `opts`' grid: 3 comment lines (citation; generated by ectmd;
 * opts.comment), the element line, the grid line, per element `Z mass a lattice` + F(rho_k) + rho(r_k), then
 * r_k·phi(r_k) for the lower triangle (i, j <= i). rho_k = k·drho, r_k = k·dr held at TABLE_R_MIN below it.
 */
export function setflText(elements: readonly string[], opts: SetflGrid & { comment: string }): string {
  if (elements.length === 0) throw whereError(undefined, 'Zhou-Johnson-Wadley setfl elements', 'at least one element', 'none');
  const repeated = elements.find((el, i) => elements.indexOf(el) !== i);
  if (repeated !== undefined) throw whereError(undefined, 'Zhou-Johnson-Wadley setfl elements', 'each element once', `'${repeated}' twice`);
  if (/[\r\n]/.test(opts.comment)) throw whereError(undefined, 'Zhou-Johnson-Wadley setfl comment', 'a single line', JSON.stringify(opts.comment));
  checkGrid(opts);
  const params = elements.map(zhouParameters);
  const { nrho, drho, nr, dr, cut } = opts;
  const rs = Array.from({ length: nr }, (_, k) => tabulationR(k, dr));
  const lines = [
    `Zhou-Johnson-Wadley EAM for ${elements.join(' ')}: ${ZJW04_CITATION}`,
    'generated by ectmd (scripts/make-potentials.ts) from the analytic functions of host/potentials/zhou2004.ts',
    opts.comment,
    `${elements.length} ${elements.join(' ')}`,
    `${nrho} ${sci(drho)} ${nr} ${sci(dr)} ${sci(cut)}`,
  ];
  for (const p of params) {
    lines.push(`${p.atomicNumber} ${p.mass} ${sci(p.latticeConstant)} ${p.lattice}`);
    lines.push(...tableLines(Array.from({ length: nrho }, (_, k) => F(p, k * drho))));
    lines.push(...tableLines(rs.map((r) => rho(p, r))));
  }
  for (let i = 0; i < params.length; i++) {
    for (let j = 0; j <= i; j++) lines.push(...tableLines(rs.map((r) => r * phiAlloy(params[i], params[j], r))));
  }
  return `${lines.join('\n')}\n`;
}
