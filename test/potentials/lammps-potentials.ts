// The EAM files shipped with LAMMPS (/usr/share/lammps/potentials, or $LAMMPS_POTENTIALS), read for tests;
// tests that need them skip with one console message when they are not installed.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIRS = [process.env.LAMMPS_POTENTIALS, '/usr/share/lammps/potentials'].filter((d): d is string => d !== undefined);
const NEEDED = ['Cu_u3.eam', 'Ni_u3.eam', 'CuNi.eam.alloy', 'CuZr_mm.eam.fs', 'NiAlH_jea.eam.fs'];

/** Directory holding all the potentials these tests read, or null after one console warning. */
export const potentialDir: string | null = (() => {
  const dir = DIRS.find((d) => NEEDED.every((f) => existsSync(join(d, f))));
  if (dir === undefined) console.warn(`LAMMPS potential files (${NEEDED.join(', ')}) not found in ${DIRS.join(', ')}: skipping tests that read them`);
  return dir ?? null;
})();

export function potential(name: string): { path: string; text: string } {
  if (potentialDir === null) throw new Error('potential files are not installed: the test should have been skipped');
  const path = join(potentialDir, name);
  return { path, text: readFileSync(path, 'utf8') };
}
