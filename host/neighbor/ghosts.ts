// Periodic ghost atoms for one process owning the whole cell: every image of an owned atom lying within
// `cut` of the cell (in each lattice direction, measured perpendicular to the faces) becomes a ghost, found
// direction by direction in fractional coordinates as LAMMPS comm->borders does, so corners are covered.

import type { Box } from '../system/box.js';

export interface GhostSet {
  nghost: number;
  /** owned atom each ghost is an image of */
  owner: Int32Array;
  /** Cartesian translation from the owner to the ghost, 3 per ghost */
  shift: Float64Array;
  /** the same translation in whole cell periods along a, b, c, 3 per ghost */
  image: Int32Array;
}

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

/** Build the ghost set for owned positions x (3n, inside the cell) and ghost cutoff cut (Å). */
export function buildGhosts(box: Box, x: Float64Array, n: number, cut: number): GhostSet {
  const w = box.widths();
  const hinv = box.hinv();
  // fractional coordinates of owned atoms, then of ghosts as they are added
  let cap = Math.max(16, n);
  let lam = new Float64Array(3 * (n + cap));
  let owner = new Int32Array(cap);
  let img = new Int32Array(3 * cap);
  for (let i = 0; i < n; i++) {
    const dx = x[3 * i] - box.lo[0], dy = x[3 * i + 1] - box.lo[1], dz = x[3 * i + 2] - box.lo[2];
    lam[3 * i] = hinv[0] * dx + hinv[5] * dy + hinv[4] * dz;
    lam[3 * i + 1] = hinv[1] * dy + hinv[3] * dz;
    lam[3 * i + 2] = hinv[2] * dz;
  }
  let ng = 0;
  const push = (src: number, d: number, k: number): void => {
    if (ng === cap) {
      cap *= 2;
      const l2 = new Float64Array(3 * (n + cap)); l2.set(lam); lam = l2;
      const o2 = new Int32Array(cap); o2.set(owner); owner = o2;
      const i2 = new Int32Array(3 * cap); i2.set(img); img = i2;
    }
    const g = n + ng;
    lam[3 * g] = lam[3 * src]; lam[3 * g + 1] = lam[3 * src + 1]; lam[3 * g + 2] = lam[3 * src + 2];
    lam[3 * g + d] += k;
    if (src < n) {
      owner[ng] = src;
      img[3 * ng] = 0; img[3 * ng + 1] = 0; img[3 * ng + 2] = 0;
    } else {
      const s = src - n;
      owner[ng] = owner[s];
      img[3 * ng] = img[3 * s]; img[3 * ng + 1] = img[3 * s + 1]; img[3 * ng + 2] = img[3 * s + 2];
    }
    img[3 * ng + d] += k;
    ng++;
  };
  for (let d = 0; d < 3; d++) {
    if (!box.periodic[d]) continue;
    const cf = cut / w[d];
    const nimg = Math.ceil(cf);
    const count = n + ng;
    for (let a = 0; a < count; a++) {
      const s = lam[3 * a + d];
      for (let k = -nimg; k <= nimg; k++) {
        if (k === 0) continue;
        const t = s + k;
        if (t >= -cf && t < 1 + cf) push(a, d, k);
      }
    }
  }
  const shift = new Float64Array(3 * ng);
  const image = img.slice(0, 3 * ng);
  ghostShifts(box, image, ng, shift);
  return { nghost: ng, owner: owner.slice(0, ng), shift, image };
}
