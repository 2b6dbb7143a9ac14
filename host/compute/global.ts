// Global computes of LAMMPS: temp (src/compute_temp.cpp: T with dof 3N−3 and the kinetic tensor), ke
// (src/compute_ke.cpp: ½·mvv2e·Σ m v²), msd (src/compute_msd.cpp: mean-squared displacement from the unwrapped
// positions at definition) and rdf (src/compute_rdf.cpp: g(r) and the running coordination number per type pair).

import { permuteRows } from '../system/sort.js';
import type { Engine } from '../engine/engine.js';
import type { Where } from '../lammps/where.js';
import { EctmdError, inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import { typeBounds } from '../lammps/bounds.js';
import { METAL } from '../system/units.js';
import { unmap } from '../system/velocity.js';
import { groupKeTensor, groupTemperature } from './temperature.js';
import type { Compute } from './computes.js';

abstract class GlobalCompute implements Compute {
  abstract readonly style: string;
  readonly peratomCols = 0;
  vectorLength = 0;
  hasScalar = false;
  readonly needs = { eatom: false, vatom: false };
  constructor(readonly id: string, protected readonly mask: Uint8Array | null) {}
  peratom(): Float64Array[] { throw new EctmdError(`Compute ${this.id} does not calculate per-atom values`); }
  scalar(_e: Engine): number { throw new EctmdError(`Compute ${this.id} does not calculate a global scalar`); }
  vector(_e: Engine, _k: number): number { throw new EctmdError(`Compute ${this.id} does not calculate a global vector`); }
  protected checkIndex(k: number, n: number): void {
    if (!(k >= 1 && k <= n)) throw new EctmdError(`Compute ${this.style} ${this.id}: vector index ${k} out of range 1..${n}`);
  }
}

/** compute temp: scalar T (K), vector the kinetic tensor mvv2e·Σ m v_a v_b (xx yy zz xy xz yz, eV). */
class Temp extends GlobalCompute {
  readonly style = 'temp';
  readonly extensive = { scalar: false, vector: true };
  hasScalar = true;
  vectorLength = 6;
  scalar(e: Engine): number { return groupTemperature(e.atoms, this.mask); }
  vector(e: Engine, k: number): number { this.checkIndex(k, 6); return groupKeTensor(e, this.mask)[k - 1]; }
}

/** compute ke: ½·mvv2e·Σ m v² over the group, eV. */
class Ke extends GlobalCompute {
  readonly style = 'ke';
  readonly extensive = { scalar: true, vector: false };
  hasScalar = true;
  scalar(e: Engine): number {
    const { v, type, mass, n } = e.atoms, mask = this.mask;
    let ke = 0;
    for (let i = 0; i < n; i++) {
      if (mask && !mask[i]) continue;
      ke += mass[type[i]] * (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]);
    }
    return ke * 0.5 * METAL.mvv2e;
  }
}

/** compute msd: ⟨dx²⟩ ⟨dy²⟩ ⟨dz²⟩ ⟨|dr|²⟩ over the group, Å², displacements of unwrapped positions from those at
 *  definition; with com yes the group's centre-of-mass drift is taken out. */
class Msd extends GlobalCompute {
  readonly style = 'msd';
  vectorLength = 4;
  private readonly xoriginal: Float64Array;
  private readonly tags: Int32Array;
  constructor(id: string, mask: Uint8Array | null, private readonly com: boolean, e: Engine) {
    super(id, mask);
    const n = e.atoms.n, u = [0, 0, 0], cm = com ? this.xcm(e) : [0, 0, 0];
    this.xoriginal = new Float64Array(3 * n);
    this.tags = e.atoms.tag.slice(0, n);
    for (let i = 0; i < n; i++) {
      if (mask && !mask[i]) continue;
      unmap(e.box!, e.atoms, i, u);
      for (let d = 0; d < 3; d++) this.xoriginal[3 * i + d] = u[d] - cm[d];
    }
  }
  permute(perm: Int32Array): void {
    if (this.tags.length !== perm.length) return; // vector() reports the changed atoms
    permuteRows(this.xoriginal, perm, 3);
    permuteRows(this.tags, perm, 1);
  }
  /** Centre of mass of the group from unwrapped positions (LAMMPS Group::xcm). */
  private xcm(e: Engine): number[] {
    const a = e.atoms, u = [0, 0, 0], c = [0, 0, 0];
    let mt = 0;
    for (let i = 0; i < a.n; i++) {
      if (this.mask && !this.mask[i]) continue;
      const m = a.mass[a.type[i]];
      unmap(e.box!, a, i, u);
      c[0] += u[0] * m; c[1] += u[1] * m; c[2] += u[2] * m;
      mt += m;
    }
    return mt > 0 ? c.map((x) => x / mt) : c;
  }
  vector(e: Engine, k: number): number {
    this.checkIndex(k, 4);
    const a = e.atoms, n = a.n, u = [0, 0, 0];
    if (n !== this.tags.length || a.tag.some((t, i) => i < n && t !== this.tags[i])) {
      throw new EctmdError(`Compute msd ${this.id}: the atoms changed since the compute was defined (ectmd keeps reference positions by local index)`);
    }
    const cm = this.com ? this.xcm(e) : [0, 0, 0];
    const msd = [0, 0, 0, 0];
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (this.mask && !this.mask[i]) continue;
      unmap(e.box!, a, i, u);
      const dx = u[0] - cm[0] - this.xoriginal[3 * i], dy = u[1] - cm[1] - this.xoriginal[3 * i + 1], dz = u[2] - cm[2] - this.xoriginal[3 * i + 2];
      msd[0] += dx * dx; msd[1] += dy * dy; msd[2] += dz * dz; msd[3] += dx * dx + dy * dy + dz * dz;
      count++;
    }
    return count ? msd[k - 1] / count : msd[k - 1];
  }
}

