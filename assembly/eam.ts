// Embedded-atom method in three passes over a half neighbour list (newton on), as LAMMPS pair_eam.cpp:
//   density   rho_i = Σ_j f_j(r_ij)             (also marks the skin-list pairs inside the cutoff, one bit each)
//   embedding F_i(rho_i), fp_i = F'_i(rho_i)    (linear extrapolation beyond rhomax)
//   force     F_ij = -[fp_i f'_j(r) + fp_j f'_i(r) + phi'(r)] r̂ with phi = z2(r)/r
// Tables are LAMMPS 7-coefficient cubic splines: interval m, fraction p; value ((c3 p + c4) p + c5) p + c6,
// derivative (c0 p + c1) p + c2. The SIMD build evaluates two neighbours per iteration (f64x2) and accumulates
// lane by lane in list order, so both builds give bitwise-identical results.

import { addLanes, addTo, addTo2, pair2, sumError, tallyAtom } from './pairwise';
import { entryAt, listStride } from './list';

// Potential descriptor (byte offsets), written by the host (host/pair/eam-kernel.ts):
const P_NTYPES = 0;   // i32
const P_NR = 4;       // i32
const P_NRHO = 8;     // i32
const P_FRHO = 12;    // i32 → i32[ntypes+1] table pointers (0 = none)
const P_RHOR = 16;    // i32 → i32[(ntypes+1)^2] table pointers, [i*(ntypes+1)+j] = type2rhor[i][j]
const P_Z2R = 20;     // i32 → i32[(ntypes+1)^2] table pointers
const P_RDR = 24;     // f64 1/dr
const P_RDRHO = 32;   // f64 1/drho
const P_RHOMAX = 40;  // f64
const P_CUTSQ = 48;   // f64 cutforce^2

// min/max without WASM's NaN and signed-zero rules (arguments here are never NaN): one instruction each, and
// equal to f64x2.pmin lane by lane, which keeps the scalar and SIMD builds bitwise identical.
// @ts-ignore: decorator
@inline function fmin(a: f64, b: f64): f64 { return select<f64>(b, a, b < a); }
// @ts-ignore: decorator
@inline function fmax(a: f64, b: f64): f64 { return select<f64>(b, a, a < b); }

// Byte offset of knot m (an exact integer 0 … nr−1 held as f64) in a table of 7-f64 records. Adding 2^52 leaves m in
// the low 32 bits of the sum, so the index is read with a reinterpretation (or an integer lane extract for both lanes
// of an f64x2) instead of a float-to-integer conversion, which V8 compiles to a round trip with range checks.
const KNOT_MAGIC: f64 = 4503599627370496.0; // 2^52
// @ts-ignore: decorator
@inline function knot(m: f64): usize { return <usize><u32>reinterpret<i64>(m + KNOT_MAGIC) * 56; }

// @ts-ignore: decorator
@inline function tab(map: usize, nt1: i32, a: i32, b: i32): usize {
  return <usize>load<i32>(map + (<usize>(a * nt1 + b) << 2));
}

// @ts-ignore: decorator
@inline function value(c: usize, p: f64): f64 {
  return ((load<f64>(c, 24) * p + load<f64>(c, 32)) * p + load<f64>(c, 40)) * p + load<f64>(c, 48);
}

// @ts-ignore: decorator
@inline function slope(c: usize, p: f64): f64 {
  return (load<f64>(c) * p + load<f64>(c, 8)) * p + load<f64>(c, 16);
}

// @ts-ignore: decorator
@inline function value2(a0: usize, a1: usize, p: v128): v128 {
  return f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(pair2(a0, a1, 24), p), pair2(a0, a1, 32)), p),
    pair2(a0, a1, 40)), p), pair2(a0, a1, 48));
}

// @ts-ignore: decorator
@inline function slope2(a0: usize, a1: usize, p: v128): v128 {
  return f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(pair2(a0, a1, 0), p), pair2(a0, a1, 8)), p), pair2(a0, a1, 16));
}

/** Density pass over owned atoms i0..i1-1 of the skin list (offs, idx): rho[i], rho[j] accumulated for owned and ghost
 *  atoms (rho zeroed by the caller, ghosts folded after), and each pair's "inside the cutoff" bit written to smask for
 *  the force pass (the short list as one bit per skin pair, not a second index list). Atom i's bits start at i32 word
 *  (offs[i] >> 5) + i of smask, bit t of its row at word t >> 5, bit t & 31; rows never share a word, so ranges of atoms
 *  can be processed concurrently. smask holds (offs[n] >> 5) + n + 1 words. scratch (8192 bytes) is the caller's own
 *  (one per concurrent range): the chunk of atom i's pairs being evaluated (squared distances, spline fractions, knots,
 *  neighbour indices), so no distance is stored per pair (the force pass recomputes r, bitwise the same). */
