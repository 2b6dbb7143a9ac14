// Streitz–Mintmire electrostatics (pair_style coul/streitz … wolf, physics.md §9.2): 1s Slater Coulomb integrals
// [N|f_ζ] and [f_a|f_b] with derivatives (§7.2–7.3), the stable series for nearly equal exponents (§7.4), and Wolf
// summation in LAMMPS's form (§8.2; energy shifted at R_c, force of the damped shifted force). One pass over the
// half neighbour list: each pair carries both ordered terms e_ij + e_ji. The SIMD build evaluates two neighbours per
// iteration with the same IEEE operations as the scalar build and accumulates lane 0 before lane 1 (bitwise equal).

import { erfc, erfc2v } from './erfc';
import { exp2v } from './exp';
import { addLanes, addTo, addTo2, compactRow, ownersRow, pair2, scatterPair, scatterPair2, sp } from './pairwise';
import { coul_table_fill, coulPairsTab, quadraticPairsTab } from './coulomb-table';
import { cff, cff2, cnf, cnf2, gD, gD2, gV, gV2, PAIR_BYTES, P_ALPHA, P_CUTSQ, P_DVRC, P_NTYPES, P_PAIRS, P_QQRD2E, P_RC, P_TYPES, P_VRC,
  P_TAB, P_WOLF, P_WOSELF, Q_ACTIVE, Q_CFF, Q_DCFF, TWO_OVER_SQRTPI, TYPE_BYTES, T_ACTIVE, T_CHI, T_CNF, T_DCNF, T_ETA, T_Z, T_ZETA,
  pairCoefficients } from './slater';

/** Derived constants of the descriptor (Wolf self and shift terms, pair blocks, values at R_c; all shifts 0 for Ewald). */
export function coul_streitz_setup(pot: usize): void {
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const types = <usize>load<i32>(pot, P_TYPES), pairs = <usize>load<i32>(pot, P_PAIRS);
  const wolf = load<i32>(pot, P_WOLF) != 0 ? 1.0 : 0.0;
  const rc = load<f64>(pot, P_RC), a = load<f64>(pot, P_ALPHA);
  const rcinv = 1.0 / rc;
  store<f64>(pot, rc * rc, P_CUTSQ);
  const erfcrc = erfc(a * rc);
  store<f64>(pot, wolf * (0.5 * erfcrc / rc + a / Math.sqrt(Math.PI)), P_WOSELF);
  store<f64>(pot, wolf * (erfcrc / rc), P_VRC);
  store<f64>(pot, wolf * -(erfcrc / rc / rc + TWO_OVER_SQRTPI * a * Math.exp(-a * a * rc * rc) / rc), P_DVRC);
  for (let i = 1; i < nt1; i++) {
    const t = types + <usize>i * TYPE_BYTES;
    const z = load<f64>(t, T_ZETA);
    cnf(z, Math.exp(-2.0 * z * rc), rcinv);
    store<f64>(t, wolf * gV, T_CNF);
    store<f64>(t, wolf * gD, T_DCNF);
  }
  for (let i = 1; i < nt1; i++) {
    for (let j = 1; j < nt1; j++) {
      const ti = types + <usize>i * TYPE_BYTES, tj = types + <usize>j * TYPE_BYTES;
      const q = pairs + <usize>(i * nt1 + j) * PAIR_BYTES;
      const zi = load<f64>(ti, T_ZETA), zj = load<f64>(tj, T_ZETA);
      pairCoefficients(q, zi, zj);
      cff(q, zi, zj, Math.exp(-2.0 * zi * rc), Math.exp(-2.0 * zj * rc), rc, rcinv);
      store<f64>(q, wolf * gV, Q_CFF);
      store<f64>(q, wolf * gD, Q_DCFF);
      store<f64>(q, load<f64>(ti, T_ACTIVE) * load<f64>(tj, T_ACTIVE), Q_ACTIVE);
    }
  }
  const tab = <usize>load<i32>(pot, P_TAB);
  if (tab != 0) coul_table_fill(pot, tab, 0, 0.0, rc);
}


