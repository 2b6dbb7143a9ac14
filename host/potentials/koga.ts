// Reader for Koga–Kanayama–Watanabe–Thakkar Roothaan–Hartree–Fock wavefunctions (IJQC 71, 491 (1999)) as stored by
// theochem/BFit (`*.slater`, `*.cat`, `*.an`; format in potentials/ect/data/README.md): Slater-type-orbital expansions
// in atomic units. Pure function text → data; errors name file, line, expected and found (physics.md §6.5).

import { inputError } from '../errors.js';

/** One symmetry block (S, P, D, F): a shared STO basis and the occupied orbitals expanded in it. */
export interface KogaBlock {
  l: number;
  /** orbital labels in column order, e.g. ['1S', '2S'] */
  orbitals: string[];
  /** orbital energies (hartree), one per orbital */
  energies: number[];
  /** cusp ratios as printed, one per orbital */
  cusps: number[];
  /** STO principal quantum numbers n_k of the basis functions */
  n: number[];
  /** STO exponents ζ_k (1/bohr) */
  zeta: number[];
  /** coef[orbital][k]: coefficient of basis function k in that orbital */
  coef: number[][];
}

export interface KogaAtom {
  path: string;
  /** name as printed, e.g. 'COPPER+' */
  name: string;
  /** net charge from the name's sign (+1, 0, −1) */
  charge: number;
  /** configuration as printed, e.g. 'K(2)L(8)3S(2)3P(6)4S(1)3D(10)' */
  configuration: string;
  term: string;
  /** occupation of every subshell the configuration names, e.g. { '1S': 2, '4S': 1, '3D': 10 } */
  occupations: Record<string, number>;
  /** total energy (hartree) */
  energy: number;
  blocks: KogaBlock[];
}

const L_OF: Record<string, number> = { S: 0, P: 1, D: 2, F: 3 };
const SHELLS: Record<string, Array<[string, number]>> = {
  K: [['1S', 2]],
  L: [['2S', 2], ['2P', 6]],
  M: [['3S', 2], ['3P', 6], ['3D', 10]],
};
const NUM = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const WHAT = 'Koga RHF wavefunction file';

function num(token: string | undefined, path: string, line: number, what: string): number {
  if (token === undefined || !NUM.test(token)) throw inputError(path, line, `${WHAT}: ${what}`, 'a number', token === undefined ? 'end of line' : JSON.stringify(token));
  return Number(token);
}

/** Occupations from a configuration such as `K(2)L(8)3S(2)3P(6)4S(1)3D(10)` (K, L, M are filled shells). */
export function parseConfiguration(config: string, path: string, line: number): Record<string, number> {
  const occ: Record<string, number> = {};
  const re = /([KLM]|\d[SPDF])\((\d+)\)/g;
  let consumed = 0;
  for (let m = re.exec(config); m; m = re.exec(config)) {
    if (m.index !== consumed) break;
    consumed = re.lastIndex;
    const count = Number(m[2]);
    if (m[1] in SHELLS) {
      const full = SHELLS[m[1]].reduce((s, [, c]) => s + c, 0);
      if (count !== full) throw inputError(path, line, `${WHAT}: shell ${m[1]}`, `${full} electrons (a closed shell)`, String(count));
      for (const [sub, c] of SHELLS[m[1]]) occ[sub] = c;
    } else {
      occ[m[1]] = count;
    }
  }
  if (consumed !== config.length || consumed === 0) throw inputError(path, line, `${WHAT}: configuration`, "subshells like 'K(2)L(8)3S(2)3P(1)'", JSON.stringify(config));
  return occ;
}