export function eam_density(pot: usize, i0: i32, i1: i32, x: usize, type: usize, offs: usize, idx: usize,
                            smask: usize, scratch: usize, rho: usize): void {
  if (load<i32>(pot, P_NTYPES) == 1) densityPass(pot, i0, i1, x, type, offs, idx, smask, scratch, rho, 0, 0, true, false);
  else densityPass(pot, i0, i1, x, type, offs, idx, smask, scratch, rho, 0, 0, false, false);
}

/** eam_density with the ghosts' contributions apart: neighbours j ≥ nlocal add to rhoGhost[j − nlocal] instead of
 *  rho[j] (rhoGhost = rho + 8·nlocal: the same as eam_density). Team ranks that share rows by bands (host/neighbor/
 *  bands.ts) write the owned atoms' ρ in place and keep only the ghosts' in an accumulator of their own. */
export function eam_density_split(pot: usize, i0: i32, i1: i32, x: usize, type: usize, offs: usize, idx: usize,
                                  smask: usize, scratch: usize, rho: usize, nlocal: i32, rhoGhost: usize): void {
  const shift = rhoGhost - rho - (<usize>nlocal << 3);
  const single = load<i32>(pot, P_NTYPES) == 1;
  if (shift == 0) eam_density(pot, i0, i1, x, type, offs, idx, smask, scratch, rho);
  else if (single) densityPass(pot, i0, i1, x, type, offs, idx, smask, scratch, rho, nlocal, shift, true, true);
  else densityPass(pot, i0, i1, x, type, offs, idx, smask, scratch, rho, nlocal, shift, false, true);
}

// Address of neighbour j's entry (`width` bytes) in accumulator acc; with `split`, a ghost's (j ≥ nl) is moved by
// `shift` bytes (wrapping: gacc − acc − nl·width), into the ghost accumulator gacc at j − nl.
// @ts-ignore: decorator
@inline function slot(acc: usize, j: i32, width: usize, nl: i32, shift: usize, split: bool): usize {
  const p = acc + <usize>j * width;
  return split ? p + select<usize>(shift, 0, j >= nl) : p;
}

/** Skin pairs per chunk: a row is compacted and evaluated this many candidates at a time; each of the seven f64 scratch
 *  blocks (8 bytes per pair) holds one chunk, then come the chunk's neighbour indices (i32, 16 spare bytes) and the
 *  density pass's flag bytes: 7,824 of the 8,192 scratch bytes. A multiple of 32, so a chunk starts on a mask word. */
export const SCRATCH_PAIRS: i32 = 128;

// Scratch blocks, SCRATCH_PAIRS entries each: the force pass's 1/r, Δx, Δy, Δz, spline fraction p, F′ of the neighbour
// (f64), byte offset of the spline knot (i32) and the neighbour (i32); the density pass's squared distances (block 0),
// p, knot and neighbour.
const B_RECIP: usize = 0, B_DX: usize = 1, B_DY: usize = 2, B_DZ: usize = 3, B_P: usize = 4, B_FPJ: usize = 5, B_KNOT: usize = 6;
// @ts-ignore: decorator
@inline function block(scratch: usize, b: usize): usize { return scratch + b * <usize>SCRATCH_PAIRS * 8; }
// the neighbour indices of the chunk's pairs inside the cutoff, in list order (i32, after the seven f64 blocks)
// @ts-ignore: decorator
@inline function jslot(scratch: usize, k: i32): usize { return scratch + 7 * <usize>SCRATCH_PAIRS * 8 + (<usize>k << 2); }

// i8x16.swizzle patterns that move the i32 lanes whose bit is set in a 4-bit mask (lane 0: bit 0) to the front, in
// order (index 128: a zero byte); row b at byte 16·b.
// @ts-ignore: decorator
@lazy const COMPACT4 = memory.data<u8>([
  128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 128, 128, 128, 128, 128, 128, 128, 128,
  8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 128, 128, 128, 128,
  12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 128, 128, 128, 128,
  8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128,
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
]);

// COMPACT4 for lists of 3-byte entries (assembly/list.ts), made from it at start-up: where COMPACT4 takes byte q of i32
// lane e (index 4e + q), this takes byte q of entry e (3e + q), and a zero byte for q = 3, widening the entry to an i32.
const COMPACT4_24 = memory.data(256, 16);
for (let b: usize = 0; b < 256; b++) {
  const c = <u32>load<u8>(COMPACT4 + b);
  store<u8>(COMPACT4_24 + b, <u8>(c >= 16 || (c & 3) == 3 ? 128 : (c >> 2) * 3 + (c & 3)));
}

// A byte per candidate of the density pass's chunk (after the neighbour block and its 16 spare bytes): all ones when
// the pair is inside the cutoff.
// @ts-ignore: decorator
@inline function flag(scratch: usize, t: i32): usize { return scratch + 7 * <usize>SCRATCH_PAIRS * 8 + (<usize>SCRATCH_PAIRS << 2) + 16 + <usize>t; }

