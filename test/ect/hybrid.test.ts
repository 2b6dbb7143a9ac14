// pair_style ect/eam under hybrid/overlay with NULL types, as the EAM styles (LAMMPS pair_coeff * * STYLE FILE El NULL):
// an Al2O3 cluster (AlO.ect, bare Coulomb) interpenetrated by a 55-atom Cu cluster that only eam/alloy sees. The ECT-EAM
// part must ignore the Cu atoms completely (no pairs with them, not even the too-close check, no weights, their charges
// untouched), so the hybrid's energy is the sum of the two styles run alone on their own atoms; forces are −∇E at
// re-converged weights; compute ect/stats and ect/weights work under hybrid.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { aloCluster, cuCluster, ectInterpreter, fdWorst, pairOf, writeAloCuCluster } from './ect-run.js';
import type { PairHybrid } from '../../host/pair/hybrid.js';

const dir = mkdtempSync(join(tmpdir(), 'ectmd-ect-hybrid-'));
process.env.ECTMD_CACHE = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The cluster's Al and O and/or the Cu atoms as a data file in this test's directory. */
const data = (name: string, alo: boolean, cu: boolean) => writeAloCuCluster(join(dir, name), alo, cu);

const ECT = 'ect/eam 25 coulomb tol 1e-11';
const deck = (path: string, pair: string[], extra: string[] = []) =>
  ['units metal', 'atom_style charge', `read_data ${path}`, ...pair, 'neighbor 1.0 bin', ...extra, 'run 0'];

describe.each(['simd', 'scalar'] as const)('ect/eam under hybrid/overlay with a NULL type (kernel %s)', (kernel) => {
  test('E(hybrid) = E(ect/eam on Al2O3) + E(eam/alloy on Cu); Cu charges untouched; forces = −∇E; computes work', () => {
    const cu = cuCluster();
    expect(cu.length).toBeGreaterThan(40);
    // (zero covers the Al/O–Cu type pairs, which neither style treats: LAMMPS wants every type pair set)
    const both = ectInterpreter(deck(data('both', true, true), [`pair_style hybrid/overlay ${ECT} eam/alloy zero 25`,
      'pair_coeff * * ect/eam AlO.ect Al O NULL', 'pair_coeff * * eam/alloy Cu_zjw04.eam.alloy NULL NULL Cu', 'pair_coeff 1*2 3 zero'],
    ['group cu type 3', 'compute st all ect/stats', 'compute w all ect/weights', 'compute wcu cu reduce max c_w[1] c_w[2] c_w[3] c_w[4]',
      'thermo_style custom step pe c_st[1] c_st[3] c_wcu[1]']), kernel);
    const ect = ectInterpreter(deck(data('alo', true, false), [`pair_style hybrid/overlay ${ECT} zero 25`, 'pair_coeff * * ect/eam AlO.ect Al O NULL',
      'pair_coeff * 3 zero']), kernel);
    const eam = ectInterpreter(deck(data('cu', false, true), ['pair_style hybrid/overlay eam/alloy zero 25',
      'pair_coeff * * eam/alloy Cu_zjw04.eam.alloy NULL NULL Cu', 'pair_coeff 1*2 1*3 zero']), kernel);
    const e = both.engine, nAlo = aloCluster().length;
    // atoms are sorted spatially at the run's start: index of each ID (Al and O are IDs 1..nAlo in both data files)
    const at = (en: typeof e, tag: number) => en.atoms.tag.subarray(0, en.atoms.n).indexOf(tag);
    const isAlo = (i: number) => e.atoms.tag[i] <= nAlo;
    // the Cu atoms sit among the Al and O atoms: some Cu–O/Al distance is far below any ECT table's first point
    let closest = Infinity;
    for (let i = 0; i < e.atoms.n; i++) for (let j = 0; j < e.atoms.n; j++) {
      if (!isAlo(i) || isAlo(j)) continue;
      closest = Math.min(closest, Math.hypot(e.atoms.x[3 * i] - e.atoms.x[3 * j], e.atoms.x[3 * i + 1] - e.atoms.x[3 * j + 1], e.atoms.x[3 * i + 2] - e.atoms.x[3 * j + 2]));
    }
    expect(closest).toBeLessThan(1.0);
    expect(Math.abs(e.pe() - (ect.engine.pe() + eam.engine.pe()))).toBeLessThan(1e-10 * Math.abs(e.pe()));
    // the ECT atoms' charges and weights are those of ect/eam alone; the Cu atoms keep their q
    const sub = (e.pair as PairHybrid).styles[0] as ReturnType<typeof pairOf>, where = { file: 'test', line: 1 };
    expect(sub.stats.iterations).toBeGreaterThan(0);
    for (let tag = 1; tag <= nAlo; tag++) expect(Math.abs(e.atoms.q[at(e, tag)] - ect.engine.atoms.q[at(ect.engine, tag)])).toBeLessThan(1e-10);
    for (let i = 0; i < e.atoms.n; i++) if (!isAlo(i)) expect(e.atoms.q[i]).toBe(0.3);
    // compute ect/stats: Σq over the ECT atoms, as started (Al +1.5, O −1.0)
    const q0 = aloCluster().reduce((t, a) => t + (a.type === 1 ? 1.5 : -1.0), 0);
    expect(Math.abs(both.vars.evaluate('c_st[3]', where) - q0)).toBeLessThan(1e-10);
    // compute ect/weights: no weights for the Cu atoms
    for (let k = 1; k <= 4; k++) expect(both.vars.evaluate(`c_wcu[${k}]`, where)).toBe(0);
    // forces: −∇E at re-converged weights for Al, O and Cu atoms
    const { worst, fmax } = fdWorst(e, [at(e, 1), at(e, 2), at(e, nAlo + 1), at(e, nAlo + 8)], 1e-5);
    expect(fmax).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(1e-6 * Math.max(1, fmax));
  }, 120_000);
});
