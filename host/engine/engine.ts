// The simulation state and one force evaluation: atoms, box, kernel memory, neighbour list and pair style,
// plus the global quantities thermo needs (energies, virial, temperature, pressure) with LAMMPS definitions
// (compute temp with dof 3N−3, compute pressure from the kinetic tensor and the f·r virial).

import { Atoms } from '../system/atoms.js';
import type { Box } from '../system/box.js';
import { METAL } from '../system/units.js';
import { Kernel, type KernelKind } from '../wasm/kernel.js';
import { Arena } from '../wasm/arena.js';
import { AtomVectors } from '../wasm/atom-vectors.js';
import { Neighbor, defaultNeighborSettings } from '../neighbor/neighbor.js';
import { checkCoverage, type PairStyle } from '../pair/pair.js';
import { EctmdError } from '../errors.js';
import type { KSpaceEwald } from '../kspace/ewald.js';
import type { Where } from '../lammps/where.js';
import type { Fix } from '../fix/fix.js';
import type { Team } from '../parallel/team.js';
import { foldForces, zeroBuffer } from '../parallel/shared.js';
import { groupKeTensor } from '../compute/temperature.js';
import { defaultSortSettings, sortPermutation, type SortSettings } from '../system/sort.js';

/** What a force evaluation must tally besides energy and forces: per-atom energy and virial, and the global virial
 *  (default true; a run leaves it out on steps where nothing reads it, as LAMMPS's vflag: thermo and dump steps and
 *  every step of a fix that needs it compute it). */
export interface PerAtomRequest { eatom: boolean; vatom: boolean; virial?: boolean }

export class Engine {
  private atomsHere = new Atoms();
  box: Box | null = null;
  readonly kernel: Kernel;
  readonly arena: Arena;
  private readonly vectors: AtomVectors;
  readonly neighbor: Neighbor;
  pair: PairStyle | null = null;
  /** long-range solver (kspace_style), null for none */
  kspace: KSpaceEwald | null = null;
  /** the pair_style and pair_coeff commands (words) that made `pair`, saved in restart files */
  pairCommands: string[][] = [];
  dt: number = METAL.dt;
  step = 0;
  /** first and last step of the current run (LAMMPS update->beginstep, endstep), for ramped fix targets */
  runBegin = 0;
  runEnd = 0;
  /** results of the last force evaluation */
  evdwl = 0;
  ecoul = 0;
  elong = 0;
  virial = new Float64Array(6);
  /** per-atom tallies of the last evaluation, owned atoms only (null when not requested) */
  eatom: Float64Array | null = null;
  vatom: Float64Array | null = null;
  energyValid = false;
  /** whether `virial` is that of the current step (false after an evaluation that left it out) */
  virialValid = true;
  /** the kinetic tensor while atOnePoint runs (null: sum it at every call) */
  private keOnce: readonly number[] | null = null;
  pairTime = 0;
  commTime = 0;
  kspaceTime = 0;
  /** atom_modify sort: spatial sort of the owned atoms at run setup and at rebuilds from step nextSort on */
  readonly sort: SortSettings = defaultSortSettings();
  nextSort = 0;
  /** reorders the per-atom state the engine does not own (groups, fixes, computes) as the atoms were: the
   *  interpreter's; atom k of the new order is the old atom perm[k] */
  permuteState: (perm: Int32Array) => void = () => {};

  /** With a team, the kernel is the shared-memory build on the team's memory and force passes are shared. */
  constructor(kind: KernelKind, readonly team: Team | null = null) {
    if (team && team.kind !== kind) throw new EctmdError(`worker team runs the ${team.kind} kernel, engine asked for ${kind}`);
    this.kernel = new Kernel(kind, team?.memory);
    this.arena = new Arena(this.kernel);
    this.vectors = new AtomVectors(this.arena);
    this.neighbor = new Neighbor(this.arena, defaultNeighborSettings()); // keeps 'xhold': before the first layout
    this.atoms = this.atomsHere;
    this.arena.onRelayout('atoms', () => this.atomsHere.bindVectors());
    this.neighbor.team = team;
    this.neighbor.sortHook = (setup) => this.sortAtoms(setup);
  }