// The chunk's first `count` candidate bytes as mask bits into the words at mw (bit t: candidate t; bits past count clear).
// @ts-ignore: decorator
@inline function packMask(scratch: usize, count: i32, mw: usize): void {
  for (let t = 0; t < count; t += 32) {
    let word: i32;
    if (ASC_FEATURE_SIMD) {
      word = i8x16.bitmask(v128.load(flag(scratch, t))) | (i8x16.bitmask(v128.load(flag(scratch, t + 16))) << 16);
    } else {
      word = 0;
      for (let b = 0; b < 32; b++) word |= (<i32>load<u8>(flag(scratch, t + b)) & 1) << b;
    }
    const rest = count - t;
    store<i32>(mw + (<usize>(t >>> 5) << 2), rest >= 32 ? word : word & ((1 << rest) - 1));
  }
}

// Address of atom i's first word in smask (rows start on their own word; see eam_density).
// @ts-ignore: decorator
@inline function maskRow(smask: usize, offs: usize, i: i32): usize {
  return smask + ((<usize>(load<i32>(offs + (<usize>i << 2)) >>> 5) + <usize>i) << 2);
}

// Spline fraction p and knot offset of a pair at distance r into slot `slot` of the B_P and B_KNOT blocks (two pairs at
// slots slot, slot+1 with the f64x2 version): p = r/dr + 1, knot m = min(trunc p, nr−1), p −= m, capped at 1.
// @ts-ignore: decorator
@inline function spline2(scratch: usize, slot: i32, r: v128, vrdr: v128, vnrm1: v128): void {
  const one = f64x2.splat(1.0), rec = i32x4.splat(56);
  let p = f64x2.add(f64x2.mul(r, vrdr), one);
  const m = f64x2.pmin(f64x2.trunc(p), vnrm1);
  p = f64x2.pmin(f64x2.sub(p, m), one);
  v128.store(block(scratch, B_P) + (<usize>slot << 3), p);
  // m + 2^52 holds m in the low word of each lane: lanes 0 and 2 of i32x4, times the record size
  v128.store64_lane(block(scratch, B_KNOT) + (<usize>slot << 2),
    i32x4.mul(v128.shuffle<i32>(f64x2.add(m, f64x2.splat(KNOT_MAGIC)), rec, 0, 2, 4, 4), rec), 0);
}

// @ts-ignore: decorator
@inline function spline1(scratch: usize, slot: i32, r: f64, rdr: f64, nrm1: f64): void {
  let p = r * rdr + 1.0;
  const m = fmin(Math.trunc(p), nrm1);
  p = fmin(p - m, 1.0);
  store<f64>(block(scratch, B_P) + (<usize>slot << 3), p);
  store<i32>(block(scratch, B_KNOT) + (<usize>slot << 2), <i32>knot(m));
}

// Spline fractions and knots of the chunk's first ns pairs from their squared distances (block 0 of scratch), ahead of
// the table lookups (as geometry() for the force pass).
// @ts-ignore: decorator
@inline function splines(scratch: usize, ns: i32, rdr: f64, nrm1: f64): void {
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    const vrdr = f64x2.splat(rdr), vnrm1 = f64x2.splat(nrm1);
    for (; k + 1 < ns; k += 2) spline2(scratch, k, f64x2.sqrt(v128.load(scratch + (<usize>k << 3))), vrdr, vnrm1);
  }
  for (; k < ns; k++) spline1(scratch, k, Math.sqrt(load<f64>(scratch + (<usize>k << 3))), rdr, nrm1);
}

// Candidates c0..c1-1 of a skin list of 3-byte (narrow) or 4-byte entries, the width a constant of each inlined copy
// (one load and at most one mask per entry), into the density pass's scratch: branch-free compaction, every candidate
// written, the cursor advanced only for pairs inside the cutoff; a byte per candidate (0 or all ones) records which,
// packed into the chunk's mask words afterwards. Returns the number inside.
// @ts-ignore: decorator
@inline function candidates(idx: usize, c0: i32, c1: i32, x: usize, xi: f64, yi: f64, zi: f64, cutsq: f64, scratch: usize,
                            narrow: bool): i32 {
  const w: usize = narrow ? 3 : 4;
  let ns = 0;
  let p = idx + <usize>c0 * w;
  for (let t = 0; t < c1 - c0; t++, p += w) {
    const j = entryAt(p, narrow);
    const pj = x + <usize>j * 24;
    const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
    const rsq = dx * dx + dy * dy + dz * dz;
    const inside = i32(rsq < cutsq);
    store<i32>(jslot(scratch, ns), j);
    store<f64>(scratch + (<usize>ns << 3), rsq);
    store<i8>(flag(scratch, t), -inside);
    ns += inside;
  }
  return ns;
}

