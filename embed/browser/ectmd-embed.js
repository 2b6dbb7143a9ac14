// One EAM energy/force evaluation through the ectmd kernel ABI (docs/abi.md) from plain JavaScript: no loader,
// no bundler, no ectmd host code. Runs in a browser page and in Node alike; the call sequence is the one the
// ABI walkthrough describes, with the same ghost, bin and list parameters as ectmd's host (host/neighbor).

export const ABI_VERSION = 13;

/** The example crystal (fccCrystal arguments) the page, ectmd's reference script and the C harness share. */
export const CU_CASE = { cells: 3, a: 3.615, amplitude: 0.1, seed: 2026 };

/** Instantiate a kernel build (bytes of ectmd.scalar.wasm or ectmd.simd.wasm) with no imports, and run its start code. */
export async function instantiateKernel(bytes) {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const k = instance.exports;
  // the module's start code (allocator base, kernel constants) is exported, not run at instantiation
  k._initialize?.();
  if (k.abi_version() !== ABI_VERSION) throw new Error(`kernel ABI version ${k.abi_version()}, this page expects ${ABI_VERSION}`);
  return k;
}

/** EAM spline tables in the text format scripts/embed-reference.ts writes (header `ectmd-eam-tables 1`). */
export function parseTables(text) {
  const w = text.split(/\s+/).filter((s) => s.length > 0);
  let p = 0;
  const word = (expect) => {
    if (w[p] !== expect) throw new Error(`EAM tables: expected '${expect}' at token ${p}, found '${w[p]}'`);
    p++;
  };
  const num = () => { const v = Number(w[p++]); if (Number.isNaN(v)) throw new Error(`EAM tables: number expected at token ${p - 1}`); return v; };
  const ints = (n) => Int32Array.from({ length: n }, num);
  const f64s = (n) => Float64Array.from({ length: n }, num);
  word('ectmd-eam-tables'); word('1');
  const t = {};
  for (const key of ['ntypes', 'nr', 'nrho', 'rdr', 'rdrho', 'rhomax', 'cutforcesq', 'cutmax']) { word(key); t[key] = num(); }
  const nt1 = t.ntypes + 1;
  word('type2frho'); t.type2frho = ints(nt1);
  word('type2rhor'); t.type2rhor = ints(nt1 * nt1);
  word('type2z2r'); t.type2z2r = ints(nt1 * nt1);
  for (const [key, n] of [['frho', t.nrho], ['rhor', t.nr], ['z2r', t.nr]]) {
    word(key);
    const count = num();
    t[key] = Array.from({ length: count }, () => f64s(7 * (n + 1)));
  }
  if (p !== w.length) throw new Error(`EAM tables: ${w.length - p} tokens left over after the z2r tables`);
  return t;
}

/** fcc crystal of cells³ conventional cells (lattice constant a, Å) in the orthogonal periodic box [0, cells·a)³,
 *  basis shifted by a/4 so that atoms displaced by up to `amplitude` Å (a fixed 32-bit LCG from `seed`) stay
 *  inside the box. One atom type. */
export function fccCrystal(cells, a, amplitude, seed) {
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const n = 4 * cells ** 3;
  const x = new Float64Array(3 * n);
  let s = seed >>> 0, i = 0;
  const jitter = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return amplitude * (2 * (s / 4294967296) - 1); };
  for (let cz = 0; cz < cells; cz++) for (let cy = 0; cy < cells; cy++) for (let cx = 0; cx < cells; cx++) {
    for (const b of basis) {
      x[i++] = (cx + b[0] + 0.25) * a + jitter();
      x[i++] = (cy + b[1] + 0.25) * a + jitter();
      x[i++] = (cz + b[2] + 0.25) * a + jitter();
    }
  }
  const L = cells * a;
  return { n, lo: [0, 0, 0], hi: [L, L, L], x, type: new Int32Array(n).fill(1) };
}

/** Energy (eV), virial (eV, xx yy zz xy xz yz) and forces (eV/Å, 3 per atom) of `crystal` under the EAM `tables`,
 *  in an orthogonal box periodic in x, y, z, with a neighbour list of cutoff cutmax + skin (ectmd's default skin
 *  is 2 Å). Every buffer is allocated once after reset(), so no view goes stale. */
