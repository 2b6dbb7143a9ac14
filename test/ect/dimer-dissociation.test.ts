// T7 (physics.md §11) over the whole curve: Al–O (AlO.ect) and Ni–O (NiO.ect) dimers with bare Coulomb in an 80 Å box,
// R from 1.5 Å to 15 Å in 0.25 Å steps, each scanned outward with warm-started weights (as in MD) from the neutral and
// from the ionic start (M+ O−), with the simd and the scalar kernel. At every R: Σq = 0, E finite, and F = −dE/dR by central differences at re-converged
// weights. Past the short-range cut-offs only point charges remain, E(q) = q(IE_M − EA_O) − k_e q²/R: concave in q, so
// both q = 0 and q = 1 are local minima (KKT points) while k_e/R·2 > IE − EA, i.e. up to R* = 2k_e/(IE − EA). The
// neutral branch must reach E = 0, q = 0 continuously at the cut-off; the ionic branch must be exactly that point-charge
// energy between the cut-off and R* and neutral (E = 0) beyond it. (T7 beyond the cut-offs from the ionic start alone
// is in pair.test.ts.)

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readEct } from '../../host/potentials/ect-file.js';
import { COULOMB_EV_A } from '../../host/potentials/ect-coulomb.js';
import { ectInterpreter, evaluate } from './ect-run.js';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ectmd-t7-'));
process.env.ECTMD_CACHE = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const L = 80;

describe.each([
  ['AlO.ect', 'Al', 'O'],
  ['NiO.ect', 'Ni', 'O'],
])('%s: %s–%s dimer dissociation, bare Coulomb, R = 1.5 … 15 Å (T7)', (file, metal, oxygen) => {
  const pot = readEct(readFileSync(join(ROOT, 'potentials', 'ect', file), 'utf8'), file);
  const state = (el: string, q: number) => pot.elements.find((e) => e.symbol === el)!.states.find((s) => s.charge === q)!.energy.value;
  // IE of the metal minus EA of O: the cost of moving one electron between the isolated atoms
  const gap = state(metal, 1) - state(oxygen, 0) + state(oxygen, -1);
  const cutoff = Math.max(pot.cutoff.value, ...pot.repulsion.map((r) => r.cutoff.value));
  const spinodal = 2 * COULOMB_EV_A / gap;

  test.each([[0, 'simd'], [1, 'simd'], [0, 'scalar'], [1, 'scalar']] as const)('start q = %i, kernel %s: Σq = 0, F = −dE/dR at every R; the point-charge limit past the cut-offs', (start, kernel) => {
    const data = join(dir, `data.${metal}${start}${kernel}`);
    writeFileSync(data, ['dimer', '', '2 atoms', '2 atom types', '', `0 ${L} xlo xhi`, `0 ${L} ylo yhi`, `0 ${L} zlo zhi`, '', 'Atoms', '',
      `1 1 ${start} ${L / 2 - 0.75} ${L / 2} ${L / 2}`, `2 2 ${-start} ${L / 2 + 0.75} ${L / 2} ${L / 2}`, ''].join('\n'));
    const e = ectInterpreter(['units metal', 'atom_style charge', `read_data ${data}`, 'pair_style ect/eam 30 coulomb tol 1e-12',
      `pair_coeff * * ${file} ${metal} ${oxygen}`, 'run 0'], kernel).engine;
    const at = (R: number) => {
      e.atoms.x[0] = L / 2 - R / 2; e.atoms.x[3] = L / 2 + R / 2;
      const E = evaluate(e);
      return { E, q: e.atoms.q[0], sum: e.atoms.q[0] + e.atoms.q[1], f: e.atoms.f[3] };
    };
    const h = 1e-4;
    let checked = 0, nearCut = Infinity;
    for (let R = 1.5; R <= 15 + 1e-9; R += 0.25) {
      const p = at(R);
      expect(Math.abs(p.sum), `Σq at R = ${R}`).toBeLessThan(1e-12);
      expect(Number.isFinite(p.E), `E at R = ${R}`).toBe(true);
      // F on atom 2 = −dE/dR where the weights stay on one branch over R ± h
      const plus = at(R + h), minus = at(R - h);
      if (Math.abs(plus.q - minus.q) < 1e-9) {
        const fd = -(plus.E - minus.E) / (2 * h);
        expect(Math.abs(p.f - fd), `F vs −dE/dR at R = ${R}: ${p.f} vs ${fd}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
        checked++;
      }
      at(R); // back on the branch at R before stepping on
      if (R > cutoff) {
        // point charges only: E(q) = q·gap − k_e q²/R on the branch the scan is on
        const q = p.q;
        expect(Math.abs(p.E - (q * gap - COULOMB_EV_A * q * q / R)), `point-charge energy at R = ${R} (q = ${q})`).toBeLessThan(1e-9);
        if (start === 0 || R > spinodal) {
          expect(Math.abs(q), `q at R = ${R}`).toBeLessThan(1e-12);
          expect(Math.abs(p.E), `E at R = ${R}`).toBeLessThan(1e-10);
        }
      } else if (start === 0 && cutoff - R < 0.25 + 1e-9) {
        nearCut = Math.abs(p.E);
      }
    }
    expect(checked).toBeGreaterThan(40);
    // the neutral branch goes to 0 continuously at the cut-off (the tables and φ_rep vanish there)
    if (start === 0) expect(nearCut).toBeLessThan(1e-3);
  }, 120_000);
});
