// Fuzz: potential files (funcfl, setfl, eam/fs, .streitz, .ect), data files, restart files and input scripts mutated
// at random (fixed seed, bounded count) must end either in a run with finite output or in one clear ERROR naming the
// file and line: never a stack trace, a crash, a hang, a non-finite number carried into thermo or a written file, or
// a half-written output. docs/testing.md says how to reproduce one case (ECTMD_FUZZ_CASE, ECTMD_FUZZ_SEED).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../scripts/compare-lammps.js';
import { readEct } from '../../host/potentials/ect-file.js';
import { EctmdError } from '../../host/errors.js';
import { decodeRestart, encodeRestart } from '../../host/io/restart-file.js';

const ROOT = repoRoot();
const SEED = Number(process.env.ECTMD_FUZZ_SEED ?? 20261206);
const ONLY = process.env.ECTMD_FUZZ_CASE === undefined ? null : Number(process.env.ECTMD_FUZZ_CASE);
const KEEP = Boolean(process.env.ECTMD_FUZZ_KEEP);
const CASES = Number(process.env.ECTMD_FUZZ_CASES ?? 80);
const ECT_CASES = 100;
/** .ect cases are numbered from here, so that one index names one case of either test */
const ECT_BASE = 100_000;
const PARALLEL = 3;
const TIMEOUT_MS = 20_000;

// ---------------------------------------------------------------------------------------------------------------
// Random numbers: mulberry32, one stream per case (seed, case index), so a case can be replayed alone.

function rng(seed: number, index: number): () => number {
  let a = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const below = (r: Rng, n: number): number => Math.floor(r() * n);

// ---------------------------------------------------------------------------------------------------------------
// Mutations of a text file (one line at a time, numbers, names, bytes) and of a binary file.

const BAD_NUMBERS = ['0', '-0', '-1', '-7', '1e308', '-1e308', '1e400', '-1e400', '1e20', '-1e20', '2147483648', '4294967297',
  '9007199254740993', '1e-320', '5e-324', 'nan', 'NaN', '-nan', 'inf', '-inf', 'Infinity', '', 'abc', '0x10', '1,5', '1.2.3',
  '+', '-', '.', 'e5', '1e', '1d3', '1'.repeat(400), '-0.0e-0'];
const BAD_NAMES = ['Xx', 'cu', 'CU', 'Ni', 'Al', 'O', 'NULL', '*', '1', '', 'Ü', 'é', 'A'.repeat(5000), 'Cu Cu', '#', '&', '$x', '${x}'];
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][-+]?\d+)?/g;

function replaceNthMatch(line: string, re: RegExp, r: Rng, value: string): string | null {
  const ms = [...line.matchAll(re)];
  if (!ms.length) return null;
  const m = pick(r, ms);
  return line.slice(0, m.index) + value + line.slice(m.index! + m[0].length);
}

/** A line index, biased towards the head of the file where the counts and headers are. */
function lineIndex(r: Rng, n: number): number {
  return r() < 0.5 ? below(r, Math.min(n, 12)) : below(r, n);
}

type Mutation = (text: string, r: Rng) => string;

