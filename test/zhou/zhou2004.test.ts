// The Zhou–Johnson–Wadley (2004) EAM that ectmd generates: the shipped setfl files are exactly what the script
// writes, read back exactly, F(rho) is smooth where its pieces meet, fcc lattice sums reproduce the fitted a0, Ec, B,
// and the analytic forms reproduce LAMMPS's own Zhou tabulations (Cu_zhou, Al_zhou: the 2001 parameters).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { readSetfl } from '../../host/potentials/eam-files.js';
import { buildSetflTables, evalF, evalPhi, evalRho } from '../../host/potentials/eam-tables.js';
import { createToolGrid, F, phi, phiAlloy, rho, setflText, TABLE_R_MIN, ZJW04, zhouParameters, type ZhouParameters } from '../../host/potentials/zhou2004.js';
import { POTENTIAL_FILES, potentialText } from '../../scripts/make-potentials.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHIPPED = join(ROOT, 'potentials', 'eam');
const EV_PER_A3_IN_GPA = 160.21766208;

/** One element's EAM as the lattice sum needs it, whether analytic or from spline tables. */
interface Eam {
  density(r: number): number;
  pair(r: number): number;
  embed(rho: number): number;
}

const analytic = (el: string | ZhouParameters): Eam => ({ density: (r) => rho(el, r), pair: (r) => phi(el, r), embed: (x) => F(el, x) });

/** Type `type` of a setfl file through the LAMMPS-exact spline tables, i.e. what the engine computes. */
function splined(text: string, path: string, type: number): Eam {
  const file = readSetfl(text, path);
  const n = file.elements.length;
  const t = buildSetflTables(file, Int32Array.from({ length: n + 1 }, (_, k) => k - 1), n);
  return { density: (r) => evalRho(t, type, type, r), pair: (r) => evalPhi(t, type, type, r).phi, embed: (x) => evalF(t, type, x).F };
}

/** fcc neighbour shells as (i²+j²+k², count) over lattice vectors (a/2)(i, j, k) with i+j+k even. */
function fccShells(maxS: number): Array<{ s: number; n: number }> {
  const counts = new Map<number, number>();
  const m = Math.ceil(Math.sqrt(maxS));
  for (let i = -m; i <= m; i++) {
    for (let j = -m; j <= m; j++) {
      for (let k = -m; k <= m; k++) {
        const s = i * i + j * j + k * k;
        if ((i + j + k) % 2 === 0 && s > 0 && s <= maxS) counts.set(s, (counts.get(s) ?? 0) + 1);
      }
    }
  }
  return [...counts].sort((x, y) => x[0] - y[0]).map(([s, n]) => ({ s, n }));
}

/**
 * Equilibrium of fcc from E(a) = F(Σ n f(r)) + ½ Σ n phi(r) over the shells inside `cut` at aRef (held fixed so
 * no shell crosses the cutoff while a varies): a0 by golden section, Ec = -E(a0), B = V E''(a0) / (dV/da)², V = a³/4.
 */
function fccCrystal(m: Eam, aRef: number, cut: number): { a0: number; ec: number; bGPa: number; shells: number } {
  const shells = fccShells(Math.ceil((4 * cut * cut) / (aRef * aRef))).filter((sh) => (Math.sqrt(sh.s) * aRef) / 2 < cut);
  const energy = (a: number): number => {
    let density = 0;
    let pair = 0;
    for (const { s, n } of shells) {
      const r = (Math.sqrt(s) * a) / 2;
      density += n * m.density(r);
      pair += n * m.pair(r);
    }
    return m.embed(density) + 0.5 * pair;
  };
  const golden = (Math.sqrt(5) - 1) / 2;
  let lo = 0.97 * aRef;
  let hi = 1.03 * aRef;
  while (hi - lo > 1e-9 * aRef) {
    const x1 = hi - golden * (hi - lo);
    const x2 = lo + golden * (hi - lo);
    if (energy(x1) < energy(x2)) hi = x2;
    else lo = x1;
  }
  const a0 = 0.5 * (lo + hi);
  const h = 1e-3 * a0;
  const d2 = (energy(a0 + h) - 2 * energy(a0) + energy(a0 - h)) / (h * h);
  const dVda = (3 * a0 * a0) / 4;
  return { a0, ec: -energy(a0), bGPa: (((a0 ** 3) / 4) * d2 * EV_PER_A3_IN_GPA) / (dVda * dVda), shells: shells.length };
}

const relative = (x: number, ref: number): number => Math.abs(x / ref - 1);

