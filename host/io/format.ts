// C printf-style number formatting (%d %i %g %e %f with flags - + 0 space, width, precision), so
// `thermo_modify format` and `dump_modify format` strings behave as in LAMMPS.

import { EctmdError, inputError } from '../errors.js';
import type { Where } from '../lammps/where.js';

const SPEC = /%([-+ 0#]*)(\d*)(?:\.(\d*))?(l{0,2}|L)?([dieEfgG%])/g;

function pad(s: string, width: number, flags: string): string {
  if (s.length >= width) return s;
  if (flags.includes('-')) return s + ' '.repeat(width - s.length);
  if (flags.includes('0') && /^[+\- ]?\d/.test(s) && !/inf|nan/i.test(s)) {
    const sign = /^[+\- ]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
}

/** C's %.{prec}f: JavaScript's toFixed switches to exponent notation from 1e21, where C prints every digit (a double
 * that large is an integer, so BigInt gives its digits exactly). */
function fixed(v: number, prec: number): string {
  if (Math.abs(v) < 1e21) return v.toFixed(prec);
  return BigInt(v).toString() + (prec > 0 ? '.' + '0'.repeat(prec) : '');
}

function expForm(v: number, prec: number, upper: boolean): string {
  const s = v.toExponential(prec);
  const [m, e] = s.split('e');
  const en = Number(e);
  const es = (en < 0 ? '-' : '+') + String(Math.abs(en)).padStart(2, '0');
  return m + (upper ? 'E' : 'e') + es;
}

function gForm(v: number, prec: number, alt: boolean, upper: boolean): string {
  const p = prec === 0 ? 1 : prec;
  if (v === 0) return alt ? fixed(0, p - 1) : (Object.is(v, -0) ? '-0' : '0');
  const x = Number(v.toExponential(p - 1).split('e')[1]);
  let s: string;
  if (x < p && x >= -4) {
    s = fixed(v, p - 1 - x);
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  } else {
    s = expForm(v, p - 1, upper);
    if (!alt) s = s.replace(/\.?0+([eE])/, '$1');
  }
  return s;
}

function one(v: number, flags: string, width: number, prec: number | undefined, conv: string): string {
  let s: string;
  if (conv === 'd' || conv === 'i') {
    s = Number.isFinite(v) ? String(Math.trunc(v)) : String(v);
  } else if (!Number.isFinite(v)) {
    s = Number.isNaN(v) ? 'nan' : (v > 0 ? 'inf' : '-inf');
  } else if (conv === 'f') {
    s = fixed(v, prec ?? 6);
  } else if (conv === 'e' || conv === 'E') {
    s = expForm(v, prec ?? 6, conv === 'E');
  } else {
    s = gForm(v, prec ?? 6, flags.includes('#'), conv === 'G');
  }
  if (!s.startsWith('-')) {
    if (flags.includes('+')) s = '+' + s;
    else if (flags.includes(' ')) s = ' ' + s;
  }
  return pad(s, width, flags);
}

/** Format values with a C format string holding one conversion per value. */
export function sprintf(fmt: string, ...values: number[]): string {
  let k = 0;
  return fmt.replace(SPEC, (_m, flags: string, w: string, p: string | undefined, _len: string, conv: string) => {
    if (conv === '%') return '%';
    if (k >= values.length) throw new EctmdError(`format '${fmt}' has more conversions than values`);
    return one(values[k++], flags, w ? Number(w) : 0, p === undefined ? undefined : (p === '' ? 0 : Number(p)), conv);
  });
}

/** Largest field width and precision of a user format: JavaScript formats at most 100 digits after the point (far
 * more than the 17 a double has), and %g's fixed form needs precision + 3 of them (for exponents down to −4); a field
 * wider than 1000 characters is a mistake rather than a layout (C would print it). */
export const MAX_FORMAT_PRECISION = 97;
export const MAX_FORMAT_WIDTH = 1000;

/** Check that a user format holds exactly one numeric conversion (integer or float as asked, or either), with a width
 * and precision within the caps above. */
export function checkFormat(fmt: string, kind: 'int' | 'float' | 'any', where: Where, what: string): void {
  const convs = [...fmt.matchAll(SPEC)].filter((m) => m[5] !== '%');
  if (convs.length !== 1) throw inputError(where.file, where.line, what, 'a format with one conversion', `'${fmt}'`);
  const [, , width, prec, , c] = convs[0];
  if (kind === 'int' ? !'di'.includes(c) : kind === 'float' ? !'eEfgG'.includes(c) : false) {
    throw inputError(where.file, where.line, what, `a ${kind} format`, `'${fmt}'`);
  }
  if (Number(width || 0) > MAX_FORMAT_WIDTH || Number(prec || 0) > MAX_FORMAT_PRECISION) {
    throw inputError(where.file, where.line, what, `a field width up to ${MAX_FORMAT_WIDTH} and a precision up to ${MAX_FORMAT_PRECISION}`, `'${fmt}'`);
  }
}