interface RdfPair { ilo: number; ihi: number; jlo: number; jhi: number }

/** compute rdf: array of Nbin rows, columns r, then g(r) and coord(r) per type pair; pairs counted from the engine's
 *  current neighbour list up to the pair cutoff (or `cutoff`), normalised by the ideal-gas shell counts. */
class Rdf extends GlobalCompute {
  readonly style = 'rdf';
  readonly arrayRows: number;
  readonly arrayCols: number;
  constructor(id: string, mask: Uint8Array | null, private readonly nbin: number, private readonly pairs: RdfPair[], private readonly cutoffUser: number) {
    super(id, mask);
    this.arrayRows = nbin;
    this.arrayCols = 1 + 2 * pairs.length;
  }

  array(e: Engine, i: number, j: number): number {
    if (!(i >= 1 && i <= this.arrayRows && j >= 1 && j <= this.arrayCols)) {
      throw new EctmdError(`Compute rdf ${this.id}: array index [${i}][${j}] out of range [1..${this.arrayRows}][1..${this.arrayCols}]`);
    }
    return this.compute(e)[i - 1][j - 1];
  }

  private compute(e: Engine): Float64Array[] {
    const nb = e.neighbor, a = e.atoms, n = a.n, mask = this.mask, ntypes = a.ntypes;
    if (nb.nlocal !== n || n === 0) throw new EctmdError(`Compute rdf ${this.id} needs a neighbour list: use it during or after a run`);
    const cut = this.cutoffUser > 0 ? this.cutoffUser : nb.cutforce;
    if (cut > nb.cutneigh) throw new EctmdError(`Compute rdf ${this.id}: cutoff ${cut} exceeds the neighbour cutoff ${nb.cutneigh} (pair cutoff + skin)`);
    const delr = cut / this.nbin, delrinv = 1 / delr, np = this.pairs.length;
    // which pairs m a type pair (itype, jtype) contributes to
    const lists: number[][] = Array.from({ length: (ntypes + 1) * (ntypes + 1) }, () => []);
    this.pairs.forEach((p, m) => { for (let it = p.ilo; it <= p.ihi; it++) for (let jt = p.jlo; jt <= p.jhi; jt++) lists[it * (ntypes + 1) + jt].push(m); });
    const hist = Array.from({ length: np }, () => new Float64Array(this.nbin));
    const arena = e.arena, nall = nb.nall, ng = nb.nghost;
    const x = arena.f64('x', 3 * nall), type = arena.i32('type', nall), owner = arena.i32('owner', ng);
    const offs = arena.i32('offs', n + 1), idx = nb.entries();
    const inGroup = (j: number) => !mask || mask[j < n ? j : owner[j - n]] === 1;
    for (let i = 0; i < n; i++) {
      if (!inGroup(i)) continue;
      const it = type[i], xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
      for (let q = offs[i]; q < offs[i + 1]; q++) {
        const j = idx[q];
        if (!inGroup(j)) continue;
        const jt = type[j];
        const dx = xi - x[3 * j], dy = yi - x[3 * j + 1], dz = zi - x[3 * j + 2];
        const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
        const ibin = Math.trunc(r * delrinv);
        if (ibin >= this.nbin) continue;
        for (const m of lists[it * (ntypes + 1) + jt]) hist[m][ibin] += 1;
        for (const m of lists[jt * (ntypes + 1) + it]) hist[m][ibin] += 1;
      }
    }
    const typecount = new Float64Array(ntypes + 1);
    for (let i = 0; i < n; i++) if (!mask || mask[i]) typecount[a.type[i]]++;
    const rows = Array.from({ length: this.nbin }, (_, b) => { const r = new Float64Array(this.arrayCols); r[0] = (b + 0.5) * delr; return r; });
    const box = e.box!, constant = 4.0 * Math.PI / (3.0 * box.lx * box.ly * box.lz);
    this.pairs.forEach((p, m) => {
      let icount = 0, jcount = 0, duplicates = 0;
      for (let t = p.ilo; t <= p.ihi; t++) icount += typecount[t];
      for (let t = p.jlo; t <= p.jhi; t++) jcount += typecount[t];
      for (let t = p.ilo; t <= p.ihi; t++) if (t >= p.jlo && t <= p.jhi) duplicates += typecount[t];
      const normfac = icount > 0 ? jcount - duplicates / icount : 0;
      let ncoord = 0;
      for (let b = 0; b < this.nbin; b++) {
        const rlower = b * delr, rupper = (b + 1) * delr;
        const vfrac = constant * (rupper * rupper * rupper - rlower * rlower * rlower);
        const gr = vfrac * normfac !== 0 ? hist[m][b] / (vfrac * normfac * icount) : 0;
        if (icount !== 0) ncoord += gr * vfrac * normfac;
        rows[b][1 + 2 * m] = gr;
        rows[b][2 + 2 * m] = ncoord;
      }
    });
    return rows;
  }
}

