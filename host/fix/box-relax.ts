// fix box/relax (LAMMPS src/fix_box_relax.cpp, iso and aniso): during `minimize` the box lengths become extra
// degrees of freedom s_k = L_k / L_k(start) with energy E + P_target·(V − V0) and force (P_virial − P_target)·∂V/∂s_k,
// so the minimiser relaxes the cell to the target pressure; atoms are dilated with the box about a fixed point.

import { EctmdError, inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import type { Engine } from '../engine/engine.js';
import type { Vec3 } from '../system/box.js';
import { METAL } from '../system/units.js';
import type { Fix, FixFactory } from './fix.js';

export class FixBoxRelax implements Fix {
  readonly style = 'box/relax';
  /** the minimiser's extra degrees of freedom follow the pressure at every evaluation */
  readonly needsVirial = true;
  /** iso: one dof for all three lengths; aniso: one per length */
  readonly iso: boolean;
  readonly pTarget: number;
  /** largest fractional change of a box length in one line-search step */
  readonly vmax: number;
  /** point that stays put when the box dilates (default: box centre when the fix is defined) */
  readonly fixedPoint: Vec3;
  /** scale a tilt factor with the length it leans over (LAMMPS scalexy/scalexz/scaleyz, on for nonzero tilts) */
  private readonly scaleTilt: { xy: boolean; xz: boolean; yz: boolean };
  private lengthInit: Vec3 = [1, 1, 1];
  private vol0 = 0;
  private h0: number[] = [];
  private lo0: Vec3 = [0, 0, 0];
  private hi0: Vec3 = [0, 0, 0];

  constructor(readonly id: string, readonly mask: Uint8Array | null, opts: { iso: boolean; pTarget: number; vmax: number; fixedPoint: Vec3; scaleTilt: FixBoxRelax['scaleTilt'] }) {
    this.iso = opts.iso;
    this.pTarget = opts.pTarget;
    this.vmax = opts.vmax;
    this.fixedPoint = opts.fixedPoint;
    this.scaleTilt = opts.scaleTilt;
  }

  minDof(): number { return this.iso ? 1 : 3; }

  minInit(e: Engine): void {
    const box = e.box!;
    this.lengthInit = [box.lx, box.ly, box.lz];
    this.vol0 = box.lx * box.ly * box.lz;
    this.h0 = box.h();
  }

  /** Virial pressure (no kinetic part; LAMMPS's `compute pressure ... virial`), scalar or diagonal, bar. */
  private pressureCurrent(e: Engine): Vec3 {
    const vol = e.volume(), v = e.currentVirial();
    if (this.iso) {
      const p = (v[0] + v[1] + v[2]) / 3 / vol * METAL.nktv2p;
      if (!Number.isFinite(p)) throw new EctmdError('Non-numeric pressure - simulation unstable');
      return [p, p, p];
    }
    const p: Vec3 = [v[0] / vol * METAL.nktv2p, v[1] / vol * METAL.nktv2p, v[2] / vol * METAL.nktv2p];
    if (!p.every(Number.isFinite)) throw new EctmdError('Non-numeric pressure - simulation unstable');
    return p;
  }

  minEnergy(e: Engine, fextra: Float64Array): number {
    const box = e.box!, pv2e = 1 / METAL.nktv2p, pc = this.pressureCurrent(e), pt = this.pTarget;
    if (this.iso) {
      const scale = box.lx / this.lengthInit[0];
      fextra[0] = pv2e * (pc[0] - pt) * 3 * scale * scale * this.vol0;
      return pv2e * pt * (scale * scale * scale - 1) * this.vol0;
    }
    const sx = box.lx / this.lengthInit[0], sy = box.ly / this.lengthInit[1], sz = box.lz / this.lengthInit[2];
    fextra[0] = pv2e * (pc[0] - pt) * sy * sz * this.vol0;
    fextra[1] = pv2e * (pc[1] - pt) * sx * sz * this.vol0;
    fextra[2] = pv2e * (pc[2] - pt) * sx * sy * this.vol0;
    return pv2e * pt * (sx * sy * sz - 1) * this.vol0;
  }

  minStore(e: Engine): void {
    const box = e.box!;
    this.lo0 = [...box.lo] as Vec3;
    this.hi0 = [...box.hi] as Vec3;
  }

  maxAlpha(hextra: Float64Array): number {
    if (this.iso) return this.vmax / Math.abs(hextra[0]);
    let alpha = 1;
    for (let k = 0; k < 3; k++) alpha = Math.min(alpha, this.vmax / Math.abs(hextra[k]));
    return alpha;
  }

  /** Box lengths = start + alpha·hextra·(initial lengths), about the fixed point; atoms follow in fractional coordinates. */
  minStep(e: Engine, alpha: number, hextra: Float64Array): void {
    const box = e.box!, atoms = e.atoms, x = atoms.x, n = atoms.n;
    const ds = this.iso ? [alpha * hextra[0], alpha * hextra[0], alpha * hextra[0]] : [alpha * hextra[0], alpha * hextra[1], alpha * hextra[2]];
    const lam = new Float64Array(3 * n), p = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      box.toLamda(x[3 * i], x[3 * i + 1], x[3 * i + 2], p);
      lam[3 * i] = p[0]; lam[3 * i + 1] = p[1]; lam[3 * i + 2] = p[2];
    }
    const h = box.h(), fp = this.fixedPoint;
    for (let k = 0; k < 3; k++) {
      box.lo[k] = this.lo0[k] + (this.lo0[k] - fp[k]) / h[k] * ds[k] * this.h0[k];
      box.hi[k] = this.hi0[k] + (this.hi0[k] - fp[k]) / h[k] * ds[k] * this.h0[k];
      if (box.lo[k] >= box.hi[k]) throw new EctmdError(`Fix box/relax generated negative box length (fix ${this.id})`);
    }
    if (this.scaleTilt.yz) box.yz = box.lz * this.h0[3] / this.h0[2];
    if (this.scaleTilt.xz) box.xz = box.lz * this.h0[4] / this.h0[2];
    if (this.scaleTilt.xy) box.xy = box.ly * this.h0[5] / this.h0[1];
    for (let i = 0; i < n; i++) {
      box.fromLamda(lam[3 * i], lam[3 * i + 1], lam[3 * i + 2], p);
      x[3 * i] = p[0]; x[3 * i + 1] = p[1]; x[3 * i + 2] = p[2];
    }
    e.neighbor.followBox(box);
  }
}

