// The short list of a hybrid style (Neighbor.list, kernel list_shorten): eam/alloy inside hybrid/overlay with
// coul/streitz (8.4 Å against 12 Å) walks a list of its own taken from the long one at each build. It must hold exactly
// the long list's pairs within its cutoff plus the skin, in the long list's order, so that the EAM sums, and with them
// every result, are bitwise those of the long list.

import { describe, expect, test } from 'vitest';
import { Interpreter } from '../../host/lammps/interpreter.js';
import type { Engine } from '../../host/engine/engine.js';
import { hasLammpsPotentials, LAMMPS_POTENTIALS } from '../helpers/lammps.js';
import { join } from 'node:path';

function engine(shortList: boolean): Engine {
  const it = new Interpreter({ kernel: 'simd', logPath: null, screen: false });
  const deck = ['units metal', 'atom_style charge', 'lattice fcc 4.05', 'region b block 0 5 0 5 0 5', 'create_box 2 b',
    'create_atoms 1 box', 'set type 1 type/fraction 2 0.5 4711', 'mass * 20', 'set type 1 charge 1.0', 'set type 2 charge -1.0',
    'displace_atoms all random 0.2 0.2 0.2 815 units box',
    'pair_style hybrid/overlay coul/streitz 12.0 wolf 0.31 eam/alloy',
    `pair_coeff * * coul/streitz ${join(LAMMPS_POTENTIALS, 'AlO.streitz')} Al O`,
    `pair_coeff * * eam/alloy ${join(LAMMPS_POTENTIALS, 'AlO.eam.alloy')} Al O`];
  deck.forEach((l, i) => it.line(l, { file: 'deck', line: i + 1 }));
  if (!shortList) {
    const pair = it.engine.pair!;
    pair.shortListCutoff = () => 0;
  }
  it.line('run 0', { file: 'deck', line: deck.length + 1 });
  return it.engine;
}

describe.skipIf(!hasLammpsPotentials('AlO.streitz', 'AlO.eam.alloy'))('short list of hybrid/overlay', () => {
  test('holds the long list\'s pairs within cutoff + skin, in order, and is shorter', () => {
    const e = engine(true), nb = e.neighbor, a = e.arena, n = nb.nlocal;
    expect(nb.list(8.5)).toEqual(['offs', 'idx']); // longer than the short list's cutoff: the long list
    const [so, si] = nb.list(nb.shortCut);
    expect(so).toBe('offs:short');
    const offs = a.i32('offs', n + 1), idx = nb.entries(), offs2 = a.i32(so, n + 1), idx2 = nb.entries(si);
    const x = a.f64('xhold', 3 * n), xa = a.f64('x', 3 * (n + nb.nghost));
    const cs = (nb.shortCut + nb.settings.skin) ** 2;
    let c = 0;
    for (let i = 0; i < n; i++) {
      expect(offs2[i]).toBe(c);
      for (let k = offs[i]; k < offs[i + 1]; k++) {
        const j = idx[k];
        const d2 = (x[3 * i] - xa[3 * j]) ** 2 + (x[3 * i + 1] - xa[3 * j + 1]) ** 2 + (x[3 * i + 2] - xa[3 * j + 2]) ** 2;
        if (d2 <= cs) { expect(idx2[c]).toBe(j); c++; }
      }
    }
    expect(offs2[n]).toBe(c);
    console.log(`short list: ${c} of ${offs[n]} pairs (cutoff ${nb.shortCut} + skin ${nb.settings.skin})`);
    expect(c).toBeLessThan(0.6 * offs[n]);
    expect(c).toBeGreaterThan(0);
  });

  // (the team's shared passes walk the same lists: test/parallel/streitz.test.ts runs this hybrid on 2 and 3 workers)
  test('energies and forces bitwise those of the long list', () => {
    const s = engine(true), l = engine(false);
    expect(s.neighbor.list(s.neighbor.shortCut)[0]).toBe('offs:short');
    expect(l.neighbor.list(s.neighbor.shortCut)[0]).toBe('offs');
    expect(s.pe()).toBe(l.pe());
    const n = s.atoms.n;
    expect(Array.from(s.atoms.f.subarray(0, 3 * n))).toEqual(Array.from(l.atoms.f.subarray(0, 3 * n)));
    expect(Array.from(s.virial)).toEqual(Array.from(l.virial));
  });
});
