// The run helpers: decks and their files are staged in a fresh dir, -var reaches the deck, and a run that
// fails throws with what the program said instead of returning a partial result.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { EctmdError } from '../../host/errors.js';
import { lmpPath, runEctmd, runLammps } from '../helpers/lammps.js';

const DECK = `variable potdir index /usr/share/lammps/potentials
units metal
lattice fcc 3.615
region box block 0 2 0 2 0 2
create_box 1 box
create_atoms 1 box
pair_style eam
pair_coeff 1 1 \${potdir}/Cu_u3.eam
run 0
`;

describe.skipIf(!lmpPath())('runLammps', () => {
  test('a -var overrides the potential directory, and staged files sit beside the deck', async () => {
    const potential = readFileSync('/usr/share/lammps/potentials/Cu_u3.eam', 'utf8');
    const result = await runLammps(DECK, { 'pots/Cu_u3.eam': potential }, { vars: { potdir: 'pots' } });
    expect(result!.log).toContain('Reading eam potential file pots/Cu_u3.eam');
    expect(result!.log).toContain('Loop time of');
  });

  test('a deck LAMMPS rejects throws with LAMMPS\'s ERROR line', async () => {
    await expect(runLammps('units metal\nbogus_command 1\n', {})).rejects.toThrowError(/LAMMPS on .*in\.deck exited with code 1:\nERROR: Unknown command: bogus_command/);
  });
});

test('a deck ectmd cannot run makes runEctmd throw an EctmdError naming the deck', async () => {
  const run = runEctmd('bogus_command 1\n', {});
  await expect(run).rejects.toThrowError(EctmdError);
  await expect(run).rejects.toThrowError(/^ectmd on .*in\.deck exited with code [1-9]/);
});