/** `fix ID GROUP box/relax iso|aniso P [vmax V] [nreset N] [dilate all] [fixedpoint x y z]` */
export const createFixBoxRelax: FixFactory = (id, mask, args, { engine, where }) => {
  const box = engine.requireBox(where, 'Fix box/relax');
  const bad = (expected: string, found: string) => inputError(where.file, where.line, 'Illegal fix box/relax command', expected, found);
  const num = (k: number, what: string) => parseFiniteFloat(args[k], where.file, where.line, `fix box/relax ${what}`);
  let iso: boolean | null = null, pTarget = 0, vmax = 0.0001;
  const fixedPoint: Vec3 = [0.5 * (box.lo[0] + box.hi[0]), 0.5 * (box.lo[1] + box.hi[1]), 0.5 * (box.lo[2] + box.hi[2])];
  for (let k = 0; k < args.length;) {
    const kw = args[k];
    if (kw === 'iso' || kw === 'aniso') {
      if (iso !== null) throw bad('one of iso or aniso', `${iso ? 'iso' : 'aniso'} and ${kw}`);
      iso = kw === 'iso'; pTarget = num(k + 1, `${kw} Ptarget`); k += 2;
    } else if (kw === 'vmax') {
      vmax = num(k + 1, 'vmax');
      if (!(vmax > 0)) throw bad('vmax > 0', String(args[k + 1]));
      k += 2;
    } else if (kw === 'nreset') {
      // nreset resets the reference cell of a deviatoric target stress; iso and aniso targets have none
      if (parseInteger(args[k + 1], where.file, where.line, 'fix box/relax nreset') < 0) throw bad('nreset >= 0', String(args[k + 1]));
      k += 2;
    } else if (kw === 'dilate') {
      if (args[k + 1] !== 'all') throw bad("dilate all (partial is not supported)", String(args[k + 1]));
      k += 2;
    } else if (kw === 'fixedpoint') {
      for (let d = 0; d < 3; d++) fixedPoint[d] = num(k + 1 + d, 'fixedpoint');
      k += 4;
    } else throw bad('iso P, aniso P, vmax V, nreset N, dilate all or fixedpoint x y z', kw);
  }
  if (iso === null) throw bad('iso P or aniso P (the supported couplings)', args.join(' ') || 'no arguments');
  const scaleTilt = { xy: box.triclinic && box.xy !== 0, xz: box.triclinic && box.xz !== 0, yz: box.triclinic && box.yz !== 0 };
  return new FixBoxRelax(id, mask, { iso, pTarget, vmax, fixedPoint, scaleTilt });
};
