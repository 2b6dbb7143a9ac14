// Worker teams: the force passes shared by 2 or 3 workers give the same physics as one worker (energies within
// 1e-12, 50-step NVE thermo within 1e-9 relative), the same team size gives bitwise-identical trajectories, both
// kernel builds agree bit for bit, the list the team builds is the serial one, and a failing worker ends the run
// with its message instead of a hang.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseLammpsLog, thermoColumn } from '../../host/io/lammps-log.js';
import { Cmd, SPIN_MS_OWN_CORE, SPIN_MS_SHARED_CORE, spinMillis } from '../../host/parallel/control.js';
import { Team } from '../../host/parallel/team.js';
import { Kernel } from '../../host/wasm/kernel.js';
import { Interpreter } from '../../host/lammps/interpreter.js';
import type { Kernel as KernelKind } from '../../scripts/compare-lammps.js';
import { inEam4000 } from '../helpers/in-eam.js';
import { runEctmd } from '../helpers/lammps.js';
import { runOnce } from '../helpers/run-once.js';

// bench/in.eam on 4,000 atoms with ectmd's own Cu, displaced so that forces are not symmetric, dumped at %.17g
const DECK = inEam4000('displace_atoms all random 0.05 0.05 0.05 4242 units box\n') + `thermo 10
thermo_style custom step temp pe ke etotal press pxx pyy pzz pxy pxz pyz
thermo_modify format float %.17g
dump d all custom 25 out.dump id x y z vx vy vz fx fy fz
dump_modify d sort id format float %.17g
run 50
`;

interface Outcome { thermo: number[][]; columns: string[]; dump: string }

async function run(workers: number, kernel: KernelKind): Promise<Outcome> {
  const { dir, log } = await runEctmd(DECK, {}, { workers, kernel, timeoutMs: 120_000 });
  expect(log).toMatch(new RegExp(`^Loop time of \\S+ on ${workers} procs for 50 steps with 4000 atoms$`, 'm'));
  const [r] = parseLammpsLog(log, 'ectmd log').runs;
  return { thermo: r.rows, columns: r.columns, dump: readFileSync(join(dir, 'out.dump'), 'utf8') };
}

describe.each(['simd', 'scalar'] as KernelKind[])('%s kernel', (kernel) => {
  const once = runOnce<Outcome>();
  const get = (workers: number, tag = ''): Promise<Outcome> => once(`${workers}${tag}`, () => run(workers, kernel));

  test('the same team size gives a bitwise-identical trajectory', async () => {
    const [a, b] = [await get(2), await get(2, 'again')];
    expect(a.dump).toBe(b.dump);
    expect(a.thermo).toEqual(b.thermo);
  }, 120_000);

  test.each([2, 3])('%i workers: step-0 energy within 1e-12 and 50-step thermo within 1e-9 of one worker', async (workers) => {
    const [one, many] = [await get(1), await get(workers)];
    expect(many.columns).toEqual(one.columns);
    const pe = one.columns.indexOf('PotEng');
    expect(Math.abs(many.thermo[0][pe] - one.thermo[0][pe])).toBeLessThanOrEqual(1e-12 * Math.abs(one.thermo[0][pe]));
    one.columns.forEach((c, k) => {
      const scale = Math.max(...one.thermo.map((row) => Math.abs(row[k])));
      one.thermo.forEach((row, s) => expect(Math.abs(many.thermo[s][k] - row[k]), `${c} row ${s}`).toBeLessThanOrEqual(1e-9 * Math.max(scale, 1e-300)));
    });
    // and the team really splits the work differently: some bit of the trajectory differs
    expect(many.dump === one.dump && workers > 1 ? 'identical' : 'differs').toBe('differs');
  }, 120_000);
});

test('both kernel builds agree bit for bit with 2 workers', async () => {
  const [a, b] = [await run(2, 'simd'), await run(2, 'scalar')];
  expect(a.dump).toBe(b.dump);
  expect(thermoColumn({ columns: a.columns, rows: a.thermo, steps: 50, atoms: 4000 } as never, 'TotEng', 'a'))
    .toEqual(thermoColumn({ columns: b.columns, rows: b.thermo, steps: 50, atoms: 4000 } as never, 'TotEng', 'b'));
}, 120_000);

