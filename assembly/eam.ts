// Embedded-atom method in three passes over a half neighbour list (newton on), as LAMMPS pair_eam.cpp:
//   density   rho_i = Σ_j f_j(r_ij)             (also compacts the skin list to pairs inside the cutoff: "short list")
//   embedding F_i(rho_i), fp_i = F'_i(rho_i)    (linear extrapolation beyond rhomax)
//   force     F_ij = -[fp_i f'_j(r) + fp_j f'_i(r) + phi'(r)] r̂ with phi = z2(r)/r
// Tables are LAMMPS 7-coefficient cubic splines: interval m, fraction p; value ((c3 p + c4) p + c5) p + c6,
// derivative (c0 p + c1) p + c2. The SIMD build evaluates two neighbours per iteration (f64x2) and accumulates
// lane by lane in list order, so both builds give bitwise-identical results.

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

/** Density pass. Skin list (offs, idx) → short list (soffs, sidx) of pairs with r² < cutforce², and
 *  rho[i], rho[j] accumulated for owned and ghost atoms (rho zeroed by the caller, ghosts folded after). */
export function eam_density(pot: usize, nlocal: i32, x: usize, type: usize, offs: usize, idx: usize,
                            soffs: usize, sidx: usize, rho: usize): void {
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const nrm1 = <f64>(load<i32>(pot, P_NR) - 1);
  const rhorMap = <usize>load<i32>(pot, P_RHOR);
  const rdr = load<f64>(pot, P_RDR);
  const cutsq = load<f64>(pot, P_CUTSQ);
  let ns = 0;
  for (let i = 0; i < nlocal; i++) {
    store<i32>(soffs + (<usize>i << 2), ns);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const it = load<i32>(type + (<usize>i << 2));
    const k0 = load<i32>(offs + (<usize>i << 2)), k1 = load<i32>(offs + (<usize>(i + 1) << 2));
    const s0 = ns;
    for (let k = k0; k < k1; k++) {
      const j = load<i32>(idx + (<usize>k << 2));
      const pj = x + <usize>j * 24;
      const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
      const rsq = dx * dx + dy * dy + dz * dz;
      store<i32>(sidx + (<usize>ns << 2), j);
      ns += i32(rsq < cutsq);
    }
    let rhoi = 0.0;
    let k = s0;
    if (ASC_FEATURE_SIMD) {
      const vrdr = f64x2.splat(rdr), one = f64x2.splat(1.0), vnrm1 = f64x2.splat(nrm1);
      for (; k + 1 < ns; k += 2) {
        const j0 = load<i32>(sidx + (<usize>k << 2)), j1 = load<i32>(sidx + (<usize>(k + 1) << 2));
        const p0 = x + <usize>j0 * 24, p1 = x + <usize>j1 * 24;
        const dx = f64x2.sub(f64x2.splat(xi), f64x2.replace_lane(f64x2.splat(load<f64>(p0)), 1, load<f64>(p1)));
        const dy = f64x2.sub(f64x2.splat(yi), f64x2.replace_lane(f64x2.splat(load<f64>(p0, 8)), 1, load<f64>(p1, 8)));
        const dz = f64x2.sub(f64x2.splat(zi), f64x2.replace_lane(f64x2.splat(load<f64>(p0, 16)), 1, load<f64>(p1, 16)));
        const r = f64x2.sqrt(f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz)));
        let p = f64x2.add(f64x2.mul(r, vrdr), one);
        const m = f64x2.min(f64x2.trunc(p), vnrm1);
        p = f64x2.min(f64x2.sub(p, m), one);
        const m0 = <usize>(<i32>f64x2.extract_lane(m, 0)) * 56, m1 = <usize>(<i32>f64x2.extract_lane(m, 1)) * 56;
        const t0 = load<i32>(type + (<usize>j0 << 2)), t1 = load<i32>(type + (<usize>j1 << 2));
        const ai0 = tab(rhorMap, nt1, t0, it) + m0, ai1 = tab(rhorMap, nt1, t1, it) + m1;
        const aj0 = tab(rhorMap, nt1, it, t0) + m0, aj1 = tab(rhorMap, nt1, it, t1) + m1;
        // lanes: contribution to rho_i from j0 | j1, and to rho_j0 | rho_j1 from i
        const ci3 = f64x2.replace_lane(f64x2.splat(load<f64>(ai0, 24)), 1, load<f64>(ai1, 24));
        const ci4 = f64x2.replace_lane(f64x2.splat(load<f64>(ai0, 32)), 1, load<f64>(ai1, 32));
        const ci5 = f64x2.replace_lane(f64x2.splat(load<f64>(ai0, 40)), 1, load<f64>(ai1, 40));
        const ci6 = f64x2.replace_lane(f64x2.splat(load<f64>(ai0, 48)), 1, load<f64>(ai1, 48));
        const cj3 = f64x2.replace_lane(f64x2.splat(load<f64>(aj0, 24)), 1, load<f64>(aj1, 24));
        const cj4 = f64x2.replace_lane(f64x2.splat(load<f64>(aj0, 32)), 1, load<f64>(aj1, 32));
        const cj5 = f64x2.replace_lane(f64x2.splat(load<f64>(aj0, 40)), 1, load<f64>(aj1, 40));
        const cj6 = f64x2.replace_lane(f64x2.splat(load<f64>(aj0, 48)), 1, load<f64>(aj1, 48));
        const vi = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(ci3, p), ci4), p), ci5), p), ci6);
        const vj = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(cj3, p), cj4), p), cj5), p), cj6);
        rhoi += f64x2.extract_lane(vi, 0);
        rhoi += f64x2.extract_lane(vi, 1);
        const r0 = rho + (<usize>j0 << 3), r1 = rho + (<usize>j1 << 3);
        store<f64>(r0, load<f64>(r0) + f64x2.extract_lane(vj, 0));
        store<f64>(r1, load<f64>(r1) + f64x2.extract_lane(vj, 1));
      }
    }
    for (; k < ns; k++) {
      const j = load<i32>(sidx + (<usize>k << 2));
      const pj = x + <usize>j * 24;
      const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
      const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
      let p = r * rdr + 1.0;
      const m = Math.min(Math.trunc(p), nrm1);
      p = Math.min(p - m, 1.0);
      const mo = <usize>(<i32>m) * 56;
      const jt = load<i32>(type + (<usize>j << 2));
      rhoi += value(tab(rhorMap, nt1, jt, it) + mo, p);
      const rj = rho + (<usize>j << 3);
      store<f64>(rj, load<f64>(rj) + value(tab(rhorMap, nt1, it, jt) + mo, p));
    }
    const ri = rho + (<usize>i << 3);
    store<f64>(ri, load<f64>(ri) + rhoi);
  }
  store<i32>(soffs + (<usize>nlocal << 2), ns);
}

