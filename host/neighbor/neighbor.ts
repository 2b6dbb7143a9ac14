// Neighbour lists with LAMMPS semantics: cutoff = force cutoff + skin, rebuilt per `neigh_modify every/delay/check`
// (check: any atom moved more than skin/2 since the last build, less what the box corners moved when the box
// changes, as Neighbor::check_distance), counting builds and dangerous builds. The list
// itself is built by the kernel (bin_atoms, build_half) over owned + ghost atoms in the kernel's memory, where the owned
// atoms' positions are atoms.x itself (host/wasm/atom-vectors.ts) and the ghosts follow them.

import type { Atoms } from '../system/atoms.js';
import { Box, type Vec3 } from '../system/box.js';
import type { RestartBox } from '../io/restart-file.js';
import type { Arena } from '../wasm/arena.js';
import { SCRATCH_BYTES } from '../wasm/kernel.js';
import { remapAll } from '../system/remap.js';
import { EctmdError } from '../errors.js';
import { ghostShifts } from './ghosts.js';
import { bandHead, listReach } from './bands.js';
import type { Team } from '../parallel/team.js';
import { A_BOUNDS, A_CAPACITY, A_PER_RANK, Cmd, SUMS_BYTES, shareStart } from '../parallel/control.js';
import { boundingBox, findGhosts, movedBeyond, placeGhosts, sortIntoBins } from '../parallel/shared.js';

export interface NeighborSettings {
  skin: number;
  every: number;
  delay: number;
  check: boolean;
  once: boolean;
}

/** LAMMPS 29Sep2021 defaults for units metal: skin 2.0 Å, every 1, delay 10, check yes (later LAMMPS versions use delay 0). */
export function defaultNeighborSettings(): NeighborSettings {
  return { skin: 2.0, every: 1, delay: 10, check: true, once: false };
}

/** What a restart file keeps of the list: positions at the last build, steps since, and the cell of that build when
 *  the box has changed since. */
export interface ListState { xhold: Float64Array; ago: number; box?: RestartBox | null }

export class Neighbor {
  readonly arena: Arena;
  settings: NeighborSettings;
  cutforce = 0;
  /** force cutoff of a style that wants a shorter list than cutforce (hybrid's shortest sub-style; 0: none) */
  shortCut = 0;
  /** whether the last build also made the short list ('offs:short', 'idx:short') */
  private hasShort = false;
  nlocal = 0;
  nghost = 0;
  npairs = 0;
  /** builds and dangerous builds since the counters were last cleared (LAMMPS reports them per run) */
  builds = 0;
  dangerous = 0;
  /** steps since the last build */
  ago = 0;
  /** whether kernel buffer 'xhold' (kept through re-layouts) holds the owned positions of the last build */
  private held = false;
  /** box corners at the last build (lo and hi; all eight when triclinic) */
  private cornersHold: number[][] = [];
  private pairCap = 0;
  /** capacity (ghost atoms) of the ghost-building buffers */
  private ghostCap = 0;
  /** bytes per entry of the lists 'idx' and 'idx:short' (kernel list_entry_bytes): 3 while owned + ghost atoms number
   *  at most narrowLimit, else 4 */
  entryBytes = 4;
  /** the most owned + ghost atoms listed in 3-byte entries: 2^24, all a 24-bit index can name (tests lower it to
   *  exercise the 4-byte lists larger systems use) */
  narrowLimit = 2 ** 24;
  /** time spent in builds (s), for the timing breakdown */
  buildTime = 0;
  /** the worker team force passes are shared with (null: the main thread alone) */
  team: Team | null = null;
  /** rank r of the team handles owned atoms rankBounds[r] .. rankBounds[r+1]-1 (balanced by pair count) */
  rankBounds = new Int32Array([0, 0]);
  /** further per-atom buffers (owned + ghost) that users of the list need, name → f64 per atom, sized at every build */
  readonly atomBuffers = new Map<string, number>();
  /** per-rank accumulators `name@r` of a worker team (ranks 1..W−1; rank 0 uses the caller's own buffer), name → f64 per
   *  atom (owned + ghost); sized at every build */
  readonly rankAtomBuffers = new Map<string, number>();
  /** accumulators of passes a team shares by bands (host/neighbor/bands.ts), name → f64 per atom: per rank 1..W−1
   *  `name:g@r` for the ghosts, and the whole `name@r` once some build's ranges were too short for the bands */
  readonly bandBuffers = new Map<string, number>();
  /** pairs each rank listed at the last team build (where their shares of idx start at the next; [−1]: a share
   *  overflowed, share evenly) */
  private shareCounts: number[] = [];
  /** the half list's pairs as the mean density guesses them (the first build's size and shares) */
  private pairGuess = 0;
  /** the rows of each rank's head when the team's scatter passes run by bands after the last build (null: each rank
   *  into a whole accumulator of its own), with the list's reach up (the rows a rank zeroes past its range's start) */
  bands: { head: number; up: number } | null = null;
  /** whether the builds size the whole `name@r` of bandBuffers (set for good by the first build whose bands did not fit) */
  private wholeBandBuffers = false;
  /** f64 per-pair buffers (one slot per skin-list entry) that users of the list need, sized at every build. Their users
   *  (Coulomb, QEq and ECT kernels) compact the skin list into a short list of their own (soffs, send, sidx: as many
   *  slots), so the short list is allocated only when some per-pair buffer is asked for. EAM marks its short list
   *  as one bit per skin pair in smask instead (assembly/eam.ts). */
  readonly pairBuffers = new Set<string>();
  /** list state read from a restart file, used by the next setupBuild */
  private restored: ListState | null = null;
  /** the cell at the last build */
  private boxHold: Box | null = null;
  /** the engine's spatial sort of the atoms (setup: a run's first build) */
  sortHook: ((setup: boolean) => void) | null = null;

