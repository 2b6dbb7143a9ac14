// `dump ID GROUP custom N FILE COLUMNS…` in LAMMPS's text layout (ITEM: TIMESTEP / NUMBER OF ATOMS / BOX BOUNDS /
// ATOMS) and `dump ID GROUP extxyz N FILE [vel] [forces]` (host/io/extxyz.ts), with dump_modify sort, format, every,
// first, append, element. Each snapshot is written with one call, so a file never holds half a snapshot.

import { appendFileSync, writeFileSync } from 'node:fs';
import type { Engine } from '../engine/engine.js';
import type { Where } from '../lammps/where.js';
import type { Compute, ComputeLookup } from '../compute/computes.js';
import { atomValues, isAtomValue, isIntegerValue } from '../compute/atom-values.js';
import { EctmdError, fileError, inputError, parseInteger } from '../errors.js';
import { checkFormat, sprintf } from './format.js';
import { extxyzFrame } from './extxyz.js';

export type DumpStyle = 'custom' | 'extxyz';

/** The optional per-atom properties of dump extxyz after positions, as dump custom columns. */
const EXTXYZ_PROPERTIES: Record<string, string[]> = { vel: ['vx', 'vy', 'vz'], forces: ['fx', 'fy', 'fz'] };

/** `write_dump GROUP custom|extxyz FILE ARGS... [modify DUMP_MODIFY_ARGS...]`: one snapshot now (LAMMPS write_dump). */
export function writeDump(e: Engine, args: string[], mask: (group: string) => Uint8Array | null, where: Where, lookup: ComputeLookup): void {
  const m = args.indexOf('modify');
  const dumpArgs = m < 0 ? args : args.slice(0, m);
  if (!((args[1] === 'custom' && dumpArgs.length >= 4) || (args[1] === 'extxyz' && dumpArgs.length >= 3))) {
    throw inputError(where.file, where.line, 'Illegal write_dump command', "'write_dump GROUP custom FILE COLUMNS... [modify ...]' or 'write_dump GROUP extxyz FILE [vel] [forces] [modify ...]'", args.join(' ') || '(nothing)');
  }
  const d = new DumpCustom('write_dump', args[1], mask(args[0]), 1, dumpArgs[2], dumpArgs.slice(3), where, lookup);
  if (m >= 0) d.modify(args.slice(m + 1), where);
  if (!e.energyValid && (d.computes().length || dumpArgs.some((a) => /^f[xyz]$/.test(a) || a === 'forces'))) {
    throw inputError(where.file, where.line, 'Write_dump of forces or computes before a run', 'a run (or run 0) first, so forces are current', dumpArgs.slice(3).join(' '));
  }
  d.write(e);
}

const DUMP_MODIFY_KEYWORDS = new Set(['every', 'first', 'append', 'element', 'sort', 'format']);

type Column = { kind: 'atom'; name: string } | { kind: 'compute'; id: string; col: number } | { kind: 'variable'; name: string };

export class DumpCustom {
  readonly id: string;
  readonly style: DumpStyle;
  every: number;
  readonly file: string;
  private readonly where: Where;
  private mask: Uint8Array | null;
  private columns: Column[];
  private names: string[];
  private sort = false;
  private formatFloat = '%g';
  private formatInt = '%d';
  private formatLine: string[] | null = null;
  private formatColumn = new Map<number, string>();
  /** dump_modify first yes: a snapshot at the first output opportunity whatever the step */
  private first = false;
  /** element names by type (dump_modify element), for extxyz species */
  private elements: string[] = [];
  /** extxyz: property names after pos (vel, forces) */
  private properties: string[] = [];
  /** false until the file has been opened for writing (truncated, unless dump_modify append yes) */
  private started = false;
  private lookup: ComputeLookup;
  lastStep = -1;

