// Our EAM tables against LAMMPS itself: the pair energy and force tables `pair_write` prints (for an isolated
// atom, so PairEAM::single adds no embedding share) and the energy of a dimer, F(rho_1) + F(rho_2) + phi(r),
// at distances that include a density beyond rhomax. Same arithmetic as LAMMPS, so agreement to ~1e-12.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readFs, readFuncfl, readSetfl } from '../../host/potentials/eam-files.js';
import { buildFuncflTables, buildSetflTables, evalF, evalPhi, evalRho, type EamTables } from '../../host/potentials/eam-tables.js';
import { lmpPath, runLammps } from '../helpers/lammps.js';
import { potential, potentialDir } from './lammps-potentials.js';

interface Setup {
  name: string;
  ntypes: number;
  coeffs: string[];
  tables: () => EamTables;
}

const SETUPS: Setup[] = [
  {
    name: 'eam Cu_u3',
    ntypes: 1,
    coeffs: ['pair_style eam', 'pair_coeff 1 1 Cu_u3.eam'],
    tables: () => buildFuncflTables([readFuncfl(potential('Cu_u3.eam').text, 'Cu_u3.eam')], Int32Array.from([-1, 0]), 1),
  },
  {
    name: 'eam Cu_u3 + Ni_u3',
    ntypes: 2,
    coeffs: ['pair_style eam', 'pair_coeff 1 1 Cu_u3.eam', 'pair_coeff 2 2 Ni_u3.eam'],
    tables: () => buildFuncflTables(['Cu_u3.eam', 'Ni_u3.eam'].map((n) => readFuncfl(potential(n).text, n)), Int32Array.from([-1, 0, 1]), 2),
  },
  {
    name: 'eam/alloy CuNi',
    ntypes: 2,
    coeffs: ['pair_style eam/alloy', 'pair_coeff * * CuNi.eam.alloy Cu Ni'],
    tables: () => buildSetflTables(readSetfl(potential('CuNi.eam.alloy').text, 'CuNi.eam.alloy'), Int32Array.from([-1, 1, 0]), 2),
  },
  {
    name: 'eam/fs NiAlH (asymmetric densities)',
    ntypes: 2,
    coeffs: ['pair_style eam/fs', 'pair_coeff * * NiAlH_jea.eam.fs Ni H'],
    tables: () => buildSetflTables(readFs(potential('NiAlH_jea.eam.fs').text, 'NiAlH_jea.eam.fs'), Int32Array.from([-1, 0, 2]), 2),
  },
  {
    name: 'eam/fs CuZr',
    ntypes: 2,
    coeffs: ['pair_style eam/fs', 'pair_coeff * * CuZr_mm.eam.fs Cu Zr'],
    tables: () => buildSetflTables(readFs(potential('CuZr_mm.eam.fs').text, 'CuZr_mm.eam.fs'), Int32Array.from([-1, 0, 1]), 2),
  },
];

const POINTS = 400;
const INNER = 0.5;
const OUTER = 8.0;
// exact binary fractions, so that LAMMPS's x1 - x2 is exactly -r; 0.75 puts Cu_u3's density past rhomax
const DIMER_R = [0.75, 1.5, 2.25, 2.5, 3.25, 4.5];
const X0 = 10;

function deck(s: Setup): string {
  const pairs: string[] = [];
  for (let i = 1; i <= s.ntypes; i++) for (let j = i; j <= s.ntypes; j++) pairs.push(`pair_write ${i} ${j} ${POINTS} r ${INNER} ${OUTER} pair.table T${i}${j}`);
  const dimer = DIMER_R.flatMap((r) => [`set atom 2 x ${X0 + r}`, 'run 0', `print "DIMER ${r} $(pe:%.17g)"`]);
  return ['units metal', 'atom_style atomic', 'region box block 0 20 0 20 0 20 units box', `create_box ${s.ntypes} box`,
    `create_atoms 1 single ${X0} ${X0} ${X0} units box`, ...s.coeffs, 'run 0', ...pairs,
    `create_atoms ${s.ntypes} single ${X0 + 1} ${X0} ${X0} units box`, ...dimer, ''].join('\n');
}

