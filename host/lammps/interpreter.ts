// The LAMMPS input-script interpreter: reads lines (continuations, comments, variable substitution, quotes),
// dispatches each command, and runs MD (`run N`: velocity-Verlet with neighbour-list decisions, thermo and dump
// output, LAMMPS's end-of-run statistics) and `minimize` (host/minimize/). Every command it does not know is an error
// naming file and line.

import { readFileSync, existsSync, appendFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Engine, type PerAtomRequest } from '../engine/engine.js';
import type { KernelKind } from '../wasm/kernel.js';
import { Output, type EchoMode } from '../io/output.js';
import { ThermoStyle, isThermoKeyword } from '../io/thermo.js';
import { DumpCustom, writeDump } from '../io/dump-custom.js';
import { createCompute, type Compute } from '../compute/computes.js';
import type { Fix } from '../fix/fix.js';
import type { Team } from '../parallel/team.js';
import { FIX_STYLES } from '../fix/registry.js';
import { pairStyles } from '../pair/registry.js';
import { Variables } from './variables.js';
import { stripComment, splitWords } from './tokenize.js';
import { typeBounds } from './bounds.js';
import type { Where } from './where.js';
import { permutationByTag, permuteRows } from '../system/sort.js';
import { EctmdError, fileError, inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import { parseLattice, type Lattice } from '../system/lattice.js';
import { parseRegion, type Region } from '../system/region.js';
import { createAtomsLattice } from '../system/create-atoms.js';
import { velocityCommand } from '../system/velocity.js';
import { displaceAtomsRandom, setTypeFraction } from '../system/modify-atoms.js';
import { remapAll } from '../system/remap.js';
import { readDataFile, writeDataFile } from '../io/data-file.js';
import { Box } from '../system/box.js';
import { METAL } from '../system/units.js';
import { sprintf } from '../io/format.js';
import { KSpaceEwald } from '../kspace/ewald.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { defaultMinSettings, minModifyCommand, minStyleCommand } from '../minimize/settings.js';
import { minimize, parseMinimizeArgs } from '../minimize/minimize.js';
import type { RestartData, RunMark } from '../io/restart-file.js';
import { RestartSchedule, RunInterrupted, STOP_SIGNALS, applyRestart, captureRestart, readRestart, restoreFixState, writeRestart } from './restart.js';

export interface InterpreterOptions {
  kernel: KernelKind;
  logPath: string | null;
  logAppend?: boolean;
  /** the screen is a terminal (default: process.stdout.isTTY) */
  tty?: boolean;
  screen: boolean;
  echo?: EchoMode;
  vars?: Record<string, string[]>;
  /** worker team sharing the force passes (null or absent: the main thread alone) */
  team?: Team | null;
  /** restart file written inside a run: replay the deck without running up to that run, then finish it */
  resume?: string;
  /** set (by the CLI's main thread) to the number of a signal that asks the run to stop */
  interrupt?: Int32Array;
}

/** Input files open at once (the -in file and nested includes); LAMMPS has no limit short of the OS's open files,
 * ectmd stops a script that includes itself before the JavaScript stack does. */
export const MAX_INCLUDE_DEPTH = 64;

/** LAMMPS's MAXSMALLINT: the most steps one `run` may ask for. */
export const MAX_RUN_STEPS = 2147483647;

export class Interpreter {
  engine: Engine;
  private readonly kernelKind: KernelKind;
  readonly out: Output;
  readonly vars: Variables;
  /** LAMMPS starts with `lattice none 1.0` */
  private lattice: Lattice = parseLattice(['none', '1.0'], { file: '-', line: 0 });
  private regions = new Map<string, Region>();
  private groups = new Map<string, Uint8Array | null>([['all', null]]);
  private computes = new Map<string, Compute>();
  private fixes = new Map<string, Fix>();
  private dumps = new Map<string, DumpCustom>();
  /** files of the `dump custom` commands with a per-atom charge column q, in the order defined (for --plot) */
  readonly chargeDumpFiles: string[] = [];
  private thermo = new ThermoStyle();
  private minSettings = defaultMinSettings();
  private runStart = 0;
  private fileStack: string[] = [];
  private restart = new RestartSchedule();
  /** fix states from read_restart, for fixes defined later with the same ID and style */
  private pendingFixStates: RestartData['fixes'] = [];
  /** `run` commands executed so far (a restart written in a run records its ordinal) */
  private runCount = 0;
  /** --resume: the restart file, until the deck reaches the run it was written in */
  private resume: { path: string; data: RestartData & { run: RunMark } } | null = null;
  private readonly interrupt?: Int32Array;

  private readonly team: Team | null;
  /** `timer`: what the end of a run reports beyond its loop time (off and loop: nothing; normal: the timing breakdown;
   *  full: also the worker team's per-command times) */
  private timerLevel: 'off' | 'loop' | 'normal' | 'full' = 'normal';

  constructor(opts: InterpreterOptions) {
    this.kernelKind = opts.kernel;
    this.team = opts.team ?? null;
    this.engine = new Engine(opts.kernel, this.team);
    this.engine.permuteState = (perm) => this.permuteState(perm);
    this.out = new Output({ screen: opts.screen, logPath: opts.logPath, append: opts.logAppend, tty: opts.tty });
    if (opts.echo) this.out.echo = opts.echo;
    this.vars = new Variables({
      thermo: (k) => this.thermoValueOrUndefined(k),
      variable: (name) => this.vars.numeric(name, { file: this.fileStack.at(-1) ?? '-', line: 0 }),
      compute: (id, index) => this.computeGlobal(id, index, { file: this.fileStack.at(-1) ?? '-', line: 0 }),
      count: (group) => {
        if (!this.groups.has(group)) return undefined;
        const m = this.groups.get(group);
        return m ? m.reduce((c, v) => c + v, 0) : this.engine.atoms.n;
      },
    });
    for (const [name, values] of Object.entries(opts.vars ?? {})) this.vars.defineCommandLine(name, values);
    this.interrupt = opts.interrupt;
    if (opts.resume) {
      const data = readRestart(opts.resume);
      if (!data.run) throw new EctmdError(`Cannot resume from ${opts.resume}: expected a restart file written during a run (by 'restart N' or an interrupt), found one written by write_restart (use read_restart in the deck)`, opts.resume);
      this.resume = { path: opts.resume, data: data as RestartData & { run: RunMark } };
    }
  }

  /** The fix defined with this ID (tests and embedding programs read its state). */
  getFix(id: string): Fix | undefined { return this.fixes.get(id); }

  /** After the deck: a --resume whose run the deck never reached is an error. */
  finish(): void {
    const r = this.resume;
    if (r) throw new EctmdError(`Cannot resume from ${r.path}: expected the deck to reach run #${r.data.run.ordinal} (${r.data.run.file}:${r.data.run.line}), found ${this.runCount} run commands`, r.path);
  }

  /** Execute an input file (the -in file, or an `include`). */
  file(path: string, where?: Where): void {
    const at = where ? `${where.file}:${where.line}: ` : '';
    if (!existsSync(path)) throw new EctmdError(`${at}Cannot open input script ${path}: no such file`, where?.file ?? path, where?.line);
    if (this.fileStack.length >= MAX_INCLUDE_DEPTH) {
      throw new EctmdError(`${at}Too deeply nested include: expected at most ${MAX_INCLUDE_DEPTH} input files open at once, found another include of ${path}`, where?.file ?? path, where?.line);
    }
    let text: string;
    try { text = readFileSync(path, 'utf8'); } catch (err) { throw fileError('input script', path, err, where); }
    this.fileStack.push(path);
    try {
      const lines = text.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        const first = i + 1;
        let line = lines[i];
        // '&' at the end of a line continues it on the next
        while (/&\s*$/.test(line) && i + 1 < lines.length) {
          line = line.replace(/&\s*$/, ' ') + lines[++i];
        }
        this.line(line, { file: path, line: first });
      }
    } finally {
      this.fileStack.pop();
    }
  }

  /** Execute one input line. */
  line(raw: string, where: Where): void {
    this.out.echoLine(raw);
    const noComment = stripComment(raw);
    if (noComment.trim() === '') return;
    const substituted = this.vars.substitute(noComment, where);
    if (substituted !== noComment) this.out.echoLine(substituted);
    const words = splitWords(substituted, where);
    if (words.length === 0) return;
    const sig = this.interrupt ? Atomics.load(this.interrupt, 0) : 0;
    if (sig) throw new RunInterrupted(sig, `Stopped by ${STOP_SIGNALS[sig] ?? `signal ${sig}`} at ${where.file}:${where.line}, outside a run: no restart file written`);
    try {
      this.command(words[0], words.slice(1), where);
    } catch (err) {
      // an error raised below the interpreter without a place (a run that turns non-finite, a kernel out of
      // memory) is reported at the command that caused it
      if (err instanceof EctmdError && err.file === undefined) throw new EctmdError(`${where.file}:${where.line}: ${err.message}`, where.file, where.line);
      throw err;
    }
  }

  private mask(group: string, where: Where): Uint8Array | null {
    if (!this.groups.has(group)) throw inputError(where.file, where.line, 'Could not find group ID', 'an existing group', group);
    return this.groups.get(group)!;
  }

  private box(where: Where, cmd: string): Box {
    return this.engine.requireBox(where, cmd);
  }

  command(cmd: string, args: string[], where: Where): void {
    const e = this.engine, atoms = e.atoms;
    const num = (k: number, what: string) => parseFiniteFloat(args[k], where.file, where.line, `${cmd} ${what}`);
    const int = (k: number, what: string) => parseInteger(args[k], where.file, where.line, `${cmd} ${what}`);
    switch (cmd) {
      case 'units':
        if (args[0] !== 'metal') throw inputError(where.file, where.line, 'Illegal units command', "'metal' (the only unit system ectmd supports)", String(args[0]));
        return;
      case 'atom_style':
        if (args[0] !== 'atomic' && args[0] !== 'charge') throw inputError(where.file, where.line, 'Unknown atom style', 'atomic or charge', String(args[0]));
        if (e.box) throw inputError(where.file, where.line, 'atom_style command after simulation box is defined', 'atom_style before create_box/read_data', 'atom_style');
        atoms.style = args[0];
        return;
      case 'boundary':
        if (args.join(' ') !== 'p p p') throw inputError(where.file, where.line, 'Unsupported boundary', "'p p p' (fully periodic)", args.join(' '));
        return;
      case 'newton':
        if (args.some((a) => a !== 'on')) throw inputError(where.file, where.line, 'Unsupported newton setting', "'on'", args.join(' '));
        return;
      case 'dimension':
        if (args[0] !== '3') throw inputError(where.file, where.line, 'Unsupported dimension', '3', String(args[0]));
        return;
      case 'atom_modify':
        this.atomModify(args, where);
        return;
      case 'lattice':
        this.lattice = parseLattice(args, where);
        this.out.print(`Lattice spacing in x,y,z = ${[this.lattice.xlattice, this.lattice.ylattice, this.lattice.zlattice].map((v) => sprintf('%.7f', v)).join(' ')}`);
        return;
      case 'region': {
        const r = parseRegion(args, this.lattice, where, e.box);
        if (this.regions.has(r.id)) throw inputError(where.file, where.line, 'Reuse of region ID', 'a new region ID', r.id);
        this.regions.set(r.id, r);
        return;
      }
      case 'create_box': {
        if (e.box) throw inputError(where.file, where.line, 'Cannot create_box after simulation box is defined', 'no box yet', 'an existing box');
        const n = int(0, 'number of atom types');
        if (n < 1) throw inputError(where.file, where.line, 'Illegal create_box command', 'at least 1 atom type', String(n));
        const r = this.regions.get(args[1]);
        if (!r) throw inputError(where.file, where.line, 'Create_box region ID does not exist', 'an existing region', String(args[1]));
        e.box = r.boxFor();
        atoms.setTypes(n);
        const b = e.box;
        this.out.print(`Created ${b.triclinic ? 'triclinic' : 'orthogonal'} box = (${b.lo.map((v) => sprintf('%.7f', v)).join(' ')}) to (${b.hi.map((v) => sprintf('%.7f', v)).join(' ')})${b.triclinic ? ` with tilt (${[b.xy, b.xz, b.yz].map((v) => sprintf('%.7f', v)).join(' ')})` : ''}`);
        return;
      }
      case 'create_atoms': {
        const box = this.box(where, 'Create_atoms');
        const t = int(0, 'type');
        if (t < 1 || t > atoms.ntypes) throw inputError(where.file, where.line, 'Invalid atom type in create_atoms command', `1..${atoms.ntypes}`, String(t));
        let region: Region | null = null;
        if (args[1] === 'region') {
          region = this.regions.get(args[2]) ?? null;
          if (!region) throw inputError(where.file, where.line, 'Create_atoms region ID does not exist', 'an existing region', String(args[2]));
        } else if (args[1] !== 'box') throw inputError(where.file, where.line, 'Illegal create_atoms command', "'box' or 'region ID'", String(args[1]));
        if (args.length > (region ? 3 : 2)) throw inputError(where.file, where.line, 'Unsupported create_atoms keyword', 'no keywords', args.slice(region ? 3 : 2).join(' '));
        if (this.lattice.style === 'none') throw inputError(where.file, where.line, 'Cannot create atoms with undefined lattice', 'a lattice command first', 'lattice none');
        const count = createAtomsLattice(atoms, box, this.lattice, t, region);
        this.out.print(`Created ${count} atoms`);
        return;
      }
      case 'mass': {
        if (!e.box) throw inputError(where.file, where.line, 'Mass command before simulation box is defined', 'create_box or read_data first', 'mass');
        const [lo, hi] = typeBounds(args[0] ?? '', atoms.ntypes, where);
        const m = num(1, 'value');
        if (!(m > 0)) throw inputError(where.file, where.line, 'Invalid mass value', 'a positive mass', String(args[1]));
        for (let t = lo; t <= hi; t++) { atoms.mass[t] = m; atoms.massSet[t] = 1; }
        return;
      }
      case 'group': {
        const name = args[0];
        if (!name || args[1] !== 'type' || args.length < 3) throw inputError(where.file, where.line, 'Illegal group command', "'group NAME type T1 T2 ...'", args.join(' '));
        const mask = new Uint8Array(atoms.n);
        for (const tok of args.slice(2)) {
          const [lo, hi] = typeBounds(tok, atoms.ntypes, where);
          for (let i = 0; i < atoms.n; i++) if (atoms.type[i] >= lo && atoms.type[i] <= hi) mask[i] = 1;
        }
        this.groups.set(name, mask);
        let c = 0; for (const v of mask) c += v;
        this.out.print(`${c} atoms in group ${name}`);
        return;
      }
      case 'set': return this.set(args, where);
      case 'displace_atoms': {
        const box = this.box(where, 'Displace_atoms');
        const mask = this.mask(args[0], where);
        if (args[1] !== 'random') throw inputError(where.file, where.line, 'Unsupported displace_atoms style', 'random', String(args[1]));
        let units: 'box' | 'lattice' = 'lattice';
        if (args.length === 8 && args[6] === 'units' && (args[7] === 'box' || args[7] === 'lattice')) units = args[7];
        else if (args.length !== 6) throw inputError(where.file, where.line, 'Illegal displace_atoms command', 'GROUP random dx dy dz seed [units box|lattice]', args.join(' '));
        displaceAtomsRandom(atoms, box, this.lattice, mask, num(2, 'dx'), num(3, 'dy'), num(4, 'dz'), int(5, 'seed'), units, where);
        return;
      }
      case 'velocity': {
        const box = this.box(where, 'Velocity');
        const mask = this.mask(args[0], where);
        velocityCommand(atoms, box, this.lattice, mask, args.slice(1), where);
        return;
      }
      case 'pair_style': {
        const f = pairStyles[args[0]];
        if (!f) throw inputError(where.file, where.line, 'Unrecognized pair style', Object.keys(pairStyles).join(', '), String(args[0]));
        const p = f();
        p.settings(args.slice(1), where);
        e.pair = p;
        e.pairCommands = [[cmd, ...args]];
        return;
      }
      case 'kspace_style':
        if (args[0] === 'none' && args.length === 1) { e.kspace = null; return; }
        if (args[0] !== 'ewald') throw inputError(where.file, where.line, 'Unrecognized kspace style', "ewald (or none)", String(args[0]));
        e.kspace = new KSpaceEwald(args.slice(1), where);
        return;
      case 'pair_modify':
        this.pairModify(args, where);
        e.pairCommands.push([cmd, ...args]);
        return;
      case 'pair_coeff':
        if (!e.box) throw inputError(where.file, where.line, 'Pair_coeff command before simulation box is defined', 'create_box or read_data first', 'pair_coeff');
        if (!e.pair) throw inputError(where.file, where.line, 'Pair_coeff command before pair_style is defined', 'pair_style first', 'pair_coeff');
        e.pair.coeff(args, where, atoms);
        e.pairCommands.push([cmd, ...args]);
        return;
      case 'neighbor': {
        const skin = num(0, 'skin');
        if (skin < 0 || args[1] !== 'bin') throw inputError(where.file, where.line, 'Illegal neighbor command', 'SKIN bin (SKIN >= 0)', args.join(' '));
        e.neighbor.settings.skin = skin;
        return;
      }
      case 'neigh_modify': return this.neighModify(args, where);
      case 'fix': {
        if (args.length < 3) throw inputError(where.file, where.line, 'Illegal fix command', 'fix ID GROUP STYLE [args]', args.join(' '));
        const factory = FIX_STYLES.get(args[2]);
        if (!factory) throw inputError(where.file, where.line, 'Unknown fix style', [...FIX_STYLES.keys()].join(', '), args[2]);
        // LAMMPS: a fix with an existing ID replaces it (same style only)
        const old = this.fixes.get(args[0]);
        if (old && old.style !== args[2]) throw inputError(where.file, where.line, 'Replacing a fix, but new style != old style', old.style, args[2]);
        const fix = factory(args[0], this.mask(args[1], where), args.slice(3), { engine: e, where, warn: (msg) => this.out.warn(msg) });
        restoreFixState(this.pendingFixStates, fix, where);
        this.fixes.set(args[0], fix);
        return;
      }
      case 'unfix':
        if (!this.fixes.delete(args[0])) throw inputError(where.file, where.line, 'Could not find fix ID to delete', 'an existing fix', String(args[0]));
        return;
      case 'timestep': {
        const dt = num(0, 'size');
        if (!(dt > 0)) throw inputError(where.file, where.line, 'Illegal timestep command', 'a positive timestep (ps)', String(args[0]));
        e.dt = dt;
        return;
      }
      case 'reset_timestep': e.step = int(0, 'step'); return;
      case 'thermo': {
        const n = int(0, 'N');
        if (n < 0) throw inputError(where.file, where.line, 'Illegal thermo command', 'N >= 0', String(n));
        this.thermo.every = n;
        return;
      }
      case 'thermo_style': this.thermo.style(args, where); this.checkThermoRefs(where); return;
      case 'thermo_modify': this.thermo.modify(args, where); return;
      case 'compute': {
        if (args.length < 3) throw inputError(where.file, where.line, 'Illegal compute command', 'ID GROUP STYLE ...', args.join(' '));
        if (this.computes.has(args[0])) throw inputError(where.file, where.line, 'Reuse of compute ID', 'a new compute ID', args[0]);
        this.computes.set(args[0], createCompute(args[0], args[2], this.mask(args[1], where), args.slice(3), where, (id) => this.computes.get(id), e));
        return;
      }
      case 'uncompute':
        if (!this.computes.delete(args[0])) throw inputError(where.file, where.line, 'Could not find compute ID to delete', 'an existing compute', String(args[0]));
        return;
      case 'dump': {
        if (!((args[2] === 'custom' && args.length >= 6) || (args[2] === 'extxyz' && args.length >= 5))) {
          throw inputError(where.file, where.line, 'Unsupported dump style', "'dump ID GROUP custom N FILE COLUMNS...' or 'dump ID GROUP extxyz N FILE [vel] [forces]'", args.slice(2).join(' '));
        }
        if (this.dumps.has(args[0])) throw inputError(where.file, where.line, 'Reuse of dump ID', 'a new dump ID', args[0]);
        this.dumps.set(args[0], new DumpCustom(args[0], args[2], this.mask(args[1], where), int(3, 'N'), args[4], args.slice(5), where, (id) => this.computes.get(id)));
        if (args[2] === 'custom' && args.slice(5).includes('q') && !this.chargeDumpFiles.includes(args[4])) this.chargeDumpFiles.push(args[4]);
        return;
      }
      case 'write_dump': return this.writeDump(args, where);
      case 'dump_modify': {
        const d = this.dumps.get(args[0]);
        if (!d) throw inputError(where.file, where.line, 'Could not find dump_modify ID', 'an existing dump', String(args[0]));
        d.modify(args.slice(1), where);
        return;
      }
      case 'undump':
        if (!this.dumps.delete(args[0])) throw inputError(where.file, where.line, 'Could not find undump ID', 'an existing dump', String(args[0]));
        return;
      case 'min_style': minStyleCommand(this.minSettings, args, where); return;
      case 'min_modify': minModifyCommand(this.minSettings, args, where); return;
      case 'minimize': this.minimizeCommand(args, where); return;
      case 'run': {
        if (!(args.length === 1 || (args.length === 2 && args[1] === 'upto'))) throw inputError(where.file, where.line, 'Unsupported run command', "'run N' or 'run N upto'", args.join(' '));
        const n = int(0, 'N');
        const ordinal = ++this.runCount;
        if (this.resume) return this.resumeRun(ordinal, where, args[1] === 'upto' ? null : n);
        const steps = args[1] === 'upto' ? n - e.step : n;
        // LAMMPS Run::command: "Invalid run command N value" beyond MAXSMALLINT
        if (steps > MAX_RUN_STEPS) throw inputError(where.file, where.line, 'Invalid run command N value', `at most ${MAX_RUN_STEPS} steps`, String(steps));
        if (steps < 0) throw inputError(where.file, where.line, 'Illegal run command', args[1] === 'upto' ? `an end step >= the current step ${e.step}` : 'N >= 0', String(n));
        this.run(steps, where, { file: where.file, line: where.line, ordinal, endStep: e.step + steps });
        return;
      }
      case 'restart': this.restart.command(args, where); return;
      case 'write_restart': {
        if (args.length !== 1) throw inputError(where.file, where.line, 'Illegal write_restart command', 'write_restart FILE', args.join(' ') || '(nothing)');
        this.box(where, 'Write_restart');
        if (this.skipWhileResuming('write_restart', where)) return;
        writeRestart(args[0], captureRestart(e, this.fixes.values(), null), where);
        return;
      }
      case 'read_restart': {
        if (args.length !== 1) throw inputError(where.file, where.line, 'Illegal read_restart command', 'read_restart FILE', args.join(' ') || '(nothing)');
        if (e.box) throw inputError(where.file, where.line, 'Cannot read_restart after simulation box is defined', 'no box yet', 'an existing box');
        this.applyRestart(readRestart(args[0], where), args[0]);
        return;
      }
      case 'variable': this.vars.command(args, where); return;
      case 'next': this.vars.next(args, where); return;
      case 'include': {
        if (args.length !== 1) throw inputError(where.file, where.line, 'Illegal include command', 'one file name', args.join(' '));
        this.file(args[0], where);
        return;
      }
      case 'print': this.printCommand(args, where); return;
      case 'timer': this.timerCommand(args, where); return;
      case 'echo':
        if (!['none', 'screen', 'log', 'both'].includes(args[0])) throw inputError(where.file, where.line, 'Illegal echo command', 'none, screen, log or both', String(args[0]));
        this.out.echo = args[0] as EchoMode;
        return;
      case 'log':
        if (args.length < 1) throw inputError(where.file, where.line, 'Illegal log command', 'a file name', 'nothing');
        this.out.openLog(args[0] === 'none' ? null : args[0], args[1] === 'append', where);
        return;
      case 'package': {
        // `package omp N`: the number of workers sharing the force passes. The team starts before the script
        // runs (the CLI reads a literal N from the script, or --workers), so here N must match it.
        if (args[0] !== 'omp' || args.length < 2) throw inputError(where.file, where.line, 'Unsupported package command', "'package omp N'", args.join(' '));
        const n = int(1, 'number of workers');
        const have = this.team?.ranks ?? 1;
        if (n !== have) {
          throw inputError(where.file, where.line, 'package omp', `${have} (the workers this run started with: set them with --workers N or a literal 'package omp N' line)`, String(n));
        }
        return;
      }
      case 'read_data': return this.readData(args, where);
      case 'clear':
        if (args.length) throw inputError(where.file, where.line, 'Illegal clear command', 'no arguments', args.join(' '));
        this.clear();
        return;
      case 'write_data':
        if (this.skipWhileResuming('write_data', where)) return;
        return this.writeData(args, where);
      default:
        throw inputError(where.file, where.line, 'Unknown command', 'a supported LAMMPS command (see docs/commands.md)', cmd);
    }
  }

  /** `print TEXT [file FILE] [append FILE] [screen yes|no] [universe yes|no]` (LAMMPS print): the text's variables ($x,
   *  ${name}, $(formula), also inside its quotes) are evaluated when the command runs; the text goes to the screen and
   *  log unless `screen no`, and to FILE, overwritten (`file`) or appended to (`append`). `universe yes` prints it to
   *  the screen and log once more, as LAMMPS does with one partition (its universe screen and log are the same). */
  private printCommand(args: string[], where: Where): void {
    const usage = 'print TEXT [file FILE] [append FILE] [screen yes|no] [universe yes|no]';
    if (args.length === 0) throw inputError(where.file, where.line, 'Illegal print command', usage, 'no text');
    let screen = true, universe = false, path: string | null = null, append = false;
    for (let k = 1; k < args.length; k += 2) {
      const kw = args[k], v = args[k + 1];
      if (!['file', 'append', 'screen', 'universe'].includes(kw)) throw inputError(where.file, where.line, 'Illegal print command', `a keyword file, append, screen or universe after the text (${usage})`, kw);
      if (v === undefined) throw inputError(where.file, where.line, 'Illegal print command', `a value after ${kw}`, 'end of line');
      if (kw === 'file' || kw === 'append') { path = v; append = kw === 'append'; continue; }
      if (v !== 'yes' && v !== 'no') throw inputError(where.file, where.line, 'Illegal print command', `${kw} yes or no`, v);
      if (kw === 'screen') screen = v === 'yes';
      else universe = v === 'yes';
    }
    const text = this.vars.substitute(args[0], where);
    if (screen) this.out.print(text);
    if (universe) this.out.print(text);
    if (path === null) return;
    if (append) {
      try { appendFileSync(path, text + '\n'); } catch (err) { throw fileError('print file', path, err, where); }
    } else writeFileAtomic(path, text + '\n', 'print file', where);
  }

  /** `atom_modify [map array|hash|yes] [sort Nfreq binsize]`: map is accepted (ectmd keeps its own ID map); sort sets
   *  the spatial sort of the atoms (host/system/sort.ts; Nfreq 0 turns it off, binsize 0 = half the neighbour cutoff). */
  private atomModify(args: string[], where: Where): void {
    const usage = "'map array|hash|yes' and/or 'sort Nfreq binsize'";
    if (args.length === 0) throw inputError(where.file, where.line, 'Illegal atom_modify command', usage, 'no arguments');
    const sort = { ...this.engine.sort };
    for (let k = 0; k < args.length;) {
      if (args[k] === 'map' && ['array', 'hash', 'yes'].includes(args[k + 1])) { k += 2; continue; }
      if (args[k] === 'sort') {
        if (k + 2 >= args.length) throw inputError(where.file, where.line, 'Illegal atom_modify command', 'sort Nfreq binsize', args.slice(k).join(' '));
        const every = parseInteger(args[k + 1], where.file, where.line, 'atom_modify sort Nfreq');
        const binsize = parseFiniteFloat(args[k + 2], where.file, where.line, 'atom_modify sort binsize');
        if (every < 0 || binsize < 0) throw inputError(where.file, where.line, 'Illegal atom_modify command', 'sort Nfreq >= 0 and binsize >= 0', `sort ${args[k + 1]} ${args[k + 2]}`);
        sort.every = every; sort.binsize = binsize;
        k += 3;
        continue;
      }
      throw inputError(where.file, where.line, 'Unsupported atom_modify', usage, args.slice(k).join(' '));
    }
    Object.assign(this.engine.sort, sort);
  }

  /** Reorder the per-atom state the deck made — group masks, fixes' and computes' per-atom arrays — as the atoms were
   *  reordered (spatial sort, or --resume's atom order): atom k of the new order is the old atom perm[k]. */
  private permuteState(perm: Int32Array): void {
    for (const [name, mask] of this.groups) {
      if (!mask) continue;
      if (mask.length < perm.length) {
        throw new EctmdError(`Cannot sort atoms: group ${name} was defined when there were ${mask.length} atoms, now there are ${perm.length} (define groups after all atoms are created, or turn sorting off with 'atom_modify sort 0 0.0')`);
      }
      permuteRows(mask, perm, 1);
    }
    for (const f of this.fixes.values()) f.permute?.(perm);
    for (const c of this.computes.values()) c.permute?.(perm);
  }

  /** LAMMPS `clear`: forget the box, atoms and every setting; variables survive. */
  private clear(): void {
    this.engine = new Engine(this.kernelKind, this.team);
    this.engine.permuteState = (perm) => this.permuteState(perm);
    this.lattice = parseLattice(['none', '1.0'], { file: '-', line: 0 });
    this.regions.clear();
    this.groups = new Map([['all', null]]);
    this.computes.clear();
    this.fixes.clear();
    this.dumps.clear();
    this.thermo = new ThermoStyle();
    this.minSettings = defaultMinSettings();
    this.restart = new RestartSchedule();
    this.pendingFixStates = [];
  }

  /** State from a restart file: box, atoms, step, pair commands, neighbour settings; fix states wait for their fixes. */
  private applyRestart(d: RestartData, path: string): void {
    applyRestart(d, this.engine, path, (words, where) => this.command(words[0], words.slice(1), where));
    this.pendingFixStates = [...d.fixes];
    for (const f of this.fixes.values()) restoreFixState(this.pendingFixStates, f, { file: path, line: 0 });
    this.out.print(`Reading restart file ${path} ...\n  restoring atom style ${d.style}, ${d.tag.length} atoms, step ${d.step}`);
  }

  /** --resume: runs before the interrupted one are skipped; that one continues from the restart file to its end step. */
  /** `steps`: N of a plain `run N` (its first step, endStep − N, is where ramped fix targets start), null for `upto`. */
  private resumeRun(ordinal: number, where: Where, steps: number | null): void {
    const { path, data } = this.resume!, mark = data.run;
    if (ordinal < mark.ordinal) { this.out.print(`Resume: skipping run #${ordinal} at ${where.file}:${where.line} (finished before ${path} was written)`); return; }
    if (where.line !== mark.line || basename(where.file) !== basename(mark.file)) {
      throw inputError(where.file, where.line, `Cannot resume from ${path}`, `run #${mark.ordinal} at ${mark.file}:${mark.line} (the run it was written in)`, `run #${ordinal} at ${where.file}:${where.line}`);
    }
    this.resume = null;
    // the replayed deck's groups, fixes and computes follow the restart's atom order (atoms sorted since creation)
    const perm = permutationByTag(this.engine.atoms.tag.subarray(0, this.engine.atoms.n), data.tag);
    if (perm) this.permuteState(perm);
    this.applyRestart(data, path);
    for (const d of this.dumps.values()) d.resumeAt(data.step);
    this.out.print(`Resuming run #${ordinal} at step ${data.step} up to step ${mark.endStep}`);
    this.run(mark.endStep - data.step, where, { ...mark, file: where.file }, steps === null ? undefined : mark.endStep - steps);
  }

  /** `write_dump GROUP custom|extxyz FILE ARGS... [modify DUMP_MODIFY_ARGS...]`: one snapshot of the current state. */
  private writeDump(args: string[], where: Where): void {
    this.box(where, 'Write_dump');
    if (this.skipWhileResuming('write_dump', where)) return;
    writeDump(this.engine, args, (g) => this.mask(g, where), where, (id) => this.computes.get(id));
  }

  /** While --resume replays the deck up to the interrupted run, commands that write files are skipped. */
  private skipWhileResuming(cmd: string, where: Where): boolean {
    if (this.resume) this.out.print(`Resume: skipping ${cmd} at ${where.file}:${where.line} (before the resumed run)`);
    return this.resume !== null;
  }

  private set(args: string[], where: Where): void {
    const atoms = this.engine.atoms;
    this.box(where, 'Set');
    if (args[0] !== 'type' && args[0] !== 'group') throw inputError(where.file, where.line, 'Unsupported set style', 'type or group', String(args[0]));
    let select: Uint8Array;
    if (args[0] === 'type') {
      const [lo, hi] = typeBounds(args[1] ?? '', atoms.ntypes, where);
      select = new Uint8Array(atoms.n);
      for (let i = 0; i < atoms.n; i++) select[i] = atoms.type[i] >= lo && atoms.type[i] <= hi ? 1 : 0;
    } else {
      const m = this.mask(args[1], where);
      select = m ?? new Uint8Array(atoms.n).fill(1);
    }
    const kw = args[2];
    const num = (k: number, what: string) => parseFiniteFloat(args[k], where.file, where.line, `set ${what}`);
    const int = (k: number, what: string) => parseInteger(args[k], where.file, where.line, `set ${what}`);
    let count = 0;
    if (kw === 'type/fraction') {
      const t = int(3, 'type/fraction type'), frac = num(4, 'type/fraction fraction'), seed = int(5, 'type/fraction seed');
      if (t < 1 || t > atoms.ntypes) throw inputError(where.file, where.line, 'Invalid value in set command', `a type in 1..${atoms.ntypes}`, String(t));
      if (frac < 0 || frac > 1) throw inputError(where.file, where.line, 'Invalid value in set command', 'a fraction in [0,1]', String(frac));
      if (seed <= 0) throw inputError(where.file, where.line, 'Invalid random number seed in set command', 'a positive seed', String(seed));
      count = setTypeFraction(atoms, select, t, frac, seed, where);
    } else if (kw === 'type') {
      const t = int(3, 'type');
      if (t < 1 || t > atoms.ntypes) throw inputError(where.file, where.line, 'Invalid value in set command', `a type in 1..${atoms.ntypes}`, String(t));
      for (let i = 0; i < atoms.n; i++) if (select[i]) { atoms.type[i] = t; count++; }
    } else if (kw === 'charge') {
      if (atoms.style !== 'charge') throw inputError(where.file, where.line, 'Cannot set attribute charge for atom style atomic', "atom_style charge", 'atom_style atomic');
      const q = num(3, 'charge');
      for (let i = 0; i < atoms.n; i++) if (select[i]) { atoms.q[i] = q; count++; }
    } else throw inputError(where.file, where.line, 'Unsupported set keyword', 'type, type/fraction or charge', String(kw));
    this.out.print(`Setting atom values ...\n  ${count} settings made for ${kw}`);
  }

  /** `pair_modify table N` (LAMMPS: 2^N table points for Coulomb styles; 0 = no tables). ectmd's tables have a fixed
   *  grid of their own (assembly/coulomb-table.ts), so N > 0 turns them on and 0 off; styles without tables ignore
   *  it, as LAMMPS's do. Other keywords are not supported. */
  private pairModify(args: string[], where: Where): void {
    const e = this.engine;
    if (!e.pair) throw inputError(where.file, where.line, 'Pair_modify command before pair_style is defined', 'pair_style first', 'pair_modify');
    if (args.length === 0) throw inputError(where.file, where.line, 'Illegal pair_modify command', "'table N'", 'no arguments');
    for (let i = 0; i < args.length; i += 2) {
      const k = args[i], v = args[i + 1];
      if (k !== 'table') throw inputError(where.file, where.line, 'Unsupported pair_modify keyword', 'table', k);
      if (v === undefined) throw inputError(where.file, where.line, 'Illegal pair_modify command', 'table N (an integer >= 0)', 'nothing after table');
      const n = parseInteger(v, where.file, where.line, 'pair_modify table');
      if (n < 0) throw inputError(where.file, where.line, 'Illegal pair_modify command', 'table N (an integer >= 0)', v);
      e.pair.setTable?.(n);
    }
  }

  private neighModify(args: string[], where: Where): void {
    const s = this.engine.neighbor.settings;
    for (let i = 0; i < args.length; i += 2) {
      const k = args[i], v = args[i + 1];
      const int = () => parseInteger(v, where.file, where.line, `neigh_modify ${k}`);
      if (k === 'every') { s.every = int(); if (s.every < 1) throw inputError(where.file, where.line, 'Illegal neigh_modify every', '>= 1', String(v)); }
      else if (k === 'delay') { s.delay = int(); if (s.delay < 0) throw inputError(where.file, where.line, 'Illegal neigh_modify delay', '>= 0', String(v)); }
      else if (k === 'check' || k === 'once') {
        if (v !== 'yes' && v !== 'no') throw inputError(where.file, where.line, `Illegal neigh_modify ${k}`, 'yes or no', String(v));
        if (k === 'check') s.check = v === 'yes'; else s.once = v === 'yes';
      } else throw inputError(where.file, where.line, 'Unsupported neigh_modify keyword', 'every, delay, check or once', k);
    }
  }

  private readData(args: string[], where: Where): void {
    const e = this.engine;
    if (e.box) throw inputError(where.file, where.line, 'Cannot read_data without add keyword after simulation box is defined', 'no box yet', 'an existing box');
    if (args.length !== 1) throw inputError(where.file, where.line, 'Unsupported read_data command', 'read_data FILE', args.join(' '));
    const path = args[0];
    if (!existsSync(path)) throw inputError(where.file, where.line, 'Cannot open file', 'an existing data file', path);
    let text: string;
    try { text = readFileSync(path, 'utf8'); } catch (err) { throw fileError('data file', path, err, where); }
    const d = readDataFile(text, path, e.atoms.style);
    e.box = new Box(d.lo, d.hi, d.tilt ?? undefined);
    const atoms = e.atoms;
    atoms.setTypes(d.ntypes);
    atoms.reserve(d.natoms);
    for (let k = 0; k < d.natoms; k++) {
      const i = atoms.add(d.tag[k], d.type[k], d.x[3 * k], d.x[3 * k + 1], d.x[3 * k + 2]);
      for (let c = 0; c < 3; c++) atoms.setImage(3 * i + c, d.image[3 * k + c]);
      if (d.q) atoms.q[i] = d.q[k];
      if (d.v) { atoms.v[3 * i] = d.v[3 * k]; atoms.v[3 * i + 1] = d.v[3 * k + 1]; atoms.v[3 * i + 2] = d.v[3 * k + 2]; }
    }
    for (const [t, m] of d.masses) { atoms.mass[t] = m; atoms.massSet[t] = 1; }
    remapAll(e.box, atoms);
    this.out.print(`Reading data file ...\n  ${d.natoms} atoms`);
  }

  private writeData(args: string[], where: Where): void {
    const e = this.engine, atoms = e.atoms;
    const box = this.box(where, 'Write_data');
    if (args.length < 1) throw inputError(where.file, where.line, 'Illegal write_data command', 'write_data FILE [nocoeff] [nofix] [pair ii|ij]', '(nothing)');
    // No ectmd pair style writes coefficients and no fix stores data-file sections, so nocoeff and
    // nofix change nothing here; they are accepted so LAMMPS decks run unchanged.
    for (let k = 1; k < args.length; k++) {
      if (args[k] === 'nocoeff' || args[k] === 'nofix') continue;
      if (args[k] === 'pair' && (args[k + 1] === 'ii' || args[k + 1] === 'ij')) { k++; continue; }
      throw inputError(where.file, where.line, 'Illegal write_data command', 'nocoeff, nofix or pair ii|ij', args.slice(k).join(' '));
    }
    // LAMMPS wraps atoms back into the box before writing (through fractional coordinates when triclinic),
    // which also gives every triclinic position the round-off of that round trip
    remapAll(box, atoms);
    const masses = new Map<number, number>();
    for (let t = 1; t <= atoms.ntypes; t++) if (atoms.massSet[t]) masses.set(t, atoms.mass[t]);
    const n = atoms.n;
    const text = writeDataFile({
      title: `LAMMPS data file via write_data, written by ectmd, timestep = ${e.step}, units = metal`,
      natoms: n, ntypes: atoms.ntypes, lo: [...box.lo], hi: [...box.hi],
      tilt: box.triclinic ? { xy: box.xy, xz: box.xz, yz: box.yz } : null, masses, style: atoms.style,
      tag: atoms.tag.slice(0, n), type: Int32Array.from(atoms.type.subarray(0, n)), q: atoms.style === 'charge' ? atoms.q.slice(0, n) : null,
      x: atoms.x.slice(0, 3 * n), image: Int32Array.from(atoms.image.subarray(0, 3 * n)), v: atoms.v.slice(0, 3 * n),
    });
    writeFileAtomic(args[0], text, 'data file', where);
  }

  private checkThermoRefs(where: Where): void {
    for (const k of this.thermo.keywords) {
      const m = /^c_([^[\]]+)/.exec(k);
      if (!m) continue;
      const c = this.computes.get(m[1]);
      if (!c) throw inputError(where.file, where.line, 'Could not find thermo custom compute ID', 'an existing compute', m[1]);
      // the kind of access must be one the compute provides (LAMMPS Thermo::init checks)
      const idx = /^c_[^[\]]+(?:\[(\d+)\])?(?:\[(\d+)\])?$/.exec(k);
      if (!idx) continue;
      const [i, j] = [idx[1], idx[2]].map((t) => (t === undefined ? null : Number(t)));
      if (j !== null) {
        if (!c.array) throw inputError(where.file, where.line, 'Thermo compute does not compute array', `a compute with a global array (compute ${c.id} is ${c.style})`, k);
        if (i! < 1 || i! > c.arrayRows! || j < 1 || j > c.arrayCols!) throw inputError(where.file, where.line, 'Thermo compute array is accessed out-of-range', `[1..${c.arrayRows}][1..${c.arrayCols}]`, k);
      } else if (i !== null) {
        if (c.vectorLength > 0 && (i < 1 || i > c.vectorLength)) throw inputError(where.file, where.line, 'Thermo compute vector is accessed out-of-range', `an index in 1..${c.vectorLength}`, k);
        if (c.vectorLength === 0 && c.array) throw inputError(where.file, where.line, 'Thermo compute does not compute vector', `c_${c.id}[I][J] (compute ${c.id} is an array)`, k);
      } else if (!c.hasScalar && (c.vectorLength > 0 || c.array)) {
        throw inputError(where.file, where.line, 'Thermo compute does not compute scalar', `c_${c.id}[I]${c.array ? '[J]' : ''} (compute ${c.id} is ${c.array ? 'an array' : 'a vector'})`, k);
      }
    }
  }

  private computeGlobal(id: string, index: number | null, where: Where): number {
    const c = this.computes.get(id);
    if (!c) throw inputError(where.file, where.line, 'Invalid compute ID in variable formula', 'an existing compute', id);
    return index === null ? c.scalar(this.engine) : c.vector(this.engine, index);
  }

  /** Whether a c_/f_ thermo reference is extensive (LAMMPS extscalar/extvector). */
  private extensiveThermo(k: string): boolean {
    const c = /^c_([^[\]]+)(\[\d+\])?$/.exec(k);
    if (c) { const ext = this.computes.get(c[1])?.extensive; return ext ? (c[2] ? ext.vector : ext.scalar) : false; }
    const f = /^f_([^[\]]+)$/.exec(k);
    return f ? this.fixes.get(f[1])?.extensiveScalar === true : false;
  }

  /** thermo `c_ID[I][J]`: element of a compute's global array */
  private computeArray(id: string, i: number, j: number, where: Where): number {
    const c = this.computes.get(id);
    if (!c) throw inputError(where.file, where.line, 'Could not find thermo custom compute ID', 'an existing compute', id);
    if (!c.array) throw inputError(where.file, where.line, 'Thermo compute does not calculate an array', `a compute with a global array (compute ${id} is ${c.style})`, `c_${id}[${i}][${j}]`);
    return c.array(this.engine, i, j);
  }

  private thermoValueOrUndefined(k: string): number | undefined {
    if (!isThermoKeyword(k)) return undefined;
    return this.thermoValue(k, { file: this.fileStack.at(-1) ?? '-', line: 0 });
  }

  private thermoValue(k: string, where: Where): number {
    const e = this.engine;
    const needsEnergy = ['pe', 'etotal', 'evdwl', 'ecoul', 'epair', 'press', 'pxx', 'pyy', 'pzz', 'pxy', 'pxz', 'pyz', 'enthalpy'];
    if (needsEnergy.includes(k) && !e.energyValid) {
      throw new EctmdError(`${where.file}:${where.line}: Energy was not tallied on needed timestep: thermo keyword ${k} is evaluated before any run`, where.file, where.line);
    }
    const box = e.box;
    const p = () => e.pressureTensor();
    switch (k) {
      case 'step': return e.step;
      case 'elapsed': return e.step - this.runStart;
      case 'dt': return e.dt;
      case 'time': return e.step * e.dt;
      case 'temp': return e.temperature();
      case 'pe': case 'epair': return e.pe();
      case 'evdwl': return e.evdwl;
      case 'ecoul': return e.ecoul;
      case 'emol': return 0;
      case 'elong': return e.elong;
      case 'ke': return e.ke();
      case 'etotal': return e.pe() + e.ke();
      case 'press': return e.pressure();
      case 'pxx': return p()[0];
      case 'pyy': return p()[1];
      case 'pzz': return p()[2];
      case 'pxy': return p()[3];
      case 'pxz': return p()[4];
      case 'pyz': return p()[5];
      case 'vol': return e.volume();
      case 'atoms': return e.atoms.n;
      case 'cpu': return (performance.now() - this.runClock) / 1000;
      case 'spcpu': {
        // timesteps per second since the previous output of this run (LAMMPS: 0 at the first output of a run)
        const now = performance.now(), last = this.lastSpcpu;
        this.lastSpcpu = { step: e.step, ms: now };
        if (!last || e.step === this.runStart) return 0;
        return now > last.ms ? (e.step - last.step) / ((now - last.ms) / 1000) : 0;
      }
      case 'density': {
        let m = 0; for (let i = 0; i < e.atoms.n; i++) m += e.atoms.mass[e.atoms.type[i]];
        return m / e.volume() / 0.602214129; // g/cm^3 from amu/Å^3 (LAMMPS force->mv2d for metal)
      }
      case 'enthalpy': return e.pe() + e.ke() + e.pressure() * e.volume() / METAL.nktv2p;
      case 'lx': return box!.lx;
      case 'ly': return box!.ly;
      case 'lz': return box!.lz;
      case 'xlo': return box!.lo[0];
      case 'xhi': return box!.hi[0];
      case 'ylo': return box!.lo[1];
      case 'yhi': return box!.hi[1];
      case 'zlo': return box!.lo[2];
      case 'zhi': return box!.hi[2];
      case 'xy': return box!.xy;
      case 'xz': return box!.xz;
      case 'yz': return box!.yz;
    }
    const cm = /^c_([^[\]]+)(?:\[(\d+)\])?(?:\[(\d+)\])?$/.exec(k);
    if (cm && cm[3]) return this.computeArray(cm[1], Number(cm[2]), Number(cm[3]), where);
    if (cm) return this.computeGlobal(cm[1], cm[2] ? Number(cm[2]) : null, where);
    const vm = /^v_(.+)$/.exec(k);
    if (vm) return this.vars.numeric(vm[1], where);
    const fm = /^f_([^[\]]+)(?:\[(\d+)\])?$/.exec(k);
    if (fm) {
      const f = this.fixes.get(fm[1]);
      if (!f) throw inputError(where.file, where.line, 'Could not find thermo custom fix ID', 'an existing fix', fm[1]);
      if (fm[2]) {
        if (!f.computeVector) throw inputError(where.file, where.line, 'Thermo fix does not compute vector', `a fix with a global vector (fix ${f.id} is ${f.style})`, k);
        const idx = Number(fm[2]), len = f.vectorLength ?? 0;
        if (idx < 1 || idx > len) throw inputError(where.file, where.line, 'Thermo fix vector is accessed out-of-range', `an index in 1..${len}`, k);
        return f.computeVector(this.engine, idx);
      }
      if (!f.computeScalar) throw inputError(where.file, where.line, 'Thermo fix does not compute scalar', `a fix with a global scalar (fix ${f.id} is ${f.style})`, k);
      return f.computeScalar(e);
    }
    throw inputError(where.file, where.line, 'Unknown thermo keyword', 'a thermo keyword', k);
  }

  private runClock = performance.now();
  /** step and clock of the last spcpu evaluation */
  private lastSpcpu: { step: number; ms: number } | null = null;

  /** What per-atom tallies the outputs of this step need (`force` as for writeOutputs). */
  private perAtomNeeds(step: number, force: { thermo: boolean; dumps: boolean }): PerAtomRequest {
    const need = { eatom: false, vatom: false, virial: false };
    const add = (c: Compute | undefined) => { if (c) { need.eatom ||= c.needs.eatom; need.vatom ||= c.needs.vatom; } };
    const thermoNow = force.thermo || (this.thermo.every > 0 && step % this.thermo.every === 0);
    if (thermoNow) for (const k of this.thermo.keywords) { const m = /^c_([^[\]]+)/.exec(k); if (m) add(this.computes.get(m[1])); }
    let dumpNow = false;
    for (const d of this.dumps.values()) if (force.dumps || d.due(step)) { dumpNow = true; for (const c of d.computes()) add(c); }
    if (thermoNow) for (const c of this.computes.values()) if (c.style === 'reduce') add(c);
    // the global virial where something may read it: thermo, a dump, a fix at every step
    need.virial = thermoNow || dumpNow;
    for (const f of this.fixes.values()) need.virial ||= f.needsVirial === true;
    return need;
  }

  /** The lines LAMMPS prints before a run's thermo table: setup title, neighbour list, memory, thermo header. */
  private runHeader(title: string, note: string | null): void {
    const e = this.engine, nb = e.neighbor, out = this.out;
    out.print(`${title}\n  Unit style    : metal\n  Current step  : ${e.step}\n  Time step     : ${e.dt}`);
    out.print(`  Neighbor list : cutoff ${sprintf('%g', nb.cutneigh)} (force ${sprintf('%g', nb.cutforce)} + skin ${sprintf('%g', nb.settings.skin)}), every ${nb.settings.every} delay ${nb.settings.delay} check ${nb.settings.check ? 'yes' : 'no'}, kernel ${e.kernel.kind}`);
    if (note !== null) out.print(note);
    out.print(`Per MPI rank memory allocation (min/avg/max) = ${sprintf('%.4g', this.memoryMB())} | ${sprintf('%.4g', this.memoryMB())} | ${sprintf('%.4g', this.memoryMB())} Mbytes`);
    out.print(this.thermo.header());
  }

  /** Thermo and dumps due at the current step; `thermo`/`dumps` force them (a run's first and last step, the
   *  last step of a minimisation that stopped early). */
  private writeOutputs(force: { thermo: boolean; dumps: boolean }, where: Where): void {
    const e = this.engine;
    if (force.thermo || (this.thermo.every > 0 && e.step % this.thermo.every === 0)) {
      this.out.print(e.atOnePoint(() => this.thermo.row((k) => this.thermoValue(k, where), e.atoms.n, (k) => this.extensiveThermo(k))));
    }
    for (const d of this.dumps.values()) if ((force.dumps || d.due(e.step)) && d.lastStep !== e.step) d.write(e);
  }

  /** LAMMPS's `timer` command: off, loop, normal (the default) or full, sync and nosync (accepted: the workers of a team
   *  synchronise at every command anyway), `every N` (N ≥ 1, used with timeout), `timeout off|unlimited`; a timeout with
   *  a time limit is not supported (an error, not ignored). */
  private timerCommand(args: string[], where: Where): void {
    if (args.length === 0) throw inputError(where.file, where.line, 'Illegal timer command', 'off, loop, normal, full, sync, nosync, timeout or every', 'nothing');
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      if (a === 'off' || a === 'loop' || a === 'normal' || a === 'full') this.timerLevel = a;
      else if (a === 'sync' || a === 'nosync') continue;
      else if (a === 'every') {
        const v = args[++k];
        if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1) throw inputError(where.file, where.line, 'Illegal timer every value', 'a positive integer', v ?? 'nothing');
      } else if (a === 'timeout') {
        const v = args[++k];
        if (v === undefined) throw inputError(where.file, where.line, 'Illegal timer timeout value', '[[HH:]MM:]SS, off or unlimited', 'nothing');
        if (v !== 'off' && v !== 'unlimited') throw inputError(where.file, where.line, 'Unsupported timer timeout', 'off or unlimited (ectmd does not stop runs on a time limit)', v);
      } else throw inputError(where.file, where.line, 'Illegal timer command', 'off, loop, normal, full, sync, nosync, timeout or every', a);
    }
  }

  /** `timer full`: the worker team's commands of the last run: rounds, rank 0's own share and its wait for the others,
   *  and the other ranks' own shares (the largest and the smallest), in seconds. */
  private teamTimes(loop: number): void {
    const out = this.out;
    if (!this.team) { out.print('Worker team phases (timer full): none, one worker\n'); return; }
    const rows = this.team.phaseTimes();
    const W = this.team.ranks;
    const others = W === 2 ? 'rank 1 own' : `ranks 1-${W - 1} own: max | min`;
    out.print(`Worker team phases (timer full, ${W} workers; s):\nPhase           | rounds | rank 0 own | rank 0 wait | ${others}\n` + '-'.repeat(60 + others.length));
    let own0 = 0, wait0 = 0;
    for (const r of rows) {
      const rest = r.own.slice(1);
      own0 += r.own[0]; wait0 += r.wait;
      const tail = W === 2 ? sprintf('%10.5g', rest[0]) : `${sprintf('%10.5g', Math.max(...rest))} | ${sprintf('%.5g', Math.min(...rest))}`;
      out.print(`${r.name.padEnd(16)}| ${String(r.calls).padStart(6)} | ${sprintf('%10.5g', r.own[0])} | ${sprintf('%11.5g', r.wait)} | ${tail}`);
    }
    out.print(`${'All'.padEnd(16)}| ${String(rows.reduce((t, r) => t + r.calls, 0)).padStart(6)} | ${sprintf('%10.5g', own0)} | ${sprintf('%11.5g', wait0)} |` +
      ` rank 0 alone between commands: ${sprintf('%.5g', Math.max(0, loop - own0 - wait0))}\n`);
  }

  /** LAMMPS's end-of-run statistics; `minStats` (a minimisation's) goes between the loop time and the timings. */
  private runFooter(nsteps: number, loop: number, outputTime: number, modifyTime: number, minStats: string | null): void {
    const e = this.engine, nb = e.neighbor, out = this.out, natoms = e.atoms.n;
    out.print(`Loop time of ${sprintf('%.6g', loop)} on ${this.team?.ranks ?? 1} procs for ${nsteps} steps with ${natoms} atoms\n`);
    if (minStats !== null) out.print(minStats);
    else if (nsteps > 0 && loop > 0) {
      const tsps = nsteps / loop;
      const nsday = tsps * e.dt * 86400 / 1000;
      out.print(`Performance: ${sprintf('%.3f', nsday)} ns/day, ${sprintf('%.3f', 24 / nsday)} hours/ns, ${sprintf('%.3f', tsps)} timesteps/s\n`);
    }
    if (this.timerLevel === 'normal' || this.timerLevel === 'full') {
      const other = Math.max(0, loop - e.pairTime - e.kspaceTime - nb.buildTime - e.commTime - outputTime - modifyTime);
      const rows: Array<[string, number]> = [['Pair', e.pairTime], ...(e.kspace ? [['Kspace', e.kspaceTime] as [string, number]] : []),
        ['Neigh', nb.buildTime], ['Comm', e.commTime], ['Output', outputTime], ['Modify', modifyTime]];
      out.print(`Timing breakdown (${this.team?.ranks ?? 1} worker${this.team ? 's' : ''}, kernel ${e.kernel.kind}):` + '\nSection |  time (s)  | %total\n---------------------------------');
      for (const [name, t] of rows) out.print(`${name.padEnd(8)}| ${sprintf('%-10.5g', t)} | ${sprintf('%6.2f', loop > 0 ? 100 * t / loop : 0)}`);
      out.print(`Other   | ${sprintf('%-10.5g', other)} | ${sprintf('%6.2f', loop > 0 ? 100 * other / loop : 0)}\n`);
    }
    if (this.timerLevel === 'full') this.teamTimes(loop);
    if (minStats === null) {
      const lines = [...this.fixes.values()].map((f) => f.runSummary?.(loop) ?? null).filter((l): l is string => l !== null);
      if (lines.length) out.print(lines.join('\n') + '\n');
    }
    out.print(`Nlocal:    ${natoms}\nNghost:    ${nb.nghost}\nNeighs:    ${nb.npairs}\n`);
    out.print(`Total # of neighbors = ${nb.npairs}\nAve neighs/atom = ${sprintf('%.8g', nb.npairs / natoms)}\nNeighbor list builds = ${nb.builds}\nDangerous builds = ${nb.dangerous}\n`);
  }

  /** `rampBegin`: the step ramped fix targets count from (default the current step; a resumed run's original start). */
  private run(nsteps: number, where: Where, mark: RunMark, rampBegin?: number): void {
    const e = this.engine, nb = e.neighbor, out = this.out;
    if (e.atoms.n === 0) throw inputError(where.file, where.line, 'Run command with no atoms', 'atoms (create_atoms or read_data)', 'an empty box');
    const fixes = [...this.fixes.values()];
    this.runClock = performance.now();
    this.runStart = e.step;
    const startStep = e.step, endStep = e.step + nsteps;
    e.runBegin = rampBegin ?? startStep; e.runEnd = endStep;
    const boxChange = fixes.some((f) => f.boxChange);
    e.setup(where, this.perAtomNeeds(e.step, { thermo: true, dumps: false }), fixes);
    e.energyValid = true;
    if (e.kspace) for (const line of e.kspace.info) out.print(line);
    for (const f of fixes) f.setup?.(e);
    nb.builds = 0; nb.dangerous = 0; nb.buildTime = 0; e.pairTime = 0; e.commTime = 0; e.kspaceTime = 0;
    this.runHeader('Setting up Verlet run ...', null);
    let outputTime = 0, modifyTime = 0;
    const outputs = (first: boolean) => {
      const t0 = performance.now();
      this.writeOutputs({ thermo: first || e.step === endStep, dumps: false }, where);
      outputTime += (performance.now() - t0) / 1000;
    };
    outputs(true);
    this.team?.setTiming(this.timerLevel === 'full');
    const loopStart = performance.now();
    let lastProgress = loopStart;
    for (let s = 1; s <= nsteps; s++) {
      e.step = startStep + s;
      let t0 = performance.now();
      for (const f of fixes) f.initialIntegrate?.(e);
      modifyTime += (performance.now() - t0) / 1000;
      if (nb.decide(e.atoms, boxChange ? e.box! : undefined)) nb.build(e.atoms, e.box!, 'due');
      else { const t1 = performance.now(); nb.refresh(); e.commTime += (performance.now() - t1) / 1000; }
      t0 = performance.now();
      for (const f of fixes) f.preForce?.(e, false);
      modifyTime += (performance.now() - t0) / 1000;
      e.computeForces(this.perAtomNeeds(e.step, { thermo: e.step === endStep, dumps: false }));
      t0 = performance.now();
      for (const f of fixes) f.postForce?.(e);
      for (const f of fixes) f.finalIntegrate?.(e);
      for (const f of fixes) f.endOfStep?.(e);
      modifyTime += (performance.now() - t0) / 1000;
      outputs(false);
      const restartFile = this.restart.due(e.step);
      if (restartFile) writeRestart(restartFile, captureRestart(e, fixes, mark), where);
      const sig = this.interrupt ? Atomics.load(this.interrupt, 0) : 0;
      if (sig) this.stop(sig, mark, where);
      const now = performance.now();
      if (now - lastProgress > 500) {
        lastProgress = now;
        const rate = s / ((now - loopStart) / 1000);
        out.progress(`step ${e.step} (${s}/${nsteps})  ${sprintf('%.1f', rate)} steps/s  ETA ${sprintf('%.0f', (nsteps - s) / rate)} s`);
      }
    }
    out.clearProgress();
    this.runFooter(nsteps, (performance.now() - loopStart) / 1000, outputTime, modifyTime, null);
  }

  /** `minimize ETOL FTOL MAXITER MAXEVAL` with the current min_style (host/minimize/). */
  private minimizeCommand(args: string[], where: Where): void {
    const tol = parseMinimizeArgs(args, where);
    const e = this.engine;
    this.runClock = performance.now();
    this.runStart = e.step;
    const startStep = e.step, lastStep = e.step + tol.maxiter;
    let outputTime = 0, loopStart = performance.now();
    const forced = (final: boolean) => ({ thermo: final || e.step === startStep || e.step === lastStep, dumps: final });
    const outputs = (final: boolean) => {
      const t0 = performance.now();
      this.writeOutputs(forced(final), where);
      outputTime += (performance.now() - t0) / 1000;
    };
    const result = minimize(e, this.minSettings, tol, [...this.fixes.values()], {
      norm: this.thermo.norm,
      want: (final) => this.perAtomNeeds(e.step, forced(final)),
      begin: (note) => {
        this.runHeader(`Setting up ${this.minSettings.style} style minimization ...`, note);
        outputs(false);
        this.team?.setTiming(this.timerLevel === 'full');
        loopStart = performance.now();
      },
      output: (final) => outputs(final),
      warn: (msg) => this.out.warn(msg),
    }, where);
    this.runFooter(result.niter, (performance.now() - loopStart) / 1000, outputTime, 0, result.stats);
  }

  /** SIGINT/SIGTERM during a run: the step is complete and its output written; save a restart file and stop. */
  private stop(sig: number, mark: RunMark, where: Where): never {
    this.out.clearProgress();
    const path = writeRestart(this.restart.stopFile(), captureRestart(this.engine, this.fixes.values(), mark), where);
    const name = STOP_SIGNALS[sig] ?? `signal ${sig}`;
    this.out.print(`${name} at step ${this.engine.step} of a run to step ${mark.endStep}: wrote restart file ${path}`);
    this.out.print(`Continue with: ectmd -in ${this.fileStack[0]} --resume ${path}`);
    throw new RunInterrupted(sig, `Stopped by ${name} at step ${this.engine.step}; restart file ${path}`);
  }

  private memoryMB(): number {
    return (this.engine.kernel.memoryBytes() + this.engine.atoms.capacity * 140) / 1048576;
  }

  close(): void { this.out.close(); }
}