/** First line where two texts differ, for a readable failure instead of a 150 kB diff. */
function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  const k = la.findIndex((line, i) => line !== lb[i]);
  return k < 0 ? (la.length === lb.length ? 'none' : `line count ${la.length} vs ${lb.length}`) : `line ${k + 1}: '${la[k]}' vs '${lb[k]}'`;
}

describe('the shipped potentials/eam files', () => {
  test.each(POTENTIAL_FILES.map((f) => [f.name, f.elements] as const))('regenerating %s gives the committed bytes', (name, elements) => {
    const committed = readFileSync(join(SHIPPED, name), 'utf8');
    expect(firstDifference(potentialText(elements), committed)).toBe('none');
  });

  test('ectmd reads CuNiAl back without warnings and recovers every tabulated value exactly', () => {
    const path = join(SHIPPED, 'CuNiAl_zjw04.eam.alloy');
    const file = readSetfl(readFileSync(path, 'utf8'), path);
    expect(file.warnings).toEqual([]);
    expect(file.elements).toEqual(['Cu', 'Ni', 'Al']);
    expect(file.comments[0]).toContain('Phys. Rev. B 69, 144113 (2004)');
    expect(file.comments[1]).toContain('generated by ectmd');
    expect({ nrho: file.nrho, drho: file.drho, nr: file.nr, dr: file.dr, cut: file.cut }).toEqual(createToolGrid(['Cu', 'Ni', 'Al']));
    const r = (k: number) => Math.max(k * file.dr, TABLE_R_MIN);
    let mismatches = 0;
    file.elements.forEach((el, i) => {
      expect(file.mass[i]).toBe(ZJW04[el].mass);
      expect(file.lattice[i]).toBe(ZJW04[el].latticeConstant);
      for (let k = 0; k < file.nrho; k++) if (file.frho[i][k] !== F(el, k * file.drho)) mismatches++;
      for (let k = 0; k < file.nr; k++) if (file.rhor[i][0][k] !== rho(el, r(k))) mismatches++;
      for (let j = 0; j <= i; j++) {
        for (let k = 0; k < file.nr; k++) if (file.z2r[i][j][k] !== r(k) * phiAlloy(el, file.elements[j], r(k))) mismatches++;
      }
    });
    expect(mismatches).toBe(0);
  });

  test('the Cu grid is create.f\'s: 2000 points, cutoff sqrt(10)/2 a0, densities up to 100', () => {
    const grid = createToolGrid(['Cu']);
    expect(grid.nr).toBe(2000);
    expect(grid.nrho).toBe(2000);
    expect(grid.cut).toBeCloseTo((Math.sqrt(10) / 2) * ZJW04.Cu.latticeConstant, 12);
    expect(grid.dr * (grid.nr - 1)).toBeCloseTo(grid.cut, 12);
    expect(grid.drho * (grid.nrho - 1)).toBeCloseTo(100, 10);
  });
});

describe('the analytic model', () => {
  test.each(Object.keys(ZJW04))('F(rho) of %s is continuous with a continuous slope where its three pieces meet', (el) => {
    const p = ZJW04[el];
    // the parameters are printed to 6 decimals, so the pieces meet to ~1e-6 eV; a typo shows as >= 1e-4
    for (const edge of [p.rhoNFactor * p.rhoe, 1.15 * p.rhoe]) {
      const h = 1e-5 * p.rhoe;
      const below = edge * (1 - 1e-12);
      expect(Math.abs(F(el, edge) - F(el, below))).toBeLessThan(2e-6);
      const slopeBelow = (F(el, below) - F(el, below - h)) / h;
      const slopeAbove = (F(el, edge + h) - F(el, edge)) / h;
      expect(Math.abs(slopeAbove - slopeBelow)).toBeLessThan(2e-5);
    }
  });

  test('F has its minimum F0 with zero slope at rho_e, and F(0) = 0 to the printed precision', () => {
    for (const el of ['Cu', 'Ni', 'Al']) {
      const p = ZJW04[el];
      expect(F(el, p.rhoe)).toBe(p.F[0]);
      expect(F(el, 0.999 * p.rhoe)).toBeGreaterThan(p.F[0]);
      expect(F(el, 1.001 * p.rhoe)).toBeGreaterThan(p.F[0]);
      expect(Math.abs(F(el, 0))).toBeLessThan(2e-6);
    }
  });

  test('the alloy pair is symmetric, is phi for equal elements, and weights each pair by the density ratio', () => {
    for (const r of [1.0, 2.5, 3.6, 5.0]) {
      expect(phiAlloy('Cu', 'Ni', r)).toBe(phiAlloy('Ni', 'Cu', r));
      expect(phiAlloy('Al', 'Al', r)).toBe(phi('Al', r));
      // an element with Cu's pair and twice Cu's density: phi_ab = ½(2·phi + ½·phi) = 1.25·phi
      const denseCu: ZhouParameters = { ...ZJW04.Cu, fe: 2 * ZJW04.Cu.fe };
      expect(phiAlloy('Cu', denseCu, r)).toBeCloseTo(1.25 * phi('Cu', r), 13);
    }
  });

  test('an unknown element or a bad grid is an error saying what was expected', () => {
    expect(() => phi('Xx', 2.5)).toThrow(/Unknown element for the Zhou-Johnson-Wadley 2004 EAM: expected one of Cu Ag Au Ni .*found 'Xx'/);
    const grid = createToolGrid(['Cu']);
    expect(() => setflText(['Cu'], { ...grid, nr: 2.5, comment: '' })).toThrow(/nr: expected an integer >= 5, found 2.5/);
    expect(() => setflText(['Cu'], { ...grid, dr: -1, comment: '' })).toThrow(/dr: expected a positive number, found -1/);
    expect(() => setflText(['Cu', 'Cu'], { ...grid, comment: '' })).toThrow(/expected each element once, found 'Cu' twice/);
    expect(() => setflText(['Cu'], { ...grid, comment: 'two\nlines' })).toThrow(/comment: expected a single line/);
  });
});

