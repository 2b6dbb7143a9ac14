// Park–Miller "minimal standard" generator (Park & Miller, CACM 31, 1192 (1988)), Schrage factorisation,
// with the Marsaglia polar Gaussian and the per-coordinate reseeding of LAMMPS src/random_park.cpp,
// reproduced bit for bit so that velocity/displace_atoms/set give LAMMPS's numbers.

import { EctmdError } from '../errors.js';

const IA = 16807;
const IM = 2147483647;
const AM = 1.0 / IM;
const IQ = 127773;
const IR = 2836;

/** Bytes of the seed (int32) and of three float64 coordinates, little-endian as on x86-64. */
const hashBytes = new DataView(new ArrayBuffer(4 + 24));

/** Jenkins one-at-a-time step: C's `hash += (signed char) b; hash += hash << 10; hash ^= hash >> 6` on uint32. */
function mix(hash: number, byte: number): number {
  const signedByte = byte < 128 ? byte : byte - 256;
  hash = (hash + signedByte) >>> 0;
  hash = (hash + (hash << 10)) >>> 0;
  return (hash ^ (hash >>> 6)) >>> 0;
}

export class RanPark {
  private seed: number;
  private save = false;
  private second = 0;

  /** seed: integer in 1 .. 2^31-2, as LAMMPS requires. */
  constructor(seed: number) {
    this.seed = RanPark.checkSeed(seed);
  }

  private static checkSeed(seed: number): number {
    if (!Number.isInteger(seed) || seed <= 0 || seed >= IM) {
      throw new EctmdError(`Invalid seed for Park random # generator: expected an integer in 1..${IM - 1}, found ${seed}`);
    }
    return seed;
  }

  /** Uniform deviate in (0,1). */
  uniform(): number {
    const k = Math.trunc(this.seed / IQ);
    let s = IA * (this.seed - k * IQ) - IR * k;
    if (s < 0) s += IM;
    this.seed = s;
    return AM * s;
  }

  /** Standard normal deviate, polar method; values come in pairs, the second is cached. */
  gaussian(): number {
    if (this.save) {
      this.save = false;
      return this.second;
    }
    let v1: number, v2: number, rsq: number;
    do {
      v1 = 2.0 * this.uniform() - 1.0;
      v2 = 2.0 * this.uniform() - 1.0;
      rsq = v1 * v1 + v2 * v2;
    } while (!(rsq < 1.0 && rsq !== 0.0));
    const fac = Math.sqrt((-2.0 * Math.log(rsq)) / rsq);
    this.second = v1 * fac;
    this.save = true;
    return v2 * fac;
  }

  /** Plain reseed (LAMMPS RanPark::reset(int)). */
  resetSeed(seed: number): void {
    this.seed = RanPark.checkSeed(seed);
    this.save = false;
  }

  /**
   * Reseed from a base seed and a point (LAMMPS RanPark::reset(int, double*)): Jenkins one-at-a-time hash
   * over the 4 bytes of the seed and the 24 bytes of the coordinates, keep the low 27 bits (LAMMPS masks with
   * 0x7ffffff), 0 becomes 1, then five warm-up draws. Results depend only on the seed and the coordinates.
   */
  reset(seed: number, coord: ArrayLike<number>, offset = 0): void {
    hashBytes.setInt32(0, seed, true);
    hashBytes.setFloat64(4, coord[offset], true);
    hashBytes.setFloat64(12, coord[offset + 1], true);
    hashBytes.setFloat64(20, coord[offset + 2], true);
    let hash = 0;
    for (let b = 0; b < 28; b++) hash = mix(hash, hashBytes.getUint8(b));
    hash = (hash + (hash << 3)) >>> 0;
    hash = (hash ^ (hash >>> 11)) >>> 0;
    hash = (hash + (hash << 15)) >>> 0;
    this.seed = hash & 0x7ffffff;
    if (this.seed === 0) this.seed = 1;
    for (let i = 0; i < 5; i++) this.uniform();
    this.save = false;
  }

  /** Current internal state (LAMMPS RanPark::state()). */
  state(): number {
    return this.seed;
  }
}
