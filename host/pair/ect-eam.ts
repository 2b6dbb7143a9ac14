// pair_style ect/eam RC [dsf ALPHA | wolf ALPHA | coulomb] [tol TOL] [maxiter N] [te T]: the ensemble charge-transfer
// embedded-atom method (physics.md §3.2 with J = 0; optional entropic smoothing T_e Σ w ln w, §4.5, solved by mirror
// descent, host/equalize/mirror.ts). Every atom is a weighted ensemble of its element's states;
// at every force evaluation the weights minimise the energy at fixed positions and fixed total charge (weight
// equalisation, §4, by the SPG engine of host/equalize, warm-started from the last solution); forces and virial are then
// the partial derivatives at those weights (envelope theorem, §5). Long range acts on the net charges q_i = Σ w_iM q_M
// (§8: DSF as LAMMPS coul/dsf, Wolf with its consistent force, or the bare 1/r sum inside RC). The converged charges
// are written to the atoms' q; weights and solver statistics are read by compute ect/weights and compute ect/stats
// (host/compute/ect.ts). Everything runs on the host (JavaScript) over the kernel's half neighbour list.

import type { Atoms } from '../system/atoms.js';
import type { Arena } from '../wasm/arena.js';
import type { Neighbor } from '../neighbor/neighbor.js';
import type { Where } from '../lammps/where.js';
import type { ComputeFlags, PairEnergy, PairStyle } from './pair.js';
import { EctmdError, inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import { readPotentialFile } from '../potentials/resolve.js';
import { readEct, type EctPotential, type EctState } from '../potentials/ect-file.js';
import { applyHermite, hermiteWeights, loadEctTables, R_MIN, TABLE_DR, type EctTables, type RadialTable } from '../potentials/ect-tables.js';
import { embedding } from '../potentials/ect-embedding.js';
import { COULOMB_EV_A } from '../potentials/ect-coulomb.js';
import { atomCharges, type StateLayout } from '../equalize/feasible.js';
import { SpgSolver, type SpgOptions, type WeightSolver } from '../equalize/spg.js';
import { MirrorSolver } from '../equalize/mirror.js';
import { addEntropyPerAtom, entropic, entropyTerm } from '../equalize/entropy.js';

export type LongRange = 'dsf' | 'wolf' | 'coulomb';

/** Default KKT tolerance of the weight equalisation (eV per unit weight; physics.md §4.7 asks ≤ 1e-6 for MD). */
export const DEFAULT_TOLERANCE = 1e-8;
export const DEFAULT_MAXITER = 1000;
/** Default damping of DSF/Wolf (Å⁻¹): physics.md §8.6, α ≤ 0.2 avoids the self-term artefact. */
export const DEFAULT_ALPHA = 0.2;

/** What the last weight equalisation did (compute ect/stats). */
export interface EctStats {
  iterations: number;
  /** KKT residual (eV) */
  residual: number;
  /** Σ_i q_i after the solve (e) */
  charge: number;
  /** global multiplier μ = ∂E/∂q (eV/e) */
  mu: number;
  evaluations: number;
  /** largest |Δw| of any weight since the previous solve (jump watch, physics.md §4.5) */
  maxJump: number;
  /** T_e Σ w ln w at the converged weights (eV, ≤ 0; 0 without smoothing): pe = Ω = E + this */
  entropic: number;
}

interface TypeInfo {
  /** element index in the potential */
  element: number;
  /** global state indices (into the tables) */
  states: number[];
  charges: number[];
  defs: EctState[];
}

/**
 * Starting weights of one atom from its charge q: the state of charge q, or a mixture of the two states whose charges
 * bracket q (the first state of a charge in file order, i.e. the ground state); q outside the states' range takes the
 * nearest end. Written to w[o …].
 */
export function startWeights(charges: readonly number[], q: number, w: Float64Array, o: number): void {
  const first = (c: number) => charges.indexOf(c);
  const sorted = [...new Set(charges)].sort((x, y) => x - y);
  if (q <= sorted[0]) { w[o + first(sorted[0])] = 1; return; }
  if (q >= sorted[sorted.length - 1]) { w[o + first(sorted[sorted.length - 1])] = 1; return; }
  const k = sorted.findIndex((c) => c >= q);
  if (sorted[k] === q) { w[o + first(q)] = 1; return; }
  const lo = sorted[k - 1], hi = sorted[k], t = (q - lo) / (hi - lo);
  w[o + first(lo)] = 1 - t;
  w[o + first(hi)] = t;
}

export class PairEctEam implements PairStyle {
  readonly name = 'ect/eam';
  rc = 0;
  mode: LongRange = 'dsf';
  alpha = DEFAULT_ALPHA;
  /** entropic smoothing T_e (eV): the weights minimise Ω = E + T_e Σ w ln w (physics.md §4.5); 0 = none */
  te = 0;
  /** SPG settings (tol, maxiter of pair_style); the solver reads them at every solve */
  readonly solverOptions: SpgOptions = { tolerance: DEFAULT_TOLERANCE, maxIterations: DEFAULT_MAXITER, memory: 10 };
  private pot: EctPotential | null = null;
  private tables: EctTables | null = null;
  /** per type 1..ntypes (index 0 unused), null for NULL */
  private types: Array<TypeInfo | null> = [];
  private atoms: Atoms | null = null;
  private arena: Arena | null = null;
  private layout: StateLayout | null = null;
  private layoutTypes: Int32Array | null = null;
  private spg: WeightSolver | null = null;
  /** converged weights of the owned atoms, slots of layout */
  weights: Float64Array | null = null;
  stats: EctStats = { iterations: 0, residual: 0, charge: 0, mu: 0, evaluations: 0, maxJump: 0, entropic: 0 };
  /** pair buffers of prepare(), kept between evaluations (capacity: list entries) */
  private pairCap = 0;
  private pi = new Int32Array(0); private pj = new Int32Array(0); private pjr = new Int32Array(0); private pdata = new Int32Array(0);
  private pr = new Float64Array(0); private pdx = new Float64Array(0); private pdy = new Float64Array(0); private pdz = new Float64Array(0);
  private pv = new Float64Array(0); private pdv = new Float64Array(0);
  private data = new Float64Array(0);
  /** k_e u(r) of the long-range kernel (attach) */
  private lrTable: RadialTable | null = null;
  /** φ_rep parameters [A, b, rc] per element pair ea·E + eb */
  private rep: Array<[number, number, number]> = [];

  settings(args: string[], where: Where): void {
    const usage = "'ect/eam RC [dsf ALPHA | wolf ALPHA | coulomb] [tol TOL] [maxiter N] [te T]'";
    const bad = (expected: string, found: string) => inputError(where.file, where.line, 'Illegal pair_style ect/eam command', expected, found);
    if (args.length < 1) throw bad(usage, 'no arguments');
    this.rc = parseFiniteFloat(args[0], where.file, where.line, 'pair_style ect/eam cutoff RC');
    if (!(this.rc > 0)) throw bad('a positive cutoff RC', args[0]);
    for (let k = 1; k < args.length;) {
      const key = args[k];
      if (key === 'dsf' || key === 'wolf') {
        this.mode = key;
        this.alpha = parseFiniteFloat(args[k + 1], where.file, where.line, `pair_style ect/eam ${key} ALPHA`);
        if (!(this.alpha >= 0)) throw bad('ALPHA >= 0', args[k + 1]);
        k += 2;
      } else if (key === 'coulomb') {
        this.mode = 'coulomb';
        k += 1;
      } else if (key === 'tol') {
        this.solverOptions.tolerance = parseFiniteFloat(args[k + 1], where.file, where.line, 'pair_style ect/eam tol');
        if (!(this.solverOptions.tolerance > 0)) throw bad('tol > 0', args[k + 1]);
        k += 2;
      } else if (key === 'maxiter') {
        this.solverOptions.maxIterations = parseInteger(args[k + 1], where.file, where.line, 'pair_style ect/eam maxiter');
        if (this.solverOptions.maxIterations < 1) throw bad('maxiter >= 1', args[k + 1]);
        k += 2;
      } else if (key === 'te') {
        this.te = parseFiniteFloat(args[k + 1], where.file, where.line, 'pair_style ect/eam te T');
        if (!(this.te >= 0)) throw bad('te T >= 0 (eV)', args[k + 1]);
        k += 2;
      } else {
        throw bad(`one of dsf ALPHA, wolf ALPHA, coulomb, tol TOL, maxiter N, te T (${usage})`, key);
      }
    }
  }

  coeff(args: string[], where: Where, atoms: Atoms): void {
    const nt = atoms.ntypes;
    if (args.length !== 3 + nt || args[0] !== '*' || args[1] !== '*') {
      throw inputError(where.file, where.line, 'Incorrect args for pair coefficients', `'* * FILE.ect' and ${nt} element names or NULL (one per type)`, `'${args.join(' ')}'`);
    }
    const { path, text } = readPotentialFile(args[2], where, 'ECT-EAM potential file');
    const pot = readEct(text, path);
    const types: Array<TypeInfo | null> = [null];
    const first: number[] = [];
    let s0 = 0;
    for (const el of pot.elements) { first.push(s0); s0 += el.states.length; }
    for (let t = 1; t <= nt; t++) {
      const sym = args[2 + t];
      if (sym === 'NULL') { types.push(null); continue; }
      const e = pot.elements.findIndex((el) => el.symbol === sym);
      if (e < 0) throw inputError(where.file, where.line, 'Potential file is missing an element', `one of ${pot.elements.map((el) => el.symbol).join(' ')} (elements of ${path}) or NULL`, sym);
      const el = pot.elements[e];
      types.push({ element: e, states: el.states.map((_, k) => first[e] + k), charges: el.states.map((s) => s.charge), defs: el.states });
      atoms.mass[t] = el.mass.value;
      atoms.massSet[t] = 1;
    }
    if (types.every((t) => t === null)) throw inputError(where.file, where.line, 'Incorrect args for pair coefficients', 'at least one element', 'only NULL');
    this.tables = loadEctTables(text, pot);
    this.pot = pot;
    this.types = types;
    const E = pot.elements.length;
    this.rep = [];
    for (let ea = 0; ea < E; ea++) {
      for (let eb = 0; eb < E; eb++) {
        const sa = pot.elements[ea].symbol, sb = pot.elements[eb].symbol;
        const rep = pot.repulsion.find((x) => (x.pair[0] === sa && x.pair[1] === sb) || (x.pair[0] === sb && x.pair[1] === sa))!;
        this.rep.push([rep.amplitude.value, rep.length.value, rep.cutoff.value]);
      }
    }
    this.layout = null;
  }

  covers(i: number, j: number): boolean { return !!this.types[i] && !!this.types[j]; }

  /** most states any mapped element has */
  maxStates(): number { return Math.max(0, ...this.types.map((t) => t?.states.length ?? 0)); }

  /** Slot offsets of the converged weights per owned atom (null before the first force evaluation). */
  weightLayout(): StateLayout | null { return this.layout; }

  extract(name: string): number | undefined { return name === 'cut_coul' ? this.rc : undefined; }

  init(atoms: Atoms, where: Where): number {
    if (!this.pot || !this.tables) throw new EctmdError(`${where.file}:${where.line}: All pair coeffs are not set (pair_style ect/eam has no pair_coeff)`, where.file, where.line);
    this.atoms = atoms;
    return Math.max(this.rc, this.tables.cutoff);
  }

  attach(arena: Arena): void {
    this.arena = arena;
    this.lrTable = this.longRangeTable();
  }

  /**
   * k_e u(r) of the long-range pair kernel on the grid of the ECT-EAM tables (R_MIN … RC, step TABLE_DR) with exact
   * slopes: DSF v(r) − v(RC) − (r − RC)v′(RC), Wolf v(r) − v(RC), bare 1/r; v = erfc(αr)/r (physics.md §8.2–8.3).
   */
  private longRangeTable(): RadialTable {
    const erfc = this.arena!.kernel.k.coul_erfc, a = this.alpha, rc = this.rc, ke = COULOMB_EV_A;
    const v = (r: number) => this.mode === 'coulomb' ? 1 / r : erfc(a * r) / r;
    const dv = (r: number) => this.mode === 'coulomb' ? -1 / (r * r) : -erfc(a * r) / (r * r) - (2 * a / Math.sqrt(Math.PI)) * Math.exp(-a * a * r * r) / r;
    const vc = this.mode === 'coulomb' ? 0 : v(rc), dvc = this.mode === 'dsf' ? dv(rc) : 0;
    const n = Math.max(2, Math.ceil((rc - R_MIN) / TABLE_DR) + 1);
    const t: RadialTable = { v: new Float64Array(n), d: new Float64Array(n) };
    for (let k = 0; k < n; k++) {
      const r = R_MIN + k * TABLE_DR;
      t.v[k] = ke * (v(r) - vc - (r - rc) * dvc);
      t.d[k] = ke * (dv(r) - dvc);
    }
    return t;
  }

  /** The self-energy coefficient s of the long-range sum: self energy −k_e s q_i² per atom (physics.md §8.2, §8.3). */
  private selfCoefficient(): number {
    const a = this.alpha, rc = this.rc, erfc = this.arena!.kernel.k.coul_erfc;
    if (this.mode === 'coulomb') return 0;
    if (this.mode === 'wolf') return erfc(a * rc) / (2 * rc) + a / Math.sqrt(Math.PI);
    // LAMMPS coul/dsf: ½ e_shift + α/√π with e_shift = erfc(α rc)/rc − rc v′(rc)
    const eShift = erfc(a * rc) / rc + (erfc(a * rc) / rc + (2 * a / Math.sqrt(Math.PI)) * Math.exp(-a * a * rc * rc));
    return 0.5 * eShift + a / Math.sqrt(Math.PI);
  }

  /** Layout of the owned atoms' states (rebuilt when atoms or types change; the weights restart from the atoms' q). */
  private ensureLayout(n: number, type: Int32Array): StateLayout {
    if (this.layout && this.layout.natoms === n && this.layoutTypes!.every((t, i) => t === type[i])) return this.layout;
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const info = this.types[type[i]];
      if (!info) throw new EctmdError(`pair ect/eam: atom ${this.atoms!.tag[i]} has type ${type[i]}, which pair_coeff maps to NULL (ect/eam does not run under hybrid)`);
      offsets[i + 1] = offsets[i] + info.states.length;
    }
    const charges = new Float64Array(offsets[n]);
    const w = new Float64Array(offsets[n]);
    let q = 0;
    for (let i = 0; i < n; i++) {
      const info = this.types[type[i]]!;
      for (let k = 0; k < info.states.length; k++) charges[offsets[i] + k] = info.charges[k];
      startWeights(info.charges, this.atoms!.q[i], w, offsets[i]);
      q += this.atoms!.q[i];
    }
    this.layout = { natoms: n, offsets, charges };
    this.layoutTypes = type.slice(0, n);
    this.weights = w;
    try {
      this.spg = this.te > 0 ? new MirrorSolver(this.layout, q, this.solverOptions, this.te) : new SpgSolver(this.layout, q, this.solverOptions);
    } catch (err) {
      if (err instanceof EctmdError) throw new EctmdError(`pair ect/eam: ${err.message} (the total charge is the sum of the atoms' q when the first force evaluation happens)`);
      throw err;
    }
    return this.layout;
  }

  /**
   * The weight-equalisation objective at the current positions (list current): E(w) with ∂E/∂w written to g
   * (physics.md §3.2, §4.2) over the owned atoms' weight slots of weightLayout(). Exposed for tests and solvers.
   */
  objective(nb: Neighbor): (w: Float64Array, g: Float64Array) => number {
    const ctx = this.prepare(nb);
    return (w, g) => ctx.evaluate(w, g);
  }

  /** Pairs of the half list inside either cutoff with every table value they need (the solver then only does
   *  arithmetic), and the energy evaluator over them. */
  private prepare(nb: Neighbor) {
    const a = this.arena!, tables = this.tables!, atoms = this.atoms!;
    const n = nb.nlocal, ng = nb.nghost, nall = n + ng;
    const x = a.f64('x', 3 * nall), type = a.i32('type', nall), offs = a.i32('offs', n + 1), idx = a.i32('idx', Math.max(1, offs[n]));
    const owner = a.i32('owner', Math.max(1, ng));
    const layout = this.ensureLayout(n, type);
    const { offsets, charges } = layout;
    const S = tables.density.length;
    const rcs = tables.cutoff, rcs2 = rcs * rcs, rcl2 = this.rc * this.rc;
    const lr = this.lrTable!, nlr = lr.v.length;

    // list entries bound the pair count; the table block grows as needed (buffers kept between evaluations)
    const cap = offs[n];
    if (this.pairCap < cap) {
      this.pairCap = cap;
      this.pi = new Int32Array(cap); this.pj = new Int32Array(cap); this.pjr = new Int32Array(cap); this.pdata = new Int32Array(cap);
      this.pr = new Float64Array(cap); this.pdx = new Float64Array(cap); this.pdy = new Float64Array(cap); this.pdz = new Float64Array(cap);
      this.pv = new Float64Array(cap); this.pdv = new Float64Array(cap);
    }
    const { pi, pj, pjr, pdata, pr, pdx, pdy, pdz, pv, pdv } = this;
    const hw = new Float64Array(9), vd = new Float64Array(2);
    let data = this.data, nd = 0, np = 0;
    for (let i = 0; i < n; i++) {
      const ti = this.types[type[i]]!;
      const xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
      for (let kk = offs[i]; kk < offs[i + 1]; kk++) {
        const j = idx[kk];
        const dx = xi - x[3 * j], dy = yi - x[3 * j + 1], dz = zi - x[3 * j + 2];
        const r2 = dx * dx + dy * dy + dz * dz;
        if (r2 >= rcs2 && r2 >= rcl2) continue;
        const r = Math.sqrt(r2);
        const jo = j < n ? j : owner[j - n];
        if (r < R_MIN) throw new EctmdError(`pair ect/eam: atoms ${atoms.tag[i]} and ${atoms.tag[jo]} are ${r.toFixed(4)} Å apart, closer than the ${R_MIN} Å where the ECT-EAM tables start`);
        const p = np++;
        pi[p] = i; pj[p] = jo; pjr[p] = j; pr[p] = r; pdx[p] = dx; pdy[p] = dy; pdz[p] = dz;
        if (r2 < rcl2) {
          // k_e u(r) of the long-range kernel from its table
          hermiteWeights((r - R_MIN) / TABLE_DR, TABLE_DR, nlr, hw);
          applyHermite(lr, hw, vd, 0);
          pv[p] = vd[0]; pdv[p] = vd[1];
        } else { pv[p] = 0; pdv[p] = 0; }
        if (r2 >= rcs2) { pdata[p] = -1; continue; }
        const tj = this.types[type[j]]!;
        const need = 2 * (ti.states.length + tj.states.length + ti.states.length * tj.states.length + 1);
        if (nd + need > data.length) { const grown = new Float64Array(Math.max(2 * data.length, 1024, nd + need)); grown.set(data.subarray(0, nd)); data = this.data = grown; }
        pdata[p] = nd;
        // n_P(r) of j's states (density at i) and n_M(r) of i's states (density at j), Φ^sr_MP and φ_rep, each value
        // and slope; one set of Hermite weights for all tables of the pair
        hermiteWeights((r - R_MIN) / TABLE_DR, TABLE_DR, tables.n, hw);
        for (const s of tj.states) { applyHermite(tables.density[s], hw, data, nd); nd += 2; }
        for (const s of ti.states) { applyHermite(tables.density[s], hw, data, nd); nd += 2; }
        for (const sm of ti.states) for (const sp of tj.states) { applyHermite(tables.coulomb[sm * S + sp], hw, data, nd); nd += 2; }
        this.repulsion(ti.element, tj.element, r, data, nd);
        nd += 2;
      }
    }
    const rho = new Float64Array(n), fp = new Float64Array(n), q = new Float64Array(n), V = new Float64Array(n);
    const selfS = this.selfCoefficient(), ke = COULOMB_EV_A;
    const typeOf = (i: number) => this.types[type[i]]!;

    // E(w) and ∂E/∂w (physics.md §3.2, §4.2); parts returns the split and per-atom energies when asked
    // the energy split of the last evaluation (SPG's last evaluation is at the weights it returns)
    const last = { embed: 0, rep: 0, sr: 0, lr: 0 };
    const evaluate = (w: Float64Array, g: Float64Array | null, eatom: Float64Array | null = null): number => {
      rho.fill(0);
      for (let p = 0; p < np; p++) {
        const o = pdata[p];
        if (o < 0) continue;
        const i = pi[p], j = pj[p], Ki = offsets[i + 1] - offsets[i], Kj = offsets[j + 1] - offsets[j];
        let ri = 0, rj = 0;
        for (let P = 0; P < Kj; P++) ri += w[offsets[j] + P] * data[o + 2 * P];
        for (let M = 0; M < Ki; M++) rj += w[offsets[i] + M] * data[o + 2 * Kj + 2 * M];
        rho[i] += ri; rho[j] += rj;
      }
      let energy = 0, eEmbed = 0;
      atomCharges(layout, w, q);
      for (let i = 0; i < n; i++) {
        const defs = typeOf(i).defs;
        let fpi = 0, ei = 0;
        for (let M = 0; M < defs.length; M++) {
          const [F, dF] = embedding(defs[M], rho[i]);
          const s = offsets[i] + M;
          if (g) g[s] = F;
          ei += w[s] * F; fpi += w[s] * dF;
        }
        fp[i] = fpi;
        eEmbed += ei;
        if (eatom) eatom[i] += ei - ke * selfS * q[i] * q[i];
        V[i] = -2 * ke * selfS * q[i];
      }
      let eSelf = 0;
      for (let i = 0; i < n; i++) eSelf -= ke * selfS * q[i] * q[i];
      let eLr = eSelf, eSr = 0, eRep = 0;
      for (let p = 0; p < np; p++) {
        const i = pi[p], j = pj[p];
        const ulr = pv[p] * q[i] * q[j];
        V[i] += pv[p] * q[j]; V[j] += pv[p] * q[i];
        eLr += ulr;
        const o = pdata[p];
        let upair = ulr;
        if (o >= 0) {
          const oi = offsets[i], oj = offsets[j], Ki = offsets[i + 1] - oi, Kj = offsets[j + 1] - oj;
          const oc = o + 2 * (Ki + Kj);
          let phi = 0;
          for (let M = 0; M < Ki; M++) {
            let gi = 0;
            for (let P = 0; P < Kj; P++) {
              const c = data[oc + 2 * (M * Kj + P)];
              gi += w[oj + P] * c;
              if (g) g[oj + P] += w[oi + M] * c;
            }
            phi += w[oi + M] * gi;
            if (g) g[oi + M] += gi + fp[j] * data[o + 2 * Kj + 2 * M];
          }
          if (g) for (let P = 0; P < Kj; P++) g[oj + P] += fp[i] * data[o + 2 * P];
          const rep = data[oc + 2 * Ki * Kj];
          eSr += phi; eRep += rep;
          upair += phi + rep;
        }
        if (eatom) { eatom[i] += 0.5 * upair; eatom[pjr[p]] += 0.5 * upair; }
      }
      if (g) for (let i = 0; i < n; i++) for (let s = offsets[i]; s < offsets[i + 1]; s++) g[s] += charges[s] * V[i];
      energy = eEmbed + eRep + eSr + eLr;
      last.embed = eEmbed; last.rep = eRep; last.sr = eSr; last.lr = eLr;
      return energy;
    };
    return { n, nall, offsets, np, pi, pj, pjr, pr, pdx, pdy, pdz, pdata, data, pdv, fp, q, evaluate, last };
  }

  compute(nb: Neighbor, flags: ComputeFlags): PairEnergy {
    const a = this.arena!, atoms = this.atoms!;
    const { n, nall, offsets, np, pi, pj, pjr, pr, pdx, pdy, pdz, pdata, data, pdv, fp, q, evaluate, last } = this.prepare(nb);
    const f = a.f64('f', 3 * nall);
    // weight equalisation, warm-started from the last solution
    const w = this.weights!;
    const before = w.slice();
    let r;
    try {
      const energy = (wt: Float64Array, g: Float64Array) => evaluate(wt, g);
      r = this.spg!.solve(this.te > 0 ? entropic(energy, this.te) : energy, w);
    } catch (err) {
      if (err instanceof EctmdError) throw new EctmdError(`pair ect/eam: ${err.message} (pair_style ect/eam … tol TOL maxiter N)`);
      throw err;
    }
    let jump = 0;
    for (let s = 0; s < w.length; s++) jump = Math.max(jump, Math.abs(w[s] - before[s]));
    const eatom = flags.eatom ? a.f64('eatom', nall) : null;
    // per-atom energies need one more pass at the converged weights; ρ̄, F̄′ and q are those of the last evaluation
    if (eatom) evaluate(w, null, eatom);
    // the entropic term T_e Σ w ln w is part of pe (Ω): forces are −∇Ω at the converged weights
    const eEnt = this.te > 0 ? entropyTerm(this.te, w, null) : 0;
    if (eatom && this.te > 0) addEntropyPerAtom(this.te, this.layout!, w, eatom);
    let qsum = 0;
    for (let i = 0; i < n; i++) { atoms.q[i] = q[i]; qsum += q[i]; }
    this.stats = { iterations: r.iterations, residual: r.residual, charge: qsum, mu: r.mu, evaluations: r.evaluations, maxJump: jump, entropic: eEnt };

    // forces and virial at fixed weights (physics.md §5.2); ρ̄, F̄′ and q are those of the converged weights
    const vatom = flags.vatom ? a.f64('vatom', 6 * nall) : null;
    for (let p = 0; p < np; p++) {
      const i = pi[p], j = pj[p], jr = pjr[p], o = pdata[p];
      let D = pdv[p] * q[i] * q[j];
      if (o >= 0) {
        const oi = offsets[i], oj = offsets[j], Ki = offsets[i + 1] - oi, Kj = offsets[j + 1] - oj;
        const oc = o + 2 * (Ki + Kj);
        let dri = 0, drj = 0, dphi = 0;
        for (let P = 0; P < Kj; P++) dri += w[oj + P] * data[o + 2 * P + 1];
        for (let M = 0; M < Ki; M++) {
          drj += w[oi + M] * data[o + 2 * Kj + 2 * M + 1];
          let s = 0;
          for (let P = 0; P < Kj; P++) s += w[oj + P] * data[oc + 2 * (M * Kj + P) + 1];
          dphi += w[oi + M] * s;
        }
        D += fp[i] * dri + fp[j] * drj + dphi + data[oc + 2 * Ki * Kj + 1];
      }
      const fpair = -D / pr[p];
      const fx = pdx[p] * fpair, fy = pdy[p] * fpair, fz = pdz[p] * fpair;
      f[3 * i] += fx; f[3 * i + 1] += fy; f[3 * i + 2] += fz;
      f[3 * jr] -= fx; f[3 * jr + 1] -= fy; f[3 * jr + 2] -= fz;
      if (vatom) {
        const v = [pdx[p] * fx, pdy[p] * fy, pdz[p] * fz, pdx[p] * fy, pdx[p] * fz, pdy[p] * fz];
        for (let c = 0; c < 6; c++) { vatom[6 * i + c] += 0.5 * v[c]; vatom[6 * jr + c] += 0.5 * v[c]; }
      }
    }
    return { evdwl: last.embed + last.rep + eEnt, ecoul: last.sr + last.lr };
  }

  /** φ_rep(r) = A e^{−r/b} with the shifted-force cut-off at its own rc (physics.md §7.5) and its slope, into
   *  out[at], out[at + 1]. */
  private repulsion(ea: number, eb: number, r: number, out: Float64Array, at: number): void {
    const [A, b, rc] = this.rep[ea * this.pot!.elements.length + eb];
    if (A === 0 || r >= rc) { out[at] = 0; out[at + 1] = 0; return; }
    const ec = A * Math.exp(-rc / b), dc = -ec / b;
    const e = A * Math.exp(-r / b);
    out[at] = e - ec - (r - rc) * dc;
    out[at + 1] = -e / b - dc;
  }
}
