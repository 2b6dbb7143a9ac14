// Fitting the free parameters of an ECT-EAM set (host/potentials/ect-sets.ts, a recipe's `fit`) to experimental
// properties, measured through ectmd's own pair_style ect/eam with weight equalisation at every energy.
//
// A target is a crystal (fcc of one element, rocksalt or corundum of two) or a dimer: lattice constant (bond length)
// a0, cohesive (dissociation) energy Ec, optionally the bulk modulus B; for fcc optionally the shear moduli C', C44 and
// an ionic margin; for rocksalt optionally lower bounds on C', C44 and the zone-centre optical mode (mechanical
// stability); for rocksalt and corundum optionally a margin by which the crystal equalised from neutral charges lies
// above the target's branch. For a parameter vector the recipe is rebuilt (withParameters, buildSet), written to a
// temporary .ect file and run through the interpreter on one cell (fcc, rocksalt: the conventional cube, 4 formula
// units; corundum: a × √3a × c at fixed c/a and Wyckoff positions, 12 units): E(V) at 7 volumes around the current
// minimum (a quartic in V through them gives the minimum V0 and the curvature), recentred on the minimum
// (crystalProperties). Ec = −E(V0) (isolated neutral atoms have E = 0 by F_M(0) = E⁰_M) and B = V0 E''(V0); C' and
// C44 (and the optical mode) from strained cells (cubicModuli); the ionic margin from the pair's weight objective at
// frozen weights (ionicExcess). Because the samples move smoothly with the parameters, the properties are smooth
// functions of them and a Levenberg–Marquardt least-squares fit (log parameters, forward-difference Jacobian, fixed
// start from the recipe) converges deterministically. Every sample's weights are re-equalised by the pair style,
// started from the target's charges; the largest |q| of the samples is logged, so a fit whose samples leave the
// intended charge branch shows it.
//
// Cost: each parameter vector is a different file text, so pair_coeff builds its tables again (about 1.5 s for Cu,
// 5 s for NiO here; ect-tables.ts keys its cache on the whole text). The candidates' tables go to a temporary
// $ECTMD_CACHE that is removed afterwards, so the user's cache only ever holds shipped files.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interpreter } from '../lammps/interpreter.js';
import type { PairEctEam } from '../pair/ect-eam.js';
import { Box } from '../system/box.js';
import { METAL } from '../system/units.js';
import { choleskySolve } from './ect-build.js';
import { writeEct } from './ect-file.js';
import { buildSet, parameterName, withParameters, type CrystalTarget, type FitParameter, type SetRecipe } from './ect-sets.js';

/** Start of the error of a crystal without an energy minimum near the guess (a rejected fit step). */
const NO_MINIMUM = 'no minimum:';

/** eV Å⁻³ → GPa */
export const EV_A3_IN_GPA = METAL.nktv2p / 1e4;

/** The long-range setting of the fit's runs (docs/ect-eam.md defaults: DSF α = 0.2 Å⁻¹); KKT tolerance 1e-10 eV. */
const FIT_PAIR_STYLE = 'pair_style ect/eam 10.0 dsf 0.2 tol 1e-10';

export interface CellEnergy {
  /** potential energy per formula unit (eV): per atom for fcc, per cation–anion pair for rocksalt */
  energy: number;
  /** pressure (bar, LAMMPS metal) from the pair's virial */
  pressure: number;
  /** largest |q_i| after the equalisation (e) */
  maxCharge: number;
}

/** A crystal to measure: its structure, elements and the charges the equalisation starts from (CrystalTarget). */
export type Crystal = Pick<CrystalTarget, 'structure' | 'elements' | 'start' | 'ca'>;

const describeCrystal = (c: Crystal): string => `${c.structure} ${c.elements.join('')}`;

