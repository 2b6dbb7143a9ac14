// pair_style ect/eam RC [dsf ALPHA | wolf ALPHA | coulomb] [tol TOL] [maxiter N] [te T]: the ensemble charge-transfer
// embedded-atom method (physics.md §3.2 with J = 0; optional entropic smoothing T_e Σ w ln w, §4.5, solved by mirror
// descent, host/equalize/mirror.ts). Every atom is a weighted ensemble of its element's states;
// at every force evaluation the weights minimise the energy at fixed positions and fixed total charge (weight
// equalisation, §4, by the SPG engine of host/equalize, warm-started from the last solution); forces and virial are then
// the partial derivatives at those weights (envelope theorem, §5). Long range acts on the net charges q_i = Σ w_iM q_M
// (§8: DSF as LAMMPS coul/dsf, Wolf with its consistent force, or the bare 1/r sum inside RC). The converged charges
// are written to the atoms' q; weights and solver statistics are read by compute ect/weights and compute ect/stats
// (host/compute/ect.ts). The per-pair passes run in the kernel (assembly/ect.ts: gather, energy and gradient at given
// weights, forces at fixed weights) over the kernel's half neighbour list; the SPG solver runs on the host.

import type { Atoms } from '../system/atoms.js';
import type { Arena } from '../wasm/arena.js';
import type { Neighbor } from '../neighbor/neighbor.js';
import type { Where } from '../lammps/where.js';
import type { ComputeFlags, PairEnergy, PairStyle, StyleBuffers } from './pair.js';
import { EctmdError, inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import { readPotentialFile } from '../potentials/resolve.js';
import { readEct, type EctPotential } from '../potentials/ect-file.js';
import { loadEctTables, R_MIN, TABLE_DR, type EctTables, type RadialTable } from '../potentials/ect-tables.js';
import { COULOMB_EV_A } from '../potentials/ect-coulomb.js';
import type { StateLayout } from '../equalize/feasible.js';
import { SCRATCH_BYTES } from '../wasm/kernel.js';
import { SpgSolver, type SpgOptions, type WeightSolver } from '../equalize/spg.js';
import { MirrorSolver } from '../equalize/mirror.js';
import { addEntropyPerAtom, entropic, entropyTerm } from '../equalize/entropy.js';
import { permuteRows } from '../system/sort.js';
import { A_PER_RANK2, Cmd, MAX_RANKS } from '../parallel/control.js';
import { foldRanks, setPerRank, setRankBounds } from '../parallel/shared.js';
import type { Team } from '../parallel/team.js';

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
  /** charges of the element's states, in file order */
  charges: number[];
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

/** Grid points of the long-range kernel's table: R_MIN … at least RC, step TABLE_DR. */
function longRangePoints(rc: number): number {
  return Math.max(2, Math.ceil((rc - R_MIN) / TABLE_DR) + 1);
}

/** Bytes of the kernel's ECT-EAM descriptor before its arrays (assembly/ect.ts D_*, docs/abi.md). */
const ECT_DESCRIPTOR_BYTES = 120;
/** Byte offset of the descriptor's out block (E_embed, E_rep, E_sr, E_lr; assembly/ect.ts D_OUT). */
const ECT_OUT_BYTE = 80;
/** Byte offsets of the descriptor's six array pointers (assembly/ect.ts D_TYPE … D_REP). */
const ECT_POINTER_FIELDS = [16, 20, 24, 28, 32, 36];

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
  /** the total charge the solver holds fixed (Σ q at the first force evaluation) */
  private qtot = 0;
  /** converged weights of the owned atoms, slots of layout */
  weights: Float64Array | null = null;
  /** the weights before this step's solve, for the jump watch (reused: no allocation per step) */
  private before = new Float64Array(0);
  stats: EctStats = { iterations: 0, residual: 0, charge: 0, mu: 0, evaluations: 0, maxJump: 0, entropic: 0 };
  /** the neighbour list of the last prepare() (its team, atom ranges and ghosts serve evaluate()) */
  private nb: Neighbor | null = null;
  /** state stride of the kernel's per-atom weight arrays and table rows: most states of any element, rounded up to even */
  private stride = 0;
  /** owned atoms the kernel's per-atom block was sized for (attach) */
  private atomCap = 0;
  /** global state index (into the tables) of each element's first state */
  private firstState: number[] = [];
  /** φ_rep parameters [A, b, rc] per element pair ea·E + eb */
  private rep: Array<[number, number, number]> = [];
  /** weights, total charge and solver state from a restart file, taken by the next layout of as many atoms and slots */
  private restored: { natoms: number; qtot: number; carried: number[]; stats: EctStats; weights: Float64Array } | null = null;
  /** the statistics of the solve that found restored weights: reported again when the first solve after read_restart
   *  keeps them (0 iterations at the same positions), so thermo continues as in the uninterrupted run */
  private restoredStats: EctStats | null = null;

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
      types.push({ element: e, charges: el.states.map((s) => s.charge) });
      atoms.mass[t] = el.mass.value;
      atoms.massSet[t] = 1;
    }
    if (types.every((t) => t === null)) throw inputError(where.file, where.line, 'Incorrect args for pair coefficients', 'at least one element', 'only NULL');
    this.tables = loadEctTables(text, pot);
    this.pot = pot;
    this.firstState = first;
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
  maxStates(): number { return Math.max(0, ...this.types.map((t) => t?.charges.length ?? 0)); }

  /** Slot offsets of the converged weights per owned atom (null before the first force evaluation). */
  weightLayout(): StateLayout | null { return this.layout; }

  extract(name: string): number | undefined { return name === 'cut_coul' ? this.rc : undefined; }

  init(atoms: Atoms, where: Where): number {
    if (!this.pot || !this.tables) throw new EctmdError(`${where.file}:${where.line}: All pair coeffs are not set (pair_style ect/eam has no pair_coeff)`, where.file, where.line);
    this.atoms = atoms;
    return Math.max(this.rc, this.tables.cutoff);
  }

  /** The short list's distance and long-range kernel value and slope per pair (ect_gather); a worker team's ranks
   *  accumulate ∂E/∂w (K f64 per atom) into ect:g@r. */
  buffers(): StyleBuffers {
    return { atom: [], pair: ['ect:r', 'ect:v', 'ect:dv'], rank: [['rho', 1], ['f', 3], ['ect:g', this.stateStride()]] };
  }

  /** K: most states of any element of the potential, rounded up to even (the kernel's per-atom stride). */
  private stateStride(): number {
    return 2 * Math.ceil(Math.max(...this.pot!.elements.map((el) => el.states.length)) / 2);
  }

  /** Tables into kernel memory ('pot:ect', re-uploaded after every re-layout) and the per-atom block 'ect:atoms'. */
  attach(arena: Arena): void {
    arena.onRelayout('pot:ect', () => { if (arena.has('pot:ect')) this.upload(); });
    this.arena = arena;
    const K = this.stride = this.stateStride();
    if (8 * (2 * K + K * K) > SCRATCH_BYTES) throw new EctmdError(`pair ect/eam: ${K} state slots per element are more than the kernel's scratch holds (${SCRATCH_BYTES} bytes for 2K + K² table values)`);
    const n = this.atomCap = this.atoms!.n;
    const relaid = arena.ensure('pot:ect', this.descriptorLayout().bytes);
    // ρ̄, F̄′, q, V (f64 each), w and ∂E/∂w (K f64 each) per owned atom, then the energy parts of each team rank
    const relaid2 = arena.ensure('ect:atoms', 8 * n * (4 + 2 * K) + 32 * MAX_RANKS);
    if (!relaid && !relaid2) this.upload();
  }

  /** Byte offsets of the descriptor's arrays behind its ECT_DESCRIPTOR_BYTES (docs/abi.md, assembly/ect.ts). */
  private descriptorLayout() {
    const E = this.pot!.elements.length, K = this.stride, T = 2 * K + K * K, ng = this.tables!.n, nt1 = this.types.length;
    const nlr = longRangePoints(this.rc);
    const type = ECT_DESCRIPTOR_BYTES, nstate = type + 8 * Math.ceil(nt1 / 2), state = nstate + 8 * Math.ceil(E / 2);
    const rows = state + 32 * E * K, lr = rows + 16 * E * E * ng * T, rep = lr + 16 * nlr;
    return { E, K, T, ng, nt1, type, nstate, state, rows, lr, rep, bytes: rep + 40 * E * E };
  }

  /** The uploaded descriptor with its arrays (a copy of kernel memory) with its array pointers relative to its first
   *  byte, and the state stride K: what scripts/ect-image.ts writes for LAMMPS's ect/eam/ectmd. */
  descriptorImage(): { bytes: Uint8Array; K: number } {
    const a = this.arena!, base = a.ptr('pot:ect');
    const bytes = a.kernel.u8(base, this.descriptorLayout().bytes).slice(), view = new DataView(bytes.buffer);
    for (const o of ECT_POINTER_FIELDS) view.setInt32(o, view.getInt32(o, true) - base, true);
    return { bytes, K: this.stride };
  }

  /** The descriptor's out block: E_embed, E_rep, E_sr, E_lr of the last gather and evaluation. */
  private energyParts(): Float64Array {
    return this.arena!.f64('pot:ect', ECT_OUT_BYTE / 8 + 4).subarray(ECT_OUT_BYTE / 8);
  }

  /** Charges of the states of the named elements, in file order. */
  elementStates(symbols: string[]): number[][] {
    return symbols.map((sym) => this.pot!.elements.find((el) => el.symbol === sym)!.states.map((s) => s.charge));
  }

  /** Write the descriptor, the per-element states and the tables (physics.md §3.2 pieces, assembly/ect.ts layout). */
  private upload(): void {
    const a = this.arena!, pot = this.pot!, tables = this.tables!, base = a.ptr('pot:ect');
    const L = this.descriptorLayout(), { E, K, T, ng } = L, S = tables.density.length;
    const lrTable = this.longRangeTable(), nlr = lrTable.v.length;
    const mem = a.kernel.k.memory.buffer;
    const d = new DataView(mem, base, ECT_DESCRIPTOR_BYTES);
    [K, ng, nlr, E, base + L.type, base + L.nstate, base + L.state, base + L.rows, base + L.lr, base + L.rep].forEach((v, k) => d.setInt32(4 * k, v, true));
    d.setFloat64(40, tables.cutoff * tables.cutoff, true);
    d.setFloat64(48, this.rc * this.rc, true);
    d.setFloat64(56, R_MIN, true);
    d.setFloat64(64, TABLE_DR, true);
    d.setFloat64(72, COULOMB_EV_A * this.selfCoefficient(), true);
    d.setFloat64(112, this.rc, true);
    new Int32Array(mem, base + L.type, L.nt1).set(this.types.map((t) => t?.element ?? -1));
    const first = this.firstState;
    new Int32Array(mem, base + L.nstate, E).set(pot.elements.map((el) => el.states.length));
    const st = new Float64Array(mem, base + L.state, 4 * E * K).fill(0);
    pot.elements.forEach((el, e) => el.states.forEach((s, M) => {
      st.set([s.energy.value, s.embedding.scale.value, s.embedding.rho0.value, s.charge], 4 * (e * K + M));
    }));
    // rows [ea·E + eb][k]: T values then T slopes: n_P (P of eb), n_M (M of ea), Φ^sr_MP
    const rows = new Float64Array(mem, base + L.rows, 2 * E * E * ng * T).fill(0);
    for (let ea = 0; ea < E; ea++) {
      for (let eb = 0; eb < E; eb++) {
        const Ka = pot.elements[ea].states.length, Kb = pot.elements[eb].states.length;
        const put = (t: number, table: RadialTable) => {
          for (let k = 0; k < ng; k++) { const o = 2 * T * ((ea * E + eb) * ng + k); rows[o + t] = table.v[k]; rows[o + T + t] = table.d[k]; }
        };
        for (let P = 0; P < Kb; P++) put(P, tables.density[first[eb] + P]);
        for (let M = 0; M < Ka; M++) put(K + M, tables.density[first[ea] + M]);
        for (let M = 0; M < Ka; M++) for (let P = 0; P < Kb; P++) put(2 * K + M * K + P, tables.coulomb[(first[ea] + M) * S + first[eb] + P]);
      }
    }
    const lr = new Float64Array(mem, base + L.lr, 2 * nlr);
    for (let k = 0; k < nlr; k++) { lr[2 * k] = lrTable.v[k]; lr[2 * k + 1] = lrTable.d[k]; }
    const rep = new Float64Array(mem, base + L.rep, 5 * E * E);
    this.rep.forEach(([A, b, rc], p) => { const ec = A * Math.exp(-rc / b); rep.set([A, b, rc, ec, -ec / b], 5 * p); });
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
    const n = longRangePoints(rc);
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
    // atoms of NULL types (another sub-style's, under pair_style hybrid) have no states: no weights, their q is theirs
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + (this.types[type[i]]?.charges.length ?? 0);
    const charges = new Float64Array(offsets[n]);
    let w: Float64Array = new Float64Array(offsets[n]);
    let q = 0;
    for (let i = 0; i < n; i++) {
      const info = this.types[type[i]];
      if (!info) continue;
      for (let k = 0; k < info.charges.length; k++) charges[offsets[i] + k] = info.charges[k];
      startWeights(info.charges, this.atoms!.q[i], w, offsets[i]);
      q += this.atoms!.q[i];
    }
    // a restart file's weights, when they fit these atoms (else the start above, from the charges)
    const r = this.restored;
    this.restored = null;
    if (r && r.natoms === n && r.weights.length === offsets[n]) { w = r.weights; q = r.qtot; }
    this.layout = { natoms: n, offsets, charges };
    this.layoutTypes = type.slice(0, n);
    this.weights = w;
    try {
      this.spg = this.solver(this.layout, q);
      if (r && w === r.weights) {
        this.spg.restoreCarried(r.carried);
        this.spg.trustNextStart();
        this.restoredStats = r.stats;
      }
    } catch (err) {
      if (err instanceof EctmdError) throw new EctmdError(`pair ect/eam: ${err.message} (the total charge is the sum of the atoms' q when the first force evaluation happens)`);
      throw err;
    }
    return this.layout;
  }

  /** The converged weights follow the atoms when they are reordered (spatial sort), so the next solve stays warm. */
  permute(perm: Int32Array): void {
    const old = this.layout, w = this.weights, spg = this.spg;
    if (!old || !w || !spg || old.natoms !== perm.length) return; // ensureLayout starts afresh
    const n = perm.length, offsets = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) offsets[k + 1] = offsets[k] + old.offsets[perm[k] + 1] - old.offsets[perm[k]];
    const charges = new Float64Array(offsets[n]), weights = new Float64Array(offsets[n]);
    for (let k = 0; k < n; k++) {
      const from = old.offsets[perm[k]], len = offsets[k + 1] - offsets[k];
      charges.set(old.charges.subarray(from, from + len), offsets[k]);
      weights.set(w.subarray(from, from + len), offsets[k]);
    }
    permuteRows(this.layoutTypes!, perm, 1);
    this.layout = { natoms: n, offsets, charges };
    this.weights = weights;
    this.spg = this.solver(this.layout, this.qtot);
    this.spg.restoreCarried(spg.carried());
  }

  /** The converged weights (in the atoms' order), Q_tot, the solver's carried state and the last statistics, for a
   *  restart file: [format 1, Q_tot, natoms, slots, c, c carried values, the 7 values of EctStats, the weights]; null
   *  before the first force evaluation or when the atoms changed since. */
  writeState(atoms: Atoms): Float64Array | null {
    const L = this.layout, w = this.weights, spg = this.spg;
    if (!L || !w || !spg || L.natoms !== atoms.n || !this.layoutTypes!.every((t, i) => t === atoms.type[i])) return null;
    const carried = spg.carried(), s = this.stats;
    const head = [1, this.qtot, L.natoms, w.length, carried.length, ...carried,
      s.iterations, s.residual, s.charge, s.mu, s.evaluations, s.maxJump, s.entropic];
    const out = new Float64Array(head.length + w.length);
    out.set(head);
    out.set(w, head.length);
    return out;
  }

  readState(state: Float64Array, where: Where): void {
    const [format, qtot, natoms, slots, c] = state;
    if (format !== 1 || state.length !== 12 + c + slots) {
      throw new EctmdError(`${where.file}:${where.line}: pair ect/eam: the restart file's weights are not in a format this version wrote (format ${format}, ${state.length} values)`, where.file, where.line);
    }
    const [iterations, residual, charge, mu, evaluations, maxJump, entropic] = state.subarray(5 + c, 12 + c);
    this.restored = { natoms, qtot, carried: [...state.subarray(5, 5 + c)], stats: { iterations, residual, charge, mu, evaluations, maxJump, entropic },
      weights: state.slice(12 + c) };
  }

  /** The weight solver for a layout and total charge: SPG, or entropic mirror descent when T_e > 0. */
  private solver(layout: StateLayout, qtot: number): WeightSolver {
    this.qtot = qtot;
    return this.te > 0 ? new MirrorSolver(layout, qtot, this.solverOptions, this.te) : new SpgSolver(layout, qtot, this.solverOptions);
  }

  /**
   * The weight-equalisation objective at the current positions (list current): E(w) with ∂E/∂w written to g
   * (physics.md §3.2, §4.2) over the owned atoms' weight slots of weightLayout(). Exposed for tests and solvers.
   */
  objective(nb: Neighbor): (w: Float64Array, g: Float64Array) => number {
    this.prepare(nb);
    return (w, g) => this.evaluate(w, g, false);
  }

  /** Kernel ect_gather: the short lists of the pairs inside either cutoff with r and the long-range kernel per pair,
   *  inside each atom's skin-list row (short pairs up to 'send', long-range-only pairs from 'soffs' used as the
   *  rows' long-list starts), by a worker team's ranks over their atom ranges when there is one (Σ φ_rep of each rank
   *  added in rank order); pairs closer than the tables' first point stop the run naming the atoms. */
  private prepare(nb: Neighbor): void {
    const a = this.arena!, k = a.kernel.k, n = nb.nlocal, team = nb.team;
    this.ensureLayout(n, a.i32('type', n));
    this.nb = nb;
    const pot = a.ptr('pot:ect'), lists = [a.ptr('x'), a.ptr('type'), a.ptr('offs'), a.ptr('idx'), a.ptr('send'), a.ptr('soffs'),
      a.ptr('sidx'), a.ptr('ect:r'), a.ptr('ect:v'), a.ptr('ect:dv')] as const;
    let got = 0;
    if (team) {
      const out = this.atomBlock(n).out;
      setRankBounds(team, nb);
      team.args.set([pot, ...lists, out]);
      team.run(Cmd.EctGather, k);
      const outs = a.kernel.f64(out, 4 * team.ranks);
      let rep = 0;
      for (let r = 0; r < team.ranks; r++) { rep += outs[4 * r + 1]; if (team.results[r] < 0 && got >= 0) got = team.results[r]; }
      this.energyParts()[1] = rep;
    } else {
      got = k.ect_gather(pot, 0, n, ...lists, pot + ECT_OUT_BYTE);
    }
    if (got < 0) throw this.tooClose(nb, -got - 1);
  }

  /** Pointers of the per-atom arrays in 'ect:atoms' (attach) for n owned atoms. */
  private atomBlock(n: number) {
    if (n > this.atomCap) throw new EctmdError(`pair ect/eam: ${n} atoms, but kernel memory was laid out for ${this.atomCap} when the run started`);
    const base = this.arena!.ptr('ect:atoms'), K = this.stride;
    const w = base + 32 * n;
    return { rho: base, fp: base + 8 * n, q: base + 16 * n, V: base + 24 * n, w, g: w + 8 * n * K, out: w + 16 * n * K };
  }

  /** The error for skin-list entry k, a pair closer than R_MIN. */
  private tooClose(nb: Neighbor, k: number): EctmdError {
    const a = this.arena!, n = nb.nlocal, offs = a.i32('offs', n + 1), x = a.f64('x', 3 * nb.nall);
    let i = 0;
    while (offs[i + 1] <= k) i++;
    const j = nb.entries('idx', k + 1)[k], jo = j < n ? j : a.i32('owner', j - n + 1)[j - n];
    const r = Math.hypot(x[3 * i] - x[3 * j], x[3 * i + 1] - x[3 * j + 1], x[3 * i + 2] - x[3 * j + 2]);
    const tag = this.atoms!.tag;
    return new EctmdError(`pair ect/eam: atoms ${tag[i]} and ${tag[jo]} are ${r.toFixed(4)} Å apart, closer than the ${R_MIN} Å where the ECT-EAM tables start`);
  }

  /**
   * Kernel ect_energy at weights w (slots of weightLayout()) over the short lists of the last prepare(): E(w), with
   * ∂E/∂w into g when given (physics.md §3.2, §4.2) and the per-atom energies added to arena 'eatom' when asked.
   * Leaves ρ̄, F̄′, q and w in kernel memory for ect_force.
   */
  private evaluate(w: Float64Array, g: Float64Array | null, eatom: boolean): number {
    const a = this.arena!, k = a.kernel.k, { natoms: n, offsets } = this.layout!, K = this.stride;
    const m = this.atomBlock(n);
    // K slots per atom, zero beyond the atom's states (the kernel's pair loops run over all K)
    const kw = a.kernel.f64(m.w, n * K).fill(0);
    for (let i = 0; i < n; i++) for (let s = offsets[i]; s < offsets[i + 1]; s++) kw[i * K + s - offsets[i]] = w[s];
    const nb = this.nb!, team = nb.team;
    // a team shares the passes when ∂E/∂w is asked without per-atom energies
    const energy = team && g && !eatom
      ? this.evaluateShared(team, nb, m)
      : k.ect_energy(a.ptr('pot:ect'), n, a.ptr('type'), a.ptr('owner'), a.ptr('offs'), a.ptr('send'), a.ptr('soffs'), a.ptr('sidx'),
        a.ptr('ect:r'), a.ptr('ect:v'), m.w, g ? m.g : 0, m.rho, m.fp, m.q, m.V, eatom ? a.ptr('eatom') : 0, a.ptr('scratch'));
    if (g) {
      const kg = a.kernel.f64(m.g, n * K);
      for (let i = 0; i < n; i++) for (let s = offsets[i]; s < offsets[i + 1]; s++) g[s] = kg[i * K + s - offsets[i]];
    }
    return energy;
  }

  /**
   * ect_energy's passes on a worker team, with ∂E/∂w: ρ̄ of each rank's atom range into its own accumulator (rho@r),
   * folded in rank order; the per-atom terms over even slices; the pair terms of each range, V and ∂E/∂w into the
   * rank's accumulators (rho@r, f@r), folded in rank order; then q_M V_i over even slices. The energy parts are summed
   * in rank order into the descriptor (E_rep: ect_gather's).
   */
  private evaluateShared(team: Team, nb: Neighbor, m: ReturnType<PairEctEam['atomBlock']>): number {
    const a = this.arena!, k = a.kernel.k, args = team.args, n = nb.nlocal, K = this.stride, W = team.ranks;
    const pot = a.ptr('pot:ect'), type = a.ptr('type'), scratch = a.ptr('scratch');
    setRankBounds(team, nb);
    a.kernel.f64(m.rho, n).fill(0);
    args.set([pot, n, type, a.ptr('owner'), a.ptr('offs'), a.ptr('send'), a.ptr('sidx'), a.ptr('ect:r'), m.w, scratch]);
    setPerRank(team, a, 'rho', m.rho);
    team.run(Cmd.EctDensity, k);
    foldRanks(team, a, m.rho, n);
    args.set([pot, n, type, m.rho, m.w, m.g, m.fp, m.q, m.V, m.out]);
    team.run(Cmd.EctEmbed, k);
    args.set([pot, n, type, a.ptr('owner'), a.ptr('offs'), a.ptr('send'), a.ptr('soffs'), a.ptr('sidx'), a.ptr('ect:r'), a.ptr('ect:v'), m.w,
      m.fp, m.q, scratch, m.out, n * K]);
    setPerRank(team, a, 'rho', m.V);
    setPerRank(team, a, 'ect:g', m.g, A_PER_RANK2);
    team.run(Cmd.EctPairs, k);
    foldRanks(team, a, m.V, n);
    setPerRank(team, a, 'ect:g', m.g); // ∂E/∂w's accumulators, the pass's second set, into the slots Fold reads
    foldRanks(team, a, m.g, n * K);
    args.set([pot, n, type, m.V, m.g]);
    team.run(Cmd.EctLrGrad, k);
    const out = a.kernel.f64(m.out, 4 * W), parts = this.energyParts();
    let embed = 0, sr = 0, lr = 0;
    for (let r = 0; r < W; r++) { embed += out[4 * r]; sr += out[4 * r + 2]; lr += out[4 * r + 3]; }
    parts[0] = embed; parts[2] = sr; parts[3] = lr;
    return embed + parts[1] + sr + lr;
  }

  compute(nb: Neighbor, flags: ComputeFlags): PairEnergy {
    const a = this.arena!, k = a.kernel.k, atoms = this.atoms!, n = nb.nlocal;
    this.prepare(nb);
    // weight equalisation, warm-started from the last solution
    const w = this.weights!;
    if (this.before.length < w.length) this.before = new Float64Array(w.length);
    const before = this.before;
    before.set(w);
    let r;
    try {
      const energy = (wt: Float64Array, g: Float64Array) => this.evaluate(wt, g, false);
      r = this.spg!.solve(this.te > 0 ? entropic(energy, this.te) : energy, w);
    } catch (err) {
      if (err instanceof EctmdError) throw new EctmdError(`pair ect/eam: ${err.message} (pair_style ect/eam … tol TOL maxiter N)`);
      throw err;
    }
    let jump = 0;
    for (let s = 0; s < w.length; s++) jump = Math.max(jump, Math.abs(w[s] - before[s]));
    // per-atom energies need one more pass at the converged weights (SPG's last evaluation is at the weights it returns)
    if (flags.eatom) this.evaluate(w, null, true);
    // the entropic term T_e Σ w ln w is part of pe (Ω): forces are −∇Ω at the converged weights
    const eEnt = this.te > 0 ? entropyTerm(this.te, w, null) : 0;
    if (flags.eatom && this.te > 0) addEntropyPerAtom(this.te, this.layout!, w, a.f64('eatom', n));
    const m = this.atomBlock(n), q = a.kernel.f64(m.q, n);
    let qsum = 0;
    const { offsets } = this.layout!;
    for (let i = 0; i < n; i++) if (offsets[i + 1] > offsets[i]) { atoms.q[i] = q[i]; qsum += q[i]; }
    this.stats = { iterations: r.iterations, residual: r.residual, charge: qsum, mu: r.mu, evaluations: r.evaluations, maxJump: jump, entropic: eEnt };
    if (this.restoredStats && r.iterations === 0) this.stats = this.restoredStats;
    this.restoredStats = null;

    // forces and virial at fixed weights (physics.md §5.2); ρ̄, F̄′ and q are those of the converged weights. A worker
    // team shares the pass by atom ranges, each rank into its own force accumulator, folded in rank order (per-atom
    // virial: on this thread)
    const team = nb.team;
    if (team && !flags.vatom) {
      setRankBounds(team, nb);
      team.args.set([a.ptr('pot:ect'), n, a.ptr('x'), a.ptr('type'), a.ptr('owner'), a.ptr('offs'), a.ptr('send'), a.ptr('soffs'), a.ptr('sidx'),
        a.ptr('ect:r'), a.ptr('ect:dv'), m.w, m.fp, m.q, nb.nlocal + nb.nghost, a.ptr('scratch')]);
      setPerRank(team, a, 'f');
      team.run(Cmd.EctForce, k);
      foldRanks(team, a, a.ptr('f'), 3 * (nb.nlocal + nb.nghost));
    } else {
      k.ect_force(a.ptr('pot:ect'), 0, n, n, a.ptr('x'), a.ptr('type'), a.ptr('owner'), a.ptr('offs'), a.ptr('send'), a.ptr('soffs'), a.ptr('sidx'),
        a.ptr('ect:r'), a.ptr('ect:dv'), m.w, m.fp, m.q, a.ptr('f'), flags.vatom ? a.ptr('vatom') : 0, a.ptr('scratch'));
    }
    // E_embed, E_rep, E_sr, E_lr of the last ect_energy
    const [embed, rep, sr, lr] = this.energyParts();
    return { evdwl: embed + rep + eEnt, ecoul: sr + lr };
  }
}