/** Embedding pass over owned atoms: fp[i] = F'(rho_i); returns Σ F(rho_i) when eflag != 0 (else 0), adding each
 *  atom's F to eatom[i] when eatom != 0. Beyond rhomax, F is extrapolated linearly with the clamped slope. */
export function eam_embed(pot: usize, nlocal: i32, type: usize, rho: usize, fp: usize, eflag: i32, eatom: usize): f64 {
  const nrhom1 = <f64>(load<i32>(pot, P_NRHO) - 1);
  const frhoMap = <usize>load<i32>(pot, P_FRHO);
  const rdrho = load<f64>(pot, P_RDRHO);
  const rhomax = load<f64>(pot, P_RHOMAX);
  let energy = 0.0;
  for (let i = 0; i < nlocal; i++) {
    const rhoi = load<f64>(rho + (<usize>i << 3));
    let p = rhoi * rdrho + 1.0;
    const m = Math.max(1.0, Math.min(Math.trunc(p), nrhom1));
    p = Math.min(p - m, 1.0);
    const c = <usize>load<i32>(frhoMap + (<usize>load<i32>(type + (<usize>i << 2)) << 2)) + <usize>(<i32>m) * 56;
    const fpi = slope(c, p);
    store<f64>(fp + (<usize>i << 3), fpi);
    if (eflag) {
      let phi = value(c, p);
      if (rhoi > rhomax) phi += fpi * (rhoi - rhomax);
      energy += phi;
      if (eatom) store<f64>(eatom + (<usize>i << 3), load<f64>(eatom + (<usize>i << 3)) + phi);
    }
  }
  return energy;
}

