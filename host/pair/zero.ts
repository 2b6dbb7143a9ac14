// pair_style zero CUTOFF [nocoeff]: no energy, no force; it only sets coefficients for type pairs (used
// under hybrid to give types mapped to NULL a style) and widens the neighbour cutoff, as LAMMPS pair_zero.

import type { Atoms } from '../system/atoms.js';
import type { Where } from '../lammps/where.js';
import type { PairEnergy, PairStyle } from './pair.js';
import { inputError, parseFiniteFloat } from '../errors.js';
import { typeBounds } from '../lammps/bounds.js';

export class PairZero implements PairStyle {
  readonly name = 'zero';
  private cut = 0;
  private nocoeff = false;
  private set = new Set<string>();

  settings(args: string[], where: Where): void {
    if (args.length < 1 || args.length > 2 || (args.length === 2 && args[1] !== 'nocoeff')) {
      throw inputError(where.file, where.line, 'Illegal pair_style zero command', 'CUTOFF [nocoeff]', args.join(' ') || 'nothing');
    }
    this.cut = parseFiniteFloat(args[0], where.file, where.line, 'pair_style zero cutoff');
    this.nocoeff = args.length === 2;
  }

  coeff(args: string[], where: Where, atoms: Atoms): void {
    if (args.length < 2 || (args.length > 3 && !this.nocoeff)) {
      throw inputError(where.file, where.line, 'Incorrect args for pair coefficients', 'I J [cutoff]', args.join(' '));
    }
    if (args.length === 3) parseFiniteFloat(args[2], where.file, where.line, 'pair_coeff zero cutoff');
    const [ilo, ihi] = typeBounds(args[0], atoms.ntypes, where);
    const [jlo, jhi] = typeBounds(args[1], atoms.ntypes, where);
    for (let i = ilo; i <= ihi; i++) for (let j = Math.max(jlo, i); j <= jhi; j++) this.set.add(`${i},${j}`);
  }

  covers(i: number, j: number): boolean { return this.set.has(`${Math.min(i, j)},${Math.max(i, j)}`); }
  init(): number { return this.cut; }
  attach(): void { /* no tables */ }
  compute(): PairEnergy { return { evdwl: 0, ecoul: 0 }; }
}
