// The Ni–O set (potentials/ect/NiO.ect: Ni from the fitted Ni.ect; Ni–O and O–O repulsion fitted by
// host/potentials/ect-fit.ts to rocksalt NiO and the O2 molecule): through pair_style ect/eam the rocksalt lattice
// constant and atomisation energy and the O2 bond length and dissociation energy are the experimental ones, and the
// Ni2+ O2- branch is the lowest of the branches the equalisation finds from neutral, ±1 and ±2 starts. Known failure,
// kept as test.fails so that a fix shows: a 64-atom crystal at 300 K does not stay on its sites (rocksalt is a saddle
// of this set and collapses within 30 fs; examples/ect-nio/README.md).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Interpreter } from '../../host/lammps/interpreter.js';
import { readEct } from '../../host/potentials/ect-file.js';
import { crystalEnergy, crystalProperties, type Crystal } from '../../host/potentials/ect-fit.js';
import { SETS } from '../../host/potentials/ect-sets.js';

const ECT = join(__dirname, '..', '..', 'potentials', 'ect');
const PATH = join(ECT, 'NiO.ect');
const dir = mkdtempSync(join(tmpdir(), 'ectmd-oxide-'));
process.env.ECTMD_CACHE = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Experimental targets (the recipe's, ect-sets.ts: NiO a = 4.177 Å, atomisation energy 9.52 eV per NiO). */
const A0 = 4.177, EC = 9.52;
const rocksalt = (start: number[]): Crystal => ({ structure: 'rocksalt', elements: ['Ni', 'O'], start });

describe('NiO.ect, rocksalt NiO through ect/eam', () => {
  test('a0 and the atomisation energy within 1 % of experiment (from the formal-charge start); the fitted numbers are tagged derived', () => {
    const p = crystalProperties(PATH, rocksalt([2, -2]), A0);
    console.info(`NiO.ect rocksalt (8 atoms): a0 ${p.a0.toFixed(4)} A (${A0}), Ec ${p.cohesive.toFixed(4)} eV/NiO (${EC}), B ${p.bulk.toFixed(1)} GPa (not a target), max |q| ${p.maxCharge}`);
    expect(Math.abs(p.a0 / A0 - 1)).toBeLessThan(0.01);
    expect(Math.abs(p.cohesive / EC - 1)).toBeLessThan(0.01);
    expect(p.bulk).toBeGreaterThan(0);
    const pot = readEct(readFileSync(PATH, 'utf8'), PATH);
    const rep = pot.repulsion.find((r) => r.pair.join('-') === 'Ni-O')!;
    const oo = pot.repulsion.find((r) => r.pair.join('-') === 'O-O')!;
    expect([rep.amplitude.value, rep.length.value, oo.amplitude.value, oo.length.value]).toEqual(SETS.NiO.fit!.values);
    expect([rep.amplitude, rep.length, oo.amplitude, oo.length].map((t) => t.provenance)).toEqual(['derived', 'derived', 'derived', 'derived']);
    const o2 = crystalProperties(PATH, { structure: 'dimer', elements: ['O', 'O'] }, 1.2075);
    console.info(`NiO.ect O2: r_e ${o2.a0.toFixed(4)} A (1.2075), D0 ${o2.cohesive.toFixed(4)} eV (5.12), max |q| ${o2.maxCharge}`);
    expect(Math.abs(o2.a0 / 1.2075 - 1)).toBeLessThan(0.01);
    expect(Math.abs(o2.cohesive / 5.12 - 1)).toBeLessThan(0.01);
  }, 120_000);

  test('the Ni2+ O2- branch is the lowest of those found from neutral, ±1 and ±2 starts at a0', () => {
    const e = [[0, 0], [1, -1], [2, -2]].map((s) => ({ start: s, ...crystalEnergy(PATH, rocksalt(s), A0) }));
    console.info(`NiO.ect at a = ${A0} A: ${e.map((x) => `start ±${x.start[0]}: E ${x.energy.toFixed(4)} eV/NiO, max |q| ${x.maxCharge.toFixed(3)}`).join('; ')}`);
    expect(e[2].energy).toBeLessThan(e[1].energy);
    expect(e[2].energy).toBeLessThan(e[0].energy);
    expect(e[2].maxCharge).toBeCloseTo(2, 8);
  }, 120_000);

  test.fails('KNOWN FAILURE: 64 atoms at 300 K, 200 steps: atoms stay on their sites, charges finite and in [-2, 2], Σq = 0', () => {
    const it = new Interpreter({ kernel: 'simd', logPath: null, screen: false });
    const deck = ['units metal', 'atom_style charge', `lattice fcc ${A0}`, 'region cell block 0 2 0 2 0 2', 'create_box 2 cell', 'create_atoms 1 box',
      `lattice fcc ${A0} origin 0.5 0 0`, 'create_atoms 2 box', 'set type 1 charge 1.5', 'set type 2 charge -1.5',
      'pair_style ect/eam 10.0 dsf 0.2 tol 1e-8', `pair_coeff * * ${PATH} Ni O`, 'neighbor 1.0 bin', 'timestep 0.001',
      'velocity all create 300 4928459 mom yes rot yes', 'fix 1 all nvt temp 300 300 0.1'];
    deck.forEach((l, i) => it.line(l, { file: 'deck', line: i + 1 }));
    const e = it.engine, n = e.atoms.n;
    const x0 = e.atoms.x.slice(0, 3 * n);
    it.line('run 200', { file: 'deck', line: 99 });
    const L = e.box!.hi[0] - e.box!.lo[0];
    let sum = 0, worst = 0, qsum = 0, qmax = 0;
    for (let i = 0; i < n; i++) {
      let d2 = 0;
      for (let k = 0; k < 3; k++) {
        let d = e.atoms.x[3 * i + k] - x0[3 * i + k];
        d -= L * Math.round(d / L);
        d2 += d * d;
      }
      sum += Math.sqrt(d2); worst = Math.max(worst, Math.sqrt(d2));
      qsum += e.atoms.q[i]; qmax = Math.max(qmax, Math.abs(e.atoms.q[i]));
      expect(Number.isFinite(e.atoms.q[i])).toBe(true);
    }
    console.info(`NiO.ect 64 atoms after 200 steps at 300 K: T ${e.temperature().toFixed(0)} K, mean displacement ${(sum / n).toFixed(3)} A (max ${worst.toFixed(3)}), max |q| ${qmax.toFixed(4)}, sum q ${qsum.toExponential(1)}, P ${e.pressure().toFixed(0)} bar`);
    expect(sum / n).toBeLessThan(0.5);
    expect(qmax).toBeLessThanOrEqual(2 + 1e-12);
    expect(Math.abs(qsum)).toBeLessThan(1e-10);
  }, 300_000);
});