// @ts-ignore: decorator
@inline function tallyAtom(eatom: usize, vatom: usize, i: i32, j: i32, phi: f64, fpair: f64,
                           dx: f64, dy: f64, dz: f64): void {
  if (eatom) {
    const h = 0.5 * phi;
    const ei = eatom + (<usize>i << 3), ej = eatom + (<usize>j << 3);
    store<f64>(ei, load<f64>(ei) + h);
    store<f64>(ej, load<f64>(ej) + h);
  }
  if (vatom) {
    const vi = vatom + <usize>i * 48, vj = vatom + <usize>j * 48;
    const v0 = 0.5 * dx * dx * fpair, v1 = 0.5 * dy * dy * fpair, v2 = 0.5 * dz * dz * fpair;
    const v3 = 0.5 * dx * dy * fpair, v4 = 0.5 * dx * dz * fpair, v5 = 0.5 * dy * dz * fpair;
    store<f64>(vi, load<f64>(vi) + v0); store<f64>(vj, load<f64>(vj) + v0);
    store<f64>(vi, load<f64>(vi, 8) + v1, 8); store<f64>(vj, load<f64>(vj, 8) + v1, 8);
    store<f64>(vi, load<f64>(vi, 16) + v2, 16); store<f64>(vj, load<f64>(vj, 16) + v2, 16);
    store<f64>(vi, load<f64>(vi, 24) + v3, 24); store<f64>(vj, load<f64>(vj, 24) + v3, 24);
    store<f64>(vi, load<f64>(vi, 32) + v4, 32); store<f64>(vj, load<f64>(vj, 32) + v4, 32);
    store<f64>(vi, load<f64>(vi, 40) + v5, 40); store<f64>(vj, load<f64>(vj, 40) + v5, 40);
  }
}

/** Force pass over the short list. Adds pair forces to f (owned and ghost; the caller folds ghosts), returns the
 *  pair energy Σ phi when eflag != 0; eatom/vatom (0 = off) receive half of each pair's energy and virial. */