  /** `args`: columns (custom), or vel / forces (extxyz). */
  constructor(id: string, style: DumpStyle, mask: Uint8Array | null, every: number, file: string, args: string[], where: Where, lookup: ComputeLookup) {
    this.id = id; this.style = style; this.mask = mask; this.every = every; this.file = file; this.lookup = lookup; this.where = where;
    if (!(every > 0)) throw inputError(where.file, where.line, `Illegal dump ${style} command`, 'a positive output interval', String(every));
    let cols = args;
    if (style === 'extxyz') {
      const bad = args.find((a, k) => !(a in EXTXYZ_PROPERTIES) || args.indexOf(a) !== k);
      if (bad !== undefined) throw inputError(where.file, where.line, 'Illegal dump extxyz command', 'optional vel and forces after the file name', bad);
      this.properties = args;
      cols = ['x', 'y', 'z', ...args.flatMap((a) => EXTXYZ_PROPERTIES[a])];
    }
    this.names = cols;
    if (!cols.length) throw inputError(where.file, where.line, 'Illegal dump custom command', 'at least one column', 'none');
    this.columns = cols.map((c) => {
      if (isAtomValue(c)) return { kind: 'atom', name: c } as Column;
      const m = /^c_([^[\]]+)(?:\[(\d+)\])?$/.exec(c);
      if (m) {
        const comp = lookup(m[1]);
        if (!comp) throw inputError(where.file, where.line, 'Could not find dump custom compute ID', 'an existing compute', m[1]);
        const col = m[2] ? Number(m[2]) - 1 : 0;
        if (comp.peratomCols === 0 || col >= comp.peratomCols || (!m[2] && comp.peratomCols > 1)) {
          throw inputError(where.file, where.line, 'Dump custom compute does not calculate per-atom vector/array', `c_${m[1]} with a column in 1..${comp.peratomCols}`, c);
        }
        return { kind: 'compute', id: m[1], col } as Column;
      }
      throw inputError(where.file, where.line, 'Invalid attribute in dump custom command', 'an atom attribute or c_ID[N]', c);
    });
  }

  modify(args: string[], where: Where): void {
    const yesNo = (i: number): boolean => {
      if (args[i + 1] !== 'yes' && args[i + 1] !== 'no') throw inputError(where.file, where.line, `Illegal dump_modify ${args[i]}`, 'yes or no', String(args[i + 1]));
      return args[i + 1] === 'yes';
    };
    for (let i = 0; i < args.length;) {
      const k = args[i];
      if (k === 'every') {
        const n = parseInteger(args[i + 1], where.file, where.line, 'dump_modify every');
        if (n <= 0) throw inputError(where.file, where.line, 'Illegal dump_modify every', 'a positive interval', String(n));
        this.every = n;
        i += 2;
      } else if (k === 'first') { this.first = yesNo(i); i += 2; }
      else if (k === 'append') { this.started = yesNo(i); i += 2; }
      else if (k === 'element') {
        // LAMMPS: one name per atom type; the count is checked when the dump is written (types may not exist yet)
        let j = i + 1;
        while (j < args.length && !DUMP_MODIFY_KEYWORDS.has(args[j])) j++;
        if (j === i + 1) throw inputError(where.file, where.line, 'Illegal dump_modify element', 'one element name per atom type', 'none');
        this.elements = args.slice(i + 1, j);
        i = j;
      } else if (k === 'sort') {
        const v = args[i + 1];
        if (v === 'id') this.sort = true; else if (v === 'off') this.sort = false;
        else throw inputError(where.file, where.line, 'Illegal dump_modify sort', 'id or off', String(v));
        i += 2;
      } else if (k === 'format') {
        const what = args[i + 1], fmt = args[i + 2];
        if (fmt === undefined) throw inputError(where.file, where.line, 'Illegal dump_modify format', 'float|int|line|N STRING', args.slice(i).join(' '));
        if (what === 'float') { checkFormat(fmt, 'float', where, 'dump_modify format'); this.formatFloat = fmt; }
        else if (what === 'int') { checkFormat(fmt, 'int', where, 'dump_modify format'); this.formatInt = fmt; }
        else if (what === 'line') { this.formatLine = fmt.trim().split(/\s+/); for (const f of this.formatLine) checkFormat(f, 'any', where, 'dump_modify format line'); }
        else if (/^\d+$/.test(what)) { checkFormat(fmt, 'any', where, 'dump_modify format N'); this.formatColumn.set(Number(what), fmt); }
        else throw inputError(where.file, where.line, 'Illegal dump_modify format', 'float, int, line or a column number', what);
        i += 3;
      } else throw inputError(where.file, where.line, 'Illegal dump_modify command', [...DUMP_MODIFY_KEYWORDS].join(', '), k);
    }
  }

  /** Whether this step gets a snapshot (LAMMPS Output: multiples of every, or the first chance with first yes). */
  due(step: number): boolean {
    return this.lastStep !== step && (step % this.every === 0 || (this.first && this.lastStep < 0));
  }

  /** --resume: the interrupted run already wrote its first snapshot and this step's (when one was due); the file goes on. */
  resumeAt(step: number): void {
    this.started = true;
    this.first = false;
    if (step % this.every === 0) this.lastStep = step;
  }

