// ectmd plot: the thermo figure has one panel per column with one line per run that printed it and a dashed rule
// where each later run starts; the charge histogram has one panel per element whose atoms are the dump's; PNGs are
// real PNGs of the SVG's size; every bad input is one ERROR line, a non-zero exit, and no file written.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../scripts/compare-lammps.js';
import { parseDump } from '../../host/io/dump-read.js';
import { chargeFigure, renderPng, renderSvg, thermoFigure } from '../../host/plot/plot.js';
import { chargeGroups } from '../../host/plot/specs.js';
import { elementsFromPairCoeff } from '../../host/plot/elements.js';

const ROOT = repoRoot();
const TWO_RUNS = join(ROOT, 'test', 'plot', 'fixtures', 'two-runs.log');
const LAMMPS_BENCH = join(ROOT, 'test', 'reference', 'lammps', 'in.eam.bench.log');
const ALO_DUMP = join(ROOT, 'test', 'reference', 'lammps', 'alo_streitz_wolf.forces.dump');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
function scratch(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-plot-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Lines drawn in panel k of a Vega-Lite vconcat rendered by Vega (one path group per series). */
function linesInPanel(svg: string, k: number): number {
  return svg.split(`class="mark-line role-mark concat_${k}_layer_0_layer_0_marks"`).length - 1;
}
/** Texts of the SVG (axis titles, legend labels, titles). */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}
function pngSize(png: Uint8Array): { width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}
function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
}

describe('thermo figure', { timeout: 60_000 }, () => {
  test('one panel per column, one line per run that printed it, Time on x, a rule where run 2 starts', async () => {
    const svg = await renderSvg(thermoFigure(TWO_RUNS));
    const t = texts(svg);
    // run 1 printed Temp PotEng KinEng TotEng Press, run 2 only Temp PotEng TotEng
    for (const c of ['Temp', 'PotEng', 'KinEng', 'TotEng', 'Press']) expect(t).toContain(c);
    expect([0, 1, 2, 3, 4].map((k) => linesInPanel(svg, k))).toEqual([2, 2, 1, 2, 1]);
    expect(linesInPanel(svg, 5)).toBe(0);
    expect(t.filter((s) => s === 'Time (ps)')).toHaveLength(5);
    expect(t).toContain('1: run');
    expect(t).toContain('2: run');
    // the boundary is a dashed rule in every panel, at Time 0.08 where run 2 starts
    const rules = [...svg.matchAll(/<line aria-label="x: ([^"]*)" role="graphics-symbol" aria-roledescription="rule mark"[^>]*stroke-dasharray/g)];
    expect(rules.map((m) => m[1])).toEqual(['0.08', '0.08', '0.08', '0.08', '0.08']);
  });

  test('Step on x when the log has no Time column; a single run has no boundary rule', async () => {
    const svg = await renderSvg(thermoFigure(LAMMPS_BENCH));
    const t = texts(svg);
    expect(t.filter((s) => s === 'Step')).toHaveLength(5);
    for (const c of ['Temp', 'E_pair', 'E_mol', 'TotEng', 'Press']) expect(t).toContain(c);
    expect([0, 1, 2, 3, 4].map((k) => linesInPanel(svg, k))).toEqual([1, 1, 1, 1, 1]);
    expect(svg.includes('aria-roledescription="rule mark"')).toBe(false);
  });

  test('--columns picks the panels and their order', async () => {
    const svg = await renderSvg(thermoFigure(TWO_RUNS, ['TotEng', 'Temp']));
    const t = texts(svg);
    expect(t.indexOf('TotEng')).toBeGreaterThanOrEqual(0);
    expect(t).not.toContain('PotEng');
    expect(svg.indexOf('>TotEng<')).toBeLessThan(svg.indexOf('>Temp<'));
    expect([0, 1, 2].map((k) => linesInPanel(svg, k))).toEqual([2, 2, 0]);
  });

  test('the PNG is a PNG of the SVG at twice its size', async () => {
    const svg = await renderSvg(thermoFigure(TWO_RUNS));
    const png = renderPng(svg);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const s = svgSize(svg);
    const p = pngSize(png);
    expect(p.width).toBe(Math.round(2 * s.width));
    expect(p.height).toBe(Math.round(2 * s.height));
    expect(p.width).toBeGreaterThan(1000);
    expect(png.length).toBeGreaterThan(20_000);
  });
});