/** Corundum (α-Al2O3, R-3c, hexagonal setting): cation 12c (0, 0, z), anion 18e (x, 0, 1/4), derived from the positions
 *  of the LAMMPS reference data.streitz (examples/streitz), which are these with a = 4.76 Å, c = 12.9899 Å (COD entry
 *  1000032, Lutterotti & Scardi 1990: z = 0.35216, x = 0.30668). */
const CORUNDUM = { z: 0.352, x: 0.306 } as const;

/** Formula units in one cell of crystalRun (a dimer counts as one). */
const CELL_UNITS = { fcc: 4, rocksalt: 4, corundum: 12, dimer: 1 } as const;

/** Volume per formula unit (Å³) as a multiple of a³: a³/4 for fcc and rocksalt (and, formally, a dimer); for corundum
 *  (√3/2) a² c / 6 with c = (c/a)·a. */
function unitVolume(crystal: Crystal): number {
  return crystal.structure === 'corundum' ? (Math.sqrt(3) / 12) * corundumRatio(crystal) : 1 / 4;
}

function corundumRatio(crystal: Crystal): number {
  if (!(crystal.ca !== undefined && crystal.ca > 0)) throw new Error(`${describeCrystal(crystal)}: expected a positive c/a ratio for corundum, found ${crystal.ca}`);
  return crystal.ca;
}

/**
 * Energy per formula unit of the perfect crystal with lattice constant a (Å), n × n × n cells (fcc, rocksalt: the
 * conventional cube, 4 formula units; corundum: the orthogonal a × √3a × c cell, 12 formula units), through
 * `pair_style ect/eam` (FIT_PAIR_STYLE) with the potential file at `path`.
 */
export function crystalEnergy(path: string, crystal: Crystal, a: number, n = 1): CellEnergy {
  const e = crystalRun(path, crystal, a, n);
  let maxCharge = 0;
  for (let i = 0; i < e.atoms.n; i++) maxCharge = Math.max(maxCharge, Math.abs(e.atoms.q[i]));
  return { energy: e.pe() / (CELL_UNITS[crystal.structure] * (crystal.structure === 'dimer' ? 1 : n ** 3)), pressure: e.pressure(), maxCharge };
}

/** The atoms (type 1 cation, type 2 anion) of n × n × n orthogonal corundum cells a × √3a × c (60 atoms each):
 *  the 30-atom hexagonal cell from the Wyckoff positions (CORUNDUM) and its copy shifted by (a/2, √3a/2, 0). */
function corundumAtoms(a: number, c: number, n: number): Array<[number, number, number, number]> {
  const { z, x } = CORUNDUM;
  const cation = [[0, 0, z], [0, 0, 0.5 - z], [0, 0, -z], [0, 0, 0.5 + z]];
  const anion = [[x, 0, 0.25], [0, x, 0.25], [-x, -x, 0.25], [-x, 0, 0.75], [0, -x, 0.75], [x, x, 0.75]];
  const centring = [[0, 0, 0], [2 / 3, 1 / 3, 1 / 3], [1 / 3, 2 / 3, 2 / 3]];
  const X = a, Y = Math.sqrt(3) * a;
  const wrap = (v: number, L: number) => { const w = v - L * Math.floor(v / L); return w >= L - 1e-9 ? 0 : w; };
  const out: Array<[number, number, number, number]> = [];
  for (const [type, sites] of [[1, cation], [2, anion]] as const) {
    for (const s of sites) for (const t of centring) for (const shift of [[0, 0], [a / 2, Y / 2]]) {
      const f = [s[0] + t[0], s[1] + t[1], s[2] + t[2]];
      const cx = wrap(f[0] * a - f[1] * a / 2 + shift[0], X), cy = wrap(f[1] * Y / 2 + shift[1], Y), cz = wrap(f[2] * c, c);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out.push([type, cx + i * X, cy + j * Y, cz + k * c]);
    }
  }
  return out;
}