  constructor(arena: Arena, settings: NeighborSettings) {
    this.arena = arena;
    this.settings = settings;
    // the ghosts' owners, shifts and image flags stay where ghost_build wrote them through the build's re-layouts
    for (const name of ['xhold', 'owner', 'shift', 'ghostImage']) arena.keep(name);
  }

  get nall(): number { return this.nlocal + this.nghost; }
  get cutneigh(): number { return this.cutforce + this.settings.skin; }

  /** Wrap atoms into the cell, make ghosts, bin, and build the half list. `sort`: between wrapping and the build,
   *  the spatial sort of the atoms may run (sortHook): 'setup' at a run's first build, 'due' at a rebuild during a
   *  run (sorts when its step has come), null never (minimisation, whose search vectors follow the atom order). */
  build(atoms: Atoms, box: Box, sort: 'setup' | 'due' | null = null): void {
    // (stops at an atom whose position is not finite; the kernel lists the atoms outside the cell from its 'x', which
    // atoms.x views, into the forces' buffer, free during a build: the ghosts' scratch next)
    const a = this.arena;
    remapAll(box, atoms, true, { k: a.kernel.k, x: a.ptr('x'), list: a.ptr('f') });
    if (sort) this.sortHook?.(sort === 'setup');
    this.buildList(atoms, box);
  }

  /** A short list pays when its ball holds under 70% of the long list's candidates. */
  private wantShort(): boolean {
    return this.shortCut > 0 && ((this.shortCut + this.settings.skin) / this.cutneigh) ** 3 < 0.7;
  }

  /** The list (offsets, indices: buffer names) a style with force cutoff `cut` walks: the short list when the last
   *  build made one that covers `cut`, else the full list. Both hold the same pairs within `cut` in the same order. */
  list(cut: number): readonly [string, string] {
    return this.hasShort && cut <= this.shortCut ? ['offs:short', 'idx:short'] : ['offs', 'idx'];
  }

  /** Positions at the last build and steps since (for restart files), with the cell of that build when the box has
   *  changed since (`current`); null before the first build. */
  listState(nlocal: number, current: Box): ListState | null {
    if (!this.held || this.nlocal !== nlocal) return null;
    const b = this.boxHold;
    const moved = b !== null && (b.lo.some((v, k) => v !== current.lo[k]) || b.hi.some((v, k) => v !== current.hi[k]) || b.xy !== current.xy || b.xz !== current.xz || b.yz !== current.yz);
    const box = moved ? { lo: [...b.lo], hi: [...b.hi], tilt: b.triclinic ? { xy: b.xy, xz: b.xz, yz: b.yz } : null } : null;
    return { xhold: this.arena.f64('xhold', 3 * nlocal).slice(), ago: this.ago, box };
  }

  /** Hand the next setupBuild a list state from a restart file. */
  restore(state: ListState | null): void { this.restored = state; }

