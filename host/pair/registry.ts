// Pair styles by name, as `pair_style NAME` spells them. Add a style: one module in host/pair/, one line here.

import type { PairFactory } from './pair.js';
import { PairEam } from './eam.js';
import { PairEamAlloy, PairEamFs } from './eam-setfl.js';
import { PairZero } from './zero.js';
import { PairCoulStreitz } from './coul-streitz.js';
import { PairHybrid } from './hybrid.js';
import { PairEctEam } from './ect-eam.js';

export const pairStyles: Record<string, PairFactory> = {
  'eam': () => new PairEam(),
  'eam/alloy': () => new PairEamAlloy(),
  'eam/fs': () => new PairEamFs(),
  'zero': () => new PairZero(),
  'coul/streitz': () => new PairCoulStreitz(),
  'ect/eam': () => new PairEctEam(),
  'hybrid': () => new PairHybrid(false, pairStyles),
  'hybrid/overlay': () => new PairHybrid(true, pairStyles),
};
