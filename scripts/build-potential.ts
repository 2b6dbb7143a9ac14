// Builds the ECT-EAM potential files of potentials/ect/ from the Koga RHF wavefunctions in potentials/ect/data/
// (host/potentials/ect-sets.ts: state densities with exact decay and cusp, derived reference densities, cutoffs).
// Usage: node dist/scripts/build-potential.js [--data DIR] [--out DIR] [SET ...]   (sets: Cu Ni AlO; default all)

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEct, writeEct } from '../host/potentials/ect-file.js';
import { SETS, buildSet } from '../host/potentials/ect-sets.js';

const packageRoot = [join(dirname(fileURLToPath(import.meta.url)), '..'), join(dirname(fileURLToPath(import.meta.url)), '..', '..')]
  .find((d) => existsSync(join(d, 'package.json'))) ?? process.cwd();

const USAGE = `usage: node dist/scripts/build-potential.js [--data DIR] [--out DIR] [SET ...]; sets: ${Object.keys(SETS).join(' ')}`;

/** The file text of one set: a header saying how it was made, then the potential (validated by reading it back). */
export function setText(name: string, dataDir: string): string {
  const text = writeEct(buildSet(SETS[name], dataDir), [
    `ECT-EAM potential ${SETS[name].file}, written by ectmd scripts/build-potential.ts (npm run build-potential -- ${name}).`,
    'Format: docs/ect-eam-format.md. Provenance of every number: published | derived | placeholder (see potentials/ect/README.md).',
    'NOT FITTED: ion embedding, repulsion (and O embedding) are placeholders; do not use for production MD.',
  ]);
  readEct(text, SETS[name].file);
  return text;
}

function main(argv: string[]): void {
  let dataDir = join(packageRoot, 'potentials', 'ect', 'data');
  let outDir = join(packageRoot, 'potentials', 'ect');
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data' || argv[i] === '--out') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${USAGE}: expected a folder after ${argv[i - 1]}, found end of arguments`);
      if (argv[i - 1] === '--data') dataDir = resolve(v); else outDir = resolve(v);
    } else if (argv[i] in SETS) {
      names.push(argv[i]);
    } else {
      throw new Error(`${USAGE}: expected a set name or option, found ${JSON.stringify(argv[i])}`);
    }
  }
  mkdirSync(outDir, { recursive: true });
  for (const name of names.length ? names : Object.keys(SETS)) {
    const path = join(outDir, SETS[name].file);
    writeFileSync(path, setText(name, dataDir));
    process.stdout.write(`wrote ${path}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
