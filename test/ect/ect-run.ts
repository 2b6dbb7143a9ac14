// Shared by the pair_style ect/eam tests of physics.md §11 (T8, T9, T13, T16, T17): run deck lines in an in-process
// interpreter, re-evaluate the pair at moved positions, and write two-atom data files.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Interpreter } from '../../host/lammps/interpreter.js';
import type { Engine } from '../../host/engine/engine.js';
import type { KernelKind } from '../../host/wasm/kernel.js';
import { PairEctEam } from '../../host/pair/ect-eam.js';

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

/** Two atoms (types 1 and 2, charges qa and −qa) R apart along x in the middle of a cubic box of edge L. */
export function writeDimer(dir: string, R: number, qa: number, L = 80): string {
  const path = join(dir, `data.dimer-${R}-${qa}-${L}`);
  writeFileSync(path, ['dimer', '', '2 atoms', '2 atom types', '', `0 ${L} xlo xhi`, `0 ${L} ylo yhi`, `0 ${L} zlo zhi`, '', 'Atoms', '',
    `1 1 ${qa} ${L / 2 - R / 2} ${L / 2} ${L / 2}`, `2 2 ${-qa} ${L / 2 + R / 2} ${L / 2} ${L / 2}`, ''].join('\n'));
  return path;
}
