// pair_style eam: DYNAMO funcfl files, one per type via `pair_coeff i i FILE`; cross terms mixed as LAMMPS
// (z2r = 27.2·0.529·Zi·Zj). Reader: host/potentials/eam-files.ts; tables: host/potentials/eam-tables.ts.

import type { Atoms } from '../system/atoms.js';
import type { Where } from '../lammps/where.js';
import { EamPair } from './eam-common.js';
import { readFuncfl, type FuncflFile } from '../potentials/eam-files.js';
import { buildFuncflTables } from '../potentials/eam-tables.js';
import { readPotentialFile } from '../potentials/resolve.js';
import { typeBounds } from '../lammps/bounds.js';
import { EctmdError } from '../errors.js';

export class PairEam extends EamPair {
  readonly name = 'eam';
  private files: FuncflFile[] = [];
  private typeToFile = new Int32Array(0);

  coeff(args: string[], where: Where, atoms: Atoms): void {
    if (args.length !== 3) {
      throw new EctmdError(`${where.file}:${where.line}: Incorrect args for pair coefficients: expected 'pair_coeff I J file', found '${args.join(' ')}'`, where.file, where.line);
    }
    const nt = atoms.ntypes;
    if (this.typeToFile.length !== nt + 1) this.typeToFile = new Int32Array(nt + 1).fill(-1);
    const [ilo, ihi] = typeBounds(args[0], nt, where);
    const [jlo, jhi] = typeBounds(args[1], nt, where);
    const { path, text } = readPotentialFile(args[2], where, 'EAM potential file');
    const file = readFuncfl(text, path);
    this.files.push(file);
    let count = 0;
    for (let i = ilo; i <= ihi; i++) {
      for (let j = Math.max(jlo, i); j <= jhi; j++) {
        if (i === j) { this.typeToFile[i] = this.files.length - 1; count++; }
      }
    }
    if (count === 0) {
      throw new EctmdError(`${where.file}:${where.line}: Incorrect args for pair coefficients: pair_style eam takes only I I (same type), found '${args[0]} ${args[1]}'`, where.file, where.line);
    }
    this.tables = buildFuncflTables(this.files, this.typeToFile, nt);
    for (let i = ilo; i <= ihi; i++) {
      if (i >= jlo && i <= jhi) { atoms.mass[i] = file.mass; atoms.massSet[i] = 1; }
    }
  }
}
