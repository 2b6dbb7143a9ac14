// `velocity GROUP create|set|scale|zero ...` and the group temperature (LAMMPS src/velocity.cpp,
// src/compute_temp.cpp, src/group.cpp): Park–Miller draws per atom (loop all|local|geom), momentum and
// rotation removal, and rescaling to T with dof = 3N − 3; units metal (boltz, mvv2e from units.ts).

import { inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import type { Where } from '../lammps/where.js';
import { RanPark } from '../random/park.js';
import type { Atoms } from './atoms.js';
import type { Box } from './box.js';
import type { Lattice } from './lattice.js';
import { inGroup } from './modify-atoms.js';
import { METAL } from './units.js';

/** Warm-up draws for `loop local` (LAMMPS velocity.cpp WARMUP). */
const WARMUP = 100;
/** Below this determinant of the inertia tensor LAMMPS changes method (group.cpp EPSILON). */
const INERTIA_EPSILON = 1.0e-6;

interface VelocityOptions {
  gaussian: boolean;
  sum: boolean;
  mom: boolean;
  rot: boolean;
  loop: 'all' | 'local' | 'geom';
  latticeUnits: boolean;
}

const ILLEGAL = 'Illegal velocity command';

function parseOptions(args: string[], start: number, where: Where): VelocityOptions {
  const { file, line } = where;
  const o: VelocityOptions = { gaussian: false, sum: false, mom: true, rot: false, loop: 'all', latticeUnits: true };
  const yesNo = (kw: string, v: string): boolean => {
    if (v === 'yes') return true;
    if (v === 'no') return false;
    throw inputError(file, line, ILLEGAL, `${kw} yes or no`, JSON.stringify(v));
  };
  for (let i = start; i < args.length; i += 2) {
    const kw = args[i], v = args[i + 1];
    if (v === undefined) throw inputError(file, line, ILLEGAL, `a value after "${kw}"`, 'end of line');
    switch (kw) {
      case 'dist':
        if (v !== 'uniform' && v !== 'gaussian') throw inputError(file, line, ILLEGAL, 'dist uniform or gaussian', JSON.stringify(v));
        o.gaussian = v === 'gaussian';
        break;
      case 'sum': o.sum = yesNo(kw, v); break;
      case 'mom': o.mom = yesNo(kw, v); break;
      case 'rot': o.rot = yesNo(kw, v); break;
      case 'bias':
        if (yesNo(kw, v)) throw inputError(file, line, 'Cannot use velocity bias command without temp keyword', 'bias no', 'bias yes');
        break;
      case 'loop':
        if (v !== 'all' && v !== 'local' && v !== 'geom') throw inputError(file, line, ILLEGAL, 'loop all, local or geom', JSON.stringify(v));
        o.loop = v;
        break;
      case 'units':
        if (v !== 'box' && v !== 'lattice') throw inputError(file, line, ILLEGAL, 'units box or lattice', JSON.stringify(v));
        o.latticeUnits = v === 'lattice';
        break;
      default:
        throw inputError(file, line, ILLEGAL, 'a keyword dist, sum, mom, rot, bias, loop or units', JSON.stringify(kw));
    }
  }
  return o;
}

function checkAtomsAndMasses(atoms: Atoms, where: Where): void {
  if (atoms.n === 0) throw inputError(where.file, where.line, 'Velocity command with no atoms existing', 'atoms', 'none');
  for (let t = 1; t <= atoms.ntypes; t++) {
    if (!atoms.massSet[t]) throw inputError(where.file, where.line, 'Not all per-type masses are set', `a mass for type ${t}`, 'none');
  }
}

/**
 * Temperature of a group, K (LAMMPS compute temp): Σ m v² · mvv2e / (dof · boltz) with dof = 3N − 3;
 * 0 when dof <= 0.
 */
export function temperature(atoms: Atoms, mask: Uint8Array | null): number {
  const { v, type, mass } = atoms;
  let t = 0.0;
  let count = 0;
  for (let i = 0; i < atoms.n; i++) {
    if (!inGroup(mask, i)) continue;
    const i3 = 3 * i;
    t += (v[i3] * v[i3] + v[i3 + 1] * v[i3 + 1] + v[i3 + 2] * v[i3 + 2]) * mass[type[i]];
    count++;
  }
  const dof = 3 * count - 3;
  const tfactor = dof > 0 ? METAL.mvv2e / (dof * METAL.boltz) : 0.0;
  return t * tfactor;
}

function rescale(atoms: Atoms, mask: Uint8Array | null, tOld: number, tNew: number, where: Where): void {
  if (tOld === 0.0) throw inputError(where.file, where.line, 'Attempting to rescale a 0.0 temperature', 'a group with thermal motion and dof > 0', 'T = 0');
  const factor = Math.sqrt(tNew / tOld);
  const v = atoms.v;
  for (let i = 0; i < atoms.n; i++) {
    if (!inGroup(mask, i)) continue;
    v[3 * i] *= factor; v[3 * i + 1] *= factor; v[3 * i + 2] *= factor;
  }
  // a temperature like 1e308 overflows the kinetic energy (or the velocities): refused here, not carried into a run
  const t = temperature(atoms, mask);
  if (!Number.isFinite(t)) throw inputError(where.file, where.line, 'velocity temperature', 'a temperature whose velocities and kinetic energy stay finite', `${tNew} K (scaled by ${factor} from ${tOld} K, giving ${t})`);
}

function groupMass(atoms: Atoms, mask: Uint8Array | null, where: Where): number {
  let m = 0.0, count = 0;
  for (let i = 0; i < atoms.n; i++) {
    if (inGroup(mask, i)) { m += atoms.mass[atoms.type[i]]; count++; }
  }
  if (count === 0) throw inputError(where.file, where.line, 'Cannot zero momentum of no atoms', 'a non-empty group', 'empty group');
  return m;
}

/** Subtract the centre-of-mass velocity of the group (LAMMPS Velocity::zero_momentum). */
export function zeroMomentum(atoms: Atoms, mask: Uint8Array | null, where: Where): void {
  const masstotal = groupMass(atoms, mask, where);
  const { v, type, mass } = atoms;
  const p = [0.0, 0.0, 0.0];
  for (let i = 0; i < atoms.n; i++) {
    if (!inGroup(mask, i)) continue;
    const m = mass[type[i]];
    p[0] += v[3 * i] * m; p[1] += v[3 * i + 1] * m; p[2] += v[3 * i + 2] * m;
  }
  if (masstotal > 0.0) { p[0] /= masstotal; p[1] /= masstotal; p[2] /= masstotal; }
  for (let i = 0; i < atoms.n; i++) {
    if (!inGroup(mask, i)) continue;
    v[3 * i] -= p[0]; v[3 * i + 1] -= p[1]; v[3 * i + 2] -= p[2];
  }
}

/** Unwrapped position of atom i from its image flags (LAMMPS Domain::unmap). */
export function unmap(box: Box, atoms: Atoms, i: number, out: number[]): void {
  const x = atoms.x, im = atoms.image, i3 = 3 * i;
  const xb = im[i3], yb = im[i3 + 1], zb = im[i3 + 2];
  if (!box.triclinic) {
    out[0] = x[i3] + xb * box.lx; out[1] = x[i3 + 1] + yb * box.ly; out[2] = x[i3 + 2] + zb * box.lz;
  } else {
    const h = box.h();
    out[0] = x[i3] + h[0] * xb + h[5] * yb + h[4] * zb;
    out[1] = x[i3 + 1] + h[1] * yb + h[3] * zb;
    out[2] = x[i3 + 2] + h[2] * zb;
  }
}

/** Remove the rigid-body rotation of the group about its centre of mass (LAMMPS Velocity::zero_rotation); `command`
 *  names the command in the error for a singular inertia tensor. */
export function zeroRotation(atoms: Atoms, box: Box, mask: Uint8Array | null, where: Where, command = 'velocity rot yes'): void {
  const masstotal = groupMass(atoms, mask, where);
  const { v, type, mass } = atoms;
  const u = [0, 0, 0];
  const xcm = [0.0, 0.0, 0.0];
  for (let i = 0; i < atoms.n; i++) {
    if (!inGroup(mask, i)) continue;
    const m = mass[type[i]];
    unmap(box, atoms, i, u);
    xcm[0] += u[0] * m; xcm[1] += u[1] * m; xcm[2] += u[2] * m;
  }
  if (masstotal > 0.0) { xcm[0] /= masstotal; xcm[1] /= masstotal; xcm[2] /= masstotal; }

  const L = [0.0, 0.0, 0.0];
  const I = [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]];
  for (let i = 0; i < atoms.n; i++) {
    if (!inGroup(mask, i)) continue;
    unmap(box, atoms, i, u);
    const dx = u[0] - xcm[0], dy = u[1] - xcm[1], dz = u[2] - xcm[2];
    const m = mass[type[i]];
    const vx = v[3 * i], vy = v[3 * i + 1], vz = v[3 * i + 2];
    L[0] += m * (dy * vz - dz * vy);
    L[1] += m * (dz * vx - dx * vz);
    L[2] += m * (dx * vy - dy * vx);
  }
  for (let i = 0; i < atoms.n; i++) {
    if (!inGroup(mask, i)) continue;
    unmap(box, atoms, i, u);
    const dx = u[0] - xcm[0], dy = u[1] - xcm[1], dz = u[2] - xcm[2];
    const m = mass[type[i]];
    I[0][0] += m * (dy * dy + dz * dz);
    I[1][1] += m * (dx * dx + dz * dz);
    I[2][2] += m * (dx * dx + dy * dy);
    I[0][1] -= m * dx * dy;
    I[1][2] -= m * dy * dz;
    I[0][2] -= m * dx * dz;
  }
  I[1][0] = I[0][1]; I[2][1] = I[1][2]; I[2][0] = I[0][2];

  // omega = I^-1 L by cofactors (LAMMPS Group::omega, non-singular branch).
  const det = I[0][0] * I[1][1] * I[2][2] + I[0][1] * I[1][2] * I[2][0] + I[0][2] * I[1][0] * I[2][1]
    - I[0][0] * I[1][2] * I[2][1] - I[0][1] * I[1][0] * I[2][2] - I[2][0] * I[1][1] * I[0][2];
  if (!(det > INERTIA_EPSILON)) {
    throw inputError(where.file, where.line, command, 'a group with a non-singular inertia tensor', `determinant ${det}`);
  }
  const inv = [
    [I[1][1] * I[2][2] - I[1][2] * I[2][1], -(I[0][1] * I[2][2] - I[0][2] * I[2][1]), I[0][1] * I[1][2] - I[0][2] * I[1][1]],
    [-(I[1][0] * I[2][2] - I[1][2] * I[2][0]), I[0][0] * I[2][2] - I[0][2] * I[2][0], -(I[0][0] * I[1][2] - I[0][2] * I[1][0])],
    [I[1][0] * I[2][1] - I[1][1] * I[2][0], -(I[0][0] * I[2][1] - I[0][1] * I[2][0]), I[0][0] * I[1][1] - I[0][1] * I[1][0]],
  ];
  for (const row of inv) for (let j = 0; j < 3; j++) row[j] /= det;
  const w = inv.map((row) => row[0] * L[0] + row[1] * L[1] + row[2] * L[2]);

  for (let i = 0; i < atoms.n; i++) {
    if (!inGroup(mask, i)) continue;
    unmap(box, atoms, i, u);
    const dx = u[0] - xcm[0], dy = u[1] - xcm[1], dz = u[2] - xcm[2];
    v[3 * i] -= w[1] * dz - w[2] * dy;
    v[3 * i + 1] -= w[2] * dx - w[0] * dz;
    v[3 * i + 2] -= w[0] * dy - w[1] * dx;
  }
}

