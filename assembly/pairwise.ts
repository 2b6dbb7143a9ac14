// Helpers shared by the pairwise kernels (eam.ts, coulomb.ts, coulomb-table.ts, qeq.ts): accumulate into f64 arrays,
// load two neighbours' values into one f64x2, tally half of a pair's energy and virial onto each of its atoms (LAMMPS
// ev_tally with newton on), compact a skin-list row into a short list, and name owners instead of ghosts in one.

import { entry } from './list';

// @ts-ignore: decorator
@inline export function addTo(ptr: usize, v: f64): void {
  store<f64>(ptr, load<f64>(ptr) + v);
}

/** Two neighbours' f64 at byte offset `off` as one f64x2 (WASM has no gather: a zero-extending load into
 *  lane 0 and a lane load into lane 1, one instruction each). */
// @ts-ignore: decorator
@inline export function pair2(a0: usize, a1: usize, off: usize): v128 {
  return v128.load64_lane(a1 + off, v128.load64_zero(a0 + off), 1);
}

/** The rounding error of the sum s = a + b (so that a + b = s + error exactly; Neumaier): a running sum that adds these
 *  into a compensation of its own is exact to about one rounding whatever the order of its terms, so that a pass's
 *  total does not depend on how its rows were split over a worker team (a naive sum of bench/in.eam's 1.2 million pair
 *  energies at step 0 was 3.8e-12 relative off the compensated one, and 2 workers' off one worker's by 3.0e-12).
 *  Branch-free. */
// @ts-ignore: decorator
@inline export function sumError(a: f64, b: f64, s: f64): f64 {
  return select<f64>((a - s) + b, (b - s) + a, Math.abs(a) >= Math.abs(b));
}

/** s + lane 0 of v + lane 1 of v, in that order (the order in which a scalar loop adds two pairs' terms). */
// @ts-ignore: decorator
@inline export function addLanes(s: f64, v: v128): f64 {
  s += f64x2.extract_lane(v, 0);
  return s + f64x2.extract_lane(v, 1);
}

/** Lane 0 of v added to the f64 a[j0], then lane 1 to a[j1]. */
// @ts-ignore: decorator
@inline export function addTo2(a: usize, j0: i32, j1: i32, v: v128): void {
  addTo(a + (<usize>j0 << 3), f64x2.extract_lane(v, 0));
  addTo(a + (<usize>j1 << 3), f64x2.extract_lane(v, 1));
}

/** A constant in both lanes. */
// @ts-ignore: decorator
@inline export function sp(v: f64): v128 { return f64x2.splat(v); }

/** Half of the pair energy `e` to eatom[i] and eatom[j], half of the pair virial (fpair·d⊗d) to vatom[i], vatom[j]
 *  (xx yy zz xy xz yz); either pointer may be 0 (off). */
// @ts-ignore: decorator
@inline export function tallyAtom(eatom: usize, vatom: usize, i: i32, j: i32, e: f64, fpair: f64,
                                  dx: f64, dy: f64, dz: f64): void {
  if (eatom) {
    const h = 0.5 * e;
    const ei = eatom + (<usize>i << 3), ej = eatom + (<usize>j << 3);
    store<f64>(ei, load<f64>(ei) + h);
    store<f64>(ej, load<f64>(ej) + h);
  }
  if (vatom) {
    const vi = vatom + <usize>i * 48, vj = vatom + <usize>j * 48;
    const v0 = 0.5 * dx * dx * fpair, v1 = 0.5 * dy * dy * fpair, v2 = 0.5 * dz * dz * fpair;
    const v3 = 0.5 * dx * dy * fpair, v4 = 0.5 * dx * dz * fpair, v5 = 0.5 * dy * dz * fpair;
    store<f64>(vi, load<f64>(vi) + v0); store<f64>(vj, load<f64>(vj) + v0);
    store<f64>(vi, load<f64>(vi, 8) + v1, 8); store<f64>(vj, load<f64>(vj, 8) + v1, 8);
    store<f64>(vi, load<f64>(vi, 16) + v2, 16); store<f64>(vj, load<f64>(vj, 16) + v2, 16);
    store<f64>(vi, load<f64>(vi, 24) + v3, 24); store<f64>(vj, load<f64>(vj, 24) + v3, 24);
    store<f64>(vi, load<f64>(vi, 32) + v4, 32); store<f64>(vj, load<f64>(vj, 32) + v4, 32);
    store<f64>(vi, load<f64>(vi, 40) + v5, 40); store<f64>(vj, load<f64>(vj, 40) + v5, 40);
  }
}

