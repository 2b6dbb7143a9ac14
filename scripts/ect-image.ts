// Writes the ECT-EAM descriptor image that LAMMPS's ect/eam/ectmd (embed/lammps) places in the kernel's memory: the
// descriptor, per-element states and tables exactly as ectmd's `pair_style ect/eam` uploads them (host/pair/ect-eam.ts,
// docs/abi.md "ECT-EAM potential descriptor"), for one atom type per element, with its six array pointers relative to
// the descriptor's first byte (the reader adds the address it places the image at). Glue only: the tables are ectmd's.
// Usage:
//   node dist/scripts/ect-image.js RC [dsf ALPHA | wolf ALPHA | coulomb] -- FILE.ect El [El …]  > AlO.image
// The text (`ectmd-ect-image 1`, read by embed/lammps/ect_eam_ectmd.h):
//   elements N names…      masses N m…      states N k…  (states per element)      charges S q…  (every state, in order)
//   stride K               cutoff C  (neighbour cutoff: the larger of RC and the tables' short-range cutoff)
//   longrange RC MODE ALPHA            bytes B, then B bytes as hexadecimal, 64 per line

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Atoms } from '../host/system/atoms.js';
import { Arena } from '../host/wasm/arena.js';
import { Kernel } from '../host/wasm/kernel.js';
import { PairEctEam } from '../host/pair/ect-eam.js';
import { exact } from './embed-reference.js';

/** The image text for pair_style arguments `style` (RC and the long-range choice) and pair_coeff's file and elements. */
export function formatEctImage(style: string[], file: string, elements: string[]): string {
  if (elements.length === 0) throw new Error('ect-image: name at least one element after the potential file');
  if (new Set(elements).size !== elements.length) throw new Error(`ect-image: an element is named twice (${elements.join(' ')})`);
  const where = { file: 'ect-image', line: 1 };
  const pair = new PairEctEam();
  pair.settings(style, where);
  const atoms = new Atoms();
  atoms.setTypes(elements.length);
  pair.coeff(['*', '*', file, ...elements], where, atoms);
  const cutoff = pair.init(atoms, where);
  const arena = new Arena(new Kernel('scalar'));
  pair.attach(arena);
  const { bytes: image, K } = pair.descriptorImage();
  const states = pair.elementStates(elements);
  const hex = Buffer.from(image).toString('hex');
  const lines = [];
  for (let k = 0; k < hex.length; k += 128) lines.push(hex.slice(k, k + 128));
  return ['ectmd-ect-image 1', `elements ${elements.length} ${elements.join(' ')}`,
    `masses ${elements.length} ${elements.map((_, t) => exact(atoms.mass[t + 1])).join(' ')}`,
    `states ${elements.length} ${states.map((s) => s.length).join(' ')}`,
    `charges ${states.flat().length} ${states.flat().map(exact).join(' ')}`,
    `stride ${K}`, `cutoff ${exact(cutoff)}`, `longrange ${exact(pair.rc)} ${pair.mode} ${exact(pair.mode === 'coulomb' ? 0 : pair.alpha)}`,
    `bytes ${image.length}`, ...lines, ''].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2), dash = args.indexOf('--');
  try {
    if (dash < 1) throw new Error('usage: ect-image.js RC [dsf ALPHA | wolf ALPHA | coulomb] -- FILE.ect El [El …]');
    const [file, ...elements] = args.slice(dash + 1);
    if (!file) throw new Error('ect-image: no potential file after --');
    process.stdout.write(formatEctImage(args.slice(0, dash), file, elements));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
