// Reads a LAMMPS log or screen text (thermo.cpp header/rows, finish.cpp run statistics) into runs:
// thermo columns and rows, "Loop time of T on P procs for N steps with M atoms", neighbour-build
// counts, a minimisation's "Minimization stats:" block, and the WARNING/ERROR lines, so that an ectmd log can
// be compared with a LAMMPS one.

import { inputError, parseFiniteFloat, parseInteger } from '../errors.js';

/** One `run` (or `minimize`) as its log reports it. */
export interface ThermoRun {
  /** Header labels as printed (`Step Temp E_pair ...`). */
  columns: string[];
  /** One array per thermo output, values in column order. */
  rows: number[][];
  loopTime?: number;
  steps?: number;
  atoms?: number;
  neighborBuilds?: number;
  /** Absent when LAMMPS printed "Dangerous builds not checked". */
  dangerousBuilds?: number;
  /** Present for a `minimize`. */
  minimization?: MinimizationStats;
}

/** finish.cpp's "Minimization stats:" block. */
export interface MinimizationStats {
  stoppingCriterion: string;
  /** energy initial, next-to-last, final */
  energy: [number, number, number];
  /** force two-norm initial, final */
  forceTwoNorm: [number, number];
  /** force max component initial, final */
  forceMax: [number, number];
  /** final line search alpha, max atom move */
  lineSearch: [number, number];
  iterations: number;
  forceEvaluations: number;
}

/** A thermo header label: a keyword (`Step`, `E_pair`, `c_stat[1]`, `v_name`, `f_1[2]`). */
const LABEL = /^[A-Za-z_][\w\[\]\/]*$/;
/** A token that LAMMPS may print as a thermo value; non-finite ones are rejected when parsed. */
const VALUE = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|nan|inf|infinity)$/i;
const MULTI_LINE = /^-+ Step\s+\d+ -+/;
const LOOP_TIME = /^Loop time of (\S+) on (\d+) procs for (\d+) steps with (\d+) atoms\s*$/;
const NEIGHBOR_BUILDS = /^Neighbor list builds = (\d+)\s*$/;
const DANGEROUS_BUILDS = /^Dangerous builds = (\d+)\s*$/;
const MIN_STATS = /^Minimization stats:\s*$/;

/** The block after "Minimization stats:" at lines[i+1..i+7] (0-based), or an error naming the line that differs. */
function minimizationStats(lines: string[], i: number, path: string): MinimizationStats {
  const want = (k: number, re: RegExp, what: string): RegExpExecArray => {
    const m = re.exec(lines[i + k] ?? '');
    if (!m) throw inputError(path, i + k + 1, 'minimization statistics', what, JSON.stringify((lines[i + k] ?? 'end of file').trim()));
    return m;
  };
  const num = (t: string, k: number, what: string) => parseFiniteFloat(t, path, i + k + 1, what);
  const stop = want(1, /^\s*Stopping criterion = (.+?)\s*$/, '"Stopping criterion = ..."');
  want(2, /^\s*Energy initial, next-to-last, final =\s*$/, '"Energy initial, next-to-last, final ="');
  const en = want(3, /^\s*(\S+)\s+(\S+)\s+(\S+)\s*$/, 'three energies');
  const f2 = want(4, /^\s*Force two-norm initial, final = (\S+) (\S+)\s*$/, '"Force two-norm initial, final = A B"');
  const fm = want(5, /^\s*Force max component initial, final = (\S+) (\S+)\s*$/, '"Force max component initial, final = A B"');
  const ls = want(6, /^\s*Final line search alpha, max atom move = (\S+) (\S+)\s*$/, '"Final line search alpha, max atom move = A B"');
  const it = want(7, /^\s*Iterations, force evaluations = (\d+) (\d+)\s*$/, '"Iterations, force evaluations = N M"');
  return {
    stoppingCriterion: stop[1],
    energy: [num(en[1], 3, 'initial energy'), num(en[2], 3, 'next-to-last energy'), num(en[3], 3, 'final energy')],
    forceTwoNorm: [num(f2[1], 4, 'force two-norm'), num(f2[2], 4, 'force two-norm')],
    forceMax: [num(fm[1], 5, 'force max component'), num(fm[2], 5, 'force max component')],
    lineSearch: [num(ls[1], 6, 'line search alpha'), num(ls[2], 6, 'max atom move')],
    iterations: parseInteger(it[1], path, i + 8, 'iterations'),
    forceEvaluations: parseInteger(it[2], path, i + 8, 'force evaluations'),
  };
}

