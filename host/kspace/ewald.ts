// kspace_style ewald ACC: the reciprocal-space part of Ewald summation for point charges, as LAMMPS 29Sep2021
// src/KSPACE/ewald.cpp sets it up (physics.md §8.4): g_ewald from the relative force accuracy ACC and the pair's
// Coulomb cutoff, the k-vector set from LAMMPS's rms error estimate, then E = k_e[Σ_k u_k|S(k)|² − g Σq²/√π
// − π(Σq)²/(2g²V)] over half of k-space with u_k = (4π/V) e^{−k²/4g²}/k², S(k) = Σ_j q_j e^{ik·r_j}. Orthogonal boxes.

import type { Atoms } from '../system/atoms.js';
import type { Box } from '../system/box.js';
import type { Where } from '../lammps/where.js';
import { METAL } from '../system/units.js';
import { EctmdError, inputError, parseFiniteFloat } from '../errors.js';

export interface KSpaceResult {
  energy: number;
  /** xx yy zz xy xz yz, eV (LAMMPS sign) */
  virial: number[];
}

export class KSpaceEwald {
  readonly name = 'ewald';
  private readonly accuracyRelative: number;
  gEwald = 0;
  /** k-vectors (integer multiples of 2π/L per axis), and per vector u_k, the force factors 2k·u_k, the virial factors */
  private kvec = new Int32Array(0);
  private ug = new Float64Array(0);
  private eg = new Float64Array(0);
  private vg = new Float64Array(0);
  private kmax = 0;
  private unitk = [0, 0, 0];
  private volume = 0;
  /** report lines LAMMPS prints at init */
  readonly info: string[] = [];

  constructor(args: string[], where: Where) {
    if (args.length !== 1) throw inputError(where.file, where.line, 'Illegal kspace_style ewald command', 'ewald ACCURACY', args.join(' ') || 'nothing');
    this.accuracyRelative = parseFiniteFloat(args[0], where.file, where.line, 'kspace_style ewald accuracy');
    if (!(this.accuracyRelative > 0)) throw inputError(where.file, where.line, 'Illegal kspace_style ewald command', 'a positive relative accuracy', args[0]);
  }

  /** LAMMPS Ewald::init + setup: g_ewald and the k-vectors for this box, the charges now and the Coulomb cutoff. */
  init(atoms: Atoms, box: Box, cutoff: number, where: Where): void {
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
    this.kvec = Int32Array.from(list);
    this.ug = new Float64Array(kcount);
    this.eg = new Float64Array(3 * kcount);
    this.vg = new Float64Array(6 * kcount);
    const preu = 4.0 * Math.PI / this.volume, ginv4 = 0.25 / (g * g);
    for (let k = 0; k < kcount; k++) {
      const kx = unitk[0] * list[3 * k], ky = unitk[1] * list[3 * k + 1], kz = unitk[2] * list[3 * k + 2];
      const sqk = kx * kx + ky * ky + kz * kz;
      const u = preu * Math.exp(-sqk * ginv4) / sqk;
      const vterm = -2.0 * (1.0 / sqk + ginv4);
      this.ug[k] = u;
      this.eg.set([2.0 * kx * u, 2.0 * ky * u, 2.0 * kz * u], 3 * k);
      this.vg.set([1.0 + vterm * kx * kx, 1.0 + vterm * ky * ky, 1.0 + vterm * kz * kz, vterm * kx * ky, vterm * kx * kz, vterm * ky * kz], 6 * k);
    }
    const err = Math.sqrt(kmaxAxis.reduce((s, k, d) => s + rms(k, prd[d]) ** 2, 0)) / Math.sqrt(3);
    this.info.length = 0;
    this.info.push('Ewald initialization ...', `  G vector (1/distance) = ${g.toPrecision(8)}`,
      `  estimated absolute RMS force accuracy = ${err.toPrecision(8)}`,
      `  estimated relative force accuracy = ${(err / METAL.qqr2e).toPrecision(8)}`,
      `  KSpace vectors: actual max1d max3d = ${kcount} ${this.kmax} ${4 * this.kmax ** 3 + 6 * this.kmax ** 2 + 3 * this.kmax}`,
      `                  kxmax kymax kzmax  = ${kxmax} ${kymax} ${kzmax}`);
  }