/** coul/streitz energy and forces (Wolf, or Ewald real space as the descriptor says): self terms of owned atoms, then each pair of the half list (offs, idx)
 *  with r ≤ R_c: from the descriptor's table when it has one (coulomb-table.ts, through `scratch`, 8192 bytes of the
 *  caller's own; the short-list buffers untouched), else by the closed forms, compacted into the short list (soffs,
 *  sidx, sr: r² per pair) on the way. Adds forces to f (owned and ghost), half of each pair's energy and virial to
 *  eatom/vatom (0 = off) and the self energy to eatom of owned atoms. q holds charges of owned and ghost atoms.
 *  Returns E_coul when eflag != 0 (else 0). */
export function coul_streitz(pot: usize, i0: i32, i1: i32, x: usize, type: usize, q: usize, offs: usize, idx: usize,
                                  soffs: usize, send: usize, sidx: usize, sr: usize, f: usize, eflag: i32, eatom: usize,
                                  vatom: usize, scratch: usize): f64 {
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const types = <usize>load<i32>(pot, P_TYPES), pairs = <usize>load<i32>(pot, P_PAIRS);
  const rc = load<f64>(pot, P_RC), a = load<f64>(pot, P_ALPHA), qqrd2e = load<f64>(pot, P_QQRD2E);
  const cutsq = load<f64>(pot, P_CUTSQ), vrc = load<f64>(pot, P_VRC), dvrc = load<f64>(pot, P_DVRC);
  const kwself = qqrd2e * load<f64>(pot, P_WOSELF);
  const ma2 = -a * a, ta = TWO_OVER_SQRTPI * a;
  const tally = eatom != 0 || vatom != 0;
  let energy = 0.0;
  // self energy q_i [χ_i + q_i (J_i/2 − k_e w_s)]
  for (let i = i0; i < i1; i++) {
    const t = types + <usize>load<i32>(type + (<usize>i << 2)) * TYPE_BYTES;
    const qi = load<f64>(q + (<usize>i << 3));
    const e = load<f64>(t, T_ACTIVE) * (qi * (load<f64>(t, T_CHI) + qi * (0.5 * load<f64>(t, T_ETA) - kwself)));
    if (eflag) energy += e;
    if (eatom) addTo(eatom + (<usize>i << 3), e);
  }
  const tab = <usize>load<i32>(pot, P_TAB);
  if (tab != 0) return energy + coulPairsTab(pot, tab, i0, i1, x, type, q, offs, idx, f, eflag, eatom, vatom, scratch);
  let ns = load<i32>(offs + (<usize>i0 << 2));
  for (let i = i0; i < i1; i++) {
    store<i32>(soffs + (<usize>i << 2), ns);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const it = load<i32>(type + (<usize>i << 2));
    const ti = types + <usize>it * TYPE_BYTES;
    const qrow = pairs + <usize>(it * nt1) * PAIR_BYTES;
    const qi = load<f64>(q + (<usize>i << 3));
    const zei = load<f64>(ti, T_ZETA), zci = load<f64>(ti, T_Z);
    const m2zi = -2.0 * zei;
    const cnfi = load<f64>(ti, T_CNF), dcnfi = load<f64>(ti, T_DCNF);
    const k0 = load<i32>(offs + (<usize>i << 2)), k1 = load<i32>(offs + (<usize>(i + 1) << 2));
    const s0 = ns;
    ns = compactRow(x, idx, k0, k1, xi, yi, zi, cutsq, sidx, sr, ns);
    store<i32>(send + (<usize>i << 2), ns);
    let fxi = 0.0, fyi = 0.0, fzi = 0.0;
    let k = s0;
    if (ASC_FEATURE_SIMD) {
      const one = f64x2.splat(1.0), vrcv = f64x2.splat(rc);
      const vqi = f64x2.splat(qi), vzci = f64x2.splat(zci), vzei = f64x2.splat(zei);
      for (; k + 1 < ns; k += 2) {
        const j0 = load<i32>(sidx + (<usize>k << 2)), j1 = load<i32>(sidx + (<usize>(k + 1) << 2));
        const r = f64x2.sqrt(v128.load(sr + (<usize>k << 3)));
        const t0 = types + <usize>load<i32>(type + (<usize>j0 << 2)) * TYPE_BYTES;
        const t1 = types + <usize>load<i32>(type + (<usize>j1 << 2)) * TYPE_BYTES;
        const q0 = qrow + <usize>load<i32>(type + (<usize>j0 << 2)) * PAIR_BYTES;
        const q1 = qrow + <usize>load<i32>(type + (<usize>j1 << 2)) * PAIR_BYTES;
        const zej = pair2(t0, t1, T_ZETA), zcj = pair2(t0, t1, T_Z);
        const qj = pair2(q + (<usize>j0 << 3), q + (<usize>j1 << 3), 0);
        const rinv = f64x2.div(one, r);
        // the same products as the scalar loop's, through lane-wise exp and erfc (bitwise Math.exp and erfc)
        const ei = exp2v(f64x2.mul(f64x2.splat(m2zi), r));
        const ej = exp2v(f64x2.mul(f64x2.mul(f64x2.splat(-2.0), zej), r));
        const erfcr = erfc2v(f64x2.mul(f64x2.splat(a), r));
        const g = exp2v(f64x2.mul(f64x2.mul(f64x2.splat(ma2), r), r));
        const drc = f64x2.sub(r, vrcv);
        // core–valence remainders, shifted: i's density in j's core field and j's density in i's
        cnf2(vzei, ei, rinv, true);
        const cjfi = gV2, dcjfi = gD2;
        const sjfi = f64x2.sub(f64x2.sub(cjfi, f64x2.splat(cnfi)), f64x2.mul(drc, f64x2.splat(dcnfi)));
        const dsjfi = f64x2.sub(dcjfi, f64x2.splat(dcnfi));
        cnf2(zej, ej, rinv, true);
        const cifj = gV2, dcifj = gD2;
        const sifj = f64x2.sub(f64x2.sub(cifj, pair2(t0, t1, T_CNF)), f64x2.mul(drc, pair2(t0, t1, T_DCNF)));
        const dsifj = f64x2.sub(dcifj, pair2(t0, t1, T_DCNF));
        // valence–valence remainder: closed form and series per lane, as each pair's flag says
        cff2(q0, q1, vzei, zej, ei, ej, r, rinv, true);
        const cffv = gV2, dcffv = gD2;
        const sff = f64x2.sub(f64x2.sub(cffv, pair2(q0, q1, Q_CFF)), f64x2.mul(drc, pair2(q0, q1, Q_DCFF)));
        const dsff = f64x2.sub(dcffv, pair2(q0, q1, Q_DCFF));
        // Wolf: v(r) − v(R_c) in the energy, v'(r) − v'(R_c) in the force (LAMMPS coul/streitz); Ewald: v, v'
        const v = f64x2.sub(f64x2.div(erfcr, r), f64x2.splat(vrc));
        const dv = f64x2.sub(f64x2.sub(f64x2.neg(f64x2.div(f64x2.div(erfcr, r), r)), f64x2.div(f64x2.mul(f64x2.splat(ta), g), r)),
          f64x2.splat(dvrc));
        const qizj = f64x2.mul(vqi, zcj), qjzi = f64x2.mul(qj, vzci), qq = f64x2.mul(vqi, qj);
        const act = f64x2.mul(pair2(q0, q1, Q_ACTIVE), f64x2.splat(qqrd2e));
        const u = f64x2.mul(act, f64x2.add(f64x2.add(f64x2.mul(qizj, f64x2.sub(sjfi, sff)), f64x2.mul(qjzi, f64x2.sub(sifj, sff))),
          f64x2.mul(qq, f64x2.add(v, sff))));
        const du = f64x2.mul(act, f64x2.add(f64x2.add(f64x2.mul(qizj, f64x2.sub(dsjfi, dsff)), f64x2.mul(qjzi, f64x2.sub(dsifj, dsff))),
          f64x2.mul(qq, f64x2.add(dv, dsff))));
        const fpair = f64x2.mul(f64x2.neg(du), rinv);
        const p0 = x + <usize>j0 * 24, p1 = x + <usize>j1 * 24;
        const dx = f64x2.sub(f64x2.splat(xi), pair2(p0, p1, 0));
        const dy = f64x2.sub(f64x2.splat(yi), pair2(p0, p1, 8));
        const dz = f64x2.sub(f64x2.splat(zi), pair2(p0, p1, 16));
        const fx = f64x2.mul(dx, fpair), fy = f64x2.mul(dy, fpair), fz = f64x2.mul(dz, fpair);
        fxi = addLanes(fxi, fx); fyi = addLanes(fyi, fy); fzi = addLanes(fzi, fz);
        if (eflag) energy = addLanes(energy, u);
        scatterPair2(f, i, j0, j1, fx, fy, fz, u, fpair, dx, dy, dz, tally, eatom, vatom);
      }
    }
    for (; k < ns; k++) {
      const j = load<i32>(sidx + (<usize>k << 2));
      const r = Math.sqrt(load<f64>(sr + (<usize>k << 3)));
      const jt = load<i32>(type + (<usize>j << 2));
      const tj = types + <usize>jt * TYPE_BYTES;
      const qp = qrow + <usize>jt * PAIR_BYTES;
      const zej = load<f64>(tj, T_ZETA), zcj = load<f64>(tj, T_Z);
      const qj = load<f64>(q + (<usize>j << 3));
      const rinv = 1.0 / r, rinv2 = rinv * rinv;
      const ei = Math.exp(m2zi * r);
      const ej = Math.exp(-2.0 * zej * r);
      const erfcr = erfc(a * r);
      const g = Math.exp(ma2 * r * r);
      const drc = r - rc;
      const cjfi = -zei * ei - rinv * ei;
      const dcjfi = 2.0 * zei * zei * ei + rinv2 * ei + 2.0 * zei * rinv * ei;
      const sjfi = cjfi - cnfi - drc * dcnfi;
      const dsjfi = dcjfi - dcnfi;
      const cifj = -zej * ej - rinv * ej;
      const dcifj = 2.0 * zej * zej * ej + rinv2 * ej + 2.0 * zej * rinv * ej;
      const sifj = cifj - load<f64>(tj, T_CNF) - drc * load<f64>(tj, T_DCNF);
      const dsifj = dcifj - load<f64>(tj, T_DCNF);
      cff(qp, zei, zej, ei, ej, r, rinv);
      const sff = gV - load<f64>(qp, Q_CFF) - drc * load<f64>(qp, Q_DCFF);
      const dsff = gD - load<f64>(qp, Q_DCFF);
      const v = erfcr / r - vrc;
      const dv = -(erfcr / r / r) - ta * g / r - dvrc;
      const qizj = qi * zcj, qjzi = qj * zci, qq = qi * qj;
      const act = load<f64>(qp, Q_ACTIVE) * qqrd2e;
      const u = act * (qizj * (sjfi - sff) + qjzi * (sifj - sff) + qq * (v + sff));
      const du = act * (qizj * (dsjfi - dsff) + qjzi * (dsifj - dsff) + qq * (dv + dsff));
      const fpair = -du * rinv;
      const pj = x + <usize>j * 24;
      const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
      const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
      fxi += fx; fyi += fy; fzi += fz;
      if (eflag) energy += u;
      scatterPair(f, i, j, fx, fy, fz, u, fpair, dx, dy, dz, tally, eatom, vatom);
    }
    const fi = f + <usize>i * 24;
    addTo(fi, fxi); addTo(fi + 8, fyi); addTo(fi + 16, fzi);
  }
  return energy;
}