/** Local index of each tag 1..n; errors unless the tags are exactly 1..n (LAMMPS tag_consecutive). */
function consecutiveTagMap(atoms: Atoms, where: Where): Int32Array {
  const map = new Int32Array(atoms.n + 1).fill(-1);
  for (let i = 0; i < atoms.n; i++) {
    const t = atoms.tag[i];
    if (t < 1 || t > atoms.n || map[t] !== -1) {
      throw inputError(where.file, where.line, 'Atom IDs must be consecutive for velocity create loop all', `IDs 1..${atoms.n}`, `ID ${t}`);
    }
    map[t] = i;
  }
  return map;
}

/**
 * `velocity GROUP create T SEED [dist uniform|gaussian] [sum yes|no] [mom yes|no] [rot yes|no]
 * [loop all|local|geom]`; args are the words after GROUP, with or without the leading `create`. Random
 * velocities scaled by 1/sqrt(m), then (by default) zero total momentum, then rescaled so the group
 * temperature is T exactly.
 */
export function velocityCreate(atoms: Atoms, box: Box, mask: Uint8Array | null, words: string[], where: Where): void {
  const { file, line } = where;
  const args = words[0] === 'create' ? words.slice(1) : words;
  if (args.length < 2) throw inputError(file, line, ILLEGAL, 'velocity GROUP create T SEED [keywords]', args.join(' '));
  const tDesired = parseFiniteFloat(args[0], file, line, 'velocity create temperature');
  const seed = parseInteger(args[1], file, line, 'velocity create seed');
  if (seed <= 0 || seed > 2147483646) throw inputError(file, line, 'Illegal velocity create command', 'a seed in 1..2147483646', args[1]);
  const o = parseOptions(args, 2, where);
  checkAtomsAndMasses(atoms, where);

  const vhold = o.sum ? atoms.v.slice(0, 3 * atoms.n) : null;
  const { v, type, mass } = atoms;
  const random = new RanPark(o.loop === 'geom' ? 1 : seed);
  const draw = (out: number[]): void => {
    if (o.gaussian) {
      out[0] = random.gaussian(); out[1] = random.gaussian(); out[2] = random.gaussian();
    } else {
      out[0] = random.uniform() - 0.5; out[1] = random.uniform() - 0.5; out[2] = random.uniform() - 0.5;
    }
  };
  const assign = (i: number, d: number[]): void => {
    const factor = 1.0 / Math.sqrt(mass[type[i]]);
    v[3 * i] = d[0] * factor; v[3 * i + 1] = d[1] * factor; v[3 * i + 2] = d[2] * factor;
  };
  const d = [0, 0, 0];

  if (o.loop === 'all') {
    // One draw per atom ID 1..N, whether or not the atom is in the group: independent of processor layout.
    const map = consecutiveTagMap(atoms, where);
    for (let tag = 1; tag <= atoms.n; tag++) {
      draw(d);
      const i = map[tag];
      if (inGroup(mask, i)) assign(i, d);
    }
  } else if (o.loop === 'local') {
    // Single process: LAMMPS rank 0 seeds with SEED + 0.
    for (let k = 0; k < WARMUP; k++) random.uniform();
    for (let i = 0; i < atoms.n; i++) {
      if (!inGroup(mask, i)) continue;
      draw(d);
      assign(i, d);
    }
  } else {
    // Each atom reseeds from SEED and its coordinates.
    for (let i = 0; i < atoms.n; i++) {
      if (!inGroup(mask, i)) continue;
      random.reset(seed, atoms.x, 3 * i);
      draw(d);
      assign(i, d);
    }
  }

  if (o.mom) zeroMomentum(atoms, mask, where);
  if (o.rot) zeroRotation(atoms, box, mask, where);
  rescale(atoms, mask, temperature(atoms, mask), tDesired, where);

  if (vhold) {
    for (let i = 0; i < atoms.n; i++) {
      if (!inGroup(mask, i)) continue;
      for (let k = 0; k < 3; k++) v[3 * i + k] += vhold[3 * i + k];
    }
  }
}