describe('fcc lattice sums reproduce the fitted lattice constant, cohesive energy and bulk modulus', () => {
  // tolerances: a0 and Ec within 0.5 %, B within 5 % (Al's fit misses its B by 4 %, the others by < 0.5 %)
  const cases = ['Cu', 'Ni', 'Al', 'Ag', 'Au', 'Pd', 'Pt'].map((el) => [el] as const);

  test.each(cases)('%s from the analytic functions within create.f\'s cutoff', (el) => {
    const p = zhouParameters(el);
    const c = fccCrystal(analytic(el), p.latticeConstant, createToolGrid([el]).cut);
    console.info(`${el} analytic (${c.shells} shells): a0 ${c.a0.toFixed(5)} A (${p.latticeConstant.toFixed(5)}), Ec ${c.ec.toFixed(5)} eV (${p.cohesiveEnergy}), B ${c.bGPa.toFixed(1)} GPa (${p.bulkModulus})`);
    expect(c.shells).toBe(4);
    expect(relative(c.a0, p.latticeConstant)).toBeLessThan(0.005);
    expect(relative(c.ec, p.cohesiveEnergy!)).toBeLessThan(0.005);
    expect(relative(c.bGPa, p.bulkModulus!)).toBeLessThan(0.05);
  });

  test.each([['Cu', 'Cu_zjw04.eam.alloy', 1], ['Ni', 'CuNiAl_zjw04.eam.alloy', 2], ['Al', 'CuNiAl_zjw04.eam.alloy', 3]] as const)(
    '%s from the shipped %s through LAMMPS-exact splines', (el, name, type) => {
      const p = zhouParameters(el);
      const path = join(SHIPPED, name);
      const c = fccCrystal(splined(readFileSync(path, 'utf8'), path, type), p.latticeConstant, readSetfl(readFileSync(path, 'utf8'), path).cut);
      console.info(`${el} from ${name}: a0 ${c.a0.toFixed(5)} A, Ec ${c.ec.toFixed(5)} eV, B ${c.bGPa.toFixed(1)} GPa`);
      const exact = fccCrystal(analytic(el), p.latticeConstant, createToolGrid([el]).cut);
      expect(relative(c.a0, exact.a0)).toBeLessThan(1e-4);
      expect(relative(c.ec, exact.ec)).toBeLessThan(1e-5);
      expect(relative(c.bGPa, exact.bGPa)).toBeLessThan(0.01);
      expect(relative(c.ec, p.cohesiveEnergy!)).toBeLessThan(0.005);
    });
});

