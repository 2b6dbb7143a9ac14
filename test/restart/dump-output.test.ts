// Dump output added with restarts: dump_modify every/first/append and write_dump custom against LAMMPS's own
// files (same snapshots, same steps, values to round-off), and dump/write_dump extxyz read back bitwise by our
// parser and, when python3 has ASE, by ase.io.read.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Interpreter } from '../../host/lammps/interpreter.js';
import { tinyCuDeck } from '../helpers/tiny-cu.js';
import { lmpPath, runEctmd, runLammps } from '../helpers/lammps.js';
import { repoRoot } from '../../scripts/compare-lammps.js';
import { dumpColumn, parseDump, type DumpFrame } from '../../host/io/dump-read.js';
import { parseExtxyz } from '../../host/io/extxyz.js';

const CU = readFileSync(join(repoRoot(), 'potentials', 'eam', 'Cu_zjw04.eam.alloy'), 'utf8');
const FILES = { 'Cu_zjw04.eam.alloy': CU };
const CRYSTAL = `units metal
atom_style atomic
lattice fcc 3.615
region box prism 0 2 0 2 0 2 0.5 0 0 units lattice
create_box 1 box
create_atoms 1 box
pair_style eam/alloy
pair_coeff * * Cu_zjw04.eam.alloy Cu
velocity all create 800 4928459
fix 1 all nve
`;

const DUMP_MODIFY_DECK = `${CRYSTAL}reset_timestep 3
dump d all custom 10 d.dump id type x y z vx vy vz
dump_modify d every 4 first yes append yes sort id format float %.17g
dump e all custom 5 e.dump id type x y
dump_modify e sort id
run 20
dump_modify e every 7
run 10
write_dump all custom w.dump id type x y z fx fy fz modify sort id format float %.17g
`;

const PREVIOUS = 'PREVIOUS CONTENT\n';

function readDump(dir: string, name: string): { prefix: string; frames: DumpFrame[] } {
  const text = readFileSync(join(dir, name), 'utf8');
  const at = text.indexOf('ITEM: TIMESTEP');
  return { prefix: text.slice(0, at), frames: parseDump(text.slice(at), name) };
}

describe.skipIf(!lmpPath())('dump_modify every/first/append and write_dump against LAMMPS', () => {
  test('same snapshots at the same steps, values to round-off', async () => {
    const lmp = (await runLammps(DUMP_MODIFY_DECK, { ...FILES, 'd.dump': PREVIOUS }))!;
    const ect = await runEctmd(DUMP_MODIFY_DECK, { ...FILES, 'd.dump': PREVIOUS });
    for (const name of ['d.dump', 'e.dump', 'w.dump']) {
      const a = readDump(lmp.dir, name), b = readDump(ect.dir, name);
      expect(b.prefix, name).toBe(a.prefix);
      expect(b.frames.map((f) => f.step), name).toEqual(a.frames.map((f) => f.step));
      for (let k = 0; k < a.frames.length; k++) {
        const fa = a.frames[k], fb = b.frames[k];
        expect(fb.columns).toEqual(fa.columns);
        expect(fb.bounds).toEqual(fa.bounds);
        for (const c of fa.columns) {
          const va = dumpColumn(fa, c, name), vb = dumpColumn(fb, c, name);
          for (let i = 0; i < va.length; i++) expect(Math.abs(vb[i] - va[i]), `${name} step ${fa.step} ${c}[${i}]`).toBeLessThan(1e-9);
        }
      }
    }
    expect(readDump(ect.dir, 'd.dump').prefix).toBe(PREVIOUS);
    expect(readDump(ect.dir, 'd.dump').frames.map((f) => f.step)).toEqual([3, 4, 8, 12, 16, 20, 24, 28, 32]);
  }, 120_000);
});

const EXTXYZ_DECK = `${CRYSTAL}dump x all extxyz 5 run.xyz vel forces
dump_modify x element Cu sort id
run 10
write_dump all extxyz one.xyz vel forces modify element Cu sort id
write_dump all custom one.dump id type x y z vx vy vz fx fy fz modify sort id format float %.17g
`;

