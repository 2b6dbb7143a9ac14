// fix nvt, npt, nph: Nosé–Hoover chain thermostat and MTK barostat (Martyna, Tuckerman, Tobias & Klein, Mol. Phys.
// 87, 1117 (1996); Shinoda, Shiga & Mikami, PRB 69, 134103 (2004)) integrated with the time-reversible splitting of
// LAMMPS FixNH (src/fix_nh.cpp): half-step chain updates around velocity-Verlet, box remapped by half steps.

import { EctmdError, inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import type { Engine } from '../engine/engine.js';
import type { Where } from '../lammps/where.js';
import type { Vec3 } from '../system/box.js';
import { METAL } from '../system/units.js';
import { groupCount, groupKeTensor, groupTemperature } from '../compute/temperature.js';
import type { Fix, FixFactory } from './fix.js';

/** Pressure coupling of the diagonal components (LAMMPS pcouple). */
type Couple = 'none' | 'xyz' | 'xy' | 'yz' | 'xz';
/** 1, 3 or 6 barostat degrees of freedom (LAMMPS pstyle). */
type PStyle = 'iso' | 'aniso' | 'tri';

/** A tilt may not exceed this multiple of the length it leans over within one step (LAMMPS TILTMAX). */
const TILTMAX = 1.5;
/** LAMMPS flips a tilted box once a tilt exceeds (0.5 + DELTAFLIP) of its length; ectmd stops there instead. */
const DELTAFLIP = 0.1;

export interface NHSettings {
  tstat: boolean;
  tStart: number;
  tStop: number;
  tPeriod: number;
  /** per component xx yy zz yz xz xy (Voigt order, as LAMMPS p_start/p_stop/p_period/p_flag) */
  pStart: number[];
  pStop: number[];
  pPeriod: number[];
  pFlag: boolean[];
  couple: Couple;
  drag: number;
  /** target temperature for the barostat masses of fix nph (LAMMPS ptemp), 0: the initial temperature */
  pTemp: number;
  mtchain: number;
  mpchain: number;
  mtk: boolean;
  ncTchain: number;
  ncPchain: number;
  nreset: number;
  scale: { xy: boolean; xz: boolean; yz: boolean };
  flip: boolean;
  fixedPoint: Vec3;
  deviatoric: boolean;
}

export class FixNH implements Fix {
  readonly boxChange: boolean;
  readonly needsVirial: boolean;
  readonly extensiveScalar = true;
  private readonly s: NHSettings;
  private readonly pstat: boolean;
  private readonly pstyle: PStyle;
  /** compute temp of the fix: the fix group for nvt, all atoms for npt and nph (as LAMMPS's ID_temp) */
  private readonly tempMask: Uint8Array | null;

  // thermostat chain (eta_dot carries one extra zero element, as LAMMPS's dummy thermostat)
  private eta: Float64Array;
  private etaDot: Float64Array;
  private etaDotDot: Float64Array;
  private etaMass: Float64Array;
  // barostat chain
  private etap: Float64Array;
  private etapDot: Float64Array;
  private etapDotDot: Float64Array;
  private etapMass: Float64Array;
  // barostat (Voigt order xx yy zz yz xz xy)
  private omega = new Float64Array(6);
  private omegaDot = new Float64Array(6);
  private omegaMass = new Float64Array(6);
  private pFreq = new Float64Array(6);
  private pTarget = new Float64Array(6);
  private pCurrent = new Float64Array(6);
  private sigma = new Float64Array(6);
  private fdev = new Float64Array(6);
  private h0Inv = new Float64Array(6);
  private tFreq = 0;
  private pFreqMax = 0;
  private pHydro = 0;
  private pdim = 0;
  private vol0 = 0;
  private t0 = 0;
  private tTarget = 0;
  private keTarget = 0;
  private tCurrent = 0;
  /** tCurrent from a restart file, used by the next setup instead of a fresh temperature */
  private restoredTCurrent: number | null = null;
  private tdof = 0;
  private mtkTerm1 = 0;
  private mtkTerm2 = 0;
  private tdragFactor = 1;
  private pdragFactor = 1;
  /** kinetic tensor of the temperature compute (mvv2e·Σ m v_a v_b, xx yy zz xy xz yz), LAMMPS temperature->vector */
  private mvv = [0, 0, 0, 0, 0, 0];
  /** virial-plus-kinetic pressure tensor of the fix's pressure compute (xx yy zz xy xz yz), bar */
  private pTensor = [0, 0, 0, 0, 0, 0];
  private pScalar = 0;
  private natoms = 0;

  constructor(readonly id: string, readonly style: 'nvt' | 'npt' | 'nph', readonly mask: Uint8Array | null, settings: NHSettings) {
    this.s = settings;
    const pf = settings.pFlag;
    this.pstat = pf.some((f) => f);
    this.boxChange = this.pstat;
    this.needsVirial = this.pstat;
    this.pstyle = pf[3] || pf[4] || pf[5] ? 'tri' : settings.couple === 'xyz' ? 'iso' : 'aniso';
    this.tempMask = style === 'nvt' ? mask : null;
    this.eta = new Float64Array(settings.mtchain);
    this.etaDot = new Float64Array(settings.mtchain + 1);
    this.etaDotDot = new Float64Array(settings.mtchain);
    this.etaMass = new Float64Array(settings.mtchain);
    this.etap = new Float64Array(settings.mpchain);
    this.etapDot = new Float64Array(settings.mpchain + 1);
    this.etapDotDot = new Float64Array(settings.mpchain);
    this.etapMass = new Float64Array(settings.mpchain);
    if (settings.tstat) this.tFreq = 1 / settings.tPeriod;
    for (let i = 0; i < 6; i++) if (pf[i]) this.pFreq[i] = 1 / settings.pPeriod[i];
  }

  /** LAMMPS FixNH::init and setup: step sizes, reference cell, masses of the chains and the barostat. */
  setup(e: Engine): void {
    const s = this.s, pf = s.pFlag, boltz = METAL.boltz;
    if (this.pstat && e.kspace) throw new EctmdError(`Fix ${this.style} ${this.id}: a barostat with a kspace style is not supported (the Ewald sums would need re-setup every step)`);
    this.natoms = e.atoms.n;
    if (this.pstat) {
      this.pFreqMax = Math.max(this.pFreq[0], this.pFreq[1], this.pFreq[2]);
      if (this.pstyle === 'tri') this.pFreqMax = Math.max(this.pFreqMax, this.pFreq[3], this.pFreq[4], this.pFreq[5]);
      this.pdragFactor = 1 - e.dt * this.pFreqMax * s.drag / s.ncPchain;
      this.pdim = (pf[0] ? 1 : 0) + (pf[1] ? 1 : 0) + (pf[2] ? 1 : 0);
      if (this.vol0 === 0) {
        const box = e.box!;
        this.vol0 = box.lx * box.ly * box.lz;
        this.h0Inv.set(box.hinv());
      }
    }
    if (s.tstat) this.tdragFactor = 1 - e.dt * this.tFreq * s.drag / s.ncTchain;

    const n = groupCount(e.atoms, this.tempMask);
    this.tdof = Math.max(3 * n - 3, 0);
    if (s.tstat) this.computeTempTarget(e);
    else if (this.pstat) {
      if (s.pTemp > 0) this.t0 = s.pTemp;
      if (this.t0 === 0) {
        this.t0 = groupTemperature(e.atoms, this.tempMask);
        if (this.t0 === 0) this.t0 = 300;
      }
      this.tTarget = this.t0;
    }
    if (this.pstat) this.computePressTarget(e);
    this.tCurrent = this.restoredTCurrent ?? groupTemperature(e.atoms, this.tempMask);
    this.restoredTCurrent = null;
    if (this.pstat) {
      if (this.pstyle === 'iso') this.pressureScalar(e, this.tCurrent);
      else { this.mvv = groupKeTensor(e, this.tempMask); this.pressureVector(e); }
      this.couple();
    }
    if (s.tstat) {
      const tf2 = this.tFreq * this.tFreq;
      this.etaMass[0] = this.tdof * boltz * this.tTarget / tf2;
      for (let ich = 1; ich < s.mtchain; ich++) this.etaMass[ich] = boltz * this.tTarget / tf2;
      for (let ich = 1; ich < s.mtchain; ich++) {
        this.etaDotDot[ich] = (this.etaMass[ich - 1] * this.etaDot[ich - 1] * this.etaDot[ich - 1] - boltz * this.tTarget) / this.etaMass[ich];
      }
    }
    if (this.pstat) {
      // barostat masses stay those of the run's first step (LAMMPS sets them at setup only); the same as the current
      // target except in a run resumed part-way through a temperature ramp (--resume)
      const kt = boltz * this.tTarget, ktMass = s.tstat ? boltz * s.tStart : kt, nkt = (this.natoms + 1) * ktMass;
      for (let i = 0; i < 3; i++) if (pf[i]) this.omegaMass[i] = nkt / (this.pFreq[i] * this.pFreq[i]);
      if (this.pstyle === 'tri') for (let i = 3; i < 6; i++) if (pf[i]) this.omegaMass[i] = nkt / (this.pFreq[i] * this.pFreq[i]);
      if (s.mpchain) {
        const pm2 = this.pFreqMax * this.pFreqMax;
        this.etapMass[0] = ktMass / pm2;
        for (let ich = 1; ich < s.mpchain; ich++) this.etapMass[ich] = ktMass / pm2;
        for (let ich = 1; ich < s.mpchain; ich++) {
          this.etapDotDot[ich] = (this.etapMass[ich - 1] * this.etapDot[ich - 1] * this.etapDot[ich - 1] - kt) / this.etapMass[ich];
        }
      }
    }
  }

  initialIntegrate(e: Engine): void {
    if (this.pstat && this.s.mpchain) this.nhcPressIntegrate(e);
    if (this.s.tstat) {
      this.computeTempTarget(e);
      this.nhcTempIntegrate(e);
    }
    if (this.pstat) {
      // the kinetic part changed with the thermostat: recompute the pressure (t_current is already current)
      if (this.pstyle === 'iso') this.pressureScalar(e, groupTemperature(e.atoms, this.tempMask));
      else { this.mvv = groupKeTensor(e, this.tempMask); this.pressureVector(e); }
      this.couple();
      this.computePressTarget(e);
      this.nhOmegaDot(e);
      this.nhVPress(e);
    }
    this.nveV(e);
    if (this.pstat) this.remap(e);
    this.nveX(e);
    if (this.pstat) this.remap(e);
  }

  finalIntegrate(e: Engine): void {
    this.nveV(e);
    if (this.pstat) this.nhVPress(e);
    this.tCurrent = groupTemperature(e.atoms, this.tempMask);
    if (this.pstat) {
      if (this.pstyle === 'iso') this.pressureScalar(e, this.tCurrent);
      else { this.mvv = groupKeTensor(e, this.tempMask); this.pressureVector(e); }
      this.couple();
      this.nhOmegaDot(e);
    }
    if (this.s.tstat) this.nhcTempIntegrate(e);
    if (this.pstat && this.s.mpchain) this.nhcPressIntegrate(e);
  }

  /** f_ID: energy of the chains and the barostat (MTTK 1996 eqs. 2 and 8), eV; LAMMPS FixNH::compute_scalar. */
  computeScalar(e: Engine): number {
    const s = this.s, kt = METAL.boltz * this.tTarget;
    let energy = 0;
    if (s.tstat) {
      energy += this.keTarget * this.eta[0] + 0.5 * this.etaMass[0] * this.etaDot[0] * this.etaDot[0];
      for (let ich = 1; ich < s.mtchain; ich++) energy += kt * this.eta[ich] + 0.5 * this.etaMass[ich] * this.etaDot[ich] * this.etaDot[ich];
    }
    if (this.pstat) {
      const box = e.box!, volume = box.lx * box.ly * box.lz;
      // the first barostat-chain variable couples to every barostatted component (lkt_press = components·kT)
      let lktPress = 0;
      for (let i = 0; i < 3; i++) {
        if (!s.pFlag[i]) continue;
        energy += 0.5 * this.omegaDot[i] * this.omegaDot[i] * this.omegaMass[i] + this.pHydro * (volume - this.vol0) / (this.pdim * METAL.nktv2p);
        lktPress += kt;
      }
      if (this.pstyle === 'tri') {
        for (let i = 3; i < 6; i++) {
          if (!s.pFlag[i]) continue;
          energy += 0.5 * this.omegaDot[i] * this.omegaDot[i] * this.omegaMass[i];
          lktPress += kt;
        }
      }
      if (s.mpchain) {
        energy += lktPress * this.etap[0] + 0.5 * this.etapMass[0] * this.etapDot[0] * this.etapDot[0];
        for (let ich = 1; ich < s.mpchain; ich++) energy += kt * this.etap[ich] + 0.5 * this.etapMass[ich] * this.etapDot[ich] * this.etapDot[ich];
      }
      if (s.deviatoric) energy += this.strainEnergy(e);
    }
    return energy;
  }

  /** Length of f_ID[k]: chain and barostat variables, then their energies (LAMMPS FixNH size_vector). */
  get vectorLength(): number {
    const s = this.s, nb = this.pstyle === 'iso' ? 1 : this.pstyle === 'aniso' ? 3 : 6;
    let n = s.tstat ? 4 * s.mtchain : 0;
    if (this.pstat) n += 4 * nb + 4 * s.mpchain + (s.deviatoric ? 1 : 0);
    return n;
  }

  /** f_ID[k] in LAMMPS FixNH::compute_vector's order: eta, eta_dot, omega, omega_dot, etap, etap_dot, then the
   *  potential and kinetic energies of each of those and the strain energy. */
  computeVector(e: Engine, k: number): number {
    if (!(k >= 1 && k <= this.vectorLength)) throw new EctmdError(`Fix ${this.style} ${this.id}: vector index ${k} out of range 1..${this.vectorLength}`);
    const s = this.s, pf = s.pFlag, M = s.mtchain, P = s.mpchain, kt = METAL.boltz * this.tTarget;
    const nb = this.pstyle === 'iso' ? 1 : this.pstyle === 'aniso' ? 3 : 6;
    const values: number[] = [];
    if (s.tstat) values.push(...this.eta, ...this.etaDot.subarray(0, M));
    if (this.pstat) {
      values.push(...this.omega.subarray(0, nb), ...this.omegaDot.subarray(0, nb));
      if (P) values.push(...this.etap, ...this.etapDot.subarray(0, P));
    }
    if (s.tstat) {
      for (let i = 0; i < M; i++) values.push(i === 0 ? this.keTarget * this.eta[0] : kt * this.eta[i]);
      for (let i = 0; i < M; i++) values.push(0.5 * this.etaMass[i] * this.etaDot[i] * this.etaDot[i]);
    }
    if (this.pstat) {
      const box = e.box!, volume = box.lx * box.ly * box.lz, pv = this.pHydro * (volume - this.vol0) / (this.pdim * METAL.nktv2p);
      for (let i = 0; i < nb; i++) values.push(this.pstyle === 'iso' ? this.pdim * pv : i < 3 && pf[i] ? pv : 0);
      for (let i = 0; i < nb; i++) {
        const ke = 0.5 * this.omegaDot[i] * this.omegaDot[i] * this.omegaMass[i];
        values.push(this.pstyle === 'iso' ? this.pdim * ke : pf[i] ? ke : 0);
      }
      if (P) {
        for (let i = 0; i < P; i++) values.push(kt * this.etap[i]);
        for (let i = 0; i < P; i++) values.push(0.5 * this.etapMass[i] * this.etapDot[i] * this.etapDot[i]);
      }
      if (s.deviatoric) values.push(this.strainEnergy(e));
    }
    return values[k - 1];
  }

  /** Chain and barostat variables in the layout of LAMMPS FixNH::pack_restart_data, then the fix's running
   *  temperature (LAMMPS recomputes it at setup, which differs in the last bits: saved, a restart continues bitwise). */
  writeState(): Float64Array {
    const s = this.s, out: number[] = [s.tstat ? 1 : 0];
    if (s.tstat) out.push(s.mtchain, ...this.eta, ...this.etaDot.subarray(0, s.mtchain));
    out.push(this.pstat ? 1 : 0);
    if (this.pstat) {
      out.push(...this.omega, ...this.omegaDot, this.vol0, this.t0, s.mpchain);
      if (s.mpchain) out.push(...this.etap, ...this.etapDot.subarray(0, s.mpchain));
      out.push(s.deviatoric ? 1 : 0);
      if (s.deviatoric) out.push(...this.h0Inv);
    }
    out.push(this.tCurrent);
    return Float64Array.from(out);
  }

  readState(state: Float64Array, where: Where): void {
    let n = 0;
    const bad = () => inputError(where.file, where.line, `Restart state of fix ${this.style} ${this.id} is malformed`, 'the layout written by fix nvt/npt/nph', `${state.length} values`);
    const take = () => { if (n >= state.length) throw bad(); return state[n++]; };
    if (take()) {
      const m = take();
      if (this.s.tstat && m === this.s.mtchain) {
        for (let i = 0; i < m; i++) this.eta[i] = take();
        for (let i = 0; i < m; i++) this.etaDot[i] = take();
      } else n += 2 * m;
    }
    if (take()) {
      for (let i = 0; i < 6; i++) this.omega[i] = take();
      for (let i = 0; i < 6; i++) this.omegaDot[i] = take();
      this.vol0 = take();
      this.t0 = take();
      const m = take();
      if (this.pstat && m === this.s.mpchain) {
        for (let i = 0; i < m; i++) this.etap[i] = take();
        for (let i = 0; i < m; i++) this.etapDot[i] = take();
      } else n += 2 * m;
      if (take()) for (let i = 0; i < 6; i++) this.h0Inv[i] = take();
    }
    if (n < state.length) this.restoredTCurrent = take();
  }

  /** Target temperature ramped linearly over the run (LAMMPS compute_temp_target). */
  private computeTempTarget(e: Engine): void {
    const delta = e.runFraction();
    this.tTarget = this.s.tStart + delta * (this.s.tStop - this.s.tStart);
    this.keTarget = this.tdof * METAL.boltz * this.tTarget;
  }

  private computePressTarget(e: Engine): void {
    const s = this.s;
    const delta = e.runFraction();
    this.pHydro = 0;
    for (let i = 0; i < 3; i++) {
      if (s.pFlag[i]) {
        this.pTarget[i] = s.pStart[i] + delta * (s.pStop[i] - s.pStart[i]);
        this.pHydro += this.pTarget[i];
      }
    }
    this.pHydro /= this.pdim;
    if (this.pstyle === 'tri') for (let i = 3; i < 6; i++) this.pTarget[i] = s.pStart[i] + delta * (s.pStop[i] - s.pStart[i]);
    if (s.deviatoric) this.computeSigma(e);
  }

  /** Scalar pressure of the fix's compute pressure (kinetic part from temperature t), bar. */
  private pressureScalar(e: Engine, t: number): void {
    const box = e.box!, v = e.currentVirial();
    const invVolume = 1 / (box.lx * box.ly * box.lz);
    this.pScalar = (this.tdof * METAL.boltz * t + v[0] + v[1] + v[2]) / 3 * invVolume * METAL.nktv2p;
  }

  /** Pressure tensor from the kinetic tensor this.mvv and the virial, bar (xx yy zz xy xz yz). */
  private pressureVector(e: Engine): void {
    const box = e.box!, v = e.currentVirial();
    const invVolume = 1 / (box.lx * box.ly * box.lz);
    for (let i = 0; i < 6; i++) this.pTensor[i] = (this.mvv[i] + v[i]) * invVolume * METAL.nktv2p;
  }

  /** Current pressure per barostatted component, averaged over coupled ones; Voigt order for the tilts. */
  private couple(): void {
    const t = this.pTensor, p = this.pCurrent;
    if (this.pstyle === 'iso') p[0] = p[1] = p[2] = this.pScalar;
    else if (this.s.couple === 'xyz') { const ave = 1 / 3 * (t[0] + t[1] + t[2]); p[0] = p[1] = p[2] = ave; }
    else if (this.s.couple === 'xy') { const ave = 0.5 * (t[0] + t[1]); p[0] = p[1] = ave; p[2] = t[2]; }
    else if (this.s.couple === 'yz') { const ave = 0.5 * (t[1] + t[2]); p[1] = p[2] = ave; p[0] = t[0]; }
    else if (this.s.couple === 'xz') { const ave = 0.5 * (t[0] + t[2]); p[0] = p[2] = ave; p[1] = t[1]; }
    else { p[0] = t[0]; p[1] = t[1]; p[2] = t[2]; }
    if (this.pstyle === 'tri') { p[3] = t[5]; p[4] = t[4]; p[5] = t[3]; }
  }

  /** Half-step update of the thermostat chain and scaling of the group's velocities (LAMMPS nhc_temp_integrate). */
  private nhcTempIntegrate(e: Engine): void {
    const s = this.s, boltz = METAL.boltz, M = s.mtchain;
    const eta = this.eta, ed = this.etaDot, edd = this.etaDotDot, em = this.etaMass;
    const dthalf = 0.5 * e.dt, dt4 = 0.25 * e.dt, dt8 = 0.125 * e.dt;
    let kecurrent = this.tdof * boltz * this.tCurrent;
    const tf2 = this.tFreq * this.tFreq;
    em[0] = this.tdof * boltz * this.tTarget / tf2;
    for (let ich = 1; ich < M; ich++) em[ich] = boltz * this.tTarget / tf2;
    edd[0] = em[0] > 0 ? (kecurrent - this.keTarget) / em[0] : 0;
    const ncfac = 1 / s.ncTchain;
    for (let iloop = 0; iloop < s.ncTchain; iloop++) {
      let expfac: number;
      for (let ich = M - 1; ich > 0; ich--) {
        expfac = Math.exp(-ncfac * dt8 * ed[ich + 1]);
        ed[ich] *= expfac;
        ed[ich] += edd[ich] * ncfac * dt4;
        ed[ich] *= this.tdragFactor;
        ed[ich] *= expfac;
      }
      expfac = Math.exp(-ncfac * dt8 * ed[1]);
      ed[0] *= expfac;
      ed[0] += edd[0] * ncfac * dt4;
      ed[0] *= this.tdragFactor;
      ed[0] *= expfac;
      const factorEta = Math.exp(-ncfac * dthalf * ed[0]);
      this.scaleVelocities(e, factorEta);
      this.tCurrent *= factorEta * factorEta;
      kecurrent = this.tdof * boltz * this.tCurrent;
      edd[0] = em[0] > 0 ? (kecurrent - this.keTarget) / em[0] : 0;
      for (let ich = 0; ich < M; ich++) eta[ich] += ncfac * dthalf * ed[ich];
      ed[0] *= expfac;
      ed[0] += edd[0] * ncfac * dt4;
      ed[0] *= expfac;
      for (let ich = 1; ich < M; ich++) {
        expfac = Math.exp(-ncfac * dt8 * ed[ich + 1]);
        ed[ich] *= expfac;
        edd[ich] = (em[ich - 1] * ed[ich - 1] * ed[ich - 1] - boltz * this.tTarget) / em[ich];
        ed[ich] += edd[ich] * ncfac * dt4;
        ed[ich] *= expfac;
      }
    }
  }

  /** Half-step update of the barostat's own chain and scaling of the barostat velocities (LAMMPS nhc_press_integrate). */
  private nhcPressIntegrate(e: Engine): void {
    const s = this.s, pf = s.pFlag, M = s.mpchain, kt = METAL.boltz * this.tTarget;
    const etap = this.etap, ed = this.etapDot, edd = this.etapDotDot, em = this.etapMass, od = this.omegaDot;
    const dthalf = 0.5 * e.dt, dt4 = 0.25 * e.dt, dt8 = 0.125 * e.dt;
    const barostatKe = () => {
      let k = 0;
      for (let i = 0; i < 3; i++) if (pf[i]) k += this.omegaMass[i] * od[i] * od[i];
      if (this.pstyle === 'tri') for (let i = 3; i < 6; i++) if (pf[i]) k += this.omegaMass[i] * od[i] * od[i];
      return k;
    };
    // target kinetic energy of the barostat: kT per barostat degree of freedom (one for iso)
    let pdof = 0;
    for (let i = 0; i < (this.pstyle === 'tri' ? 6 : 3); i++) if (pf[i]) pdof++;
    const lktPress = this.pstyle === 'iso' ? kt : pdof * kt;
    edd[0] = (barostatKe() - lktPress) / em[0];
    const ncfac = 1 / s.ncPchain;
    for (let iloop = 0; iloop < s.ncPchain; iloop++) {
      let expfac: number;
      for (let ich = M - 1; ich > 0; ich--) {
        expfac = Math.exp(-ncfac * dt8 * ed[ich + 1]);
        ed[ich] *= expfac;
        ed[ich] += edd[ich] * ncfac * dt4;
        ed[ich] *= this.pdragFactor;
        ed[ich] *= expfac;
      }
      expfac = Math.exp(-ncfac * dt8 * ed[1]);
      ed[0] *= expfac;
      ed[0] += edd[0] * ncfac * dt4;
      ed[0] *= this.pdragFactor;
      ed[0] *= expfac;
      for (let ich = 0; ich < M; ich++) etap[ich] += ncfac * dthalf * ed[ich];
      const factorEtap = Math.exp(-ncfac * dthalf * ed[0]);
      for (let i = 0; i < 3; i++) if (pf[i]) od[i] *= factorEtap;
      if (this.pstyle === 'tri') for (let i = 3; i < 6; i++) if (pf[i]) od[i] *= factorEtap;
      edd[0] = (barostatKe() - lktPress) / em[0];
      ed[0] *= expfac;
      ed[0] += edd[0] * ncfac * dt4;
      ed[0] *= expfac;
      for (let ich = 1; ich < M; ich++) {
        expfac = Math.exp(-ncfac * dt8 * ed[ich + 1]);
        ed[ich] *= expfac;
        edd[ich] = (em[ich - 1] * ed[ich - 1] * ed[ich - 1] - kt) / em[ich];
        ed[ich] += edd[ich] * ncfac * dt4;
        ed[ich] *= expfac;
      }
    }
  }

  /** Half-step update of the barostat velocities (LAMMPS nh_omega_dot). */
  private nhOmegaDot(e: Engine): void {
    const s = this.s, pf = s.pFlag, box = e.box!, nktv2p = METAL.nktv2p;
    const volume = box.lx * box.ly * box.lz, dthalf = 0.5 * e.dt;
    if (s.deviatoric) this.computeDeviatoric(e);
    this.mtkTerm1 = 0;
    if (s.mtk) {
      if (this.pstyle === 'iso') {
        this.mtkTerm1 = this.tdof * METAL.boltz * this.tCurrent;
        this.mtkTerm1 /= this.pdim * this.natoms;
      } else {
        for (let i = 0; i < 3; i++) if (pf[i]) this.mtkTerm1 += this.mvv[i];
        this.mtkTerm1 /= this.pdim * this.natoms;
      }
    }
    for (let i = 0; i < 3; i++) {
      if (!pf[i]) continue;
      let fOmega = (this.pCurrent[i] - this.pHydro) * volume / (this.omegaMass[i] * nktv2p) + this.mtkTerm1 / this.omegaMass[i];
      if (s.deviatoric) fOmega -= this.fdev[i] / (this.omegaMass[i] * nktv2p);
      this.omegaDot[i] += fOmega * dthalf;
      this.omegaDot[i] *= this.pdragFactor;
    }
    this.mtkTerm2 = 0;
    if (s.mtk) {
      for (let i = 0; i < 3; i++) if (pf[i]) this.mtkTerm2 += this.omegaDot[i];
      this.mtkTerm2 /= this.pdim * this.natoms;
    }
    if (this.pstyle === 'tri') {
      for (let i = 3; i < 6; i++) {
        if (!pf[i]) continue;
        let fOmega = this.pCurrent[i] * volume / (this.omegaMass[i] * nktv2p);
        if (s.deviatoric) fOmega -= this.fdev[i] / (this.omegaMass[i] * nktv2p);
        this.omegaDot[i] += fOmega * dthalf;
        this.omegaDot[i] *= this.pdragFactor;
      }
    }
  }

  /** Velocities of the group times exp(−dt/4·(ω̇+mtk)) around the tilt coupling (LAMMPS nh_v_press). */
  private nhVPress(e: Engine): void {
    const { v, n } = e.atoms, mask = this.mask, od = this.omegaDot, dt4 = 0.25 * e.dt, dthalf = 0.5 * e.dt;
    const f0 = Math.exp(-dt4 * (od[0] + this.mtkTerm2));
    const f1 = Math.exp(-dt4 * (od[1] + this.mtkTerm2));
    const f2 = Math.exp(-dt4 * (od[2] + this.mtkTerm2));
    const tri = this.pstyle === 'tri';
    for (let i = 0; i < n; i++) {
      if (mask && !mask[i]) continue;
      const k = 3 * i;
      v[k] *= f0; v[k + 1] *= f1; v[k + 2] *= f2;
      if (tri) {
        v[k] += -dthalf * (v[k + 1] * od[5] + v[k + 2] * od[4]);
        v[k + 1] += -dthalf * v[k + 2] * od[3];
      }
      v[k] *= f0; v[k + 1] *= f1; v[k + 2] *= f2;
    }
  }

  private scaleVelocities(e: Engine, factor: number): void {
    const { v, n } = e.atoms, mask = this.mask;
    for (let i = 0; i < n; i++) {
      if (mask && !mask[i]) continue;
      const k = 3 * i;
      v[k] *= factor; v[k + 1] *= factor; v[k + 2] *= factor;
    }
  }

  private nveV(e: Engine): void {
    const { v, f, type, mass, n } = e.atoms, mask = this.mask, dtf = 0.5 * e.dt * METAL.ftm2v;
    for (let i = 0; i < n; i++) {
      if (mask && !mask[i]) continue;
      const dtfm = dtf / mass[type[i]], k = 3 * i;
      v[k] += dtfm * f[k]; v[k + 1] += dtfm * f[k + 1]; v[k + 2] += dtfm * f[k + 2];
    }
  }

  private nveX(e: Engine): void {
    const { x, v, n } = e.atoms, mask = this.mask, dtv = e.dt;
    for (let i = 0; i < n; i++) {
      if (mask && !mask[i]) continue;
      const k = 3 * i;
      x[k] += dtv * v[k]; x[k + 1] += dtv * v[k + 1]; x[k + 2] += dtv * v[k + 2];
    }
  }

  /** Half-step change of the cell, h' = exp(ω̇·dt/2)·h in the time-symmetric order of LAMMPS FixNH::remap; all atoms
   *  keep their fractional coordinates (dilate all). */
  private remap(e: Engine): void {
    const s = this.s, pf = s.pFlag, box = e.box!, od = this.omegaDot, atoms = e.atoms, x = atoms.x, n = atoms.n;
    const dto = 0.5 * e.dt;
    for (let i = 0; i < 6; i++) this.omega[i] += dto * od[i];
    // to fractional coordinates in the old cell
    const hi = box.hinv(), lo = [...box.lo];
    for (let i = 0; i < n; i++) {
      const k = 3 * i;
      const d0 = x[k] - lo[0], d1 = x[k + 1] - lo[1], d2 = x[k + 2] - lo[2];
      x[k] = hi[0] * d0 + hi[5] * d1 + hi[4] * d2;
      x[k + 1] = hi[1] * d1 + hi[3] * d2;
      x[k + 2] = hi[2] * d2;
    }
    // h = [lx ly lz yz xz xy]; the lengths in h stay those of the old cell until the box is reset (as LAMMPS's domain->h)
    const h = box.h();
    const dto2 = dto / 2, dto4 = dto / 4, dto8 = dto / 8;
    const offDiagonal = () => {
      let expfac: number;
      if (pf[4]) { expfac = Math.exp(dto8 * od[0]); h[4] *= expfac; h[4] += dto4 * (od[5] * h[3] + od[4] * h[2]); h[4] *= expfac; }
      if (pf[3]) { expfac = Math.exp(dto4 * od[1]); h[3] *= expfac; h[3] += dto2 * (od[3] * h[2]); h[3] *= expfac; }
      if (pf[5]) { expfac = Math.exp(dto4 * od[0]); h[5] *= expfac; h[5] += dto2 * (od[5] * h[1]); h[5] *= expfac; }
      if (pf[4]) { expfac = Math.exp(dto8 * od[0]); h[4] *= expfac; h[4] += dto4 * (od[5] * h[3] + od[4] * h[2]); h[4] *= expfac; }
    };
    if (this.pstyle === 'tri') offDiagonal();
    const fp = s.fixedPoint;
    for (let d = 0; d < 3; d++) {
      if (!pf[d]) continue;
      const expfac = Math.exp(dto * od[d]);
      box.lo[d] = (box.lo[d] - fp[d]) * expfac + fp[d];
      box.hi[d] = (box.hi[d] - fp[d]) * expfac + fp[d];
      if (d === 1 && s.scale.xy) h[5] *= expfac;
      if (d === 2) { if (s.scale.xz) h[4] *= expfac; if (s.scale.yz) h[3] *= expfac; }
    }
    if (this.pstyle === 'tri') offDiagonal();
    if (box.triclinic) { box.yz = h[3]; box.xz = h[4]; box.xy = h[5]; }
    const lx = box.lx, ly = box.ly;
    if (box.yz < -TILTMAX * ly || box.yz > TILTMAX * ly || box.xz < -TILTMAX * lx || box.xz > TILTMAX * lx || box.xy < -TILTMAX * lx || box.xy > TILTMAX * lx) {
      throw new EctmdError(`Fix ${this.style} ${this.id}: fix npt/nph has tilted box too far in one step - periodic cell is too far from equilibrium state (step ${e.step})`);
    }
    if (box.triclinic && this.s.flip && (Math.abs(box.yz) > (0.5 + DELTAFLIP) * ly || Math.abs(box.xz) > (0.5 + DELTAFLIP) * lx || Math.abs(box.xy) > (0.5 + DELTAFLIP) * lx)) {
      throw new EctmdError(`Fix ${this.style} ${this.id}: a tilt factor exceeds ${0.5 + DELTAFLIP} of its box length at step ${e.step}; LAMMPS would flip the box here, ectmd does not (use 'flip no' to let the tilt grow)`);
    }
    // back to Cartesian coordinates in the new cell
    const hn = box.h(), lon = box.lo;
    for (let i = 0; i < n; i++) {
      const k = 3 * i;
      const l0 = x[k], l1 = x[k + 1], l2 = x[k + 2];
      x[k] = hn[0] * l0 + hn[5] * l1 + hn[4] * l2 + lon[0];
      x[k + 1] = hn[1] * l1 + hn[3] * l2 + lon[1];
      x[k + 2] = hn[2] * l2 + lon[2];
    }
    e.neighbor.followBox(box);
  }

  /** sigma = vol0·h0⁻¹·(P_target − P_hydro)·h0⁻ᵀ, upper triangle (LAMMPS compute_sigma); nreset refreshes the reference cell. */
  private computeSigma(e: Engine): void {
    if (this.s.nreset > 0) {
      const delta = e.step - e.runBegin;
      if (delta % this.s.nreset === 0) {
        const box = e.box!;
        this.vol0 = box.lx * box.ly * box.lz;
        this.h0Inv.set(box.hinv());
      }
    }
    const h = this.h0Inv, p = this.pTarget, ph = this.pHydro, v0 = this.vol0, sg = this.sigma;
    sg[0] = v0 * (h[0] * ((p[0] - ph) * h[0] + p[5] * h[5] + p[4] * h[4]) + h[5] * (p[5] * h[0] + (p[1] - ph) * h[5] + p[3] * h[4]) + h[4] * (p[4] * h[0] + p[3] * h[5] + (p[2] - ph) * h[4]));
    sg[1] = v0 * (h[1] * ((p[1] - ph) * h[1] + p[3] * h[3]) + h[3] * (p[3] * h[1] + (p[2] - ph) * h[3]));
    sg[2] = v0 * (h[2] * ((p[2] - ph) * h[2]));
    sg[3] = v0 * (h[1] * (p[3] * h[2]) + h[3] * ((p[2] - ph) * h[2]));
    sg[4] = v0 * (h[0] * (p[4] * h[2]) + h[5] * (p[3] * h[2]) + h[4] * ((p[2] - ph) * h[2]));
    sg[5] = v0 * (h[0] * (p[5] * h[1] + p[4] * h[3]) + h[5] * ((p[1] - ph) * h[1] + p[3] * h[3]) + h[4] * (p[3] * h[1] + (p[2] - ph) * h[3]));
  }

  /** Strain energy ½·Tr(sigma·h·hᵀ), eV. */
  private strainEnergy(e: Engine): number {
    const h = e.box!.h(), sg = this.sigma;
    const d0 = sg[0] * (h[0] * h[0] + h[5] * h[5] + h[4] * h[4]) + sg[5] * (h[1] * h[5] + h[3] * h[4]) + sg[4] * (h[2] * h[4]);
    const d1 = sg[5] * (h[5] * h[1] + h[4] * h[3]) + sg[1] * (h[1] * h[1] + h[3] * h[3]) + sg[3] * (h[2] * h[3]);
    const d2 = sg[4] * (h[4] * h[2]) + sg[3] * (h[3] * h[2]) + sg[2] * (h[2] * h[2]);
    return 0.5 * (d0 + d1 + d2) / METAL.nktv2p;
  }

  /** Deviatoric barostat force h·sigma·hᵀ (LAMMPS compute_deviatoric). */
  private computeDeviatoric(e: Engine): void {
    const h = e.box!.h(), sg = this.sigma, fd = this.fdev;
    fd[0] = h[0] * (sg[0] * h[0] + sg[5] * h[5] + sg[4] * h[4]) + h[5] * (sg[5] * h[0] + sg[1] * h[5] + sg[3] * h[4]) + h[4] * (sg[4] * h[0] + sg[3] * h[5] + sg[2] * h[4]);
    fd[1] = h[1] * (sg[1] * h[1] + sg[3] * h[3]) + h[3] * (sg[3] * h[1] + sg[2] * h[3]);
    fd[2] = h[2] * (sg[2] * h[2]);
    fd[3] = h[1] * (sg[3] * h[2]) + h[3] * (sg[2] * h[2]);
    fd[4] = h[0] * (sg[4] * h[2]) + h[5] * (sg[3] * h[2]) + h[4] * (sg[2] * h[2]);
    fd[5] = h[0] * (sg[5] * h[1] + sg[4] * h[3]) + h[5] * (sg[1] * h[1] + sg[3] * h[3]) + h[4] * (sg[3] * h[1] + sg[2] * h[3]);
  }
}

/** `fix ID GROUP nvt|npt|nph KEYWORD VALUES ...` with the keywords of LAMMPS FixNH. */
function createFixNH(style: 'nvt' | 'npt' | 'nph'): FixFactory {
  return (id, mask, args, { engine, where }) => {
    const box = engine.requireBox(where, `Fix ${style}`);
    const ILLEGAL = `Illegal fix ${style} command`;
    const bad = (expected: string, found: string) => inputError(where.file, where.line, ILLEGAL, expected, found);
    const need = (k: number, count: number, usage: string) => {
      if (k + count > args.length) throw bad(usage, args.slice(k).join(' '));
    };
    const num = (k: number, what: string) => parseFiniteFloat(args[k], where.file, where.line, `fix ${style} ${what}`);
    const int = (k: number, what: string) => parseInteger(args[k], where.file, where.line, `fix ${style} ${what}`);
    const yesNo = (k: number, kw: string) => {
      if (args[k] === 'yes') return true;
      if (args[k] === 'no') return false;
      throw bad(`${kw} yes or no`, String(args[k] ?? 'end of line'));
    };
    const s: NHSettings = {
      tstat: false, tStart: 0, tStop: 0, tPeriod: 0,
      pStart: [0, 0, 0, 0, 0, 0], pStop: [0, 0, 0, 0, 0, 0], pPeriod: [0, 0, 0, 0, 0, 0], pFlag: [false, false, false, false, false, false],
      couple: 'none', drag: 0, pTemp: 0, mtchain: 3, mpchain: 3, mtk: true, ncTchain: 1, ncPchain: 1, nreset: 0,
      scale: { xy: box.triclinic && box.xy !== 0, xz: box.triclinic && box.xz !== 0, yz: box.triclinic && box.yz !== 0 },
      flip: true,
      fixedPoint: [0.5 * (box.lo[0] + box.hi[0]), 0.5 * (box.lo[1] + box.hi[1]), 0.5 * (box.lo[2] + box.hi[2])],
      deviatoric: false,
    };
    const component: Record<string, number> = { x: 0, y: 1, z: 2, yz: 3, xz: 4, xy: 5 };
    for (let k = 0; k < args.length;) {
      const kw = args[k];
      if (kw === 'temp') {
        need(k, 4, 'temp Tstart Tstop Tdamp');
        s.tstat = true; s.tStart = num(k + 1, 'Tstart'); s.tStop = num(k + 2, 'Tstop'); s.tPeriod = num(k + 3, 'Tdamp');
        if (s.tStart < 0 || s.tStop <= 0) throw inputError(where.file, where.line, 'Target temperature for fix nvt/npt/nph cannot be 0.0', 'Tstart >= 0 and Tstop > 0', `${args[k + 1]} ${args[k + 2]}`);
        k += 4;
      } else if (kw === 'iso' || kw === 'aniso' || kw === 'tri') {
        need(k, 4, `${kw} Pstart Pstop Pdamp`);
        const p0 = num(k + 1, `${kw} Pstart`), p1 = num(k + 2, `${kw} Pstop`), pd = num(k + 3, `${kw} Pdamp`);
        s.couple = kw === 'iso' ? 'xyz' : 'none';
        for (let d = 0; d < 3; d++) { s.pStart[d] = p0; s.pStop[d] = p1; s.pPeriod[d] = pd; s.pFlag[d] = true; }
        if (kw === 'tri') {
          s.scale = { xy: false, xz: false, yz: false };
          for (let d = 3; d < 6; d++) { s.pStart[d] = 0; s.pStop[d] = 0; s.pPeriod[d] = pd; s.pFlag[d] = true; }
        }
        k += 4;
      } else if (kw in component) {
        need(k, 4, `${kw} Pstart Pstop Pdamp`);
        const d = component[kw];
        s.pStart[d] = num(k + 1, `${kw} Pstart`); s.pStop[d] = num(k + 2, `${kw} Pstop`); s.pPeriod[d] = num(k + 3, `${kw} Pdamp`);
        s.pFlag[d] = true; s.deviatoric = true;
        if (kw === 'yz') s.scale.yz = false;
        if (kw === 'xz') s.scale.xz = false;
        if (kw === 'xy') s.scale.xy = false;
        k += 4;
      } else if (kw === 'couple') {
        const c = args[k + 1];
        if (c !== 'xyz' && c !== 'xy' && c !== 'yz' && c !== 'xz' && c !== 'none') throw bad('couple xyz, xy, yz, xz or none', String(c ?? 'end of line'));
        s.couple = c; k += 2;
      } else if (kw === 'drag') {
        s.drag = num(k + 1, 'drag');
        if (s.drag < 0) throw bad('drag >= 0', String(args[k + 1]));
        k += 2;
      } else if (kw === 'ptemp') {
        s.pTemp = num(k + 1, 'ptemp');
        if (s.pTemp <= 0) throw bad('ptemp > 0', String(args[k + 1]));
        k += 2;
      } else if (kw === 'dilate') {
        if (args[k + 1] !== 'all') throw bad("dilate all (dilate partial, a group, is not supported)", String(args[k + 1] ?? 'end of line'));
        k += 2;
      } else if (kw === 'tchain' || kw === 'pchain' || kw === 'tloop' || kw === 'ploop' || kw === 'nreset') {
        const v = int(k + 1, kw);
        if (kw === 'tchain' ? v < 1 : v < 0) throw bad(`${kw} ${kw === 'tchain' ? '>= 1' : '>= 0'}`, String(args[k + 1]));
        if (kw === 'tchain') s.mtchain = v;
        else if (kw === 'pchain') s.mpchain = v;
        else if (kw === 'tloop') s.ncTchain = v;
        else if (kw === 'ploop') s.ncPchain = v;
        else s.nreset = v;
        k += 2;
      } else if (kw === 'mtk') { s.mtk = yesNo(k + 1, kw); k += 2; }
      else if (kw === 'scalexy' || kw === 'scalexz' || kw === 'scaleyz') { s.scale[kw.slice(5) as 'xy' | 'xz' | 'yz'] = yesNo(k + 1, kw); k += 2; }
      else if (kw === 'flip') { s.flip = yesNo(k + 1, kw); k += 2; }
      else if (kw === 'fixedpoint') {
        need(k, 4, 'fixedpoint x y z');
        for (let d = 0; d < 3; d++) s.fixedPoint[d] = num(k + 1 + d, 'fixedpoint');
        k += 4;
      } else {
        throw bad('a keyword temp, iso, aniso, tri, x, y, z, xy, xz, yz, couple, drag, ptemp, dilate, tchain, pchain, mtk, tloop, ploop, nreset, scalexy, scalexz, scaleyz, flip or fixedpoint', kw);
      }
    }
    const pf = s.pFlag, pstat = pf.some((f) => f);
    const err = (what: string, expected: string, found: string) => inputError(where.file, where.line, what, expected, found);
    if (style === 'nvt' && !s.tstat) throw err('Temperature control must be used with fix nvt', 'temp Tstart Tstop Tdamp', args.join(' ') || 'no keywords');
    if (style === 'nvt' && pstat) throw err('Pressure control can not be used with fix nvt', 'no iso/aniso/tri/x/y/z/xy/xz/yz keywords', args.join(' '));
    if (style === 'npt' && !s.tstat) throw err('Temperature control must be used with fix npt', 'temp Tstart Tstop Tdamp', args.join(' ') || 'no keywords');
    if (style === 'nph' && s.tstat) throw err('Temperature control can not be used with fix nph', 'no temp keyword', args.join(' '));
    if ((style === 'npt' || style === 'nph') && !pstat) throw err(`Pressure control must be used with fix ${style}`, 'iso, aniso, tri or x/y/z/xy/xz/yz Pstart Pstop Pdamp', args.join(' ') || 'no keywords');
    const settings = 'Invalid fix nvt/npt/nph command pressure settings';
    if (s.couple === 'xyz' && (!pf[0] || !pf[1] || !pf[2])) throw err(settings, 'x, y and z barostatted with couple xyz', args.join(' '));
    if (s.couple === 'xy' && (!pf[0] || !pf[1])) throw err(settings, 'x and y barostatted with couple xy', args.join(' '));
    if (s.couple === 'yz' && (!pf[1] || !pf[2])) throw err(settings, 'y and z barostatted with couple yz', args.join(' '));
    if (s.couple === 'xz' && (!pf[0] || !pf[2])) throw err(settings, 'x and z barostatted with couple xz', args.join(' '));
    const dims = ['x', 'y', 'z'];
    for (let d = 0; d < 3; d++) if (pf[d] && !box.periodic[d]) throw err('Cannot use fix nvt/npt/nph on a non-periodic dimension', `a periodic ${dims[d]} boundary`, `non-periodic ${dims[d]}`);
    if ((pf[3] || pf[4]) && !box.periodic[2]) throw err('Cannot use fix nvt/npt/nph on a 2nd non-periodic dimension', 'a periodic z boundary', 'non-periodic z');
    if (pf[5] && !box.periodic[1]) throw err('Cannot use fix nvt/npt/nph on a 2nd non-periodic dimension', 'a periodic y boundary', 'non-periodic y');
    if (pf[3] && s.scale.yz) throw err('Cannot use fix nvt/npt/nph with both yz dynamics and yz scaling', 'scaleyz no with yz', 'scaleyz yes');
    if (pf[4] && s.scale.xz) throw err('Cannot use fix nvt/npt/nph with both xz dynamics and xz scaling', 'scalexz no with xz', 'scalexz yes');
    if (pf[5] && s.scale.xy) throw err('Cannot use fix nvt/npt/nph with both xy dynamics and xy scaling', 'scalexy no with xy', 'scalexy yes');
    if (!box.triclinic && (pf[3] || pf[4] || pf[5])) throw err('Can not specify Pxy/Pxz/Pyz in fix nvt/npt/nph with non-triclinic box', 'a triclinic box (region prism) for tri/xy/xz/yz', 'an orthogonal box');
    const same = (a: number, b: number) => s.pStart[a] === s.pStart[b] && s.pStop[a] === s.pStop[b] && s.pPeriod[a] === s.pPeriod[b];
    const pairs: Record<string, [number, number][]> = { xyz: [[0, 1], [0, 2]], xy: [[0, 1]], yz: [[1, 2]], xz: [[0, 2]], none: [] };
    for (const [a, b] of pairs[s.couple]) if (!same(a, b)) throw err('Invalid fix nvt/npt/nph pressure settings', `equal Pstart, Pstop and Pdamp for the coupled components (couple ${s.couple})`, `${dims[a]}: ${s.pStart[a]} ${s.pStop[a]} ${s.pPeriod[a]}, ${dims[b]}: ${s.pStart[b]} ${s.pStop[b]} ${s.pPeriod[b]}`);
    if (s.tstat && s.tPeriod <= 0) throw err('Fix nvt/npt/nph damping parameters must be > 0.0', 'Tdamp > 0', String(s.tPeriod));
    for (let d = 0; d < 6; d++) if (pf[d] && s.pPeriod[d] <= 0) throw err('Fix nvt/npt/nph damping parameters must be > 0.0', 'Pdamp > 0', String(s.pPeriod[d]));
    if (engine.kspace && pstat) throw err(`Fix ${style} with a barostat`, 'no kspace style (not supported with a changing box)', 'kspace_style ewald');
    return new FixNH(id, style, mask, s);
  };
}

export const createFixNvt = createFixNH('nvt');
export const createFixNpt = createFixNH('npt');
export const createFixNph = createFixNH('nph');
