// Neighbour lists with LAMMPS semantics: cutoff = force cutoff + skin, rebuilt per `neigh_modify every/delay/check`
// (check: any atom moved more than skin/2 since the last build), counting builds and dangerous builds. The list
// itself is built by the kernel (bin_atoms, build_half) over owned + ghost atoms in the kernel's memory.

import type { Atoms } from '../system/atoms.js';
import type { Box } from '../system/box.js';
import type { Arena } from '../wasm/arena.js';
import { remapAll } from '../system/remap.js';
import { EctmdError } from '../errors.js';
import { buildGhosts } from './ghosts.js';

export interface NeighborSettings {
  skin: number;
  every: number;
  delay: number;
  check: boolean;
  once: boolean;
}

/** LAMMPS defaults for units metal: skin 2.0 Å, every 1, delay 0, check yes. */
export function defaultNeighborSettings(): NeighborSettings {
  return { skin: 2.0, every: 1, delay: 0, check: true, once: false };
}

export class Neighbor {
  readonly arena: Arena;
  settings: NeighborSettings;
  cutforce = 0;
  nlocal = 0;
  nghost = 0;
  npairs = 0;
  /** builds and dangerous builds since the counters were last cleared (LAMMPS reports them per run) */
  builds = 0;
  dangerous = 0;
  /** steps since the last build */
  ago = 0;
  private xhold = new Float64Array(0);
  private pairCap = 0;
  /** time spent in builds (s), for the timing breakdown */
  buildTime = 0;
  /** list state read from a restart file, used by the next setupBuild */
  private restored: { xhold: Float64Array; ago: number } | null = null;

  constructor(arena: Arena, settings: NeighborSettings) {
    this.arena = arena;
    this.settings = settings;
  }

  get nall(): number { return this.nlocal + this.nghost; }
  get cutneigh(): number { return this.cutforce + this.settings.skin; }

  /** Wrap atoms into the cell, make ghosts, bin, and build the half list. */
  build(atoms: Atoms, box: Box): void {
    for (let i = 0; i < 3 * atoms.n; i++) {
      if (!Number.isFinite(atoms.x[i])) {
        throw new EctmdError(`Non-numeric atom coords - simulation unstable: atom ${atoms.tag[Math.floor(i / 3)]} has position ${atoms.x[i]}`);
      }
    }
    remapAll(box, atoms);
    this.buildList(atoms, box);
  }

  /** Positions at the last build and steps since (for restart files); null before the first build. */
  listState(nlocal: number): { xhold: Float64Array; ago: number } | null {
    return this.xhold.length === 3 * nlocal && this.nlocal === nlocal ? { xhold: this.xhold, ago: this.ago } : null;
  }

  /** Hand the next setupBuild a list state from a restart file. */
  restore(state: { xhold: Float64Array; ago: number } | null): void { this.restored = state; }

  /** The build at the start of a run. After read_restart it rebuilds the list from the restart's last-build
   *  positions (the same pairs in the same order as the run that wrote it, so the continuation is bitwise) as
   *  long as no atom has since moved more than half the skin; otherwise, and normally, a fresh build. */
  setupBuild(atoms: Atoms, box: Box): void {
    const r = this.restored;
    this.restored = null;
    if (r && r.xhold.length === 3 * atoms.n && !this.movedTooFar(atoms.x, r.xhold, atoms.n)) {
      const x = atoms.x.slice(0, 3 * atoms.n);
      atoms.x.set(r.xhold);
      this.buildList(atoms, box);
      atoms.x.set(x);
      this.refresh(atoms);
      this.ago = r.ago;
      return;
    }
    this.build(atoms, box);
  }

  /** Whether some atom is more than skin/2 from its position at the last build (LAMMPS check_distance). */
  private movedTooFar(x: Float64Array, h: Float64Array, n: number): boolean {
    const trig = 0.25 * this.settings.skin * this.settings.skin;
    for (let i = 0; i < 3 * n; i += 3) {
      const dx = x[i] - h[i], dy = x[i + 1] - h[i + 1], dz = x[i + 2] - h[i + 2];
      if (dx * dx + dy * dy + dz * dz > trig) return true;
    }
    return false;
  }

