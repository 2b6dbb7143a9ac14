// Vega-Lite specifications of ectmd's figures, as pure functions of parsed data: thermo columns over Step (or Time)
// with every run of a log laid end to end and dashed rules where a run starts (host/io/lammps-log.ts), and the
// per-atom charge histogram of one dump snapshot, one panel per element (host/io/dump-read.ts).

import type { TopLevelSpec } from 'vega-lite';
import type { DumpFrame } from '../io/dump-read.js';
import { dumpColumn } from '../io/dump-read.js';
import type { ThermoRun } from '../io/lammps-log.js';
import { EctmdError, inputError } from '../errors.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Fonts named in the SVG: DejaVu Sans where installed (Debian's default, and resvg's PNG), then the usual ones. */
export const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const CONFIG = { font: FONT, background: 'white', view: { stroke: '#ccc' } };
const PANEL_WIDTH = 640;
const PANEL_HEIGHT = 150;
/** Columns that are the time axis, not a quantity to plot. */
const AXIS_COLUMNS = new Set(['Step', 'Time']);
/** Above this many points in one panel the lines carry no point markers. */
const MAX_MARKED_POINTS = 60;

/** Thermo columns of a log's runs in first-appearance order (without Step and Time). */
export function thermoColumns(runs: ThermoRun[]): string[] {
  const seen = new Set<string>();
  for (const r of runs) for (const c of r.columns) if (!AXIS_COLUMNS.has(c)) seen.add(c);
  return [...seen];
}

/** One figure: a panel per thermo column, x = Time when every run printed it, else Step (`path` names the log in errors). */
export function thermoSpec(runs: ThermoRun[], columns: string[], title: string, path: string): TopLevelSpec {
  const xName = runs.every((r) => r.columns.includes('Time')) ? 'Time' : 'Step';
  const bare = runs.findIndex((r) => !r.columns.includes(xName));
  if (bare >= 0) {
    throw inputError(path, undefined, `thermo output of run ${bare + 1}`, 'a Step column (or Time in every run) to plot against', `columns ${runs[bare].columns.join(' ')}`);
  }
  const points: { x: number; column: string; value: number; run: string }[] = [];
  const starts: { x: number; run: string }[] = [];
  runs.forEach((r, k) => {
    const label = `${k + 1}: ${r.minimization ? 'minimize' : 'run'}`;
    const xk = r.columns.indexOf(xName);
    if (k > 0) starts.push({ x: r.rows[0][xk], run: label });
    for (const c of columns) {
      const ck = r.columns.indexOf(c);
      if (ck >= 0) for (const row of r.rows) points.push({ x: row[xk], column: c, value: row[ck], run: label });
    }
  });
  const marked = runs.reduce((n, r) => n + r.rows.length, 0) <= MAX_MARKED_POINTS;
  const x = { field: 'x', type: 'quantitative', title: xName === 'Time' ? 'Time (ps)' : 'Step', scale: { zero: false, nice: false } } as const;
  const runColor = { field: 'run', type: 'nominal', title: 'run', legend: runs.length > 1 ? {} : null } as const;
  const panel = (c: string) => ({
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      {
        transform: [{ filter: { field: 'column', equal: c } }],
        mark: { type: 'line', point: marked, clip: true },
        encoding: { x, y: { field: 'value', type: 'quantitative', title: c, scale: { zero: false }, axis: { format: '.6~g' } }, color: runColor },
      },
      ...(starts.length ? [{
        data: { values: starts },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#888' },
        encoding: { x: { field: 'x', type: 'quantitative' } },
      }] : []),
    ],
  });
  const runNote = runs.length > 1 ? `${runs.length} runs end to end; a dashed line marks where each run after the first starts` : '1 run';
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: runNote, anchor: 'start' },
    data: { values: points },
    vconcat: columns.map(panel),
    resolve: { scale: { x: 'shared', color: 'shared' } },
    config: CONFIG,
  } as TopLevelSpec;
}

