// Skin-list entries of 3 bytes (kernel list_entry_bytes, host/neighbor/neighbor.ts): the host lists neighbours in 24 bits
// whenever owned + ghost atoms number at most 2^24, and in i32 beyond. Every kernel that reads a skin list (EAM density
// and forces, hybrid's short list, coul/streitz, fix qeq/slater's matrix, ect/eam's gather) must give the same bits
// from either width, in both kernel builds and on a worker team.

import { afterAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { Interpreter } from '../../host/lammps/interpreter.js';
import { Team } from '../../host/parallel/team.js';
import { Kernel, type KernelKind } from '../../host/wasm/kernel.js';
import { hasLammpsPotentials, LAMMPS_POTENTIALS } from '../helpers/lammps.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Thermo-free run of the deck lines with 3- or 4-byte lists; returns the entry width used, PE, forces and charges
 *  (by tag) at the end. */
const teams: Team[] = [];
afterAll(async () => { for (const t of teams) await t.close(); });

async function run(lines: string[], wide: boolean, kernel: KernelKind, workers = 1) {
  const team = workers > 1 ? await Team.start(workers, kernel) : null;
  if (team) teams.push(team);
  const it = new Interpreter({ kernel, logPath: null, screen: false, team });
  if (wide) it.engine.neighbor.narrowLimit = 0;
  lines.forEach((l, i) => it.line(l, { file: 'deck', line: i + 1 }));
  const e = it.engine, n = e.atoms.n, f = new Float64Array(3 * n), q = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = e.atoms.tag[i] - 1;
    for (let k = 0; k < 3; k++) f[3 * t + k] = e.atoms.f[3 * i + k];
    if (e.atoms.chargesHeld) q[t] = e.atoms.q[i];
  }
  const out = { bytes: e.neighbor.entryBytes, pe: e.pe(), f: Array.from(f), q: Array.from(q), builds: e.neighbor.builds };
  it.close();
  return out;
}

const EAM = ['units metal', 'atom_style atomic', 'lattice fcc 3.6', 'region box prism 0 4 0 4 0 4 0.5 -0.4 0.3', 'create_box 2 box',
  'create_atoms 1 box', 'set type 1 type/fraction 2 0.4 77', 'displace_atoms all random 0.3 0.3 0.3 913 units box',
  'pair_style eam/alloy', 'pair_coeff * * CuNiAl_zjw04.eam.alloy Cu Ni', 'neighbor 2.0 bin', 'neigh_modify every 1 delay 0 check yes',
  'velocity all create 3000 4711', 'fix 1 all nve', 'timestep 0.002', 'run 40'];

const STREITZ = ['units metal', 'atom_style charge', 'lattice fcc 4.05', 'region b block 0 4 0 4 0 4', 'create_box 2 b',
  'create_atoms 1 box', 'set type 1 type/fraction 2 0.5 4711', 'mass * 20', 'set type 1 charge 1.0', 'set type 2 charge -1.0',
  'displace_atoms all random 0.2 0.2 0.2 815 units box',
  'pair_style hybrid/overlay coul/streitz 12.0 wolf 0.31 eam/alloy',
  `pair_coeff * * coul/streitz ${join(LAMMPS_POTENTIALS, 'AlO.streitz')} Al O`,
  `pair_coeff * * eam/alloy ${join(LAMMPS_POTENTIALS, 'AlO.eam.alloy')} Al O`,
  'neighbor 1.0 bin', 'fix q all qeq/slater 1 12.0 1e-6 200 coul/streitz', 'fix 1 all nve', 'timestep 0.0005', 'run 3'];

const ECT = ['units metal', 'atom_style charge', `read_data ${join(ROOT, 'examples', 'ect-alo', 'data.alo')}`,
  'set type 1 charge 3', 'set type 2 charge -2', 'pair_style ect/eam 10.0 dsf 0.2 tol 1e-8',
  `pair_coeff * * ${join(ROOT, 'potentials', 'ect', 'AlO.ect')} Al O`, 'neighbor 1.0 bin', 'fix 1 all nve', 'timestep 0.001', 'run 2'];

describe('skin-list entry width', () => {
  test('list_entry_bytes: 4 at instantiation, 3 or 4 set, anything else only reports', () => {
    const k = new Kernel('scalar').k;
    expect(k.list_entry_bytes(0)).toBe(4);
    expect(k.list_entry_bytes(3)).toBe(4);
    expect(k.list_entry_bytes(5)).toBe(3);
    expect(k.list_entry_bytes(4)).toBe(3);
    expect(k.list_entry_bytes(0)).toBe(4);
  });

  for (const kernel of ['scalar', 'simd'] as const) {
    test(`EAM (CuNi eam/alloy, triclinic, 40 NVE steps, several rebuilds), ${kernel}: 3-byte lists equal 4-byte lists bit for bit`, async () => {
      const narrow = await run(EAM, false, kernel), wide = await run(EAM, true, kernel);
      expect([narrow.bytes, wide.bytes]).toEqual([3, 4]);
      expect(narrow.builds).toBeGreaterThan(1);
      expect(narrow.pe).toBe(wide.pe);
      expect(narrow.f).toEqual(wide.f);
    });
  }

  test('EAM on 2 workers: the ranks build and read 3-byte lists as rank 0 does (equal to one worker\'s 4-byte run)', async () => {
    const team = await run(EAM, false, 'simd', 2), wide = await run(EAM, true, 'simd', 2), serial = await run(EAM, true, 'simd');
    expect([team.bytes, wide.bytes]).toEqual([3, 4]);
    expect(team.pe).toBe(wide.pe);
    expect(team.f).toEqual(wide.f);
    expect(Math.abs(team.pe - serial.pe) / Math.abs(serial.pe)).toBeLessThan(1e-12);
  });

  test.skipIf(!hasLammpsPotentials('AlO.streitz', 'AlO.eam.alloy'))('coul/streitz + eam/alloy (hybrid short list) + fix qeq/slater: 3-byte lists equal 4-byte lists bit for bit', async () => {
    const narrow = await run(STREITZ, false, 'simd'), wide = await run(STREITZ, true, 'simd');
    expect([narrow.bytes, wide.bytes]).toEqual([3, 4]);
    expect(narrow.pe).toBe(wide.pe);
    expect(narrow.f).toEqual(wide.f);
    expect(narrow.q).toEqual(wide.q);
  });

  test('ect/eam: 3-byte lists equal 4-byte lists bit for bit', async () => {
    const narrow = await run(ECT, false, 'simd'), wide = await run(ECT, true, 'simd');
    expect([narrow.bytes, wide.bytes]).toEqual([3, 4]);
    expect(narrow.pe).toBe(wide.pe);
    expect(narrow.f).toEqual(wide.f);
    expect(narrow.q).toEqual(wide.q);
  });
});
