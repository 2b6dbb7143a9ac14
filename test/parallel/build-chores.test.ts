// The neighbour build's chores that a worker team splits into even slices (host/parallel/shared.ts): making the ghosts
// (Cmd.GhostCount, Cmd.GhostPlace), the bounding box of owned + ghost atoms (Cmd.Bounds, the ranks' boxes joined), the
// ghosts' positions and types (Cmd.GhostPositions with types) and the sort into bins (Cmd.BinCount, bin_offsets,
// Cmd.BinPlace). For 1, 2 and 3 ranks they must give what one pass over all atoms gives (ghost_build, bit for bit and
// in its order; bounds3; ghost_positions and ghost_copy_i32; bin_atoms, bit for bit), and a non-finite position must
// still make the box non-finite, whichever rank's slice holds it.
// The ranks run one after the other on one kernel instance (a stand-in for the team: the same runPhase each rank runs).

import { describe, expect, test } from 'vitest';
import { NARGS, SUMS_BYTES, type Cmd } from '../../host/parallel/control.js';
import { runPhase } from '../../host/parallel/phases.js';
import { boundingBox, findGhosts, placeGhosts, sortIntoBins } from '../../host/parallel/shared.js';
import type { Team } from '../../host/parallel/team.js';
import { Box } from '../../host/system/box.js';
import { RanPark } from '../../host/random/park.js';
import { Arena } from '../../host/wasm/arena.js';
import { Kernel, type KernelExports, type KernelKind } from '../../host/wasm/kernel.js';

/** The ranks of a team, run in turn on this thread. */
function standInTeam(ranks: number): Team {
  const args = new Float64Array(NARGS), results = new Float64Array(64);
  return { ranks, args, results, run: (cmd: Cmd, k: KernelExports) => { for (let r = 0; r < ranks; r++) runPhase(k, cmd, args, r, ranks, results); } } as unknown as Team;
}

/** n owned atoms and ng ghosts at random places (owners in no order, shifts of ±1 period of a 20 Å cell), with types. */
function setup(kind: KernelKind, n: number, ng: number, ranks: number, seed: number) {
  const a = new Arena(new Kernel(kind));
  a.ensureAll([['x', 24 * (n + ng)], ['owner', 4 * ng], ['shift', 24 * ng], ['type', 4 * (n + ng)], ['sums', SUMS_BYTES * ranks]]);
  let s = seed;
  const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const x = a.f64('x', 3 * (n + ng)), owner = a.i32('owner', ng), shift = a.f64('shift', 3 * ng), type = a.i32('type', n + ng);
  for (let i = 0; i < 3 * n; i++) x[i] = 20 * rnd();
  for (let i = 0; i < n; i++) type[i] = 1 + Math.floor(3 * rnd());
  for (let g = 0; g < ng; g++) {
    owner[g] = Math.floor(n * rnd());
    for (let d = 0; d < 3; d++) shift[3 * g + d] = 20 * (Math.floor(3 * rnd()) - 1);
  }
  return a;
}