export function readKoga(text: string, path: string): KogaAtom {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.trim().match(/^([A-Z]+)([+-]?)\s+(\S+),\s*(\S+)$/);
  if (!header) throw inputError(path, 1, `${WHAT}: header`, "'NAME[+|-] CONFIGURATION, TERM'", JSON.stringify(lines[0] ?? ''));
  const charge = header[2] === '+' ? 1 : header[2] === '-' ? -1 : 0;
  const occupations = parseConfiguration(header[3], path, 1);
  let energy = Number.NaN;
  const blocks: KogaBlock[] = [];
  let block: KogaBlock | undefined;
  for (let i = 1; i < lines.length; i++) {
    const ln = i + 1;
    const w = lines[i].trim().split(/\s+/).filter((s) => s !== '');
    if (w.length === 0) continue;
    if (w[0] === 'E' && w[1] === '=') { energy = num(w[2], path, ln, 'total energy'); continue; }
    if (w[0] === 'T' || w[0] === 'ORBITAL') continue;
    if (w.length >= 2 && w[0] in L_OF && w.slice(1).every((s) => /^\d[SPDF]$/.test(s))) {
      block = { l: L_OF[w[0]], orbitals: w.slice(1), energies: [], cusps: [], n: [], zeta: [], coef: w.slice(1).map(() => []) };
      blocks.push(block);
      continue;
    }
    if (!block) throw inputError(path, ln, `${WHAT}: line`, 'a symmetry block header such as \'S 1S 2S\'', JSON.stringify(lines[i].trim()));
    const norb = block.orbitals.length;
    if (w[0] === 'BASIS/ORB.ENERGY' || w[0] === 'CUSP') {
      if (w.length !== norb + 1) throw inputError(path, ln, `${WHAT}: ${w[0]} row`, `${norb} values`, `${w.length - 1}`);
      const v = w.slice(1).map((s) => num(s, path, ln, w[0]));
      if (w[0] === 'CUSP') block.cusps = v; else block.energies = v;
      continue;
    }
    const fn = w[0].match(/^(\d)([SPDF])$/);
    if (!fn || L_OF[fn[2]] !== block.l) throw inputError(path, ln, `${WHAT}: basis row`, `an STO label such as '2${'SPDF'[block.l]}'`, JSON.stringify(w[0]));
    if (w.length !== norb + 2) throw inputError(path, ln, `${WHAT}: basis row`, `label, exponent and ${norb} coefficients`, `${w.length} words`);
    block.n.push(Number(fn[1]));
    block.zeta.push(num(w[1], path, ln, 'STO exponent'));
    for (let k = 0; k < norb; k++) block.coef[k].push(num(w[k + 2], path, ln, 'coefficient'));
  }
  if (!Number.isFinite(energy)) throw inputError(path, undefined, `${WHAT}: total energy`, "a line 'E = ...'", 'none');
  if (blocks.length === 0) throw inputError(path, undefined, `${WHAT}: orbitals`, 'at least one symmetry block', 'none');
  return { path, name: header[1] + header[2], charge, configuration: header[3], term: header[4], occupations, energy, blocks };
}

/** Normalisation constant of the STO r^{n−1} e^{−ζr}: (2ζ)^{n+1/2}/√((2n)!). */
export function stoNorm(n: number, zeta: number): number {
  return Math.pow(2 * zeta, n + 0.5) / Math.sqrt(factorial(2 * n));
}

export function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}

/** Radial orbital R(r) = Σ_k c_k χ_k(r) (r in bohr). */
export function orbitalValue(block: KogaBlock, coef: readonly number[], r: number): number {
  let s = 0;
  for (let k = 0; k < block.n.length; k++) s += coef[k] * stoNorm(block.n[k], block.zeta[k]) * Math.pow(r, block.n[k] - 1) * Math.exp(-block.zeta[k] * r);
  return s;
}

/** Spherical electron density n(r) = Σ_orb occ R(r)²/(4π) of the file's configuration (bohr⁻³, r in bohr). */
export function kogaDensity(atom: KogaAtom, r: number, occupations: Record<string, number> = atom.occupations): number {
  let s = 0;
  for (const b of atom.blocks) {
    b.orbitals.forEach((o, k) => {
      const occ = occupations[o] ?? 0;
      if (occ > 0) s += occ * orbitalValue(b, b.coef[k], r) ** 2;
    });
  }
  return s / (4 * Math.PI);
}
