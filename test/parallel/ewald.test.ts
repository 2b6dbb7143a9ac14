// kspace_style ewald's reciprocal sums shared by a worker team (each rank a share of the k-vectors, folded in rank
// order): LAMMPS's in.streitz.ewald (2160 atoms of α-Al2O3, coul/streitz Ewald real space + eam/alloy) with its fixed
// starting charges (fix qeq/slater left out, so that the CG's stopping point cannot move with the summation order) for
// 3 NVE steps. 2 and 3 workers give one worker's thermo (pe, elong, press, every step) within 1e-12 relative and forces
// within 1e-10 eV/Å; per-atom energy and virial (pe/atom, stress/atom, dumped at steps 0 and 3) likewise; the same team
// size is bitwise reproducible and the SIMD and scalar builds agree bit for bit.

import { describe, expect, test } from 'vitest';
import { dumpColumn, parseDump } from '../../host/io/dump-read.js';
import { hasLammpsPotentials, referenceDir } from '../helpers/lammps.js';
import { expectThermoClose, readText as file, runStreitzCell, type KernelKind } from '../helpers/streitz-cell.js';
import { runOnce } from '../helpers/run-once.js';

const hasPotentials = hasLammpsPotentials('AlO.streitz', 'AlO.eam.alloy');

function deck(): string {
  const text = file(referenceDir(), 'streitz', 'in.streitz.ewald')
    .replace(/^fix\s+1 all qeq\/slater .*$/m, '')
    .replace(/^thermo\s+10$/m, 'thermo 1\nthermo_modify format float %.17g\n' +
      'compute peat all pe/atom\ncompute sat all stress/atom NULL\n' +
      'dump f all custom 1 f.dump id fx fy fz\ndump_modify f sort id format float %.17g\n' +
      'dump p all custom 3 p.dump id c_peat c_sat[1] c_sat[2] c_sat[3] c_sat[4] c_sat[5] c_sat[6]\ndump_modify p sort id format float %.17g')
    .replace(/^run\s+100$/m, 'run 3');
  if (/qeq/.test(text.replace(/^#.*$/gm, '')) || !text.includes('run 3') || !/^kspace_style\s+ewald 1e-6$/m.test(text)) {
    throw new Error('in.streitz.ewald changed, edit this test');
  }
  return text;
}

interface Outcome { columns: string[]; rows: number[][]; forces: string; peratom: string; log: string }

async function run(workers: number, kernel: KernelKind): Promise<Outcome> {
  const r = await runStreitzCell(deck(), 3, workers, kernel);
  return { ...r, forces: file(r.dir, 'f.dump'), peratom: file(r.dir, 'p.dump') };
}

/** Largest |a − b| over the named columns of every frame of two dumps, and the largest |a|. */
function maxDiff(a: string, b: string, columns: string[]): { diff: number; scale: number } {
  const fa = parseDump(a, 'a.dump'), fb = parseDump(b, 'b.dump');
  expect(fb.length).toBe(fa.length);
  let diff = 0, scale = 0;
  fa.forEach((frame, s) => {
    for (const c of columns) {
      const va = dumpColumn(frame, c, 'a.dump'), vb = dumpColumn(fb[s], c, 'b.dump');
      va.forEach((v, i) => { diff = Math.max(diff, Math.abs(v - vb[i])); scale = Math.max(scale, Math.abs(v)); });
    }
  });
  return { diff, scale };
}

describe.skipIf(!hasPotentials)('in.streitz.ewald (fixed charges): kspace_style ewald over a worker team', () => {
  const once = runOnce<Outcome>();
  const get = (workers: number, kernel: KernelKind, tag = ''): Promise<Outcome> =>
    once(`${workers}/${kernel}${tag}`, () => run(workers, kernel));

  describe.each(['simd', 'scalar'] as KernelKind[])('%s kernel', (kernel) => {
    test.each([2, 3])('%i workers: pe, elong, press within 1e-12 relative, forces within 1e-10 eV/Å of one worker', async (workers) => {
      const [one, many] = [await get(1, kernel), await get(workers, kernel)];
      expect(many.columns).toEqual(one.columns);
      expect(many.rows.length).toBe(4);
      expectThermoClose(one, many, ['PotEng', 'E_long', 'Press', 'TotEng'], 1e-12);
      const f = maxDiff(one.forces, many.forces, ['fx', 'fy', 'fz']);
      const pe = maxDiff(one.peratom, many.peratom, ['c_peat']);
      const st = maxDiff(one.peratom, many.peratom, [1, 2, 3, 4, 5, 6].map((c) => `c_sat[${c}]`));
      console.log(`in.streitz.ewald ${kernel} ${workers} workers vs 1: max |Δf| ${f.diff.toExponential(2)} eV/Å, ` +
        `max |Δpe/atom| ${pe.diff.toExponential(2)} eV, max |Δstress/atom| ${(st.diff / st.scale).toExponential(2)} relative`);
      expect(f.diff).toBeLessThanOrEqual(1e-10);
      expect(pe.diff).toBeLessThanOrEqual(1e-12 * pe.scale);
      expect(st.diff).toBeLessThanOrEqual(1e-12 * st.scale);
      // the team really shares the Ewald sums: at the per-atom dump's steps EAM and coul/streitz run on one thread (a
      // per-atom request makes them serial) and the neighbour list is the same, so only the k-space fold can differ
      expect(many.peratom === one.peratom ? 'identical' : 'differs').toBe('differs');
    }, 600_000);
  });

  test('2 workers twice: bitwise-identical thermo and dumps; simd and scalar agree bit for bit', async () => {
    const [a, b, c] = [await get(2, 'simd'), await get(2, 'simd', 'again'), await get(2, 'scalar')];
    expect(b.rows).toEqual(a.rows);
    expect(b.forces).toBe(a.forces);
    expect(b.peratom).toBe(a.peratom);
    expect(c.forces).toBe(a.forces);
    expect(c.peratom).toBe(a.peratom);
  }, 600_000);
});
