// pair_style eam/alloy (setfl) and eam/fs (Finnis–Sinclair): one multi-element file mapped onto types by
// `pair_coeff * * FILE El1 … ElN` with NULL for types the style does not treat.

import type { Atoms } from '../system/atoms.js';
import type { Where } from '../lammps/where.js';
import { EamPair } from './eam-common.js';
import { readFs, readSetfl } from '../potentials/eam-files.js';
import { buildSetflTables } from '../potentials/eam-tables.js';
import { readPotentialFile } from '../potentials/resolve.js';
import { EctmdError, inputError } from '../errors.js';

abstract class SetflPair extends EamPair {
  protected abstract read(text: string, path: string): ReturnType<typeof readSetfl>;

  coeff(args: string[], where: Where, atoms: Atoms): void {
    const nt = atoms.ntypes;
    if (args.length !== 3 + nt) {
      throw inputError(where.file, where.line, 'Incorrect args for pair coefficients', `'* * file' and ${nt} element names (one per type)`, `'${args.join(' ')}'`);
    }
    if (args[0] !== '*' || args[1] !== '*') {
      throw inputError(where.file, where.line, 'Incorrect args for pair coefficients', "'* *'", `'${args[0]} ${args[1]}'`);
    }
    const { path, text } = readPotentialFile(args[2], where, 'EAM potential file');
    const file = this.read(text, path);
    const map = new Int32Array(nt + 1).fill(-1);
    for (let t = 1; t <= nt; t++) {
      const el = args[2 + t];
      if (el === 'NULL') continue;
      const e = file.elements.indexOf(el);
      if (e < 0) {
        throw new EctmdError(`${where.file}:${where.line}: No matching element in EAM potential file: '${el}' is not among ${file.elements.join(' ')} in ${path}`, where.file, where.line);
      }
      map[t] = e;
    }
    this.tables = buildSetflTables(file, map, nt);
    this.setMasses(atoms, this.tables);
  }
}

export class PairEamAlloy extends SetflPair {
  readonly name = 'eam/alloy';
  protected read(text: string, path: string) { return readSetfl(text, path); }
}

export class PairEamFs extends SetflPair {
  readonly name = 'eam/fs';
  protected read(text: string, path: string) { return readFs(text, path); }
}
