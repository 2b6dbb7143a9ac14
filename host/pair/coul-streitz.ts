// pair_style coul/streitz RC wolf ALPHA | RC ewald: Streitz–Mintmire electrostatics of 1s Slater valence densities
// and point cores with Wolf summation or the real-space part of Ewald (with kspace_style ewald), as LAMMPS
// src/pair_coul_streitz.cpp (physics.md §9.2, §8.2). Parameters per element from a .streitz file
// (host/potentials/streitz-file.ts); the kernel is assembly/coulomb.ts. Needs atom_style charge.

import type { Atoms } from '../system/atoms.js';
import type { Arena } from '../wasm/arena.js';
import type { Neighbor } from '../neighbor/neighbor.js';
import type { Where } from '../lammps/where.js';
import type { ComputeFlags, PairEnergy, PairStyle, StyleBuffers } from './pair.js';
import { readStreitz, type StreitzEntry } from '../potentials/streitz-file.js';
import { readPotentialFile } from '../potentials/resolve.js';
import { METAL } from '../system/units.js';
import { EctmdError, inputError, parseFiniteFloat } from '../errors.js';
import type { Team } from '../parallel/team.js';
import { Cmd } from '../parallel/control.js';
import { foldRanks, setPerRank, setRankBounds } from '../parallel/shared.js';

// Kernel layout (assembly/slater.ts, docs/abi.md): descriptor, then per-type and per-type-pair blocks; the pair table
// (assembly/coulomb-table.ts) in its own buffer.
const DESCRIPTOR_BYTES = 80;
const TYPE_BYTES = 56;
const PAIR_BYTES = 104;

export class PairCoulStreitz implements PairStyle {
  readonly name = 'coul/streitz';
  private rc = 0;
  /** Wolf damping, or g_ewald from the kspace solver (set at init) */
  private alpha = 0;
  private wolf = true;
  /** parameters of each type (index 1..ntypes), null where the type is mapped to NULL */
  private params: Array<StreitzEntry | null> = [];
  private atoms: Atoms | null = null;
  private arena: Arena | null = null;
  /** tabulated pair terms (assembly/coulomb-table.ts); `pair_modify table 0` turns them off */
  private table = true;

  settings(args: string[], where: Where): void {
    const usage = "'coul/streitz CUTOFF wolf ALPHA' or 'coul/streitz CUTOFF ewald'";
    if (!((args.length === 3 && args[1] === 'wolf') || (args.length === 2 && args[1] === 'ewald'))) {
      throw inputError(where.file, where.line, 'Illegal pair_style coul/streitz command', usage, `'${args.join(' ')}'`);
    }
    this.rc = parseFiniteFloat(args[0], where.file, where.line, 'pair_style coul/streitz cutoff');
    if (!(this.rc > 0)) throw inputError(where.file, where.line, 'Illegal pair_style coul/streitz command', 'a positive cutoff', args[0]);
    this.wolf = args[1] === 'wolf';
    if (this.wolf) {
      this.alpha = parseFiniteFloat(args[2], where.file, where.line, 'pair_style coul/streitz wolf alpha');
      if (!(this.alpha >= 0)) throw inputError(where.file, where.line, 'Illegal pair_style coul/streitz command', 'alpha >= 0', args[2]);
    }
  }

  coeff(args: string[], where: Where, atoms: Atoms): void {
    const nt = atoms.ntypes;
    if (args.length !== 3 + nt) {
      throw inputError(where.file, where.line, 'Incorrect args for pair coefficients', `'* * file' and ${nt} element names (one per type)`, `'${args.join(' ')}'`);
    }
    if (args[0] !== '*' || args[1] !== '*') throw inputError(where.file, where.line, 'Incorrect args for pair coefficients', "'* *'", `'${args[0]} ${args[1]}'`);
    const { path, text } = readPotentialFile(args[2], where, 'coul/streitz potential file');
    const entries = readStreitz(text, path);
    const params: Array<StreitzEntry | null> = [null];
    for (let t = 1; t <= nt; t++) {
      const el = args[2 + t];
      if (el === 'NULL') { params.push(null); continue; }
      const found = entries.filter((e) => e.element === el);
      if (found.length === 0) {
        throw inputError(where.file, where.line, 'Potential file is missing an entry', `an entry for ${el} in ${path}`, `only ${entries.map((e) => e.element).join(' ') || 'no entries'}`);
      }
      if (found.length > 1) {
        throw inputError(path, found[1].line, 'Potential file has duplicate entry', `one entry for ${el}`, `entries on lines ${found.map((e) => e.line).join(', ')}`);
      }
      params.push(found[0]);
    }
    if (params.every((p) => p === null)) throw inputError(where.file, where.line, 'Incorrect args for pair coefficients', 'at least one element', 'only NULL');
    this.params = params;
  }

  setTable(n: number): void { this.table = n > 0; }

  /** whether the pair terms (and fix qeq/slater's matrix) come from tables rather than the closed forms */
  tabulated(): boolean { return this.table; }

  covers(i: number, j: number): boolean { return !!this.params[i] && !!this.params[j]; }

  /** Parameters of type t (null for NULL types); what fix qeq/slater extracts (LAMMPS Pair::extract chi, eta, …). */
  typeParams(t: number): StreitzEntry | null { return this.params[t] ?? null; }

  /** Kernel descriptor of the integrals (arena 'pot:coul'), valid after attach. */
  descriptor(): number { return this.arena!.ptr('pot:coul'); }

  /** true for Wolf summation, false for the real-space part of Ewald */
  isWolf(): boolean { return this.wolf; }