  /** The build at the start of a run. After read_restart it rebuilds the list from the restart's last-build
   *  positions (the same pairs in the same order as the run that wrote it, so the continuation is bitwise; no
   *  spatial sort then) as long as no atom has since moved more than half the skin; otherwise, and normally, a
   *  fresh build after the setup sort. */
  setupBuild(atoms: Atoms, box: Box): void {
    const r = this.restored;
    this.restored = null;
    if (r && r.xhold.length === 3 * atoms.n && !this.movedSince(r.xhold, atoms.n)) {
      const x = atoms.x.slice(0, 3 * atoms.n);
      atoms.x.set(r.xhold);
      // a box that changed since that build (barostat): build in the old cell, then let the ghosts follow the new one
      const old = r.box ? new Box(r.box.lo as Vec3, r.box.hi as Vec3, r.box.tilt ?? undefined) : null;
      this.buildList(atoms, old ?? box);
      atoms.x.set(x);
      if (old) this.followBox(box);
      this.refresh();
      this.ago = r.ago;
      return;
    }
    this.build(atoms, box, 'setup');
  }

  /** Whether some atom moved more than √trig (default skin/2) from its position at the last build, or from `hold`
   *  (which then becomes the positions of the last build), LAMMPS check_distance (kernel moved_beyond, each rank of a
   *  team checking a slice of the atoms). */
  private movedSince(hold: Float64Array | null, n: number, trig = 0.25 * this.settings.skin * this.settings.skin): boolean {
    const a = this.arena;
    // (a restart's positions come before the run's first build, so sizing the buffer may re-lay out the others here;
    // within a run the last build sized it)
    if (hold) { a.ensure('xhold', 24 * n); a.f64('xhold', 3 * n).set(hold); this.held = false; }
    return movedBeyond(this.team, a, n, trig);
  }

