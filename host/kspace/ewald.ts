// kspace_style ewald ACC: the reciprocal-space part of Ewald summation for point charges, as LAMMPS 29Sep2021
// src/KSPACE/ewald.cpp sets it up (physics.md §8.4): g_ewald from the relative force accuracy ACC and the pair's
// Coulomb cutoff, the k-vector set from LAMMPS's rms error estimate, then E = k_e[Σ_k u_k|S(k)|² − g Σq²/√π
// − π(Σq)²/(2g²V)] over half of k-space with u_k = (4π/V) e^{−k²/4g²}/k², S(k) = Σ_j q_j e^{ik·r_j}; the sums over
// k and atoms are the kernel ewald_sums (assembly/ewald.ts). Orthogonal boxes. With a worker team (--workers W ≥ 2)
// each rank sums an equal share of the k-vectors, every S(k) whole over all atoms, into its own work block; the blocks'
// forces, virial and per-atom terms are folded in rank order and the ranks' Σ u_k|S(k)|² added in rank order, so a
// team size gives the same bits every run and other sizes differ only by that reordering (docs/parallel.md).

import type { Atoms } from '../system/atoms.js';
import type { Box } from '../system/box.js';
import type { Where } from '../lammps/where.js';
import type { Arena } from '../wasm/arena.js';
import { METAL } from '../system/units.js';
import { EctmdError, inputError, parseFiniteFloat } from '../errors.js';
import { Cmd } from '../parallel/control.js';
import { foldRanks, setPerRank } from '../parallel/shared.js';
import type { Team } from '../parallel/team.js';

export interface KSpaceResult {
  energy: number;
  /** xx yy zz xy xz yz, eV (LAMMPS sign) */
  virial: number[];
}

/** Bytes per k-vector record of the kernel: kx ky kz (i32), pad, u_k, 2k·u_k (3 f64), v_k (6 f64). */
export const K_BYTES = 96;
/** wasm32 linear memory: the most the kernel can hold (host/wasm/kernel.ts). */
const KERNEL_MEMORY_BYTES = 2 ** 32;

export class KSpaceEwald {
  readonly name = 'ewald';
  private readonly accuracyRelative: number;
  gEwald = 0;
  /** kernel records (assembly/ewald.ts): per k-vector kx ky kz (i32, multiples of 2π/L), u_k, 2k·u_k, v_k */
  private records = new ArrayBuffer(0);
  private kcount = 0;
  private kmax = 0;
  private arena: Arena | null = null;
  /** the team sharing the sums (null: this thread alone) */
  private team: Team | null = null;
  /** byte offsets in a work block ('kspace:work', rank r ≥ 1 of a team: 'kspace:work@r') of the kernel's outputs —
   *  virial (6 f64) first, then forces (3n), eatom (n), vatom (6n), so that a prefix of the block folds them all —
   *  and of its scratch cs (2n) and eik (6·(kmax+1)·n) */
  private work = { vir: 0, f: 0, eatom: 0, vatom: 0, cs: 0, eik: 0, bytes: 0 };
  private natoms = 0;
  private unitk = [0, 0, 0];
  private volume = 0;
  /** report lines LAMMPS prints at init */
  readonly info: string[] = [];

  constructor(args: string[], where: Where) {
    if (args.length !== 1) throw inputError(where.file, where.line, 'Illegal kspace_style ewald command', 'ewald ACCURACY', args.join(' ') || 'nothing');
    this.accuracyRelative = parseFiniteFloat(args[0], where.file, where.line, 'kspace_style ewald accuracy');
    if (!(this.accuracyRelative > 0)) throw inputError(where.file, where.line, 'Illegal kspace_style ewald command', 'a positive relative accuracy', args[0]);
  }

