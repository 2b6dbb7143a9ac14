// Helpers for host code that shares a kernel pass over a worker team (EAM, coul/streitz, ect/eam, fix qeq/slater and
// qeq/ensemble, kspace_style ewald): the ranks' atom ranges and per-rank accumulators in the command arguments, the
// fold of those accumulators in rank order, the "pass, fold in rank order, fold ghosts" pattern of a per-atom
// scalar, and the per-step chores split into even slices (zeroing the forces, the f·r virial, the ghosts'
// positions, the neighbour-list trigger check, fix nve, the steps of a neighbour build), which without a team run
// the same phase as the only rank.

import type { Arena } from '../wasm/arena.js';
import type { Box } from '../system/box.js';
import type { Neighbor } from '../neighbor/neighbor.js';
import type { KernelExports } from '../wasm/kernel.js';
import type { Team } from './team.js';
import { A_BOUNDS, A_PER_RANK, A_PER_RANK2, Cmd, NARGS, SUMS_BYTES } from './control.js';
import { runPhase } from './phases.js';

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

/** y = H v for the QEq matrix of the short list (matrix elements in 'sr', diagonal in `diag`, neighbours named by
 *  their owners, as the matrix kernels leave them) on `width` (1 or 2) interleaved vectors: buffer `vb` holds their values on the owned
 *  atoms, and the products are returned from buffer `yb`; with `lane` (width 2) only that lane's product (the other
 *  lane of `yb` is left 0). Rows are shared by the team when there is one (per-rank accumulators rho@r, or f@r for
 *  two-wide vectors, folded in rank order; with `fold` false the caller folds them, as Cmd.CgDot can), else computed
 *  on this thread. */
export function qeqMatvec(a: Arena, nb: Neighbor, diag: string, vb: string, yb: string, width: 1 | 2, lane?: 0 | 1, fold = true): Float64Array {
  const k = a.kernel.k, n = nb.nlocal, team = nb.team, both = width === 2 && lane === undefined;
  const args = [a.ptr('soffs'), a.ptr('send'), a.ptr('sidx'), a.ptr('sr'), a.ptr(diag), a.ptr(vb)] as const;
  if (team) {
    team.args.set(both ? [...args, n] : [...args, n, width, lane ?? 0]);
    setPerRank(team, a, width === 1 ? 'rho' : 'f', a.ptr(yb));
    team.run(both ? Cmd.QeqMatvec2 : Cmd.QeqMatvec, k);
    if (fold) foldRanks(team, a, a.ptr(yb), width * n);
  } else {
    a.f64(yb, width * n).fill(0);
    if (both) k.qeq_matvec2(0, n, ...args, a.ptr(yb));
    else k.qeq_matvec(0, n, args[0], args[1], args[2], args[3], args[4], args[5] + 8 * (lane ?? 0), a.ptr(yb) + 8 * (lane ?? 0), width);
  }
  return a.f64(yb, width * n);
}

/** After a pass whose ranks scattered one f64 per atom into `dst` (rank 0) and the scratch rho@r (ranks 1.., free
 *  outside EAM's density pass; setPerRank(team, a, 'rho', a.ptr(dst)) before the pass): add ranks 1.. into `dst` in
 *  rank order, then the ghosts into their owners. */
export function foldScalar(team: Team, a: Arena, nb: Neighbor, dst: string): void {
  foldRanks(team, a, a.ptr(dst), nb.nlocal + nb.nghost);
  a.kernel.k.ghost_fold(nb.nlocal, nb.nghost, a.ptr('owner'), a.ptr(dst), 1);
}

/** Arguments and results of a phase run on this thread alone (no team). */
const solo = { args: new Float64Array(NARGS), results: new Float64Array(1) };

/** Run a phase whose ranks take even slices of its items (runPhase): on the team, or without one on this thread as the
 *  only rank, so both give the serial loop's work. Returns the ranks' results (one per rank). */
