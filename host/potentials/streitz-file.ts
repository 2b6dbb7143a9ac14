// Reader for Streitz–Mintmire parameter files (`.streitz`, LAMMPS pair_style coul/streitz): one entry per element,
// `El χ(eV) J(eV) γ(1/Å) ζ(1/Å) Z(e)` (physics.md §9.2, §10.2), read as LAMMPS 29Sep2021 reads them: `#` starts a
// comment, an entry may continue over lines until it has six words, γ must be 0. Pure function text → data.

import { inputError } from '../errors.js';
import { FLOAT } from './eam-files.js';

export interface StreitzEntry {
  element: string;
  /** electronegativity χ (eV/e) */
  chi: number;
  /** hardness J (eV/e²), LAMMPS `eta` */
  eta: number;
  /** must be 0 (LAMMPS rejects anything else) */
  gamma: number;
  /** 1s Slater exponent ζ (1/Å) */
  zeta: number;
  /** core charge Z (e), LAMMPS `zcore` */
  zcore: number;
  /** line of the entry's element name */
  line: number;
}

const WHAT = 'coul/streitz potential file';

export function readStreitz(text: string, path: string): StreitzEntry[] {
  const out: StreitzEntry[] = [];
  let words: string[] = [];
  let first = 0;
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const w = lines[n].replace(/#.*/, '').trim().split(/\s+/).filter((s) => s !== '');
    if (w.length === 0) continue;
    if (words.length === 0) first = n + 1;
    words.push(...w);
    if (words.length < 6) continue;
    if (words.length > 6) {
      throw inputError(path, n + 1, `Incorrect format in ${WHAT}`, "6 words per entry: 'El chi eta gamma zeta zcore'", `${words.length} words '${words.join(' ')}'`);
    }
    const names = ['chi', 'eta', 'gamma', 'zeta', 'zcore'];
    const v = words.slice(1).map((s, k) => {
      if (!FLOAT.test(s)) throw inputError(path, n + 1, `Incorrect format in ${WHAT}`, `a number for ${names[k]} of ${words[0]}`, JSON.stringify(s));
      return Number(s);
    });
    const e: StreitzEntry = { element: words[0], chi: v[0], eta: v[1], gamma: v[2], zeta: v[3], zcore: v[4], line: first };
    if (e.eta < 0 || !(e.zeta > 0) || e.zcore < 0 || e.gamma !== 0) {
      throw inputError(path, first, `Illegal coul/streitz parameter for ${e.element}`, 'eta >= 0, zeta > 0 (LAMMPS allows 0; ectmd needs a finite Slater density), zcore >= 0 and gamma = 0',
        `eta ${e.eta}, zeta ${e.zeta}, zcore ${e.zcore}, gamma ${e.gamma}`);
    }
    out.push(e);
    words = [];
  }
  if (words.length) throw inputError(path, first, `Incorrect format in ${WHAT}`, "6 words per entry: 'El chi eta gamma zeta zcore'", `${words.length} words at end of file '${words.join(' ')}'`);
  return out;
}
