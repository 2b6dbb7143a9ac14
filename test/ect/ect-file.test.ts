// ECT-EAM potential files (docs/ect-eam-format.md): the shipped files read back and round-trip through the writer
// value for value; a small hand-written hydrogen file is accepted, and each way of breaking it is rejected with the
// file, the line, what was expected and what was found.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EctmdError } from '../../host/errors.js';
import { BOHR_A, HARTREE_EV } from '../../host/potentials/ect-density.js';
import { embedding } from '../../host/potentials/ect-embedding.js';
import { readEct, writeEct, type EctPotential } from '../../host/potentials/ect-file.js';
import { SETS } from '../../host/potentials/ect-sets.js';

const ECT = join(__dirname, '..', '..', 'potentials', 'ect');

/** The EctmdError a reader throws; anything else (or no error) fails the test. */
function failure(read: () => unknown): EctmdError {
  try {
    read();
  } catch (err) {
    if (err instanceof EctmdError) return err;
    throw err;
  }
  throw new Error('expected an EctmdError, the file was accepted');
}

/** Everything but the line numbers, which depend on layout. */
function values(p: EctPotential): unknown {
  return JSON.parse(JSON.stringify(p, (k, v) => (k === 'line' || k === 'densityLine' || k === 'cutoffLine' || k === 'path' ? undefined : v)));
}

describe('shipped potentials', () => {
  test.each(Object.values(SETS).map((s) => s.file))('%s reads, and writeEct/readEct reproduce every value and tag', (file) => {
    const text = readFileSync(join(ECT, file), 'utf8');
    const pot = readEct(text, file);
    const again = readEct(writeEct(pot), 'again.ect');
    expect(values(again)).toEqual(values(pot));
    // the writer is the builder's: the file body is its output, byte for byte
    expect(writeEct(pot)).toBe(text.split('\n').filter((l) => !l.startsWith('#')).join('\n'));
  });

  test('every real number carries a provenance tag: fitted numbers are derived, the ions\' embedding scale a placeholder', () => {
    const pot = readEct(readFileSync(join(ECT, 'Cu.ect'), 'utf8'), 'Cu.ect');
    const cu = pot.elements[0];
    expect(cu.states.map((s) => [s.name, s.charge, s.energy.value])).toEqual([['Cu', 0, 0], ['Cu+', 1, 7.7264], ['Cu-', -1, -1.23578]]);
    // the neutral atom's embedding and the repulsion are fitted to a0, Ec, B (host/potentials/ect-fit.ts)
    expect([cu.states[0].embedding.scale.provenance, cu.states[0].embedding.rho0.provenance]).toEqual(['derived', 'derived']);
    for (const st of cu.states.slice(1)) expect([st.embedding.scale.provenance, st.embedding.rho0.provenance]).toEqual(['placeholder', 'derived']);
    expect(pot.repulsion.map((r) => [r.amplitude.provenance, r.length.provenance, r.cutoff.provenance])).toEqual([['derived', 'derived', 'derived']]);
    expect(cu.states.flatMap((s) => s.terms).every((t) => t.provenance === 'derived')).toBe(true);
  });
});

// Hydrogen with the exact 1s density n = e^{−2r/a0}/(π a0³): Kato cusp and decay (I = E_h/2) hold exactly.
const N1S = 1 / (Math.PI * BOHR_A ** 3);
const A1S = 2 / BOHR_A;
const GOOD = `# hand-written test potential
ect-eam 1
title hydrogen test
reference exact hydrogen 1s
cutoff 5 derived

element H 1
  mass 1.008 published
  state H 0
    energy 0 published
    ionisation ${HARTREE_EV / 2} published
    embedding baskes 1 placeholder 0.1 placeholder
    density 1 exact 1s
      term ${N1S} 0 ${A1S} published
  state H+ 1
    energy 13.6 published
    embedding baskes 1 0.1 placeholder
    density 0 bare proton

repulsion H H exponential 0 0.3 placeholder 2 placeholder
`;

/** GOOD with `from` replaced by `to` (which must occur exactly once). */
function broken(from: string, to: string): string {
  expect(GOOD.split(from)).toHaveLength(2);
  return GOOD.replace(from, to);
}

/** Line number (1-based) of the first line of GOOD containing `s`. */
const lineOf = (s: string): number => GOOD.split('\n').findIndex((l) => l.includes(s)) + 1;