/**
 * The engine after `run 0` on the crystal (crystalEnergy); rocksalt is two fcc lattices, the anion's shifted by a/2;
 * corundum is read from a data file of corundumAtoms; a dimer is two atoms a apart in a 30 Å box with the bare Coulomb
 * sum (its energy is per molecule).
 */
function crystalRun(path: string, crystal: Crystal, a: number, n: number): Interpreter['engine'] {
  const { structure, elements, start = elements.map(() => 0) } = crystal;
  const want = structure === 'fcc' ? 1 : 2;
  if (elements.length !== want) throw new Error(`${describeCrystal(crystal)}: expected ${want} element(s) for ${structure}, found ${elements.length}`);
  if (start.length !== want) throw new Error(`${describeCrystal(crystal)}: expected ${want} start charge(s), found ${start.length}`);
  const it = new Interpreter({ kernel: 'simd', logPath: null, screen: false });
  const types = [...new Set(elements)];
  const pairCoeff = [`pair_coeff * * ${path} ${types.join(' ')}`, 'neighbor 1.0 bin'];
  let deck: string[];
  if (structure === 'dimer' || structure === 'corundum') {
    if (structure === 'dimer' && n !== 1) throw new Error(`${describeCrystal(crystal)}: expected one molecule (n = 1), found n = ${n}`);
    const dir = mkdtempSync(join(tmpdir(), `ectmd-${structure}-`));
    const data = join(dir, `${structure}.data`);
    const c = structure === 'corundum' ? corundumRatio(crystal) * a : 0;
    const atoms = structure === 'dimer' ? elements.map((_, k): [number, number, number, number] => [k + 1, 10 + k * a, 10, 10]) : corundumAtoms(a, c, n);
    const box = structure === 'dimer' ? [30, 30, 30] : [n * a, n * Math.sqrt(3) * a, n * c];
    writeFileSync(data, [`${structure} (ect-fit)`, '', `${atoms.length} atoms`, `${types.length} atom types`, '', ...box.map((L, k) => `0 ${L} ${'xyz'[k]}lo ${'xyz'[k]}hi`), '', 'Atoms', '',
      ...atoms.map(([t, x, y, z], k) => `${k + 1} ${types.indexOf(elements[t - 1]) + 1} ${start[t - 1]} ${x} ${y} ${z}`), ''].join('\n'));
    deck = ['units metal', 'atom_style charge', `read_data ${data}`, structure === 'dimer' ? 'pair_style ect/eam 10.0 coulomb tol 1e-10' : FIT_PAIR_STYLE, ...pairCoeff, 'run 0'];
    try { deck.forEach((l, i) => it.line(l, { file: 'ect-fit', line: i + 1 })); } finally { rmSync(dir, { recursive: true, force: true }); }
    return it.engine;
  }
  deck = ['units metal', 'atom_style charge', `lattice fcc ${a}`, `region cell block 0 ${n} 0 ${n} 0 ${n}`, `create_box ${want} cell`,
    'create_atoms 1 box', ...(want === 2 ? [`lattice fcc ${a} origin 0.5 0 0`, 'create_atoms 2 box'] : []),
    FIT_PAIR_STYLE, ...pairCoeff, ...start.map((q, k) => `set type ${k + 1} charge ${q}`), 'run 0'];
  deck.forEach((l, i) => it.line(l, { file: 'ect-fit', line: i + 1 }));
  return it.engine;
}

/**
 * Moduli of a cubic crystal (fcc or rocksalt) at lattice constant a from the energy of the homogeneously strained
 * 2 × 2 × 2 cell (no internal relaxation: every atom of both structures is a centre of inversion): C' = (C11 − C12)/2
 * = E''/(12 V) (GPa) for the volume-conserving tetragonal strain diag(1 + h, 1 + h, (1 + h)⁻²), C44 = E''/V (GPa) for
 * the simple shear x += γ y; central differences, h = 0.005. Rocksalt also: the zone-centre optical mode, E'' (eV Å⁻²
 * per formula unit) for the cation lattice moved by u along x against the anion lattice (h = 0.005 Å); NaN for fcc.
 */
