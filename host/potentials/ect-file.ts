// Reader and writer for ECT-EAM potential files (`*.ect`, format version 1, docs/ect-eam-format.md): elements, their
// isolated-atom states (charge, state energy E⁰_M, ionisation energy for the density tail, hydrogenic density terms,
// Baskes embedding F_M(ρ̄) = E⁰_M + A·E_c (ρ̄/ρ̄₀) ln(ρ̄/ρ̄₀)), exponential repulsion and cutoffs (physics.md §2, §3.3, §6),
// every real number tagged published / derived / placeholder. Pure functions text ↔ data; every violation of the
// physics (normalisation, Kato cusp, exact asymptotic decay, positivity, missing neutral state, cutoffs, duplicates) is
// an inputError naming file, line, what was expected and what was found.

import { inputError } from '../errors.js';
import { FLOAT } from './eam-files.js';
import { asymptoticExponent, cuspRatio, densityValue, electronCount, leadingTerm, type DensityTerm } from './ect-density.js';

export const ECT_FORMAT = 'ect-eam';
export const ECT_VERSION = 1;
export const PROVENANCES = ['published', 'derived', 'placeholder'] as const;
export type Provenance = (typeof PROVENANCES)[number];

/** Acceptance limits of the validation (docs/ect-eam-format.md, "Validation"). */
export const ECT_LIMITS = {
  /** |∫n − N_M| (electrons) */
  normalisation: 1e-6,
  /** |cusp ratio − 1| */
  cusp: 1e-6,
  /** |α_min − α∞|/α∞ */
  decay: 1e-6,
  /** largest n_M(r_c) (e Å⁻³) a state density may keep at the cutoff */
  tail: 1e-6,
  /** positivity is checked on r = 0, h, 2h, … ≤ r_c with this step (Å) */
  positivityStep: 0.005,
} as const;

export interface Tagged {
  value: number;
  provenance: Provenance;
}

export interface TaggedTerm extends DensityTerm {
  provenance: Provenance;
}

export interface EctState {
  name: string;
  /** net charge q_M = Z − N_M (e), an integer */
  charge: number;
  /** E⁰_M: energy of the isolated state relative to the neutral ground state (eV); F_M(0) = E⁰_M */
  energy: Tagged;
  /** I_M: first ionisation energy of this state (eV; electron affinity for an anion); fixes the density tail */
  ionisation?: Tagged;
  /** Baskes embedding: scale A·E_c (eV) and reference density ρ̄₀ (e Å⁻³) */
  embedding: { form: 'baskes'; scale: Tagged; rho0: Tagged };
  /** free text after the term count on the `density` line (where the density came from) */
  densitySource: string;
  terms: TaggedTerm[];
  line: number;
  densityLine: number;
}

export interface EctElement {
  symbol: string;
  /** nuclear charge Z (e) */
  Z: number;
  /** atomic mass (amu) */
  mass: Tagged;
  states: EctState[];
  line: number;
}

/** φ_rep(r) = A e^{−r/b} for r < cutoff (smoothly cut at run time), between two elements. */
export interface EctRepulsion {
  pair: [string, string];
  form: 'exponential';
  /** amplitude A (eV) */
  amplitude: Tagged;
  /** decay length b (Å) */
  length: Tagged;
  /** cutoff (Å) */
  cutoff: Tagged;
  line: number;
}

export interface EctPotential {
  path: string;
  version: number;
  title: string;
  /** `reference KEY text` lines, in file order */
  references: Array<{ key: string; text: string }>;
  /** neighbour cutoff of the densities and the state–state Coulomb remainders (Å) */
  cutoff: Tagged;
  elements: EctElement[];
  repulsion: EctRepulsion[];
  /** line of the `cutoff` keyword */
  cutoffLine: number;
}

const WHAT = 'ECT-EAM potential file';

interface Line {
  no: number;
  words: string[];
}