  /** Ghosts, bins and the half list for positions already inside the cell. */
  private buildList(atoms: Atoms, box: Box): void {
    const t0 = performance.now();
    const n = atoms.n;
    const nghost = this.makeGhosts(atoms, box);
    this.nlocal = n;
    this.nghost = nghost;
    const nall = n + nghost;
    // first guess of the half-list size from the mean density (a ball of radius cutneigh holds
    // (4π/3)·cutneigh³·n/V atoms, half of them listed), 15% spare; an overflowing build regrows and repeats
    if (this.pairCap === 0) {
      this.pairGuess = n * (2 * Math.PI / 3) * this.cutneigh ** 3 * n / box.volume();
      this.pairCap = Math.max(1024, Math.ceil(1.15 * this.pairGuess));
    }
    const a = this.arena;
    // neighbour indices in 3 bytes where they fit (a quarter less memory for the largest buffer of an EAM run)
    this.entryBytes = nall <= Math.min(this.narrowLimit, 2 ** 24) ? 3 : 4;
    a.kernel.k.list_entry_bytes(this.entryBytes);
    // a list buffer of c entries: the entries, the byte the last one's 4-byte store spills, and room for the force
    // pass's 16-byte loads of four entries (assembly/list.ts, eam.ts)
    const listBytes = (c: number) => c * this.entryBytes + 16;
    for (;;) {
      // every buffer of the build in one ensureAll: at most one re-layout (and one round of the owners' re-uploads,
      // such as the potential tables) however many of them grow
      const W = this.team?.ranks ?? 1;
      const want: Array<[string, number]> = [['x', nall * 24], ['xhold', n * 24], ['type', nall * 4], ['owner', nghost * 4],
        ['shift', nghost * 24], ['offs', (n + 1) * 4], ['idx', listBytes(this.pairCap)]];
      if (this.wantShort()) want.push(['offs:short', (n + 1) * 4], ['idx:short', listBytes(this.pairCap)]);
      // one bit per pair, each atom's row starting on a word of its own (eam_density)
      const smaskBytes = ((this.pairCap >>> 5) + n + 1) * 4;
      want.push(['smask', smaskBytes]);
      if (this.pairBuffers.size > 0) want.push(['soffs', (n + 1) * 4], ['send', (n + 1) * 4], ['sidx', this.pairCap * 4]);
      for (const name of this.pairBuffers) want.push([name, this.pairCap * 8]);
      want.push(['rho', nall * 8]); // EAM's ρ, then F′ in its place
      for (const [name, width] of this.atomBuffers) want.push([name, nall * 8 * width]);
      want.push(['f', nall * 24], ['sums', SUMS_BYTES * W]);
      // private scatter accumulators of ranks 1..W−1 (rank 0 uses the shared ones)
      for (let r = 1; r < W; r++) {
        for (const [name, width] of this.bandBuffers) {
          want.push([`${name}:g@${r}`, Math.max(nghost, 1) * 8 * width]);
          if (this.wholeBandBuffers) want.push([`${name}@${r}`, nall * 8 * width]);
        }
        for (const [name, width] of this.rankAtomBuffers) want.push([`${name}@${r}`, nall * 8 * width]);
      }
      want.push(['scratch', W * SCRATCH_BYTES]); // rank r's at r·SCRATCH_BYTES
      a.ensureAll(want);
      a.i32('type', n).set(atoms.type.subarray(0, n));
      const k = a.kernel.k;
      // the ghosts' positions and types from their owners'
      placeGhosts(this.team, a, n, nghost, true);
      // bins over the bounding box of owned + ghost atoms, binsize = half the neighbour cutoff (LAMMPS default)
      const [lox, loy, loz, hix, hiy, hiz] = boundingBox(this.team, a, nall);
      if (!Number.isFinite(lox + loy + loz + hix + hiy + hiz)) {
        throw new EctmdError('Non-numeric atom coords - simulation unstable (an atom position is not finite)');
      }
      const binsize = 0.5 * this.cutneigh;
      const nbx = Math.floor((hix - lox) / binsize) + 1;
      const nby = Math.floor((hiy - loy) / binsize) + 1;
      const nbz = Math.floor((hiz - loz) / binsize) + 1;
      const nbins = nbx * nby * nbz;
      if (nbins > 2 ** 28) throw new EctmdError(`Too many neighbor bins (${nbins}): atoms spread over too large a region`);
      // the bins' scratch lives in buffers a build does not need: the bin of each atom and the atoms of each bin (i32)
      // in the two halves of 'rho' (f64 per atom), the binned positions in 'f', the bins' offsets in 'smask' where they
      // fit (dense atoms; all three rewritten by the next force pass), else in a buffer of their own
      const inMask = (nbins + 1) * 4 <= smaskBytes;
      if (!inMask && a.ensure('binStart', (nbins + 1) * 4)) continue;
      // the bands' bound on the list's reach (host/neighbor/bands.ts), when a team's passes may use them
      const wantReach = W > 1 && this.bandBuffers.size > 0;
      if (wantReach && a.ensure('reach', 8 * (nby * nbz + 1))) continue;
      const binStart = a.ptr(inMask ? 'smask' : 'binStart');
      const binOf = a.ptr('rho'), binAtoms = binOf + 4 * nall, xb = a.ptr('f');
      // (a team's ranks count into the list buffer, written only after the binning)
      sortIntoBins(this.team, a, nall, [lox, loy, loz, binsize, nbx, nby, nbz], binOf, binStart, binAtoms, xb, a.ptr('idx'), listBytes(this.pairCap));
      const cn = this.cutneigh;
      // the list's reach in atom index, for the bands of a team's scatter passes (the rows of the stencil: the cutoff
      // over the bin size, one more for rounding)
      const reach = wantReach
        ? listReach(k, n, { nbx, nby, nbz, rows: Math.floor(cn / binsize + 1e-6) + 1 }, binStart, binAtoms, a.ptr('reach'))
        : null;
      // (bands unlikely to fit the ranges, as the last build's or even ones: whole accumulators now, before the list)
      if (wantReach && !this.wholeBandBuffers && (reach === null || bandHead(this.startBounds(W), reach, 1.25) === null)) {
        this.wholeBandBuffers = true;
        continue;
      }
      const grid = [a.ptr('x'), lox, loy, loz, binsize, nbx, nby, nbz, binOf, binStart, binAtoms, xb, cn * cn] as const;
      const np = this.team ? this.buildShared(this.team, grid) : k.build_half(0, n, ...grid, a.ptr('offs'), a.ptr('idx'), this.pairCap);
      if (np < 0) continue;
      if (np > this.pairCap) { this.pairCap = Math.ceil(np * 1.2); continue; }
      a.i32('offs', n + 1)[n] = np;
      this.npairs = np;
      this.splitRanks();
      const head = reach ? bandHead(this.rankBounds, reach) : null;
      // no bands: whole accumulators per rank, which this layout may lack (build again)
      if (wantReach && head === null && !this.wholeBandBuffers) { this.wholeBandBuffers = true; continue; }
      this.bands = head === null ? null : { head, up: reach!.up };
      break;
    }
    this.hasShort = this.wantShort();
    if (this.hasShort) {
      const cs = this.shortCut + this.settings.skin;
      a.kernel.k.list_shorten(n, a.ptr('x'), a.ptr('offs'), a.ptr('idx'), cs * cs, a.ptr('offs:short'), a.ptr('idx:short'));
    }
    a.f64('xhold', 3 * n).set(atoms.x.subarray(0, 3 * n));
    this.held = true;
    this.cornersHold = box.corners();
    this.boxHold = box.clone();
    this.ago = 0;
    this.builds++;
    this.buildTime += (performance.now() - t0) / 1000;
  }

