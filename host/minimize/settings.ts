// Minimiser settings from `min_style` and `min_modify` with LAMMPS 29Sep2021 defaults (src/min.cpp Min::Min and
// Min::modify_params): line-search step limit dmax, line search style, force norm, and the FIRE 2.0 parameters.

import { inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import type { Where } from '../lammps/where.js';

export type MinStyle = 'cg' | 'fire';
export type LineStyle = 'quadratic' | 'backtrack';
export type NormStyle = 'two' | 'max' | 'inf';
export type FireIntegrator = 'eulerimplicit' | 'verlet' | 'leapfrog' | 'eulerexplicit';

export interface FireSettings {
  delaystep: number;
  dtgrow: number;
  dtshrink: number;
  alpha0: number;
  alphashrink: number;
  tmax: number;
  tmin: number;
  integrator: FireIntegrator;
  halfstepback: boolean;
  initialdelay: boolean;
  vdfmax: number;
}

export interface MinSettings {
  style: MinStyle;
  /** largest move of any coordinate in one line-search step (Å) */
  dmax: number;
  line: LineStyle;
  norm: NormStyle;
  fire: FireSettings;
}

export function defaultMinSettings(): MinSettings {
  return {
    style: 'cg', dmax: 0.1, line: 'quadratic', norm: 'two',
    fire: { delaystep: 20, dtgrow: 1.1, dtshrink: 0.5, alpha0: 0.25, alphashrink: 0.99, tmax: 10, tmin: 0.02,
      integrator: 'eulerimplicit', halfstepback: true, initialdelay: true, vdfmax: 2000 },
  };
}

const STYLES: readonly MinStyle[] = ['cg', 'fire'];

/** `min_style cg|fire` */
export function minStyleCommand(s: MinSettings, args: string[], where: Where): void {
  if (args.length !== 1 || !STYLES.includes(args[0] as MinStyle)) {
    throw inputError(where.file, where.line, 'Unrecognized min_style', STYLES.join(' or '), args.join(' ') || 'nothing');
  }
  s.style = args[0] as MinStyle;
}

/** `min_modify KEYWORD VALUE ...` */
export function minModifyCommand(s: MinSettings, args: string[], where: Where): void {
  if (args.length === 0) throw inputError(where.file, where.line, 'Illegal min_modify command', 'KEYWORD VALUE pairs', 'nothing');
  const f = s.fire;
  const choose = <T extends string>(v: string | undefined, kw: string, allowed: readonly T[]): T => {
    if (!allowed.includes(v as T)) throw inputError(where.file, where.line, `Illegal min_modify ${kw}`, allowed.join(', '), String(v));
    return v as T;
  };
  const yesNo = (v: string | undefined, kw: string): boolean => choose(v, kw, ['yes', 'no'] as const) === 'yes';
  for (let k = 0; k < args.length; k += 2) {
    const kw = args[k], v = args[k + 1];
    const num = () => parseFiniteFloat(v, where.file, where.line, `min_modify ${kw}`);
    const positive = () => {
      const x = num();
      if (!(x > 0)) throw inputError(where.file, where.line, `Illegal min_modify ${kw}`, 'a positive number', String(v));
      return x;
    };
    switch (kw) {
      case 'dmax': s.dmax = positive(); break;
      case 'line': s.line = choose(v, kw, ['quadratic', 'backtrack'] as const); break;
      case 'norm': s.norm = choose(v, kw, ['two', 'max', 'inf'] as const); break;
      case 'delaystep': f.delaystep = parseInteger(v, where.file, where.line, 'min_modify delaystep'); break;
      case 'dtgrow': f.dtgrow = num(); break;
      case 'dtshrink': f.dtshrink = num(); break;
      case 'alpha0': f.alpha0 = num(); break;
      case 'alphashrink': f.alphashrink = num(); break;
      case 'tmax': f.tmax = num(); break;
      case 'tmin': f.tmin = num(); break;
      case 'integrator': f.integrator = choose(v, kw, ['eulerimplicit', 'verlet', 'leapfrog', 'eulerexplicit'] as const); break;
      case 'halfstepback': f.halfstepback = yesNo(v, kw); break;
      case 'initialdelay': f.initialdelay = yesNo(v, kw); break;
      case 'vdfmax': f.vdfmax = parseInteger(v, where.file, where.line, 'min_modify vdfmax'); break;
      default:
        throw inputError(where.file, where.line, 'Illegal min_modify command',
          'dmax, line, norm, delaystep, dtgrow, dtshrink, alpha0, alphashrink, tmax, tmin, integrator, halfstepback, initialdelay or vdfmax', kw);
    }
  }
}
