// EAM's scatter passes shared by bands (host/neighbor/bands.ts): on a cell long enough in z for every rank's range to
// hold two heads, 2 and 3 workers run by bands (ghost-only private accumulators), every listed pair lies within the
// reach the bands were cut for (also for atoms that crossed the cell's boundary since the spatial sort, whose indices
// sit on the other side of the ring), the physics is one worker's (energies within 1e-12 relative at step 0, 1e-9
// after 40 steps), the same team size repeats bit for bit and both kernel builds agree; a cell too small for the bands
// falls back to whole accumulators per rank; a tilted cell runs by bands as well.

import { afterAll, describe, expect, test } from 'vitest';
import { Team } from '../../host/parallel/team.js';
import { Interpreter } from '../../host/lammps/interpreter.js';
import type { KernelKind } from '../../host/wasm/kernel.js';
import { runOnce } from '../helpers/run-once.js';

const teams: Team[] = [];
afterAll(async () => { for (const t of teams) await t.close(); });

/** bench/in.eam's settings with ectmd's own Cu on an fcc cell of nx·nx·nz cells (a sort only at the run's setup), tilted
 *  (a triclinic cell, xy xz yz of one, two and one lattice cells) when `tilt` is set. */
function deck(nx: number, nz: number, tilt = false): string[] {
  const region = tilt ? `region box prism 0 ${nx} 0 ${nx} 0 ${nz} 1 2 1` : `region box block 0 ${nx} 0 ${nx} 0 ${nz}`;
  return ['units metal', 'atom_style atomic', 'lattice fcc 3.615', region, 'create_box 1 box',
    'create_atoms 1 box', 'pair_style eam/alloy', 'pair_coeff * * Cu_zjw04.eam.alloy Cu', 'velocity all create 1600.0 376847 loop geom',
    'neighbor 1.0 bin', 'neigh_modify every 1 delay 5 check yes', 'atom_modify sort 1000000 0', 'fix 1 all nve', 'timestep 0.005', 'run 0'];
}

interface Outcome { pe0: number; pe: number; x: Float64Array; bands: { head: number; up: number } | null; crossed: number }

async function run(workers: number, kernel: KernelKind, nx = 8, nz = 60, steps = 40, tilt = false): Promise<Outcome> {
  const team = workers > 1 ? await Team.start(workers, kernel) : null;
  if (team) teams.push(team);
  const it = new Interpreter({ kernel, logPath: null, screen: false, team });
  const lines = deck(nx, nz, tilt);
  lines.forEach((line, i) => it.line(line, { file: 'deck', line: i + 1 }));
  const e = it.engine, nb = e.neighbor;
  const pe0 = e.pe();
  it.line(`run ${steps}`, { file: 'deck', line: lines.length + 1 });
  // every owned neighbour j of row i within [i − down, i + up] around the ring of n atoms
  const n = nb.nlocal, offs = e.arena.i32('offs', n + 1), idx = nb.entries();
  let crossed = 0;
  if (nb.bands) {
    const up = nb.bands.up, down = nb.bands.head - up;
    for (let i = 0; i < n; i++) {
      for (let k = offs[i]; k < offs[i + 1]; k++) {
        const j = idx[k];
        if (j >= n) continue;
        let d = j - i;
        if (d > n / 2) d -= n; else if (d <= -n / 2) d += n;
        if (Math.abs(j - i) > n / 2) crossed++;
        if (d > up || -d > down) throw new Error(`pair (${i}, ${j}) beyond the reach up ${up}, down ${down}`);
      }
    }
  }
  const out = { pe0, pe: e.pe(), x: e.atoms.x.slice(0, 3 * n), bands: nb.bands ? { ...nb.bands } : null, crossed };
  it.close();
  return out;
}

describe.each(['simd', 'scalar'] as KernelKind[])('%s kernel', (kernel) => {
  const once = runOnce<Outcome>();
  const get = (workers: number, tag = ''): Promise<Outcome> => once(`${workers}${tag}`, () => run(workers, kernel));

  test.each([2, 3])('%i workers run by bands, every pair within their reach, the physics one worker\'s', async (workers) => {
    const [one, many] = [await get(1), await get(workers)];
    expect(one.bands).toBeNull();
    expect(many.bands).not.toBeNull();
    // atoms crossed the cell's boundary since the sort: pairs whose indices lie across the ring's ends
    expect(many.crossed).toBeGreaterThan(0);
    expect(Math.abs(many.pe0 - one.pe0)).toBeLessThanOrEqual(1e-12 * Math.abs(one.pe0));
    expect(Math.abs(many.pe - one.pe)).toBeLessThanOrEqual(1e-9 * Math.abs(one.pe));
    let worst = 0;
    for (let k = 0; k < one.x.length; k++) worst = Math.max(worst, Math.abs(many.x[k] - one.x[k]));
    expect(worst).toBeLessThan(1e-9);
    // the bands change the order of the sums: the run is not one worker's bit for bit
    expect(worst).toBeGreaterThan(0);
  }, 120_000);

  test('the same team size repeats bit for bit', async () => {
    const [a, b] = [await get(2), await get(2, 'again')];
    expect(b.pe).toBe(a.pe);
    expect(Buffer.from(b.x.buffer).equals(Buffer.from(a.x.buffer))).toBe(true);
  }, 120_000);
});

test('both kernel builds agree bit for bit by bands', async () => {
  const [a, b] = [await run(2, 'simd', 8, 60, 10), await run(2, 'scalar', 8, 60, 10)];
  expect(a.bands).not.toBeNull();
  expect(b.pe).toBe(a.pe);
  expect(Buffer.from(b.x.buffer).equals(Buffer.from(a.x.buffer))).toBe(true);
}, 120_000);

test('a cell too small for two heads per range falls back to whole accumulators, with the same physics', async () => {
  const [one, many] = [await run(1, 'simd', 10, 10, 20), await run(3, 'simd', 10, 10, 20)];
  expect(many.bands).toBeNull();
  expect(Math.abs(many.pe - one.pe)).toBeLessThanOrEqual(1e-9 * Math.abs(one.pe));
}, 120_000);

test('a tilted (triclinic) cell runs by bands too, every pair within their reach, the physics one worker\'s', async () => {
  const [one, many] = [await run(1, 'simd', 8, 60, 30, true), await run(2, 'simd', 8, 60, 30, true)];
  expect(many.bands).not.toBeNull();
  expect(Math.abs(many.pe0 - one.pe0)).toBeLessThanOrEqual(1e-12 * Math.abs(one.pe0));
  expect(Math.abs(many.pe - one.pe)).toBeLessThanOrEqual(1e-9 * Math.abs(one.pe));
}, 120_000);
