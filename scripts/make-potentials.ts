// Writes the EAM files ectmd ships in potentials/eam/: setfl (eam/alloy) tabulations of the Zhou–Johnson–Wadley
// (2004) analytic EAM on the grid of LAMMPS's tools/eam_database/create.f (host/potentials/zhou2004.ts).
// Usage: node dist/scripts/make-potentials.js [outdir]   (default: potentials/eam of this package)

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createToolGrid, setflText } from '../host/potentials/zhou2004.js';

/** The shipped files: the main example's Cu, the Cu–Ni–Al alloy, and single-element files. */
export const POTENTIAL_FILES: ReadonlyArray<{ name: string; elements: readonly string[] }> = [
  { name: 'Cu_zjw04.eam.alloy', elements: ['Cu'] },
  { name: 'CuNiAl_zjw04.eam.alloy', elements: ['Cu', 'Ni', 'Al'] },
  ...['Ni', 'Al', 'Ag', 'Au', 'Pd', 'Pt', 'Fe'].map((el) => ({ name: `${el}_zjw04.eam.alloy`, elements: [el] })),
];

/** Text of one shipped file, on create.f's grid for its elements. */
export function potentialText(elements: readonly string[]): string {
  const grid = createToolGrid(elements);
  return setflText(elements, {
    ...grid,
    comment: `grid of LAMMPS tools/eam_database/create.f: Nrho = Nr = ${grid.nr}, cutoff sqrt(10)/2 * max(sqrt(2) r_e), r < 0.5 A tabulated at 0.5 A`,
  });
}

const packageRoot = [join(dirname(fileURLToPath(import.meta.url)), '..'), join(dirname(fileURLToPath(import.meta.url)), '..', '..')]
  .find((d) => existsSync(join(d, 'package.json'))) ?? process.cwd();

function main(argv: string[]): void {
  if (argv.length > 1) {
    process.stderr.write(`usage: node dist/scripts/make-potentials.js [outdir]: expected at most one argument, found ${argv.length}\n`);
    process.exit(2);
  }
  const outdir = resolve(argv[0] ?? join(packageRoot, 'potentials', 'eam'));
  mkdirSync(outdir, { recursive: true });
  for (const { name, elements } of POTENTIAL_FILES) {
    const path = join(outdir, name);
    writeFileSync(path, potentialText(elements));
    process.stdout.write(`wrote ${path} (${elements.join(' ')})\n`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
