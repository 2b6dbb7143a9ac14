// pair_style ect/eam … te T (physics.md §3.2, §4.5, §5.1): the weights minimise Ω = E + T_e Σ w ln w. pe is Ω and
// compute ect/stats c_ID[7] is the entropic term, so pe − c_ID[7] is the entropy-free E of the same weights; per-atom
// energies add up to Ω; forces are −∇Ω at the re-converged weights (envelope theorem: central differences of pe with
// the weights re-solved at every displaced geometry, on the 45-atom Al2O3 cluster whose weights at T_e = 0.1 eV are
// interior); 2 workers give 1 worker's run within the team tolerances (docs/parallel.md: energies 1e-12 relative,
// charges 1e-10 e; the team adds contributions in another order); bad `te` values are errors naming the line.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { entropyTerm } from '../../host/equalize/entropy.js';
import { runEctmd } from '../helpers/lammps.js';
import { ectInterpreter, evaluate, fdWorst, pairOf, writeAloCluster } from './ect-run.js';

const dir = mkdtempSync(join(tmpdir(), 'ectmd-te-'));
process.env.ECTMD_CACHE = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cluster(te: number, kernel: 'simd' | 'scalar', tol = 1e-11) {
  return ectInterpreter(['units metal', 'atom_style charge', `read_data ${writeAloCluster(join(dir, 'data.cluster'))}`,
    `pair_style ect/eam 25 coulomb tol ${tol} te ${te}`, 'pair_coeff * * AlO.ect Al O', 'compute st all ect/stats',
    'variable ent equal c_st[7]', 'run 0'], kernel);
}

describe.each(['simd', 'scalar'] as const)('45-atom Al2O3 cluster, T_e = 0.1 eV, kernel %s', (kernel) => {
  test('pe = Ω; c_st[7] = T_e Σ w ln w; pe − c_st[7] = E(w); Σ eatom = pe', () => {
    const it = cluster(0.1, kernel), e = it.engine, pair = pairOf(e);
    const pe = evaluate(e, { eatom: true, vatom: false });
    const w = pair.weights!, ent = it.vars.numeric('ent', { file: 'deck', line: 99 });
    expect(ent).toBeLessThan(-0.01); // the weights are mixed
    expect(Math.abs(ent - entropyTerm(0.1, w, null))).toBeLessThan(1e-12);
    const energy = pair.objective(e.neighbor)(w.slice(), new Float64Array(w.length));
    expect(Math.abs(pe - ent - energy)).toBeLessThan(1e-10 * Math.abs(pe));
    expect(Math.abs(e.eatom!.slice(0, e.atoms.n).reduce((a, b) => a + b, 0) - pe)).toBeLessThan(1e-10 * Math.abs(pe));
  }, 60_000);

  test('forces = −FD gradient of Ω at re-converged weights (KKT 1e-11, h = 1e-5 Å)', () => {
    const it = cluster(0.1, kernel), e = it.engine;
    evaluate(e);
    const { worst, fmax } = fdWorst(e, [0, 11, 30], 1e-5);
    expect(pairOf(e).stats.residual).toBeLessThanOrEqual(1e-11);
    expect(fmax).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(1e-6);
  }, 60_000);
});

test('120-atom Al2O3, T_e = 0.05 eV, 4 NVE steps: 2 workers reproduce 1 worker (pe, etotal to 1e-12 relative, c_st[7] to 1e-12 of pe, q to 1e-10 e)', async () => {
  const deck = ['units metal', 'atom_style charge', 'read_data data.alo', 'set type 1 charge 1.5', 'set type 2 charge -1.0',
    'pair_style ect/eam 10.0 dsf 0.2 tol 1e-8 te 0.05', 'pair_coeff * * AlO.ect Al O', 'neighbor 1.0 bin', 'timestep 0.0005',
    'compute st all ect/stats', 'thermo_style custom step pe etotal c_st[1] c_st[2] c_st[7]', 'thermo_modify format float %.17g', 'thermo 1',
    'velocity all create 300 4928459', 'fix 1 all nve', 'dump d all custom 4 q.dump id q', 'dump_modify d sort id format float %.17g', 'run 4', ''].join('\n');
  const data = { 'data.alo': readFileSync(join(__dirname, '..', '..', 'examples', 'ect-alo', 'data.alo'), 'utf8') };
  const runs = [];
  for (const workers of [1, 2]) {
    const { dir: out, log } = await runEctmd(deck, data, { workers, timeoutMs: 120_000 });
    runs.push({ thermo: log.slice(log.indexOf('Step'), log.indexOf('Loop time of')), dump: readFileSync(join(out, 'q.dump'), 'utf8') });
  }
  const rows = runs[0].thermo.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/).map(Number));
  expect(rows).toHaveLength(5);
  expect(rows[0][3]).toBeGreaterThan(0); // the first solve iterated
  expect(rows[0][5]).toBeLessThan(0); // an entropic term is present
  const two = runs[1].thermo.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/).map(Number));
  rows.forEach((row, s) => {
    // c_st[7] (here ~1e-18 eV) to 1e-12 of pe, the energy it is part of
    for (const c of [1, 2, 5]) expect(Math.abs(two[s][c] - row[c]), `step ${s} column ${c}`).toBeLessThanOrEqual(1e-12 * Math.abs(row[c === 5 ? 1 : c]));
  });
  const charges = (dump: string) => dump.split('\n').filter((l) => /^\d+ \S+$/.test(l.trim())).map((l) => Number(l.trim().split(/\s+/)[1]));
  const q1 = charges(runs[0].dump), q2 = charges(runs[1].dump);
  expect(q1).toHaveLength(2 * 120);
  q1.forEach((q, k) => expect(Math.abs(q2[k] - q), `charge ${k}`).toBeLessThanOrEqual(1e-10));
}, 120_000);

describe('input errors', () => {
  test.each([
    ['pair_style ect/eam 8 te -0.1', /deck:5: Illegal pair_style ect\/eam command: expected te T >= 0 \(eV\), found -0.1/],
    ['pair_style ect/eam 8 te x', /deck:5: pair_style ect\/eam te T: expected a finite number, found "x"/],
    ['pair_style ect/eam 8 te', /deck:5: pair_style ect\/eam te T: expected a number, found end of input/],
  ])('%s', (line, message) => {
    expect(() => ectInterpreter(['units metal', 'atom_style charge', 'region box block 0 10 0 10 0 10', 'create_box 2 box', line])).toThrow(message);
  });

  test('T_e > 0 needs a total charge strictly inside what the states allow', () => {
    // one O atom with Q = −2: only O²⁻ is possible, no interior weights
    const data = join(dir, 'data.O2-');
    writeFileSync(data, ['one O', '', '1 atoms', '2 atom types', '', '0 20 xlo xhi', '0 20 ylo yhi', '0 20 zlo zhi', '', 'Atoms', '', '1 2 -2.0 10 10 10', ''].join('\n'));
    expect(() => ectInterpreter(['units metal', 'atom_style charge', `read_data ${data}`, 'pair_style ect/eam 8 coulomb te 0.05',
      'pair_coeff * * AlO.ect Al O', 'run 0'])).toThrow(/total charge -2 e must lie strictly inside \[-2, 0\] e/);
  });
});