function lexLines(text: string): Line[] {
  const out: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const words = raw.replace(/#.*/, '').trim().split(/\s+/).filter((s) => s !== '');
    if (words.length) out.push({ no: i + 1, words });
  });
  return out;
}

/**
 * The reals of `words` (from index `from`), each covered by the next provenance tag on the line: `1.5 2.5 derived`
 * tags both. Integers in `intAt` (indices relative to `from`) are definitions and carry no tag.
 */
function taggedNumbers(words: string[], from: number, count: number, path: string, line: number, what: string, intAt: number[] = []): { values: number[]; tags: Provenance[] } {
  const values: number[] = [];
  const tags: Provenance[] = [];
  const pending: number[] = [];
  let i = from;
  while (values.length < count || pending.length > 0) {
    const w = words[i];
    if (w === undefined) {
      throw inputError(path, line, `${WHAT}: ${what}`, pending.length > 0 ? `a provenance tag (${PROVENANCES.join(' | ')}) after the last number` : `${count} numbers`, 'end of line');
    }
    if ((PROVENANCES as readonly string[]).includes(w)) {
      if (pending.length === 0) throw inputError(path, line, `${WHAT}: ${what}`, 'a number before the provenance tag', JSON.stringify(w));
      for (const k of pending.splice(0)) tags[k] = w as Provenance;
      i++;
      continue;
    }
    if (values.length >= count) throw inputError(path, line, `${WHAT}: ${what}`, `a provenance tag (${PROVENANCES.join(' | ')})`, JSON.stringify(w));
    const isInt = intAt.includes(values.length);
    if (isInt ? !/^[+-]?\d+$/.test(w) : !FLOAT.test(w)) {
      throw inputError(path, line, `${WHAT}: ${what}`, isInt ? 'an integer' : `a number or a provenance tag (${PROVENANCES.join(' | ')})`, JSON.stringify(w));
    }
    // integers are definitions (Z, charges, powers m): they carry no tag, their slot stays 'published'
    if (isInt) tags[values.length] = 'published'; else pending.push(values.length);
    values.push(Number(w));
    i++;
  }
  if (i < words.length) throw inputError(path, line, `${WHAT}: ${what}`, 'end of line', JSON.stringify(words.slice(i).join(' ')));
  return { values, tags };
}

function integer(w: string | undefined, path: string, line: number, what: string): number {
  if (w === undefined || !/^[+-]?\d+$/.test(w)) throw inputError(path, line, `${WHAT}: ${what}`, 'an integer', w === undefined ? 'end of line' : JSON.stringify(w));
  return Number(w);
}

function words(l: Line, n: number, path: string, what: string): void {
  if (l.words.length !== n) throw inputError(path, l.no, `${WHAT}: ${what}`, `${n} words`, `${l.words.length} words '${l.words.join(' ')}'`);
}

const STATE_KEYS = ['energy', 'ionisation', 'embedding', 'density', 'term'];
const TOP_KEYS = ['title', 'reference', 'cutoff', 'element', 'repulsion'];
const ELEMENT_KEYS = ['mass', 'state'];