export function cubicModuli(path: string, crystal: Crystal, a: number): { cp: number; c44: number; optical: number } {
  if (crystal.structure !== 'fcc' && crystal.structure !== 'rocksalt') throw new Error(`${describeCrystal(crystal)}: expected a cubic crystal (fcc, rocksalt) for the moduli, found ${crystal.structure}`);
  const e = crystalRun(path, crystal, a, 2);
  const n = e.atoms.n, box0 = e.box!, x0 = e.atoms.x.slice(0, 3 * n), lo = box0.lo, L = box0.hi[0] - lo[0], V = L ** 3;
  const energy = (F: number[][], u = 0): number => {
    e.box = new Box(lo, [lo[0] + F[0][0] * L, lo[1] + F[1][1] * L, lo[2] + F[2][2] * L], { xy: F[0][1] * L, xz: F[0][2] * L, yz: F[1][2] * L });
    for (let i = 0; i < n; i++) {
      const d = [x0[3 * i] - lo[0], x0[3 * i + 1] - lo[1], x0[3 * i + 2] - lo[2]];
      for (let r = 0; r < 3; r++) e.atoms.x[3 * i + r] = lo[r] + F[r][0] * d[0] + F[r][1] * d[1] + F[r][2] * d[2];
      if (e.atoms.type[i] === 1) e.atoms.x[3 * i] += u;
    }
    e.neighbor.build(e.atoms, e.box);
    e.computeForces({ eatom: false, vatom: false });
    return e.pe();
  };
  const h = 0.005, I = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const tetragonal = (s: number) => energy([[1 + s, 0, 0], [0, 1 + s, 0], [0, 0, 1 / (1 + s) ** 2]]);
  const simple = (g: number) => energy([[1, g, 0], [0, 1, 0], [0, 0, 1]]);
  const e0 = energy(I);
  return {
    cp: ((tetragonal(h) + tetragonal(-h) - 2 * e0) / (h * h) / (12 * V)) * EV_A3_IN_GPA,
    c44: ((simple(h) + simple(-h) - 2 * e0) / (h * h) / V) * EV_A3_IN_GPA,
    optical: crystal.structure === 'rocksalt' ? (energy(I, h) + energy(I, -h) - 2 * e0) / (h * h) / (n / 2) : Number.NaN,
  };
}

/**
 * E(ionic) − E(neutral) per atom (eV) of the fcc crystal at a: the pair's weight objective (PairEctEam.objective) at
 * weights frozen on the +1 state for atoms in the even (001) layers and the −1 state in the odd ones (L1_0), minus its
 * value at all-neutral weights. Both are fixed weights, so the difference is smooth in the parameters.
 */
export function ionicExcess(path: string, element: string, a: number, n = 1): number {
  const e = crystalRun(path, { structure: 'fcc', elements: [element] }, a, n);
  const pair = e.pair as PairEctEam;
  const layout = pair.weightLayout()!;
  const objective = pair.objective(e.neighbor);
  const w = new Float64Array(layout.offsets[layout.natoms]), g = new Float64Array(w.length);
  const put = (q: (i: number) => number) => {
    w.fill(0);
    for (let i = 0; i < layout.natoms; i++) {
      let k = layout.offsets[i];
      while (k < layout.offsets[i + 1] && layout.charges[k] !== q(i)) k++;
      if (k === layout.offsets[i + 1]) throw new Error(`fcc ${element} (${path}): ionic L1_0 arrangement: expected states of charge 0, +1 and -1, found charges ${Array.from(layout.charges.slice(layout.offsets[i], layout.offsets[i + 1])).join(' ')}`);
      w[k] = 1;
    }
    return objective(w, g);
  };
  const neutral = put(() => 0);
  const ionic = put((i) => (Math.round((2 * (e.atoms.x[3 * i + 2] - e.box!.lo[2])) / a) % 2 === 0 ? 1 : -1));
  return (ionic - neutral) / layout.natoms;
}