/**
 * `velocity GROUP set vx vy vz [sum yes|no] [units lattice|box]`; args start at vx. NULL leaves a component
 * alone. Default units lattice: values are multiplied by the lattice spacings (Å/ps in units box).
 */
export function velocitySet(atoms: Atoms, lattice: Lattice | null, mask: Uint8Array | null, args: string[], where: Where): void {
  const { file, line } = where;
  if (args.length < 3) throw inputError(file, line, ILLEGAL, 'velocity GROUP set vx vy vz [keywords]', args.join(' '));
  const o = parseOptions(args, 3, where);
  if (o.latticeUnits && lattice === null) {
    throw inputError(file, line, 'Use of velocity with undefined lattice', 'a lattice command first, or "units box"', 'no lattice');
  }
  const scale = o.latticeUnits && lattice ? [lattice.xlattice, lattice.ylattice, lattice.zlattice] : [1, 1, 1];
  const value = args.slice(0, 3).map((s, k) => {
    if (s === 'NULL') return null;
    if (s.startsWith('v_')) throw inputError(file, line, 'velocity set', 'a number or NULL (variables are not supported)', s);
    const val = parseFiniteFloat(s, file, line, 'velocity set component') * scale[k];
    if (!Number.isFinite(val)) throw inputError(file, line, 'velocity set component', `a velocity finite in box units (value × lattice spacing ${scale[k]})`, String(val));
    return val;
  });
  const v = atoms.v;
  for (let i = 0; i < atoms.n; i++) {
    if (!inGroup(mask, i)) continue;
    for (let k = 0; k < 3; k++) {
      const val = value[k];
      if (val === null) continue;
      const sum = o.sum ? v[3 * i + k] + val : val;
      if (!Number.isFinite(sum)) throw inputError(file, line, 'velocity set sum', 'a finite velocity', `${v[3 * i + k]} + ${val} = ${sum} for atom ${atoms.tag[i]}`);
      v[3 * i + k] = sum;
    }
  }
}

