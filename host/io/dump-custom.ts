// `dump ID GROUP custom N FILE COLUMNS…` with dump_modify sort/format, in LAMMPS's text layout:
// ITEM: TIMESTEP / NUMBER OF ATOMS / BOX BOUNDS (bounding box and tilts for triclinic) / ATOMS columns.
// Each snapshot is written with one call, so a file never holds half a snapshot.

import { appendFileSync, writeFileSync } from 'node:fs';
import type { Engine } from '../engine/engine.js';
import type { Where } from '../lammps/where.js';
import type { Compute, ComputeLookup } from '../compute/computes.js';
import { atomValues, isAtomValue, isIntegerValue } from '../compute/atom-values.js';
import { fileError, inputError } from '../errors.js';
import { checkFormat, sprintf } from './format.js';

type Column = { kind: 'atom'; name: string } | { kind: 'compute'; id: string; col: number } | { kind: 'variable'; name: string };

export class DumpCustom {
  readonly id: string;
  readonly every: number;
  readonly file: string;
  private mask: Uint8Array | null;
  private columns: Column[];
  private names: string[];
  private sort = false;
  private formatFloat = '%g';
  private formatInt = '%d';
  private formatLine: string[] | null = null;
  private formatColumn = new Map<number, string>();
  private started = false;
  private lookup: ComputeLookup;
  lastStep = -1;

  constructor(id: string, mask: Uint8Array | null, every: number, file: string, cols: string[], where: Where, lookup: ComputeLookup) {
    this.id = id; this.mask = mask; this.every = every; this.file = file; this.names = cols; this.lookup = lookup;
    if (!(every > 0)) throw inputError(where.file, where.line, 'Illegal dump custom command', 'a positive output interval', String(every));
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
    for (let i = 0; i < args.length;) {
      const k = args[i];
      if (k === 'sort') {
        const v = args[i + 1];
        if (v === 'id') this.sort = true; else if (v === 'off') this.sort = false;
        else throw inputError(where.file, where.line, 'Illegal dump_modify sort', 'id or off', String(v));
        i += 2;
      } else if (k === 'format') {
        const what = args[i + 1], fmt = args[i + 2];
        if (fmt === undefined) throw inputError(where.file, where.line, 'Illegal dump_modify format', 'float|int|line|N STRING', args.slice(i).join(' '));
        const w = `${where.file}:${where.line}: dump_modify format`;
        if (what === 'float') { checkFormat(fmt, 'float', w); this.formatFloat = fmt; }
        else if (what === 'int') { checkFormat(fmt, 'int', w); this.formatInt = fmt; }
        else if (what === 'line') this.formatLine = fmt.trim().split(/\s+/);
        else if (/^\d+$/.test(what)) this.formatColumn.set(Number(what), fmt);
        else throw inputError(where.file, where.line, 'Illegal dump_modify format', 'float, int, line or a column number', what);
        i += 3;
      } else throw inputError(where.file, where.line, 'Illegal dump_modify command', 'sort or format', k);
    }
  }

  /** Computes whose per-atom tallies this dump needs. */
  computes(): Compute[] {
    return this.columns.filter((c) => c.kind === 'compute').map((c) => this.lookup((c as { id: string }).id)!);
  }

  write(e: Engine): void {
    const a = e.atoms, box = e.box!;
    const cache = new Map<string, Float64Array[]>();
    const cols = this.columns.map((c) => {
      if (c.kind === 'atom') return atomValues(e, c.name);
      if (c.kind === 'compute') {
        if (!cache.has(c.id)) cache.set(c.id, this.lookup(c.id)!.peratom(e));
        return cache.get(c.id)![c.col];
      }
      throw new Error('unreachable');
    });
    const ints = this.columns.map((c) => c.kind === 'atom' && isIntegerValue(c.name));
    const fmts = this.columns.map((_c, k) => this.formatColumn.get(k + 1) ?? this.formatLine?.[k] ?? (ints[k] ? this.formatInt : this.formatFloat));
    let order = Array.from({ length: a.n }, (_, i) => i);
    if (this.mask) order = order.filter((i) => this.mask![i]);
    if (this.sort) order.sort((p, q) => a.tag[p] - a.tag[q]);
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
      for (let k = 0; k < cols.length; k++) s += (k ? ' ' : '') + sprintf(fmts[k], cols[k][i]);
      lines.push(s);
    }
    const text = lines.join('\n') + '\n';
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
}