  /** The atoms; their positions, velocities and forces live in the kernel's memory (host/wasm/atom-vectors.ts). */
  get atoms(): Atoms { return this.atomsHere; }
  set atoms(a: Atoms) {
    a.useStorage(this.vectors);
    this.atomsHere = a;
  }

  requireBox(where: Where, cmd: string): Box {
    if (!this.box) throw new EctmdError(`${where.file}:${where.line}: ${cmd} command before simulation box is defined`, where.file, where.line);
    return this.box;
  }

  /** Prepare for a run: init the pair style, upload tables, init the fixes, build the list, run the fixes' preForce
   *  (LAMMPS setup_pre_force), compute forces (LAMMPS setup). */
  setup(where: Where, want: PerAtomRequest, fixes: readonly Fix[] = []): void {
    const box = this.requireBox(where, 'run');
    if (!this.pair) throw new EctmdError(`${where.file}:${where.line}: Pair style must be defined before a run (no pair_style command)`, where.file, where.line);
    for (let t = 1; t <= this.atoms.ntypes; t++) {
      if (!this.atoms.massSet[t]) {
        let used = false;
        for (let i = 0; i < this.atoms.n; i++) if (this.atoms.type[i] === t) { used = true; break; }
        if (used) throw new EctmdError(`${where.file}:${where.line}: Not all per-type masses are set: type ${t} has no mass (use 'mass ${t} VALUE' or a pair style that sets it)`, where.file, where.line);
      }
    }
    checkCoverage(this.pair, this.atoms.ntypes, where);
    if (this.kspace) {
      const cutCoul = this.pair.extract?.('cut_coul');
      if (cutCoul === undefined) throw new EctmdError(`${where.file}:${where.line}: KSpace style is incompatible with Pair style ${this.pair.name} (it has no Coulomb cutoff)`, where.file, where.line);
      this.kspace.init(this.atoms, box, cutCoul, this.arena, where, this.team);
    }
    this.neighbor.cutforce = this.pair.init(this.atoms, where, this.kspace);
    this.neighbor.shortCut = this.pair.shortListCutoff?.() ?? 0;
    const buffers = this.pair.buffers?.();
    for (const name of buffers?.atom ?? []) this.neighbor.atomBuffers.set(name, 1);
    for (const name of buffers?.pair ?? []) this.neighbor.pairBuffers.add(name);
    for (const [name, width] of buffers?.rank ?? []) this.neighbor.rankAtomBuffers.set(name, width);
    for (const [name, width] of buffers?.bands ?? []) this.neighbor.bandBuffers.set(name, width);
    this.pair.attach(this.arena);
    for (const f of fixes) f.init?.(this);
    this.neighbor.setupBuild(this.atoms, box);
    for (const f of fixes) f.preForce?.(this, true);
    this.computeForces(want);
  }

  /** One force evaluation at the current positions (the list must be current). */
  computeForces(want: PerAtomRequest): void {
    const a = this.arena, nb = this.neighbor, k = this.kernel.k;
    const n = nb.nlocal, nall = nb.nall, ng = nb.nghost;
    if (want.eatom) { a.ensure('eatom', nall * 8); a.f64('eatom', nall).fill(0); }
    if (want.vatom) { a.ensure('vatom', nall * 48); a.f64('vatom', 6 * nall).fill(0); }
    zeroBuffer(this.team, a, 'f', 3 * nall);
    const t0 = performance.now();
    const e = this.pair!.compute(nb, { eflag: true, eatom: want.eatom, vatom: want.vatom });
    const t1 = performance.now();
    const virial = want.virial ?? true;
    foldForces(this.team, a, n, ng, virial ? this.virial : null);
    this.virialValid = virial;
    if (want.eatom) { k.ghost_fold(n, ng, a.ptr('owner'), a.ptr('eatom'), 1); this.eatom = a.f64('eatom', n).slice(); } else this.eatom = null;
    if (want.vatom) { k.ghost_fold(n, ng, a.ptr('owner'), a.ptr('vatom'), 6); this.vatom = a.f64('vatom', 6 * n).slice(); } else this.vatom = null;
    const t2 = performance.now();
    this.elong = 0;
    if (this.kspace) {
      const r = this.kspace.compute(this.atoms, this.eatom, this.vatom);
      this.elong = r.energy;
      if (virial) for (let c = 0; c < 6; c++) this.virial[c] += r.virial[c];
    }
    this.kspaceTime += (performance.now() - t2) / 1000;
    this.commTime += (t2 - t1) / 1000;
    this.pairTime += (t1 - t0) / 1000;
    this.evdwl = e.evdwl;
    this.ecoul = e.ecoul;
    if (!Number.isFinite(e.evdwl) || !Number.isFinite(e.ecoul) || !Number.isFinite(this.elong)) {
      throw new EctmdError(`Non-finite energy at step ${this.step}: evdwl = ${e.evdwl}, ecoul = ${e.ecoul}, elong = ${this.elong} (atoms too close, or a potential evaluated outside its table)`);
    }
  }