export function runSliced(team: Team | null, k: KernelExports, cmd: Cmd, args: readonly number[]): Float64Array {
  if (team) {
    team.args.set(args);
    team.run(cmd, k);
    return team.results.subarray(0, team.ranks);
  }
  solo.args.set(args);
  runPhase(k, cmd, solo.args, 0, 1, solo.results);
  return solo.results;
}

/** Zero the first `count` f64 of buffer `name`. */
export function zeroBuffer(team: Team | null, a: Arena, name: string, count: number): void {
  runSliced(team, a.kernel.k, Cmd.Zero, [a.ptr(name), count]);
}

/** out[c] = Σ over ranks, in rank order, of sum c of each rank's block of buffer 'sums' (c < count): the reduction after
 *  a phase whose ranks each wrote their partial sums there. */
export function addRankSums(a: Arena, ranks: number, count: number, out: Float64Array | number[]): void {
  const sums = a.f64('sums', ranks * SUMS_BYTES / 8), stride = SUMS_BYTES / 8;
  for (let c = 0; c < count; c++) out[c] = 0;
  for (let r = 0; r < ranks; r++) for (let c = 0; c < count; c++) out[c] += sums[stride * r + c];
}

/** out = Σ x⊗f over owned and ghost atoms (LAMMPS virial_fdotr_compute), then the ghosts' forces onto their owners
 *  (kernel virial_fold): each rank takes an even slice of the owned atoms and their ghosts, its six sums into its block
 *  of buffer 'sums', added in rank order. Without a team, bitwise virial_fdotr over all atoms and ghost_fold. With out
 *  null, only the fold (ghost_fold_owners). */
export function foldForces(team: Team | null, a: Arena, nlocal: number, nghost: number, out: Float64Array | null): void {
  const ranks = runSliced(team, a.kernel.k, Cmd.VirialFold, [nlocal, nghost, a.ptr('owner'), a.ptr('x'), a.ptr('f'), a.ptr('sums'), out ? 1 : 0]).length;
  if (out) addRankSums(a, ranks, 6, out);
}

/** x of each ghost = its owner's + its shift (kernel ghost_positions); with `types` (after a build), also each ghost's
 *  type = its owner's in buffer 'type' (kernel ghost_copy_i32). */
export function placeGhosts(team: Team | null, a: Arena, nlocal: number, nghost: number, types = false): void {
  runSliced(team, a.kernel.k, Cmd.GhostPositions, [nlocal, nghost, a.ptr('owner'), a.ptr('shift'), a.ptr('x'), types ? a.ptr('type') : 0]);
}

/** Periodic ghosts of the `n` owned atoms of buffer 'x' in `box` for a cutoff of cf[d] cell widths along each
 *  direction d (0: not periodic) into buffers 'owner', 'ghostImage' and 'shift', with buffer 'f' as the scratch of the
 *  fractional coordinates: kernel ghost_build's ghosts, bit for bit and in its order. Without a team ghost_build
 *  itself; a team takes each periodic direction in two rounds: each rank counts the images of an even slice of the
 *  atoms so far (owned, then the ghosts of the directions before; ghost_count, after ghost_frac of its owned atoms in
 *  the first direction), rank 0 turns the counts into each rank's first ghost, and each rank adds its slice's ghosts
 *  there with their shifts (ghost_add, ghost_shifts). Returns the number of ghosts, or −1 when more than `cap` are
 *  needed. */
