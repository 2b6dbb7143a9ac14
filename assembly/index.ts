// ectmd kernel module: the entry point asc compiles (targets simd and scalar, asconfig.json).
// No imports; exports memory, abi_version, alloc/reset and the numeric kernels. Contract: docs/abi.md.
export { abi_version, alloc, reset } from './memory';
export { bin_atoms, bin_count, bin_offsets, bin_place, bin_reach, build_half, list_place, list_shorten } from './neighbor';
export { list_entry_bytes } from './list';
export { ghost_positions, ghost_fold, ghost_fold_owners, ghost_copy, ghost_copy_owners, ghost_copy_i32, ghost_build, ghost_frac, ghost_count, ghost_add, ghost_shifts, outside_atoms, bounds3, virial_fdotr, virial_fold, add_into, zero_f64, moved_beyond } from './comm';
export { eam_density, eam_density_split, eam_embed, eam_force, eam_force_split } from './eam';
export { coul_streitz_setup, coul_streitz, coul_streitz_hessian } from './coulomb';
export { coul_table_bytes, coul_table_fill, coul_table_check } from './coulomb-table';
export { coul_slater_ff, coul_slater_nf, coul_erfc, coul_exp_erfc2 } from './slater';
export { qeq_slater_matrix, qeq_matvec, qeq_matvec2, qeq_cg_start, qeq_cg_dot, qeq_cg_update, qeq_cg_direction } from './qeq';
export { ewald_sums } from './ewald';
export { nve_initial, nve_final } from './integrate';
export { ke_tensor } from './kinetic';
export { ect_gather, ect_energy, ect_density, ect_embed, ect_pairs, ect_lr_grad, ect_force } from './ect';