// The width-specialised list walks run out of line: inlined into the passes they measured slower (assembly/list.ts).
function candidates3(idx: usize, c0: i32, c1: i32, x: usize, xi: f64, yi: f64, zi: f64, cutsq: f64, scratch: usize): i32 {
  return candidates(idx, c0, c1, x, xi, yi, zi, cutsq, scratch, true);
}
function candidates4(idx: usize, c0: i32, c1: i32, x: usize, xi: f64, yi: f64, zi: f64, cutsq: f64, scratch: usize): i32 {
  return candidates(idx, c0, c1, x, xi, yi, zi, cutsq, scratch, false);
}

// With one atom type every pair uses the same density spline both ways, so each pair evaluates it once.
// @ts-ignore: decorator
@inline function densityPass(pot: usize, i0: i32, i1: i32, x: usize, type: usize, offs: usize, idx: usize,
                             smask: usize, scratch: usize, rho: usize, nl: i32, shift: usize, single: bool,
                             split: bool): void {
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const nrm1 = <f64>(load<i32>(pot, P_NR) - 1);
  const rhorMap = <usize>load<i32>(pot, P_RHOR);
  const rdr = load<f64>(pot, P_RDR);
  const cutsq = load<f64>(pot, P_CUTSQ);
  const tab11 = tab(rhorMap, nt1, 1, 1);
  const stride = listStride();
  for (let i = i0; i < i1; i++) {
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const it = load<i32>(type + (<usize>i << 2));
    const k0 = load<i32>(offs + (<usize>i << 2)), k1 = load<i32>(offs + (<usize>(i + 1) << 2));
    let mw = maskRow(smask, offs, i);
    let rhoi = 0.0;
    // chunks of at most SCRATCH_PAIRS candidates; the sum runs in list order whatever the chunking
    for (let c0 = k0; c0 < k1; c0 += SCRATCH_PAIRS) {
      const c1 = min(c0 + SCRATCH_PAIRS, k1);
      const ns = stride == 3 ? candidates3(idx, c0, c1, x, xi, yi, zi, cutsq, scratch)
        : candidates4(idx, c0, c1, x, xi, yi, zi, cutsq, scratch);
      packMask(scratch, c1 - c0, mw);
      mw += <usize>SCRATCH_PAIRS >>> 3;
      splines(scratch, ns, rdr, nrm1);
      let k = 0;
      if (ASC_FEATURE_SIMD) {
        for (; k + 1 < ns; k += 2) {
          const j0 = load<i32>(jslot(scratch, k)), j1 = load<i32>(jslot(scratch, k), 4);
          const p = v128.load(block(scratch, B_P) + (<usize>k << 3));
          const kn = block(scratch, B_KNOT) + (<usize>k << 2);
          const m0 = <usize>load<i32>(kn), m1 = <usize>load<i32>(kn, 4);
          let vi: v128, vj: v128;
          if (single) {
            vi = value2(tab11 + m0, tab11 + m1, p);
            vj = vi;
          } else {
            const t0 = load<i32>(type + (<usize>j0 << 2)), t1 = load<i32>(type + (<usize>j1 << 2));
            vi = value2(tab(rhorMap, nt1, t0, it) + m0, tab(rhorMap, nt1, t1, it) + m1, p);
            vj = value2(tab(rhorMap, nt1, it, t0) + m0, tab(rhorMap, nt1, it, t1) + m1, p);
          }
          rhoi = addLanes(rhoi, vi);
          addTo(slot(rho, j0, 8, nl, shift, split), f64x2.extract_lane(vj, 0));
          addTo(slot(rho, j1, 8, nl, shift, split), f64x2.extract_lane(vj, 1));
        }
      }
      for (; k < ns; k++) {
        const j = load<i32>(jslot(scratch, k));
        const p = load<f64>(block(scratch, B_P) + (<usize>k << 3));
        const mo = <usize>load<i32>(block(scratch, B_KNOT) + (<usize>k << 2));
        if (single) {
          const v = value(tab11 + mo, p);
          rhoi += v;
          addTo(slot(rho, j, 8, nl, shift, split), v);
        } else {
          const jt = load<i32>(type + (<usize>j << 2));
          rhoi += value(tab(rhorMap, nt1, jt, it) + mo, p);
          addTo(slot(rho, j, 8, nl, shift, split), value(tab(rhorMap, nt1, it, jt) + mo, p));
        }
      }
    }
    addTo(rho + (<usize>i << 3), rhoi);
  }
}

/** Embedding pass over owned atoms i0..i1-1: fp[i] = F'(rho_i) (fp may be rho itself: each atom's rho is read before its
 *  F' is written); returns Σ F(rho_i) when eflag != 0 (else 0), adding each atom's F to eatom[i] when eatom != 0.
 *  Beyond rhomax, F is extrapolated linearly with the clamped slope. */