describe('neighbour list built by the team', () => {
  const teams: Team[] = [];
  afterAll(async () => { for (const t of teams) await t.close(); });

  /** A displaced tilted cell through `run 0` on a team of `workers` (1: no team); the list arrays as built. */
  async function listOf(workers: number, shrink = false): Promise<{ offs: number[]; idx: number[] }> {
    const team = workers > 1 ? await Team.start(workers, 'simd') : null;
    if (team) teams.push(team);
    const it = new Interpreter({ kernel: 'simd', logPath: null, screen: false, team });
    ['units metal', 'atom_style atomic', 'lattice fcc 3.6', 'region box prism 0 5 0 4 0 6 1 -1 0.9', 'create_box 1 box', 'create_atoms 1 box',
      'displace_atoms all random 0.4 0.4 0.4 31 units box', 'pair_style eam/alloy', 'pair_coeff * * Cu_zjw04.eam.alloy Cu', 'neighbor 0.7 bin', 'run 0',
    ].forEach((line, i) => it.line(line, { file: 'deck', line: i + 1 }));
    const e = it.engine, nb = e.neighbor;
    if (shrink) {
      // far too small buffers: the ranks report overflow, the host grows them and builds again
      const caps = nb as unknown as { pairCap: number };
      caps.pairCap = 16;
      nb.build(e.atoms, e.box!);
      expect(caps.pairCap).toBeGreaterThan(16);
    }
    const list = { offs: [...e.arena.i32('offs', nb.nlocal + 1)], idx: [...nb.entries()] };
    it.close();
    return list;
  }

  test('2 and 3 ranks build exactly the serial list, also after their buffers overflow', async () => {
    const serial = await listOf(1);
    expect(serial.idx.length).toBeGreaterThan(10_000);
    for (const w of [2, 3]) {
      expect(await listOf(w)).toEqual(serial);
      expect(await listOf(w, true)).toEqual(serial);
    }
  });
});

test('ranks with a core each spin through rank 0\'s serial stretches; more ranks than cores spin briefly', () => {
  expect(spinMillis(2, 2)).toBe(SPIN_MS_OWN_CORE);
  expect(spinMillis(16, 16)).toBe(SPIN_MS_OWN_CORE);
  expect(spinMillis(3, 2)).toBe(SPIN_MS_SHARED_CORE);
  expect(SPIN_MS_SHARED_CORE).toBeLessThan(SPIN_MS_OWN_CORE);
});

describe('failures', () => {
  const teams: Team[] = [];
  afterAll(async () => { for (const t of teams) await t.close(); });

  test('a worker that throws ends the command with its message, and the team refuses further work', async () => {
    const team = await Team.start(2, 'scalar');
    teams.push(team);
    const k = new Kernel('scalar', team.memory);
    team.args[0] = 1;
    expect(() => team.run(Cmd.Fail, k.k)).toThrow(/worker 1: requested failure on rank 1/);
    expect(() => team.run(Cmd.Embed, k.k)).toThrow(/unusable after an earlier failure/);
  });

  test('a failure on the main thread is reported the same way', async () => {
    const team = await Team.start(2, 'scalar');
    teams.push(team);
    const k = new Kernel('scalar', team.memory);
    team.args[0] = 0;
    expect(() => team.run(Cmd.Fail, k.k)).toThrow(/rank 0: requested failure on rank 0/);
  });

  test('package omp N must match the workers the run started with', async () => {
    await expect(runEctmd('units metal\npackage omp 3\n', {}, { workers: 2 })).rejects.toThrow(/package omp: expected 2 .*found 3/);
  });

  test('--workers must be a positive integer', async () => {
    await expect(runEctmd('units metal\n', {}, { workers: 0 })).rejects.toThrow(/--workers: expected a positive integer/);
  });
});