/** Charge of every atom of a snapshot, grouped by element name (types mapped by `elements`, 1-based) or by type. */
export function chargeGroups(frame: DumpFrame, path: string, elements: string[] | null): Map<string, number[]> {
  const q = dumpColumn(frame, 'q', path);
  const types = frame.columns.includes('type') ? dumpColumn(frame, 'type', path) : null;
  if (types && elements) {
    const maxType = types.reduce((m, t) => Math.max(m, t), 0);
    if (maxType > elements.length) {
      throw new EctmdError(`--elements: expected a name for each of the ${maxType} atom types in ${path}, found ${elements.length} (${elements.join(' ')})`, path);
    }
  }
  const groups = new Map<string, number[]>();
  const label = (a: number): string => {
    if (!types) return elements?.length === 1 ? elements[0] : 'all atoms';
    return elements ? elements[types[a] - 1] : `type ${types[a]}`;
  };
  const order: [number, string][] = [];
  for (let a = 0; a < frame.natoms; a++) {
    const g = label(a);
    let list = groups.get(g);
    if (!list) { list = []; groups.set(g, list); order.push([types ? types[a] : 0, g]); }
    list.push(q[a]);
  }
  // panels in type order, whatever order the atoms were written in
  order.sort((a, b) => a[0] - b[0]);
  return new Map(order.map(([, g]) => [g, groups.get(g)!]));
}

/** Smallest and largest of a set of charges. */
function chargeRange(qs: number[]): [number, number] {
  return [qs.reduce((m, v) => Math.min(m, v), Infinity), qs.reduce((m, v) => Math.max(m, v), -Infinity)];
}

/** Bin extent: the range, widened where all charges are equal (a fixed-charge deck) so the bar has a width. */
function binExtent([lo, hi]: [number, number]): [number, number] {
  const pad = 1e-6 * Math.max(1, Math.abs(lo));
  return hi - lo < pad ? [lo - pad, hi + pad] : [lo, hi];
}

/** One figure: a histogram of q per group, each on its own charge axis (an oxide's cations and anions lie
 * electron charges apart while each spreads by far less), with count, mean and the total charge. */
export function chargeSpec(groups: Map<string, number[]>, title: string): TopLevelSpec {
  const all = [...groups.values()].flat();
  if (all.length === 0) throw new EctmdError('charge histogram: expected at least one atom, found none');
  const values: { q: number; group: string }[] = [];
  for (const [g, qs] of groups) for (const q of qs) values.push({ q, group: g });
  const total = all.reduce((s, v) => s + v, 0);
  const names = [...groups.keys()];
  const panel = ([g, qs]: [string, number[]]) => {
    const mean = qs.reduce((s, v) => s + v, 0) / qs.length;
    const [lo, hi] = chargeRange(qs);
    return {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      title: { text: `${g}: ${qs.length} atoms, mean q ${mean.toPrecision(6)} e, range ${lo.toPrecision(6)} to ${hi.toPrecision(6)}`, anchor: 'start', fontSize: 12 },
      transform: [{ filter: { field: 'group', equal: g } }],
      mark: 'bar',
      encoding: {
        color: { field: 'group', type: 'nominal', legend: null, scale: { domain: names } },
        x: { field: 'q', type: 'quantitative', bin: { extent: binExtent([lo, hi]), maxbins: 40 }, title: `charge q of ${g} (e)` },
        y: { aggregate: 'count', type: 'quantitative', title: 'atoms' },
      },
    };
  };
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: `${all.length} atoms, total charge ${total.toPrecision(6)} e`, anchor: 'start' },
    data: { values },
    vconcat: [...groups].map(panel),
    resolve: { scale: { color: 'shared' } },
    config: CONFIG,
  } as TopLevelSpec;
}

/** `--columns a,b` checked against the columns the log has; an unknown one lists them. */
export function selectColumns(runs: ThermoRun[], requested: string[] | undefined, path: string): string[] {
  const available = thermoColumns(runs);
  if (requested === undefined) return available;
  if (requested.length === 0) throw inputError(path, undefined, '--columns', 'one or more thermo column names', 'none');
  for (const c of requested) {
    if (!available.includes(c)) throw inputError(path, undefined, 'thermo column', `one of ${available.join(' ')}`, JSON.stringify(c));
  }
  return requested;
}