describe('charge histogram', { timeout: 60_000 }, () => {
  const frame = parseDump(readFileSync(ALO_DUMP, 'utf8'), ALO_DUMP)[0];

  test('Al2O3 (Streitz-Mintmire, LAMMPS): cations positive, anions negative, the cell neutral', () => {
    const g = chargeGroups(frame, ALO_DUMP, ['Al', 'O']);
    expect([...g.keys()]).toEqual(['Al', 'O']);
    expect(g.get('Al')!).toHaveLength(864);
    expect(g.get('O')!).toHaveLength(1296);
    expect(Math.min(...g.get('Al')!)).toBeGreaterThan(0);
    expect(Math.max(...g.get('O')!)).toBeLessThan(0);
    const total = [...g.values()].flat().reduce((s, q) => s + q, 0);
    expect(Math.abs(total)).toBeLessThan(1e-9);
  });

  test('one panel per element whose bars add up to its atoms; by type when the names are unknown', async () => {
    const svg = await renderSvg(chargeFigure(ALO_DUMP, undefined, ['Al', 'O']));
    const bars = [...svg.matchAll(/aria-label="charge q of (\w+) \(e\): [^;]*; atoms: (\d+)[^"]*" role="graphics-symbol" aria-roledescription="bar"/g)];
    const sum = (el: string) => bars.filter((m) => m[1] === el).reduce((n, m) => n + Number(m[2]), 0);
    expect([sum('Al'), sum('O')]).toEqual([864, 1296]);
    const named = texts(svg);
    expect(named.some((s) => s.startsWith('Al: 864 atoms'))).toBe(true);
    expect(named.some((s) => s.startsWith('O: 1296 atoms'))).toBe(true);
    expect(named).toContain('charge q of Al (e)');
    expect(named.some((s) => /^Charges at step 0: alo_streitz_wolf\.forces\.dump$/.test(s))).toBe(true);
    const byType = texts(await renderSvg(chargeFigure(ALO_DUMP, undefined, null)));
    expect(byType.some((s) => s.startsWith('type 1: 864 atoms'))).toBe(true);
    expect(byType.some((s) => s.startsWith('type 2: 1296 atoms'))).toBe(true);
  });

  test('two types named alike are one element; equal charges still make a bar', async () => {
    const g = chargeGroups(frame, ALO_DUMP, ['O', 'O']);
    expect([...g.keys()]).toEqual(['O']);
    expect(g.get('O')!).toHaveLength(2160);
    const dir = scratch({ 'fixed.dump': 'ITEM: TIMESTEP\n5\nITEM: NUMBER OF ATOMS\n3\nITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\nITEM: ATOMS id type q\n1 1 0.5\n2 1 0.5\n3 1 0.5\n' });
    const svg = await renderSvg(chargeFigure(join(dir, 'fixed.dump'), 5, ['Cu']));
    expect(texts(svg).some((s) => s.startsWith('Cu: 3 atoms, mean q 0.500000 e, range 0.500000 to 0.500000'))).toBe(true);
    expect(svg.match(/aria-roledescription="bar"/g)).toHaveLength(1);
  });

  test('element names from pair_coeff: hybrid substyles, NULL types, and none for per-pair coefficients', () => {
    const streitz = [['pair_style', 'hybrid/overlay', 'coul/streitz', '12.0', 'wolf', '0.31', 'eam/alloy'],
      ['pair_coeff', '*', '*', 'coul/streitz', 'AlO.streitz', 'Al', 'O'], ['pair_coeff', '*', '*', 'eam/alloy', 'AlO.eam.alloy', 'Al', 'O']];
    expect(elementsFromPairCoeff(streitz, 2)).toEqual(['Al', 'O']);
    const nulls = [['pair_style', 'hybrid', 'eam/alloy', 'eam/fs'],
      ['pair_coeff', '*', '*', 'eam/alloy', 'CuNi.eam.alloy', 'Cu', 'NULL'], ['pair_coeff', '*', '*', 'eam/fs', 'Ni.eam.fs', 'NULL', 'Ni']];
    expect(elementsFromPairCoeff(nulls, 2)).toEqual(['Cu', 'Ni']);
    expect(elementsFromPairCoeff([['pair_style', 'eam'], ['pair_coeff', '1', '1', 'Cu_u3.eam']], 1)).toBeNull();
    expect(elementsFromPairCoeff([['pair_style', 'eam/alloy'], ['pair_coeff', '*', '*', 'CuNi.eam.alloy', 'Cu', 'NULL']], 2)).toBeNull();
  });
});

interface Exit { code: number | null; stdout: string; stderr: string; dir: string; files: string[] }

function ectmd(args: string[], files: Record<string, string> = {}): Exit {
  const dir = scratch(files);
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'ectmd.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, dir, files: readdirSync(dir).filter((f) => !(f in files)).sort() };
}

/** Exactly one ERROR line matching every pattern, a non-zero exit, no stack trace, and no file written. */
function expectError(r: Exit, ...patterns: RegExp[]): void {
  expect(r.code).not.toBe(0);
  expect(r.code).not.toBeNull();
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('ERROR'));
  expect(lines).toHaveLength(1);
  for (const p of patterns) expect(lines[0]).toMatch(p);
  expect(r.stderr).not.toMatch(/\bat \S+\.js:\d+/);
  expect(r.files.filter((f) => /\.(svg|png)$|\.tmp-/.test(f))).toEqual([]);
}

