// Recipes of the ECT-EAM parameter sets shipped in potentials/ect/ (physics.md §10.1, §10.3, §10.4) and the function that
// turns a recipe plus the Koga RHF files into a potential: state densities from ect-build.ts, derived reference
// densities, a cutoff where every state density has fallen below the format's tail limit. Fitting is not done here:
// what a fit must supply (ion embedding, repulsion) is tagged placeholder.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { densityValue, type DensityTerm } from './ect-density.js';
import { fccHostDensity, stateDensity } from './ect-build.js';
import { ECT_LIMITS, ECT_VERSION, type EctElement, type EctPotential, type EctRepulsion, type EctState, type Tagged } from './ect-file.js';
import { readKoga } from './koga.js';

const pub = (value: number): Tagged => ({ value, provenance: 'published' });
const der = (value: number): Tagged => ({ value, provenance: 'derived' });
const ph = (value: number): Tagged => ({ value, provenance: 'placeholder' });

/** Where a state's reference density ρ̄₀ comes from. */
type Rho0 =
  | { from: 'fcc'; a: number; rmax: number } // neutral density summed over a perfect fcc lattice (physics.md §6.6)
  | { from: 'distance'; r: number } //          neutral density at one distance (e.g. a dimer bond length)
  | { from: 'neutral' }; //                     the neutral state's value, as a placeholder for an ion

export interface StateRecipe {
  name: string;
  charge: number;
  /** Koga file under the data folder, e.g. 'cation/cu.cat' */
  koga: string;
  /** occupations replacing the file's configuration (frozen-orbital states) */
  occupations?: Record<string, number>;
  energy: Tagged;
  ionisation: Tagged;
  /** Baskes A·E_c (eV) */
  scale: Tagged;
  rho0: Rho0;
  /** free text for the density line (after the Koga file name and the decay change) */
  note?: string;
}

export interface ElementRecipe {
  symbol: string;
  Z: number;
  mass: Tagged;
  states: StateRecipe[];
}

export interface SetRecipe {
  file: string;
  title: string;
  elements: ElementRecipe[];
  /** placeholder repulsion for every element pair: A (eV), b (Å), cutoff (Å) */
  repulsion: { amplitude: number; length: number; cutoff: number };
}

export const REFERENCES = [
  { key: 'koga1999', text: 'T. Koga, K. Kanayama, S. Watanabe, A. J. Thakkar, Int. J. Quantum Chem. 71, 491 (1999): RHF wavefunctions (state densities)' },
  { key: 'nist-asd', text: 'NIST Atomic Spectra Database, ionisation energies; electron affinities as tabulated in ectmd physics.md 10.1' },
  { key: 'webelements', text: 'WebElements ionisation enthalpies (kJ/mol / 96.48533): cross-check of Cu IE2 20.2924, Ni IE2 18.1688, Al IE4 119.9924 eV' },
  { key: 'baskes1992', text: 'M. I. Baskes, Phys. Rev. B 46, 2727 (1992): rho ln rho embedding, A and E_c of the neutral metals (LAMMPS library.meam)' },
];

/** The monovalent-ion metal sets of physics.md §10.4: neutral, cation and anion ground states. */
function metal(symbol: string, file: string, Z: number, mass: number, a: number, AEc: number, ie1: number, ie2: number, ea: number): ElementRecipe {
  const fcc: Rho0 = { from: 'fcc', a, rmax: 8 };
  return {
    symbol, Z, mass: pub(mass),
    states: [
      { name: symbol, charge: 0, koga: `neutral/${file}.slater`, energy: pub(0), ionisation: pub(ie1), scale: pub(AEc), rho0: fcc },
      { name: `${symbol}+`, charge: 1, koga: `cation/${file}.cat`, energy: pub(ie1), ionisation: pub(ie2), scale: ph(AEc), rho0: { from: 'neutral' } },
      { name: `${symbol}-`, charge: -1, koga: `anion/${file}.an`, energy: pub(-ea), ionisation: pub(ea), scale: ph(AEc), rho0: { from: 'neutral' } },
    ],
  };
}

// A·E_c = 1.07 × 3.54 (Cu), 1.10 × 4.45 (Ni), 1.07 × 3.58 (Al) eV (Baskes 1992 via library.meam, physics.md §10.1)
const CU = metal('Cu', 'cu', 29, 63.546, 3.615, 3.7878, 7.7264, 20.2924, 1.23578);
const NI = metal('Ni', 'ni', 28, 58.6934, 3.52, 4.895, 7.6398, 18.1688, 1.15716);

// Al2+ and Al3+ energies are sums of published ionisation energies (IE1+IE2, IE1+IE2+IE3): derived.
const AL: ElementRecipe = {
  symbol: 'Al', Z: 13, mass: pub(26.9815385),
  states: [
    { name: 'Al', charge: 0, koga: 'neutral/al.slater', energy: pub(0), ionisation: pub(5.985768), scale: pub(3.8306), rho0: { from: 'fcc', a: 4.05, rmax: 8 } },
    { name: 'Al+', charge: 1, koga: 'cation/al.cat', energy: pub(5.985768), ionisation: pub(18.82855), scale: ph(3.8306), rho0: { from: 'neutral' } },
    { name: 'Al2+', charge: 2, koga: 'cation/al.cat', occupations: { '1S': 2, '2S': 2, '2P': 6, '3S': 1 }, note: 'frozen Al+ orbitals, 3s1',
      energy: der(24.814318), ionisation: pub(28.44765), scale: ph(3.8306), rho0: { from: 'neutral' } },
    { name: 'Al3+', charge: 3, koga: 'cation/al.cat', occupations: { '1S': 2, '2S': 2, '2P': 6, '3S': 0 }, note: 'frozen Al+ orbitals, 3s0 (Ne core)',
      energy: der(53.261968), ionisation: pub(119.9924), scale: ph(3.8306), rho0: { from: 'neutral' } },
  ],
};

