// Loads the ectmd kernel (.wasm, SIMD or scalar build) with @assemblyscript/loader and hands out typed views of
// its memory. Views are made fresh on every call: memory.grow() detaches old ones (never cache them).

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { instantiateSync } from '@assemblyscript/loader';
import { EctmdError } from '../errors.js';

export type KernelKind = 'simd' | 'scalar';

export interface KernelExports {
  memory: WebAssembly.Memory;
  abi_version(): number;
  alloc(bytes: number): number;
  reset(): void;
  bin_atoms(nall: number, x: number, lox: number, loy: number, loz: number, binsize: number,
    nbx: number, nby: number, nbz: number, binOf: number, binStart: number, binAtoms: number, xb: number): void;
  bin_count(a0: number, a1: number, x: number, lox: number, loy: number, loz: number, binsize: number,
    nbx: number, nby: number, nbz: number, binOf: number, counts: number): void;
  bin_offsets(nbins: number, ranks: number, counts: number, stride: number, binStart: number): void;
  bin_place(a0: number, a1: number, x: number, binOf: number, cursors: number, binAtoms: number, xb: number): void;
  build_half(i0: number, i1: number, x: number, lox: number, loy: number, loz: number, binsize: number,
    nbx: number, nby: number, nbz: number, binOf: number,
    binStart: number, binAtoms: number, xb: number, cutsq: number, offs: number, idx: number, capacity: number): number;
  list_place(i0: number, i1: number, offs: number, base: number, dst: number, src: number, count: number): void;
  list_entry_bytes(bytes: number): number;
  ghost_positions(nlocal: number, nghost: number, owner: number, shift: number, x: number): void;
  ghost_build(n: number, x: number, lox: number, loy: number, loz: number, h0: number, h1: number, h2: number, h3: number, h4: number, h5: number,
    cf0: number, cf1: number, cf2: number, ax: number, ay: number, az: number, bx: number, by: number, bz: number, cx: number, cy: number, cz: number,
    lam: number, cap: number, owner: number, image: number, shift: number): number;
  ghost_frac(i0: number, i1: number, x: number, lox: number, loy: number, loz: number, h0: number, h1: number, h2: number,
    h3: number, h4: number, h5: number, lam: number): void;
  ghost_count(a0: number, a1: number, d: number, cf: number, lam: number): number;
  ghost_add(n: number, a0: number, a1: number, d: number, cf: number, lam: number, g0: number, cap: number, owner: number, image: number): number;
  ghost_shifts(g0: number, g1: number, image: number, ax: number, ay: number, az: number, bx: number, by: number, bz: number,
    cx: number, cy: number, cz: number, shift: number): void;
  ghost_copy_i32(nlocal: number, nghost: number, owner: number, a: number): void;
  outside_atoms(n: number, x: number, lox: number, loy: number, loz: number, hix: number, hiy: number, hiz: number, out: number): number;
  ke_tensor(i0: number, i1: number, v: number, type: number, mass: number, mask: number, out: number): void;
  bounds3(n: number, x: number, out: number): void;
  ghost_fold(nlocal: number, nghost: number, owner: number, a: number, width: number): void;
  ghost_fold_owners(nlocal: number, nghost: number, owner: number, a: number, width: number, o0: number, o1: number): void;
  ghost_copy(nlocal: number, nghost: number, owner: number, a: number): void;
  ghost_copy_owners(nlocal: number, nghost: number, owner: number, a: number, o0: number, o1: number): void;
  virial_fdotr(a0: number, a1: number, x: number, f: number, out: number): void;
  virial_fold(nlocal: number, nghost: number, owner: number, x: number, f: number, o0: number, o1: number, out: number): void;
  moved_beyond(i0: number, i1: number, x: number, xhold: number, trig: number): number;
  nve_initial(i0: number, i1: number, x: number, v: number, f: number, type: number, dtfm: number, mask: number, dt: number): void;
  nve_final(i0: number, i1: number, v: number, f: number, type: number, dtfm: number, mask: number): void;
  add_into(k0: number, k1: number, dst: number, src: number): void;
  zero_f64(k0: number, k1: number, a: number): void;
  eam_density(pot: number, i0: number, i1: number, x: number, type: number, offs: number, idx: number,
    smask: number, scratch: number, rho: number): void;
  eam_density_split(pot: number, i0: number, i1: number, x: number, type: number, offs: number, idx: number,
    smask: number, scratch: number, rho: number, nlocal: number, rhoGhost: number): void;
  eam_embed(pot: number, i0: number, i1: number, type: number, rho: number, fp: number, eflag: number, eatom: number): number;
  eam_force(pot: number, i0: number, i1: number, x: number, type: number, offs: number, idx: number, smask: number,
    scratch: number, fp: number, f: number, eflag: number, eatom: number, vatom: number): number;
  eam_force_split(pot: number, i0: number, i1: number, x: number, type: number, offs: number, idx: number, smask: number,
    scratch: number, fp: number, f: number, nlocal: number, fGhost: number, eflag: number): number;
  list_shorten(n: number, x: number, offs: number, idx: number, cutsq: number, offs2: number, idx2: number): number;
  bin_reach(nlocal: number, nbx: number, nby: number, nbz: number, rows: number, binStart: number, binAtoms: number,
    arcs: number, out: number): number;
  coul_streitz_setup(pot: number): void;
  coul_streitz(pot: number, i0: number, i1: number, x: number, type: number, q: number, offs: number, idx: number,
    soffs: number, send: number, sidx: number, sr: number, f: number, eflag: number, eatom: number, vatom: number, scratch: number): number;
  coul_streitz_hessian(pot: number, i0: number, i1: number, x: number, type: number, offs: number, idx: number,
    soffs: number, send: number, sidx: number, h: number, diag: number, lin: number, scratch: number, nlocal: number, owner: number): void;
  coul_slater_ff(za: number, zb: number, r: number, out: number): void;
  coul_slater_nf(z: number, r: number, out: number): void;
  coul_erfc(x: number): number;
  coul_exp_erfc2(x0: number, x1: number, out: number): void;
  qeq_slater_matrix(pot: number, i0: number, i1: number, x: number, type: number, offs: number, idx: number, cutsq: number,
    alpha: number, soffs: number, send: number, sidx: number, h: number, chiz: number, tab: number, scratch: number, nlocal: number, owner: number): void;
  coul_table_bytes(ntypes: number, groups: number, rc: number): number;
  coul_table_fill(pot: number, tab: number, kind: number, alpha: number, rc: number): void;
  coul_table_check(pot: number, tab: number, kind: number, group: number, it: number, jt: number, r: number, alpha: number, out: number): void;
  qeq_matvec2(i0: number, i1: number, soffs: number, send: number, sidx: number, h: number, diag: number, v: number, y: number): void;
  qeq_matvec(i0: number, i1: number, soffs: number, send: number, sidx: number, h: number, diag: number, v: number, y: number, stride: number): void;
  qeq_cg_start(i0: number, i1: number, lanes: number, b: number, q: number, r: number, d: number, m: number, out: number): void;
  qeq_cg_dot(i0: number, i1: number, lanes: number, d: number, q: number, out: number): void;
  qeq_cg_update(i0: number, i1: number, lanes: number, alfa0: number, alfa1: number, x: number, r: number, p: number, d: number, q: number, m: number, out: number): void;
  qeq_cg_direction(i0: number, i1: number, lanes: number, beta0: number, beta1: number, p: number, d: number): void;
  ewald_sums(n: number, x: number, q: number, kcount: number, kvec: number, kmax: number, unitk: number, qqrd2e: number,
    eik: number, cs: number, fk: number, eatom: number, vatom: number, vir: number): number;
  ect_gather(pot: number, i0: number, i1: number, x: number, type: number, offs: number, idx: number,
    send: number, lbeg: number, sidx: number, r: number, v: number, dv: number, out: number): number;
  ect_energy(pot: number, n: number, type: number, owner: number, offs: number, send: number, lbeg: number, sidx: number,
    r: number, v: number, w: number, g: number, rho: number, fp: number, q: number, V: number, eatom: number, scratch: number): number;
  ect_density(pot: number, i0: number, i1: number, n: number, type: number, owner: number, offs: number, send: number, sidx: number,
    r: number, w: number, rho: number, scratch: number): void;
  ect_embed(pot: number, i0: number, i1: number, type: number, rho: number, w: number, g: number, fp: number, q: number,
    V: number, eatom: number, out: number): void;
  ect_pairs(pot: number, i0: number, i1: number, n: number, type: number, owner: number, offs: number, send: number,
    lbeg: number, sidx: number, r: number, v: number, w: number, g: number, fp: number, q: number, V: number, eatom: number, scratch: number, out: number): void;
  ect_lr_grad(pot: number, i0: number, i1: number, type: number, V: number, g: number): void;
  ect_force(pot: number, i0: number, i1: number, n: number, x: number, type: number, owner: number, offs: number, send: number,
    lbeg: number, sidx: number, r: number, dv: number, w: number, fp: number, q: number, f: number, vatom: number, scratch: number): void;
}

