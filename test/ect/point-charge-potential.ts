// A valid .ect file whose atoms act as point charges at every distance the tests use: each state density is
// A e^{−αr}(1 + c r) with α = 2Z/a₀ + 20 Å⁻¹ and c = α − 2Z/a₀, which meets the format's checks exactly (normalised to
// N = Z − q, Kato cusp ratio 1, positive, and its tail e^{−αr} is the exact decay for the `ionisation` line
// I = (E_h/2)(α a₀/2)², tagged placeholder: a tail set for compactness, not a measured energy), so every density is
// below 1e-6 e Å⁻³ at the 1.05 Å cutoff. Beyond 1.05 Å the pair then has ρ̄ = 0 (F_M = F_M(0) = E⁰_M), Φ^sr = 0 and
// φ_rep = 0: the point-charge limit of physics.md §3.4 (T8, T9) with the real state energies E⁰_M of §10.1.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const A0 = 0.529177210903, EH = 27.211386245988;

export const CUTOFF = 1.05;

/** Point-charge test elements: symbol, Z, mass, and states [name, charge, E⁰ (eV, physics.md §10.1)]. */
export const POINT_ELEMENTS: Record<string, { Z: number; mass: number; states: Array<[string, number, number]> }> = {
  Al: { Z: 13, mass: 26.9815385, states: [['Al', 0, 0], ['Al+', 1, 5.985768]] },
  Ni: { Z: 28, mass: 58.6934, states: [['Ni', 0, 0], ['Ni+', 1, 7.6398]] },
  O: { Z: 8, mass: 15.999, states: [['O', 0, 0], ['O-', -1, -1.461113]] },
  H: { Z: 1, mass: 1.008, states: [['H-', -1, -0.754195], ['H', 0, 0], ['H+', 1, 13.598434]] },
};

function stateLines(Z: number, [name, q, e0]: [string, number, number]): string[] {
  const N = Z - q;
  const head = [`  state ${name} ${q}`, `    energy ${e0} published`];
  const emb = '    embedding baskes 1 0.1 placeholder';
  if (N === 0) return [...head, emb, '    density 0 bare nucleus'];
  const cusp = 2 * Z / A0, alpha = cusp + 20, c = alpha - cusp;
  const A = N / (4 * Math.PI * (2 / alpha ** 3 + 6 * c / alpha ** 4));
  const I = (EH / 2) * (alpha * A0 / 2) ** 2;
  return [...head, `    ionisation ${I} placeholder`, emb, '    density 2 compact test density A exp(-a r)(1 + c r)',
    `      term ${A} 0 ${alpha} placeholder`, `      term ${A * c} 1 ${alpha} placeholder`];
}

/** Write the point-charge file with the given elements into dir; returns its path. */
export function writePointChargeEct(dir: string, symbols: string[]): string {
  const lines = ['ect-eam 1', `title point-charge test elements ${symbols.join(' ')} (compact densities, real state energies)`,
    `cutoff ${CUTOFF} derived`];
  for (const s of symbols) {
    const el = POINT_ELEMENTS[s];
    lines.push('', `element ${s} ${el.Z}`, `  mass ${el.mass} published`, ...el.states.flatMap((st) => stateLines(el.Z, st)));
  }
  lines.push('');
  for (let a = 0; a < symbols.length; a++) {
    for (let b = a; b < symbols.length; b++) lines.push(`repulsion ${symbols[a]} ${symbols[b]} exponential 0 0.3 ${CUTOFF} placeholder`);
  }
  const path = join(dir, `point-${symbols.join('')}.ect`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}
