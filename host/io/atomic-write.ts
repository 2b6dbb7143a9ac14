// Write a whole file or nothing: write to a temporary sibling, then rename over the target.

import { renameSync, writeFileSync, unlinkSync } from 'node:fs';
import { fileError } from '../errors.js';
import type { Where } from '../lammps/where.js';

export function writeFileAtomic(path: string, text: string | Uint8Array, what: string, where?: Where): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    try { unlinkSync(tmp); } catch { /* nothing to clean */ }
    throw fileError(what, path, err, where);
  }
}