/** Read and validate an ECT-EAM potential file. */
export function readEct(text: string, path: string): EctPotential {
  const lines = lexLines(text);
  const first = lines[0];
  if (!first || first.words[0] !== ECT_FORMAT) {
    throw inputError(path, first?.no ?? 1, `${WHAT}: first line`, `'${ECT_FORMAT} ${ECT_VERSION}'`, first ? JSON.stringify(first.words.join(' ')) : 'an empty file');
  }
  words(first, 2, path, 'format line');
  if (integer(first.words[1], path, first.no, 'format version') !== ECT_VERSION) {
    throw inputError(path, first.no, `${WHAT}: format version`, `${ECT_VERSION} (the version this ectmd reads)`, first.words[1]);
  }
  const pot: EctPotential = { path, version: ECT_VERSION, title: '', references: [], cutoff: { value: Number.NaN, provenance: 'placeholder' }, elements: [], repulsion: [], cutoffLine: 0 };
  let element: EctElement | undefined;
  let state: Partial<EctState> & { line: number; name: string } | undefined;
  let termsLeft = 0;
  const seen = new Set<string>();
  const partialStates: Array<{ el: EctElement; st: Partial<EctState> & { line: number; name: string } }> = [];

  for (const l of lines.slice(1)) {
    const [key] = l.words;
    if (termsLeft > 0 && key !== 'term') {
      throw inputError(path, l.no, `${WHAT}: density of state ${state!.name}`, `${termsLeft} more 'term' line(s) (the count on line ${state!.densityLine})`, `'${key}'`);
    }
    if (TOP_KEYS.includes(key)) {
      if (key === 'title') {
        if (seen.has('title')) throw inputError(path, l.no, `${WHAT}: title`, 'one title line', 'a second one');
        seen.add('title');
        pot.title = l.words.slice(1).join(' ');
        continue;
      }
      if (key === 'reference') {
        if (l.words.length < 3) throw inputError(path, l.no, `${WHAT}: reference`, "'reference KEY text'", `'${l.words.join(' ')}'`);
        pot.references.push({ key: l.words[1], text: l.words.slice(2).join(' ') });
        continue;
      }
      if (key === 'cutoff') {
        if (seen.has('cutoff')) throw inputError(path, l.no, `${WHAT}: cutoff`, 'one cutoff line', 'a second one');
        seen.add('cutoff');
        const { values, tags } = taggedNumbers(l.words, 1, 1, path, l.no, 'cutoff (Å)');
        pot.cutoff = { value: values[0], provenance: tags[0] };
        pot.cutoffLine = l.no;
        continue;
      }
      if (key === 'element') {
        words(l, 3, path, "element line 'element SYMBOL Z'");
        const symbol = l.words[1];
        const dup = pot.elements.find((e) => e.symbol === symbol);
        if (dup) throw inputError(path, l.no, `${WHAT}: element ${symbol}`, 'each element defined once', `a second definition (first on line ${dup.line})`);
        const Z = integer(l.words[2], path, l.no, `nuclear charge Z of ${symbol}`);
        if (Z < 1) throw inputError(path, l.no, `${WHAT}: nuclear charge Z of ${symbol}`, 'an integer >= 1', String(Z));
        element = { symbol, Z, mass: { value: Number.NaN, provenance: 'placeholder' }, states: [], line: l.no };
        pot.elements.push(element);
        state = undefined;
        continue;
      }
      // repulsion A B exponential amplitude length [tag] cutoff [tag]
      if (l.words.length < 4 || l.words[3] !== 'exponential') {
        throw inputError(path, l.no, `${WHAT}: repulsion`, "'repulsion EL1 EL2 exponential A b TAG cutoff TAG'", `'${l.words.join(' ')}'`);
      }
      const { values, tags } = taggedNumbers(l.words, 4, 3, path, l.no, 'exponential repulsion (A eV, b Å, cutoff Å)');
      pot.repulsion.push({
        pair: [l.words[1], l.words[2]], form: 'exponential', line: l.no,
        amplitude: { value: values[0], provenance: tags[0] }, length: { value: values[1], provenance: tags[1] }, cutoff: { value: values[2], provenance: tags[2] },
      });
      continue;
    }
    if (ELEMENT_KEYS.includes(key)) {
      if (!element) throw inputError(path, l.no, `${WHAT}: '${key}'`, "an 'element' line before it", 'none');
      if (key === 'mass') {
        if (Number.isFinite(element.mass.value)) throw inputError(path, l.no, `${WHAT}: mass of ${element.symbol}`, 'one mass line per element', 'a second one');
        const { values, tags } = taggedNumbers(l.words, 1, 1, path, l.no, `mass of ${element.symbol} (amu)`);
        element.mass = { value: values[0], provenance: tags[0] };
        continue;
      }
      words(l, 3, path, "state line 'state NAME CHARGE'");
      const name = l.words[1];
      const dup = element.states.find((s) => s.name === name);
      if (dup) throw inputError(path, l.no, `${WHAT}: state ${name} of ${element.symbol}`, 'each state name once per element', `a second definition (first on line ${dup.line})`);
      const charge = integer(l.words[2], path, l.no, `charge of state ${name}`);
      if (charge > element.Z) throw inputError(path, l.no, `${WHAT}: charge of state ${name}`, `at most Z = ${element.Z} (a state cannot have fewer than 0 electrons)`, String(charge));
      state = { name, charge, line: l.no, terms: [] };
      partialStates.push({ el: element, st: state });
      element.states.push(state as EctState);
      continue;
    }
    if (STATE_KEYS.includes(key)) {
      if (!state) throw inputError(path, l.no, `${WHAT}: '${key}'`, "a 'state' line before it", 'none');
      const what = `${key} of state ${state.name}`;
      if ((key === 'energy' || key === 'ionisation' || key === 'embedding') && state[key] !== undefined) {
        throw inputError(path, l.no, `${WHAT}: ${what}`, `one '${key}' line per state`, 'a second one');
      }
      if (key === 'energy') {
        const { values, tags } = taggedNumbers(l.words, 1, 1, path, l.no, `${what} (eV)`);
        state.energy = { value: values[0], provenance: tags[0] };
      } else if (key === 'ionisation') {
        const { values, tags } = taggedNumbers(l.words, 1, 1, path, l.no, `${what} (eV)`);
        if (!(values[0] > 0)) throw inputError(path, l.no, `${WHAT}: ${what}`, 'a positive energy (a bound state)', String(values[0]));
        state.ionisation = { value: values[0], provenance: tags[0] };
      } else if (key === 'embedding') {
        if (l.words[1] !== 'baskes') throw inputError(path, l.no, `${WHAT}: ${what}`, "the form 'baskes' (the only one of format version 1)", JSON.stringify(l.words[1] ?? 'end of line'));
        const { values, tags } = taggedNumbers(l.words, 2, 2, path, l.no, `${what} (A*E_c eV, rho0 e/A^3)`);
        if (!(values[0] > 0) || !(values[1] > 0)) throw inputError(path, l.no, `${WHAT}: ${what}`, 'A*E_c > 0 and rho0 > 0', `${values[0]} and ${values[1]}`);
        state.embedding = { form: 'baskes', scale: { value: values[0], provenance: tags[0] }, rho0: { value: values[1], provenance: tags[1] } };
      } else if (key === 'density') {
        if (state.densityLine !== undefined) throw inputError(path, l.no, `${WHAT}: ${what}`, 'one density per state', `a second one (first on line ${state.densityLine})`);
        termsLeft = integer(l.words[1], path, l.no, `${what}: number of terms`);
        if (termsLeft < 0) throw inputError(path, l.no, `${WHAT}: ${what}: number of terms`, 'a count >= 0', String(termsLeft));
        state.densityLine = l.no;
        state.densitySource = l.words.slice(2).join(' ');
      } else {
        if (termsLeft === 0) throw inputError(path, l.no, `${WHAT}: ${what}`, state.densityLine === undefined ? "a 'density N' line before the terms" : `no more than the ${state.terms!.length} terms announced on line ${state.densityLine}`, 'another term');
        const { values, tags } = taggedNumbers(l.words, 1, 3, path, l.no, `${what} (A e/A^(3+m), m, alpha 1/A)`, [1]);
        const [A, m, alpha] = values;
        if (tags[0] !== tags[2]) throw inputError(path, l.no, `${WHAT}: ${what}`, 'one provenance tag for the term (A and alpha are one fitted object)', `${tags[0]} and ${tags[2]}`);
        if (m < 0 || m > 12 || !(alpha > 0)) throw inputError(path, l.no, `${WHAT}: ${what}`, 'an integer power 0 <= m <= 12 and an exponent alpha > 0', `m ${m}, alpha ${alpha}`);
        state.terms!.push({ A, m, alpha, provenance: tags[0] });
        termsLeft--;
      }
      continue;
    }
    throw inputError(path, l.no, `${WHAT}: keyword`, `one of ${[...TOP_KEYS, ...ELEMENT_KEYS, ...STATE_KEYS].join(', ')}`, JSON.stringify(key));
  }
  if (termsLeft > 0) throw inputError(path, state!.densityLine, `${WHAT}: density of state ${state!.name}`, `${termsLeft} more 'term' line(s)`, 'end of file');
  for (const { el, st } of partialStates) {
    for (const k of ['energy', 'embedding'] as const) {
      if (st[k] === undefined) throw inputError(path, st.line, `${WHAT}: state ${st.name} of ${el.symbol}`, `an '${k}' line`, 'none');
    }
    if (st.densityLine === undefined) throw inputError(path, st.line, `${WHAT}: state ${st.name} of ${el.symbol}`, "a 'density' line", 'none');
  }
  validate(pot);
  return pot;
}