describe('extxyz', () => {
  test('round trip through our parser: frames, lattice, Step/Time, pos/vel/forces bitwise', async () => {
    const r = await runEctmd(EXTXYZ_DECK, FILES);
    const frames = parseExtxyz(readFileSync(join(r.dir, 'run.xyz'), 'utf8'), 'run.xyz');
    expect(frames.map((f) => f.info.get('Step'))).toEqual(['0', '5', '10']);
    expect(frames.map((f) => Number(f.info.get('Time')))).toEqual([0, 0.005, 0.01]);
    const one = parseExtxyz(readFileSync(join(r.dir, 'one.xyz'), 'utf8'), 'one.xyz');
    expect(one).toHaveLength(1);
    const f = one[0];
    expect(f.info.get('units')).toBe('metal');
    expect(f.info.get('pbc')).toBe('T T T');
    expect(f.info.get('Properties')).toBe('species:S:1:pos:R:3:vel:R:3:forces:R:3');
    expect(Number.isFinite(Number(f.info.get('energy')))).toBe(true);
    const ref = parseDump(readFileSync(join(r.dir, 'one.dump'), 'utf8'), 'one.dump')[0];
    const a = 2 * 3.615;
    expect(f.lattice).toEqual([[a, 0, 0], [0.5 * 3.615, a, 0], [0, 0, a]]);
    expect(f.species).toEqual(Array(ref.natoms).fill('Cu'));
    for (const [prop, cols] of [['pos', ['x', 'y', 'z']], ['vel', ['vx', 'vy', 'vz']], ['forces', ['fx', 'fy', 'fz']]] as const) {
      const got = f.arrays.get(prop)!;
      cols.forEach((c, k) => {
        const want = dumpColumn(ref, c, 'one.dump');
        for (let i = 0; i < want.length; i++) expect(got[3 * i + k]).toBe(want[i]);
      });
    }
    // the last frame of the run and write_dump after it describe the same state
    expect(frames[2].arrays.get('pos')).toEqual(f.arrays.get('pos'));
  }, 60_000);

  // the first python with ASE: PATH's python3, or Debian's (apt-get install python3-ase); CI sets ECTMD_REQUIRE_ASE=1
  const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import ase'], { encoding: 'utf8' }).status === 0);
  if (!python) {
    if (process.env.ECTMD_REQUIRE_ASE === '1') throw new Error('ECTMD_REQUIRE_ASE=1 but neither python3 nor /usr/bin/python3 imports ase');
    console.warn('no python with ASE (import ase failed): skipping the extxyz check through ase.io.read');
  }
  test.skipIf(!python)('ase.io.read reads every frame with cell, positions, velocities and forces', async () => {
    const r = await runEctmd(EXTXYZ_DECK, FILES);
    const script = `import ase.io, json
fr = ase.io.read('run.xyz', index=':')
print(json.dumps([[a.get_chemical_symbols()[0], len(a), a.cell.tolist(), a.positions[0].tolist(), a.get_forces()[0].tolist()] for a in fr]))`;
    writeFileSync(join(r.dir, 'read.py'), script);
    const py = spawnSync(python!, ['read.py'], { cwd: r.dir, encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const got = JSON.parse(py.stdout) as Array<[string, number, number[][], number[], number[]]>;
    const ours = parseExtxyz(readFileSync(join(r.dir, 'run.xyz'), 'utf8'), 'run.xyz');
    expect(got).toHaveLength(ours.length);
    got.forEach(([el, n, cell, pos, force], k) => {
      expect([el, n]).toEqual(['Cu', ours[k].species.length]);
      expect(cell).toEqual(ours[k].lattice);
      expect(pos).toEqual([...ours[k].arrays.get('pos')!.subarray(0, 3)]);
      expect(force).toEqual([...ours[k].arrays.get('forces')!.subarray(0, 3)]);
    });
  }, 60_000);

  test('dump extxyz without dump_modify element is an error naming the dump command', () => {
    return runEctmd(`${CRYSTAL}dump x all extxyz 5 run.xyz\nrun 0\n`, FILES).then(
      () => { throw new Error('expected a failure'); },
      (err: Error) => expect(err.message).toMatch(/in\.deck:11: Dump extxyz x needs element names \(dump_modify x element \.\.\.\): expected 1 names, one per atom type, found none/),
    );
  }, 60_000);
});

describe('a non-finite value is never written to a dump or data file', () => {
  // in process: velocities no command can make infinite any more are set directly
  const dir = mkdtempSync(join(tmpdir(), 'ectmd-nonfinite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const deck = (): Interpreter => {
    const it = tinyCuDeck();
    it.engine.atoms.v[4] = Infinity;
    return it;
  };

  test.each([
    ['write_dump custom', `write_dump all custom ${join(dir, 'a.dump')} id vx vy vz`, /in\.deck:7: Non-finite value in dump write_dump: expected a finite vy for atom 2 at step 0, found Infinity/, 'a.dump'],
    ['write_dump extxyz', `write_dump all extxyz ${join(dir, 'a.xyz')} vel modify element Cu`, /in\.deck:7: Non-finite value in an output file: expected a finite number, found Infinity/, 'a.xyz'],
    ['write_data', `write_data ${join(dir, 'a.data')}`, /in\.deck:7: Non-finite value in an output file: expected a finite number, found Infinity/, 'a.data'],
  ])('%s stops at its line and writes no file', (_what, line, message, file) => {
    expect(() => deck().line(line, { file: 'in.deck', line: 7 })).toThrow(message);
    expect(existsSync(join(dir, file))).toBe(false);
  });
});