const TEXT_MUTATIONS: Record<string, Mutation> = {
  truncate: (t, r) => t.slice(0, below(r, t.length + 1)),
  deleteLine: (t, r) => { const ls = t.split('\n'); ls.splice(lineIndex(r, ls.length), 1); return ls.join('\n'); },
  duplicateLine: (t, r) => { const ls = t.split('\n'); const i = lineIndex(r, ls.length); ls.splice(i, 0, ls[i]); return ls.join('\n'); },
  swapLines: (t, r) => {
    const ls = t.split('\n'); const i = lineIndex(r, ls.length), j = lineIndex(r, ls.length);
    [ls[i], ls[j]] = [ls[j], ls[i]]; return ls.join('\n');
  },
  badNumber: (t, r) => {
    const ls = t.split('\n');
    for (let k = 0; k < 20; k++) {
      const i = lineIndex(r, ls.length);
      const m = replaceNthMatch(ls[i], NUMBER, r, pick(r, BAD_NUMBERS));
      if (m !== null) { ls[i] = m; break; }
    }
    return ls.join('\n');
  },
  changeCount: (t, r) => {
    // the first number of a header line: counts, grid sizes, element counts
    const ls = t.split('\n');
    const i = below(r, Math.min(ls.length, 16));
    ls[i] = ls[i].replace(/\d+/, pick(r, ['0', '1', '2', '3', '7', '-2', '999999', '1000000000000', '2147483647', '1e3']));
    return ls.join('\n');
  },
  elementName: (t, r) => {
    const ls = t.split('\n');
    for (let k = 0; k < 20; k++) {
      const i = lineIndex(r, ls.length);
      const m = replaceNthMatch(ls[i], /\b[A-Z][a-z]?\b/g, r, pick(r, BAD_NAMES));
      if (m !== null) { ls[i] = m; break; }
    }
    return ls.join('\n');
  },
  binaryBytes: (t, r) => {
    const at = below(r, t.length + 1);
    const bytes = Array.from({ length: 1 + below(r, 8) }, () => String.fromCharCode(pick(r, [0, 1, 7, 8, 9, 11, 12, 13, 27, 127, 0xff, 0xfe, 0x80])));
    return t.slice(0, at) + bytes.join('') + t.slice(at);
  },
  longToken: (t, r) => {
    const ls = t.split('\n');
    const i = lineIndex(r, ls.length);
    const tok = pick(r, ['9'.repeat(20000), 'x'.repeat(20000), '1e' + '9'.repeat(500), '-'.repeat(5000)]);
    const words = ls[i].split(/(\s+)/);
    words[below(r, words.length)] = tok;
    ls[i] = words.join('');
    return ls.join('\n');
  },
  blankLine: (t, r) => { const ls = t.split('\n'); ls.splice(lineIndex(r, ls.length), 0, pick(r, ['', '   ', '\t', '#', '\r'])); return ls.join('\n'); },
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  empty: () => '',
};

function mutateText(text: string, r: Rng, log: string[]): string {
  const n = 1 + below(r, 3);
  for (let k = 0; k < n; k++) {
    const names = Object.keys(TEXT_MUTATIONS).filter((m) => m !== 'empty' || r() < 0.2);
    const name = pick(r, names);
    text = TEXT_MUTATIONS[name](text, r);
    log.push(name);
  }
  return text;
}

const BAD_FLOATS = [NaN, Infinity, -Infinity, 1e308, -1e308, 0, -1, 5e-324, 2 ** 53 + 2];
const BAD_INTS = [-1, 0, 3, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1];

/** A restart file decoded, one field spoiled and encoded again: the CRC is intact, so only validation can catch it. */
function mutateRestartFields(buf: Buffer, r: Rng, log: string[]): Buffer {
  const d = decodeRestart(buf, 'in.restart');
  const arr = (a: Float64Array | Int32Array, v: number) => { if (a.length) a[below(r, a.length)] = v; };
  const f = pick(r, BAD_FLOATS), i = pick(r, BAD_INTS);
  const field = pick(r, ['step', 'dt', 'ntypes', 'box', 'mass', 'tag', 'type', 'x', 'v', 'image', 'skin', 'every', 'xhold', 'pair', 'style']);
  log.push(`restart ${field}`);
  switch (field) {
    case 'step': d.step = pick(r, [-1, 2 ** 60]); break;
    case 'dt': d.dt = f; break;
    case 'ntypes': d.ntypes = i; break;
    case 'box': (r() < 0.5 ? d.box.lo : d.box.hi)[below(r, 3)] = f; break;
    case 'mass': d.mass[1] = f; break;
    case 'tag': arr(d.tag, i); break;
    case 'type': arr(d.type, i); break;
    case 'x': arr(d.x, f); break;
    case 'v': arr(d.v, f); break;
    case 'image': arr(d.image, i); break;
    case 'skin': d.neighbor.skin = f; break;
    case 'every': d.neighbor.every = pick(r, [0, 2 ** 32 - 1]); break;
    case 'xhold': if (d.list) arr(d.list.xhold, f); break;
    case 'pair': d.pairCommands = [pick(r, [['pair_style', 'eam/alloy'], ['pair_style', 'nope'], ['pair_coeff', '*', '*', 'missing.eam.alloy', 'Cu'], []])]; break;
    default: d.style = 'charge';
  }
  return Buffer.from(encodeRestart(d));
}

