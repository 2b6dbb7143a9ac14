// Reciprocal-space Ewald sums (kspace_style ewald, LAMMPS src/KSPACE/ewald.cpp compute; physics.md §8.4): structure
// factors S(k) = Σ_j q_j e^{ik·r_j} over the host's k-vectors, Σ_k u_k|S(k)|², the virial Σ_k u_k|S(k)|² v_k, forces
// F_i = k_e q_i Σ_k (Im(e^{ik·r_i}) Re S − Re(e^{ik·r_i}) Im S) 2k u_k and per-atom energies. The SIMD build takes two
// atoms per iteration; the scalar build keeps the same two partial sums (even and odd atoms), so both agree bitwise.

import { addTo } from './pairwise';

// k-vector record (K_BYTES): kx, ky, kz (i32, multiples of 2π/L), pad, then f64 u_k, 2k·u_k (3), v_k (6)
const K_BYTES = 96;

// @ts-ignore: decorator
@inline function tab(eik: usize, n: i32, km1: i32, d: i32, m: i32, i: i32): usize {
  return eik + ((<usize>(d * km1 + m) * <usize>n + <usize>i) << 3);
}

/** vatom[i] += w·v_k (the six virial factors of record rec). */
// @ts-ignore: decorator
@inline function tallyVirial(vatom: usize, i: i32, rec: usize, w: f64): void {
  const p = vatom + <usize>i * 48;
  for (let c = 0; c < 6; c++) addTo(p + (<usize>c << 3), w * load<f64>(rec + 48 + (<usize>c << 3)));
}

/** Returns Σ_k u_k|S(k)|² (× k_e by the caller, who adds the self and neutralising terms). Overwrites: fk (3n f64)
 *  with the forces k_e q_i Σ_k partial_k 2k u_k, vir (6 f64) with k_e Σ_k u_k|S|² v_k, and when not 0, eatom (n f64)
 *  with k_e q_i Σ_k u_k Re(e^{−ik·r_i} S) and vatom (6n f64) with k_e q_i Σ_k u_k v_k Re(e^{−ik·r_i} S). kvec: kcount
 *  records of K_BYTES; unitk: 3 f64 (2π/L per axis). Scratch: eik 2·3·(kmax+1)·n f64 (cos, then sin tables), cs 2n f64. */
