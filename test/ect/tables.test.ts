// Runtime tables of pair_style ect/eam (host/potentials/ect-tables.ts): built in seconds, not minutes, and equal to the
// closed forms (ect-density.ts, ect-coulomb.ts) with the shifted-force cut-off; a second process reads them back from
// the disk cache bit for bit.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readEct } from '../../host/potentials/ect-file.js';
import { buildEctTables, evalTable, loadEctTables, type EctTables } from '../../host/potentials/ect-tables.js';
import { densitySlope, densityValue } from '../../host/potentials/ect-density.js';
import { coulombRemainder } from '../../host/potentials/ect-coulomb.js';

const ROOT = join(__dirname, '..', '..');
const cache = mkdtempSync(join(tmpdir(), 'ectmd-tables-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
const text = readFileSync(join(ROOT, 'potentials', 'ect', 'AlO.ect'), 'utf8');
const pot = readEct(text, 'AlO.ect');

describe('AlO.ect tables', () => {
  let tables: EctTables;
  test('build in seconds (the closed forms took 150 s)', () => {
    tables = buildEctTables(pot);
    console.log(`AlO.ect tables: ${tables.density.length} states, ${tables.n} points, built in ${(tables.ms / 1000).toFixed(2)} s`);
    // generous for a loaded CI machine; unloaded it is about 2 s
    expect(tables.ms).toBeLessThan(20_000);
  }, 60_000);

  test('densities equal the closed forms (with the shifted-force cut-off) to 1e-7 of n(1 Å), slopes to 1e-6 of n′(1 Å)', () => {
    const states = pot.elements.flatMap((el) => el.states);
    const rc = tables.cutoff, out = new Float64Array(2);
    states.forEach((s, k) => {
      const vc = densityValue(s.terms, rc), dc = densitySlope(s.terms, rc);
      for (const r of [1.0, 1.2345, 1.86, 2.5, 3.3333, 5.0, 6.1]) {
        evalTable(tables.density[k], r, out);
        const ref = densityValue(s.terms, r) - vc - (r - rc) * dc;
        expect(Math.abs(out[0] - ref)).toBeLessThan(1e-7 * Math.abs(densityValue(s.terms, 1)));
        expect(Math.abs(out[1] - (densitySlope(s.terms, r) - dc))).toBeLessThan(1e-6 * Math.abs(densitySlope(s.terms, 1)));
      }
    });
  });

  test('Φ^sr between the interpolants and the closed form (shifted force): within 5e-7 relative (or eV below 1 eV), slopes within 5e-4 eV/Å', () => {
    const el = pot.elements, S = tables.density.length, rc = tables.cutoff, out = new Float64Array(2);
    const st = el.flatMap((e) => e.states.map((s) => ({ Z: e.Z, terms: s.terms })));
    const h = 1e-4;
    const phi = (a: number, b: number, r: number) => coulombRemainder(st[a], st[b], r);
    let worst = 0, worstSlope = 0;
    for (const [a, b] of [[0, 5], [3, 6], [5, 5], [1, 1]]) {
      const vc = phi(a, b, rc), dc = (phi(a, b, rc + h) - phi(a, b, rc - h)) / (2 * h);
      for (const r of [1.05, 1.6543, 1.97, 2.8, 4.444]) {
        evalTable(tables.coulomb[a * S + b], r, out);
        const ref = phi(a, b, r) - vc - (r - rc) * dc;
        const slope = (phi(a, b, r + h) - phi(a, b, r - h)) / (2 * h) - dc;
        worst = Math.max(worst, Math.abs(out[0] - ref) / Math.max(1, Math.abs(ref)));
        worstSlope = Math.max(worstSlope, Math.abs(out[1] - slope));
      }
    }
    console.log(`Φ^sr table vs closed form: worst ${worst.toExponential(2)} (relative, or eV below 1 eV), slope ${worstSlope.toExponential(2)} eV/Å`);
    expect(worst).toBeLessThan(5e-7);
    expect(worstSlope).toBeLessThan(5e-4);
  }, 120_000);

  test('loadEctTables: cached on disk, and another process reads the same numbers back', () => {
    process.env.ECTMD_CACHE = cache;
    const t = loadEctTables(text, pot);
    expect(['built', 'disk']).toContain(t.source);
    expect(loadEctTables(text, pot).source).toBe('memory');
    expect(readdirSync(cache).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    const module = join(ROOT, 'dist', 'host', 'potentials', 'ect-tables.js'), reader = join(ROOT, 'dist', 'host', 'potentials', 'ect-file.js');
    const script = `const t = await import(${JSON.stringify(module)}); const f = await import(${JSON.stringify(reader)});
      const fs = await import('node:fs'); const text = fs.readFileSync(${JSON.stringify(join(ROOT, 'potentials', 'ect', 'AlO.ect'))}, 'utf8');
      const tab = t.loadEctTables(text, f.readEct(text, 'AlO.ect'));
      console.log(JSON.stringify({ source: tab.source, ms: tab.ms, v: Array.from(tab.coulomb[5].v.slice(0, 50)), d: Array.from(tab.density[6].d.slice(100, 150)) }));`;
    const res = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ECTMD_CACHE: cache } }).toString());
    expect(res.source).toBe('disk');
    console.log(`AlO.ect tables read from the disk cache in ${res.ms.toFixed(1)} ms`);
    expect(res.v).toEqual(Array.from(t.coulomb[5].v.slice(0, 50)));
    expect(res.d).toEqual(Array.from(t.density[6].d.slice(100, 150)));
  }, 60_000);
});
