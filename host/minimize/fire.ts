// min_style fire: FIRE 2.0 damped dynamics (Guénolé et al., Comput. Mater. Sci. 175, 109584 (2020)) as LAMMPS
// 29Sep2021 src/min_fire.cpp runs it: velocities mixed towards the force while v·f > 0, the timestep growing after
// `delaystep` good steps; on v·f ≤ 0 a half step back, v = 0, smaller timestep; no coordinate moves more than dmax.

import { EctmdError } from '../errors.js';
import { METAL } from '../system/units.js';
import { MinProblem, Stop } from './problem.js';

/** Check the FIRE parameters as LAMMPS MinFire::init does. */
export function checkFireSettings(p: MinProblem): void {
  const f = p.settings.fire;
  if (f.tmax < f.tmin) throw new EctmdError(`min_modify: tmax has to be larger than tmin: expected tmax >= tmin, found tmax ${f.tmax} < tmin ${f.tmin}`);
  if (f.dtgrow < 1) throw new EctmdError(`min_modify: dtgrow has to be larger than 1.0: expected >= 1, found ${f.dtgrow}`);
  if (f.dtshrink > 1) throw new EctmdError(`min_modify: dtshrink has to be smaller than 1.0: expected <= 1, found ${f.dtshrink}`);
}

/**
 * Up to maxiter FIRE steps from zero velocities; the engine's timestep follows FIRE's and the caller restores it.
 * `output()` writes thermo and dumps due at the end of a step.
 */
export function iterateFire(p: MinProblem, maxiter: number, output: () => void): Stop {
  const e = p.engine, fs = p.settings.fire, dmax = p.settings.dmax;
  // x, v and f are views of kernel memory that an energy evaluation (a neighbour build) may move: re-read after each
  const { type, mass } = e.atoms;
  const nvec = p.nvec;
  let dt = e.dt;
  const dtmax = fs.tmax * dt, dtmin = fs.tmin * dt;
  let alpha = fs.alpha0;
  const stepStart = e.step;
  let lastNegative = e.step, vdotfNegative = 0;
  // velocities were just zeroed: the first step starts like one after a reset
  let flagv0 = true;
  p.alphaFinal = 0;
  const kick = (dtf: number, assign: boolean) => {
    const { v, f } = e.atoms;
    for (let i = 0; i < nvec; i++) {
      const dtfm = dtf / mass[type[(i / 3) | 0]];
      v[i] = assign ? dtfm * f[i] : v[i] + dtfm * f[i];
    }
  };

  if (fs.integrator === 'leapfrog') {
    p.energyForce();
    p.neval++;
    kick(-0.5 * dt * METAL.ftm2v, true);
  }

  for (let iter = 0; iter < maxiter; iter++) {
    const step = ++e.step;
    p.niter++;
    let { x, v, f } = e.atoms;
    let vdotf = 0;
    for (let i = 0; i < nvec; i++) vdotf += v[i] * f[i];
    let scale1 = 0, scale2 = 0;
    const mixing = vdotf > 0;
    if (mixing) {
      let vdotv = 0, fdotf = 0;
      vdotfNegative = 0;
      for (let i = 0; i < nvec; i++) vdotv += v[i] * v[i];
      for (let i = 0; i < nvec; i++) fdotf += f[i] * f[i];
      scale1 = 1 - alpha;
      scale2 = fdotf <= 1e-20 ? 0 : alpha * Math.sqrt(vdotv / fdotf);
      if (step - lastNegative > fs.delaystep) {
        dt = Math.min(dt * fs.dtgrow, dtmax);
        e.dt = dt;
        alpha *= fs.alphashrink;
      }
    } else {
      lastNegative = step;
      if (!(step - stepStart < fs.delaystep && fs.initialdelay)) {
        alpha = fs.alpha0;
        if (dt * fs.dtshrink >= dtmin) { dt *= fs.dtshrink; e.dt = dt; }
      }
      vdotfNegative++;
      if (fs.vdfmax > 0 && vdotfNegative > fs.vdfmax) return Stop.MAXVDOTF;
      if (fs.halfstepback) for (let i = 0; i < nvec; i++) x[i] -= 0.5 * dt * v[i];
      v.fill(0, 0, nvec);
      flagv0 = true;
    }

    // after a reset, forces at the new positions and the velocity one step would give limit the step
    if (flagv0) {
      p.energyForce();
      p.neval++;
      kick(dt * METAL.ftm2v, true);
      ({ x, v, f } = e.atoms);
    }
    let dtv = dt;
    for (let i = 0; i < nvec; i += 3) {
      const vmax = Math.max(Math.abs(v[i]), Math.abs(v[i + 1]), Math.abs(v[i + 2]));
      if (dtv * vmax > dmax) dtv = dmax / vmax;
    }
    if (flagv0) v.fill(0, 0, nvec);

    const mix = () => {
      if (mixing) for (let i = 0; i < nvec; i++) v[i] = scale1 * v[i] + scale2 * f[i];
    };
    const drift = () => { for (let i = 0; i < nvec; i++) x[i] += dtv * v[i]; };
    p.eprevious = p.ecurrent;
    if (fs.integrator === 'eulerimplicit' || fs.integrator === 'leapfrog') {
      kick(dtv * METAL.ftm2v, false); mix(); drift();
      p.ecurrent = p.energyForce();
    } else if (fs.integrator === 'verlet') {
      const dtf = 0.5 * dtv * METAL.ftm2v;
      kick(dtf, false); mix(); drift();
      p.ecurrent = p.energyForce();
      kick(dtf, false);
    } else {
      mix(); drift(); kick(dtv * METAL.ftm2v, false);
      p.ecurrent = p.energyForce();
    }
    p.neval++;
    flagv0 = false;

    if (p.tol.etol > 0 && step - lastNegative > fs.delaystep && p.energyTolMet()) return Stop.ETOL;
    if (p.forceTolMet()) return Stop.FTOL;
    output();
  }
  return Stop.MAXITER;
}
