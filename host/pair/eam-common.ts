// Shared machinery of the EAM pair styles (eam, eam/alloy, eam/fs): uploads LAMMPS-exact spline tables
// (host/potentials/eam-tables.ts) into kernel memory and runs the density → embedding → force kernels
// with the ghost communication between them, as LAMMPS PairEAM::compute.

import type { Atoms } from '../system/atoms.js';
import type { Arena } from '../wasm/arena.js';
import type { Neighbor } from '../neighbor/neighbor.js';
import type { EamTables } from '../potentials/eam-tables.js';
import type { Where } from '../lammps/where.js';
import type { ComputeFlags, PairEnergy, PairStyle, StyleBuffers } from './pair.js';
import { EctmdError } from '../errors.js';
import type { Team } from '../parallel/team.js';
import { A_PER_RANK2, Cmd, PART_BODY, PART_HEAD, PART_WHOLE } from '../parallel/control.js';
import { foldRanks, setPerRank, setRankBounds } from '../parallel/shared.js';

const DESCRIPTOR_BYTES = 64;

export abstract class EamPair implements PairStyle {
  abstract readonly name: string;
  protected tables: EamTables | null = null;
  private arena: Arena | null = null;

  settings(args: string[], where: Where): void {
    if (args.length !== 0) {
      throw new EctmdError(`${where.file}:${where.line}: Illegal pair_style command: expected no arguments for ${this.name}, found '${args.join(' ')}'`, where.file, where.line);
    }
  }

  abstract coeff(args: string[], where: Where, atoms: Atoms): void;

  /** Apply file masses to types as LAMMPS does at pair_coeff time. */
  protected setMasses(atoms: Atoms, t: EamTables): void {
    for (let i = 1; i <= atoms.ntypes; i++) {
      if (!Number.isNaN(t.mass[i])) { atoms.mass[i] = t.mass[i]; atoms.massSet[i] = 1; }
    }
  }

  covers(i: number, j: number): boolean {
    const t = this.tables;
    if (!t || i > t.ntypes || j > t.ntypes) return false;
    const nt1 = t.ntypes + 1;
    return t.type2frho[i] >= 0 && t.type2frho[j] >= 0 && t.type2rhor[i * nt1 + j] >= 0 && t.type2z2r[i * nt1 + j] >= 0;
  }

  init(_atoms: Atoms, where: Where): number {
    if (!this.tables) throw new EctmdError(`${where.file}:${where.line}: All pair coeffs are not set (pair_style ${this.name} has no pair_coeff)`, where.file, where.line);
    return this.tables.cutmax;
  }

  /** ρ and the forces: scattered by a team's ranks by bands (host/neighbor/bands.ts) */
  buffers(): StyleBuffers { return { atom: [], pair: [], bands: [['rho', 1], ['f', 3]] }; }

  attach(arena: Arena): void {
    const t = this.tables!;
    this.arena = arena;
    const nt1 = t.ntypes + 1;
    // one all-zero table serves type pairs the style does not treat (NULL): they get no density, energy or force
    let bytes = DESCRIPTOR_BYTES + 3 * 4 * nt1 * nt1 + 7 * 8 * (Math.max(t.nr, t.nrho) + 1) + 16;
    for (const s of [...t.frhoSpline, ...t.rhorSpline, ...t.z2rSpline]) bytes += s.length * 8 + 16;
    arena.onRelayout('pot:eam', () => { if (arena.has('pot:eam')) this.upload(); });
    if (!arena.ensure('pot:eam', bytes)) this.upload();
  }

  private upload(): void {
    const t = this.tables!, a = this.arena!;
    const base = a.ptr('pot:eam');
    const nt1 = t.ntypes + 1;
    const mem = a.kernel.k.memory.buffer;
    let cursor = base + DESCRIPTOR_BYTES;
    const mapFrho = cursor; cursor += 4 * nt1 * nt1;
    const mapRhor = cursor; cursor += 4 * nt1 * nt1;
    const mapZ2r = cursor; cursor += 4 * nt1 * nt1;
    cursor = Math.ceil(cursor / 16) * 16;
    const place = (list: Float64Array[]): number[] => list.map((s) => {
      const p = cursor;
      new Float64Array(mem, p, s.length).set(s);
      cursor += s.length * 8;
      cursor = Math.ceil(cursor / 16) * 16;
      return p;
    });
    const pf = place(t.frhoSpline), pr = place(t.rhorSpline), pz = place(t.z2rSpline);
    const [zero] = place([new Float64Array(7 * (Math.max(t.nr, t.nrho) + 1))]);
    const i32 = new Int32Array(mem);
    for (let i = 0; i < nt1; i++) {
      i32[(mapFrho >> 2) + i] = i > 0 && t.type2frho[i] >= 0 ? pf[t.type2frho[i]] : zero;
      for (let j = 0; j < nt1; j++) {
        const k = i * nt1 + j;
        const treated = i > 0 && j > 0 && t.type2frho[i] >= 0 && t.type2frho[j] >= 0;
        i32[(mapRhor >> 2) + k] = treated && t.type2rhor[k] >= 0 ? pr[t.type2rhor[k]] : zero;
        i32[(mapZ2r >> 2) + k] = treated && t.type2z2r[k] >= 0 ? pz[t.type2z2r[k]] : zero;
      }
    }
    const d = new DataView(mem, base, DESCRIPTOR_BYTES);
    d.setInt32(0, t.ntypes, true);
    d.setInt32(4, t.nr, true);
    d.setInt32(8, t.nrho, true);
    d.setInt32(12, mapFrho, true);
    d.setInt32(16, mapRhor, true);
    d.setInt32(20, mapZ2r, true);
    d.setFloat64(24, t.rdr, true);
    d.setFloat64(32, t.rdrho, true);
    d.setFloat64(40, t.rhomax, true);
    d.setFloat64(48, t.cutforcesq, true);
  }