/** `velocity GROUP scale T`; args start at T. Rescales the group to temperature T. */
export function velocityScale(atoms: Atoms, mask: Uint8Array | null, args: string[], where: Where): void {
  const { file, line } = where;
  if (args.length < 1) throw inputError(file, line, ILLEGAL, 'velocity GROUP scale T', 'nothing');
  const tDesired = parseFiniteFloat(args[0], file, line, 'velocity scale temperature');
  parseOptions(args, 1, where);
  checkAtomsAndMasses(atoms, where);
  rescale(atoms, mask, temperature(atoms, mask), tDesired, where);
}

/**
 * The whole `velocity GROUP STYLE ...` command; args start at STYLE (create, set, scale or zero
 * linear|angular). The group is given by mask (1 = member) or null for all atoms.
 */
export function velocityCommand(
  atoms: Atoms, box: Box, lattice: Lattice | null, mask: Uint8Array | null, args: string[], where: Where,
): void {
  const [style, ...rest] = args;
  switch (style) {
    case 'create': velocityCreate(atoms, box, mask, rest, where); return;
    case 'set': velocitySet(atoms, lattice, mask, rest, where); return;
    case 'scale': velocityScale(atoms, mask, rest, where); return;
    case 'zero': {
      const what = rest[0];
      if (what !== 'linear' && what !== 'angular') throw inputError(where.file, where.line, ILLEGAL, 'zero linear or angular', JSON.stringify(what));
      parseOptions(rest, 1, where);
      checkAtomsAndMasses(atoms, where);
      if (what === 'linear') zeroMomentum(atoms, mask, where);
      else zeroRotation(atoms, box, mask, where);
      return;
    }
    default:
      throw inputError(where.file, where.line, ILLEGAL, 'a style create, set, scale or zero', JSON.stringify(style));
  }
}