function tokens(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/\s+/);
}

function isHeader(toks: string[]): boolean {
  return toks.length > 0 && toks.every((t) => LABEL.test(t));
}

function isValueLine(toks: string[], n: number): boolean {
  return toks.length === n && toks.every((t) => VALUE.test(t));
}

/**
 * Parse a LAMMPS log. A thermo header is a line of keyword labels whose next line (warnings aside)
 * holds as many values; from there every line up to "Loop time of" must be a thermo row, a WARNING or
 * an ERROR (which ends the run). Multi-line thermo output (`thermo_style multi`) is an error.
 * Everything outside thermo tables other than the statistics above is command echo and is not read.
 */
export function parseLammpsLog(text: string, path = 'LAMMPS log'): { runs: ThermoRun[]; warnings: string[]; errors: string[] } {
  const lines = text.split(/\r?\n/);
  const runs: ThermoRun[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  let table: ThermoRun | null = null;
  let lastRun: ThermoRun | null = null;

  const nextDataLine = (from: number): string[] => {
    for (let k = from; k < lines.length; k++) {
      if (lines[k].startsWith('WARNING')) continue;
      return tokens(lines[k]);
    }
    return [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineNo = i + 1;
    if (line.startsWith('WARNING')) {
      warnings.push(line.trim());
      continue;
    }
    if (line.startsWith('ERROR')) {
      errors.push(line.trim());
      table = null;
      continue;
    }
    if (MULTI_LINE.test(line)) {
      throw inputError(path, lineNo, 'thermo output', 'a one-line thermo table (thermo_style one or custom)',
        `multi-line output (thermo_style multi or thermo_modify line multi): "${line.trim()}"`);
    }
    const loop = LOOP_TIME.exec(line);
    if (loop) {
      if (!table) throw inputError(path, lineNo, 'run statistics', 'a thermo table before "Loop time of"', JSON.stringify(line.trim()));
      table.loopTime = parseFiniteFloat(loop[1], path, lineNo, 'loop time');
      table.steps = parseInteger(loop[3], path, lineNo, 'number of steps');
      table.atoms = parseInteger(loop[4], path, lineNo, 'number of atoms');
      table = null;
      continue;
    }
    if (table) {
      const toks = tokens(line);
      if (toks.length !== table.columns.length) {
        throw inputError(path, lineNo, 'thermo row',
          `${table.columns.length} values (${table.columns.join(' ')}) or "Loop time of ..."`, JSON.stringify(line.trim()));
      }
      table.rows.push(toks.map((t, k) => parseFiniteFloat(t, path, lineNo, `thermo value of ${table!.columns[k]}`)));
      continue;
    }
    if (MIN_STATS.test(line)) {
      if (!lastRun) throw inputError(path, lineNo, 'minimization statistics', 'a thermo table before "Minimization stats:"', JSON.stringify(line.trim()));
      lastRun.minimization = minimizationStats(lines, i, path);
      i += 7;
      continue;
    }
    const builds = NEIGHBOR_BUILDS.exec(line);
    const dangerous = builds ? null : DANGEROUS_BUILDS.exec(line);
    if (builds || dangerous) {
      if (!lastRun) throw inputError(path, lineNo, 'run statistics', 'a run before the neighbor list statistics', JSON.stringify(line.trim()));
      if (builds) lastRun.neighborBuilds = parseInteger(builds[1], path, lineNo, 'neighbor list builds');
      if (dangerous) lastRun.dangerousBuilds = parseInteger(dangerous[1], path, lineNo, 'dangerous builds');
      continue;
    }
    const toks = tokens(line);
    if (isHeader(toks) && isValueLine(nextDataLine(i + 1), toks.length)) {
      table = { columns: toks, rows: [] };
      lastRun = table;
      runs.push(table);
    }
  }
  return { runs, warnings, errors };
}

/** Column `name` of a run as an array, or an error naming the columns that exist. */
export function thermoColumn(run: ThermoRun, name: string, path: string): number[] {
  const k = run.columns.indexOf(name);
  if (k < 0) throw inputError(path, undefined, 'thermo column', `one of ${run.columns.join(' ')}`, JSON.stringify(name));
  return run.rows.map((r) => r[k]);
}
