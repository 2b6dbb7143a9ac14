// Shared by the pair_style ect/eam tests: run deck lines in an in-process interpreter, re-evaluate the pair at moved
// positions, compare forces with finite differences, draw feasible weights, write two-atom data files, and cut an
// Al2O3 cluster.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Interpreter } from '../../host/lammps/interpreter.js';
import type { Engine } from '../../host/engine/engine.js';
import type { KernelKind } from '../../host/wasm/kernel.js';
import { PairEctEam } from '../../host/pair/ect-eam.js';
import { referenceDir } from '../helpers/lammps.js';

/** An interpreter (no log, no screen) that has run the lines. */
export function ectInterpreter(lines: string[], kernel: KernelKind = 'simd'): Interpreter {
  const it = new Interpreter({ kernel, logPath: null, screen: false });
  lines.forEach((l, i) => it.line(l, { file: 'deck', line: i + 1 }));
  return it;
}

export const pairOf = (e: Engine) => e.pair as PairEctEam;

/** Energy at the current positions and box with a fresh list (the pair re-converges its weights, warm-started). */
export function evaluate(e: Engine, want = { eatom: false, vatom: false }): number {
  e.neighbor.build(e.atoms, e.box!);
  e.computeForces(want);
  return e.pe();
}

/** Largest |F + ∂E/∂x| of the engine's current forces against central differences (step h, Å) over the coordinates
 *  of the given atoms, and the largest force component there; the pair re-converges its weights at every displaced
 *  position. */
export function fdWorst(e: Engine, atoms: number[], h: number): { worst: number; fmax: number } {
  const f = e.atoms.f.slice();
  let worst = 0, fmax = 0;
  for (const i of atoms) {
    for (let k = 0; k < 3; k++) {
      const x0 = e.atoms.x[3 * i + k];
      e.atoms.x[3 * i + k] = x0 + h; const ep = evaluate(e);
      e.atoms.x[3 * i + k] = x0 - h; const em = evaluate(e);
      e.atoms.x[3 * i + k] = x0;
      worst = Math.max(worst, Math.abs(-(ep - em) / (2 * h) - f[3 * i + k]));
      fmax = Math.max(fmax, Math.abs(f[3 * i + k]));
    }
  }
  return { worst, fmax };
}

/** A feasible interior point: random weights on every simplex (Park–Miller, from seed). */
export function randomWeights(offsets: Int32Array, w: Float64Array, seed: number): void {
  const rand = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  for (let i = 0; i + 1 < offsets.length; i++) {
    let sum = 0;
    for (let s = offsets[i]; s < offsets[i + 1]; s++) { w[s] = 0.05 + rand(); sum += w[s]; }
    for (let s = offsets[i]; s < offsets[i + 1]; s++) w[s] /= sum;
  }
}

/** Two atoms (types 1 and 2, charges qa and −qa) R apart along x in the middle of a cubic box of edge L. */
export function writeDimer(dir: string, R: number, qa: number, L = 80): string {
  const path = join(dir, `data.dimer-${R}-${qa}-${L}`);
  writeFileSync(path, ['dimer', '', '2 atoms', '2 atom types', '', `0 ${L} xlo xhi`, `0 ${L} ylo yhi`, `0 ${L} zlo zhi`, '', 'Atoms', '',
    `1 1 ${qa} ${L / 2 - R / 2} ${L / 2} ${L / 2}`, `2 2 ${-qa} ${L / 2 + R / 2} ${L / 2} ${L / 2}`, ''].join('\n'));
  return path;
}

/** Edge (Å) of the cubic box aloCluster() is centred in. */
export const ALO_CLUSTER_BOX = 60;

/** Atoms of data.streitz within 4.6 Å of (7, 7, 7) Å, centred in the box, displaced by a fixed pseudo-random field. */
export function aloCluster(): Array<{ type: number; x: number[] }> {
  const text = readFileSync(join(referenceDir(), 'data.streitz'), 'utf8');
  const rows = text.split('Atoms')[1].split('\n').map((l) => l.trim().split(/\s+/)).filter((w) => w.length === 6).map((w) => w.map(Number));
  let seed = 12345;
  const rand = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647 - 0.5; };
  return rows.filter((w) => Math.hypot(w[3] - 7, w[4] - 7, w[5] - 7) < 4.6)
    .map((w) => ({ type: w[1], x: [w[3] - 7 + ALO_CLUSTER_BOX / 2 + 0.2 * rand(), w[4] - 7 + ALO_CLUSTER_BOX / 2 + 0.2 * rand(), w[5] - 7 + ALO_CLUSTER_BOX / 2 + 0.2 * rand()] }));
}

/** aloCluster() as a data file at path, atoms listed in `order` (each keeps id = its index + 1), positions mapped by f,
 *  charges Al +1.5, O −1.0 (an ionic start). */
export function writeAloCluster(path: string, order?: number[], f: (x: number[]) => number[] = (x) => x): string {
  const atoms = aloCluster(), L = ALO_CLUSTER_BOX;
  writeFileSync(path, ['Al2O3 cluster', '', `${atoms.length} atoms`, '2 atom types', '', `0 ${L} xlo xhi`, `0 ${L} ylo yhi`, `0 ${L} zlo zhi`, '', 'Atoms', '',
    ...(order ?? atoms.map((_, k) => k)).map((k) => `${k + 1} ${atoms[k].type} ${atoms[k].type === 1 ? 1.5 : -1.0} ${f(atoms[k].x).join(' ')}`), ''].join('\n'));
  return path;
}

/** fcc Cu (a = 3.615 Å) within 5 Å of the box centre, shifted by a quarter cell so it sits among the Al and O atoms. */
export function cuCluster(): number[][] {
  const a = 3.615, c = ALO_CLUSTER_BOX / 2, out: number[][] = [];
  for (let i = -3; i <= 3; i++) for (let j = -3; j <= 3; j++) for (let k = -3; k <= 3; k++) {
    for (const b of [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]]) {
      const p = [(i + b[0] + 0.25) * a, (j + b[1] + 0.25) * a, (k + b[2] + 0.25) * a];
      if (Math.hypot(...p) < 5) out.push(p.map((v) => v + c));
    }
  }
  return out;
}

/** A data file at path with the Al2O3 cluster's Al (type 1, q 1.5) and O (type 2, q −1.0) and/or cuCluster()'s atoms
 *  (type 3, q 0.3; 3 types, masses given): an oxide interpenetrated by a metal for pair_style hybrid tests. */
export function writeAloCuCluster(path: string, alo: boolean, cu: boolean): string {
  const rows: string[] = [];
  if (alo) for (const a of aloCluster()) rows.push(`${a.type} ${a.type === 1 ? 1.5 : -1.0} ${a.x.join(' ')}`);
  if (cu) for (const p of cuCluster()) rows.push(`3 0.3 ${p.join(' ')}`);
  writeFileSync(path, ['Al2O3 and Cu clusters', '', `${rows.length} atoms`, '3 atom types', '', `0 ${ALO_CLUSTER_BOX} xlo xhi`, `0 ${ALO_CLUSTER_BOX} ylo yhi`, `0 ${ALO_CLUSTER_BOX} zlo zhi`, '',
    'Masses', '', '1 26.98', '2 16.00', '3 63.55', '', 'Atoms', '', ...rows.map((r, k) => `${k + 1} ${r}`), ''].join('\n'));
  return path;
}
