// The embedding test case and ectmd's own answer to it: writes the EAM spline tables ectmd builds (Cu, Zhou 2004
// eam/alloy), the crystal embed/browser/ectmd-embed.js makes (3×3×3 fcc Cu, displaced), and the energy, virial and
// forces ectmd's engine computes for it with each kernel build, for the browser page and the C harness to match.
// Usage: node dist/scripts/embed-reference.js [outDir]   (default build/embed)

import { mkdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readSetfl } from '../host/potentials/eam-files.js';
import { buildSetflTables, type EamTables } from '../host/potentials/eam-tables.js';
import { Interpreter } from '../host/lammps/interpreter.js';
import type { KernelKind } from '../host/wasm/kernel.js';

/** What the embedding checks evaluate besides the crystal (CU_CASE of embed/browser/ectmd-embed.js). */
export const EMBED_CASE = { skin: 2.0, potential: 'potentials/eam/Cu_zjw04.eam.alloy', element: 'Cu', mass: 63.546 };

export interface Crystal { n: number; lo: number[]; hi: number[]; x: Float64Array; type: Int32Array }
export interface EmbedResult { energy: number; virial: Float64Array; forces: Float64Array }

/** The repository root (this file runs from scripts/ under vitest and from dist/scripts/ compiled). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('embed-reference: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/** A number as text that parses back to the same bits (String() drops the sign of zero). */
export function exact(v: number): string { return Object.is(v, -0) ? '-0' : String(v); }

/** The page's module (plain JavaScript, shared so that page, Node and C see one crystal). */
export async function embedModule(): Promise<{
  CU_CASE: { cells: number; a: number; amplitude: number; seed: number };
  fccCrystal(cells: number, a: number, amplitude: number, seed: number): Crystal;
  parseTables(text: string): unknown;
}> {
  return import(pathToFileURL(join(repoRoot(), 'embed', 'browser', 'ectmd-embed.js')).href);
}

export function loadTables(): EamTables {
  const path = join(repoRoot(), EMBED_CASE.potential);
  const file = readSetfl(readFileSync(path, 'utf8'), path);
  const map = new Int32Array([-1, file.elements.indexOf(EMBED_CASE.element)]);
  return buildSetflTables(file, map, 1);
}

/** Tables in the text format of embed/browser/ectmd-embed.js parseTables and embed/c/harness.c. */
export function formatTables(t: EamTables): string {
  const lines = ['ectmd-eam-tables 1'];
  for (const key of ['ntypes', 'nr', 'nrho', 'rdr', 'rdrho', 'rhomax', 'cutforcesq', 'cutmax'] as const) lines.push(`${key} ${exact(t[key])}`);
  lines.push(`type2frho ${Array.from(t.type2frho).join(' ')}`);
  lines.push(`type2rhor ${Array.from(t.type2rhor).join(' ')}`);
  lines.push(`type2z2r ${Array.from(t.type2z2r).join(' ')}`);
  for (const [key, list] of [['frho', t.frhoSpline], ['rhor', t.rhorSpline], ['z2r', t.z2rSpline]] as const) {
    lines.push(`${key} ${list.length}`);
    for (const s of list) for (let m = 0; m < s.length; m += 7) lines.push(Array.from(s.subarray(m, m + 7), exact).join(' '));
  }
  return lines.join('\n') + '\n';
}

/** Crystal file for the C harness: header, box, skin, then `type x y z` per atom. */
export function formatCrystal(c: Crystal, skin: number): string {
  const lines = ['ectmd-crystal 1', `n ${c.n}`, `lo ${c.lo.map(exact).join(' ')}`, `hi ${c.hi.map(exact).join(' ')}`, `skin ${exact(skin)}`];
  for (let i = 0; i < c.n; i++) lines.push(`${c.type[i]} ${exact(c.x[3 * i])} ${exact(c.x[3 * i + 1])} ${exact(c.x[3 * i + 2])}`);
  return lines.join('\n') + '\n';
}

/** Results as text: `energy E`, `virial xx yy zz xy xz yz`, `forces n`, then `fx fy fz` per atom (harness.c prints the same). */
export function formatResult(r: EmbedResult): string {
  const n = r.forces.length / 3;
  const lines = [`energy ${exact(r.energy)}`, `virial ${Array.from(r.virial, exact).join(' ')}`, `forces ${n}`];
  for (let i = 0; i < n; i++) lines.push(Array.from(r.forces.subarray(3 * i, 3 * i + 3), exact).join(' '));
  return lines.join('\n') + '\n';
}