describe('a valid hand-written file', () => {
  test('reads with its values, tags and lines', () => {
    const pot = readEct(GOOD, 'h.ect');
    expect(pot.cutoff).toEqual({ value: 5, provenance: 'derived' });
    const [h, hp] = pot.elements[0].states;
    expect(h.terms).toEqual([{ A: N1S, m: 0, alpha: A1S, provenance: 'published' }]);
    expect(h.embedding.scale.provenance).toBe('placeholder');
    expect(h.densityLine).toBe(lineOf('density 1'));
    expect(hp.terms).toEqual([]);
    expect(pot.repulsion[0].cutoff.value).toBe(2);
  });
});

// [case, text, line, fragment of "what", fragment of "expected", fragment of "found"]
const cases: Array<[string, string, number, string, string, string]> = [
  ['not an ECT-EAM file', broken('ect-eam 1', 'eam 1'), 2, 'first line', "'ect-eam 1'", '"eam 1"'],
  ['a newer format version', broken('ect-eam 1', 'ect-eam 2'), 2, 'format version', '1', '2'],
  ['an unknown keyword', broken('  mass 1.008', '  weight 1.008'), lineOf('mass'), 'keyword', 'one of', '"weight"'],
  ['a number without provenance', broken('mass 1.008 published', 'mass 1.008'), lineOf('mass'), 'mass of H', 'provenance tag', 'end of line'],
  ['an unknown provenance', broken('mass 1.008 published', 'mass 1.008 measured'), lineOf('mass'), 'mass of H', 'provenance tag', '"measured"'],
  ['a malformed number', broken('mass 1.008 published', 'mass 1.0.08 published'), lineOf('mass'), 'mass of H', 'a number', '"1.0.08"'],
  ['a duplicate element', GOOD.replace('\nrepulsion', '\nelement H 1\nrepulsion'), lineOf('repulsion'), 'element H', 'each element defined once', `first on line ${lineOf('element H')}`],
  ['a duplicate state', broken('state H+ 1', 'state H 1'), lineOf('state H+'), 'state H of H', 'each state name once', `first on line ${lineOf('state H 0')}`],
  ['no neutral state', broken('state H 0', 'state H -1'), lineOf('element H'), 'states of H', 'a neutral state', 'charges -1, 1'],
  ['a neutral energy other than 0', broken('energy 0 published', 'energy 0.5 published'), lineOf('state H 0'), 'energy of the neutral ground state', '0', '0.5'],
  ['fewer electrons than 0', broken('state H+ 1', 'state H+ 2'), lineOf('state H+'), 'charge of state H+', 'at most Z = 1', '2'],
  ['a second energy line', broken('    energy 13.6 published\n', '    energy 13.6 published\n    energy 13.7 published\n'), lineOf('energy 13.6') + 1, 'energy of state H+', "one 'energy' line per state", 'a second one'],
  ['a second mass line', broken('  mass 1.008 published\n', '  mass 1.008 published\n  mass 1.01 published\n'), lineOf('mass') + 1, 'mass of H', 'one mass line per element', 'a second one'],
  ['a state without energy', broken('    energy 13.6 published\n', ''), lineOf('state H+'), 'state H+ of H', "an 'energy' line", 'none'],
  ['a missing mass', broken('  mass 1.008 published\n', ''), lineOf('element H'), 'mass of H', "'mass M TAG'", 'none'],
  ['a bad embedding', broken('embedding baskes 1 0.1 placeholder\n    density 0', 'embedding baskes 1 0 placeholder\n    density 0'), lineOf('density 0') - 1, 'embedding of state H+', 'rho0 > 0', '1 and 0'],
  ['a missing term line', broken('density 1 exact', 'density 2 exact'), lineOf('state H+'), 'density of state H', "1 more 'term' line", "'state'"],
  ['an extra term line', broken('density 0 bare proton', `density 0 bare proton\n      term 1 0 1 derived`), lineOf('density 0') + 1, 'term of state H+', 'no more than the 0 terms', 'another term'],
  ['a term with two provenances', broken(`term ${N1S} 0 ${A1S} published`, `term ${N1S} published 0 ${A1S} derived`), lineOf('term'), 'term of state H', 'one provenance tag', 'published and derived'],
  ['a density not normalised to N', broken(`term ${N1S} 0`, `term ${N1S * 1.001} 0`), lineOf('density 1'), 'density of state H of H: normalisation', 'N = Z - q = 1 electrons', '1.001'],
  // a charge-free pair a e^{−βr} − (aβ/3) r e^{−βr} changes n'(0) + (2Z/a0) n(0) and nothing else
  ['a density without the Kato cusp', broken(`term ${N1S} 0 ${A1S} published`, `term ${N1S} 0 ${A1S} published\n      term 0.01 0 20 published\n      term ${-0.01 * 20 / 3} 1 20 published`).replace('density 1 exact', 'density 3 exact'),
    lineOf('density 1'), 'Kato cusp', 'cusp ratio 1', 'cusp ratio 1.0'],
  ['a density with the wrong decay', broken(`ionisation ${HARTREE_EV / 2}`, 'ionisation 10'), lineOf('density 1'), 'asymptotic decay', 'I = 10 eV', `alpha ${A1S}`],
  // a charge-free, cusp-free pair c r² e^{−8r} − (8c/5) r³ e^{−8r} that is negative beyond 0.625 Å
  ['a negative density', broken(`term ${N1S} 0 ${A1S} published`, `term ${N1S} 0 ${A1S} published\n      term 1000 2 8 published\n      term -1600 3 8 published`).replace('density 1 exact', 'density 3 exact'),
    lineOf('density 1'), 'positivity', 'n(r) > 0', 'n(0.'],
  ['a cutoff inside the density tail', broken('cutoff 5 derived', 'cutoff 3 derived'), lineOf('cutoff'), 'cutoff', 'below 1e-6 e/A^3', 'at 3 A for state H of H'],
  ['a repulsion cutoff beyond the cutoff', broken('0.3 placeholder 2 placeholder', '0.3 placeholder 6 placeholder'), lineOf('repulsion'), 'repulsion H-H cutoff', "<= the file's cutoff 5 A", '6'],
  ['a missing repulsion', broken('repulsion H H exponential 0 0.3 placeholder 2 placeholder\n', ''), lineOf('element H'), 'repulsion', "'repulsion H H ...'", 'none'],
  ['a duplicate repulsion', GOOD + 'repulsion H H exponential 1 0.3 placeholder 2 placeholder\n', lineOf('repulsion') + 1, 'repulsion H-H', 'one entry per element pair', `first on line ${lineOf('repulsion')}`],
  ['a repulsion of an unknown element', GOOD + 'repulsion H O exponential 1 0.3 placeholder 2 placeholder\n', lineOf('repulsion') + 1, 'repulsion', 'elements of this file (H)', 'O'],
  ['a state before any element', broken('element H 1\n', ''), lineOf('mass') - 1, "'mass'", "an 'element' line before it", 'none'],
];