export function eam_embed(pot: usize, i0: i32, i1: i32, type: usize, rho: usize, fp: usize, eflag: i32, eatom: usize): f64 {
  const nrhom1 = <f64>(load<i32>(pot, P_NRHO) - 1);
  const frhoMap = <usize>load<i32>(pot, P_FRHO);
  const rdrho = load<f64>(pot, P_RDRHO);
  const rhomax = load<f64>(pot, P_RHOMAX);
  // Σ F with its rounding errors summed apart (sumError), atom by atom in order
  let energy = 0.0, comp = 0.0;
  let i = i0;
  if (ASC_FEATURE_SIMD) {
    // two atoms at a time, the scalar loop's operations lane by lane (both ρ read before either F′ is written)
    const vrdrho = f64x2.splat(rdrho), one = f64x2.splat(1.0), vnrhom1 = f64x2.splat(nrhom1), vrhomax = f64x2.splat(rhomax);
    for (; i + 1 < i1; i += 2) {
      const o = <usize>i << 3;
      const r = v128.load(rho + o);
      let p = f64x2.add(f64x2.mul(r, vrdrho), one);
      const m = f64x2.pmax(one, f64x2.pmin(f64x2.trunc(p), vnrhom1));
      p = f64x2.pmin(f64x2.sub(p, m), one);
      const ty = type + (<usize>i << 2);
      const c0 = <usize>load<i32>(frhoMap + (<usize>load<i32>(ty) << 2)) + knot(f64x2.extract_lane(m, 0));
      const c1 = <usize>load<i32>(frhoMap + (<usize>load<i32>(ty, 4) << 2)) + knot(f64x2.extract_lane(m, 1));
      const fpv = slope2(c0, c1, p);
      v128.store(fp + o, fpv);
      if (eflag) {
        const value = value2(c0, c1, p);
        const phi = v128.bitselect(f64x2.add(value, f64x2.mul(fpv, f64x2.sub(r, vrhomax))), value, f64x2.gt(r, vrhomax));
        const phi0 = f64x2.extract_lane(phi, 0), s0 = energy + phi0;
        comp += sumError(energy, phi0, s0);
        const phi1 = f64x2.extract_lane(phi, 1), s1 = s0 + phi1;
        comp += sumError(s0, phi1, s1);
        energy = s1;
        if (eatom) addTo2(eatom, i, i + 1, phi);
      }
    }
  }
  for (; i < i1; i++) {
    const rhoi = load<f64>(rho + (<usize>i << 3));
    let p = rhoi * rdrho + 1.0;
    const m = fmax(1.0, fmin(Math.trunc(p), nrhom1));
    p = fmin(p - m, 1.0);
    const c = <usize>load<i32>(frhoMap + (<usize>load<i32>(type + (<usize>i << 2)) << 2)) + knot(m);
    const fpi = slope(c, p);
    store<f64>(fp + (<usize>i << 3), fpi);
    if (eflag) {
      let phi = value(c, p);
      if (rhoi > rhomax) phi += fpi * (rhoi - rhomax);
      const sum = energy + phi;
      comp += sumError(energy, phi, sum);
      energy = sum;
      if (eatom) store<f64>(eatom + (<usize>i << 3), load<f64>(eatom + (<usize>i << 3)) + phi);
    }
  }
  return energy + comp;
}

/** Force pass over owned atoms i0..i1-1: the pairs of the skin list (offs, idx) whose bit the density pass set in smask.
 *  Adds pair forces to f (owned and ghost; the caller folds ghosts), returns the pair energy Σ phi when eflag != 0;
 *  eatom/vatom (0 = off) receive half of each pair's energy and virial. scratch (8192 bytes of the caller's own) holds
 *  the chunk of atom i's pairs being evaluated: neighbour, 1/r, Δx, Δy, Δz, spline fraction and knot and the neighbour's
 *  F′, gathered in tight loops ahead of the force loop (bitwise the density pass's r), so the force loop starts from the
 *  table loads. */
export function eam_force(pot: usize, i0: i32, i1: i32, x: usize, type: usize, offs: usize, idx: usize, smask: usize,
                          scratch: usize, fp: usize, f: usize, eflag: i32, eatom: usize, vatom: usize): f64 {
  // compiled once per case: the per-atom tallies' code, even if never run, takes registers from the plain loop
  const single = load<i32>(pot, P_NTYPES) == 1;
  if (eatom != 0 || vatom != 0) {
    if (single) return forcePass(pot, i0, i1, x, type, offs, idx, smask, scratch, fp, f, 0, 0, eflag, eatom, vatom, true, true, false);
    return forcePass(pot, i0, i1, x, type, offs, idx, smask, scratch, fp, f, 0, 0, eflag, eatom, vatom, false, true, false);
  }
  if (single) return forcePass(pot, i0, i1, x, type, offs, idx, smask, scratch, fp, f, 0, 0, eflag, 0, 0, true, false, false);
  return forcePass(pot, i0, i1, x, type, offs, idx, smask, scratch, fp, f, 0, 0, eflag, 0, 0, false, false, false);
}

