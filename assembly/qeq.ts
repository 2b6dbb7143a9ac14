// Charge equilibration of fix qeq/slater (LAMMPS src/QEQ/fix_qeq_slater.cpp, physics.md §9.2): the sparse matrix
// H_ij = k_e[erfc(α_f r)/r + C_ff(r)] over pairs r ≤ R_f with the fix's own α_f and R_f (no Wolf shift), the core
// field χ^Z_i = Σ_j k_e Z_j [C_jf_i(r) − C_ff(r)], and H·x for the host's conjugate-gradient solves.

import { erfc } from './erfc';
import { cff, cnf, gV, PAIR_BYTES, P_NTYPES, P_PAIRS, P_QQRD2E, P_TYPES, TYPE_BYTES, T_ACTIVE, T_Z, T_ZETA } from './coulomb';
import { addTo } from './pairwise';

/** H off-diagonal of every half-list pair (offs, idx) with r² ≤ cutsq into the short list (soffs, sidx, h: one f64
 *  per pair), and the core field into chiz (owned and ghost atoms; zeroed by the caller, ghosts folded after).
 *  pot is the coul/streitz descriptor (assembly/coulomb.ts); alpha is the fix's damping (1/Å). */
export function qeq_slater_matrix(pot: usize, nlocal: i32, x: usize, type: usize, offs: usize, idx: usize, cutsq: f64,
                                  alpha: f64, soffs: usize, sidx: usize, h: usize, chiz: usize): void {
  const nt1 = load<i32>(pot, P_NTYPES) + 1;
  const types = <usize>load<i32>(pot, P_TYPES), pairs = <usize>load<i32>(pot, P_PAIRS);
  const qqrd2e = load<f64>(pot, P_QQRD2E);
  let ns = 0;
  for (let i = 0; i < nlocal; i++) {
    store<i32>(soffs + (<usize>i << 2), ns);
    const pi = x + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const it = load<i32>(type + (<usize>i << 2));
    const ti = types + <usize>it * TYPE_BYTES;
    const zei = load<f64>(ti, T_ZETA), zci = load<f64>(ti, T_Z);
    let chizi = 0.0;
    const k1 = load<i32>(offs + (<usize>(i + 1) << 2));
    for (let k = load<i32>(offs + (<usize>i << 2)); k < k1; k++) {
      const j = load<i32>(idx + (<usize>k << 2));
      const pj = x + <usize>j * 24;
      const dx = xi - load<f64>(pj), dy = yi - load<f64>(pj, 8), dz = zi - load<f64>(pj, 16);
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq > cutsq) continue;
      const r = Math.sqrt(rsq), rinv = 1.0 / r;
      const jt = load<i32>(type + (<usize>j << 2));
      const tj = types + <usize>jt * TYPE_BYTES;
      const qp = pairs + <usize>(it * nt1 + jt) * PAIR_BYTES;
      const zej = load<f64>(tj, T_ZETA);
      const ei = Math.exp(-2.0 * zei * r), ej = Math.exp(-2.0 * zej * r);
      const act = load<f64>(ti, T_ACTIVE) * load<f64>(tj, T_ACTIVE) * qqrd2e;
      cff(qp, zei, zej, ei, ej, r, rinv);
      const cffr = gV;
      store<i32>(sidx + (<usize>ns << 2), j);
      store<f64>(h + (<usize>ns << 3), act * (cffr + erfc(alpha * r) * rinv));
      ns++;
      cnf(zei, ei, rinv);
      chizi += act * load<f64>(tj, T_Z) * (gV - cffr);
      cnf(zej, ej, rinv);
      addTo(chiz + (<usize>j << 3), act * zci * (gV - cffr));
    }
    addTo(chiz + (<usize>i << 3), chizi);
  }
  store<i32>(soffs + (<usize>nlocal << 2), ns);
}

/** y = H·v: y_i = diag_i v_i for owned atoms, y = 0 for ghosts, then every stored pair adds h v_j to y_i and h v_i to
 *  y_j (v must hold ghost values; fold y's ghosts into their owners afterwards). */
export function qeq_matvec(nlocal: i32, nghost: i32, soffs: usize, sidx: usize, h: usize, diag: usize, v: usize, y: usize): void {
  for (let i = 0; i < nlocal; i++) {
    store<f64>(y + (<usize>i << 3), load<f64>(diag + (<usize>i << 3)) * load<f64>(v + (<usize>i << 3)));
  }
  memory.fill(y + (<usize>nlocal << 3), 0, <usize>nghost << 3);
  for (let i = 0; i < nlocal; i++) {
    const vi = load<f64>(v + (<usize>i << 3));
    let yi = 0.0;
    const k1 = load<i32>(soffs + (<usize>(i + 1) << 2));
    for (let k = load<i32>(soffs + (<usize>i << 2)); k < k1; k++) {
      const j = load<i32>(sidx + (<usize>k << 2));
      const hk = load<f64>(h + (<usize>k << 3));
      yi += hk * load<f64>(v + (<usize>j << 3));
      addTo(y + (<usize>j << 3), hk * vi);
    }
    addTo(y + (<usize>i << 3), yi);
  }
}
