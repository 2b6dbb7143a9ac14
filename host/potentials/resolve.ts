// Finds a potential file the way LAMMPS does (as given, then in $LAMMPS_POTENTIALS), and finally in the
// potentials/ folder shipped with ectmd, and reads it; a missing file is an error naming the input line.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputError } from '../errors.js';
import type { Where } from '../lammps/where.js';

const packageRoot = [join(dirname(fileURLToPath(import.meta.url)), '..', '..'), join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')]
  .find((d) => existsSync(join(d, 'package.json'))) ?? process.cwd();

export function resolvePotentialPath(name: string, where: Where, what: string): string {
  const tried = [name];
  const env = process.env.LAMMPS_POTENTIALS;
  if (env) tried.push(join(env, basename(name)));
  tried.push(join(packageRoot, 'potentials', basename(name)), join(packageRoot, 'potentials', 'eam', basename(name)), join(packageRoot, 'potentials', 'ect', basename(name)));
  for (const p of tried) if (existsSync(p) && statSync(p).isFile()) return p;
  throw inputError(where.file, where.line, `Cannot open ${what} ${name}`, 'an existing file', `none at ${tried.join(', ')}`);
}

export function readPotentialFile(name: string, where: Where, what: string): { path: string; text: string } {
  const path = resolvePotentialPath(name, where, what);
  return { path, text: readFileSync(path, 'utf8') };
}