export interface CrystalProperties {
  /** lattice constant at the energy minimum (Å) */
  a0: number;
  /** cohesive energy −E(a0) per formula unit (eV) */
  cohesive: number;
  /** bulk modulus V E''(V) at the minimum (GPa) */
  bulk: number;
  /** largest |q| of any sample (e) */
  maxCharge: number;
  /** E(ionic L1_0, weights frozen on the ±1 states) − E(neutral) per atom at ionicScale·a0 (eV); NaN when not asked for */
  ionic: number;
  /** E(equalised from neutral charges) − E(equalised from the crystal's start) per formula unit at a0 (eV); NaN when not asked for */
  neutral: number;
  /** shear moduli C' and C44 at a0 (GPa); NaN when not asked for */
  cp: number;
  c44: number;
  /** rocksalt: zone-centre optical mode E'' at a0 (eV Å⁻² per formula unit); NaN when not asked for or fcc */
  optical: number;
}

/** Coefficients c0…c4 of the quartic through five or more points (least squares, normal equations). */
function quartic(x: number[], y: number[]): number[] {
  const A = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => x.reduce((s, v) => s + v ** (i + j), 0)));
  const b = Array.from({ length: 5 }, (_, i) => x.reduce((s, v, k) => s + v ** i * y[k], 0));
  return choleskySolve(A, b);
}

/**
 * a0, Ec and B of the crystal (file at `path`) from E(V) at V = V̄(1 + kδ), k = −3…3 (V per formula unit, unitVolume),
 * and the quartic in t = V/V̄ − 1 through them: starting at V̄ = V(aGuess), a pass whose minimum lies outside the samples
 * moves V̄ to the lowest sample (at most 4 times); a pass with the minimum inside recentres V̄ on it and halves δ; the
 * second such pass gives the result. Throws when no minimum is found. ionicScale (fcc only): also ionicExcess there;
 * moduli: also cubicModuli at a0; neutral: also the energy of the crystal equalised from neutral charges at a0.
 */
export function crystalProperties(path: string, crystal: Crystal, aGuess: number, n = 1, delta = 0.03, ionicScale?: number, moduli = false, neutral = false): CrystalProperties {
  const perA3 = unitVolume(crystal);
  let vbar = perA3 * aGuess ** 3, d = delta, maxCharge = 0, inside = 0, moves = 0;
  for (;;) {
    const t = [-3, -2, -1, 0, 1, 2, 3].map((k) => k * d);
    const E = t.map((tk) => {
      const c = crystalEnergy(path, crystal, Math.cbrt((vbar * (1 + tk)) / perA3), n);
      maxCharge = Math.max(maxCharge, c.maxCharge);
      return c.energy;
    });
    const c = quartic(t, E);
    const dE = (x: number) => c[1] + 2 * c[2] * x + 3 * c[3] * x * x + 4 * c[4] * x ** 3;
    const d2E = (x: number) => 2 * c[2] + 6 * c[3] * x + 12 * c[4] * x * x;
    const lowest = t[E.indexOf(Math.min(...E))];
    // Newton on E'(t) = 0 from the sampled point of lowest energy
    let x = lowest;
    for (let k = 0; k < 50 && Math.abs(dE(x)) > 1e-14; k++) x -= dE(x) / d2E(x);
    if (!(Math.abs(x) <= 3 * d) || !(d2E(x) > 0)) {
      if (Math.abs(lowest) === 3 * d && moves < 4) { vbar *= 1 + lowest; moves++; continue; }
      throw new Error(`${NO_MINIMUM} ${describeCrystal(crystal)} (${path}): expected an energy minimum near a = ${Math.cbrt(vbar / perA3).toFixed(4)} A, found E per formula unit ${E.map((v) => v.toFixed(4)).join(' ')} eV at a = ${t.map((tk) => Math.cbrt((vbar * (1 + tk)) / perA3).toFixed(4)).join(' ')} A`);
    }
    const v0 = vbar * (1 + x);
    if (++inside === 2) {
      const cohesive = -(c[0] + c[1] * x + c[2] * x * x + c[3] * x ** 3 + c[4] * x ** 4);
      const a0 = Math.cbrt(v0 / perA3);
      const { cp, c44, optical } = moduli ? cubicModuli(path, crystal, a0) : { cp: Number.NaN, c44: Number.NaN, optical: Number.NaN };
      const above = neutral ? crystalEnergy(path, { ...crystal, start: crystal.elements.map(() => 0) }, a0, n).energy + cohesive : Number.NaN;
      return { a0, cohesive, bulk: ((v0 * d2E(x)) / (vbar * vbar)) * EV_A3_IN_GPA, maxCharge, ionic: ionicScale === undefined ? Number.NaN : ionicExcess(path, crystal.elements[0], ionicScale * a0, n), neutral: above, cp, c44, optical };
    }
    vbar = v0;
    d /= 2;
  }
}