const LOG = readFileSync(TWO_RUNS, 'utf8');
const DUMP_NO_Q = 'ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\nITEM: ATOMS id type x y z\n1 1 0 0 0\n2 1 0.5 0.5 0.5\n';
const DUMP_Q = 'ITEM: TIMESTEP\n100\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\nITEM: ATOMS id type q\n1 1 0.4\n2 2 -0.4\n';

describe('ectmd plot', { timeout: 60_000 }, () => {
  test('writes PREFIX-thermo and PREFIX-charges in both formats, named after the log by default', () => {
    const r = ectmd(['plot', 'run.log', '--dump', 'q.dump', '--elements', 'Al,O'], { 'run.log': LOG, 'q.dump': DUMP_Q });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.files).toEqual(['run-charges.png', 'run-charges.svg', 'run-thermo.png', 'run-thermo.svg']);
    expect(r.stdout).toMatch(/^Wrote run-thermo\.svg, run-thermo\.png, run-charges\.svg, run-charges\.png$/m);
    expect(readFileSync(join(r.dir, 'run-charges.svg'), 'utf8')).toContain('Charges at step 100: q.dump');
  });

  test('a dump written one file per snapshot (q.*.dump): the latest timestep, or --step', () => {
    const snap = (step: number, q: number) => DUMP_Q.replace('TIMESTEP\n100', `TIMESTEP\n${step}`).replace('0.4\n', `${q}\n`).replace('-0.4', String(-q));
    const files = { 'run.log': LOG, 'q.0.dump': snap(0, 0.1), 'q.20.dump': snap(20, 0.2), 'q.100.dump': snap(100, 0.3) };
    const latest = ectmd(['plot', 'run.log', '--dump', 'q.*.dump', '--format', 'svg'], files);
    expect(latest.code).toBe(0);
    expect(texts(readFileSync(join(latest.dir, 'run-charges.svg'), 'utf8'))).toContain('Charges at step 100: q.100.dump');
    const chosen = ectmd(['plot', 'run.log', '--dump', 'q.*.dump', '--step', '20', '--format', 'svg'], files);
    expect(texts(readFileSync(join(chosen.dir, 'run-charges.svg'), 'utf8'))).toContain('Charges at step 20: q.20.dump');
    expectError(ectmd(['plot', 'run.log', '--dump', 'p.*.dump'], files), /Cannot open dump file p\.\*\.dump: no file in \. matches it/);
  });

  test('--format svg and --out PREFIX', () => {
    const r = ectmd(['plot', 'log.lammps', '--format', 'svg', '--out', 'fig', '--columns', 'Temp'], { 'log.lammps': LOG });
    expect(r.code).toBe(0);
    expect(r.files).toEqual(['fig-thermo.svg']);
  });

  test('run --plot plots the deck\'s log and the last snapshot of its q dump, elements from pair_coeff', () => {
    const deck = [
      'units metal', 'atom_style charge', 'lattice fcc 3.615', 'region box block 0 2 0 2 0 2', 'create_box 2 box', 'create_atoms 1 box',
      'set type 1 type/fraction 2 0.25 4821', 'set type 1 charge 0.1', 'set type 2 charge -0.3',
      'pair_style eam/alloy', 'pair_coeff * * CuNiAl_zjw04.eam.alloy Cu Ni', 'velocity all create 600 4928',
      'fix 1 all nve', 'thermo 5', 'dump d all custom 10 q.*.dump id type q', 'run 10', 'run 10',
    ].join('\n');
    const r = ectmd(['run', 'in.deck', '--log', 'md.log', '--screen', 'none', '--workers', '1', '--plot'], { 'in.deck': `${deck}\n` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.files).toEqual(['md-charges.png', 'md-charges.svg', 'md-thermo.png', 'md-thermo.svg', 'md.log', 'q.0.dump', 'q.10.dump', 'q.20.dump']);
    const charges = texts(readFileSync(join(r.dir, 'md-charges.svg'), 'utf8'));
    expect(charges).toContain('Charges at step 20: q.20.dump');
    expect(charges.some((s) => /^Cu: \d+ atoms, mean q 0\.100000 e/.test(s))).toBe(true);
    expect(charges.some((s) => /^Ni: \d+ atoms, mean q -0\.300000 e/.test(s))).toBe(true);
    expect(linesInPanel(readFileSync(join(r.dir, 'md-thermo.svg'), 'utf8'), 0)).toBe(2);
  });
});

