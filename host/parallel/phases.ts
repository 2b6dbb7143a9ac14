// One rank's share of each phase of a parallel EAM evaluation. Rank 0 (the main thread) and the workers run the
// same code on disjoint atom ranges; scatters to neighbour atoms go to the rank's own accumulator (rank 0: the
// shared one), which Fold then adds into the shared one in rank order, so a given team size is deterministic.

import { SCRATCH_BYTES, type KernelExports } from '../wasm/kernel.js';
import { A_BOUNDS, A_CAPACITY, A_PER_RANK, A_PER_RANK2, Cmd, PART_BODY, PART_WHOLE, SUMS_BYTES, shareStart } from './control.js';
import { K_BYTES } from '../kspace/ewald.js';

/** Rank `rank`'s even slice of zeroing `count` f64 in each of the buffers of ranks 1..ranks−1 (A_PER_RANK2 + s), the
 *  buffers taken end to end. */
function zeroRankSlice(k: KernelExports, a: Float64Array, count: number, rank: number, ranks: number): void {
  const z0 = shareStart(count * (ranks - 1), rank, ranks), z1 = shareStart(count * (ranks - 1), rank + 1, ranks);
  for (let s = 1; s < ranks; s++) {
    const b0 = (s - 1) * count, lo = Math.max(z0, b0), hi = Math.min(z1, b0 + count);
    if (lo < hi) k.zero_f64(lo - b0, hi - b0, a[A_PER_RANK2 + s]);
  }
}