/** The coul/streitz energy as a quadratic in the charges, for charge equilibration on the pair's own energy (fix
 *  qeq/ensemble, physics.md §9.2): E = Σ_i lin_i q_i + ½ Σ_i diag_i q_i² + Σ_{pairs} h_ij q_i q_j, term by term the
 *  expression coul_streitz evaluates (same shifts, same α, same R_c). Owned atoms get lin_i += χ_i and
 *  diag_i = J_i − 2k_e w_s; every half-list pair with r² ≤ R_c² gets h = k_e[v(r) − v(R_c) + C_ff^sf] in the short
 *  list (soffs, sidx, h: one f64 per pair) and adds k_e Z_j[C_jf_i^sf − C_ff^sf] to lin_i, k_e Z_i[C_if_j^sf − C_ff^sf]
 *  to lin_j (owned and ghost: the caller zeroes lin and folds its ghosts). Each row's neighbours are then named by
 *  their owners (ghost j ≥ nlocal → owner[j − nlocal]), so H·q is qeq_matvec on the owned atoms. */
export function coul_streitz_hessian(pot: usize, i0: i32, i1: i32, x: usize, type: usize, offs: usize, idx: usize,
                                     soffs: usize, send: usize, sidx: usize, h: usize, diag: usize, lin: usize, scratch: usize,
                                     nlocal: i32, owner: usize): void {
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const types = <usize>load<i32>(pot, P_TYPES), pairs = <usize>load<i32>(pot, P_PAIRS);
  const rc = load<f64>(pot, P_RC), a = load<f64>(pot, P_ALPHA), qqrd2e = load<f64>(pot, P_QQRD2E);
  const cutsq = load<f64>(pot, P_CUTSQ), vrc = load<f64>(pot, P_VRC);
  const kwself = qqrd2e * load<f64>(pot, P_WOSELF);
  for (let i = i0; i < i1; i++) {
    const t = types + <usize>load<i32>(type + (<usize>i << 2)) * TYPE_BYTES;
    const act = load<f64>(t, T_ACTIVE);
    store<f64>(diag + (<usize>i << 3), act * (load<f64>(t, T_ETA) - 2.0 * kwself));
    addTo(lin + (<usize>i << 3), act * load<f64>(t, T_CHI));
  }
  const tab = <usize>load<i32>(pot, P_TAB);
  if (tab != 0) {
    quadraticPairsTab(tab, 1, cutsq, i0, i1, x, type, offs, idx, soffs, send, sidx, h, lin, scratch, nlocal, owner);
    return;
  }
  let ns = load<i32>(offs + (<usize>i0 << 2));
  for (let i = i0; i < i1; i++) {
    store<i32>(soffs + (<usize>i << 2), ns);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const it = load<i32>(type + (<usize>i << 2));
    const ti = types + <usize>it * TYPE_BYTES;
    const qrow = pairs + <usize>(it * nt1) * PAIR_BYTES;
    const zei = load<f64>(ti, T_ZETA), zci = load<f64>(ti, T_Z);
    const cnfi = load<f64>(ti, T_CNF), dcnfi = load<f64>(ti, T_DCNF);
    let lini = 0.0;
    const k0 = load<i32>(offs + (<usize>i << 2)), k1 = load<i32>(offs + (<usize>(i + 1) << 2));
    const s0 = ns;
    // compaction first (r² parked in h), then the pairs inside the cutoff without a branch
    ns = compactRow(x, idx, k0, k1, xi, yi, zi, cutsq, sidx, h, ns);
    let k = s0;
    if (ASC_FEATURE_SIMD) {
      // two pairs per iteration: the scalar loop's operations lane by lane (exp2v, erfc2v, cnf2, cff2 are bitwise
      // Math.exp, erfc, cnf, cff); linear terms added lane 0 then lane 1 as the scalar loop adds pair by pair
      const one = sp(1.0), vzei = sp(zei), vrc2 = sp(rc), ke = sp(qqrd2e);
      for (; k + 1 < ns; k += 2) {
        const j0 = load<i32>(sidx + (<usize>k << 2)), j1 = load<i32>(sidx + (<usize>(k + 1) << 2));
        const hk = h + (<usize>k << 3);
        const r = f64x2.sqrt(v128.load(hk)), rinv = f64x2.div(one, r);
        const jt0 = load<i32>(type + (<usize>j0 << 2)), jt1 = load<i32>(type + (<usize>j1 << 2));
        const tj0 = types + <usize>jt0 * TYPE_BYTES, tj1 = types + <usize>jt1 * TYPE_BYTES;
        const q0 = qrow + <usize>jt0 * PAIR_BYTES, q1 = qrow + <usize>jt1 * PAIR_BYTES;
        const zej = pair2(tj0, tj1, T_ZETA), zcj = pair2(tj0, tj1, T_Z);
        const ei = exp2v(f64x2.mul(sp(-2.0 * zei), r)), ej = exp2v(f64x2.mul(f64x2.mul(sp(-2.0), zej), r));
        const drc = f64x2.sub(r, vrc2);
        cnf2(vzei, ei, rinv, false);
        const sjfi = f64x2.sub(f64x2.sub(gV2, sp(cnfi)), f64x2.mul(drc, sp(dcnfi)));
        cnf2(zej, ej, rinv, false);
        const sifj = f64x2.sub(f64x2.sub(gV2, pair2(tj0, tj1, T_CNF)), f64x2.mul(drc, pair2(tj0, tj1, T_DCNF)));
        cff2(q0, q1, vzei, zej, ei, ej, r, rinv, false);
        const sff = f64x2.sub(f64x2.sub(gV2, pair2(q0, q1, Q_CFF)), f64x2.mul(drc, pair2(q0, q1, Q_DCFF)));
        const act = f64x2.mul(pair2(q0, q1, Q_ACTIVE), ke);
        v128.store(hk, f64x2.mul(act, f64x2.add(f64x2.sub(f64x2.div(erfc2v(f64x2.mul(sp(a), r)), r), sp(vrc)), sff)));
        lini = addLanes(lini, f64x2.mul(f64x2.mul(act, zcj), f64x2.sub(sjfi, sff)));
        addTo2(lin, j0, j1, f64x2.mul(f64x2.mul(act, sp(zci)), f64x2.sub(sifj, sff)));
      }
    }
    for (; k < ns; k++) {
      const j = load<i32>(sidx + (<usize>k << 2));
      const hk = h + (<usize>k << 3);
      const r = Math.sqrt(load<f64>(hk)), rinv = 1.0 / r;
      const jt = load<i32>(type + (<usize>j << 2));
      const tj = types + <usize>jt * TYPE_BYTES;
      const qp = qrow + <usize>jt * PAIR_BYTES;
      const zej = load<f64>(tj, T_ZETA), zcj = load<f64>(tj, T_Z);
      const ei = Math.exp(-2.0 * zei * r), ej = Math.exp(-2.0 * zej * r);
      const drc = r - rc;
      cnf(zei, ei, rinv);
      const sjfi = gV - cnfi - drc * dcnfi;
      cnf(zej, ej, rinv);
      const sifj = gV - load<f64>(tj, T_CNF) - drc * load<f64>(tj, T_DCNF);
      cff(qp, zei, zej, ei, ej, r, rinv);
      const sff = gV - load<f64>(qp, Q_CFF) - drc * load<f64>(qp, Q_DCFF);
      const act = load<f64>(qp, Q_ACTIVE) * qqrd2e;
      store<f64>(hk, act * (erfc(a * r) / r - vrc + sff));
      lini += act * zcj * (sjfi - sff);
      addTo(lin + (<usize>j << 3), act * zci * (sifj - sff));
    }
    store<i32>(send + (<usize>i << 2), ns);
    addTo(lin + (<usize>i << 3), lini);
    ownersRow(sidx, s0, ns, nlocal, owner);
  }
}
