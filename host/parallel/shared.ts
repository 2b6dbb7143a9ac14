// Helpers for host code that shares a kernel pass over a worker team (EAM, coul/streitz, ect/eam, fix qeq/slater and
// qeq/ensemble, kspace_style ewald): the ranks' atom ranges and per-rank accumulators in the command arguments, the
// fold of those accumulators in rank order, the "pass, fold in rank order, fold ghosts" pattern of a per-atom
// scalar, and the per-step chores of a force evaluation split over the ranks (zeroing the forces, the f·r virial,
// the ghosts' positions) and the neighbour-list trigger check.

import type { Arena } from '../wasm/arena.js';
import type { Neighbor } from '../neighbor/neighbor.js';
import type { Team } from './team.js';
import { A_BOUNDS, A_PER_RANK, Cmd } from './control.js';

/** args[A_BOUNDS + r]: the atom ranges of the last neighbour build (balanced by listed pairs). */
export function setRankBounds(team: Team, nb: Neighbor): void {
  for (let r = 0; r <= team.ranks; r++) team.args[A_BOUNDS + r] = nb.rankBounds[r];
}

/** args[slot + r]: rank 0 accumulates into `own` (default: buffer `name` itself), rank r into `name@r` (the neighbour
 *  build sizes rho@r, nall f64, and f@r, 3·nall f64). */
export function setPerRank(team: Team, a: Arena, name: string, own = a.ptr(name), slot = A_PER_RANK): void {
  for (let r = 0; r < team.ranks; r++) team.args[slot + r] = r === 0 ? own : a.ptr(`${name}@${r}`);
}

/** Add the ranks' accumulators (args[A_PER_RANK + r], r ≥ 1, as setPerRank left them) into dst, count f64 from
 *  kernel address dst, in rank order (Cmd.Fold: each rank adds one slice over all sources). */
export function foldRanks(team: Team, a: Arena, dst: number, count: number): void {
  team.args[0] = dst; team.args[1] = count;
  team.run(Cmd.Fold, a.kernel.k);
}

/** y = H v for the QEq matrix of the short list (matrix elements in 'sr', diagonal in `diag`) on `width` (1 or 2)
 *  interleaved vectors: buffer `vb` holds their owned values (copied to the ghosts here), and the products of the
 *  owned atoms are returned from buffer `yb` (ghost contributions folded in). Rows are shared by the team when there is
 *  one (per-rank accumulators rho@r, or f@r for two vectors, folded in rank order), else computed on this thread. */
export function qeqMatvec(a: Arena, nb: Neighbor, diag: string, vb: string, yb: string, width: 1 | 2): Float64Array {
  const k = a.kernel.k, n = nb.nlocal, ng = nb.nghost, team = nb.team;
  k.ghost_copy_width(n, ng, a.ptr('owner'), a.ptr(vb), width);
  const args = [a.ptr('soffs'), a.ptr('send'), a.ptr('sidx'), a.ptr('sr'), a.ptr(diag), a.ptr(vb)] as const;
  if (team) {
    team.args.set([...args, n + ng]);
    setPerRank(team, a, width === 1 ? 'rho' : 'f', a.ptr(yb));
    team.run(width === 1 ? Cmd.QeqMatvec : Cmd.QeqMatvec2, k);
    foldRanks(team, a, a.ptr(yb), width * (n + ng));
  } else {
    a.f64(yb, width * (n + ng)).fill(0);
    (width === 1 ? k.qeq_matvec : k.qeq_matvec2)(0, n, ...args, a.ptr(yb));
  }
  k.ghost_fold(n, ng, a.ptr('owner'), a.ptr(yb), width);
  return a.f64(yb, width * n);
}

/** After a pass whose ranks scattered one f64 per atom into `dst` (rank 0) and the scratch rho@r (ranks 1.., free
 *  outside EAM's density pass; setPerRank(team, a, 'rho', a.ptr(dst)) before the pass): add ranks 1.. into `dst` in
 *  rank order, then the ghosts into their owners. */
export function foldScalar(team: Team, a: Arena, nb: Neighbor, dst: string): void {
  foldRanks(team, a, a.ptr(dst), nb.nlocal + nb.nghost);
  a.kernel.k.ghost_fold(nb.nlocal, nb.nghost, a.ptr('owner'), a.ptr(dst), 1);
}

/** Zero the first `count` f64 of buffer `name`, each rank a slice. */
export function zeroShared(team: Team, a: Arena, name: string, count: number): void {
  team.args[0] = a.ptr(name); team.args[1] = count;
  team.run(Cmd.Zero, a.kernel.k);
}

/** out = Σ x⊗f over owned and ghost atoms (before the ghost fold of f; LAMMPS virial_fdotr_compute), each rank a
 *  slice of the atoms into its six sums of buffer 'virial' (48 bytes per rank), added here in rank order. */
export function virialShared(team: Team, a: Arena, nall: number, out: Float64Array): void {
  team.args.set([a.ptr('x'), a.ptr('f'), nall, a.ptr('virial')]);
  team.run(Cmd.Virial, a.kernel.k);
  const sums = a.f64('virial', 6 * team.ranks);
  out.fill(0);
  for (let r = 0; r < team.ranks; r++) for (let c = 0; c < 6; c++) out[c] += sums[6 * r + c];
}

/** x of each ghost = its owner's + its shift (kernel ghost_positions), each rank a slice of the ghosts. */
export function ghostPositionsShared(team: Team, a: Arena, nlocal: number, nghost: number): void {
  team.args.set([nlocal, nghost, a.ptr('owner'), a.ptr('shift'), a.ptr('x')]);
  team.run(Cmd.GhostPositions, a.kernel.k);
}

/** Whether some owned atom moved farther than √trig from its position at the last build (kernel moved_beyond on buffers
 *  'x' and 'xhold'), each rank checking a slice of the atoms. */
export function movedShared(team: Team, a: Arena, nlocal: number, trig: number): boolean {
  team.args.set([a.ptr('x'), a.ptr('xhold'), trig, nlocal]);
  team.run(Cmd.Moved, a.kernel.k);
  for (let r = 0; r < team.ranks; r++) if (team.results[r] !== 0) return true;
  return false;
}