  /** LAMMPS Ewald::init + setup: g_ewald and the k-vectors for this box, the charges now and the Coulomb cutoff;
   *  reserves the kernel's buffers (before the neighbour build of a run's setup, which rewrites the others). */
  /** `team`: the worker team the reciprocal sums are shared over (null: the main thread alone). */
  init(atoms: Atoms, box: Box, cutoff: number, arena: Arena, where: Where, team: Team | null): void {
    if (box.triclinic) throw new EctmdError(`${where.file}:${where.line}: kspace_style ewald: triclinic boxes are not supported by ectmd yet`, where.file, where.line);
    if (atoms.style !== 'charge') throw new EctmdError(`${where.file}:${where.line}: Kspace style requires atom attribute q (atom_style charge)`, where.file, where.line);
    const n = atoms.n;
    let qsqsum = 0;
    for (let i = 0; i < n; i++) qsqsum += atoms.q[i] * atoms.q[i];
    const q2 = qsqsum * METAL.qqr2e;
    if (q2 === 0) throw new EctmdError(`${where.file}:${where.line}: Cannot use kspace solver on system with no charge`, where.file, where.line);
    const accuracy = this.accuracyRelative * METAL.qqr2e; // two_charge_force in metal units
    const prd = [box.lx, box.ly, box.lz];
    this.volume = prd[0] * prd[1] * prd[2];
    let g = accuracy * Math.sqrt(n * cutoff * this.volume) / (2.0 * q2);
    g = g >= 1.0 ? (1.35 - 0.15 * Math.log(accuracy)) / cutoff : Math.sqrt(-Math.log(g)) / cutoff;
    this.gEwald = g;
    const rms = (km: number, l: number) => 2.0 * q2 * g / l * Math.sqrt(1.0 / (Math.PI * km * n)) * Math.exp(-Math.PI * Math.PI * km * km / (g * g * l * l));
    const kmaxAxis = prd.map((l) => { let k = 1; while (rms(k, l) > accuracy) k++; return k; });
    // the k-vectors (LAMMPS's max3d bound) and the per-atom e^{ik·r} table must fit the kernel's 4 GiB memory;
    // an accuracy like 1e-300 asks for billions of them (LAMMPS would try to allocate them)
    const [kx, ky, kz] = kmaxAxis;
    const max3d = 4 * kx * ky * kz + 2 * (kx * ky + ky * kz + kx * kz) + kx + ky + kz;
    const ranks = team?.ranks ?? 1;
    const eikBytes = 48 * (Math.max(kx, ky, kz) + 1) * n;
    const bytes = K_BYTES * max3d + ranks * eikBytes;
    if (!(bytes <= KERNEL_MEMORY_BYTES)) {
      throw inputError(where.file, where.line, 'kspace_style ewald accuracy', `an accuracy whose k-vectors fit in ${KERNEL_MEMORY_BYTES} bytes of kernel memory`,
        `${this.accuracyRelative}, which needs kmax = ${kx} ${ky} ${kz} (up to ${max3d} k-vectors, ${bytes} bytes)`);
    }
    this.unitk = prd.map((l) => 2.0 * Math.PI / l);
    const unitk = this.unitk;
    this.kmax = Math.max(...kmaxAxis);
    const gsqmx = Math.max(...kmaxAxis.map((k, d) => unitk[d] * unitk[d] * k * k)) * 1.00001;
    // LAMMPS coeffs(): single-axis vectors up to kmax, then the (k,±l,0), (0,l,±m), (k,0,±m), (k,±l,±m) families
    const list: number[] = [];
    const add = (kx: number, ky: number, kz: number): void => {
      const sqk = (unitk[0] * kx) ** 2 + (unitk[1] * ky) ** 2 + (unitk[2] * kz) ** 2;
      if (sqk <= gsqmx) list.push(kx, ky, kz);
    };
    const [kxmax, kymax, kzmax] = kmaxAxis;
    for (let m = 1; m <= this.kmax; m++) { add(m, 0, 0); add(0, m, 0); add(0, 0, m); }
    for (let k = 1; k <= kxmax; k++) for (let l = 1; l <= kymax; l++) { add(k, l, 0); add(k, -l, 0); }
    for (let l = 1; l <= kymax; l++) for (let m = 1; m <= kzmax; m++) { add(0, l, m); add(0, l, -m); }
    for (let k = 1; k <= kxmax; k++) for (let m = 1; m <= kzmax; m++) { add(k, 0, m); add(k, 0, -m); }
    for (let k = 1; k <= kxmax; k++) for (let l = 1; l <= kymax; l++) for (let m = 1; m <= kzmax; m++) {
      add(k, l, m); add(k, -l, m); add(k, l, -m); add(k, -l, -m);
    }
    const kcount = list.length / 3;
    this.kcount = kcount;
    this.records = new ArrayBuffer(K_BYTES * kcount);
    const iv = new Int32Array(this.records), fv = new Float64Array(this.records);
    const preu = 4.0 * Math.PI / this.volume, ginv4 = 0.25 / (g * g);
    for (let k = 0; k < kcount; k++) {
      const kx = unitk[0] * list[3 * k], ky = unitk[1] * list[3 * k + 1], kz = unitk[2] * list[3 * k + 2];
      const sqk = kx * kx + ky * ky + kz * kz;
      const u = preu * Math.exp(-sqk * ginv4) / sqk;
      const vterm = -2.0 * (1.0 / sqk + ginv4);
      iv.set([list[3 * k], list[3 * k + 1], list[3 * k + 2]], k * K_BYTES / 4);
      fv.set([u, 2.0 * kx * u, 2.0 * ky * u, 2.0 * kz * u, 1.0 + vterm * kx * kx, 1.0 + vterm * ky * ky, 1.0 + vterm * kz * kz,
        vterm * kx * ky, vterm * kx * kz, vterm * ky * kz], k * K_BYTES / 8 + 2);
    }
    arena.onRelayout('kspace:k', () => { if (arena.has('kspace:k')) this.upload(); });
    this.arena = arena;
    this.team = team;
    this.natoms = n;
    const f = 48, eatom = f + 24 * n, vatom = eatom + 8 * n, cs = vatom + 48 * n, eik = cs + 16 * n;
    this.work = { vir: 0, f, eatom, vatom, cs, eik, bytes: eik + 48 * (this.kmax + 1) * n };
    let relayout = arena.ensure('kspace:k', 32 + K_BYTES * kcount);
    for (let r = 0; r < ranks; r++) relayout = arena.ensure(r === 0 ? 'kspace:work' : `kspace:work@${r}`, this.work.bytes) || relayout;
    if (!relayout) this.upload();
    const err = Math.sqrt(kmaxAxis.reduce((s, k, d) => s + rms(k, prd[d]) ** 2, 0)) / Math.sqrt(3);
    this.info.length = 0;
    this.info.push('Ewald initialization ...', `  G vector (1/distance) = ${g.toPrecision(8)}`,
      `  estimated absolute RMS force accuracy = ${err.toPrecision(8)}`,
      `  estimated relative force accuracy = ${(err / METAL.qqr2e).toPrecision(8)}`,
      `  KSpace vectors: actual max1d max3d = ${kcount} ${this.kmax} ${4 * this.kmax ** 3 + 6 * this.kmax ** 2 + 3 * this.kmax}`,
      `                  kxmax kymax kzmax  = ${kxmax} ${kymax} ${kzmax}`);
  }