describe('validation errors name file, line, expected and found', () => {
  test.each(cases)('%s', (_, text, line, what, expected, found) => {
    const err = failure(() => readEct(text, 'h.ect'));
    expect(err.file).toBe('h.ect');
    expect(err.line).toBe(line);
    expect(err.message).toMatch(new RegExp(`^h\\.ect:${line}: ECT-EAM potential file: `));
    const [, whatPart, rest] = err.message.match(/^[^:]+:\d+: (.*?): expected (.*)$/s) ?? [];
    expect(whatPart).toContain(what);
    const [exp, fnd] = rest.split(/, found /);
    expect(exp).toContain(expected);
    expect(fnd).toContain(found);
  });
});

describe('docs/ect-eam-format.md', () => {
  test('its worked example is a valid file: exact hydrogen, cusp ratio 1 and exact decay as written', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'ect-eam-format.md'), 'utf8');
    const example = doc.split('## Worked example')[1].split('```')[1];
    const pot = readEct(example, 'example.ect');
    expect(pot.elements[0].states.map((s) => s.name)).toEqual(['H', 'H+']);
    expect(pot.elements[0].states[0].terms[0]).toEqual({ A: N1S, m: 0, alpha: A1S, provenance: 'published' });
  });
});

describe('Baskes embedding of format version 1', () => {
  const cu = readEct(readFileSync(join(ECT, 'Cu.ect'), 'utf8'), 'Cu.ect').elements[0];
  test('F_M(0) = E0_M for every state (isolated atom: the state energies), minimum E0 - A*E_c/e at rho0/e', () => {
    for (const st of cu.states) {
      expect(embedding(st, 0)).toEqual([st.energy.value, 0, 0]);
      const rho0 = st.embedding.rho0.value, scale = st.embedding.scale.value;
      const [F, dF] = embedding(st, rho0 / Math.E);
      expect(F).toBeCloseTo(st.energy.value - scale / Math.E, 12);
      expect(Math.abs(dF)).toBeLessThan(1e-12);
    }
  });

  test("F' and F'' equal central differences of F", () => {
    const st = cu.states[0];
    for (const rho of [0.005, 0.02, 0.037, 0.08]) {
      const h = 1e-5 * rho, [, dF, d2F] = embedding(st, rho);
      expect(Math.abs((embedding(st, rho + h)[0] - embedding(st, rho - h)[0]) / (2 * h) / dF - 1)).toBeLessThan(1e-7);
      expect(Math.abs((embedding(st, rho + h)[1] - embedding(st, rho - h)[1]) / (2 * h) / d2F - 1)).toBeLessThan(1e-7);
    }
  });
});
