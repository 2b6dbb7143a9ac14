// Thermodynamic output as LAMMPS 29Sep2021 thermo.cpp prints it: a header of column names, then one row per
// output step ("%8d" integers, "%12.8g" floats by default, each followed by a space), with thermo_modify
// norm and format.

import type { Where } from '../lammps/where.js';
import { EctmdError, inputError } from '../errors.js';
import { checkFormat, sprintf } from './format.js';

const HEADER: Record<string, string> = {
  step: 'Step', elapsed: 'Elapsed', temp: 'Temp', press: 'Press', pe: 'PotEng', ke: 'KinEng', etotal: 'TotEng',
  evdwl: 'E_vdwl', ecoul: 'E_coul', epair: 'E_pair', emol: 'E_mol', elong: 'E_long', vol: 'Volume',
  lx: 'Lx', ly: 'Ly', lz: 'Lz', xlo: 'Xlo', xhi: 'Xhi', ylo: 'Ylo', yhi: 'Yhi', zlo: 'Zlo', zhi: 'Zhi',
  xy: 'Xy', xz: 'Xz', yz: 'Yz', pxx: 'Pxx', pyy: 'Pyy', pzz: 'Pzz', pxy: 'Pxy', pxz: 'Pxz', pyz: 'Pyz',
  atoms: 'Atoms', cpu: 'CPU', spcpu: 'S/CPU', density: 'Density', enthalpy: 'Enthalpy', dt: 'Dt', time: 'Time',
};

/** Keywords whose values are integers. */
const INTEGER = new Set(['step', 'elapsed', 'atoms']);
/** Extensive keywords divided by the atom count under `thermo_modify norm yes`. */
export const EXTENSIVE = new Set(['pe', 'ke', 'etotal', 'evdwl', 'ecoul', 'epair', 'emol', 'elong', 'enthalpy']);

export function isThermoKeyword(k: string): boolean {
  return k in HEADER;
}

export class ThermoStyle {
  keywords: string[] = ['step', 'temp', 'epair', 'emol', 'etotal', 'press'];
  every = 0;
  norm = false;
  formatFloat = '%12.8g';
  formatInt = '%8d';
  formatLine: string[] | null = null;
  formatColumn = new Map<number, string>();

  style(args: string[], where: Where): void {
    if (args[0] === 'one') { this.keywords = ['step', 'temp', 'epair', 'emol', 'etotal', 'press']; return; }
    if (args[0] !== 'custom' || args.length < 2) {
      throw inputError(where.file, where.line, 'Illegal thermo_style command', "'one' or 'custom KEYWORD ...'", args.join(' ') || 'nothing');
    }
    for (const k of args.slice(1)) {
      if (!isThermoKeyword(k) && !/^(c_|v_|f_)/.test(k)) {
        throw inputError(where.file, where.line, 'Unknown keyword in thermo_style custom command', 'a thermo keyword, c_ID, c_ID[N] or v_name', k);
      }
    }
    this.keywords = args.slice(1);
    this.formatColumn.clear();
    this.formatLine = null;
  }

  modify(args: string[], where: Where): void {
    for (let i = 0; i < args.length;) {
      const k = args[i];
      if (k === 'norm') { this.norm = yesNo(args[i + 1], where, 'thermo_modify norm'); i += 2; }
      else if (k === 'flush' || k === 'lost' || k === 'lost/bond' || k === 'warn' || k === 'line') {
        if (k === 'lost' && args[i + 1] !== 'error') throw inputError(where.file, where.line, 'thermo_modify lost', "'error' (atoms can never be lost silently)", String(args[i + 1]));
        if (k === 'line' && args[i + 1] !== 'one') throw inputError(where.file, where.line, 'thermo_modify line', "'one'", String(args[i + 1]));
        i += 2;
      } else if (k === 'format') {
        const what = args[i + 1], fmt = args[i + 2];
        if (fmt === undefined) throw inputError(where.file, where.line, 'Illegal thermo_modify format', 'format float|int|line|N STRING', args.slice(i).join(' '));
        if (what === 'float') { checkFormat(fmt, 'float', where, 'thermo_modify format'); this.formatFloat = fmt; }
        else if (what === 'int') { checkFormat(fmt, 'int', where, 'thermo_modify format'); this.formatInt = fmt; }
        else if (what === 'line') { this.formatLine = fmt.trim().split(/\s+/); for (const f of this.formatLine) checkFormat(f, 'any', where, 'thermo_modify format line'); }
        else if (/^\d+$/.test(what)) { checkFormat(fmt, 'any', where, 'thermo_modify format N'); this.formatColumn.set(Number(what), fmt); }
        else throw inputError(where.file, where.line, 'Illegal thermo_modify format', 'float, int, line or a column number', what);
        i += 3;
      } else throw inputError(where.file, where.line, 'Illegal thermo_modify command', 'norm, format, flush, lost, line', k);
    }
  }

  header(): string {
    return this.keywords.map((k) => HEADER[k] ?? k).join(' ') + ' ';
  }

  /** One row; `extensive` says which c_/f_ references are extensive (divided by the atom count under norm yes). */
  row(value: (k: string) => number, natoms: number, extensive: (k: string) => boolean = () => false): string {
    let s = '';
    this.keywords.forEach((k, c) => {
      let v = value(k);
      // LAMMPS prints nan or inf and goes on; ectmd stops (the run line is added by the interpreter)
      if (!Number.isFinite(v)) throw new EctmdError(`Non-finite thermo output at step ${value('step')}: expected a finite ${HEADER[k] ?? k}, found ${v}`);
      if (this.norm && (EXTENSIVE.has(k) || extensive(k)) && natoms > 0) v /= natoms;
      const isInt = INTEGER.has(k);
      const fmt = this.formatColumn.get(c + 1) ?? this.formatLine?.[c] ?? (isInt ? this.formatInt : this.formatFloat);
      s += sprintf(fmt, v) + ' ';
    });
    return s;
  }
}

function yesNo(v: string | undefined, where: Where, what: string): boolean {
  if (v === 'yes') return true;
  if (v === 'no') return false;
  throw inputError(where.file, where.line, what, 'yes or no', String(v));
}
