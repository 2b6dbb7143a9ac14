// LAMMPS's `timer` command: `full` adds the worker team's per-command times to the end-of-run statistics (rounds, each
// rank's own share, rank 0's waits), `loop` and `off` leave out the timing breakdown, `normal` is the default; a
// timeout with a time limit and malformed arguments are errors naming the line.

import { describe, expect, test } from 'vitest';
import { inEam4000 } from '../helpers/in-eam.js';
import { runEctmd } from '../helpers/lammps.js';

// bench/in.eam on 4,000 atoms with ectmd's own Cu, 20 steps (at least one neighbour build in the loop)
const deck = (timer: string) => `${inEam4000()}${timer}
thermo 10
run 20
`;

const num = (s: string) => Number(s.trim());

describe('timer', () => {
  test('timer full on 2 workers: a row per team command, rounds and times that add up within the loop', async () => {
    const { log } = await runEctmd(deck('timer full sync'), {}, { workers: 2, timeoutMs: 120_000 });
    const loop = Number(/Loop time of (\S+) on 2 procs for 20 steps/.exec(log)![1]);
    expect(log).toContain('Timing breakdown (2 workers');
    const table = log.slice(log.indexOf('Worker team phases (timer full, 2 workers; s):'));
    expect(table.length).toBeLessThan(log.length);
    const rows = new Map<string, string[]>();
    for (const line of table.split('\n').slice(3)) {
      if (!line.includes('|')) break;
      const cells = line.split('|');
      rows.set(cells[0].trim(), cells.slice(1));
    }
    // every step runs the EAM passes once: 20 rounds each; the list was built at least once in the loop
    for (const name of ['Density', 'Force', 'EmbedFold', 'NveInitial', 'NveFinal']) expect(num(rows.get(name)![0])).toBe(20);
    expect(num(rows.get('BuildList')![0])).toBeGreaterThanOrEqual(1);
    // both ranks did their shares of the passes (rank 1's times come from the worker through the control block)
    for (const col of [1, 3]) expect(num(rows.get('Density')![col])).toBeGreaterThan(0);
    let own0 = 0, wait0 = 0;
    for (const [name, cells] of rows) {
      if (name === 'All') continue;
      const [own, wait, own1] = [num(cells[1]), num(cells[2]), num(cells[3])];
      for (const t of [own, wait, own1]) { expect(Number.isFinite(t)).toBe(true); expect(t).toBeGreaterThanOrEqual(0); }
      own0 += own; wait0 += wait;
    }
    // the passes take most of rank 0's time, and rank 0's shares and waits fit inside the loop
    expect(num(rows.get('Density')![1]) + num(rows.get('Force')![1])).toBeGreaterThan(0.3 * own0);
    expect(own0 + wait0).toBeLessThanOrEqual(loop * 1.001);
    expect(num(rows.get('All')![1])).toBeCloseTo(own0, 4);
  }, 180_000);

  test('timer full on 1 worker says there is no team; timer loop and off leave out the breakdown', async () => {
    const one = await runEctmd(deck('timer full'), {}, { workers: 1, timeoutMs: 120_000 });
    expect(one.log).toContain('Timing breakdown (1 worker');
    expect(one.log).toContain('Worker team phases (timer full): none, one worker');
    for (const level of ['loop', 'off']) {
      const { log } = await runEctmd(deck(`timer ${level}`), {}, { workers: 2, timeoutMs: 120_000 });
      expect(log).toMatch(/Loop time of \S+ on 2 procs for 20 steps/);
      expect(log).not.toContain('Timing breakdown');
      expect(log).not.toContain('Worker team phases');
    }
    // the default, and normal after full, print the breakdown without the team's table
    const normal = await runEctmd(deck('timer full\ntimer normal nosync'), {}, { workers: 2, timeoutMs: 120_000 });
    expect(normal.log).toContain('Timing breakdown (2 workers');
    expect(normal.log).not.toContain('Worker team phases');
  }, 180_000);

  test.each([
    ['timer', /in\.deck:14: Illegal timer command: expected off, loop, normal, full, sync, nosync, timeout or every, found nothing/],
    ['timer fast', /in\.deck:14: Illegal timer command: .*found fast/],
    ['timer every 0', /in\.deck:14: Illegal timer every value: expected a positive integer, found 0/],
    ['timer timeout', /in\.deck:14: Illegal timer timeout value: .*found nothing/],
    ['timer timeout 1:00:00', /in\.deck:14: Unsupported timer timeout: expected off or unlimited .*found 1:00:00/],
  ])('%s is an error naming the line', async (line, message) => {
    await expect(runEctmd(deck(line), {}, { workers: 1 })).rejects.toThrow(message);
  });
});