function check(cond: boolean, path: string, line: number, what: string, expected: string, found: string): void {
  if (!cond) throw inputError(path, line, `${WHAT}: ${what}`, expected, found);
}

/** The physics checks of docs/ect-eam-format.md, "Validation" (structure was checked while reading). */
function validate(pot: EctPotential): void {
  const { path } = pot;
  const L = ECT_LIMITS;
  check(pot.elements.length > 0, path, 1, 'elements', "at least one 'element' block", 'none');
  check(pot.cutoffLine > 0, path, 1, 'cutoff', "a 'cutoff R TAG' line", 'none');
  const rc = pot.cutoff.value;
  check(rc > 0, path, pot.cutoffLine, 'cutoff', 'a positive length (Å)', String(rc));
  for (const el of pot.elements) {
    check(Number.isFinite(el.mass.value) && el.mass.value > 0, path, el.line, `mass of ${el.symbol}`, "a 'mass M TAG' line with M > 0", Number.isFinite(el.mass.value) ? String(el.mass.value) : 'none');
    const neutral = el.states.find((s) => s.charge === 0);
    check(neutral !== undefined, path, el.line, `states of ${el.symbol}`, 'a neutral state (charge 0): state energies are relative to it', el.states.length ? `charges ${el.states.map((s) => s.charge).join(', ')}` : 'no states');
    const ground = el.states.filter((s) => s.charge === 0).reduce((a, b) => (b.energy.value < a.energy.value ? b : a));
    check(ground.energy.value === 0, path, ground.line, `energy of the neutral ground state ${ground.name}`, '0 (state energies are relative to the neutral ground state)', String(ground.energy.value));
    for (const st of el.states) {
      const N = el.Z - st.charge;
      const where = `density of state ${st.name} of ${el.symbol}`;
      const count = electronCount(st.terms);
      check(Math.abs(count - N) <= L.normalisation, path, st.densityLine, `${where}: normalisation`, `integral of n = N = Z - q = ${N} electrons (to ${L.normalisation.toExponential()})`, `${count}`);
      if (N === 0) continue;
      const cusp = cuspRatio(st.terms, el.Z);
      check(Math.abs(cusp - 1) <= L.cusp, path, st.densityLine, `${where}: Kato cusp`, `n'(0) = -(2Z/a0) n(0), cusp ratio 1 (to ${L.cusp.toExponential()})`, `cusp ratio ${cusp}`);
      check(st.ionisation !== undefined, path, st.line, `state ${st.name} of ${el.symbol}`, "an 'ionisation' line (it fixes the exact asymptotic decay of the density)", 'none');
      const aInf = asymptoticExponent(st.ionisation!.value);
      const lead = leadingTerm(st.terms)!;
      check(Math.abs(lead.alpha - aInf) <= L.decay * aInf && lead.A > 0, path, st.densityLine, `${where}: asymptotic decay`,
        `smallest exponent alpha = 2 sqrt(2 I/E_h)/a0 = ${aInf} 1/A (I = ${st.ionisation!.value} eV) with a positive amplitude`, `alpha ${lead.alpha} with amplitude ${lead.A}`);
      for (let r = 0; r <= rc; r += L.positivityStep) {
        const n = densityValue(st.terms, r);
        check(n > 0, path, st.densityLine, `${where}: positivity`, 'n(r) > 0 for 0 <= r <= cutoff', `n(${r.toFixed(3)} A) = ${n}`);
      }
      const tail = densityValue(st.terms, rc);
      check(tail <= L.tail, path, pot.cutoffLine, 'cutoff', `a cutoff where every state density is below ${L.tail.toExponential()} e/A^3`, `n = ${tail} e/A^3 at ${rc} A for state ${st.name} of ${el.symbol}`);
    }
  }
  const symbols = pot.elements.map((e) => e.symbol);
  const key = (a: string, b: string): string => [a, b].sort().join('-');
  const pairs = new Map<string, EctRepulsion>();
  for (const rep of pot.repulsion) {
    for (const s of rep.pair) check(symbols.includes(s), path, rep.line, 'repulsion', `elements of this file (${symbols.join(' ')})`, s);
    const k = key(...rep.pair);
    const dup = pairs.get(k);
    check(!dup, path, rep.line, `repulsion ${rep.pair.join('-')}`, 'one entry per element pair', `a second one (first on line ${dup?.line})`);
    pairs.set(k, rep);
    check(rep.length.value > 0, path, rep.line, `repulsion ${rep.pair.join('-')}`, 'a decay length b > 0', String(rep.length.value));
    check(rep.cutoff.value > 0 && rep.cutoff.value <= rc, path, rep.line, `repulsion ${rep.pair.join('-')} cutoff`, `0 < cutoff <= the file's cutoff ${rc} A (line ${pot.cutoffLine})`, String(rep.cutoff.value));
  }
  for (let i = 0; i < symbols.length; i++) {
    for (let j = i; j < symbols.length; j++) {
      check(pairs.has(key(symbols[i], symbols[j])), path, pot.elements[j].line, 'repulsion', `a 'repulsion ${symbols[i]} ${symbols[j]} ...' line`, 'none');
    }
  }
}