/** The short list of one skin-list row: candidates k0..k1-1 of the atom at (xi, yi, zi) with r² ≤ cutsq go to sidx and
 *  their r² to sr from slot ns on, in list order (branch-free: every candidate is written, the cursor advances only for
 *  those inside). Returns the new cursor. */
// @ts-ignore: decorator
@inline export function compactRow(x: usize, idx: usize, k0: i32, k1: i32, xi: f64, yi: f64, zi: f64, cutsq: f64,
                                   sidx: usize, sr: usize, ns: i32): i32 {
  for (let k = k0; k < k1; k++) {
    const j = entry(idx, k);
    const pj = x + <usize>j * 24;
    const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
    const rsq = dx * dx + dy * dy + dz * dz;
    store<i32>(sidx + (<usize>ns << 2), j);
    store<f64>(sr + (<usize>ns << 3), rsq);
    ns += i32(rsq <= cutsq);
  }
  return ns;
}

/** Name owners instead of ghosts in short-list entries k0..k1-1 (a neighbour j ≥ nlocal becomes owner[j − nlocal]), once
 *  a row's pairs are done: the QEq mat-vecs then need their vectors on the owned atoms only and add straight into them,
 *  with no ghost copy and fold per CG iteration. */
// @ts-ignore: decorator
@inline export function ownersRow(sidx: usize, k0: i32, k1: i32, nlocal: i32, owner: usize): void {
  for (let k = k0; k < k1; k++) {
    const p = sidx + (<usize>k << 2), j = load<i32>(p);
    const g = j - nlocal;
    store<i32>(p, select<i32>(load<i32>(owner + (<usize>max(g, 0) << 2)), j, g >= 0));
  }
}

/** The neighbour's side of the pair (i, j): −(fx, fy, fz) onto j and, when tally, the pair's per-atom tallies (energy
 *  u, fpair, separation). The caller adds (fx, fy, fz) into atom i's force and u into the energy sum. */
// @ts-ignore: decorator
@inline export function scatterPair(f: usize, i: i32, j: i32, fx: f64, fy: f64, fz: f64, u: f64, fpair: f64,
                                    dx: f64, dy: f64, dz: f64, tally: bool, eatom: usize, vatom: usize): void {
  const fj = f + <usize>j * 24;
  addTo(fj, -fx); addTo(fj + 8, -fy); addTo(fj + 16, -fz);
  if (tally) tallyAtom(eatom, vatom, i, j, u, fpair, dx, dy, dz);
}

/** scatterPair for two pairs (i, j0) and (i, j1) evaluated in f64x2 lanes, j0 first. The caller adds the lanes into
 *  atom i's force and the energy sum, lane 0 before lane 1 (addLanes), as a scalar loop adds pair by pair. */
// @ts-ignore: decorator
@inline export function scatterPair2(f: usize, i: i32, j0: i32, j1: i32, fx: v128, fy: v128, fz: v128, u: v128, fpair: v128,
                                     dx: v128, dy: v128, dz: v128, tally: bool, eatom: usize, vatom: usize): void {
  scatterPair(f, i, j0, f64x2.extract_lane(fx, 0), f64x2.extract_lane(fy, 0), f64x2.extract_lane(fz, 0), f64x2.extract_lane(u, 0),
    f64x2.extract_lane(fpair, 0), f64x2.extract_lane(dx, 0), f64x2.extract_lane(dy, 0), f64x2.extract_lane(dz, 0), tally, eatom, vatom);
  scatterPair(f, i, j1, f64x2.extract_lane(fx, 1), f64x2.extract_lane(fy, 1), f64x2.extract_lane(fz, 1), f64x2.extract_lane(u, 1),
    f64x2.extract_lane(fpair, 1), f64x2.extract_lane(dx, 1), f64x2.extract_lane(dy, 1), f64x2.extract_lane(dz, 1), tally, eatom, vatom);
}
