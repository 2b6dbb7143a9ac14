// Runtime tables of an ECT-EAM potential (physics.md §7.5, "recommended runtime strategy"): every state density n_M(r)
// and every state-pair Coulomb remainder Φ^sr_MP(r) as a cubic Hermite interpolant on one uniform grid
// r = R_MIN … cutoff (step TABLE_DR), each with the shifted-force cut-off X(r) − X(rc) − (r − rc) X′(rc) so that
// energy and force vanish continuously at the file's cutoff. Densities use their exact slopes; Φ^sr is computed on
// a grid twice as coarse with 5-point slopes and its interpolant sampled onto the common grid. Energy and force come from the same cubic, so forces are the exact derivative of
// the tabulated energy. Φ^sr is evaluated with tabulated state densities (ect-coulomb.ts TabulatedDensity):
// the Al–O set builds in about 2–4 s instead of the 150 s of the closed forms. loadEctTables keeps built tables in
// memory and on disk ($ECTMD_CACHE, default ~/.cache/ectmd), keyed by a hash of the potential file's text and the
// grid, so that only the first pair_coeff with a given file pays for the build.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EctPotential } from './ect-file.js';
import { densitySlope, densityValue } from './ect-density.js';
import { coulombRemainderTabulated, TabulatedDensity } from './ect-coulomb.js';

/** Innermost tabulated distance (Å): pairs closer than this are an error (physics.md: Φ^sr ∝ Z_aZ_b/r there). */
export const R_MIN = 1.0;
/** Grid step (Å); test/ect/tables.test.ts holds the interpolants to the closed forms. */
export const TABLE_DR = 0.01;
/** Φ^sr is computed every COULOMB_STRIDE grid points (its cost dominates the build) and interpolated in between. */
const COULOMB_STRIDE = 2;

/** Values and slopes on r_k = R_MIN + k·TABLE_DR, k = 0 … n−1 (r_{n−1} = cutoff). */
export interface RadialTable {
  v: Float64Array;
  d: Float64Array;
}

export interface EctTables {
  cutoff: number;
  n: number;
  /** per global state index (elements in file order, their states in file order) */
  density: RadialTable[];
  /** Φ^sr of states s ≤ p at index s·S + p (and p·S + s: the same object) */
  coulomb: RadialTable[];
  /** wall time of the build or of the cache read (ms) */
  ms: number;
  /** where the tables came from */
  source: 'built' | 'memory' | 'disk';
}

/** Bump when the tables' meaning changes (grid, cut-off, integrals): old cache files are then never read. */
const TABLES_VERSION = 2;
const memo = new Map<string, EctTables>();

/** Cache folder of built tables. */
export function tableCacheDir(): string {
  return process.env.ECTMD_CACHE ?? join(homedir(), '.cache', 'ectmd');
}

/**
 * The tables of a potential file (its text and the potential read from it): from memory, from the disk cache, or
 * built (then cached; a cache that cannot be written is skipped silently, the run does not depend on it).
 */
export function loadEctTables(text: string, pot: EctPotential): EctTables {
  const key = createHash('sha256').update(`ect-tables ${TABLES_VERSION} ${R_MIN} ${TABLE_DR} ${COULOMB_STRIDE}\n`).update(text).digest('hex');
  const hit = memo.get(key);
  if (hit) return { ...hit, ms: 0, source: 'memory' };
  const S = pot.elements.reduce((k, el) => k + el.states.length, 0);
  const n = gridSize(pot.cutoff.value);
  const file = join(tableCacheDir(), `${key}.bin`);
  const t0 = performance.now();
  let tables: EctTables | null = null;
  try {
    const buf = readFileSync(file);
    const count = 2 * n * (S + (S * (S + 1)) / 2);
    if (buf.byteLength === 8 * count) {
      const all = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      let o = 0;
      const next = (): RadialTable => { const v = all.slice(o, o + n), d = all.slice(o + n, o + 2 * n); o += 2 * n; return { v, d }; };
      const density = Array.from({ length: S }, next);
      const coulomb: RadialTable[] = new Array(S * S);
      for (let a = 0; a < S; a++) for (let b = a; b < S; b++) coulomb[a * S + b] = coulomb[b * S + a] = next();
      tables = { cutoff: R_MIN + (n - 1) * TABLE_DR, n, density, coulomb, ms: performance.now() - t0, source: 'disk' };
    }
  } catch { /* not cached yet */ }
  if (!tables) {
    tables = buildEctTables(pot);
    try {
      const parts: Float64Array[] = [];
      for (const t of tables.density) parts.push(t.v, t.d);
      for (let a = 0; a < S; a++) for (let b = a; b < S; b++) parts.push(tables.coulomb[a * S + b].v, tables.coulomb[a * S + b].d);
      const out = new Float64Array(parts.reduce((k, p) => k + p.length, 0));
      let o = 0;
      for (const p of parts) { out.set(p, o); o += p.length; }
      mkdirSync(tableCacheDir(), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, new Uint8Array(out.buffer));
      renameSync(tmp, file);
    } catch { /* a read-only cache folder: build again next time */ }
  }
  memo.set(key, tables);
  return tables;
}