function tagged(values: Tagged[]): string {
  const out: string[] = [];
  values.forEach((v, i) => {
    out.push(String(v.value));
    if (i === values.length - 1 || values[i + 1].provenance !== v.provenance) out.push(v.provenance);
  });
  return out.join(' ');
}

/** The file text of a potential (numbers in shortest round-trip form: readEct(writeEct(p)) has the same values). */
export function writeEct(pot: Omit<EctPotential, 'path' | 'cutoffLine'>, comments: string[] = []): string {
  const out: string[] = [...comments.map((c) => `# ${c}`.trimEnd()), `${ECT_FORMAT} ${ECT_VERSION}`];
  if (pot.title) out.push(`title ${pot.title}`);
  for (const r of pot.references) out.push(`reference ${r.key} ${r.text}`);
  out.push(`cutoff ${tagged([pot.cutoff])}`);
  for (const el of pot.elements) {
    out.push('', `element ${el.symbol} ${el.Z}`, `  mass ${tagged([el.mass])}`);
    for (const st of el.states) {
      out.push(`  state ${st.name} ${st.charge}`, `    energy ${tagged([st.energy])}`);
      if (st.ionisation) out.push(`    ionisation ${tagged([st.ionisation])}`);
      out.push(`    embedding baskes ${tagged([st.embedding.scale, st.embedding.rho0])}`);
      out.push(`    density ${st.terms.length}${st.densitySource ? ` ${st.densitySource}` : ''}`);
      for (const t of st.terms) out.push(`      term ${t.A} ${t.m} ${t.alpha} ${t.provenance}`);
    }
  }
  out.push('');
  for (const r of pot.repulsion) {
    out.push(`repulsion ${r.pair[0]} ${r.pair[1]} exponential ${tagged([r.amplitude, r.length, r.cutoff])}`);
  }
  return out.join('\n') + '\n';
}