export function findGhosts(team: Team | null, a: Arena, n: number, box: Box, cf: readonly number[], cap: number): number {
  const k = a.kernel.k, hi = box.hinv(), [ea, eb, ec] = box.edges();
  const frame = [a.ptr('x'), box.lo[0], box.lo[1], box.lo[2], hi[0], hi[1], hi[2], hi[3], hi[4], hi[5]] as const;
  const edges = [ea[0], ea[1], ea[2], eb[0], eb[1], eb[2], ec[0], ec[1], ec[2]] as const;
  const lam = a.ptr('f'), owner = a.ptr('owner'), image = a.ptr('ghostImage'), shift = a.ptr('shift');
  if (!team) return k.ghost_build(n, ...frame, cf[0], cf[1], cf[2], ...edges, lam, cap, owner, image, shift);
  let ng = 0, first = true;
  for (let d = 0; d < 3; d++) {
    if (cf[d] <= 0) continue;
    const counts = runSliced(team, k, Cmd.GhostCount, [n + ng, d, cf[d], lam, first ? 1 : 0, ...frame]);
    first = false;
    // rank r's ghosts are ghosts start_r .. start_{r+1}-1
    let next = ng;
    for (let r = 0; r < team.ranks; r++) { team.args[A_PER_RANK2 + r] = next; next += counts[r]; }
    team.args[A_PER_RANK2 + team.ranks] = next;
    if (next > cap) return -1;
    runSliced(team, k, Cmd.GhostPlace, [n, n + ng, d, cf[d], lam, owner, image, shift, ...edges]);
    ng = next;
  }
  return ng;
}

/** The bounding box of the first `nall` positions of buffer 'x' (kernel bounds3 over even slices, the ranks' boxes
 *  joined; a non-finite position makes it non-finite): [lo x, lo y, lo z, hi x, hi y, hi z]. */
export function boundingBox(team: Team | null, a: Arena, nall: number): number[] {
  const ranks = runSliced(team, a.kernel.k, Cmd.Bounds, [nall, a.ptr('x'), a.ptr('sums')]).length;
  const sums = a.f64('sums', ranks * SUMS_BYTES / 8), stride = SUMS_BYTES / 8;
  const box = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  for (let r = 0; r < ranks; r++) {
    for (let d = 0; d < 3; d++) {
      box[d] = Math.min(box[d], sums[stride * r + d]);
      box[3 + d] = Math.max(box[3 + d], sums[stride * r + 3 + d]);
    }
  }
  return box;
}

/** The bins of the first `nall` positions of buffer 'x' (kernel bin_atoms: binOf, binStart, binAtoms, xb as it
 *  leaves them), over a grid [lox, loy, loz, binsize, nbx, nby, nbz]. A team sorts in three steps, each rank counting
 *  and then placing an even slice of the atoms (bin_count, bin_place) around rank 0's bin_offsets, with the ranks'
 *  counts in the `counts` bytes at kernel address `scratch` (free during the binning); the result is bin_atoms's, bit
 *  for bit. Without a team, or with too little scratch, bin_atoms on this thread. */
export function sortIntoBins(team: Team | null, a: Arena, nall: number, grid: readonly number[], binOf: number, binStart: number,
                             binAtoms: number, xb: number, scratch: number, scratchBytes: number): void {
  const k = a.kernel.k, x = a.ptr('x'), nbins = grid[4] * grid[5] * grid[6], stride = 4 * nbins;
  if (!team || team.ranks * stride > scratchBytes) {
    k.bin_atoms(nall, x, grid[0], grid[1], grid[2], grid[3], grid[4], grid[5], grid[6], binOf, binStart, binAtoms, xb);
    return;
  }
  runSliced(team, k, Cmd.BinCount, [nall, x, ...grid, binOf, scratch, stride]);
  k.bin_offsets(nbins, team.ranks, scratch, stride, binStart);
  runSliced(team, k, Cmd.BinPlace, [nall, x, binOf, scratch, stride, binAtoms, xb]);
}

/** Whether some owned atom moved farther than √trig from its position at the last build (kernel moved_beyond on buffers
 *  'x' and 'xhold'). */
export function movedBeyond(team: Team | null, a: Arena, nlocal: number, trig: number): boolean {
  return runSliced(team, a.kernel.k, Cmd.Moved, [a.ptr('x'), a.ptr('xhold'), trig, nlocal]).some((r) => r !== 0);
}