export function ewald_sums(n: i32, x: usize, q: usize, kcount: i32, kvec: usize, kmax: i32, unitk: usize, qqrd2e: f64,
                           eik: usize, cs: usize, fk: usize, eatom: usize, vatom: usize, vir: usize): f64 {
  const km1 = kmax + 1;
  const snOff = <usize>(3 * km1 * n) << 3;
  // e^{i m k_d x_d}, m = 0..kmax, by the recurrence of LAMMPS eik_dot_r
  for (let d = 0; d < 3; d++) {
    const u = load<f64>(unitk + (<usize>d << 3));
    for (let i = 0; i < n; i++) {
      const arg = u * load<f64>(x + <usize>i * 24 + (<usize>d << 3));
      const c1 = Math.cos(arg), s1 = Math.sin(arg);
      store<f64>(tab(eik, n, km1, d, 0, i), 1.0); store<f64>(tab(eik, n, km1, d, 0, i) + snOff, 0.0);
      store<f64>(tab(eik, n, km1, d, 1, i), c1); store<f64>(tab(eik, n, km1, d, 1, i) + snOff, s1);
      for (let m = 2; m <= kmax; m++) {
        const cp = load<f64>(tab(eik, n, km1, d, m - 1, i)), sp = load<f64>(tab(eik, n, km1, d, m - 1, i) + snOff);
        store<f64>(tab(eik, n, km1, d, m, i), cp * c1 - sp * s1);
        store<f64>(tab(eik, n, km1, d, m, i) + snOff, sp * c1 + cp * s1);
      }
    }
  }
  const ek = fk;
  memory.fill(ek, 0, <usize>(3 * n) << 3);
  if (eatom) memory.fill(eatom, 0, <usize>n << 3);
  if (vatom) memory.fill(vatom, 0, <usize>(6 * n) << 3);
  let sum = 0.0;
  let v0 = 0.0, v1 = 0.0, v2 = 0.0, v3 = 0.0, v4 = 0.0, v5 = 0.0;
  const sn = cs + (<usize>n << 3);
  for (let k = 0; k < kcount; k++) {
    const rec = kvec + <usize>k * K_BYTES;
    const kx = load<i32>(rec), ky = load<i32>(rec, 4), kz = load<i32>(rec, 8);
    // e^{−imθ} = conj: negative components flip the sine
    const sy = ky < 0 ? -1.0 : 1.0, sz = kz < 0 ? -1.0 : 1.0;
    const bx = tab(eik, n, km1, 0, kx, 0), by = tab(eik, n, km1, 1, ky < 0 ? -ky : ky, 0), bz = tab(eik, n, km1, 2, kz < 0 ? -kz : kz, 0);
    let sr0 = 0.0, si0 = 0.0, sr1 = 0.0, si1 = 0.0;
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      const vsy = f64x2.splat(sy), vsz = f64x2.splat(sz);
      let vsr = f64x2.splat(0.0), vsi = f64x2.splat(0.0);
      for (; i + 1 < n; i += 2) {
        const o = <usize>i << 3;
        const cy = v128.load(by + o), syv = f64x2.mul(vsy, v128.load(by + snOff + o));
        const cz = v128.load(bz + o), szv = f64x2.mul(vsz, v128.load(bz + snOff + o));
        const cyz = f64x2.sub(f64x2.mul(cy, cz), f64x2.mul(syv, szv));
        const syz = f64x2.add(f64x2.mul(syv, cz), f64x2.mul(cy, szv));
        const cx = v128.load(bx + o), sx = v128.load(bx + snOff + o);
        const c = f64x2.sub(f64x2.mul(cx, cyz), f64x2.mul(sx, syz));
        const s = f64x2.add(f64x2.mul(sx, cyz), f64x2.mul(cx, syz));
        v128.store(cs + o, c); v128.store(sn + o, s);
        const qi = v128.load(q + o);
        vsr = f64x2.add(vsr, f64x2.mul(qi, c));
        vsi = f64x2.add(vsi, f64x2.mul(qi, s));
      }
      sr0 = f64x2.extract_lane(vsr, 0); sr1 = f64x2.extract_lane(vsr, 1);
      si0 = f64x2.extract_lane(vsi, 0); si1 = f64x2.extract_lane(vsi, 1);
    }
    for (; i < n; i++) {
      const o = <usize>i << 3;
      const cy = load<f64>(by + o), syv = sy * load<f64>(by + snOff + o);
      const cz = load<f64>(bz + o), szv = sz * load<f64>(bz + snOff + o);
      const cyz = cy * cz - syv * szv;
      const syz = syv * cz + cy * szv;
      const cx = load<f64>(bx + o), sx = load<f64>(bx + snOff + o);
      const c = cx * cyz - sx * syz;
      const s = sx * cyz + cx * syz;
      store<f64>(cs + o, c); store<f64>(sn + o, s);
      const qi = load<f64>(q + o);
      if (i & 1) { sr1 += qi * c; si1 += qi * s; } else { sr0 += qi * c; si0 += qi * s; }
    }
    const sr = sr0 + sr1, si = si0 + si1;
    const u = load<f64>(rec, 16);
    const uk = u * (sr * sr + si * si);
    sum += uk;
    v0 += uk * load<f64>(rec, 48); v1 += uk * load<f64>(rec, 56); v2 += uk * load<f64>(rec, 64);
    v3 += uk * load<f64>(rec, 72); v4 += uk * load<f64>(rec, 80); v5 += uk * load<f64>(rec, 88);
    const gx = load<f64>(rec, 24), gy = load<f64>(rec, 32), gz = load<f64>(rec, 40);
    i = 0;
    if (ASC_FEATURE_SIMD) {
      const vsr = f64x2.splat(sr), vsi = f64x2.splat(si), vu = f64x2.splat(u);
      for (; i + 1 < n; i += 2) {
        const o = <usize>i << 3;
        const c = v128.load(cs + o), s = v128.load(sn + o);
        const partial = f64x2.sub(f64x2.mul(s, vsr), f64x2.mul(c, vsi));
        const e = ek + <usize>i * 24;
        const p0 = f64x2.extract_lane(partial, 0), p1 = f64x2.extract_lane(partial, 1);
        addTo(e, p0 * gx); addTo(e + 8, p0 * gy); addTo(e + 16, p0 * gz);
        addTo(e + 24, p1 * gx); addTo(e + 32, p1 * gy); addTo(e + 40, p1 * gz);
        if (eatom) {
          const pe = f64x2.mul(f64x2.mul(v128.load(q + o), vu), f64x2.add(f64x2.mul(c, vsr), f64x2.mul(s, vsi)));
          addTo(eatom + o, f64x2.extract_lane(pe, 0));
          addTo(eatom + o + 8, f64x2.extract_lane(pe, 1));
        }
        if (vatom) {
          const pp = f64x2.mul(vu, f64x2.add(f64x2.mul(c, vsr), f64x2.mul(s, vsi)));
          tallyVirial(vatom, i, rec, f64x2.extract_lane(pp, 0));
          tallyVirial(vatom, i + 1, rec, f64x2.extract_lane(pp, 1));
        }
      }
    }
    for (; i < n; i++) {
      const o = <usize>i << 3;
      const c = load<f64>(cs + o), s = load<f64>(sn + o);
      const partial = s * sr - c * si;
      const e = ek + <usize>i * 24;
      addTo(e, partial * gx); addTo(e + 8, partial * gy); addTo(e + 16, partial * gz);
      if (eatom) addTo(eatom + o, load<f64>(q + o) * u * (c * sr + s * si));
      if (vatom) tallyVirial(vatom, i, rec, u * (c * sr + s * si));
    }
  }
  for (let i = 0; i < n; i++) {
    const kq = qqrd2e * load<f64>(q + (<usize>i << 3));
    const e = ek + <usize>i * 24;
    store<f64>(e, kq * load<f64>(e)); store<f64>(e, kq * load<f64>(e, 8), 8); store<f64>(e, kq * load<f64>(e, 16), 16);
    if (eatom) store<f64>(eatom + (<usize>i << 3), qqrd2e * load<f64>(eatom + (<usize>i << 3)));
    if (vatom) for (let c = 0; c < 6; c++) {
      const p = vatom + <usize>i * 48 + (<usize>c << 3);
      store<f64>(p, kq * load<f64>(p));
    }
  }
  store<f64>(vir, qqrd2e * v0); store<f64>(vir, qqrd2e * v1, 8); store<f64>(vir, qqrd2e * v2, 16);
  store<f64>(vir, qqrd2e * v3, 24); store<f64>(vir, qqrd2e * v4, 32); store<f64>(vir, qqrd2e * v5, 40);
  return sum;
}