/** `compute ID GROUP temp|ke|msd|rdf ARGS...` */
export function createGlobalCompute(id: string, style: 'temp' | 'ke' | 'msd' | 'rdf', mask: Uint8Array | null, args: string[], where: Where, e: Engine): Compute {
  const bad = (expected: string, found: string) => inputError(where.file, where.line, `Illegal compute ${style} command`, expected, found);
  switch (style) {
    case 'temp':
    case 'ke':
      if (args.length) throw bad(`no arguments after ${style}`, args.join(' '));
      return style === 'temp' ? new Temp(id, mask) : new Ke(id, mask);
    case 'msd': {
      e.requireBox(where, 'Compute msd');
      let com = false;
      for (let k = 0; k < args.length; k += 2) {
        const kw = args[k], v = args[k + 1];
        if (kw !== 'com' && kw !== 'average') throw bad('keywords com yes|no or average no', kw);
        if (v !== 'yes' && v !== 'no') throw bad(`${kw} yes or no`, String(v ?? 'end of line'));
        if (kw === 'average' && v === 'yes') throw bad('average no (the running-average reference is not supported)', 'average yes');
        if (kw === 'com') com = v === 'yes';
      }
      return new Msd(id, mask, com, e);
    }
    case 'rdf': {
      e.requireBox(where, 'Compute rdf');
      if (args.length < 1) throw bad('compute ID GROUP rdf Nbin [itype jtype ...] [cutoff Rc]', 'no arguments');
      const nbin = parseInteger(args[0], where.file, where.line, 'compute rdf Nbin');
      if (nbin < 1) throw bad('Nbin >= 1', args[0]);
      let words = args.slice(1), cutoff = 0;
      const c = words.indexOf('cutoff');
      if (c >= 0) {
        cutoff = parseFiniteFloat(words[c + 1], where.file, where.line, 'compute rdf cutoff');
        if (!(cutoff > 0)) throw bad('cutoff > 0', String(words[c + 1]));
        if (words.length !== c + 2) throw bad('cutoff Rc as the last keyword', words.slice(c).join(' '));
        words = words.slice(0, c);
      }
      if (words.length % 2 !== 0) throw bad('pairs of types itype jtype', words.join(' '));
      const ntypes = e.atoms.ntypes, pairs: RdfPair[] = [];
      if (words.length === 0) pairs.push({ ilo: 1, ihi: ntypes, jlo: 1, jhi: ntypes });
      for (let k = 0; k < words.length; k += 2) {
        const [ilo, ihi] = typeBounds(words[k], ntypes, where, 'Illegal compute rdf command');
        const [jlo, jhi] = typeBounds(words[k + 1], ntypes, where, 'Illegal compute rdf command');
        pairs.push({ ilo, ihi, jlo, jhi });
      }
      return new Rdf(id, mask, nbin, pairs, cutoff);
    }
  }
}