/** eam_force with the ghosts' forces apart (no per-atom tallies): neighbours j ≥ nlocal add to fGhost[3(j − nlocal)..]
 *  instead of f[3j..] (fGhost = f + 24·nlocal: the same as eam_force), as eam_density_split. */
export function eam_force_split(pot: usize, i0: i32, i1: i32, x: usize, type: usize, offs: usize, idx: usize, smask: usize,
                                scratch: usize, fp: usize, f: usize, nlocal: i32, fGhost: usize, eflag: i32): f64 {
  const shift = fGhost - f - <usize>nlocal * 24;
  const single = load<i32>(pot, P_NTYPES) == 1;
  if (shift == 0) return eam_force(pot, i0, i1, x, type, offs, idx, smask, scratch, fp, f, eflag, 0, 0);
  if (single) return forcePass(pot, i0, i1, x, type, offs, idx, smask, scratch, fp, f, nlocal, shift, eflag, 0, 0, true, false, true);
  return forcePass(pot, i0, i1, x, type, offs, idx, smask, scratch, fp, f, nlocal, shift, eflag, 0, 0, false, false, true);
}

// Geometry of the chunk's pairs 0..ns-1 of atom i (at xi, yi, zi) into the scratch blocks, gathered in a tight loop
// ahead of the force loop: that loop then starts from the table loads, with no position gathers, square roots,
// divisions or knot lookups on its critical path (the same operations in the same order as evaluating them in place,
// so bitwise equal).
// @ts-ignore: decorator
@inline function geometry(x: usize, fp: usize, ns: i32, xi: f64, yi: f64, zi: f64,
                          rdr: f64, nrm1: f64, scratch: usize): void {
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    const vx = f64x2.splat(xi), vy = f64x2.splat(yi), vz = f64x2.splat(zi);
    const vrdr = f64x2.splat(rdr), one = f64x2.splat(1.0), vnrm1 = f64x2.splat(nrm1);
    for (; k + 1 < ns; k += 2) {
      const j0 = load<i32>(jslot(scratch, k)), j1 = load<i32>(jslot(scratch, k), 4);
      const p0 = x + <usize>j0 * 24, p1 = x + <usize>j1 * 24;
      const dx = f64x2.sub(vx, pair2(p0, p1, 0)), dy = f64x2.sub(vy, pair2(p0, p1, 8)), dz = f64x2.sub(vz, pair2(p0, p1, 16));
      const r = f64x2.sqrt(f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz)));
      spline2(scratch, k, r, vrdr, vnrm1);
      const o = <usize>k << 3;
      v128.store(block(scratch, B_RECIP) + o, f64x2.div(one, r));
      v128.store(block(scratch, B_DX) + o, dx);
      v128.store(block(scratch, B_DY) + o, dy);
      v128.store(block(scratch, B_DZ) + o, dz);
      v128.store(block(scratch, B_FPJ) + o, pair2(fp + (<usize>j0 << 3), fp + (<usize>j1 << 3), 0));
    }
  }
  for (; k < ns; k++) {
    const j = load<i32>(jslot(scratch, k));
    const pj = x + <usize>j * 24;
    const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
    const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
    spline1(scratch, k, r, rdr, nrm1);
    const o = <usize>k << 3;
    store<f64>(block(scratch, B_RECIP) + o, 1.0 / r);
    store<f64>(block(scratch, B_DX) + o, dx);
    store<f64>(block(scratch, B_DY) + o, dy);
    store<f64>(block(scratch, B_DZ) + o, dz);
    store<f64>(block(scratch, B_FPJ) + o, load<f64>(fp + (<usize>j << 3)));
  }
}