  /**
   * LAMMPS Atom::sort at a neighbour build, the atoms wrapped into the cell: always at a run's setup, otherwise from
   * step nextSort on; the next sort is due at the next multiple of the sort period. Every per-atom array — atoms,
   * the pair style's weights, groups, fixes', computes' — is reordered alike.
   */
  private sortAtoms(setup: boolean): void {
    const s = this.sort;
    if (s.every <= 0 || (!setup && this.step < this.nextSort)) return;
    this.nextSort = (Math.floor(this.step / s.every) + 1) * s.every;
    const binsize = s.binsize > 0 ? s.binsize : 0.5 * this.neighbor.cutneigh;
    if (!(binsize > 0)) return;
    // the forces' memory (3n f64, unused until the force evaluation after this build) holds the sort's scratch
    const f = this.atoms.f;
    const perm = sortPermutation(this.atoms, this.box!, binsize, new Int32Array(f.buffer, f.byteOffset, 2 * f.length));
    if (!perm) return;
    this.atoms.permute(perm);
    this.pair?.permute?.(perm);
    this.permuteState(perm);
  }

  pe(): number { return this.evdwl + this.ecoul + this.elong; }

  /** Fraction of the current run done, for targets ramped over a run (LAMMPS (ntimestep − beginstep)/(endstep − beginstep)). */
  runFraction(): number {
    const delta = this.step - this.runBegin;
    return delta !== 0 ? delta / (this.runEnd - this.runBegin) : 0;
  }

  /** Degrees of freedom of compute temp (all atoms): 3N − 3. */
  dof(): number { return Math.max(3 * this.atoms.n - 3, 0); }

  /** Evaluate fn with the kinetic tensor summed once: a thermo row reads temp, ke, etotal and press at one point in
   *  time, each of which needs it (a pass over all atoms). */
  atOnePoint<T>(fn: () => T): T {
    this.keOnce = this.keTensor();
    try { return fn(); } finally { this.keOnce = null; }
  }

  /** Kinetic tensor Σ m v_a v_b · mvv2e (xx yy zz xy xz yz) of all atoms, eV. */
  keTensor(): readonly number[] {
    return this.keOnce ?? groupKeTensor(this, null);
  }

  temperature(): number {
    const t = this.keTensor();
    const dof = this.dof();
    return dof > 0 ? (t[0] + t[1] + t[2]) / (dof * METAL.boltz) : 0;
  }

  /** Thermo `ke`: temperature·½·dof·kB, as LAMMPS thermo.cpp. */
  ke(): number { return this.temperature() * 0.5 * this.dof() * METAL.boltz; }

  volume(): number { return this.box ? this.box.volume() : 0; }

  /** The global virial of the current step; an error when its evaluation left it out (a reader the run did not foresee). */
  currentVirial(): Float64Array {
    if (!this.virialValid) throw new EctmdError(`the virial of step ${this.step} was not computed (internal: a reader of the pressure on a step the run did not expect one)`);
    return this.virial;
  }

  pressure(): number {
    const vol = this.volume();
    const tv = this.temperature() * this.dof() * METAL.boltz;
    const v = this.currentVirial();
    return (tv + v[0] + v[1] + v[2]) / 3 / vol * METAL.nktv2p;
  }

  pressureTensor(): number[] {
    const vol = this.volume();
    const ke = this.keTensor();
    const v = this.currentVirial();
    return ke.map((k, i) => (k + v[i]) / vol * METAL.nktv2p);
  }
}
