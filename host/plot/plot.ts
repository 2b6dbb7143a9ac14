// `ectmd plot LOG`: figures of a log's thermo columns and of a dump's charge histogram, as SVG (Vega-Lite compiled
// and rendered headless by Vega) and PNG (that SVG rasterised by resvg). Every figure is rendered in memory
// before any file is written, and each file is written whole or not at all.

import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { parseLammpsLog } from '../io/lammps-log.js';
import { parseDump } from '../io/dump-read.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { EctmdError, fileError, inputError } from '../errors.js';
import { chargeGroups, chargeSpec, selectColumns, thermoSpec } from './specs.js';

export type PlotFormat = 'png' | 'svg' | 'both';

export interface PlotOptions {
  /** thermo columns to plot (default: all but Step and Time) */
  columns?: string[];
  /** output path prefix: PREFIX-thermo.svg, PREFIX-charges.png, … (default: the log path less a .log suffix) */
  out?: string;
  format?: PlotFormat;
  /** a dump custom file with a q column: its charge histogram is plotted too */
  dump?: string;
  /** timestep of the dump snapshot (default: the last one) */
  step?: number;
  /** element names by atom type (type 1 first), as in pair_coeff * * FILE NAMES */
  elements?: string[] | null;
}

/** PNG pixels per SVG pixel: 2 gives a figure sharp enough for a slide or a paper draft. */
const PNG_SCALE = 2;

function readInput(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw fileError(what, path, err);
  }
}

/** The Vega-Lite figure as an SVG document (Vega's headless renderer: no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The SVG rasterised at PNG_SCALE, text in the system's DejaVu Sans (or whatever sans-serif font is installed). */
export function renderPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** The thermo figure of a log file. */
export function thermoFigure(logPath: string, columns?: string[]): TopLevelSpec {
  const { runs } = parseLammpsLog(readInput(logPath, 'log file'), logPath);
  if (runs.length === 0) {
    throw inputError(logPath, undefined, 'thermo output', 'a thermo table (a line of keywords such as "Step Temp PotEng" followed by rows of numbers)', 'none in the file');
  }
  return thermoSpec(runs, selectColumns(runs, columns, logPath), `Thermo output: ${basename(logPath)}`, logPath);
}

/**
 * A dump written one file per snapshot (`*` in the name, replaced by the timestep as LAMMPS does): the file of
 * timestep `step`, or of the latest timestep there is a file for.
 */
export function snapshotFile(pattern: string, step: number | undefined): string {
  if (!pattern.includes('*')) return pattern;
  if (step !== undefined) return pattern.replace('*', String(step));
  const dir = dirname(pattern);
  const [before, after] = basename(pattern).split('*', 2);
  if (dir.includes('*') || after.includes('*')) throw new EctmdError(`--dump ${pattern}: expected one * (in the file name, for the timestep), found more`, pattern);
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const name = new RegExp(`^${escape(before)}(\\d+)${escape(after)}$`);
  let entries: string[];
  try { entries = readdirSync(dir); } catch (err) { throw fileError('dump folder', dir, err); }
  const steps = entries.map((f) => name.exec(f)).filter((m) => m !== null).map((m) => Number(m[1]));
  if (steps.length === 0) throw new EctmdError(`Cannot open dump file ${pattern}: no file in ${dir} matches it with a timestep for *`, pattern);
  return pattern.replace('*', String(Math.max(...steps)));
}

/** The charge-histogram figure of one snapshot of a dump file (a `*` in its name: one file per snapshot). */
export function chargeFigure(pattern: string, step: number | undefined, elements: string[] | null): TopLevelSpec {
  const dumpPath = snapshotFile(pattern, step);
  const frames = parseDump(readInput(dumpPath, 'dump file'), dumpPath);
  if (frames.length === 0) throw inputError(dumpPath, undefined, 'dump file', 'at least one snapshot (ITEM: TIMESTEP ...)', 'an empty file');
  const frame = step === undefined ? frames[frames.length - 1] : frames.find((f) => f.step === step);
  if (!frame) {
    const steps = frames.map((f) => f.step);
    const shown = steps.length > 12 ? `${steps.slice(0, 6).join(' ')} ... ${steps.slice(-6).join(' ')}` : steps.join(' ');
    throw inputError(dumpPath, undefined, '--step', `a timestep the dump has (${shown})`, String(step));
  }
  if (!frame.columns.includes('q')) {
    throw inputError(dumpPath, undefined, `charge histogram at step ${frame.step}`, 'a dump custom file with a q column (per-atom charge)', `columns ${frame.columns.join(' ')}`);
  }
  return chargeSpec(chargeGroups(frame, dumpPath, elements), `Charges at step ${frame.step}: ${basename(dumpPath)}`);
}

/** Default output prefix: the log path without a trailing .log (log.lammps stays log.lammps). */
export function defaultPrefix(logPath: string): string {
  return logPath.replace(/\.log$/, '');
}

/** Render the figures and write them; returns the paths written. No file is written unless every figure rendered. */
export async function plot(logPath: string, o: PlotOptions = {}): Promise<string[]> {
  const format = o.format ?? 'both';
  const prefix = o.out ?? defaultPrefix(logPath);
  const figures: [string, TopLevelSpec][] = [['thermo', thermoFigure(logPath, o.columns)]];
  if (o.dump !== undefined) figures.push(['charges', chargeFigure(o.dump, o.step, o.elements ?? null)]);
  const files: [string, string | Uint8Array][] = [];
  for (const [name, spec] of figures) {
    const svg = await renderSvg(spec);
    if (format !== 'png') files.push([`${prefix}-${name}.svg`, svg]);
    if (format !== 'svg') files.push([`${prefix}-${name}.png`, renderPng(svg)]);
  }
  for (const [path, data] of files) writeFileAtomic(path, data, 'plot file');
  return files.map(([path]) => path);
}