  /** Ghosts, bins and the half list for positions already inside the cell. */
  private buildList(atoms: Atoms, box: Box): void {
    const t0 = performance.now();
    const n = atoms.n;
    const g = buildGhosts(box, atoms.x, n, this.cutneigh);
    this.nlocal = n;
    this.nghost = g.nghost;
    const nall = n + g.nghost;
    if (this.pairCap === 0) this.pairCap = Math.max(1024, 64 * n);
    const a = this.arena;
    for (;;) {
      a.ensure('x', nall * 24);
      a.ensure('type', nall * 4);
      a.ensure('owner', g.nghost * 4);
      a.ensure('shift', g.nghost * 24);
      a.ensure('binOf', nall * 4);
      a.ensure('binAtoms', nall * 4);
      a.ensure('xb', nall * 24);
      a.ensure('offs', (n + 1) * 4);
      a.ensure('soffs', (n + 1) * 4);
      a.ensure('idx', this.pairCap * 4);
      a.ensure('sidx', this.pairCap * 4);
      a.ensure('sr', this.pairCap * 8);
      a.ensure('rho', nall * 8);
      a.ensure('fp', nall * 8);
      a.ensure('f', nall * 24);
      a.ensure('virial', 48);
      a.i32('owner', g.nghost).set(g.owner);
      a.f64('shift', 3 * g.nghost).set(g.shift);
      const type = a.i32('type', nall);
      type.set(atoms.type.subarray(0, n));
      for (let k = 0; k < g.nghost; k++) type[n + k] = atoms.type[g.owner[k]];
      this.refresh(atoms);
      // bins over the bounding box of owned + ghost atoms, binsize = half the neighbour cutoff (LAMMPS default)
      const x = a.f64('x', 3 * nall);
      let lox = Infinity, loy = Infinity, loz = Infinity, hix = -Infinity, hiy = -Infinity, hiz = -Infinity;
      for (let i = 0; i < nall; i++) {
        const px = x[3 * i], py = x[3 * i + 1], pz = x[3 * i + 2];
        if (px < lox) lox = px; if (px > hix) hix = px;
        if (py < loy) loy = py; if (py > hiy) hiy = py;
        if (pz < loz) loz = pz; if (pz > hiz) hiz = pz;
      }
      if (!Number.isFinite(lox + loy + loz + hix + hiy + hiz)) {
        throw new EctmdError('Non-numeric atom coords - simulation unstable (an atom position is not finite)');
      }
      const binsize = 0.5 * this.cutneigh;
      const nbx = Math.floor((hix - lox) / binsize) + 1;
      const nby = Math.floor((hiy - loy) / binsize) + 1;
      const nbz = Math.floor((hiz - loz) / binsize) + 1;
      const nbins = nbx * nby * nbz;
      if (nbins > 2 ** 28) throw new EctmdError(`Too many neighbor bins (${nbins}): atoms spread over too large a region`);
      if (a.ensure('binStart', (nbins + 1) * 4)) continue;
      const k = a.kernel.k;
      k.bin_atoms(nall, a.ptr('x'), lox, loy, loz, binsize, nbx, nby, nbz, a.ptr('binOf'), a.ptr('binStart'), a.ptr('binAtoms'), a.ptr('xb'));
      const cn = this.cutneigh;
      const np = k.build_half(n, a.ptr('x'), lox, loy, loz, binsize, nbx, nby, nbz, a.ptr('binOf'), a.ptr('binStart'), a.ptr('binAtoms'), a.ptr('xb'),
        cn * cn, a.ptr('offs'), a.ptr('idx'), this.pairCap);
      if (np > this.pairCap) { this.pairCap = Math.ceil(np * 1.2); continue; }
      this.npairs = np;
      break;
    }
    this.xhold = atoms.x.slice(0, 3 * n);
    this.ago = 0;
    this.builds++;
    this.buildTime += (performance.now() - t0) / 1000;
  }

  /** Copy owned positions into the kernel and move the ghosts with their owners (every step). */
  refresh(atoms: Atoms): void {
    const a = this.arena;
    const n = this.nlocal;
    a.f64('x', 3 * n).set(atoms.x.subarray(0, 3 * n));
    a.kernel.k.ghost_positions(n, this.nghost, a.ptr('owner'), a.ptr('shift'), a.ptr('x'));
  }

  /** LAMMPS Neighbor::decide(): should this step rebuild? Counts dangerous builds. */
  decide(atoms: Atoms): boolean {
    const s = this.settings;
    this.ago++;
    if (this.ago >= s.delay && this.ago % s.every === 0) {
      if (s.once) return false;
      if (!s.check) return true;
      const flag = this.movedTooFar(atoms.x, this.xhold, atoms.n);
      if (flag && this.ago === Math.max(s.every, s.delay)) this.dangerous++;
      return flag;
    }
    return false;
  }
}
