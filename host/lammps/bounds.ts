// LAMMPS type-range syntax for pair_coeff/mass/set: "n", "*", "n*", "*n", "m*n" (utils::bounds).

import { inputError } from '../errors.js';
import type { Where } from './where.js';

export function typeBounds(token: string, nmax: number, where: Where, what = 'type range'): [number, number] {
  const m = /^(\d*)(\*?)(\d*)$/.exec(token);
  if (!m || (m[2] === '' && m[3] !== '') || token === '') {
    throw inputError(where.file, where.line, what, `a type or range (n, *, n*, *n, m*n) within 1..${nmax}`, JSON.stringify(token));
  }
  let lo: number, hi: number;
  if (m[2] === '') { lo = hi = Number(m[1]); }
  else { lo = m[1] === '' ? 1 : Number(m[1]); hi = m[3] === '' ? nmax : Number(m[3]); }
  if (lo < 1 || hi > nmax || lo > hi) {
    throw inputError(where.file, where.line, what, `a type or range within 1..${nmax}`, JSON.stringify(token));
  }
  return [lo, hi];
}