export const KERNEL_ABI_VERSION = 13;

/** Bytes of the scratch each concurrent EAM pass needs of its own: a 128-candidate chunk's seven f64 blocks, its
 *  neighbours (i32) and inside-the-cutoff flags (bytes), 7,824 of them (assembly/eam.ts, docs/abi.md). */
export const SCRATCH_BYTES = 8192;

const here = dirname(fileURLToPath(import.meta.url));

/** Path of a kernel build: build/ectmd.<kind>[.shared].wasm at the package root (host/ is one or two levels below). */
export function kernelPath(kind: KernelKind, shared = false): string {
  const name = `ectmd.${kind}${shared ? '.shared' : ''}.wasm`;
  const candidates = [join(here, '..', '..', 'build'), join(here, '..', '..', '..', 'build')];
  for (const dir of candidates) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  throw new EctmdError(`kernel build/${name} not found: run 'npm run build' first`);
}

/** Linear memory for a team of workers: shared, growable up to 4 GiB (the wasm32 limit). */
export function sharedKernelMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
}

export class Kernel {
  readonly kind: KernelKind;
  readonly k: KernelExports;
  /** true for the build that imports a shared memory (several workers on one memory) */
  readonly shared: boolean;

  /** The import-free build owning its memory, or, given a shared memory, the build that imports it. */
  constructor(kind: KernelKind, memory?: WebAssembly.Memory) {
    this.kind = kind;
    this.shared = memory !== undefined;
    const bytes = readFileSync(kernelPath(kind, this.shared));
    const mod = instantiateSync<Record<string, unknown>>(bytes, memory ? { env: { memory } } : {});
    // the instance's own exports, not the loader's demangled ones: those wrap every function in a closure with rest
    // arguments and a spread (for optional arguments, which no kernel export has), an array allocated per call (a
    // team's rank makes thousands of kernel calls per run)
    const raw = mod.instance.exports as unknown as Record<string, unknown>;
    this.k = (memory ? { ...raw, memory } : raw) as unknown as KernelExports;
    // module start (sets the allocator's base); an instance on an imported memory does not run it by itself
    (raw as { _initialize?: () => void })._initialize?.();
    const v = this.k.abi_version();
    if (v !== KERNEL_ABI_VERSION) throw new EctmdError(`kernel ABI version ${v}, host expects ${KERNEL_ABI_VERSION}`);
  }

  alloc(bytes: number): number {
    // addresses at or above 2 GiB come back as negative i32: read them unsigned
    const p = bytes < 2 ** 32 ? this.k.alloc(Math.max(16, bytes)) >>> 0 : 0;
    if (p === 0) throw new EctmdError(`out of kernel memory: cannot allocate ${bytes} bytes (WebAssembly memory is limited to 4 GiB)`);
    return p;
  }
  reset(): void { this.k.reset(); }
  f64(ptr: number, n: number): Float64Array { return new Float64Array(this.k.memory.buffer, ptr, n); }
  i32(ptr: number, n: number): Int32Array { return new Int32Array(this.k.memory.buffer, ptr, n); }
  u8(ptr: number, n: number): Uint8Array { return new Uint8Array(this.k.memory.buffer, ptr, n); }
  /** Bytes of linear memory currently reserved (for memory reports). */
  memoryBytes(): number { return this.k.memory.buffer.byteLength; }
}

/** SIMD when the engine validates the SIMD build, otherwise scalar. */
export function defaultKernelKind(): KernelKind {
  try {
    return WebAssembly.validate(readFileSync(kernelPath('simd'))) ? 'simd' : 'scalar';
  } catch {
    return 'scalar';
  }
}