  /** Computes whose per-atom tallies this dump needs. */
  computes(): Compute[] {
    return this.columns.filter((c) => c.kind === 'compute').map((c) => this.lookup((c as { id: string }).id)!);
  }

  write(e: Engine): void {
    const text = this.style === 'extxyz' ? this.extxyz(e) : this.custom(e);
    const path = this.file.replace('*', String(e.step));
    try {
      if (!this.started || this.file.includes('*')) writeFileSync(path, text);
      else appendFileSync(path, text);
    } catch (err) {
      throw fileError(`dump file (dump ${this.id})`, path, err);
    }
    this.started = true;
    this.lastStep = e.step;
  }

  /** Column values per atom, in column order. */
  private values(e: Engine): Float64Array[] {
    const cache = new Map<string, Float64Array[]>();
    return this.columns.map((c) => {
      if (c.kind === 'atom') return atomValues(e, c.name);
      if (c.kind === 'compute') {
        if (!cache.has(c.id)) cache.set(c.id, this.lookup(c.id)!.peratom(e));
        return cache.get(c.id)![c.col];
      }
      throw new Error('unreachable');
    });
  }

  /** Local indices of the atoms to write, in file order. */
  private order(e: Engine): number[] {
    const a = e.atoms;
    let order = Array.from({ length: a.n }, (_, i) => i);
    if (this.mask) order = order.filter((i) => this.mask![i]);
    if (this.sort) order.sort((p, q) => a.tag[p] - a.tag[q]);
    return order;
  }

  private extxyz(e: Engine): string {
    const a = e.atoms, box = e.box!, w = this.where;
    if (this.elements.length !== a.ntypes) {
      throw inputError(w.file, w.line, `Dump extxyz ${this.id} needs element names (dump_modify ${this.id} element ...)`, `${a.ntypes} names, one per atom type`, this.elements.length ? this.elements.join(' ') : 'none');
    }
    const cols = this.values(e);
    const properties = [{ name: 'pos', components: cols.slice(0, 3) }, ...this.properties.map((p, k) => ({ name: p, components: cols.slice(3 + 3 * k, 6 + 3 * k) }))];
    return extxyzFrame({ lattice: box.edges(), origin: box.lo, step: e.step, time: e.step * e.dt, energy: e.energyValid ? e.pe() : null,
      order: this.order(e), species: (i) => this.elements[a.type[i] - 1], properties });
  }

  private custom(e: Engine): string {
    const box = e.box!;
    const cols = this.values(e);
    const ints = this.columns.map((c) => c.kind === 'atom' && isIntegerValue(c.name));
    const fmts = this.columns.map((_c, k) => this.formatColumn.get(k + 1) ?? this.formatLine?.[k] ?? (ints[k] ? this.formatInt : this.formatFloat));
    const order = this.order(e);
    const lines: string[] = [];
    lines.push('ITEM: TIMESTEP', String(e.step), 'ITEM: NUMBER OF ATOMS', String(order.length));
    const b = (lo: number, hi: number) => `${sprintf('%-1.16e', lo)} ${sprintf('%-1.16e', hi)}`;
    if (box.triclinic) {
      const { xy, xz, yz } = box;
      const xlo = box.lo[0] + Math.min(0, xy, xz, xy + xz), xhi = box.hi[0] + Math.max(0, xy, xz, xy + xz);
      const ylo = box.lo[1] + Math.min(0, yz), yhi = box.hi[1] + Math.max(0, yz);
      lines.push('ITEM: BOX BOUNDS xy xz yz pp pp pp',
        `${b(xlo, xhi)} ${sprintf('%-1.16e', xy)}`, `${b(ylo, yhi)} ${sprintf('%-1.16e', xz)}`,
        `${b(box.lo[2], box.hi[2])} ${sprintf('%-1.16e', yz)}`);
    } else {
      lines.push('ITEM: BOX BOUNDS pp pp pp', b(box.lo[0], box.hi[0]), b(box.lo[1], box.hi[1]), b(box.lo[2], box.hi[2]));
    }
    lines.push('ITEM: ATOMS ' + this.names.join(' '));
    for (const i of order) {
      let s = '';
      for (let k = 0; k < cols.length; k++) {
        const v = cols[k][i];
        if (!Number.isFinite(v)) throw new EctmdError(`Non-finite value in dump ${this.id}: expected a finite ${this.names[k]} for atom ${e.atoms.tag[i]} at step ${e.step}, found ${v}`);
        s += (k ? ' ' : '') + sprintf(fmts[k], v);
      }
      lines.push(s);
    }
    return lines.join('\n') + '\n';
  }
}