// The neighbours of candidates c0..c1-1 of a skin list of 3-byte (narrow) or 4-byte entries whose bit is set in the
// mask words at mw, in list order, into the force pass's jslot block (the width a constant of each inlined copy).
// Returns their number.
// @ts-ignore: decorator
@inline function marked(idx: usize, c0: i32, c1: i32, mw: usize, scratch: usize, narrow: bool): i32 {
  const w: usize = narrow ? 3 : 4;
  const row = idx + <usize>c0 * w, count = c1 - c0;
  let k1 = 0;
  if (ASC_FEATURE_SIMD) {
    // four candidates at a time (one 16-byte load: 12 or 16 bytes of entries, the rest read but unused), kept lanes
    // swizzled to the front (the jslot block has room for 4 spare), then the last few one by one
    const compact = narrow ? COMPACT4_24 : COMPACT4;
    let t = 0;
    for (; t + 4 <= count; t += 4) {
      const bits = (load<i32>(mw + (<usize>(t >>> 5) << 2)) >>> (t & 31)) & 15;
      v128.store(jslot(scratch, k1), i8x16.swizzle(v128.load(row + <usize>t * w), v128.load(compact + (<usize>bits << 4))));
      k1 += popcnt(bits);
    }
    for (; t < count; t++) {
      store<i32>(jslot(scratch, k1), entryAt(row + <usize>t * w, narrow));
      k1 += (load<i32>(mw + (<usize>(t >>> 5) << 2)) >>> (t & 31)) & 1;
    }
  } else {
    // the set bits of each word, lowest first
    for (let t = 0; t < count; t += 32) {
      let word = load<i32>(mw + (<usize>(t >>> 5) << 2));
      while (word != 0) {
        store<i32>(jslot(scratch, k1++), entryAt(row + <usize>(t + ctz(word)) * w, narrow));
        word &= word - 1;
      }
    }
  }
  return k1;
}

function marked3(idx: usize, c0: i32, c1: i32, mw: usize, scratch: usize): i32 { return marked(idx, c0, c1, mw, scratch, true); }
function marked4(idx: usize, c0: i32, c1: i32, mw: usize, scratch: usize): i32 { return marked(idx, c0, c1, mw, scratch, false); }