  /** The half list built by the team: each rank lists an atom range (the last build's balanced ranges, or equal
   *  ranges) into its share of idx, one entry short of the next share so that the byte a 3-byte entry's store spills
   *  stays inside its own, then rank 0 moves the shares of ranks 1.. down behind those before them, in rank order (a
   *  share never moves past the next one's start, so nothing unmoved is overwritten). The list is the same as a serial
   *  build's. Rank r's share starts where the pairs of the ranks before it would end if each listed 1% more than at
   *  the last build (so the shares' moves touch few pages of idx beyond the list's end), at the first build more than
   *  the mean density's guess, and after a share overflowed at entry ⌊pairCap·r/W⌋. Returns the pair count, or −1 when
   *  a share overflowed (build again; idx grown when the shares were even). */
  private buildShared(team: Team, grid: readonly number[]): number {
    const a = this.arena, k = a.kernel.k, args = team.args, res = team.results, W = team.ranks, n = this.nlocal;
    const eb = this.entryBytes;
    const bounds = this.startBounds(W), same = bounds === this.rankBounds;
    // the pairs each rank is expected to list: as many as at the last build, or at the first the mean density's guess
    // and 5% (a perfect fcc lattice lists 4.4% more pairs than the guess when the cutoff falls just beyond a shell)
    const expect = same && this.shareCounts.length === W ? this.shareCounts
      : this.shareCounts.length === 0 ? new Array<number>(W).fill(1.05 * this.pairGuess / W) : null;
    let share = Array.from({ length: W + 1 }, (_, r) => shareStart(this.pairCap, r, W)), shaped = false;
    if (expect) {
      const ends = [0];
      for (let r = 0; r < W; r++) ends.push(ends[r] + Math.ceil(1.01 * expect[r]) + 1024);
      if (ends[W] <= this.pairCap) { ends[W] = this.pairCap; share = ends; shaped = true; }
    }
    for (let r = 0; r <= W; r++) args[A_BOUNDS + r] = bounds[r];
    args.set(grid);
    args[grid.length] = a.ptr('offs');
    const capacity = (r: number) => share[r + 1] - share[r] - 1;
    for (let r = 0; r < W; r++) {
      args[A_PER_RANK + r] = a.ptr('idx') + eb * share[r];
      args[A_CAPACITY + r] = capacity(r);
    }
    team.run(Cmd.BuildList, k);
    let worst = 0, fits = true;
    for (let r = 0; r < W; r++) { worst = Math.max(worst, res[r]); if (res[r] > capacity(r)) fits = false; }
    // after an overflow the next try shares evenly
    this.shareCounts = fits ? Array.from(res.subarray(0, W)) : [-1];
    if (!fits && !shaped) this.pairCap = Math.max(this.pairCap, Math.ceil(1.2 * W * (worst + 1)));
    if (!fits) return -1;
    let placed = res[0];
    for (let r = 1; r < W; r++) {
      k.list_place(bounds[r], bounds[r + 1], a.ptr('offs'), placed, a.ptr('idx'), a.ptr('idx') + eb * share[r], res[r]);
      placed += res[r];
    }
    return placed;
  }

