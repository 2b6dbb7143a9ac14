// Helpers for host code that shares a kernel pass over a worker team (EAM, coul/streitz, fix qeq/slater and
// qeq/ensemble): the ranks' atom ranges and per-rank accumulators in the command arguments, and the
// "pass, fold in rank order, fold ghosts" pattern of a per-atom scalar.

import type { Arena } from '../wasm/arena.js';
import type { Neighbor } from '../neighbor/neighbor.js';
import type { Team } from './team.js';
import { A_BOUNDS, A_PER_RANK, Cmd } from './control.js';

/** args[A_BOUNDS + r]: the atom ranges of the last neighbour build (balanced by listed pairs). */
export function setRankBounds(team: Team, nb: Neighbor): void {
  for (let r = 0; r <= team.ranks; r++) team.args[A_BOUNDS + r] = nb.rankBounds[r];
}

/** args[A_PER_RANK + r]: rank 0 accumulates into `name` itself, rank r into `name@r` (the neighbour build sizes
 *  rho@r, nall f64, and f@r, 3·nall f64). */
export function setPerRank(team: Team, a: Arena, name: string): void {
  for (let r = 0; r < team.ranks; r++) team.args[A_PER_RANK + r] = a.ptr(r === 0 ? name : `${name}@${r}`);
}

/** Per-rank one-f64-per-atom accumulators: rank 0 `dst`, ranks 1.. the scratch rho@r (free outside EAM's density
 *  pass). */
export function setPerRankScalar(team: Team, a: Arena, dst: string): void {
  for (let r = 0; r < team.ranks; r++) team.args[A_PER_RANK + r] = a.ptr(r === 0 ? dst : `rho@${r}`);
}

/** y = H v for the QEq matrix of the short list (matrix elements in 'sr', diagonal in `diag`): `v` (owned) is
 *  copied into buffer `vb` and its ghosts, the product of owned atoms is left in buffer `yb` (ghosts folded), over
 *  the team when there is one (rows by rank, folded in rank order) or on this thread. */
export function qeqMatvec(a: Arena, nb: Neighbor, diag: string, vb: string, yb: string, v: Float64Array): Float64Array {
  const k = a.kernel.k, n = nb.nlocal, ng = nb.nghost, team = nb.team;
  a.f64(vb, n).set(v);
  k.ghost_copy(n, ng, a.ptr('owner'), a.ptr(vb));
  if (team) {
    team.args.set([a.ptr('soffs'), a.ptr('send'), a.ptr('sidx'), a.ptr('sr'), a.ptr(diag), a.ptr(vb), n + ng]);
    setPerRankScalar(team, a, yb);
    team.run(Cmd.QeqMatvec, k);
    foldScalar(team, a, nb, yb);
  } else {
    a.f64(yb, n + ng).fill(0);
    k.qeq_matvec(0, n, a.ptr('soffs'), a.ptr('send'), a.ptr('sidx'), a.ptr('sr'), a.ptr(diag), a.ptr(vb), a.ptr(yb));
    k.ghost_fold(n, ng, a.ptr('owner'), a.ptr(yb), 1);
  }
  return a.f64(yb, n);
}

/** After a pass whose ranks scattered into setPerRankScalar accumulators: add ranks 1.. into `dst` in rank order
 *  (each rank one slice of the atoms), then the ghosts into their owners. */
export function foldScalar(team: Team, a: Arena, nb: Neighbor, dst: string): void {
  const k = a.kernel.k, nall = nb.nlocal + nb.nghost;
  team.args[0] = a.ptr(dst); team.args[1] = nall;
  setPerRankScalar(team, a, dst);
  team.run(Cmd.Fold, k);
  k.ghost_fold(nb.nlocal, nb.nghost, a.ptr('owner'), a.ptr(dst), 1);
}
