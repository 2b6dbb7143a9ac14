// Ghost translations when the cell changes shape without a rebuild (fix box/relax, barostats): each ghost keeps
// its image (whole periods along a, b, c) and moves with the new edges. The ghosts themselves are found by the
// kernel (assembly/comm.ts ghost_build) at every neighbour-list build.

import type { Box } from '../system/box.js';

/** Cartesian ghost translations for `image` (periods along a, b, c) in `box`. */
export function ghostShifts(box: Box, image: Int32Array, nghost: number, shift: Float64Array): void {
  const edges = box.edges();
  for (let g = 0; g < nghost; g++) {
    const a = image[3 * g], b = image[3 * g + 1], c = image[3 * g + 2];
    shift[3 * g] = a * edges[0][0] + b * edges[1][0] + c * edges[2][0];
    shift[3 * g + 1] = a * edges[0][1] + b * edges[1][1] + c * edges[2][1];
    shift[3 * g + 2] = a * edges[0][2] + b * edges[1][2] + c * edges[2][2];
  }
}
