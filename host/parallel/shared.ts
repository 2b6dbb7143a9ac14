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

/** After a pass whose ranks scattered into setPerRankScalar accumulators: add ranks 1.. into `dst` in rank order
 *  (each rank one slice of the atoms), then the ghosts into their owners. */
export function foldScalar(team: Team, a: Arena, nb: Neighbor, dst: string): void {
  const k = a.kernel.k, nall = nb.nlocal + nb.nghost;
  team.args[0] = a.ptr(dst); team.args[1] = nall;
  setPerRankScalar(team, a, dst);
  team.run(Cmd.Fold, k);
  k.ghost_fold(nb.nlocal, nb.nghost, a.ptr('owner'), a.ptr(dst), 1);
}
