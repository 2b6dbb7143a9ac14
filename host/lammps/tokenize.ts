// LAMMPS input-line lexing (input.cpp parse): '&' continuation is joined by the reader, '#' starts a comment
// outside quotes, words are split on whitespace, and "…", '…' or """…""" group words into one argument.

import { inputError } from '../errors.js';
import type { Where } from './where.js';

/** Remove a trailing comment ('#' outside quotes). */
export function stripComment(line: string): string {
  let q: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (line.startsWith(q, i)) { i += q.length - 1; q = null; }
    } else if (line.startsWith('"""', i)) { q = '"""'; i += 2; }
    else if (c === '"' || c === "'") q = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/** Split into words, honouring quotes (quotes are removed). */
export function splitWords(line: string, where: Where): string[] {
  const words: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && /\s/.test(line[i])) i++;
    if (i >= n) break;
    let q: string | null = null;
    if (line.startsWith('"""', i)) q = '"""';
    else if (line[i] === '"' || line[i] === "'") q = line[i];
    if (q) {
      const end = line.indexOf(q, i + q.length);
      if (end < 0) throw inputError(where.file, where.line, 'Unbalanced quotes in input line', `a closing ${q}`, 'end of line');
      words.push(line.slice(i + q.length, end));
      i = end + q.length;
    } else {
      const s = i;
      while (i < n && !/\s/.test(line[i])) i++;
      words.push(line.slice(s, i));
    }
  }
  return words;
}