  extract(name: string): number | undefined { return name === 'cut_coul' ? this.rc : undefined; }

  init(atoms: Atoms, where: Where, kspace?: { gEwald: number } | null): number {
    if (atoms.style !== 'charge') {
      throw new EctmdError(`${where.file}:${where.line}: Pair style coul/streitz requires atom attribute q: use 'atom_style charge' before read_data/create_box`, where.file, where.line);
    }
    if (this.params.length === 0) throw new EctmdError(`${where.file}:${where.line}: All pair coeffs are not set (pair_style coul/streitz has no pair_coeff)`, where.file, where.line);
    if (!this.wolf) {
      if (!kspace) throw new EctmdError(`${where.file}:${where.line}: Pair style coul/streitz ewald requires a KSpace style (kspace_style ewald ACCURACY)`, where.file, where.line);
      this.alpha = kspace.gEwald;
    }
    this.atoms = atoms;
    return this.rc;
  }

  /** the charges of owned and ghost atoms and, for the closed forms, the r² of each short-list pair (the table pass
   *  compacts into its scratch instead) */
  buffers(): StyleBuffers { return { atom: ['q'], pair: this.table ? [] : ['sr'], rank: [['f', 3]] }; }

  attach(arena: Arena): void {
    const nt1 = this.params.length;
    const bytes = DESCRIPTOR_BYTES + nt1 * TYPE_BYTES + nt1 * nt1 * PAIR_BYTES;
    const wanted: Array<[string, number]> = [['pot:coul', bytes]];
    if (this.table) wanted.push(['tab:coul', arena.kernel.k.coul_table_bytes(nt1 - 1, 2, this.rc)]);
    arena.onRelayout('pot:coul', () => { if (arena.has('pot:coul')) this.upload(); });
    this.arena = arena;
    if (!arena.ensureAll(wanted)) this.upload();
  }

  private upload(): void {
    const a = this.arena!, nt1 = this.params.length;
    const base = a.ptr('pot:coul');
    const types = base + DESCRIPTOR_BYTES, pairs = types + nt1 * TYPE_BYTES;
    const mem = a.kernel.k.memory.buffer;
    const d = new DataView(mem, base, DESCRIPTOR_BYTES);
    d.setInt32(0, nt1 - 1, true);
    d.setInt32(4, types, true);
    d.setInt32(8, pairs, true);
    d.setInt32(12, this.wolf ? 1 : 0, true);
    d.setFloat64(16, this.rc, true);
    d.setFloat64(24, this.alpha, true);
    d.setFloat64(32, METAL.qqr2e, true);
    d.setInt32(72, this.table ? a.ptr('tab:coul') : 0, true);
    const t = new Float64Array(mem, types, nt1 * TYPE_BYTES / 8).fill(0);
    for (let i = 1; i < nt1; i++) {
      const p = this.params[i];
      const o = i * TYPE_BYTES / 8;
      // a NULL type gets ζ = 1 (any finite density) and active = 0: its pairs and self term contribute exactly 0
      t[o] = p ? 1 : 0; t[o + 1] = p?.chi ?? 0; t[o + 2] = p?.eta ?? 0; t[o + 3] = p?.zeta ?? 1; t[o + 4] = p?.zcore ?? 0;
    }
    a.kernel.k.coul_streitz_setup(base); // fills the table too
  }

  /** soffs, send, sidx, sr: the short list the closed forms compact into (none for the table pass) */
  private shortList(): [number, number, number, number] {
    const a = this.arena!;
    return this.table ? [0, 0, 0, 0] : [a.ptr('soffs'), a.ptr('send'), a.ptr('sidx'), a.ptr('sr')];
  }

  compute(nb: Neighbor, flags: ComputeFlags): PairEnergy {
    const a = this.arena!, k = a.kernel.k, atoms = this.atoms!;
    const n = nb.nlocal, ng = nb.nghost;
    a.f64('q', n).set(atoms.q.subarray(0, n));
    k.ghost_copy(n, ng, a.ptr('owner'), a.ptr('q'));
    const eflag = flags.eflag || flags.eatom ? 1 : 0;
    if (nb.team && !flags.eatom && !flags.vatom) return { evdwl: 0, ecoul: this.computeShared(nb, nb.team, eflag) };
    const ecoul = k.coul_streitz(a.ptr('pot:coul'), 0, n, a.ptr('x'), a.ptr('type'), a.ptr('q'), a.ptr('offs'), a.ptr('idx'),
      ...this.shortList(), a.ptr('f'), eflag, flags.eatom ? a.ptr('eatom') : 0, flags.vatom ? a.ptr('vatom') : 0, a.ptr('scratch'));
    return { evdwl: 0, ecoul };
  }

  /** The pass shared by a worker team: each rank takes its atom range (self terms and half-list pairs), scattering
   *  forces into its own accumulator (rank 0: the shared f), folded in rank order; energies summed in rank order. */
  private computeShared(nb: Neighbor, team: Team, eflag: number): number {
    const a = this.arena!, k = a.kernel.k, args = team.args, res = team.results, W = team.ranks;
    const nall = nb.nlocal + nb.nghost;
    setRankBounds(team, nb);
    args.set([a.ptr('pot:coul'), a.ptr('x'), a.ptr('type'), a.ptr('q'), a.ptr('offs'), a.ptr('idx'), ...this.shortList(), eflag, nall,
      a.ptr('scratch')]);
    setPerRank(team, a, 'f');
    team.run(Cmd.Coul, k);
    let e = 0;
    for (let r = 0; r < W; r++) e += res[r];
    foldRanks(team, a, a.ptr('f'), 3 * nall);
    return e;
  }
}
