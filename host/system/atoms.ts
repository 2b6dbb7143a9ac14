// Per-atom state of the owned atoms, structure of arrays (LAMMPS atom->x, v, f, tag, type, q, image).
// Positions, velocities and forces are interleaved x[3*i+k]; image flags likewise. An engine's atoms keep positions,
// velocities and forces in its kernel's memory (useStorage), where kernels and worker threads use them in place.

import { EctmdError } from '../errors.js';
import { permuteRows } from './sort.js';

export type AtomStyle = 'atomic' | 'charge';

/** Where an engine keeps the atoms' positions, velocities and forces instead of the JS heap: its kernel's memory
 *  (host/wasm/atom-vectors.ts), so kernels read and write them in place. `vectors(count)` returns views of at least
 *  `count` f64 each whose entries keep their contents; views taken earlier may be stale after any later call that
 *  grows kernel memory (a neighbour build), so code re-reads atoms.x, v and f instead of holding them across one. */
export interface VectorStorage {
  vectors(count: number): { x: Float64Array; v: Float64Array; f: Float64Array };
}

/** Most atom types ectmd accepts: pair tables hold ntypes² entries, so 2^31 types would allocate without end
 * (LAMMPS has no cap of its own; it runs out of memory). */
export const MAX_ATOM_TYPES = 1000;

export class Atoms {
  n = 0;
  capacity = 0;
  tag = new Int32Array(0);
  /** atom types 1..ntypes (≤ MAX_ATOM_TYPES, so 16 bits) */
  type = new Int16Array(0);
  x: Float64Array = new Float64Array(0);
  v: Float64Array = new Float64Array(0);
  f: Float64Array = new Float64Array(0);
  /** image flags, 16 bits each until one leaves ±32767 (6 bytes per atom less than LAMMPS's packed int's 3 × 32
   *  bits); then 32. Write them through setImage/addImage, which widen the array when needed. */
  image: Int16Array | Int32Array = new Int16Array(0);
  /** charges, made (zero) at first use: an EAM run of atom_style atomic never reads them (8 bytes per atom saved) */
  private charges: Float64Array | null = null;
  /** Number of atom types; types run 1..ntypes. */
  ntypes = 0;
  /** mass[t] for t in 1..ntypes (amu); massSet[t] = 1 once defined. */
  mass = new Float64Array(1);
  massSet = new Uint8Array(1);
  style: AtomStyle = 'atomic';
  /** the engine's storage of x, v and f (null: plain arrays) */
  private storage: VectorStorage | null = null;

  /** The charges (zeros until set; allocated by the first call). */
  get q(): Float64Array {
    this.charges ??= new Float64Array(this.capacity);
    return this.charges;
  }

  /** Whether the charges have been made (read or written since the atoms were made). */
  get chargesHeld(): boolean { return this.charges !== null; }

  /** A copy of the first n charges (zeros, without making the array, when none were made). */
  chargesCopy(n: number): Float64Array {
    return this.charges ? this.charges.slice(0, n) : new Float64Array(n);
  }

  /** Charges from `q` (atoms 0..q.length-1); all zeros leave an unmade array unmade. */
  setCharges(q: Float64Array): void {
    if (this.charges || q.some((v) => v !== 0)) this.q.set(q);
  }

  /** Keep x, v and f in `storage` from now on, their contents copied there. */
  useStorage(storage: VectorStorage): void {
    if (this.storage === storage) return;
    const { x, v, f } = this, k = 3 * this.n;
    this.storage = storage;
    this.bindVectors();
    this.x.set(x.subarray(0, k)); this.v.set(v.subarray(0, k)); this.f.set(f.subarray(0, k));
  }

  /** Take fresh views of the storage (after it moved them); nothing without storage. */
  bindVectors(): void {
    if (!this.storage) return;
    const w = this.storage.vectors(3 * this.capacity);
    this.x = w.x; this.v = w.v; this.f = w.f;
  }

  setTypes(ntypes: number): void {
    if (!(ntypes >= 1 && ntypes <= MAX_ATOM_TYPES)) throw new EctmdError(`Number of atom types: expected 1..${MAX_ATOM_TYPES}, found ${ntypes}`);
    this.ntypes = ntypes;
    this.mass = new Float64Array(ntypes + 1);
    this.massSet = new Uint8Array(ntypes + 1);
  }

  /** Room for n atoms; growth by half the capacity at least, so that adding atoms one by one copies each few times. */
  reserve(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, Math.ceil(this.capacity * 1.5), 16);
    const grow = <T extends Float64Array | Int32Array | Int16Array>(a: T, k: number): T => {
      let b: T;
      try {
        b = new (a.constructor as { new (n: number): T })(cap * k);
      } catch {
        throw new EctmdError(`Out of memory for atoms: expected room for ${n} atoms, found an allocation of ${cap * k * a.BYTES_PER_ELEMENT} bytes refused`);
      }
      b.set(a.subarray(0, this.n * k));
      return b;
    };
    this.tag = grow(this.tag, 1);
    this.type = grow(this.type, 1);
    if (this.charges) this.charges = grow(this.charges, 1);
    this.image = grow(this.image, 3);
    this.capacity = cap;
    if (this.storage) {
      this.bindVectors();
    } else {
      this.x = grow(this.x, 3);
      this.v = grow(this.v, 3);
      this.f = grow(this.f, 3);
    }
  }

  /** Append one atom; returns its local index. */
  add(tag: number, type: number, x: number, y: number, z: number): number {
    this.reserve(this.n + 1);
    const i = this.n++;
    this.tag[i] = tag;
    this.type[i] = type;
    this.x[3 * i] = x; this.x[3 * i + 1] = y; this.x[3 * i + 2] = z;
    this.v[3 * i] = 0; this.v[3 * i + 1] = 0; this.v[3 * i + 2] = 0;
    this.f[3 * i] = 0; this.f[3 * i + 1] = 0; this.f[3 * i + 2] = 0;
    if (this.charges) this.charges[i] = 0;
    this.image[3 * i] = 0; this.image[3 * i + 1] = 0; this.image[3 * i + 2] = 0;
    return i;
  }

  /** Image flag k (3·atom + dimension) set to v, the flags widened to 32 bits if v needs them. */
  setImage(k: number, v: number): void {
    if (this.image instanceof Int16Array && (v > 32767 || v < -32768)) this.image = Int32Array.from(this.image);
    this.image[k] = v;
  }

  /** Image flag k moved by `by` periods (setImage). */
  addImage(k: number, by: number): void { this.setImage(k, this.image[k] + by); }

  /** Reorder the atoms: atom k becomes the present atom perm[k] (spatial sort, host/system/sort.ts). The forces are
   *  not reordered: a sort comes at a neighbour build, and the forces are computed anew before anything reads them
   *  (the engine lends their memory to the sort). */
  permute(perm: Int32Array): void {
    permuteRows(this.tag, perm, 1); permuteRows(this.type, perm, 1);
    if (this.charges) permuteRows(this.charges, perm, 1);
    permuteRows(this.x, perm, 3); permuteRows(this.v, perm, 3); permuteRows(this.image, perm, 3);
  }

  maxTag(): number {
    let m = 0;
    for (let i = 0; i < this.n; i++) if (this.tag[i] > m) m = this.tag[i];
    return m;
  }
}