  compute(nb: Neighbor, flags: ComputeFlags): PairEnergy {
    const a = this.arena!;
    const k = a.kernel.k;
    const n = nb.nlocal, ng = nb.nghost, nall = n + ng;
    if (nb.team && !flags.eatom && !flags.vatom) return this.computeShared(nb, nb.team, flags.eflag ? 1 : 0);
    a.f64('rho', nall).fill(0);
    const eatom = flags.eatom ? a.ptr('eatom') : 0;
    const vatom = flags.vatom ? a.ptr('vatom') : 0;
    const pot = a.ptr('pot:eam');
    const [offs, idx] = nb.list(this.tables!.cutmax);
    const list = [a.ptr('x'), a.ptr('type'), a.ptr(offs), a.ptr(idx), a.ptr('smask')] as const;
    k.eam_density(pot, 0, n, ...list, a.ptr('scratch'), a.ptr('rho'));
    k.ghost_fold(n, ng, a.ptr('owner'), a.ptr('rho'), 1);
    const eflag = flags.eflag || flags.eatom ? 1 : 0;
    // F′(ρ) overwrites ρ in place (the embedding pass reads each atom's ρ before it writes its F′)
    const embed = k.eam_embed(pot, 0, n, a.ptr('type'), a.ptr('rho'), a.ptr('rho'), eflag, eatom);
    k.ghost_copy(n, ng, a.ptr('owner'), a.ptr('rho'));
    const pair = k.eam_force(pot, 0, n, ...list, a.ptr('scratch'), a.ptr('rho'), a.ptr('f'), eflag, eatom, vatom);
    return { evdwl: embed + pair, ecoul: 0 };
  }

  /** The same passes shared by a worker team, each rank on the atom range of the last build. By bands (nb.bands,
   *  host/neighbor/bands.ts): each pass twice, the rows after each rank's head and then the heads, the owned atoms' ρ
   *  and forces added in place and the ghosts' into the rank's own accumulator (rank 0: the shared one), those folded
   *  in rank order; else once, each rank into a whole accumulator of its own, folded in rank order. Then each rank folds
   *  the ghosts' ρ of an even slice of the owners, embeds them and copies their F′ to the ghosts (as the serial
   *  ghost_fold, eam_embed and ghost_copy, bitwise). Per-atom tallies are never requested here. */
  private computeShared(nb: Neighbor, team: Team, eflag: number): PairEnergy {
    const a = this.arena!, k = a.kernel.k, args = team.args, res = team.results;
    const n = nb.nlocal, ng = nb.nghost, nall = n + ng, W = team.ranks, bands = nb.bands;
    const pot = a.ptr('pot:eam'), rho = a.ptr('rho'), f = a.ptr('f');
    setRankBounds(team, nb);
    const [offs, idx] = nb.list(this.tables!.cutmax);
    const list = [a.ptr('x'), a.ptr('type'), a.ptr(offs), a.ptr(idx), a.ptr('smask')];
    const parts = bands ? [PART_BODY, PART_HEAD] : [PART_WHOLE];
    args.set([pot, ...list, nall, a.ptr('scratch'), 0, n, bands?.head ?? 0, bands?.up ?? 0, rho]);
    if (bands) setPerRank(team, a, 'rho:g', rho + 8 * n);
    else setPerRank(team, a, 'rho');
    for (const part of parts) { args[8] = part; team.run(Cmd.Density, k); }
    if (bands) foldRanks(team, a, rho + 8 * n, ng);
    else foldRanks(team, a, rho, nall);
    // F′ over ρ in place, as compute(); the force accumulators of ranks 1.. (their ghosts' by bands, else whole) zeroed
    // there, split evenly, not by their owners in the force pass (rank 0's are the shared forces, zeroed before)
    const forceAcc = bands ? 'f:g' : 'f';
    setPerRank(team, a, forceAcc, bands ? f + 24 * n : f, A_PER_RANK2);
    args.set([pot, a.ptr('type'), rho, eflag, n, ng, a.ptr('owner'), 3 * (bands ? ng : nall)]);
    team.run(Cmd.EmbedFold, k);
    let energy = 0;
    for (let r = 0; r < W; r++) energy += res[r];
    args.set([pot, ...list, rho, eflag, nall, a.ptr('scratch'), 0, n, bands?.head ?? 0, f]);
    setPerRank(team, a, forceAcc, bands ? f + 24 * n : f);
    for (const part of parts) {
      args[10] = part;
      team.run(Cmd.Force, k);
      for (let r = 0; r < W; r++) energy += res[r];
    }
    if (bands) foldRanks(team, a, f + 24 * n, 3 * ng);
    else foldRanks(team, a, f, 3 * nall);
    return { evdwl: energy, ecoul: 0 };
  }
}