/** pair_write sections: keyword → rows [r, e, f]. */
function readPairTable(text: string): Map<string, number[][]> {
  const sections = new Map<string, number[][]>();
  let rows: number[][] = [];
  for (const line of text.split('\n')) {
    const w = line.trim().split(/\s+/);
    if (/^T\d\d$/.test(w[0])) sections.set(w[0], (rows = []));
    else if (w.length === 4 && /^\d+$/.test(w[0])) rows.push(w.slice(1).map(Number));
  }
  return sections;
}

function relativeGap(a: number, b: number, scale = Math.abs(b)): number {
  return a === b ? 0 : Math.abs(a - b) / scale;
}

describe.skipIf(!lmpPath() || potentialDir === null).each(SETUPS)('$name against LAMMPS 29Sep2021', (s) => {
  let table = new Map<string, number[][]>();
  let dimers: [number, number][] = [];
  let t: EamTables;

  beforeAll(async () => {
    // the potential files are staged beside the deck under their own names
    const files = Object.fromEntries(s.coeffs.flatMap((c) => c.split(/\s+/)).filter((w) => /\.eam/.test(w)).map((n) => [n, potential(n).text]));
    const run = await runLammps(deck(s), files);
    table = readPairTable(readFileSync(join(run!.dir, 'pair.table'), 'utf8'));
    dimers = [...run!.log.matchAll(/^DIMER (\S+) (\S+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    t = s.tables();
  });

  test('pair_write energies and forces equal evalPhi inside the cutoff, and LAMMPS writes zeros beyond it', () => {
    for (let i = 1; i <= s.ntypes; i++) {
      for (let j = i; j <= s.ntypes; j++) {
        const rows = table.get(`T${i}${j}`)!;
        expect(rows.length).toBe(POINTS);
        let worst = 0;
        rows.forEach(([rPrinted, e, f], k) => {
          // Pair::write_file's r, then PairEAM::single's sqrt(r*r) and f = -phi'·(1/r)·r with F' swapped to 0
          const r = INNER + ((OUTER - INNER) * k) / (POINTS - 1);
          const rsq = r * r;
          expect(relativeGap(rPrinted, r)).toBeLessThan(1e-14);
          if (rsq >= t.cutforcesq) {
            expect([e, f]).toEqual([0, 0]);
            return;
          }
          const rr = Math.sqrt(rsq);
          const { phi, dphi } = evalPhi(t, i, j, rr);
          const fforce = -dphi * (1.0 / rr);
          worst = Math.max(worst, relativeGap(phi, e), relativeGap(fforce * rr, f));
        });
        expect(worst, `types ${i} ${j}`).toBeLessThan(1e-12);
      }
    }
  });

  test('a dimer\'s energy is F(rho at 1) + F(rho at 2) + phi(r) with rho from evalRho', () => {
    expect(dimers.map(([r]) => r)).toEqual(DIMER_R);
    const j = s.ntypes;
    for (const [r, pe] of dimers) {
      const rho1 = evalRho(t, 1, j, r), rho2 = evalRho(t, j, 1, r);
      const F1 = evalF(t, 1, rho1).F, F2 = evalF(t, j, rho2).F, phi = evalPhi(t, 1, j, r).phi;
      const scale = Math.abs(F1) + Math.abs(F2) + Math.abs(phi);
      expect(relativeGap(F1 + F2 + phi, pe, scale), `r = ${r}`).toBeLessThan(1e-12);
    }
  });
});

test.skipIf(potentialDir === null)('the shortest Cu_u3 dimer puts the density beyond rhomax, so the comparison covers the extrapolation of F', () => {
  const t = SETUPS[0].tables();
  expect(evalRho(t, 1, 1, DIMER_R[0])).toBeGreaterThan(t.rhomax);
});
