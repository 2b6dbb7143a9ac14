// Reads LAMMPS `dump custom` (and `dump atom`) text snapshots: ITEM: TIMESTEP / NUMBER OF ATOMS /
// BOX BOUNDS (orthogonal or triclinic "xy xz yz") / ATOMS, as written by src/dump_custom.cpp.
// Values are kept as written: triclinic bounds are LAMMPS's bounding-box values plus the tilt.

import { inputError, parseFiniteFloat, parseInteger } from '../errors.js';

export interface DumpFrame {
  step: number;
  natoms: number;
  /** Three rows `[lo, hi]` (orthogonal) or `[lo_bound, hi_bound, tilt]` with tilts xy, xz, yz (triclinic). */
  bounds: number[][];
  triclinic: boolean;
  columns: string[];
  /** One array of natoms values per column, in the order the atoms were written. */
  data: Float64Array[];
}

const BOUNDARY_FLAG = /^[pfsm]{2}$/;

/** Parse every snapshot of a dump text; `path` names the file in errors. */
export function parseDump(text: string, path: string): DumpFrame[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const frames: DumpFrame[] = [];
  let i = 0;

  const expectItem = (item: string): string => {
    const line = lines[i];
    if (line === undefined) throw inputError(path, i + 1, 'dump snapshot', `"ITEM: ${item}"`, 'end of file');
    if (!line.startsWith(`ITEM: ${item}`)) throw inputError(path, i + 1, 'dump snapshot', `"ITEM: ${item}"`, JSON.stringify(line));
    i++;
    return line.slice(`ITEM: ${item}`.length);
  };
  const valueLine = (what: string, count: number): string[] => {
    const line = lines[i];
    if (line === undefined) throw inputError(path, i + 1, what, `${count} values`, 'end of file');
    const toks = line.trim().split(/\s+/);
    if (line.trim() === '' || toks.length !== count) throw inputError(path, i + 1, what, `${count} values`, JSON.stringify(line));
    i++;
    return toks;
  };

  while (i < lines.length) {
    expectItem('TIMESTEP');
    const step = parseInteger(valueLine('timestep', 1)[0], path, i, 'timestep');
    expectItem('NUMBER OF ATOMS');
    const natoms = parseInteger(valueLine('number of atoms', 1)[0], path, i, 'number of atoms');
    if (natoms < 0) throw inputError(path, i, 'number of atoms', 'a count >= 0', String(natoms));

    const flags = expectItem('BOX BOUNDS').trim().split(/\s+/);
    const triclinic = flags[0] === 'xy';
    if (triclinic && (flags[1] !== 'xz' || flags[2] !== 'yz')) {
      throw inputError(path, i, 'triclinic box bounds', '"xy xz yz" before the boundary flags', JSON.stringify(flags.join(' ')));
    }
    const boundary = triclinic ? flags.slice(3) : flags;
    if (boundary.length !== 3 || !boundary.every((f) => BOUNDARY_FLAG.test(f))) {
      throw inputError(path, i, 'box boundary flags', 'three flags like "pp pp pp"', JSON.stringify(boundary.join(' ')));
    }
    const bounds: number[][] = [];
    for (const axis of ['x', 'y', 'z']) {
      const what = `${axis} box bounds`;
      bounds.push(valueLine(what, triclinic ? 3 : 2).map((t) => parseFiniteFloat(t, path, i, what)));
    }

    const columns = expectItem('ATOMS').trim().split(/\s+/).filter((c) => c !== '');
    if (columns.length === 0) throw inputError(path, i, 'dump columns', 'column names after "ITEM: ATOMS"', 'none');
    if (natoms > lines.length - i) {
      throw inputError(path, lines.length, 'atom lines', `${natoms} after "ITEM: ATOMS"`, `${lines.length - i} before the end of the file`);
    }
    const data = columns.map(() => new Float64Array(natoms));
    for (let a = 0; a < natoms; a++) {
      const toks = valueLine(`atom line ${a + 1} of ${natoms}`, columns.length);
      for (let c = 0; c < columns.length; c++) data[c][a] = parseFiniteFloat(toks[c], path, i, `value of ${columns[c]}`);
    }
    frames.push({ step, natoms, bounds, triclinic, columns, data });
  }
  return frames;
}

/** The values of column `name` in a frame, or an error naming the columns the dump has. */
export function dumpColumn(frame: DumpFrame, name: string, path: string): Float64Array {
  const k = frame.columns.indexOf(name);
  if (k < 0) throw inputError(path, undefined, `dump column at step ${frame.step}`, `one of ${frame.columns.join(' ')}`, JSON.stringify(name));
  return frame.data[k];
}