  /** Reciprocal-space energy and virial; adds forces on owned atoms to atoms.f and, when eatom is given, each
   *  atom's share of the energy (LAMMPS eflag_atom) to eatom. */
  compute(atoms: Atoms, eatom: Float64Array | null): KSpaceResult {
    const n = atoms.n, q = atoms.q, x = atoms.x, km = this.kmax, w = 2 * km + 1;
    // e^{i m k_d x_d} for m = −kmax..kmax per atom and axis (LAMMPS eik_dot_r recurrences)
    const cs = new Float64Array(3 * w * n), sn = new Float64Array(3 * w * n);
    const at = (d: number, m: number, i: number) => ((d * w + m + km) * n + i);
    for (let d = 0; d < 3; d++) {
      for (let i = 0; i < n; i++) {
        const arg = this.unitk[d] * x[3 * i + d];
        const c1 = Math.cos(arg), s1 = Math.sin(arg);
        cs[at(d, 0, i)] = 1; sn[at(d, 0, i)] = 0;
        cs[at(d, 1, i)] = c1; sn[at(d, 1, i)] = s1;
        cs[at(d, -1, i)] = c1; sn[at(d, -1, i)] = -s1;
        for (let m = 2; m <= km; m++) {
          const c = cs[at(d, m - 1, i)] * c1 - sn[at(d, m - 1, i)] * s1;
          const s = sn[at(d, m - 1, i)] * c1 + cs[at(d, m - 1, i)] * s1;
          cs[at(d, m, i)] = c; sn[at(d, m, i)] = s;
          cs[at(d, -m, i)] = c; sn[at(d, -m, i)] = -s;
        }
      }
    }
    const kcount = this.ug.length;
    const er = new Float64Array(n), ei = new Float64Array(n);
    const ek = new Float64Array(3 * n);
    let sum = 0;
    const virial = [0, 0, 0, 0, 0, 0];
    for (let k = 0; k < kcount; k++) {
      const kx = this.kvec[3 * k], ky = this.kvec[3 * k + 1], kz = this.kvec[3 * k + 2];
      const bx = at(0, kx, 0), by = at(1, ky, 0), bz = at(2, kz, 0);
      let sr = 0, si = 0;
      for (let i = 0; i < n; i++) {
        const cyz = cs[by + i] * cs[bz + i] - sn[by + i] * sn[bz + i];
        const syz = sn[by + i] * cs[bz + i] + cs[by + i] * sn[bz + i];
        const c = cs[bx + i] * cyz - sn[bx + i] * syz;
        const s = sn[bx + i] * cyz + cs[bx + i] * syz;
        er[i] = c; ei[i] = s;
        sr += q[i] * c; si += q[i] * s;
      }
      const u = this.ug[k], uk = u * (sr * sr + si * si);
      sum += uk;
      for (let j = 0; j < 6; j++) virial[j] += uk * this.vg[6 * k + j];
      const gx = this.eg[3 * k], gy = this.eg[3 * k + 1], gz = this.eg[3 * k + 2];
      for (let i = 0; i < n; i++) {
        const partial = ei[i] * sr - er[i] * si;
        ek[3 * i] += partial * gx; ek[3 * i + 1] += partial * gy; ek[3 * i + 2] += partial * gz;
        if (eatom) eatom[i] += q[i] * u * (er[i] * sr + ei[i] * si) * METAL.qqr2e;
      }
    }
    let qsum = 0, qsqsum = 0;
    for (let i = 0; i < n; i++) { qsum += q[i]; qsqsum += q[i] * q[i]; }
    const g = this.gEwald, ke = METAL.qqr2e;
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < 3; d++) atoms.f[3 * i + d] += ke * q[i] * ek[3 * i + d];
      if (eatom) eatom[i] -= ke * (g * q[i] * q[i] / Math.sqrt(Math.PI) + 0.5 * Math.PI * q[i] * qsum / (g * g * this.volume));
    }
    const energy = ke * (sum - g * qsqsum / Math.sqrt(Math.PI) - 0.5 * Math.PI * qsum * qsum / (g * g * this.volume));
    return { energy, virial: virial.map((v) => v * ke) };
  }
}
