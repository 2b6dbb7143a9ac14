// Builds the ECT-EAM potential files of potentials/ect/ from the Koga RHF wavefunctions in potentials/ect/data/
// (host/potentials/ect-sets.ts: state densities with exact decay and cusp, derived reference densities, cutoffs).
// Usage: node dist/scripts/build-potential.js [--data DIR] [--out DIR] [SET ...]   (sets: Cu Ni AlO; default all)
//        node dist/scripts/build-potential.js [--data DIR] --fit SET   fits the set's free parameters (ect-fit.ts) from the
//        recipe's fixed start and prints the values for the recipe's `fit.values` (ect-sets.ts); writes no file

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEct, writeEct } from '../host/potentials/ect-file.js';
import { SETS, buildSet, parameterName } from '../host/potentials/ect-sets.js';
import { fitSet } from '../host/potentials/ect-fit.js';

const packageRoot = [join(dirname(fileURLToPath(import.meta.url)), '..'), join(dirname(fileURLToPath(import.meta.url)), '..', '..')]
  .find((d) => existsSync(join(d, 'package.json'))) ?? process.cwd();

const USAGE = `usage: node dist/scripts/build-potential.js [--data DIR] [--out DIR] [SET ...] | [--data DIR] --fit SET; sets: ${Object.keys(SETS).join(' ')}`;

/** The file text of one set: a header saying how it was made, then the potential (validated by reading it back). */
export function setText(name: string, dataDir: string): string {
  const text = writeEct(buildSet(SETS[name], dataDir), [
    `ECT-EAM potential ${SETS[name].file}, written by ectmd scripts/build-potential.ts (npm run build-potential -- ${name}).`,
    'Format: docs/ect-eam-format.md. Provenance of every number: published | derived | placeholder (see potentials/ect/README.md).',
    ...SETS[name].status,
  ]);
  readEct(text, SETS[name].file);
  return text;
}

function main(argv: string[]): void {
  let dataDir = join(packageRoot, 'potentials', 'ect', 'data');
  let outDir = join(packageRoot, 'potentials', 'ect');
  const names: string[] = [];
  let fit: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--fit') {
      const v = argv[++i];
      if (v === undefined || !(v in SETS)) throw new Error(`${USAGE}: expected a set name after --fit, found ${v === undefined ? 'end of arguments' : JSON.stringify(v)}`);
      if (!SETS[v].fit) throw new Error(`${USAGE}: --fit ${v}: expected a set with a fit recipe (${Object.keys(SETS).filter((k) => SETS[k].fit).join(' ')}), found none for ${v}`);
      fit = v;
    } else if (argv[i] === '--data' || argv[i] === '--out') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${USAGE}: expected a folder after ${argv[i - 1]}, found end of arguments`);
      if (argv[i - 1] === '--data') dataDir = resolve(v); else outDir = resolve(v);
    } else if (argv[i] in SETS) {
      names.push(argv[i]);
    } else {
      throw new Error(`${USAGE}: expected a set name or option, found ${JSON.stringify(argv[i])}`);
    }
  }
  if (fit !== undefined) {
    if (names.length) throw new Error(`${USAGE}: expected --fit SET alone, found set names ${names.join(' ')} beside it`);
    const recipe = SETS[fit];
    const t0 = performance.now();
    const r = fitSet(recipe, dataDir, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`${fit}: ${r.iterations} Levenberg-Marquardt steps, ${r.evaluations} parameter vectors, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    recipe.fit!.parameters.forEach((p, k) => process.stdout.write(`  ${parameterName(p)} = ${r.values[k]} (start ${p.start})\n`));
    recipe.fit!.targets.forEach((t, k) => {
      const a = r.achieved[k];
      process.stdout.write(`  ${t.structure} ${t.elements.join('')}: a0 ${a.a0.toFixed(5)} A (target ${t.a0}), Ec ${a.cohesive.toFixed(5)} eV (${t.cohesive}), B ${a.bulk.toFixed(2)} GPa (${t.bulk ?? 'not a target'})${t.ionic ? `, ionic L1_0 ${a.ionic.toFixed(4)} eV/atom above neutral at ${t.ionic.scale} a0 (${t.ionic.margin})` : ''}, max |q| ${a.maxCharge.toExponential(1)} e\n`);
    });
    process.stdout.write(`fit.values for ${fit} in host/potentials/ect-sets.ts: [${r.values.join(', ')}]\n`);
    return;
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
