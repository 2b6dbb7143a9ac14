// Writes the parameter file of a KIM portable model for the ectmd EAM model driver (embed/kim): the EAM spline
// tables ectmd builds from a LAMMPS potential file, exactly as `pair_style eam|eam/alloy|eam/fs` + `pair_coeff`
// would build them for one type per element, in the text format of embed/c/harness.c, after a header naming the
// KIM species and their masses. Also read by the LAMMPS pair styles of embed/lammps. The driver evaluates these tables with the kernel; nothing is re-splined in C.
// Usage:
//   node dist/scripts/kim-model.js eam/alloy FILE.eam.alloy Cu Ni  > model.params     (setfl; elements as in pair_coeff)
//   node dist/scripts/kim-model.js eam/fs FILE.eam.fs Al Fe        > model.params
//   node dist/scripts/kim-model.js eam Cu=Cu_u3.eam [Ni=Ni_u3.eam] > model.params     (funcfl; element=file per type)

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFs, readFuncfl, readSetfl } from '../host/potentials/eam-files.js';
import { buildFuncflTables, buildSetflTables, type EamTables } from '../host/potentials/eam-tables.js';
import { exact, formatTables } from './embed-reference.js';

export interface KimModelSpec { style: 'eam' | 'eam/alloy' | 'eam/fs'; args: string[] }

/** Element names and tables for one KIM model (type t = species code t-1 + 1, one type per element). */
export function kimModelTables(spec: KimModelSpec): { elements: string[]; tables: EamTables } {
  const { style, args } = spec;
  if (style === 'eam') {
    if (args.length === 0) throw new Error('kim-model: eam needs ELEMENT=FILE arguments');
    const elements: string[] = [];
    const files = args.map((a) => {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new Error(`kim-model: eam expects ELEMENT=FILE, found '${a}'`);
      elements.push(a.slice(0, eq));
      const path = a.slice(eq + 1);
      return readFuncfl(readFileSync(path, 'utf8'), path);
    });
    const map = Int32Array.from([-1, ...files.map((_, i) => i)]);
    return { elements, tables: buildFuncflTables(files, map, files.length) };
  }
  if (style !== 'eam/alloy' && style !== 'eam/fs') throw new Error(`kim-model: unknown style '${style}' (eam, eam/alloy, eam/fs)`);
  const [path, ...elements] = args;
  if (!path || elements.length === 0) throw new Error(`kim-model: ${style} needs FILE ELEMENT...`);
  const text = readFileSync(path, 'utf8');
  const file = style === 'eam/fs' ? readFs(text, path) : readSetfl(text, path);
  const map = Int32Array.from([-1, ...elements.map((e) => {
    const k = file.elements.indexOf(e);
    if (k < 0) throw new Error(`kim-model: element ${e} not in ${path} (${file.elements.join(' ')})`);
    return k;
  })]);
  return { elements, tables: buildSetflTables(file, map, elements.length) };
}

/** The parameter file: `ectmd-kim-eam 2`, `elements N names…`, `masses N m…` (from the potential file), then the tables
 *  (formatTables). Read by embed/common/ectmd_eam.h. */
export function formatKimParams(spec: KimModelSpec): string {
  const { elements, tables } = kimModelTables(spec);
  if (new Set(elements).size !== elements.length) throw new Error(`kim-model: an element is named twice (${elements.join(' ')})`);
  const masses = elements.map((_, e) => exact(tables.mass[e + 1]));
  return `ectmd-kim-eam 2\nelements ${elements.length} ${elements.join(' ')}\nmasses ${elements.length} ${masses.join(' ')}\n` + formatTables(tables);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [style, ...args] = process.argv.slice(2);
  try {
    process.stdout.write(formatKimParams({ style: style as KimModelSpec['style'], args }));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
