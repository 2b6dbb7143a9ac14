// State embedding function of format version 1, the Baskes ρ ln ρ form shifted by the state energy (physics.md §3.3,
// form 1): F_M(ρ̄) = E⁰_M + A·E_c (ρ̄/ρ̄₀) ln(ρ̄/ρ̄₀), with F, F′, F″ set to E⁰_M, 0, 0 below ρ_tiny = 1e-30 e Å⁻³.

import type { EctState } from './ect-file.js';

export const RHO_TINY = 1e-30;

/** [F (eV), F′ (eV Å³/e), F″ (eV Å⁶/e²)] of a state at host density rho (e Å⁻³). */
export function embedding(state: Pick<EctState, 'energy' | 'embedding'>, rho: number): [number, number, number] {
  const E0 = state.energy.value, scale = state.embedding.scale.value, rho0 = state.embedding.rho0.value;
  if (rho < RHO_TINY) return [E0, 0, 0];
  const x = rho / rho0, lnx = Math.log(x);
  return [E0 + scale * x * lnx, (scale / rho0) * (lnx + 1), scale / (rho0 * rho)];
}
