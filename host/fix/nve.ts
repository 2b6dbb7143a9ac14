// fix nve: velocity-Verlet (LAMMPS fix_nve.cpp): v += dtf·f/m, x += dtv·v before the force call; v += dtf·f/m after.
// The half steps run in the kernel (assembly/integrate.ts) on the atoms' vectors in its memory, each worker of a team
// taking an even slice of the atoms.

import { inputError } from '../errors.js';
import type { Engine } from '../engine/engine.js';
import { METAL } from '../system/units.js';
import { Cmd } from '../parallel/control.js';
import { runSliced } from '../parallel/shared.js';
import type { Fix, FixFactory } from './fix.js';

export class FixNve implements Fix {
  readonly style = 'nve';
  /** dtf/m per atom type, refreshed at every half step (dt and masses may change between runs) */
  private dtfm = new Float64Array(0);

  constructor(readonly id: string, readonly mask: Uint8Array | null, e: Engine) {
    if (mask) e.neighbor.atomBuffers.set(this.maskBuffer(), 1);
  }

  initialIntegrate(e: Engine): void { this.halfStep(e, Cmd.NveInitial); }

  finalIntegrate(e: Engine): void { this.halfStep(e, Cmd.NveFinal); }

  /** The kernel buffer of the group mask, a byte per atom (an atom buffer, so every neighbour build sizes it). */
  private maskBuffer(): string { return `nve:${this.id}`; }

  /** nve_initial or nve_final over the owned atoms, each rank of a team a slice; dtfm goes to the head of rank 0's
   *  scratch (free between force passes; 1001 types at most fill 8,008 of its 8,192 bytes). */
  private halfStep(e: Engine, cmd: Cmd.NveInitial | Cmd.NveFinal): void {
    const a = e.arena, n = e.atoms.n, dtfm = this.dtfmByType(e);
    a.f64('scratch', dtfm.length).set(dtfm);
    let mask = 0;
    if (this.mask) {
      mask = a.ptr(this.maskBuffer());
      a.kernel.u8(mask, n).set(this.mask.subarray(0, n));
    }
    runSliced(e.team, e.kernel.k, cmd, [a.ptr('x'), a.ptr('v'), a.ptr('f'), a.ptr('type'), a.ptr('scratch'), mask, e.dt, n]);
  }

  /** dtf/m per atom type (LAMMPS's dtfm = dtf / mass[type[i]], the same division once per type instead of per atom). */
  private dtfmByType(e: Engine): Float64Array {
    const { mass, ntypes } = e.atoms;
    const dtf = 0.5 * e.dt * METAL.ftm2v;
    if (this.dtfm.length !== ntypes + 1) this.dtfm = new Float64Array(ntypes + 1);
    for (let t = 1; t <= ntypes; t++) this.dtfm[t] = dtf / mass[t];
    return this.dtfm;
  }
}

export const createFixNve: FixFactory = (id, mask, args, { where, engine }) => {
  if (args.length !== 0) throw inputError(where.file, where.line, 'Illegal fix nve command', 'no arguments after nve', args.join(' '));
  return new FixNve(id, mask, engine);
};