describe('ectmd plot errors', { timeout: 60_000 }, () => {
  test('a missing log', () => {
    expectError(ectmd(['plot', 'nope.log']), /Cannot open log file nope\.log/, /ENOENT/);
  });

  test('a log with no thermo table', () => {
    expectError(ectmd(['plot', 'echo.log'], { 'echo.log': 'units metal\nrun 0\n' }), /echo\.log: thermo output: expected a thermo table/, /found none/);
  });

  test('an unknown column lists the available ones', () => {
    expectError(ectmd(['plot', 'run.log', '--columns', 'Temp,Etot'], { 'run.log': LOG }),
      /run\.log: thermo column: expected one of Temp PotEng KinEng TotEng Press, found "Etot"/);
  });

  test('a log whose thermo has no Step column', () => {
    const log = 'Step Temp\n0 300\nLoop time of 1 on 1 procs for 0 steps with 4 atoms\nTemp PotEng\n300 -12.5\n'
      + 'Loop time of 1 on 1 procs for 0 steps with 4 atoms\n';
    expectError(ectmd(['plot', 'run.log'], { 'run.log': log }), /run\.log: thermo output of run 2: expected a Step column/, /found columns Temp PotEng/);
  });

  test('a dump without q names the columns it has, and the thermo figure is not written either', () => {
    expectError(ectmd(['plot', 'run.log', '--dump', 'x.dump'], { 'run.log': LOG, 'x.dump': DUMP_NO_Q }),
      /x\.dump: charge histogram at step 0: expected a dump custom file with a q column/, /found columns id type x y z/);
  });

  test('a missing dump, a file that is not a dump, an empty dump', () => {
    expectError(ectmd(['plot', 'run.log', '--dump', 'none.dump'], { 'run.log': LOG }), /Cannot open dump file none\.dump/);
    expectError(ectmd(['plot', 'run.log', '--dump', 'run.log'], { 'run.log': LOG }), /run\.log:1: dump snapshot: expected "ITEM: TIMESTEP"/);
    expectError(ectmd(['plot', 'run.log', '--dump', 'e.dump'], { 'run.log': LOG, 'e.dump': '' }), /e\.dump: dump file: expected at least one snapshot/);
  });

  test('a --step the dump does not have lists those it has', () => {
    expectError(ectmd(['plot', 'run.log', '--dump', 'q.dump', '--step', '7'], { 'run.log': LOG, 'q.dump': DUMP_Q }),
      /q\.dump: --step: expected a timestep the dump has \(100\), found 7/);
    expectError(ectmd(['plot', 'run.log', '--dump', 'q.dump', '--step', 'last'], { 'run.log': LOG, 'q.dump': DUMP_Q }), /--step: expected a timestep/);
  });

  test('fewer --elements than atom types', () => {
    expectError(ectmd(['plot', 'run.log', '--dump', 'q.dump', '--elements', 'Al'], { 'run.log': LOG, 'q.dump': DUMP_Q }),
      /--elements: expected a name for each of the 2 atom types in q\.dump, found 1 \(Al\)/);
  });

  test('an output folder that does not exist', () => {
    expectError(ectmd(['plot', 'run.log', '--out', 'no/such/dir/fig'], { 'run.log': LOG }), /Cannot open plot file no\/such\/dir\/fig-thermo\.svg/);
  });

  test('--plot with -log none is refused before the run', () => {
    const r = ectmd(['-in', 'in.deck', '-log', 'none', '--plot'], { 'in.deck': 'units metal\n' });
    expectError(r, /--plot: expected a log file to plot, found -log none/);
    expect(r.stdout).toBe('');
  });
});