function shiftedForce(v: Float64Array, d: Float64Array, rc: number): RadialTable {
  const n = v.length, vc = v[n - 1], dc = d[n - 1];
  for (let k = 0; k < n; k++) {
    v[k] -= vc + (R_MIN + k * TABLE_DR - rc) * dc;
    d[k] -= dc;
  }
  return { v, d };
}

/** Grid size for a cutoff: the last point is the cutoff itself. */
export function gridSize(cutoff: number): number {
  return Math.round((cutoff - R_MIN) / TABLE_DR) + 1;
}

/** Build the density and Coulomb tables of every state of the potential's elements. */
export function buildEctTables(pot: EctPotential): EctTables {
  const t0 = performance.now();
  const rc = R_MIN + (gridSize(pot.cutoff.value) - 1) * TABLE_DR;
  const n = gridSize(pot.cutoff.value);
  const states = pot.elements.flatMap((el) => el.states.map((s) => ({ Z: el.Z, terms: s.terms })));
  const density = states.map((s) => {
    const v = new Float64Array(n), d = new Float64Array(n);
    for (let k = 0; k < n; k++) { const r = R_MIN + k * TABLE_DR; v[k] = densityValue(s.terms, r); d[k] = densitySlope(s.terms, r); }
    return shiftedForce(v, d, rc);
  });
  const tab = states.map((s) => new TabulatedDensity(s.terms));
  const S = states.length;
  const coulomb: RadialTable[] = new Array(S * S);
  for (let a = 0; a < S; a++) {
    for (let b = a; b < S; b++) {
      // Φ^sr on the coarse grid (step COULOMB_STRIDE·TABLE_DR, two extra points at each end for the 5-point slope),
      // then its cubic Hermite sampled on the fine grid: the same piecewise cubic, on the grid the pair style reads
      const h = COULOMB_STRIDE * TABLE_DR, M = Math.ceil((n - 1) / COULOMB_STRIDE);
      const ext = new Float64Array(M + 5);
      for (let m = -2; m <= M + 2; m++) ext[m + 2] = coulombRemainderTabulated(states[a].Z, tab[a], states[b].Z, tab[b], R_MIN + m * h);
      const coarse: RadialTable = { v: ext.slice(2, M + 3), d: new Float64Array(M + 1) };
      for (let m = 0; m <= M; m++) coarse.d[m] = (ext[m] - 8 * ext[m + 1] + 8 * ext[m + 3] - ext[m + 4]) / (12 * h);
      const v = new Float64Array(n), d = new Float64Array(n), out = new Float64Array(2);
      for (let k = 0; k < n; k++) { hermite(coarse, k / COULOMB_STRIDE, h, out); v[k] = out[0]; d[k] = out[1]; }
      coulomb[a * S + b] = coulomb[b * S + a] = shiftedForce(v, d, rc);
    }
  }
  return { cutoff: rc, n, density, coulomb, ms: performance.now() - t0, source: 'built' };
}

/** Cubic Hermite weights of the point x grid units (step h) from the first point of tables of n points, into hw:
 *  hw[0] the interval k, hw[1..4] the weights of v_k, d_k, v_k+1, d_k+1 in the value, hw[5..8] in the slope. One set
 *  serves every table on the same grid (applyHermite). */
export function hermiteWeights(x: number, h: number, n: number, hw: Float64Array): void {
  const k = Math.min(Math.floor(x), n - 2), u = x - k, u2 = u * u, u3 = u2 * u;
  hw[0] = k;
  hw[1] = 2 * u3 - 3 * u2 + 1; hw[2] = (u3 - 2 * u2 + u) * h; hw[3] = -2 * u3 + 3 * u2; hw[4] = (u3 - u2) * h;
  hw[5] = (6 * u2 - 6 * u) / h; hw[6] = 3 * u2 - 4 * u + 1; hw[7] = -hw[5]; hw[8] = 3 * u2 - 2 * u;
}

/** Value and slope of table t at the point of hermiteWeights hw, into out[at], out[at + 1]. */
export function applyHermite(t: RadialTable, hw: Float64Array, out: Float64Array, at: number): void {
  const k = hw[0], v0 = t.v[k], v1 = t.v[k + 1], d0 = t.d[k], d1 = t.d[k + 1];
  out[at] = hw[1] * v0 + hw[2] * d0 + hw[3] * v1 + hw[4] * d1;
  out[at + 1] = hw[5] * v0 + hw[6] * d0 + hw[7] * v1 + hw[8] * d1;
}

const HW = new Float64Array(9);

/** Cubic Hermite of a table with grid step h at x grid units from its first point: value and slope into out. */
function hermite(t: RadialTable, x: number, h: number, out: Float64Array): void {
  hermiteWeights(x, h, t.v.length, HW);
  applyHermite(t, HW, out, 0);
}

/** Value and slope of a table at r (R_MIN ≤ r ≤ cutoff), written to out[0], out[1]. */
export function evalTable(t: RadialTable, r: number, out: Float64Array): void {
  hermite(t, (r - R_MIN) / TABLE_DR, TABLE_DR, out);
}