export interface FitResult {
  values: number[];
  /** achieved properties per target, in the recipe's order */
  achieved: CrystalProperties[];
  iterations: number;
  evaluations: number;
}

/** Residuals are relative errors divided by these: a0 1e-3, Ec 1e-3, B 1e-2, C' and C44 0.1 (the shear moduli are
 *  secondary: the functional form cannot reach the experimental C44 together with a0, Ec, B; they are fitted so that
 *  fcc is stable and as close as the rest allows); the ionic margin's and the neutral margin's absolute errors by
 *  0.01 eV (per atom, per formula unit). A stability bound (rocksalt C', C44, optical mode) is one-sided:
 *  min(0, value/bound − 1), divided by 0.1 like the shear moduli. */
const RESIDUAL_SCALE = { a0: 1e-3, cohesive: 1e-3, bulk: 1e-2, shear: 0.1, ionic: 0.01 } as const;

/** Check a recipe's fit block before any run, with errors naming what was expected and found. */
function checkFit(recipe: SetRecipe): { parameters: FitParameter[]; targets: CrystalTarget[] } {
  const fit = recipe.fit;
  if (!fit) throw new Error(`${recipe.file}: expected a recipe with a 'fit' block (free parameters and targets), found none`);
  if (fit.parameters.length === 0) throw new Error(`${recipe.file}: expected at least one fit parameter, found none`);
  if (fit.targets.length === 0) throw new Error(`${recipe.file}: expected at least one fit target, found none`);
  const symbols = recipe.elements.map((e) => e.symbol);
  let count = 0;
  for (const t of fit.targets) {
    const what = `${recipe.file}: fit target ${describeCrystal(t)}`;
    for (const el of t.elements) if (!symbols.includes(el)) throw new Error(`${what}: expected elements of the set (${symbols.join(' ')}), found ${el}`);
    for (const [k, v] of [['a0', t.a0], ['cohesive', t.cohesive], ['bulk', t.bulk ?? 1]] as const) {
      if (!(Number.isFinite(v) && v > 0)) throw new Error(`${what} ${k}: expected a positive number, found ${v}`);
    }
    if (t.structure === 'dimer' && t.bulk !== undefined) throw new Error(`${what}: expected no bulk modulus for a dimer, found ${t.bulk}`);
    if ((t.ionic || t.shear) && t.structure !== 'fcc') throw new Error(`${what}: expected an ionic margin and shear moduli only for fcc, found them for ${t.structure}`);
    if (t.stability && t.structure !== 'rocksalt') throw new Error(`${what}: expected stability bounds only for rocksalt, found them for ${t.structure}`);
    if (t.neutralMargin !== undefined && t.structure !== 'rocksalt' && t.structure !== 'corundum') throw new Error(`${what}: expected a margin over the neutral crystal only for rocksalt and corundum, found it for ${t.structure}`);
    count += 2 + (t.bulk === undefined ? 0 : 1) + (t.ionic === undefined ? 0 : 1) + (t.shear === undefined ? 0 : 2) + (t.stability === undefined ? 0 : 3) + (t.neutralMargin === undefined ? 0 : 1);
  }
  if (count < fit.parameters.length) {
    throw new Error(`${recipe.file}: expected at most ${count} free parameters for ${count} target values (a0, Ec and any B, ionic margin, shear moduli, stability bounds and neutral margin of each target), found ${fit.parameters.length}`);
  }
  // withParameters checks that every parameter names a state or pair of the recipe
  withParameters(recipe, fit.parameters, fit.parameters.map((p) => p.start));
  return { parameters: fit.parameters, targets: fit.targets };
}