  private upload(): void {
    const a = this.arena!, base = a.ptr('kspace:k');
    a.f64('kspace:k', 3).set(this.unitk);
    new Uint8Array(a.kernel.k.memory.buffer, base + 32, this.records.byteLength).set(new Uint8Array(this.records));
  }

  /** Reciprocal-space energy and virial; adds forces on owned atoms to atoms.f and, when given, each atom's share
   *  of the energy to eatom and of the virial to vatom (LAMMPS eflag_atom, vflag_atom). Positions are the kernel's
   *  current 'x'. */
  compute(atoms: Atoms, eatom: Float64Array | null, vatom: Float64Array | null): KSpaceResult {
    const a = this.arena!, k = a.kernel.k, n = atoms.n, q = atoms.q, w = this.work;
    if (n !== this.natoms) throw new EctmdError(`kspace_style ewald: the number of atoms changed during the run (${this.natoms} → ${n})`);
    a.f64('q', n).set(q.subarray(0, n));
    const base = a.ptr('kspace:k'), work = a.ptr('kspace:work'), team = this.team;
    let sum = 0;
    if (team) {
      // Σ_k u_k|S(k)|² of each rank's k-vectors (Cmd.Ewald), then its forces, virial and per-atom terms folded into
      // rank 0's block in rank order (Cmd.Fold over the block's prefix)
      team.args.set([n, a.ptr('x'), a.ptr('q'), base + 32, this.kcount, this.kmax, base, METAL.qqr2e, eatom ? 1 : 0, vatom ? 1 : 0,
        w.vir, w.f, w.eatom, w.vatom, w.cs, w.eik]);
      setPerRank(team, a, 'kspace:work');
      team.run(Cmd.Ewald, k);
      for (let r = 0; r < team.ranks; r++) sum += team.results[r];
      foldRanks(team, a, work, (vatom ? w.cs : eatom ? w.vatom : w.eatom) / 8);
    } else {
      sum = k.ewald_sums(n, a.ptr('x'), a.ptr('q'), this.kcount, base + 32, this.kmax, base, METAL.qqr2e,
        work + w.eik, work + w.cs, work + w.f, eatom ? work + w.eatom : 0, vatom ? work + w.vatom : 0, work + w.vir);
    }
    const fk = a.kernel.f64(work + w.f, 3 * n);
    for (let i = 0; i < 3 * n; i++) atoms.f[i] += fk[i];
    let qsum = 0, qsqsum = 0;
    for (let i = 0; i < n; i++) { qsum += q[i]; qsqsum += q[i] * q[i]; }
    const g = this.gEwald, ke = METAL.qqr2e;
    if (eatom) {
      const ek = a.kernel.f64(work + w.eatom, n);
      for (let i = 0; i < n; i++) eatom[i] += ek[i] - ke * (g * q[i] * q[i] / Math.sqrt(Math.PI) + 0.5 * Math.PI * q[i] * qsum / (g * g * this.volume));
    }
    if (vatom) {
      const vk = a.kernel.f64(work + w.vatom, 6 * n);
      for (let i = 0; i < 6 * n; i++) vatom[i] += vk[i];
    }
    const energy = ke * (sum - g * qsqsum / Math.sqrt(Math.PI) - 0.5 * Math.PI * qsum * qsum / (g * g * this.volume));
    return { energy, virial: Array.from(a.kernel.f64(work + w.vir, 6)) };
  }
}