// @ts-ignore: decorator
@inline function forcePass(pot: usize, i0: i32, i1: i32, x: usize, type: usize, offs: usize, idx: usize, smask: usize,
                           scratch: usize, fp: usize, f: usize, nl: i32, shift: usize, eflag: i32, eatom: usize,
                           vatom: usize, single: bool, tally: bool, split: bool): f64 {
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const nrm1 = <f64>(load<i32>(pot, P_NR) - 1);
  const rhorMap = <usize>load<i32>(pot, P_RHOR);
  const z2rMap = <usize>load<i32>(pot, P_Z2R);
  const rdr = load<f64>(pot, P_RDR);
  const rho11 = tab(rhorMap, nt1, 1, 1), z2r11 = tab(z2rMap, nt1, 1, 1);
  const stride = listStride();
  // the pair energy is summed whether asked for or not (no test in the loop) and returned if asked: each row's in
  // list order, the rows' sums with their rounding errors summed apart (sumError)
  let energy = 0.0, comp = 0.0;
  for (let i = i0; i < i1; i++) {
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const it = load<i32>(type + (<usize>i << 2));
    const fpi = load<f64>(fp + (<usize>i << 3));
    let fxi = 0.0, fyi = 0.0, fzi = 0.0, erow = 0.0;
    const e1 = load<i32>(offs + (<usize>(i + 1) << 2));
    let mw = maskRow(smask, offs, i);
    for (let c0 = load<i32>(offs + (<usize>i << 2)); c0 < e1; c0 += SCRATCH_PAIRS) {
      const c1 = min(c0 + SCRATCH_PAIRS, e1);
      // the chunk's pairs inside the cutoff, in list order
      const k1 = stride == 3 ? marked3(idx, c0, c1, mw, scratch) : marked4(idx, c0, c1, mw, scratch);
      mw += <usize>SCRATCH_PAIRS >>> 3;
      geometry(x, fp, k1, xi, yi, zi, rdr, nrm1, scratch);
      let k = 0;
      if (ASC_FEATURE_SIMD) {
        const vfpi = f64x2.splat(fpi);
        let fxyi = f64x2.replace_lane(f64x2.splat(fxi), 1, fyi);
        for (; k + 1 < k1; k += 2) {
          const j0 = load<i32>(jslot(scratch, k)), j1 = load<i32>(jslot(scratch, k), 4);
          const o = <usize>k << 3;
          const recip = v128.load(block(scratch, B_RECIP) + o), p = v128.load(block(scratch, B_P) + o);
          const dx = v128.load(block(scratch, B_DX) + o), dy = v128.load(block(scratch, B_DY) + o), dz = v128.load(block(scratch, B_DZ) + o);
          const kn = block(scratch, B_KNOT) + (<usize>k << 2);
          const m0 = <usize>load<i32>(kn), m1 = <usize>load<i32>(kn, 4);
          let rhoip: v128, rhojp: v128, z2p: v128, z2: v128;
          if (single) {
            rhoip = slope2(rho11 + m0, rho11 + m1, p);
            rhojp = rhoip;
            z2p = slope2(z2r11 + m0, z2r11 + m1, p);
            z2 = value2(z2r11 + m0, z2r11 + m1, p);
          } else {
            const t0 = load<i32>(type + (<usize>j0 << 2)), t1 = load<i32>(type + (<usize>j1 << 2));
            rhoip = slope2(tab(rhorMap, nt1, it, t0) + m0, tab(rhorMap, nt1, it, t1) + m1, p);
            rhojp = slope2(tab(rhorMap, nt1, t0, it) + m0, tab(rhorMap, nt1, t1, it) + m1, p);
            const z0 = tab(z2rMap, nt1, it, t0) + m0, z1 = tab(z2rMap, nt1, it, t1) + m1;
            z2p = slope2(z0, z1, p);
            z2 = value2(z0, z1, p);
          }
          const fpj = v128.load(block(scratch, B_FPJ) + o);
          const phi = f64x2.mul(z2, recip);
          const phip = f64x2.sub(f64x2.mul(z2p, recip), f64x2.mul(phi, recip));
          const psip = f64x2.add(f64x2.add(f64x2.mul(vfpi, rhojp), f64x2.mul(fpj, rhoip)), phip);
          const fpair = f64x2.mul(f64x2.neg(psip), recip);
          const fx = f64x2.mul(dx, fpair), fy = f64x2.mul(dy, fpair), fz = f64x2.mul(dz, fpair);
          // each pair's (x, y) force as one vector: added to atom i's, subtracted from j's with one load and store
          const fxy0 = v128.shuffle<f64>(fx, fy, 0, 2), fxy1 = v128.shuffle<f64>(fx, fy, 1, 3);
          const fz0 = f64x2.extract_lane(fz, 0), fz1 = f64x2.extract_lane(fz, 1);
          fxyi = f64x2.add(fxyi, fxy0); fzi += fz0;
          const f0 = slot(f, j0, 24, nl, shift, split);
          v128.store(f0, f64x2.sub(v128.load(f0), fxy0)); addTo(f0 + 16, -fz0);
          erow += f64x2.extract_lane(phi, 0);
          if (tally) tallyAtom(eatom, vatom, i, j0, eflag ? f64x2.extract_lane(phi, 0) : 0.0, f64x2.extract_lane(fpair, 0),
            f64x2.extract_lane(dx, 0), f64x2.extract_lane(dy, 0), f64x2.extract_lane(dz, 0));
          fxyi = f64x2.add(fxyi, fxy1); fzi += fz1;
          const f1 = slot(f, j1, 24, nl, shift, split);
          v128.store(f1, f64x2.sub(v128.load(f1), fxy1)); addTo(f1 + 16, -fz1);
          erow += f64x2.extract_lane(phi, 1);
          if (tally) tallyAtom(eatom, vatom, i, j1, eflag ? f64x2.extract_lane(phi, 1) : 0.0, f64x2.extract_lane(fpair, 1),
            f64x2.extract_lane(dx, 1), f64x2.extract_lane(dy, 1), f64x2.extract_lane(dz, 1));
        }
        fxi = f64x2.extract_lane(fxyi, 0); fyi = f64x2.extract_lane(fxyi, 1);
      }
      for (; k < k1; k++) {
        const j = load<i32>(jslot(scratch, k));
        const o = <usize>k << 3;
        const recip = load<f64>(block(scratch, B_RECIP) + o), p = load<f64>(block(scratch, B_P) + o);
        const dx = load<f64>(block(scratch, B_DX) + o), dy = load<f64>(block(scratch, B_DY) + o), dz = load<f64>(block(scratch, B_DZ) + o);
        const mo = <usize>load<i32>(block(scratch, B_KNOT) + (<usize>k << 2));
        let rhoip: f64, rhojp: f64, zc: usize;
        if (single) {
          rhoip = slope(rho11 + mo, p);
          rhojp = rhoip;
          zc = z2r11 + mo;
        } else {
          const jt = load<i32>(type + (<usize>j << 2));
          rhoip = slope(tab(rhorMap, nt1, it, jt) + mo, p);
          rhojp = slope(tab(rhorMap, nt1, jt, it) + mo, p);
          zc = tab(z2rMap, nt1, it, jt) + mo;
        }
        const z2p = slope(zc, p);
        const z2 = value(zc, p);
        const phi = z2 * recip;
        const phip = z2p * recip - phi * recip;
        const psip = fpi * rhojp + load<f64>(block(scratch, B_FPJ) + o) * rhoip + phip;
        const fpair = -psip * recip;
        const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
        fxi += fx; fyi += fy; fzi += fz;
        const fj = slot(f, j, 24, nl, shift, split);
        addTo(fj, -fx); addTo(fj + 8, -fy); addTo(fj + 16, -fz);
        erow += phi;
        if (tally) tallyAtom(eatom, vatom, i, j, eflag ? phi : 0.0, fpair, dx, dy, dz);
      }
    }
    const fi = f + <usize>i * 24;
    addTo(fi, fxi); addTo(fi + 8, fyi); addTo(fi + 16, fzi);
    const sum = energy + erow;
    comp += sumError(energy, erow, sum);
    energy = sum;
  }
  return eflag ? energy + comp : 0.0;
}