function mutateBinary(buf: Buffer, r: Rng, log: string[]): Buffer {
  if (r() < 0.6) return mutateRestartFields(buf, r, log);
  const b = Buffer.from(buf);
  switch (below(r, 5)) {
    case 0: log.push('truncate'); return b.subarray(0, below(r, b.length + 1));
    case 1: { log.push('flipBytes'); for (let k = 0; k < 1 + below(r, 4); k++) b[below(r, b.length)] ^= 1 << below(r, 8); return b; }
    case 2: {
      // a float64 of the payload set to NaN, inf, huge or a tiny denormal
      log.push('badFloat');
      const at = 8 * below(r, Math.floor(b.length / 8));
      b.writeDoubleLE(pick(r, [NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, 2 ** 53 + 2]), Math.min(at, b.length - 8));
      return b;
    }
    case 3: { log.push('badInt32'); const at = 4 * below(r, Math.floor(b.length / 4)); b.writeInt32LE(pick(r, [-1, 0, 0x7fffffff, 0x40000000, 3]), Math.min(at, b.length - 4)); return b; }
    default: { log.push('insertBytes'); const at = below(r, b.length + 1); return Buffer.concat([b.subarray(0, at), Buffer.from([0, 0xff, 7, 0]), b.subarray(at)]); }
  }
}

/** Lines that stress the interpreter: huge or non-finite settings, self-inclusion, extreme formats. */
const HOSTILE_LINES = [
  'include in.deck', 'velocity all create 1e308 4928459', 'velocity all set 1e308 0 0', 'velocity all scale 1e300',
  'velocity all create 300 0', 'velocity all set nan 0 0', 'set atom 1 x 1e308', 'set type 1 x 1e300',
  'displace_atoms all random 1e300 1e300 1e300 1 units box', 'mass * 1e-300', 'mass 1 1e308', 'timestep 1e308', 'timestep 1e-320',
  'thermo_modify format float %1000000000.1000000000f', 'thermo_modify format float %.99999g', 'thermo_modify format line "%d %d %d"',
  'thermo_modify format float %.97g', 'thermo_modify format float %1000.97f', 'dump_modify d format float %.97e', 'thermo_modify format float %.100g',
  'thermo_modify format float %n', 'thermo_modify format int %s', 'variable bad equal 1/0', 'variable bad equal sqrt(-1)',
  'variable bad equal 1e308*10', 'thermo_style custom step v_bad', 'print ${bad}', 'region huge block 0 1e7 0 1e7 0 1e7',
  'create_box 2147483647 box', 'create_atoms 1 box', 'neighbor 1e308 bin', 'neighbor 0 bin', 'neigh_modify every 0',
  'neigh_modify one 1', 'dump_modify d format float %.1000000f', 'dump_modify d every 0', 'run 0', 'run -1',
  'write_data out2.data', 'write_restart r2.bin', 'read_restart r2.bin', 'clear', 'reset_timestep 9007199254740993',
  'reset_timestep -5', 'thermo 2147483647', 'variable l loop 1000000000', 'next l', 'label a', 'jump SELF a',
  'lattice fcc 1e-300', 'lattice fcc 1e300', 'fix 9 all langevin 300 300 nan 1', 'fix 9 all nvt temp 300 300 0',
  'fix 9 all npt temp 300 300 0.1 iso 0 0 1e-300', 'compute r all rdf 1000000000', 'compute m all msd', 'min_style fire',
  'minimize 0 0 1 1', 'include .', 'read_data .', 'kspace_style ewald 5e-324', 'kspace_style ewald 1e-300', 'set type 1 charge 1e308', 'set type 1 charge nan', 'group g type 1*2147483647', 'mass 0 1', 'mass 2147483648 1',
];