describe.each(['simd', 'scalar'] as KernelKind[])('%s kernel', (kind) => {
  const n = 301, ng = 157;

  test.each([1, 2, 3])('%i rank(s): the ghosts\' positions and types are one pass\'s, the joined box is bounds3 over all atoms', (ranks) => {
    const team = standInTeam(ranks), a = setup(kind, n, ng, ranks, 7), serial = setup(kind, n, ng, ranks, 7);
    placeGhosts(team, a, n, ng, true);
    const k = serial.kernel.k;
    k.ghost_positions(n, ng, serial.ptr('owner'), serial.ptr('shift'), serial.ptr('x'));
    k.ghost_copy_i32(n, ng, serial.ptr('owner'), serial.ptr('type'));
    expect(Array.from(a.f64('x', 3 * (n + ng)))).toEqual(Array.from(serial.f64('x', 3 * (n + ng))));
    expect(Array.from(a.i32('type', n + ng))).toEqual(Array.from(serial.i32('type', n + ng)));
    // the ghosts' types are their owners' (not left at 0)
    const type = a.i32('type', n + ng), owner = a.i32('owner', ng);
    for (let g = 0; g < ng; g++) expect(type[n + g]).toBe(type[owner[g]]);

    const box = boundingBox(team, a, n + ng);
    const out = serial.kernel.alloc(48);
    k.bounds3(n + ng, serial.ptr('x'), out);
    expect(box).toEqual(Array.from(serial.kernel.f64(out, 6)));
    // positions of the ghosts reach beyond the cell on both sides
    expect(box[0]).toBeLessThan(0);
    expect(box[3]).toBeGreaterThan(20);
  });

  test.each([1, 2, 3])('%i rank(s): the ghosts are ghost_build\'s, bit for bit and in its order; too few slots is −1', (ranks) => {
    // a cutoff below one cell width (images ±1), one of 1.3 widths along y (images ±1, ±2), a non-periodic z; an
    // orthogonal and a triclinic cell
    const cells: Array<[Box, number[]]> = [];
    const ortho = new Box([-1, 0, 2], [9, 8, 14]);
    cells.push([ortho, [0.2, 0.3, 0.25]]);
    const small = new Box([0, 0, 0], [6, 4, 7], { xy: 0.8, xz: -0.5, yz: 0.3 });
    cells.push([small, [0.4, 1.3, 0.35]]);
    const open = ortho.clone();
    open.periodic = [true, true, false];
    cells.push([open, [0.2, 0.3, 0]]);
    for (const [box, cf] of cells) {
      const n = 257;
      const ghosts = (team: Team | null, cap: number) => {
        const a = new Arena(new Kernel(kind));
        a.ensureAll([['x', 24 * (n + cap)], ['f', 24 * (n + cap)], ['owner', 4 * cap], ['shift', 24 * cap], ['ghostImage', 12 * cap]]);
        const random = new RanPark(5), rnd = () => random.uniform();
        const x = a.f64('x', 3 * n), [ea, eb, ec] = box.edges();
        for (let i = 0; i < n; i++) {
          const u = rnd(), v = rnd(), w = rnd();
          for (let d = 0; d < 3; d++) x[3 * i + d] = box.lo[d] + u * ea[d] + v * eb[d] + w * ec[d];
        }
        // stale values where the results go: every one must be written
        a.i32('owner', cap).fill(-7); a.i32('ghostImage', 3 * cap).fill(-7); a.f64('shift', 3 * cap).fill(NaN);
        const ng = findGhosts(team, a, n, box, cf, cap);
        if (ng < 0) return { ng };
        return { ng, owner: Array.from(a.i32('owner', ng)), image: Array.from(a.i32('ghostImage', 3 * ng)), shift: Array.from(a.f64('shift', 3 * ng)) };
      };
      const serial = ghosts(null, 20000);
      expect(serial.ng).toBeGreaterThan(n);
      expect(ghosts(standInTeam(ranks), 20000)).toEqual(serial);
      expect(ghosts(standInTeam(ranks), serial.ng)).toEqual(serial);
      expect(ghosts(standInTeam(ranks), serial.ng - 1)).toEqual({ ng: -1 });
      expect(ghosts(null, serial.ng - 1)).toEqual({ ng: -1 });
      // images of images (edges and corners), and along y two periods where the cutoff passes one width
      const img = serial.image!;
      expect(img.some((_, g) => g % 3 === 0 && img[g] !== 0 && img[g + 1] !== 0)).toBe(true);
      expect(img.some((v, j) => j % 3 === 1 && Math.abs(v) === 2)).toBe(cf[1] > 1);
      if (!box.periodic[2]) expect(img.every((v, j) => j % 3 !== 2 || v === 0)).toBe(true);
    }
  });

  test.each([1, 2, 3])('%i rank(s): the sort into bins is bin_atoms\'s, bit for bit; too little scratch falls back to it', (ranks) => {
    // a 6×5×7 grid from (−2, −2, −2), bins of 4 Å: some atoms clamped into the edge bins, several atoms per bin
    const nall = n + ng, grid = [-2, -2, -2, 4, 6, 5, 7] as const, nbins = 6 * 5 * 7;
    const sorted = (scratchBytes: number, shared: boolean) => {
      const a = setup(kind, n, ng, ranks, 11);
      placeGhosts(null, a, n, ng);
      a.ensureAll([['binOf', 4 * nall], ['binStart', 4 * (nbins + 1)], ['binAtoms', 4 * nall], ['xb', 24 * nall], ['counts', 4 * nbins * ranks]]);
      // stale values where the results go: every one must be written
      a.i32('binOf', nall).fill(-7); a.i32('binStart', nbins + 1).fill(-7); a.i32('binAtoms', nall).fill(-7); a.f64('xb', 3 * nall).fill(NaN);
      const ptrs = [a.ptr('binOf'), a.ptr('binStart'), a.ptr('binAtoms'), a.ptr('xb')] as const;
      if (shared) sortIntoBins(standInTeam(ranks), a, nall, grid, ...ptrs, a.ptr('counts'), scratchBytes);
      else a.kernel.k.bin_atoms(nall, a.ptr('x'), ...grid, ...ptrs);
      return { binOf: Array.from(a.i32('binOf', nall)), binStart: Array.from(a.i32('binStart', nbins + 1)),
        binAtoms: Array.from(a.i32('binAtoms', nall)), xb: Array.from(a.f64('xb', 3 * nall)) };
    };
    const serial = sorted(0, false);
    expect(serial.binStart[nbins]).toBe(nall);
    expect(new Set(serial.binAtoms).size).toBe(nall);
    expect(sorted(4 * nbins * ranks, true)).toEqual(serial);
    expect(sorted(4 * nbins * ranks - 4, true)).toEqual(serial);
  });

  test.each([1, 2, 3])('%i rank(s): a non-finite position in any slice makes the joined box non-finite', (ranks) => {
    for (const at of [0, Math.floor((n + ng) / 2), n + ng - 1]) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const a = setup(kind, n, ng, ranks, 3);
        a.f64('x', 3 * (n + ng))[3 * at + 1] = bad;
        const box = boundingBox(standInTeam(ranks), a, n + ng);
        expect(Number.isFinite(box.reduce((t, v) => t + v, 0))).toBe(false);
      }
    }
  });
});
