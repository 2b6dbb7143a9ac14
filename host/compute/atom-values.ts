// Per-atom quantities by their LAMMPS names (dump custom, compute property/atom, compute reduce):
// id type mass x y z xs ys zs xu yu zu ix iy iz vx vy vz fx fy fz q.

import type { Engine } from '../engine/engine.js';

const NAMES = ['id', 'type', 'mass', 'x', 'y', 'z', 'xs', 'ys', 'zs', 'xu', 'yu', 'zu', 'ix', 'iy', 'iz',
  'vx', 'vy', 'vz', 'fx', 'fy', 'fz', 'q'] as const;

export function isAtomValue(name: string): boolean {
  return (NAMES as readonly string[]).includes(name);
}

/** True for attributes written as integers in dumps. */
export function isIntegerValue(name: string): boolean {
  return name === 'id' || name === 'type' || name === 'ix' || name === 'iy' || name === 'iz';
}

export function atomValues(engine: Engine, name: string): Float64Array {
  const a = engine.atoms, n = a.n, out = new Float64Array(n);
  const comp = (arr: Float64Array | Int32Array | Int16Array, k: number) => { for (let i = 0; i < n; i++) out[i] = arr[3 * i + k]; };
  const box = engine.box!;
  switch (name) {
    case 'id': for (let i = 0; i < n; i++) out[i] = a.tag[i]; break;
    case 'type': for (let i = 0; i < n; i++) out[i] = a.type[i]; break;
    case 'mass': for (let i = 0; i < n; i++) out[i] = a.mass[a.type[i]]; break;
    case 'x': comp(a.x, 0); break;
    case 'y': comp(a.x, 1); break;
    case 'z': comp(a.x, 2); break;
    case 'ix': comp(a.image, 0); break;
    case 'iy': comp(a.image, 1); break;
    case 'iz': comp(a.image, 2); break;
    case 'vx': comp(a.v, 0); break;
    case 'vy': comp(a.v, 1); break;
    case 'vz': comp(a.v, 2); break;
    case 'fx': comp(a.f, 0); break;
    case 'fy': comp(a.f, 1); break;
    case 'fz': comp(a.f, 2); break;
    case 'q': for (let i = 0; i < n; i++) out[i] = a.q[i]; break;
    case 'xs': case 'ys': case 'zs': {
      const d = name.charCodeAt(0) - 120, l = [0, 0, 0];
      for (let i = 0; i < n; i++) { box.toLamda(a.x[3 * i], a.x[3 * i + 1], a.x[3 * i + 2], l); out[i] = l[d]; }
      break;
    }
    case 'xu': case 'yu': case 'zu': {
      const d = name.charCodeAt(0) - 120, e = box.edges();
      for (let i = 0; i < n; i++) {
        out[i] = a.x[3 * i + d] + a.image[3 * i] * e[0][d] + a.image[3 * i + 1] * e[1][d] + a.image[3 * i + 2] * e[2][d];
      }
      break;
    }
    default: throw new Error(`unknown atom attribute ${name}`);
  }
  return out;
}