// LAMMPS ships Zhou-form Cu and Al tables (G. Ziegenhain, 2007) made from X. W. Zhou et al., Acta Mater. 49, 4005
// (2001): same analytic forms, different parameters. These are that paper's Cu and Al sets, not LAMMPS output.
const ZHOU2001: Record<'Cu' | 'Al', ZhouParameters> = {
  Cu: { ...ZJW04.Cu, rhoe: 22.150141, rhos: 22.150141, alpha: 7.669911, beta: 4.090619, A: 0.327584, B: 0.468735, kappa: 0.431307, lambda: 0.862140,
    Fn: [-2.176490, -0.140035, 0.285621, -1.750834], F: [-2.19, 0.0, 0.702991, 0.683705], eta: 0.921150, Fe: -2.191675 },
  Al: { ...ZJW04.Al, re: 2.886166, fe: 1.392302, rhoe: 20.226537, rhos: 20.226537, alpha: 6.942419, beta: 3.702623, A: 0.251519, B: 0.313394,
    kappa: 0.395132, lambda: 0.790264, Fn: [-2.806783, -0.276173, 0.893409, -1.637201], F: [-2.83, 0.0, 0.929508, -0.682320], eta: 0.779208, Fe: -2.829437 },
};
const LAMMPS_DIRS = [process.env.LAMMPS_POTENTIALS, '/usr/share/lammps/potentials'].filter((d): d is string => d !== undefined);
const lammpsDir = LAMMPS_DIRS.find((d) => existsSync(join(d, 'Cu_zhou.eam.alloy')) && existsSync(join(d, 'Al_zhou.eam.alloy')));
if (lammpsDir === undefined) console.warn(`LAMMPS's Cu_zhou.eam.alloy / Al_zhou.eam.alloy not found in ${LAMMPS_DIRS.join(', ')}: skipping the comparison with them`);

describe.skipIf(lammpsDir === undefined)('LAMMPS\'s Cu_zhou and Al_zhou tables', () => {
  const lammps = (el: 'Cu' | 'Al') => {
    const path = join(lammpsDir!, `${el}_zhou.eam.alloy`);
    return { path, text: readFileSync(path, 'utf8') };
  };

  test.each(['Cu', 'Al'] as const)('our analytic forms with the 2001 %s parameters reproduce every LAMMPS table value to 1e-13', (el) => {
    const { path, text } = lammps(el);
    const file = readSetfl(text, path);
    const p = ZHOU2001[el];
    let worst = 0;
    const compare = (ours: number, theirs: number) => { worst = Math.max(worst, Math.abs(ours - theirs) / Math.max(1, Math.abs(theirs))); };
    for (let k = 0; k < file.nrho; k++) compare(F(p, k * file.drho), file.frho[0][k]);
    for (let k = 0; k < file.nr; k++) {
      compare(rho(p, k * file.dr), file.rhor[0][0][k]);
      compare(k * file.dr * phi(p, k * file.dr), file.z2r[0][0][k]);
    }
    expect(worst).toBeLessThan(1e-13);
    // the 2004 parameters are a different fit: report how far their tables are from LAMMPS's on LAMMPS's grid
    let dRho = 0, dZ2r = 0, dF = 0;
    for (let k = 1; k < file.nr; k++) {
      const r = k * file.dr;
      if (r < 1.5) continue;
      dRho = Math.max(dRho, Math.abs(rho(el, r) - file.rhor[0][0][k]));
      dZ2r = Math.max(dZ2r, Math.abs(r * phi(el, r) - file.z2r[0][0][k]));
    }
    for (let k = 0; k < file.nrho; k++) dF = Math.max(dF, Math.abs(F(el, k * file.drho) - file.frho[0][k]));
    console.info(`${el}: 2004 vs LAMMPS ${el}_zhou (2001) for r >= 1.5 A: max |d rho| ${dRho.toFixed(3)}, max |d r*phi| ${dZ2r.toFixed(3)} eV A, max |d F| ${dF.toFixed(3)} eV`);
  });

  test('LAMMPS\'s 2001 Cu and our 2004 Cu describe the same fcc crystal; the two Al fits share only Ec', () => {
    const result = (el: 'Cu' | 'Al') => {
      const { path, text } = lammps(el);
      const ref = fccCrystal(splined(text, path, 1), Math.SQRT2 * ZHOU2001[el].re, readSetfl(text, path).cut);
      const ours = fccCrystal(analytic(el), ZJW04[el].latticeConstant, createToolGrid([el]).cut);
      console.info(`${el}: LAMMPS ${el}_zhou a0 ${ref.a0.toFixed(5)} Ec ${ref.ec.toFixed(4)} B ${ref.bGPa.toFixed(1)} | 2004 a0 ${ours.a0.toFixed(5)} Ec ${ours.ec.toFixed(4)} B ${ours.bGPa.toFixed(1)}`);
      return { ref, ours };
    };
    const cu = result('Cu');
    expect(relative(cu.ours.a0, cu.ref.a0)).toBeLessThan(5e-4);
    expect(relative(cu.ours.ec, cu.ref.ec)).toBeLessThan(1e-3);
    expect(relative(cu.ours.bGPa, cu.ref.bGPa)).toBeLessThan(0.01);
    const al = result('Al');
    expect(relative(al.ours.ec, al.ref.ec)).toBeLessThan(1e-3);
    expect(relative(al.ours.a0, al.ref.a0)).toBeGreaterThan(0.005);
  });
});