// ---------------------------------------------------------------------------------------------------------------
// Base cases: small decks (tens to a hundred atoms, a few steps) that run cleanly before any mutation.

/** Five numbers a line, as LAMMPS writes potential tables. */
function table(values: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < values.length; i += 5) out.push(values.slice(i, i + 5).map((v) => v.toExponential(12)).join(' '));
  return out.join('\n');
}
const grid = (n: number, d: number, f: (x: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i * d));
const smooth = (r: number, rc: number): number => (r >= rc ? 0 : (rc - r) ** 4 / (1 + (rc - r) ** 4));

/** A funcfl file (LAMMPS `eam`): F(ρ) = −√ρ, Z(r) and ρ(r) decaying smoothly to zero at 4.5 Å. */
function funcfl(): string {
  const n = 300, drho = 0.01, dr = 0.015, rc = 4.5;
  return ['analytic Cu-like funcfl for the fuzz test', '29 63.546 3.615 fcc', `${n} ${drho} ${n} ${dr} ${rc}`,
    table(grid(n, drho, (x) => -Math.sqrt(x))), table(grid(n, dr, (r) => 2 * Math.exp(-r) * smooth(r, rc))),
    table(grid(n, dr, (r) => Math.exp(-1.5 * r) * smooth(r, rc) * 4)), ''].join('\n');
}

/** An eam/fs file with two elements (Cu, Ni): ρ_ij for every pair, φ_ij for the lower triangle. */
function eamFs(): string {
  const n = 300, drho = 0.01, dr = 0.015, rc = 4.5;
  const lines = ['analytic CuNi eam/fs for the fuzz test', 'second comment', 'third comment', '2 Cu Ni', `${n} ${drho} ${n} ${dr} ${rc}`];
  for (const [z, m, s] of [[29, 63.546, 1], [28, 58.69, 1.1]]) {
    lines.push(`${z} ${m} 3.6 fcc`, table(grid(n, drho, (x) => -s * Math.sqrt(x))));
    for (const s2 of [1, 1.05]) lines.push(table(grid(n, dr, (r) => s2 * Math.exp(-1.5 * r) * smooth(r, rc) * 4)));
  }
  for (const s of [1, 1.1, 1.2]) lines.push(table(grid(n, dr, (r) => s * 8 * r * Math.exp(-2 * r) * smooth(r, rc))));
  return `${lines.join('\n')}\n`;
}

/** A data file of fcc Cu (3×3×3 cells, 108 atoms) with masses and velocities. */
function dataFile(charge: boolean): string {
  const a = 3.615, basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const atoms: string[] = [], vels: string[] = [];
  let id = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) for (const b of basis) {
    id++;
    const t = charge ? 1 + (id % 2) : 1;
    const xyz = [(i + b[0]) * a, (j + b[1]) * a, (k + b[2]) * a].map((x) => x.toFixed(6)).join(' ');
    atoms.push(charge ? `${id} ${t} ${t === 1 ? 0.5 : -0.5} ${xyz}` : `${id} ${t} ${xyz} 0 0 0`);
    vels.push(`${id} ${(((id * 37) % 11) - 5) / 100} ${(((id * 17) % 7) - 3) / 100} ${(((id * 13) % 5) - 2) / 100}`);
  }
  const types = charge ? 2 : 1;
  return [`fuzz data file${charge ? ' (charge)' : ''}`, '', `${id} atoms`, `${types} atom types`, '',
    `0 ${3 * a} xlo xhi`, `0 ${3 * a} ylo yhi`, `0 ${3 * a} zlo zhi`, '', 'Masses', '', '1 63.546', ...(charge ? ['2 16.0'] : []), '',
    `Atoms # ${charge ? 'charge' : 'atomic'}`, '', ...atoms, '', 'Velocities', '', ...vels, ''].join('\n');
}

const STREITZ = `# AlO.streitz (LAMMPS potentials, 2015-02-19), units metal
# X (eV) J (eV) gamma (1/ang) zeta (1/ang) Z (e)

Al 	0.000000	10.328655	0.000000	0.968438 	0.763905
O	5.484763	14.035715	0.000000	2.143957	0.000000
`;

