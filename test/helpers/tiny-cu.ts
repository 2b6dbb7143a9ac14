// A four-atom fcc Cu cell in an in-process interpreter (scalar kernel, no log, no screen), lines 1–6 of 'in.deck':
// the smallest state the output and restart writers accept, for tests that then set a value no command can make.

import { Interpreter } from '../../host/lammps/interpreter.js';

export function tinyCuDeck(): Interpreter {
  const it = new Interpreter({ kernel: 'scalar', logPath: null, screen: false });
  ['units metal', 'lattice fcc 3.615', 'region b block 0 1 0 1 0 1', 'create_box 1 b', 'create_atoms 1 box', 'mass 1 63.5']
    .forEach((l, i) => it.line(l, { file: 'in.deck', line: i + 1 }));
  return it;
}
