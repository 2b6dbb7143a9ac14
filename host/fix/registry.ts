// Fix styles by name, as in `fix ID GROUP STYLE ...`; adding a style is one line here plus its module.

import type { FixFactory } from './fix.js';
import { createFixNve } from './nve.js';
import { createFixBoxRelax } from './box-relax.js';
import { createFixQEqSlater } from './qeq-slater.js';
import { createFixNph, createFixNpt, createFixNvt } from './nh.js';
import { createFixLangevin } from './langevin.js';
import { createFixTempBerendsen } from './temp-berendsen.js';
import { createFixMomentum } from './momentum.js';
import { createFixQEqEnsemble } from './qeq-ensemble.js';

export const FIX_STYLES: ReadonlyMap<string, FixFactory> = new Map<string, FixFactory>([
  ['nve', createFixNve],
  ['box/relax', createFixBoxRelax],
  ['qeq/slater', createFixQEqSlater],
  ['nvt', createFixNvt],
  ['npt', createFixNpt],
  ['nph', createFixNph],
  ['langevin', createFixLangevin],
  ['temp/berendsen', createFixTempBerendsen],
  ['momentum', createFixMomentum],
  ['qeq/ensemble', createFixQEqEnsemble],
]);