export function eam_force(pot: usize, nlocal: i32, x: usize, type: usize, soffs: usize, sidx: usize, fp: usize,
                          f: usize, eflag: i32, eatom: usize, vatom: usize): f64 {
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const nrm1 = <f64>(load<i32>(pot, P_NR) - 1);
  const rhorMap = <usize>load<i32>(pot, P_RHOR);
  const z2rMap = <usize>load<i32>(pot, P_Z2R);
  const rdr = load<f64>(pot, P_RDR);
  const tally = eatom != 0 || vatom != 0;
  let energy = 0.0;
  for (let i = 0; i < nlocal; i++) {
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const it = load<i32>(type + (<usize>i << 2));
    const fpi = load<f64>(fp + (<usize>i << 3));
    const k1 = load<i32>(soffs + (<usize>(i + 1) << 2));
    let k = load<i32>(soffs + (<usize>i << 2));
    let fxi = 0.0, fyi = 0.0, fzi = 0.0;
    if (ASC_FEATURE_SIMD) {
      const vrdr = f64x2.splat(rdr), one = f64x2.splat(1.0), vnrm1 = f64x2.splat(nrm1), vfpi = f64x2.splat(fpi);
      for (; k + 1 < k1; k += 2) {
        const j0 = load<i32>(sidx + (<usize>k << 2)), j1 = load<i32>(sidx + (<usize>(k + 1) << 2));
        const p0 = x + <usize>j0 * 24, p1 = x + <usize>j1 * 24;
        const dx = f64x2.sub(f64x2.splat(xi), f64x2.replace_lane(f64x2.splat(load<f64>(p0)), 1, load<f64>(p1)));
        const dy = f64x2.sub(f64x2.splat(yi), f64x2.replace_lane(f64x2.splat(load<f64>(p0, 8)), 1, load<f64>(p1, 8)));
        const dz = f64x2.sub(f64x2.splat(zi), f64x2.replace_lane(f64x2.splat(load<f64>(p0, 16)), 1, load<f64>(p1, 16)));
        const r = f64x2.sqrt(f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz)));
        let p = f64x2.add(f64x2.mul(r, vrdr), one);
        const m = f64x2.min(f64x2.trunc(p), vnrm1);
        p = f64x2.min(f64x2.sub(p, m), one);
        const m0 = <usize>(<i32>f64x2.extract_lane(m, 0)) * 56, m1 = <usize>(<i32>f64x2.extract_lane(m, 1)) * 56;
        const t0 = load<i32>(type + (<usize>j0 << 2)), t1 = load<i32>(type + (<usize>j1 << 2));
        const a0 = tab(rhorMap, nt1, it, t0) + m0, a1 = tab(rhorMap, nt1, it, t1) + m1; // rhoip
        const b0 = tab(rhorMap, nt1, t0, it) + m0, b1 = tab(rhorMap, nt1, t1, it) + m1; // rhojp
        const z0 = tab(z2rMap, nt1, it, t0) + m0, z1 = tab(z2rMap, nt1, it, t1) + m1;
        const rhoip = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(
          f64x2.replace_lane(f64x2.splat(load<f64>(a0)), 1, load<f64>(a1)), p),
          f64x2.replace_lane(f64x2.splat(load<f64>(a0, 8)), 1, load<f64>(a1, 8))), p),
          f64x2.replace_lane(f64x2.splat(load<f64>(a0, 16)), 1, load<f64>(a1, 16)));
        const rhojp = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(
          f64x2.replace_lane(f64x2.splat(load<f64>(b0)), 1, load<f64>(b1)), p),
          f64x2.replace_lane(f64x2.splat(load<f64>(b0, 8)), 1, load<f64>(b1, 8))), p),
          f64x2.replace_lane(f64x2.splat(load<f64>(b0, 16)), 1, load<f64>(b1, 16)));
        const z2p = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(
          f64x2.replace_lane(f64x2.splat(load<f64>(z0)), 1, load<f64>(z1)), p),
          f64x2.replace_lane(f64x2.splat(load<f64>(z0, 8)), 1, load<f64>(z1, 8))), p),
          f64x2.replace_lane(f64x2.splat(load<f64>(z0, 16)), 1, load<f64>(z1, 16)));
        const z2 = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(
          f64x2.replace_lane(f64x2.splat(load<f64>(z0, 24)), 1, load<f64>(z1, 24)), p),
          f64x2.replace_lane(f64x2.splat(load<f64>(z0, 32)), 1, load<f64>(z1, 32))), p),
          f64x2.replace_lane(f64x2.splat(load<f64>(z0, 40)), 1, load<f64>(z1, 40))), p),
          f64x2.replace_lane(f64x2.splat(load<f64>(z0, 48)), 1, load<f64>(z1, 48)));
        const fpj = f64x2.replace_lane(f64x2.splat(load<f64>(fp + (<usize>j0 << 3))), 1, load<f64>(fp + (<usize>j1 << 3)));
        const recip = f64x2.div(one, r);
        const phi = f64x2.mul(z2, recip);
        const phip = f64x2.sub(f64x2.mul(z2p, recip), f64x2.mul(phi, recip));
        const psip = f64x2.add(f64x2.add(f64x2.mul(vfpi, rhojp), f64x2.mul(fpj, rhoip)), phip);
        const fpair = f64x2.mul(f64x2.neg(psip), recip);
        const fx = f64x2.mul(dx, fpair), fy = f64x2.mul(dy, fpair), fz = f64x2.mul(dz, fpair);
        const fx0 = f64x2.extract_lane(fx, 0), fy0 = f64x2.extract_lane(fy, 0), fz0 = f64x2.extract_lane(fz, 0);
        const fx1 = f64x2.extract_lane(fx, 1), fy1 = f64x2.extract_lane(fy, 1), fz1 = f64x2.extract_lane(fz, 1);
        fxi += fx0; fyi += fy0; fzi += fz0;
        const f0 = f + <usize>j0 * 24;
        store<f64>(f0, load<f64>(f0) - fx0); store<f64>(f0, load<f64>(f0, 8) - fy0, 8); store<f64>(f0, load<f64>(f0, 16) - fz0, 16);
        if (eflag) {
          const e0 = f64x2.extract_lane(phi, 0);
          energy += e0;
          if (tally) tallyAtom(eatom, vatom, i, j0, e0, f64x2.extract_lane(fpair, 0),
            f64x2.extract_lane(dx, 0), f64x2.extract_lane(dy, 0), f64x2.extract_lane(dz, 0));
        } else if (tally) {
          tallyAtom(eatom, vatom, i, j0, 0.0, f64x2.extract_lane(fpair, 0),
            f64x2.extract_lane(dx, 0), f64x2.extract_lane(dy, 0), f64x2.extract_lane(dz, 0));
        }
        fxi += fx1; fyi += fy1; fzi += fz1;
        const f1 = f + <usize>j1 * 24;
        store<f64>(f1, load<f64>(f1) - fx1); store<f64>(f1, load<f64>(f1, 8) - fy1, 8); store<f64>(f1, load<f64>(f1, 16) - fz1, 16);
        if (eflag) {
          const e1 = f64x2.extract_lane(phi, 1);
          energy += e1;
          if (tally) tallyAtom(eatom, vatom, i, j1, e1, f64x2.extract_lane(fpair, 1),
            f64x2.extract_lane(dx, 1), f64x2.extract_lane(dy, 1), f64x2.extract_lane(dz, 1));
        } else if (tally) {
          tallyAtom(eatom, vatom, i, j1, 0.0, f64x2.extract_lane(fpair, 1),
            f64x2.extract_lane(dx, 1), f64x2.extract_lane(dy, 1), f64x2.extract_lane(dz, 1));
        }
      }
    }
    for (; k < k1; k++) {
      const j = load<i32>(sidx + (<usize>k << 2));
      const pj = x + <usize>j * 24;
      const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
      const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
      let p = r * rdr + 1.0;
      const m = Math.min(Math.trunc(p), nrm1);
      p = Math.min(p - m, 1.0);
      const mo = <usize>(<i32>m) * 56;
      const jt = load<i32>(type + (<usize>j << 2));
      const rhoip = slope(tab(rhorMap, nt1, it, jt) + mo, p);
      const rhojp = slope(tab(rhorMap, nt1, jt, it) + mo, p);
      const zc = tab(z2rMap, nt1, it, jt) + mo;
      const z2p = slope(zc, p);
      const z2 = value(zc, p);
      const recip = 1.0 / r;
      const phi = z2 * recip;
      const phip = z2p * recip - phi * recip;
      const psip = fpi * rhojp + load<f64>(fp + (<usize>j << 3)) * rhoip + phip;
      const fpair = -psip * recip;
      const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
      fxi += fx; fyi += fy; fzi += fz;
      const fj = f + <usize>j * 24;
      store<f64>(fj, load<f64>(fj) - fx); store<f64>(fj, load<f64>(fj, 8) - fy, 8); store<f64>(fj, load<f64>(fj, 16) - fz, 16);
      if (eflag) energy += phi;
      if (tally) tallyAtom(eatom, vatom, i, j, eflag ? phi : 0.0, fpair, dx, dy, dz);
    }
    const fi = f + <usize>i * 24;
    store<f64>(fi, load<f64>(fi) + fxi); store<f64>(fi, load<f64>(fi, 8) + fyi, 8); store<f64>(fi, load<f64>(fi, 16) + fzi, 16);
  }
  return energy;
}