export function evaluateEam(k, tables, crystal, skin = 2.0) {
  const t = tables, { n, lo, hi } = crystal, nt1 = t.ntypes + 1;
  k.reset();
  const alloc = (bytes) => { const p = k.alloc(Math.max(16, bytes)) >>> 0; if (p === 0) throw new Error(`kernel alloc(${bytes}) failed`); return p; };
  const f64 = (p, len) => new Float64Array(k.memory.buffer, p, len);
  const i32 = (p, len) => new Int32Array(k.memory.buffer, p, len);

  // 1. potential: spline tables, the three type maps (a shared all-zero table for unset entries), descriptor
  const place = (s) => { const p = alloc(8 * s.length); f64(p, s.length).set(s); return p; };
  const pf = t.frho.map(place), pr = t.rhor.map(place), pz = t.z2r.map(place);
  const zero = place(new Float64Array(7 * (Math.max(t.nr, t.nrho) + 1)));
  const mapFrho = alloc(4 * nt1), mapRhor = alloc(4 * nt1 * nt1), mapZ2r = alloc(4 * nt1 * nt1);
  for (let i = 0; i < nt1; i++) {
    i32(mapFrho, nt1)[i] = i > 0 && t.type2frho[i] >= 0 ? pf[t.type2frho[i]] : zero;
    for (let j = 0; j < nt1; j++) {
      const q = i * nt1 + j, treated = i > 0 && j > 0 && t.type2frho[i] >= 0 && t.type2frho[j] >= 0;
      i32(mapRhor, nt1 * nt1)[q] = treated && t.type2rhor[q] >= 0 ? pr[t.type2rhor[q]] : zero;
      i32(mapZ2r, nt1 * nt1)[q] = treated && t.type2z2r[q] >= 0 ? pz[t.type2z2r[q]] : zero;
    }
  }
  const pot = alloc(64);
  const d = new DataView(k.memory.buffer, pot, 64);
  d.setInt32(0, t.ntypes, true); d.setInt32(4, t.nr, true); d.setInt32(8, t.nrho, true);
  d.setInt32(12, mapFrho, true); d.setInt32(16, mapRhor, true); d.setInt32(20, mapZ2r, true);
  d.setFloat64(24, t.rdr, true); d.setFloat64(32, t.rdrho, true); d.setFloat64(40, t.rhomax, true); d.setFloat64(48, t.cutforcesq, true);

  // 2. periodic images: ghost_build in fractional coordinates (h⁻¹ in LAMMPS order xx yy zz yz xz xy, as domain.cpp)
  const lx = hi[0] - lo[0], ly = hi[1] - lo[1], lz = hi[2] - lo[2];
  const hinv = [1 / lx, 1 / ly, 1 / lz, -0 / (ly * lz), (0 * 0 - ly * 0) / (lx * ly * lz), -0 / (lx * ly)];
  const width = [1 / hinv[0], 1 / hinv[1], 1 / hinv[2]];
  const cutneigh = t.cutmax + skin;
  const cf = width.map((wd) => cutneigh / wd);
  const cap = Math.ceil(1024 + 1.1 * n * ((1 + 2 * cf[0]) * (1 + 2 * cf[1]) * (1 + 2 * cf[2]) - 1));
  const x = alloc(24 * (n + cap)), lam = alloc(24 * (n + cap));
  const owner = alloc(4 * cap), image = alloc(12 * cap), shift = alloc(24 * cap);
  f64(x, 3 * n).set(crystal.x);
  const ng = k.ghost_build(n, x, lo[0], lo[1], lo[2], ...hinv, ...cf, lx, 0, 0, 0, ly, 0, 0, 0, lz, lam, cap, owner, image, shift);
  if (ng < 0) throw new Error('ghost_build: more ghosts than the capacity');
  k.ghost_positions(n, ng, owner, shift, x);
  const nall = n + ng;
  const type = alloc(4 * nall);
  i32(type, n).set(crystal.type);
  k.ghost_copy_i32(n, ng, owner, type);

  // 3. bins over the bounding box of owned + ghost atoms (bin edge cutneigh/2), then the half list
  const bbox = alloc(48);
  k.bounds3(nall, x, bbox);
  const [blx, bly, blz, bhx, bhy, bhz] = f64(bbox, 6);
  const binsize = 0.5 * cutneigh;
  const nbx = Math.floor((bhx - blx) / binsize) + 1, nby = Math.floor((bhy - bly) / binsize) + 1, nbz = Math.floor((bhz - blz) / binsize) + 1;
  const binOf = alloc(4 * nall), binStart = alloc(4 * (nbx * nby * nbz + 1)), binAtoms = alloc(4 * nall), xb = alloc(24 * nall);
  k.bin_atoms(nall, x, blx, bly, blz, binsize, nbx, nby, nbz, binOf, binStart, binAtoms, xb);
  const offs = alloc(4 * (n + 1));
  // build_half writes a bin row only when all its candidates fit, so a count at or below the capacity can still
  // come from a list with a row left out: the list is complete only when count + nall ≤ capacity
  let capPairs = 64 * n + nall, idx = alloc(4 * capPairs), np;
  for (;;) {
    np = k.build_half(0, n, x, blx, bly, blz, binsize, nbx, nby, nbz, binOf, binStart, binAtoms, xb, cutneigh * cutneigh, offs, idx, capPairs);
    if (np + nall <= capPairs) break;
    capPairs = np + nall;
    idx = alloc(4 * capPairs);
  }
  i32(offs, n + 1)[n] = np;

  // 4. density → fold → embedding → copy F' to ghosts → forces → virial (before folding) → fold forces
  const smask = alloc(4 * ((np >>> 5) + n + 1)), scratch = alloc(8192); // a bit per pair, rows word-aligned
  const rho = alloc(8 * nall), fp = alloc(8 * nall), f = alloc(24 * nall), vir = alloc(48);
  k.zero_f64(0, nall, rho); k.zero_f64(0, nall, fp); k.zero_f64(0, 3 * nall, f); k.zero_f64(0, 6, vir);
  k.eam_density(pot, 0, n, x, type, offs, idx, smask, scratch, rho);
  k.ghost_fold(n, ng, owner, rho, 1);
  let energy = k.eam_embed(pot, 0, n, type, rho, fp, 1, 0);
  k.ghost_copy(n, ng, owner, fp);
  energy += k.eam_force(pot, 0, n, x, type, offs, idx, smask, scratch, fp, f, 1, 0, 0);
  k.virial_fdotr(0, nall, x, f, vir);
  k.ghost_fold(n, ng, owner, f, 3);
  return { energy, virial: f64(vir, 6).slice(), forces: f64(f, 3 * n).slice(), nghost: ng, npairs: np };
}

/** Hex of the IEEE-754 bit patterns (little-endian), for comparisons that must not lose -0 or any bit. */
export function bitsHex(values) {
  const b = new Uint8Array(Float64Array.from(values).buffer);
  return Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');
}