/**
 * Fit the recipe's free parameters from their start values to its targets (Levenberg–Marquardt on log parameters).
 * `dataDir` holds the Koga files of buildSet; `log` receives one line per accepted step.
 */
export function fitSet(recipe: SetRecipe, dataDir: string, log: (line: string) => void = () => {}): FitResult {
  const { parameters, targets } = checkFit(recipe);
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-fit-'));
  const cacheBefore = process.env.ECTMD_CACHE;
  process.env.ECTMD_CACHE = join(dir, 'cache');
  let evaluations = 0;
  const measure = (u: number[]): { r: number[]; props: CrystalProperties[] } | null => {
    evaluations++;
    const values = u.map(Math.exp);
    const path = join(dir, `candidate-${evaluations}.ect`);
    writeFileSync(path, writeEct(buildSet(withParameters({ ...recipe, fit: undefined }, parameters, values), dataDir)));
    try {
      const props = targets.map((t) => crystalProperties(path, t, t.a0, 1, 0.03, t.ionic?.scale, t.shear !== undefined || t.stability !== undefined, t.neutralMargin !== undefined));
      const bound = (value: number, min: number) => Math.min(0, value / min - 1) / RESIDUAL_SCALE.shear;
      const r = props.flatMap((p, k) => [
        (p.a0 / targets[k].a0 - 1) / RESIDUAL_SCALE.a0,
        (p.cohesive / targets[k].cohesive - 1) / RESIDUAL_SCALE.cohesive,
        ...(targets[k].bulk === undefined ? [] : [(p.bulk / targets[k].bulk! - 1) / RESIDUAL_SCALE.bulk]),
        ...(targets[k].ionic === undefined ? [] : [(p.ionic - targets[k].ionic!.margin) / RESIDUAL_SCALE.ionic]),
        ...(targets[k].shear === undefined ? [] : [(p.cp / targets[k].shear!.cp - 1) / RESIDUAL_SCALE.shear, (p.c44 / targets[k].shear!.c44 - 1) / RESIDUAL_SCALE.shear]),
        ...(targets[k].neutralMargin === undefined ? [] : [(p.neutral - targets[k].neutralMargin!) / RESIDUAL_SCALE.ionic]),
        ...(targets[k].stability === undefined ? [] : [bound(p.cp, targets[k].stability!.cp), bound(p.c44, targets[k].stability!.c44), bound(p.optical, targets[k].stability!.optical)]),
      ]);
      return { r, props };
    } catch (err) {
      if (err instanceof Error && err.message.startsWith(NO_MINIMUM)) return null; // no minimum: a rejected step
      throw err;
    } finally {
      rmSync(path, { force: true });
    }
  };
  const cost = (r: number[]) => r.reduce((s, v) => s + v * v, 0);
  try {
    let u = parameters.map((p) => Math.log(p.start));
    const first = measure(u);
    if (!first) throw new Error(`${recipe.file}: expected the start values (${parameters.map((p) => `${parameterName(p)} ${p.start}`).join(', ')}) to give an energy minimum near each target a0, found none: choose another start`);
    let { r, props } = first;
    let lambda = 1e-3, iterations = 0, stalled = false;
    const maxIterations = recipe.fit!.maxSteps ?? 30;
    // forward-difference step in ln p: large enough that B (a curvature, sampled to ~1e-5) is not noise
    const h = 1e-3;
    log(`start: ${describe(parameters, u, props)} cost ${cost(r).toExponential(3)}`);
    // until every residual is below 0.1 (a0, Ec to 1e-4, B to 1e-3 relative, a margin to 1e-3 eV) or a step gains < 1 %
    while (iterations < maxIterations && r.some((v) => Math.abs(v) > 0.1)) {
      iterations++;
      const J: number[][] = r.map(() => new Array<number>(u.length).fill(0));
      for (let k = 0; k < u.length; k++) {
        const up = u.slice(); up[k] += h;
        const m = measure(up);
        if (!m) throw new Error(`${recipe.file}: the fcc minimum vanished for a step of ${h} in ln(${parameterName(parameters[k])}) from ${describe(parameters, u, props)}`);
        m.r.forEach((v, i) => { J[i][k] = (v - r[i]) / h; });
      }
      const JtJ = u.map((_, a) => u.map((_, b) => J.reduce((s, row) => s + row[a] * row[b], 0)));
      const Jtr = u.map((_, a) => J.reduce((s, row, i) => s + row[a] * r[i], 0));
      let accepted = false;
      for (let tries = 0; tries < 12 && !accepted; tries++) {
        const M = JtJ.map((row, a) => row.map((v, b) => (a === b ? v * (1 + lambda) + 1e-12 : v)));
        const step = choleskySolve(M, Jtr.map((v) => -v));
        // at most a factor e per parameter and step
        const big = Math.max(...step.map(Math.abs));
        const s = big > 1 ? step.map((v) => v / big) : step;
        const trial = u.map((v, k) => v + s[k]);
        const m = measure(trial);
        if (m && cost(m.r) < cost(r)) {
          stalled = cost(m.r) > 0.99 * cost(r);
          u = trial; r = m.r; props = m.props; lambda = Math.max(lambda / 3, 1e-7); accepted = true;
        } else {
          lambda *= 4;
        }
      }
      if (!accepted) break;
      log(`step ${iterations}: ${describe(parameters, u, props)} cost ${cost(r).toExponential(3)}`);
      if (stalled) break;
    }
    return { values: u.map(Math.exp), achieved: props, iterations, evaluations };
  } finally {
    if (cacheBefore === undefined) delete process.env.ECTMD_CACHE; else process.env.ECTMD_CACHE = cacheBefore;
    rmSync(dir, { recursive: true, force: true });
  }
}

function describe(parameters: FitParameter[], u: number[], props: CrystalProperties[]): string {
  return `${parameters.map((p, k) => `${parameterName(p)} ${Math.exp(u[k]).toPrecision(8)}`).join(', ')} -> ${props.map((p) => `a0 ${p.a0.toFixed(5)} A, Ec ${p.cohesive.toFixed(4)} eV, B ${p.bulk.toFixed(1)} GPa${Number.isNaN(p.cp) ? '' : `, C' ${p.cp.toFixed(1)}, C44 ${p.c44.toFixed(1)} GPa`}${Number.isNaN(p.optical) ? '' : `, optical ${p.optical.toFixed(2)} eV/A2`}${Number.isNaN(p.ionic) ? '' : `, ionic ${p.ionic.toFixed(3)} eV`}${Number.isNaN(p.neutral) ? '' : `, neutral ${p.neutral.toFixed(3)} eV above`}, max |q| ${p.maxCharge.toExponential(1)}`).join('; ')}`;
}