const OUTPUT = ['thermo 2', 'thermo_style custom step temp pe ke etotal press pxx pyy pzz', 'dump d all custom 2 out.dump id type x y z vx vy vz fx fy fz',
  'dump_modify d sort id', 'fix 1 all nve', 'timestep 0.002', 'run 4', 'write_data out.data', 'write_restart out.restart'];
const crystal = (types: number, cells = 3): string[] => ['units metal', 'atom_style atomic', 'lattice fcc 3.615', `region box block 0 ${cells} 0 ${cells} 0 ${cells}`,
  `create_box ${types} box`, 'create_atoms 1 box'];
const deck = (...lines: string[]): string => `${lines.join('\n')}\n`;

interface Base { name: string; files: Record<string, string | Buffer>; targets: string[] }

function bases(restart: Buffer): Base[] {
  const cu = readFileSync(join(ROOT, 'potentials', 'eam', 'Cu_zjw04.eam.alloy'), 'utf8');
  const cuniAl = readFileSync(join(ROOT, 'potentials', 'eam', 'CuNiAl_zjw04.eam.alloy'), 'utf8');
  return [
    { name: 'setfl', targets: ['cu.eam.alloy', 'cu.eam.alloy', 'in.deck'], files: {
      'cu.eam.alloy': cu,
      'in.deck': deck(...crystal(1), 'mass 1 63.546', 'pair_style eam/alloy', 'pair_coeff * * cu.eam.alloy Cu', 'velocity all create 300 4928459', ...OUTPUT),
    } },
    { name: 'setfl-3', targets: ['cuniAl.eam.alloy', 'in.deck'], files: {
      'cuniAl.eam.alloy': cuniAl,
      'in.deck': deck(...crystal(3, 2), 'set type 1 type/fraction 2 0.3 4711', 'set type 1 type/fraction 3 0.2 4712', 'pair_style eam/alloy',
        'pair_coeff * * cuniAl.eam.alloy Cu Ni Al', 'velocity all create 600 1234 loop geom', ...OUTPUT),
    } },
    { name: 'funcfl', targets: ['cu.eam', 'cu.eam', 'in.deck'], files: {
      'cu.eam': funcfl(),
      'in.deck': deck(...crystal(1), 'pair_style eam', 'pair_coeff 1 1 cu.eam', 'velocity all create 300 87287', ...OUTPUT),
    } },
    { name: 'eam/fs', targets: ['cuni.eam.fs', 'cuni.eam.fs', 'in.deck'], files: {
      'cuni.eam.fs': eamFs(),
      'in.deck': deck(...crystal(2), 'mass * 60', 'set type 1 type/fraction 2 0.5 99', 'pair_style eam/fs', 'pair_coeff * * cuni.eam.fs Ni Cu',
        'velocity all create 300 5', ...OUTPUT),
    } },
    { name: 'read_data', targets: ['cu.data', 'cu.data', 'in.deck'], files: {
      'cu.eam.alloy': cu, 'cu.data': dataFile(false),
      'in.deck': deck('units metal', 'atom_style atomic', 'read_data cu.data', 'pair_style eam/alloy', 'pair_coeff * * cu.eam.alloy Cu', ...OUTPUT),
    } },
    { name: 'streitz', targets: ['AlO.streitz', 'alo.data', 'in.deck'], files: {
      'AlO.streitz': STREITZ, 'alo.data': dataFile(true),
      'in.deck': deck('units metal', 'atom_style charge', 'read_data alo.data', 'pair_style coul/streitz 6.0 wolf 0.3',
        'pair_coeff * * AlO.streitz Al O', 'fix q all qeq/slater 1 6.0 1e-6 100 coul/streitz',
        'thermo_style custom step pe ecoul press', 'thermo 1', 'run 2', 'write_data out.data'),
    } },
    { name: 'minimize', targets: ['in.deck'], files: {
      'cu.eam.alloy': cu,
      'in.deck': deck(...crystal(1, 2), 'mass 1 63.546', 'pair_style eam/alloy', 'pair_coeff * * cu.eam.alloy Cu',
        'displace_atoms all random 0.05 0.05 0.05 4711 units box', 'fix r all box/relax iso 0.0 vmax 0.001', 'min_style cg',
        'min_modify dmax 0.1 line quadratic', 'thermo 5', 'thermo_style custom step pe press vol lx', 'minimize 1e-10 1e-8 20 200',
        'unfix r', 'min_style fire', 'minimize 0 1e-6 10 100', 'write_data out.data'),
    } },
    { name: 'thermostats', targets: ['in.deck', 'in.include'], files: {
      'cu.eam.alloy': cu,
      'in.include': deck('variable t equal 300*(1+0.1*step/4)', 'variable e equal pe/atoms', 'thermo_style custom step temp pe v_e press c_msd[4]',
        'thermo_modify format float %.10g norm no'),
      'in.deck': deck(...crystal(1, 2), 'mass 1 63.546', 'pair_style eam/alloy', 'pair_coeff * * cu.eam.alloy Cu', 'variable s index 4',
        'velocity all create 600 4711 mom yes rot yes dist gaussian', 'compute msd all msd', 'fix n all npt temp 300 300 0.1 iso 0 0 1.0',
        'include in.include', 'thermo 1', 'dump d all extxyz 2 out.xyz vel forces', 'dump_modify d element Cu', 'run ${s}', 'unfix n',
        'fix l all langevin 300 300 0.1 48279', 'fix v all nve', 'fix m all momentum 1 linear 1 1 1', 'run 2', 'write_restart out.restart'),
    } },
    { name: 'ewald', targets: ['points.streitz', 'in.deck', 'in.deck'], files: {
      'points.streitz': 'Na 0.0 0.0 0.0 60.0 0.0\nCl 0.0 0.0 0.0 60.0 0.0\n',
      'in.deck': deck('units metal', 'atom_style charge', 'lattice fcc 5.64', 'region b block 0 2 0 2 0 2', 'create_box 2 b', 'create_atoms 1 box',
        'lattice fcc 5.64 origin 0.5 0 0', 'create_atoms 2 box', 'mass * 20', 'set type 1 charge 1.0', 'set type 2 charge -1.0',
        'pair_style coul/streitz 5.0 ewald', 'kspace_style ewald 1e-6', 'pair_coeff * * points.streitz Na Cl', 'thermo_style custom step pe ecoul elong press',
        'dump d all custom 1 out.dump id q fx fy fz', 'run 0', 'write_data out.data'),
    } },
    { name: 'read_restart', targets: ['in.restart', 'in.restart', 'in.deck'], files: {
      'in.restart': restart, 'cu.eam.alloy': cu,
      'in.deck': deck('read_restart in.restart', 'pair_style eam/alloy', 'pair_coeff * * cu.eam.alloy Cu', ...OUTPUT),
    } },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Running one case and judging what it left behind.

interface Outcome { code: number | null; signal: string | null; stderr: string; timedOut: boolean; ms: number }

function runEctmd(dir: string): Promise<Outcome> {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'ectmd.js'), '-in', 'in.deck', '-screen', 'none', '--workers', '1'],
      { cwd: dir, env: { ...process.env, ECTMD_DEBUG: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8').on('data', (s: string) => { if (stderr.length < 100_000) stderr += s; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, TIMEOUT_MS);
    child.on('close', (code, signal) => { clearTimeout(timer); done({ code, signal, stderr, timedOut, ms: performance.now() - t0 }); });
  });
}