export function parseResult(text: string): EmbedResult {
  const lines = text.trim().split('\n').map((l) => l.trim().split(/\s+/));
  const expect = (row: string[] | undefined, key: string, count: number): number[] => {
    if (!row || row[0] !== key || row.length !== count + 1) throw new Error(`embed result: expected '${key}' and ${count} numbers, found '${row?.join(' ')}'`);
    return row.slice(1).map(Number);
  };
  const [energy] = expect(lines[0], 'energy', 1);
  const virial = Float64Array.from(expect(lines[1], 'virial', 6));
  const [n] = expect(lines[2], 'forces', 1);
  if (lines.length !== 3 + n) throw new Error(`embed result: ${n} force lines announced, ${lines.length - 3} found`);
  const forces = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) forces.set(lines[3 + i].map(Number), 3 * i);
  return { energy, virial, forces };
}

/** ectmd's own evaluation of the crystal: a data file read by the engine, pair_style eam/alloy, run 0. */
export function ectmdReference(c: Crystal, kernel: KernelKind, workDir: string): EmbedResult {
  const data = join(workDir, 'crystal.data');
  const atoms = Array.from({ length: c.n }, (_, i) => `${i + 1} ${c.type[i]} ${exact(c.x[3 * i])} ${exact(c.x[3 * i + 1])} ${exact(c.x[3 * i + 2])}`);
  writeFileSync(data, ['ectmd embedding case', '', `${c.n} atoms`, '1 atom types', '',
    `${exact(c.lo[0])} ${exact(c.hi[0])} xlo xhi`, `${exact(c.lo[1])} ${exact(c.hi[1])} ylo yhi`, `${exact(c.lo[2])} ${exact(c.hi[2])} zlo zhi`, '',
    'Masses', '', `1 ${EMBED_CASE.mass}`, '', 'Atoms # atomic', '', ...atoms, ''].join('\n'));
  // no spatial sort, so that forces come back in the crystal's atom order, the order the other embeddings use
  const deck = ['units metal', 'atom_style atomic', 'boundary p p p', 'atom_modify sort 0 0.0', `read_data ${data}`, 'pair_style eam/alloy',
    `pair_coeff * * ${join(repoRoot(), EMBED_CASE.potential)} ${EMBED_CASE.element}`, `neighbor ${EMBED_CASE.skin} bin`, 'run 0'];
  const it = new Interpreter({ kernel, logPath: null, screen: false });
  deck.forEach((line, i) => it.line(line, { file: 'embed-reference', line: i + 1 }));
  const e = it.engine;
  const x = e.atoms.x.subarray(0, 3 * c.n);
  for (let k = 0; k < 3 * c.n; k++) {
    if (!Object.is(x[k], c.x[k])) throw new Error(`embed-reference: the engine moved or reordered atom ${Math.floor(k / 3) + 1} (${x[k]} vs ${c.x[k]})`);
  }
  return { energy: e.pe(), virial: e.virial.slice(), forces: e.atoms.f.slice(0, 3 * c.n) };
}

/** Write cu.eamtab, crystal.txt and reference.{scalar,simd}.txt into outDir; returns the crystal and the references. */
export async function writeEmbedCase(outDir: string): Promise<{ crystal: Crystal; reference: Record<KernelKind, EmbedResult> }> {
  const { fccCrystal, CU_CASE } = await embedModule();
  const crystal = fccCrystal(CU_CASE.cells, CU_CASE.a, CU_CASE.amplitude, CU_CASE.seed);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'cu.eamtab'), formatTables(loadTables()));
  writeFileSync(join(outDir, 'crystal.txt'), formatCrystal(crystal, EMBED_CASE.skin));
  const work = mkdtempSync(join(tmpdir(), 'ectmd-embed-'));
  try {
    const reference = {} as Record<KernelKind, EmbedResult>;
    for (const kind of ['scalar', 'simd'] as const) {
      reference[kind] = ectmdReference(crystal, kind, work);
      writeFileSync(join(outDir, `reference.${kind}.txt`), formatResult(reference[kind]));
    }
    return { crystal, reference };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Bitwise comparison: a list of the differing quantities (empty when every bit agrees). */
export function bitwiseDifferences(got: EmbedResult, want: EmbedResult): string[] {
  const out: string[] = [];
  if (!Object.is(got.energy, want.energy)) out.push(`energy ${got.energy} vs ${want.energy}`);
  for (let k = 0; k < 6; k++) if (!Object.is(got.virial[k], want.virial[k])) out.push(`virial[${k}] ${got.virial[k]} vs ${want.virial[k]}`);
  if (got.forces.length !== want.forces.length) out.push(`${got.forces.length / 3} force rows vs ${want.forces.length / 3}`);
  else for (let k = 0; k < got.forces.length; k++) {
    if (!Object.is(got.forces[k], want.forces[k])) out.push(`f[${Math.floor(k / 3)}][${k % 3}] ${got.forces[k]} vs ${want.forces[k]}`);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = resolve(process.argv[2] ?? join(repoRoot(), 'build', 'embed'));
  const { crystal, reference } = await writeEmbedCase(out);
  console.log(`wrote ${out}: ${crystal.n} atoms, E(scalar) = ${reference.scalar.energy} eV`);
}