const O: ElementRecipe = {
  symbol: 'O', Z: 8, mass: pub(15.999),
  states: [
    { name: 'O', charge: 0, koga: 'neutral/o.slater', energy: pub(0), ionisation: pub(13.61805), scale: ph(2.56), rho0: { from: 'distance', r: 1.2075 } },
    { name: 'O-', charge: -1, koga: 'anion/o.an', energy: pub(-1.461113), ionisation: pub(1.461113), scale: ph(2.56), rho0: { from: 'neutral' } },
    { name: 'O2-', charge: -2, koga: 'anion/o.an', occupations: { '1S': 2, '2S': 2, '2P': 6 }, note: 'frozen O- orbitals, 2p6; unbound ion, decay of O-',
      energy: ph(6.538887), ionisation: ph(1.461113), scale: ph(2.56), rho0: { from: 'neutral' } },
  ],
};

export const SETS: Record<string, SetRecipe> = {
  Cu: { file: 'Cu.ect', title: 'ECT-Cu-v0 (physics.md 10.4 applied to Cu); densities from Koga RHF with exact decay; ion embedding and repulsion NOT fitted', elements: [CU], repulsion: { amplitude: 0, length: 0.3, cutoff: 6 } },
  Ni: { file: 'Ni.ect', title: 'ECT-Ni-v0 (physics.md 10.4); densities from Koga RHF with exact decay; ion embedding and repulsion NOT fitted', elements: [NI], repulsion: { amplitude: 0, length: 0.3, cutoff: 6 } },
  AlO: { file: 'AlO.ect', title: 'ECT-AlO-v0 (physics.md 10.3); densities from Koga RHF with exact decay (Al2+, Al3+, O2- frozen-orbital); embedding of O and ions and repulsion NOT fitted', elements: [AL, O], repulsion: { amplitude: 0, length: 0.3, cutoff: 6 } },
};

/** The smallest r (Å, on a 0.1 Å grid) beyond which n(r) stays below the format's tail limit. */
function tailRadius(terms: readonly DensityTerm[]): number {
  let r = 40;
  while (r > 0 && densityValue(terms, r - 0.1) <= ECT_LIMITS.tail) r -= 0.1;
  return Math.round(r * 10) / 10;
}

/** Build the potential of a recipe from the Koga files under `dataDir`. */
export function buildSet(recipe: SetRecipe, dataDir: string): Omit<EctPotential, 'path' | 'cutoffLine'> {
  let cutoff = 0;
  const elements: EctElement[] = recipe.elements.map((er) => {
    const built = er.states.map((sr) => {
      const atom = readKoga(readFileSync(join(dataDir, sr.koga), 'utf8'), sr.koga);
      const d = stateDensity(atom, er.Z, sr.ionisation.value, sr.occupations);
      if (d.electrons !== er.Z - sr.charge) throw new Error(`${sr.name}: ${d.electrons} electrons in the occupations, expected Z - q = ${er.Z - sr.charge}`);
      cutoff = Math.max(cutoff, tailRadius(d.terms));
      const source = [`koga1999 ${sr.koga}`, sr.note ? `(${sr.note})` : '',
        `outermost exponent ${d.zetaMin} -> ${d.zetaInf.toPrecision(7)} 1/bohr (exact decay), orbitals projected (max residual ${d.maxResidual.toExponential(1)}),`,
        `cusp ratio ${d.cuspBefore.toFixed(6)} -> 1 by a charge-neutral core term`].filter((s) => s).join(' ');
      return { sr, d, source };
    });
    const neutral = built.find((b) => b.sr.charge === 0)!;
    const neutralRho0 = (rho0: Rho0): number => {
      if (rho0.from === 'fcc') return fccHostDensity((r) => densityValue(neutral.d.terms, r), rho0.a, rho0.rmax);
      if (rho0.from === 'distance') return densityValue(neutral.d.terms, rho0.r);
      throw new Error(`${er.symbol}: the neutral state's rho0 cannot refer to itself`);
    };
    const rho0Neutral = neutralRho0(neutral.sr.rho0);
    const states: EctState[] = built.map(({ sr, d, source }) => ({
      name: sr.name, charge: sr.charge, energy: sr.energy, ionisation: sr.ionisation, line: 0, densityLine: 0,
      embedding: {
        form: 'baskes', scale: sr.scale,
        rho0: sr.rho0.from === 'neutral' ? ph(rho0Neutral) : sr.rho0.from === 'fcc' ? der(rho0Neutral) : ph(rho0Neutral),
      },
      densitySource: source,
      terms: d.terms.map((t) => ({ ...t, provenance: 'derived' as const })),
    }));
    return { symbol: er.symbol, Z: er.Z, mass: er.mass, states, line: 0 };
  });
  const repulsion: EctRepulsion[] = [];
  recipe.elements.forEach((a, i) => recipe.elements.slice(i).forEach((b) => repulsion.push({
    pair: [a.symbol, b.symbol], form: 'exponential', line: 0,
    amplitude: ph(recipe.repulsion.amplitude), length: ph(recipe.repulsion.length), cutoff: ph(recipe.repulsion.cutoff),
  })));
  return {
    version: ECT_VERSION, title: recipe.title, references: REFERENCES, cutoff: der(cutoff), elements, repulsion,
  };
}