  /** Periodic ghosts of the owned atoms within the neighbour cutoff of the cell (kernel ghost_build, or its steps on
   *  the team: parallel/shared.ts findGhosts; the force array 'f' as scratch): each ghost's owner, shift and periodic
   *  image (cell periods along a, b, c) in the kept buffers 'owner', 'shift' and 'ghostImage'. Returns their number. */
  private makeGhosts(atoms: Atoms, box: Box): number {
    const a = this.arena, n = atoms.n, w = box.widths();
    const cf = [0, 1, 2].map((d) => (box.periodic[d] ? this.cutneigh / w[d] : 0));
    // first guess: the images in a shell of the cutoff's width around a uniformly filled cell, 10% spare
    if (this.ghostCap === 0) this.ghostCap = Math.ceil(1024 + 1.1 * n * ((1 + 2 * cf[0]) * (1 + 2 * cf[1]) * (1 + 2 * cf[2]) - 1));
    for (;;) {
      const cap = this.ghostCap;
      a.ensureAll([['x', (n + cap) * 24], ['f', (n + cap) * 24], ['owner', cap * 4], ['shift', cap * 24], ['ghostImage', cap * 12]]);
      const ng = findGhosts(this.team, a, n, box, cf, cap);
      if (ng < 0) { this.ghostCap *= 2; continue; }
      return ng;
    }
  }

  /** The neighbour indices of list `name` ('idx', or 'idx:short' as list() names it; its first `count` entries, all by
   *  default) as i32. */
  entries(name = 'idx', count = this.arena.i32(name.replace('idx', 'offs'), this.nlocal + 1)[this.nlocal]): Int32Array {
    const eb = this.entryBytes, bytes = this.arena.kernel.u8(this.arena.ptr(name), count * eb + 1), out = new Int32Array(count);
    for (let k = 0, p = 0; k < count; k++, p += eb) out[k] = bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (eb === 4 ? bytes[p + 3] << 24 : 0);
    return out;
  }

  /** The ranks' atom ranges a build starts from: the last build's (balanced by listed pairs) while the atoms are as
   *  many, else even ones. */
  private startBounds(W: number): Int32Array {
    const prev = this.rankBounds, n = this.nlocal;
    return prev.length === W + 1 && prev[W] === n ? prev : Int32Array.from({ length: W + 1 }, (_, r) => shareStart(n, r, W));
  }

  /** Owned-atom ranges of the team's ranks with about equal numbers of listed pairs. */
  private splitRanks(): void {
    const ranks = this.team?.ranks ?? 1, n = this.nlocal;
    const offs = this.arena.i32('offs', n + 1);
    const b = new Int32Array(ranks + 1);
    b[ranks] = n;
    for (let r = 1; r < ranks; r++) {
      const target = this.npairs * r / ranks;
      let lo = b[r - 1], hi = n;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (offs[mid] < target) lo = mid + 1; else hi = mid; }
      b[r] = lo;
    }
    this.rankBounds = b;
  }

  /** Move the ghosts with their owners (every step; the owned positions are the kernel's 'x' already). */
  refresh(): void {
    placeGhosts(this.team, this.arena, this.nlocal, this.nghost);
  }

  /** The box changed shape or size without a rebuild: ghosts follow their owners by the new cell periods. */
  followBox(box: Box): void {
    const a = this.arena;
    ghostShifts(box, a.i32('ghostImage', 3 * this.nghost), this.nghost, a.f64('shift', 3 * this.nghost));
  }

  /**
   * LAMMPS Neighbor::decide(): should this step rebuild? Counts dangerous builds. With `box` (a run whose box
   * changes), the trigger distance shrinks by the two largest moves of the box corners since the last build.
   */
  decide(atoms: Atoms, box?: Box): boolean {
    const s = this.settings;
    this.ago++;
    if (this.ago >= s.delay && this.ago % s.every === 0) {
      if (s.once) return false;
      if (!s.check) return true;
      let trig = 0.25 * s.skin * s.skin;
      if (box) {
        const corners = box.corners();
        let d1 = 0, d2 = 0;
        if (corners.length === 2) {
          d1 = Math.hypot(...corners[0].map((c, k) => c - this.cornersHold[0][k]));
          d2 = Math.hypot(...corners[1].map((c, k) => c - this.cornersHold[1][k]));
        } else {
          for (let i = 0; i < corners.length; i++) {
            const d = Math.hypot(...corners[i].map((c, k) => c - this.cornersHold[i][k]));
            if (d > d1) d1 = d;
            else if (d > d2) d2 = d;
          }
        }
        const delta = Math.max(0, 0.5 * (s.skin - (d1 + d2)));
        trig = delta * delta;
      }
      const flag = this.movedSince(null, atoms.n, trig);
      if (flag && this.ago === Math.max(s.every, s.delay)) this.dangerous++;
      return flag;
    }
    return false;
  }
}
