// fix temp/berendsen (LAMMPS src/fix_temp_berendsen.cpp; Berendsen et al., J. Chem. Phys. 81, 3684 (1984)): at the end
// of every step the group's velocities are scaled by λ = sqrt(1 + dt/damp·(T_target/T − 1)); f_ID is the cumulative
// energy removed from the atoms, eV.

import { EctmdError, inputError, parseFiniteFloat } from '../errors.js';
import type { Engine } from '../engine/engine.js';
import type { Where } from '../lammps/where.js';
import { METAL } from '../system/units.js';
import { groupCount, groupTemperature } from '../compute/temperature.js';
import type { Fix, FixFactory } from './fix.js';

export class FixTempBerendsen implements Fix {
  readonly style = 'temp/berendsen';
  readonly extensiveScalar = true;
  /** energy taken out of the atoms so far (LAMMPS `energy`), eV */
  private energy = 0;

  constructor(readonly id: string, readonly mask: Uint8Array | null, private readonly tStart: number, private readonly tStop: number,
    private readonly damp: number) {}

  endOfStep(e: Engine): void {
    const atoms = e.atoms, mask = this.mask;
    const tCurrent = groupTemperature(atoms, mask);
    const tdof = 3 * groupCount(atoms, mask) - 3;
    if (tdof < 1) return;
    if (tCurrent === 0) throw new EctmdError(`Computed temperature for fix temp/berendsen cannot be 0.0 (fix ${this.id}, step ${e.step})`);
    const tTarget = this.tStart + e.runFraction() * (this.tStop - this.tStart);
    const lamda = Math.sqrt(1.0 + e.dt / this.damp * (tTarget / tCurrent - 1.0));
    const efactor = 0.5 * METAL.boltz * tdof;
    this.energy += tCurrent * (1.0 - lamda * lamda) * efactor;
    const v = atoms.v;
    for (let i = 0; i < atoms.n; i++) {
      if (mask && !mask[i]) continue;
      v[3 * i] *= lamda; v[3 * i + 1] *= lamda; v[3 * i + 2] *= lamda;
    }
  }

  computeScalar(): number { return this.energy; }

  writeState(): Float64Array { return Float64Array.from([this.energy]); }

  readState(state: Float64Array, where: Where): void {
    if (state.length !== 1) throw inputError(where.file, where.line, `Restart state of fix temp/berendsen ${this.id} is malformed`, '1 value (the energy removed)', `${state.length} values`);
    this.energy = state[0];
  }
}

/** `fix ID GROUP temp/berendsen Tstart Tstop damp` */
export const createFixTempBerendsen: FixFactory = (id, mask, args, { where }) => {
  const bad = (expected: string, found: string) => inputError(where.file, where.line, 'Illegal fix temp/berendsen command', expected, found);
  if (args.length !== 3) throw bad('fix ID GROUP temp/berendsen Tstart Tstop damp', args.join(' ') || 'no arguments');
  const num = (k: number, what: string) => parseFiniteFloat(args[k], where.file, where.line, `fix temp/berendsen ${what}`);
  const tStart = num(0, 'Tstart'), tStop = num(1, 'Tstop'), damp = num(2, 'damp');
  if (tStart < 0 || tStop < 0) throw bad('Tstart >= 0 and Tstop >= 0', `${args[0]} ${args[1]}`);
  if (!(damp > 0)) throw inputError(where.file, where.line, 'Fix temp/berendsen period must be > 0.0', 'damp > 0', args[2]);
  return new FixTempBerendsen(id, mask, tStart, tStop, damp);
};
