// Cost of fix qeq/ensemble on LAMMPS's α-Al2O3 Streitz–Mintmire example (2160 atoms, coul/streitz wolf 0.31 R_c 12 +
// eam/alloy, 300 K, 0.4 fs): per MD step, iterations, reductions and wall time of each solve, the matrix build and one
// energy+gradient evaluation alone, one force evaluation, and fix qeq/slater on the same run for comparison.
// Usage: npm run build && node dist/scripts/bench-qeq-ensemble.js [--steps N] [--tol T]
// (data from $ECTMD_REFERENCE or the project's test/reference/lammps, potentials from $LAMMPS_POTENTIALS or Debian's.)

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './bench-common.js';
import { Interpreter } from '../host/lammps/interpreter.js';
import type { FixQEqEnsemble, QEqEnsembleStats } from '../host/fix/qeq-ensemble.js';

const arg = (name: string, dflt: string) => { const k = process.argv.indexOf(name); return k > 0 ? process.argv[k + 1] : dflt; };
const steps = Number(arg('--steps', '20')), tol = arg('--tol', '1e-6');

const ref = process.env.ECTMD_REFERENCE ?? join(projectRoot, 'test', 'reference', 'lammps');
const pots = process.env.LAMMPS_POTENTIALS ?? '/usr/share/lammps/potentials';
if (!existsSync(join(ref, 'data.streitz'))) throw new Error(`no ${join(ref, 'data.streitz')}: set ECTMD_REFERENCE`);

function deck(fix: string): Interpreter {
  const it = new Interpreter({ kernel: 'simd', logPath: null, screen: false });
  ['units metal', 'atom_style charge', `read_data ${join(ref, 'data.streitz')}`, 'set type 1 charge 2.8', 'set type 2 charge -1.866666666666667',
    'pair_style hybrid/overlay coul/streitz 12.0 wolf 0.31 eam/alloy',
    `pair_coeff * * coul/streitz ${join(pots, 'AlO.streitz')} Al O`, `pair_coeff * * eam/alloy ${join(pots, 'AlO.eam.alloy')} Al O`,
    'mass 1 26.98', 'mass 2 16.00', 'neighbor 1.0 bin', 'timestep 0.0004', 'velocity all create 300 4928459 rot yes dist gaussian',
    fix, 'fix 1 all nve', `thermo ${steps}`].forEach((l, i) => it.line(l, { file: 'bench', line: i + 1 }));
  return it;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rows: string[] = [];
for (const options of ['', 'warm no', 'solver cg', 'solver cg warm no']) {
  const it = deck(`fix q all qeq/ensemble 1 ${tol} 1000 ${options}`);
  const fix = it.getFix('q') as FixQEqEnsemble, solve = fix.preForce.bind(fix), stats: QEqEnsembleStats[] = [];
  fix.preForce = (e, setup) => { solve(e, setup); stats.push({ ...fix.stats }); };
  const t0 = performance.now();
  it.line(`run ${steps}`, { file: 'bench', line: 99 });
  const loop = (performance.now() - t0) / steps;
  const md = stats.slice(1);
  rows.push(`${(options || 'solver spg').padEnd(18)} | ${mean(md.map((s) => s.iterations)).toFixed(1).padStart(6)} | ${Math.max(...md.map((s) => s.iterations)).toString().padStart(4)} | ` +
    `${mean(md.map((s) => s.reductions)).toFixed(0).padStart(6)} | ${mean(md.map((s) => s.projectionReductions)).toFixed(0).padStart(6)} | ` +
    `${mean(md.map((s) => s.ms)).toFixed(1).padStart(7)} | ${loop.toFixed(1).padStart(7)} | ${Math.max(...stats.map((s) => Math.abs(s.chargeError))).toExponential(1)}`);
  if (options === '') {
    // the parts of one solve, at the final positions
    const e = it.engine, n = e.atoms.n, reps = 5;
    let t = performance.now();
    for (let k = 0; k < reps; k++) e.computeForces({ eatom: false, vatom: false });
    const force = (performance.now() - t) / reps;
    t = performance.now();
    let form = fix.quadraticForm(e);
    for (let k = 1; k < reps; k++) form = fix.quadraticForm(e);
    const build = (performance.now() - t) / reps;
    const q = e.atoms.q.slice(0, n), dq = new Float64Array(n);
    t = performance.now();
    for (let k = 0; k < 50; k++) form(q, dq);
    const evaluation = (performance.now() - t) / 50;
    console.log(`2160 atoms: one force evaluation (coul/streitz + eam/alloy) ${force.toFixed(1)} ms; matrix build (coul_streitz_hessian) ${build.toFixed(1)} ms; one energy+gradient (H·q) ${evaluation.toFixed(2)} ms`);
  }
}
{
  const it = deck('fix q all qeq/slater 1 12.0 1.0e-6 100 coul/streitz');
  const fix = it.getFix('q')!, solve = fix.preForce!.bind(fix), ms: number[] = [];
  fix.preForce = (e, setup) => { const t = performance.now(); solve(e, setup); ms.push(performance.now() - t); };
  const t0 = performance.now();
  it.line(`run ${steps}`, { file: 'bench', line: 99 });
  rows.push(`${'qeq/slater 1e-6'.padEnd(18)} | ${'–'.padStart(6)} | ${'–'.padStart(4)} | ${'–'.padStart(6)} | ${'–'.padStart(6)} | ${mean(ms.slice(1)).toFixed(1).padStart(7)} | ${((performance.now() - t0) / steps).toFixed(1).padStart(7)} | –`);
}
console.log(`fix qeq/ensemble TOL ${tol}, ${steps} NVE steps (means over steps 1..${steps}; the setup solve starts from the data file's charges)`);
console.log('solver             |  iters |  max | reduct | in-proj | ms/solve | ms/step | max|Σq−Q|');
for (const r of rows) console.log(r);