export function runPhase(k: KernelExports, cmd: Cmd, a: Float64Array, rank: number, ranks: number, results: Float64Array): void {
  const i0 = a[A_BOUNDS + rank], i1 = a[A_BOUNDS + rank + 1];
  switch (cmd) {
    case Cmd.Density: {
      // a: pot x type offs idx smask nall scratch (rank r's at scratch + r·SCRATCH_BYTES) part nlocal head up rho.
      // PART_WHOLE: every rank zeroes its own accumulator (A_PER_RANK; rank 0's: the shared rho, which no other rank
      // writes in this phase) and walks its range. By bands (host/neighbor/bands.ts), A_PER_RANK is the rank's ghost
      // accumulator (rank 0's: rho's ghosts): PART_BODY zeroes it and the rank's band of rho, then walks the rows after
      // the head; PART_HEAD walks the head
      const acc = a[A_PER_RANK + rank], part = a[8], scratch = a[7] + rank * SCRATCH_BYTES;
      if (part === PART_WHOLE) {
        k.zero_f64(0, a[6], acc);
        k.eam_density(a[0], i0, i1, a[1], a[2], a[3], a[4], a[5], scratch, acc);
        return;
      }
      const n = a[9], head = Math.min(i0 + a[10], i1), rho = a[12];
      if (part === PART_BODY) {
        // the band [b_r + up, b_{r+1} + up) around the ring (host/neighbor/bands.ts)
        const up = a[11];
        k.zero_f64(i0 + up, Math.min(i1 + up, n), rho);
        if (rank === ranks - 1) k.zero_f64(0, up, rho);
        k.zero_f64(0, a[6] - n, acc);
        k.eam_density_split(a[0], head, i1, a[1], a[2], a[3], a[4], a[5], scratch, rho, n, acc);
      } else k.eam_density_split(a[0], i0, head, a[1], a[2], a[3], a[4], a[5], scratch, rho, n, acc);
      return;
    }
    case Cmd.Fold: {
      // a: dst count; per-rank sources (rank 0's is dst itself); every rank adds a slice over all sources in order
      const n = a[1];
      const k0 = shareStart(n, rank, ranks), k1 = shareStart(n, rank + 1, ranks);
      for (let s = 1; s < ranks; s++) k.add_into(k0, k1, a[0], a[A_PER_RANK + s]);
      return;
    }
    case Cmd.EmbedFold: {
      // a: pot type rho(=fp) eflag nlocal nghost owner zero; owned atoms split evenly: the ghosts of the rank's owners
      // add their ρ (ranks folded) to them, the owners' F′ overwrites their ρ, and goes to those ghosts; then the force
      // accumulators of ranks 1.. (A_PER_RANK2, `zero` f64 each) are zeroed for the force pass, an even slice of them
      // by each rank
      const n = a[4], ng = a[5], o0 = shareStart(n, rank, ranks), o1 = shareStart(n, rank + 1, ranks);
      k.ghost_fold_owners(n, ng, a[6], a[2], 1, o0, o1);
      results[rank] = k.eam_embed(a[0], o0, o1, a[1], a[2], a[2], a[3], 0);
      k.ghost_copy_owners(n, ng, a[6], a[2], o0, o1);
      zeroRankSlice(k, a, a[7], rank, ranks);
      return;
    }
    case Cmd.Force: {
      // a: pot x type offs idx smask fp eflag nall scratch (rank r's at scratch + r·SCRATCH_BYTES) part nlocal head f;
      // the parts as Density's (the shared forces are zeroed before the passes, the accumulators of ranks 1.. by
      // EmbedFold)
      const acc = a[A_PER_RANK + rank], part = a[10], scratch = a[9] + rank * SCRATCH_BYTES;
      if (part === PART_WHOLE) {
        results[rank] = k.eam_force(a[0], i0, i1, a[1], a[2], a[3], a[4], a[5], scratch, a[6], acc, a[7], 0, 0);
        return;
      }
      const n = a[11], head = Math.min(i0 + a[12], i1);
      const [r0, r1] = part === PART_BODY ? [head, i1] : [i0, head];
      results[rank] = k.eam_force_split(a[0], r0, r1, a[1], a[2], a[3], a[4], a[5], scratch, a[6], a[13], n, acc, a[7]);
      return;
    }
    case Cmd.BuildList:
      // a: x lox loy loz binsize nbx nby nbz binOf binStart binAtoms xb cutsq offs; each rank lists its atom range
      // into its share of the shared idx (A_PER_RANK: where it starts, A_CAPACITY: its entries); results[rank] = its
      // pair count
      results[rank] = k.build_half(i0, i1, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12],
        a[13], a[A_PER_RANK + rank], a[A_CAPACITY + rank]);
      return;
    case Cmd.Coul: {
      // a: pot x type q offs idx soffs send sidx sr eflag nall scratch (rank r's at scratch + r·SCRATCH_BYTES); forces
      // into the rank's accumulator
      const f = a[A_PER_RANK + rank];
      if (rank > 0) k.zero_f64(0, 3 * a[11], f);
      results[rank] = k.coul_streitz(a[0], i0, i1, a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], f, a[10], 0, 0,
        a[12] + rank * SCRATCH_BYTES);
      return;
    }
    case Cmd.QeqMatrix: {
      // a: pot x type offs idx cutsq alpha soffs send sidx h nall tab scratch (rank r's at scratch + r·SCRATCH_BYTES)
      // nlocal owner; core field into the rank's accumulator
      const chiz = a[A_PER_RANK + rank];
      k.zero_f64(0, a[11], chiz);
      k.qeq_slater_matrix(a[0], i0, i1, a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], chiz, a[12],
        a[13] + rank * SCRATCH_BYTES, a[14], a[15]);
      return;
    }
    case Cmd.QeqMatvec: {
      // a: soffs send sidx h diag v n stride lane (neighbours mapped to owned atoms; v and y interleaved `stride` wide,
      // this product on `lane`); y into the rank's accumulator (each rank zeroes its own, stride·n f64)
      const y = a[A_PER_RANK + rank], lane = 8 * a[8];
      k.zero_f64(0, a[7] * a[6], y);
      k.qeq_matvec(i0, i1, a[0], a[1], a[2], a[3], a[4], a[5] + lane, y + lane, a[7]);
      return;
    }
    case Cmd.QeqMatvec2: {
      // a: soffs send sidx h diag v2 n; two interleaved vectors, y into the rank's accumulator (2·n f64)
      const y = a[A_PER_RANK + rank];
      k.zero_f64(0, 2 * a[6], y);
      k.qeq_matvec2(i0, i1, a[0], a[1], a[2], a[3], a[4], a[5], y);
      return;
    }
    case Cmd.Hessian: {
      // a: pot x type offs idx soffs send sidx h diag nall scratch (rank r's at scratch + r·SCRATCH_BYTES) nlocal owner;
      // linear term into the rank's accumulator
      const lin = a[A_PER_RANK + rank];
      k.zero_f64(0, a[10], lin);
      k.coul_streitz_hessian(a[0], i0, i1, a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], lin, a[11] + rank * SCRATCH_BYTES,
        a[12], a[13]);
      return;
    }
    case Cmd.Ewald: {
      // a: n x q kvec kcount kmax unitk qqrd2e eflag vflag, then byte offsets in a rank's work block of vir f eatom
      // vatom cs eik. Rank r takes the k-vectors [kcount·r/W, kcount·(r+1)/W) whole (each S(k) summed over all atoms as
      // on one thread) into its own block (rank 0: the shared one); results[rank] = its Σ_k u_k|S(k)|²
      const kc = a[4], k0 = shareStart(kc, rank, ranks), k1 = shareStart(kc, rank + 1, ranks);
      const w = a[A_PER_RANK + rank];
      results[rank] = k.ewald_sums(a[0], a[1], a[2], k1 - k0, a[3] + k0 * K_BYTES, a[5], a[6], a[7], w + a[15], w + a[14],
        w + a[11], a[8] ? w + a[12] : 0, a[9] ? w + a[13] : 0, w + a[10]);
      return;
    }
    case Cmd.EctGather:
      // a: pot x type offs idx send lbeg sidx r v dv out; the rank's rows, Σ φ_rep into its out block (f64[4] at out + 32·r)
      results[rank] = k.ect_gather(a[0], i0, i1, a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11] + 32 * rank);
      return;
    case Cmd.EctForce: {
      // a: pot n x type owner offs send lbeg sidx r dv w fp q nall scratch (rank r's at scratch + r·SCRATCH_BYTES);
      // forces into the rank's accumulator
      const f = a[A_PER_RANK + rank];
      if (rank > 0) k.zero_f64(0, 3 * a[14], f);
      k.ect_force(a[0], i0, i1, a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], f, 0,
        a[15] + rank * SCRATCH_BYTES);
      return;
    }
    case Cmd.EctDensity: {
      // a: pot n type owner offs send sidx r w scratch (rank r's at scratch + r·SCRATCH_BYTES); ρ̄ into the rank's
      // accumulator (rank 0's zeroed by the caller)
      const rho = a[A_PER_RANK + rank];
      if (rank > 0) k.zero_f64(0, a[1], rho);
      k.ect_density(a[0], i0, i1, a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], rho, a[9] + rank * SCRATCH_BYTES);
      return;
    }
    case Cmd.EctEmbed: {
      // a: pot n type rho w g fp q V out; owned atoms split evenly, energies into the rank's out (f64[4] at out + 32·r)
      const n = a[1];
      k.ect_embed(a[0], shareStart(n, rank, ranks), shareStart(n, rank + 1, ranks), a[2], a[3], a[4], a[5], a[6], a[7],
        a[8], 0, a[9] + 32 * rank);
      return;
    }
    case Cmd.EctPairs: {
      // a: pot n type owner offs send lbeg sidx r v w fp q scratch out gcount; V and ∂E/∂w (gcount f64) into the
      // rank's accumulators (A_PER_RANK, A_PER_RANK2), energies into the rank's out
      const V = a[A_PER_RANK + rank], g = a[A_PER_RANK2 + rank], n = a[1];
      if (rank > 0) { k.zero_f64(0, n, V); k.zero_f64(0, a[15], g); }
      k.ect_pairs(a[0], i0, i1, n, a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], g, a[11], a[12], V, 0,
        a[13] + rank * SCRATCH_BYTES, a[14] + 32 * rank);
      return;
    }
    case Cmd.EctLrGrad: {
      // a: pot n type V g; owned atoms split evenly
      const n = a[1];
      k.ect_lr_grad(a[0], shareStart(n, rank, ranks), shareStart(n, rank + 1, ranks), a[2], a[3], a[4]);
      return;
    }
    case Cmd.NveInitial: {
      // a: x v f type dtfm mask dt nlocal; owned atoms split evenly
      const n = a[7];
      k.nve_initial(shareStart(n, rank, ranks), shareStart(n, rank + 1, ranks), a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
      return;
    }
    case Cmd.NveFinal: {
      // a: x v f type dtfm mask dt nlocal (x and dt unused); owned atoms split evenly
      const n = a[7];
      k.nve_final(shareStart(n, rank, ranks), shareStart(n, rank + 1, ranks), a[1], a[2], a[3], a[4], a[5]);
      return;
    }
    case Cmd.CgStart:
      // a: n lanes b q r d m sums; the rank's sums into its block of sums
      k.qeq_cg_start(shareStart(a[0], rank, ranks), shareStart(a[0], rank + 1, ranks), a[1], a[2], a[3], a[4], a[5], a[6], a[7] + SUMS_BYTES * rank);
      return;
    case Cmd.CgDot: {
      // a: n lanes d q sums fold; with fold, first the ranks' mat-vec accumulators (A_PER_RANK, ranks 1..) into q (two
      // f64 per atom) over the rank's slice of the atoms, in rank order as Fold would, then d·q over that slice (no
      // barrier between: the slice is the rank's own)
      const i0s = shareStart(a[0], rank, ranks), i1s = shareStart(a[0], rank + 1, ranks);
      if (a[5]) for (let s = 1; s < ranks; s++) k.add_into(2 * i0s, 2 * i1s, a[3], a[A_PER_RANK + s]);
      k.qeq_cg_dot(i0s, i1s, a[1], a[2], a[3], a[4] + SUMS_BYTES * rank);
      return;
    }
    case Cmd.CgUpdate:
      // a: n lanes alfa0 alfa1 x r p d q m sums
      k.qeq_cg_update(shareStart(a[0], rank, ranks), shareStart(a[0], rank + 1, ranks), a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8],
        a[9], a[10] + SUMS_BYTES * rank);
      return;
    case Cmd.CgDirection:
      // a: n lanes beta0 beta1 p d
      k.qeq_cg_direction(shareStart(a[0], rank, ranks), shareStart(a[0], rank + 1, ranks), a[1], a[2], a[3], a[4], a[5]);
      return;
    case Cmd.Zero: {
      // a: buffer count
      k.zero_f64(shareStart(a[1], rank, ranks), shareStart(a[1], rank + 1, ranks), a[0]);
      return;
    }
    case Cmd.VirialFold: {
      // a: nlocal nghost owner x f sums virial; owned atoms split evenly, the rank's six sums into its block of sums (or,
      // virial 0, the fold alone)
      const out = a[5] + SUMS_BYTES * rank, n = a[0], o0 = shareStart(n, rank, ranks), o1 = shareStart(n, rank + 1, ranks);
      if (a[6]) {
        k.zero_f64(0, 6, out);
        k.virial_fold(n, a[1], a[2], a[3], a[4], o0, o1, out);
      } else k.ghost_fold_owners(n, a[1], a[2], a[4], 3, o0, o1);
      return;
    }
    case Cmd.GhostPositions: {
      // a: nlocal nghost owner shift x types; the rank's ghosts g0..g1-1 (owner and shift entries from g0 on) get their
      // owners' positions plus shifts and, when types is not 0, their owners' types
      const g0 = shareStart(a[1], rank, ranks), g1 = shareStart(a[1], rank + 1, ranks);
      k.ghost_positions(a[0] + g0, g1 - g0, a[2] + 4 * g0, a[3] + 24 * g0, a[4]);
      if (a[5]) k.ghost_copy_i32(a[0] + g0, g1 - g0, a[2] + 4 * g0, a[5]);
      return;
    }
    case Cmd.Bounds: {
      // a: nall x sums; the bounding box of the rank's atoms into its block of sums
      const i0s = shareStart(a[0], rank, ranks), i1s = shareStart(a[0], rank + 1, ranks);
      k.bounds3(i1s - i0s, a[1] + 24 * i0s, a[2] + SUMS_BYTES * rank);
      return;
    }
    case Cmd.BinCount: {
      // a: nall x lox loy loz binsize nbx nby nbz binOf counts stride; the rank's counts at counts + rank·stride
      const a0 = shareStart(a[0], rank, ranks), a1 = shareStart(a[0], rank + 1, ranks);
      k.bin_count(a0, a1, a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10] + rank * a[11]);
      return;
    }
    case Cmd.BinPlace: {
      // a: nall x binOf cursors stride binAtoms xb; the rank's cursors (bin_offsets) at cursors + rank·stride
      const a0 = shareStart(a[0], rank, ranks), a1 = shareStart(a[0], rank + 1, ranks);
      k.bin_place(a0, a1, a[1], a[2], a[3] + rank * a[4], a[5], a[6]);
      return;
    }
    case Cmd.GhostCount: {
      // a: sources d cf lam fractions x lox loy loz h0..h5; the rank's even slice of the atoms so far (owned, then the
      // ghosts of the directions before), with `fractions` (the first direction: the owned atoms) their fractional
      // coordinates into lam first; results[rank] = the images of the slice along d
      const a0 = shareStart(a[0], rank, ranks), a1 = shareStart(a[0], rank + 1, ranks);
      if (a[4]) k.ghost_frac(a0, a1, a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[3]);
      results[rank] = k.ghost_count(a0, a1, a[1], a[2], a[3]);
      return;
    }
    case Cmd.GhostPlace: {
      // a: nlocal sources d cf lam owner image shift ax ay az bx by bz cx cy cz; the slice's images become ghosts
      // A_PER_RANK2[rank] .. A_PER_RANK2[rank + 1] - 1 (rank 0 counted them), with their shifts
      const a0 = shareStart(a[1], rank, ranks), a1 = shareStart(a[1], rank + 1, ranks);
      const g0 = a[A_PER_RANK2 + rank], g1 = a[A_PER_RANK2 + rank + 1];
      if (k.ghost_add(a[0], a0, a1, a[2], a[3], a[4], g0, g1, a[5], a[6]) !== g1) throw new Error(`rank ${rank}: its ghosts along direction ${a[2]} are not the ${g1 - g0} it counted`);
      k.ghost_shifts(g0, g1, a[6], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[7]);
      return;
    }
    case Cmd.Moved: {
      // a: x xhold trig nlocal; results[rank] = 1 when one of the rank's atoms moved too far
      results[rank] = k.moved_beyond(shareStart(a[3], rank, ranks), shareStart(a[3], rank + 1, ranks), a[0], a[1], a[2]);
      return;
    }
    case Cmd.Fail:
      // test hook: makes the named rank throw, so failure handling can be exercised
      if (rank === a[0]) throw new Error(`requested failure on rank ${rank}`);
      return;
    case Cmd.Quit:
      return;
  }
}