const NONFINITE = /^[-+]?(nan|inf|infinity)$/i;
/** Thermo rows of a LAMMPS log: lines of numbers only, the first an integer step. */
const isThermoRow = (l: string): boolean => /^\s*\d+(\s+\S+)+\s*$/.test(l) && l.trim().split(/\s+/).every((w) => NONFINITE.test(w) || !Number.isNaN(Number(w)));

/** Everything wrong with one finished case (empty: it behaved). */
function judge(dir: string, o: Outcome, names: string[]): string[] {
  const bad: string[] = [];
  if (o.timedOut) return [`no result after ${TIMEOUT_MS / 1000} s (hang)`];
  if (o.signal) bad.push(`killed by ${o.signal}`);
  if (o.code !== 0 && o.code !== 1) bad.push(`exit code ${o.code}`);
  if (/\n\s+at .+[:(]\d+:\d+\)?/.test(o.stderr) || /\b(TypeError|RangeError|ReferenceError|SyntaxError|RuntimeError|Aborted|abort\()/.test(o.stderr)) {
    bad.push('stack trace or internal error on stderr');
  }
  const errors = o.stderr.split('\n').filter((l) => l.startsWith('ERROR'));
  if (o.code === 0 && errors.length) bad.push('exit 0 with an ERROR');
  if (o.code === 1) {
    if (errors.length !== 1) bad.push(`${errors.length} ERROR lines`);
    // the message names the file (the deck or the file it read) and the line
    const loc = new RegExp(`(?:^|\\s)(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}):\\d+:`);
    if (errors.length && !loc.test(errors[0].slice(7))) bad.push('ERROR does not name file:line');
  }
  const log = existsSync(join(dir, 'log.lammps')) ? readFileSync(join(dir, 'log.lammps'), 'latin1') : '';
  if (log.split('\n').some((l) => isThermoRow(l) && l.trim().split(/\s+/).some((w) => NONFINITE.test(w)))) bad.push('non-finite thermo in log.lammps');
  for (const f of readdirSync(dir)) {
    if (/\.tmp-\d+$/.test(f)) bad.push(`temporary file ${f} left behind`);
    if (/^out.*\.restart$/.test(f)) {
      // a restart written is one read_restart accepts: finite, in range (decodeRestart validates)
      try { decodeRestart(readFileSync(join(dir, f)), f); } catch (err) { bad.push((err as Error).message); }
    }
    if (/^out.*\.(data|dump|xyz)$/.test(f)) {
      const text = readFileSync(join(dir, f), 'latin1');
      if (text !== '' && !text.endsWith('\n')) bad.push(`${f} ends mid-line`);
      if (text.split(/\s+/).some((w) => NONFINITE.test(w))) bad.push(`non-finite number in ${f}`);
    }
  }
  return bad;
}

interface Case { index: number; base: string; target: string; mutations: string[] }

function makeCase(index: number, all: Base[], root: string): { c: Case; dir: string } {
  const r = rng(SEED, index);
  const base = pick(r, all);
  const target = pick(r, base.targets);
  const c: Case = { index, base: base.name, target, mutations: [] };
  const dir = join(root, `case-${index}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(base.files)) {
    let out: string | Buffer = content;
    if (name === target) {
      if (Buffer.isBuffer(content)) out = mutateBinary(content, r, c.mutations);
      else if (name === 'in.deck' && r() < 0.4) {
        const ls = content.split('\n');
        const line = pick(r, HOSTILE_LINES);
        ls.splice(1 + below(r, ls.length - 1), 0, line);
        c.mutations.push(`insert '${line}'`);
        out = ls.join('\n');
      } else out = mutateText(content, r, c.mutations);
    }
    writeFileSync(join(dir, name), out);
  }
  return { c, dir };
}

async function pool<T>(n: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (next < jobs.length) { const k = next++; out[k] = await jobs[k](); } }));
  return out;
}

const root = mkdtempSync(join(tmpdir(), 'ectmd-fuzz-'));
afterAll(() => { if (!KEEP) rmSync(root, { recursive: true, force: true }); });

describe(`fuzz (seed ${SEED})`, () => {
  test(`${ONLY === null ? CASES : (ONLY < ECT_BASE ? 1 : 0)} mutated decks, potentials, data and restart files: finite output or one clear ERROR`, async () => {
    // the restart file the read_restart base starts from, written by an unmutated setfl run
    const all0 = bases(Buffer.alloc(0));
    const seedDir = join(root, 'seed');
    mkdirSync(seedDir);
    for (const [n, t] of Object.entries(all0[0].files)) writeFileSync(join(seedDir, n), t);
    const r0 = spawnSync(process.execPath, [join(ROOT, 'bin', 'ectmd.js'), '-in', 'in.deck', '-screen', 'none', '--workers', '1'], { cwd: seedDir, encoding: 'utf8' });
    expect(r0.stderr).toBe('');
    const all = bases(readFileSync(join(seedDir, 'out.restart')));

    // every base runs cleanly before any mutation, so that a mutant's error is the mutation's
    const clean = await pool(PARALLEL, all.map((b) => async () => {
      const dir = join(root, `base-${b.name.replace('/', '-')}`);
      mkdirSync(dir);
      for (const [n, t] of Object.entries(b.files)) writeFileSync(join(dir, n), t);
      const o = await runEctmd(dir);
      const problems = judge(dir, o, Object.keys(b.files));
      return o.code === 0 && !problems.length ? '' : `base ${b.name}: exit ${o.code} ${problems.join('; ')} ${o.stderr.slice(0, 300)}`;
    }));
    expect(clean.filter((x) => x).join('\n')).toBe('');

    const indices = ONLY === null ? Array.from({ length: CASES }, (_, i) => i) : (ONLY < ECT_BASE ? [ONLY] : []);
    const results = await pool(PARALLEL, indices.map((i) => async () => {
      const { c, dir } = makeCase(i, all, root);
      const o = await runEctmd(dir);
      const problems = judge(dir, o, Object.keys(all.find((b) => b.name === c.base)!.files).concat(['out.data', 'out2.data', 'r2.bin', 'out.restart']));
      if (!KEEP && !problems.length) rmSync(dir, { recursive: true, force: true });
      return { c, o, problems };
    }));
    const failures = results.filter((x) => x.problems.length);
    const report = failures.map(({ c, o, problems }) =>
      `case ${c.index} (${c.base}, ${c.target}: ${c.mutations.join(', ')}): ${problems.join('; ')}\n  ${o.stderr.trim().split('\n').slice(0, 6).join('\n  ')}\n` +
      `  reproduce: ECTMD_FUZZ_SEED=${SEED} ECTMD_FUZZ_CASE=${c.index} ECTMD_FUZZ_KEEP=1 npx vitest run test/fuzz`);
    if (process.env.ECTMD_FUZZ_STATS) {
      const ok = results.filter((x) => x.o.code === 0).length;
      console.log(`${ok} ran, ${results.length - ok} stopped with an error; slowest ${Math.max(...results.map((x) => x.o.ms)).toFixed(0)} ms`);
      for (const x of results) if (x.o.code !== 0) console.log(`${x.c.index} ${x.c.base} ${x.c.mutations.join(',')}: ${x.o.stderr.split('\n').find((l) => l.startsWith('ERROR'))?.slice(0, 200)}`);
    }
    expect(report.join('\n')).toBe('');
  }, 600_000);

  test(`${ECT_CASES} mutated .ect files: the reader returns or throws an EctmdError naming file and line`, () => {
    const texts = ['Cu', 'Ni', 'AlO'].map((e) => readFileSync(join(ROOT, 'potentials', 'ect', `${e}.ect`), 'utf8'));
    const report: string[] = [];
    for (let i = 0; i < ECT_CASES; i++) {
      if (ONLY !== null && ONLY !== ECT_BASE + i) continue;
      const r = rng(SEED, ECT_BASE + i);
      const muts: string[] = [];
      const text = mutateText(pick(r, texts), r, muts);
      try {
        readEct(text, 'fuzz.ect');
      } catch (err) {
        if (!(err instanceof EctmdError)) report.push(`case ${ECT_BASE + i} (${muts.join(', ')}): ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
        else if (!/^fuzz\.ect:\d+: /.test(err.message)) report.push(`case ${ECT_BASE + i} (${muts.join(', ')}): message does not start with file:line: ${err.message.slice(0, 200)}`);
      }
    }
    if (report.length) report.push(`reproduce: ECTMD_FUZZ_SEED=${SEED} ECTMD_FUZZ_CASE=N npx vitest run test/fuzz -t ect`);
    expect(report.join('\n')).toBe('');
  }, 120_000);
});
