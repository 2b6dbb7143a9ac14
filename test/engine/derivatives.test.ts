// The EAM force field is self-consistent without LAMMPS: forces are minus the finite-difference gradient
// of the energy, the virial is minus the strain derivative, per-atom energies and virials add up to the
// totals, and the SIMD and scalar kernels give bitwise-identical results. Runs on the potentials ectmd
// ships (potentials/eam), in orthogonal and triclinic cells, for one-type and three-type systems.

import { describe, expect, test } from 'vitest';
import { Interpreter } from '../../host/lammps/interpreter.js';
import type { Engine } from '../../host/engine/engine.js';
import type { KernelKind } from '../../host/wasm/kernel.js';
import { strained } from '../helpers/strain.js';

interface Setup { name: string; deck: string[] }

const SETUPS: Setup[] = [
  {
    name: 'Cu eam/alloy, orthogonal, one type (single-type fast path)',
    deck: [
      'units metal', 'atom_style atomic', 'lattice fcc 3.615', 'region box block 0 3 0 3 0 3', 'create_box 1 box',
      'create_atoms 1 box', 'displace_atoms all random 0.15 0.15 0.15 4711 units box',
      'pair_style eam/alloy', 'pair_coeff * * Cu_zjw04.eam.alloy Cu',
    ],
  },
  {
    name: 'Cu/Ni/Al eam/alloy, triclinic, three types',
    deck: [
      'units metal', 'atom_style atomic', 'lattice fcc 3.6', 'region box prism 0 3 0 3 0 3 0.4 -0.3 0.2', 'create_box 3 box',
      'create_atoms 1 box', 'set type 1 type/fraction 2 0.3 99', 'set type 1 type/fraction 3 0.3 98',
      'displace_atoms all random 0.2 0.2 0.2 1234 units box',
      'pair_style eam/alloy', 'pair_coeff * * CuNiAl_zjw04.eam.alloy Cu Ni Al',
    ],
  },
];

function makeEngine(deck: string[], kernel: KernelKind = 'simd'): Engine {
  const it = new Interpreter({ kernel, logPath: null, screen: false });
  deck.forEach((line, i) => it.line(line, { file: 'deck', line: i + 1 }));
  it.line('run 0', { file: 'deck', line: deck.length + 1 });
  return it.engine;
}

/** Energy (and the tallies) at the engine's current positions and box, with a fresh neighbour list. */
function evaluate(e: Engine, want = { eatom: true, vatom: true }): number {
  e.neighbor.build(e.atoms, e.box!);
  e.computeForces(want);
  return e.pe();
}

describe.each(SETUPS)('$name', ({ deck }) => {
  test('forces are minus the central-difference gradient of the energy (h = 1e-5 A)', () => {
    const e = makeEngine(deck);
    const n = e.atoms.n;
    evaluate(e);
    const f = e.atoms.f.slice(0, 3 * n);
    const h = 1e-5;
    let worst = 0, fmax = 0;
    for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 17))) {
      for (let k = 0; k < 3; k++) {
        const x0 = e.atoms.x[3 * i + k];
        e.atoms.x[3 * i + k] = x0 + h;
        const ep = evaluate(e, { eatom: false, vatom: false });
        e.atoms.x[3 * i + k] = x0 - h;
        const em = evaluate(e, { eatom: false, vatom: false });
        e.atoms.x[3 * i + k] = x0;
        const fd = -(ep - em) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - f[3 * i + k]));
        fmax = Math.max(fmax, Math.abs(f[3 * i + k]));
      }
    }
    expect(fmax).toBeGreaterThan(0.1); // the displaced crystal has real forces
    expect(worst).toBeLessThan(2e-7);
  });

  test('virial is minus the strain derivative of the energy, all six components', () => {
    const e = makeEngine(deck);
    const n = e.atoms.n;
    evaluate(e);
    const w = [...e.virial];
    const box0 = e.box!.clone(), x0 = e.atoms.x.slice(0, 3 * n);
    const h = 1e-6;
    // Voigt order xx yy zz yz xz xy against ectmd's virial order xx yy zz xy xz yz
    const slot = [0, 1, 2, 5, 4, 3];
    for (let v = 0; v < 6; v++) {
      const energies = [h, -h].map((eps) => {
        const s = strained(box0, x0, n, v, eps);
        e.box = s.box;
        e.atoms.x.set(s.x);
        return evaluate(e, { eatom: false, vatom: false });
      });
      const fd = -(energies[0] - energies[1]) / (2 * h);
      expect(Math.abs(fd - w[slot[v]])).toBeLessThan(1e-5 * Math.max(1, Math.abs(w[slot[v]])));
    }
    e.box = box0;
    e.atoms.x.set(x0);
  });

  test('per-atom energies sum to pe and per-atom virials to the global virial', () => {
    const e = makeEngine(deck);
    const pe = evaluate(e);
    const sumE = e.eatom!.reduce((s, x) => s + x, 0);
    expect(Math.abs(sumE - pe)).toBeLessThan(1e-10 * Math.abs(pe));
    for (let c = 0; c < 6; c++) {
      let s = 0;
      for (let i = 0; i < e.atoms.n; i++) s += e.vatom![6 * i + c];
      expect(Math.abs(s - e.virial[c])).toBeLessThan(1e-9 * Math.max(1, Math.abs(e.virial[c])));
    }
  });

  test('SIMD and scalar kernels agree bitwise on energy, forces, virial and tallies', () => {
    const a = makeEngine(deck, 'simd'), b = makeEngine(deck, 'scalar');
    expect(a.kernel.kind).toBe('simd');
    expect(b.kernel.kind).toBe('scalar');
    expect(evaluate(a)).toBe(evaluate(b));
    expect(Array.from(a.atoms.f.slice(0, 3 * a.atoms.n))).toEqual(Array.from(b.atoms.f.slice(0, 3 * b.atoms.n)));
    expect([...a.virial]).toEqual([...b.virial]);
    expect(Array.from(a.eatom!)).toEqual(Array.from(b.eatom!));
    expect(Array.from(a.vatom!)).toEqual(Array.from(b.vatom!));
  });

  test('translating every atom by a lattice-incommensurate vector changes nothing but rounding', () => {
    const e = makeEngine(deck);
    const n = e.atoms.n;
    const pe0 = evaluate(e);
    const f0 = e.atoms.f.slice(0, 3 * n);
    for (let i = 0; i < n; i++) { e.atoms.x[3 * i] += 0.37; e.atoms.x[3 * i + 1] -= 1.91; e.atoms.x[3 * i + 2] += 2.3; }
    const pe1 = evaluate(e);
    expect(Math.abs(pe1 - pe0)).toBeLessThan(1e-11 * Math.abs(pe0));
    let sum = [0, 0, 0];
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) {
      expect(Math.abs(e.atoms.f[3 * i + k] - f0[3 * i + k])).toBeLessThan(1e-11);
      sum[k] += e.atoms.f[3 * i + k];
    }
    // Newton's third law: the net force vanishes
    for (const s of sum) expect(Math.abs(s)).toBeLessThan(1e-10);
  });
});
