// The `minimize ETOL FTOL MAXITER MAXEVAL` command as LAMMPS src/minimize.cpp + min.cpp run it: setup force
// evaluation with neighbour checks forced to every 1 delay 0 check yes, the min_style's iterations (one timestep
// each), a last evaluation and output on early stop, and the "Minimization stats" block of src/finish.cpp.

import { EctmdError, inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import type { Engine, PerAtomRequest } from '../engine/engine.js';
import type { Fix } from '../fix/fix.js';
import { sprintf } from '../io/format.js';
import type { Where } from '../lammps/where.js';
import { iterateCg } from './cg.js';
import { checkFireSettings, iterateFire } from './fire.js';
import { MinProblem, STOP_TEXT, Stop, type MinTolerances } from './problem.js';
import type { MinSettings } from './settings.js';

/** `minimize ETOL FTOL MAXITER MAXEVAL` arguments, checked as LAMMPS Minimize::command. */
export function parseMinimizeArgs(args: string[], where: Where): MinTolerances {
  if (args.length !== 4) throw inputError(where.file, where.line, 'Illegal minimize command', 'minimize ETOL FTOL MAXITER MAXEVAL', args.join(' ') || 'nothing');
  const etol = parseFiniteFloat(args[0], where.file, where.line, 'minimize ETOL');
  const ftol = parseFiniteFloat(args[1], where.file, where.line, 'minimize FTOL');
  const maxiter = parseInteger(args[2], where.file, where.line, 'minimize MAXITER');
  const maxeval = parseInteger(args[3], where.file, where.line, 'minimize MAXEVAL');
  if (etol < 0) throw inputError(where.file, where.line, 'Illegal minimize command', 'ETOL >= 0 (energy tolerance, unitless)', args[0]);
  if (ftol < 0) throw inputError(where.file, where.line, 'Illegal minimize command', 'FTOL >= 0 (force tolerance, eV/Å)', args[1]);
  if (maxiter < 0) throw inputError(where.file, where.line, 'Illegal minimize command', 'MAXITER >= 0', args[2]);
  if (maxeval < 0) throw inputError(where.file, where.line, 'Illegal minimize command', 'MAXEVAL >= 0', args[3]);
  return { etol, ftol, maxiter, maxeval };
}

/** What the minimiser needs from the interpreter: output and the per-atom tallies outputs need. */
export interface MinimizeHost {
  /** energies per atom (thermo_modify norm yes) */
  norm: boolean;
  /** per-atom tallies the outputs at the current step need (`final`: the last step of an early stop) */
  want(final: boolean): PerAtomRequest;
  /** setup done: print the run header (with `note` after the neighbour-list line) and the step-0 output */
  begin(note: string | null): void;
  /** thermo/dump output due at the current step; all of them when `final` (the last step of an early stop) */
  output(final: boolean): void;
  warn(message: string): void;
}

export interface MinimizeResult {
  /** iterations done (the steps of "Loop time ... for N steps") */
  niter: number;
  /** the "Minimization stats:" block */
  stats: string;
}

/** Run a minimisation of the engine's atoms (and of the box with fix box/relax) in place. */
export function minimize(e: Engine, settings: MinSettings, tol: MinTolerances, fixes: Fix[], host: MinimizeHost, where: Where): MinimizeResult {
  if (e.atoms.n === 0) throw inputError(where.file, where.line, 'Minimize command with no atoms', 'atoms (create_atoms or read_data)', 'an empty box');
  if (!e.pair) throw inputError(where.file, where.line, 'Minimize command before a pair style is defined', 'pair_style and pair_coeff before minimize', 'no pair_style');
  const extras = fixes.filter((f) => (f.minDof?.() ?? 0) > 0);
  if (extras.length > 1) throw inputError(where.file, where.line, 'Minimize with more than one fix that adds degrees of freedom', 'at most one fix box/relax', extras.map((f) => f.id).join(', '));
  const extra = extras[0] ?? null;
  if (extra && settings.style === 'fire') {
    throw inputError(where.file, where.line, 'Cannot use a damped dynamics min style with fix box/relax', 'min_style cg with fix box/relax', `min_style fire with fix ${extra.id}`);
  }
  const nb = e.neighbor, saved = { ...nb.settings }, dtInit = e.dt;
  if (saved.every !== 1 || saved.delay !== 0 || !saved.check) host.warn("Using 'neigh_modify every 1 delay 0 check yes' setting during minimization");
  nb.settings.every = 1; nb.settings.delay = 0; nb.settings.check = true;
  try {
    const p = new MinProblem(e, settings, tol, extra, host.norm, (final) => host.want(final), () => { for (const f of fixes) f.preForce?.(e, false); });
    let note: string | null = null;
    if (settings.style === 'fire') {
      checkFireSettings(p);
      const f = settings.fire;
      note = '  Parameters for fire: \n    dmax delaystep dtgrow dtshrink alpha0 alphashrink tmax tmin    integrator halfstepback \n    ' +
        [sprintf('%4g', settings.dmax), sprintf('%9d', f.delaystep), sprintf('%6g', f.dtgrow), sprintf('%8g', f.dtshrink),
          sprintf('%6g', f.alpha0), sprintf('%11g', f.alphashrink), sprintf('%4g', f.tmax), sprintf('%4g', f.tmin),
          f.integrator.padStart(13), (f.halfstepback ? 'yes' : 'no').padStart(12)].join(' ') + ' ';
      e.atoms.v.fill(0, 0, p.nvec);
    }
    if (extra) host.warn(`Energy due to ${p.nextra} extra global DOFs will be included in minimizer energies`);
    extra?.minInit?.(e);
    e.setup(where, host.want(false), fixes);
    e.energyValid = true;
    nb.builds = 0; nb.dangerous = 0; nb.buildTime = 0; e.pairTime = 0; e.commTime = 0; e.kspaceTime = 0;
    let energy = e.pe();
    if (extra) energy += extra.minEnergy!(e, p.fextra);
    p.ecurrent = p.eprevious = host.norm ? energy / e.atoms.n : energy;
    const einitial = p.ecurrent, fnorm2Init = Math.sqrt(p.fnormSqr()), fnormInfInit = Math.sqrt(p.fnormInf());
    host.begin(note);
    const output = () => host.output(false);
    const stop = tol.maxiter === 0 ? Stop.MAXITER
      : settings.style === 'fire' ? iterateFire(p, tol.maxiter, output) : iterateCg(p, tol.maxiter, output);
    if (stop !== Stop.MAXITER) {
      p.ecurrent = p.energyForce(undefined, true);
      host.output(true);
    }
    const stats = [
      'Minimization stats:',
      `  Stopping criterion = ${STOP_TEXT[stop]}`,
      '  Energy initial, next-to-last, final = ',
      `    ${sprintf('%18.15g', einitial)} ${sprintf('%18.15g', p.eprevious)} ${sprintf('%18.15g', p.ecurrent)}`,
      `  Force two-norm initial, final = ${g8(fnorm2Init)} ${g8(Math.sqrt(p.fnormSqr()))}`,
      `  Force max component initial, final = ${g8(fnormInfInit)} ${g8(Math.sqrt(p.fnormInf()))}`,
      `  Final line search alpha, max atom move = ${g8(p.alphaFinal)} ${g8(p.alphaFinal * Math.sqrt(p.fnormInf()))}`,
      `  Iterations, force evaluations = ${p.niter} ${p.neval}`,
      '',
    ].join('\n');
    return { niter: p.niter, stats };
  } catch (err) {
    if (err instanceof EctmdError && err.file === undefined) throw new EctmdError(`${where.file}:${where.line}: minimize: ${err.message}`, where.file, where.line);
    throw err;
  } finally {
    Object.assign(nb.settings, saved);
    e.dt = dtInit;
  }
}

/** fmt's `{:.8}` as LAMMPS prints these statistics: 8 significant digits, trailing zeros kept. */
function g8(v: number): string {
  return sprintf('%#.8g', v);
}
