// ectmd restart files (docs/restart-format.md): magic, version, byte-order mark, then tagged little-endian
// sections and a CRC-32 trailer. encodeRestart/decodeRestart convert between bytes and RestartData exactly
// (every double bit for bit); a truncated, corrupt or foreign file is an error naming the file.

import { crc32 } from 'node:zlib';
import { EctmdError } from '../errors.js';
import { MAX_ATOM_TYPES, type AtomStyle } from '../system/atoms.js';
import type { NeighborSettings } from '../neighbor/neighbor.js';
import type { SortSettings } from '../system/sort.js';

export const RESTART_MAGIC = 'ECTMDRST';
export const RESTART_VERSION = 3;
const BOM = 0x01020304;

/** The `run` a restart was written inside: enough for `--resume` to find it in the deck and finish it. */
export interface RunMark {
  file: string;
  line: number;
  /** 1 for the first `run` command the deck executed, 2 for the second, … */
  ordinal: number;
  endStep: number;
}

export interface RestartData {
  step: number;
  dt: number;
  style: AtomStyle;
  ntypes: number;
  box: RestartBox;
  /** mass[t] and massSet[t] for t in 0..ntypes (index 0 unused) */
  mass: Float64Array;
  massSet: Uint8Array;
  tag: Int32Array;
  type: Int32Array;
  x: Float64Array;
  v: Float64Array;
  image: Int32Array;
  q: Float64Array;
  neighbor: NeighborSettings;
  /** atom_modify sort settings and the step from which the next sort is due */
  sort: SortSettings & { next: number };
  /** positions at the last neighbour build and steps since then (null: no list was built); `box`, the cell at that
   *  build when it has changed since (a barostat run), so the restored list has the same ghosts */
  list: { xhold: Float64Array; ago: number; box?: RestartBox | null } | null;
  /** pair_style and pair_coeff commands, as words after variable substitution */
  pairCommands: string[][];
  fixes: Array<{ id: string; style: string; state: Float64Array }>;
  /** the pair style's own state (PairStyle.writeState: ect/eam's weights), null when it has none */
  pairState: { style: string; state: Float64Array } | null;
  run: RunMark | null;
}

/** A cell as stored in a restart file. */
export interface RestartBox { lo: number[]; hi: number[]; tilt: { xy: number; xz: number; yz: number } | null }

class Writer {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(2 * this.buf.length, this.len + n));
    b.set(this.buf.subarray(0, this.len));
    this.buf = b; this.view = new DataView(b.buffer);
  }
  u8(v: number): void { this.room(1); this.view.setUint8(this.len, v); this.len += 1; }
  u32(v: number): void { this.room(4); this.view.setUint32(this.len, v, true); this.len += 4; }
  i64(v: number): void { this.room(8); this.view.setBigInt64(this.len, BigInt(v), true); this.len += 8; }
  f64(v: number): void { this.room(8); this.view.setFloat64(this.len, v, true); this.len += 8; }
  bytes(b: Uint8Array): void { this.room(b.length); this.buf.set(b, this.len); this.len += b.length; }
  str(s: string): void { const b = Buffer.from(s, 'utf8'); this.u32(b.length); this.bytes(b); }
  f64s(a: ArrayLike<number>): void { this.u32(a.length); for (let i = 0; i < a.length; i++) this.f64(a[i]); }
  i32s(a: ArrayLike<number>): void { this.u32(a.length); this.room(4 * a.length); for (let i = 0; i < a.length; i++) { this.view.setInt32(this.len, a[i], true); this.len += 4; } }
  setU32(at: number, v: number): void { this.view.setUint32(at, v, true); }
  result(): Uint8Array { return this.buf.slice(0, this.len); }
}

class Reader {
  private view: DataView;
  constructor(private readonly buf: Uint8Array, public pos: number, private readonly end: number, private readonly fail: (detail: string) => EctmdError) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private need(n: number, what: string): void {
    if (this.pos + n > this.end) throw this.fail(`section ends inside ${what}`);
  }
  u8(): number { this.need(1, 'a byte'); return this.view.getUint8(this.pos++); }
  u32(): number { this.need(4, 'an integer'); const v = this.view.getUint32(this.pos, true); this.pos += 4; return v; }
  i64(): number { this.need(8, 'an integer'); const v = Number(this.view.getBigInt64(this.pos, true)); this.pos += 8; return v; }
  f64(): number { this.need(8, 'a number'); const v = this.view.getFloat64(this.pos, true); this.pos += 8; return v; }
  str(): string { const n = this.u32(); this.need(n, 'a string'); const s = Buffer.from(this.buf.subarray(this.pos, this.pos + n)).toString('utf8'); this.pos += n; return s; }
  f64s(): Float64Array { const n = this.u32(); this.need(8 * n, 'an array of numbers'); const a = new Float64Array(n); for (let i = 0; i < n; i++) a[i] = this.f64(); return a; }
  i32s(): Int32Array { const n = this.u32(); this.need(4 * n, 'an array of integers'); const a = new Int32Array(n); for (let i = 0; i < n; i++) { a[i] = this.view.getInt32(this.pos, true); this.pos += 4; } return a; }
}

/** The bytes of a restart file. */
export function encodeRestart(d: RestartData): Uint8Array {
  const w = new Writer();
  w.bytes(Buffer.from(RESTART_MAGIC, 'ascii'));
  w.u32(RESTART_VERSION);
  w.u32(BOM);
  const section = (tag: string, body: () => void) => {
    w.bytes(Buffer.from(tag, 'ascii'));
    const at = w.len;
    w.u32(0);
    body();
    w.setU32(at, w.len - at - 4);
  };
  section('HEAD', () => { w.i64(d.step); w.f64(d.dt); w.str(d.style); w.u32(d.ntypes); w.u32(d.tag.length); });
  section('BOX ', () => {
    w.u8(d.box.tilt ? 1 : 0);
    for (const v of [...d.box.lo, ...d.box.hi]) w.f64(v);
    const t = d.box.tilt ?? { xy: 0, xz: 0, yz: 0 };
    w.f64(t.xy); w.f64(t.xz); w.f64(t.yz);
  });
  section('MASS', () => { w.f64s(d.mass); w.i32s(d.massSet); });
  section('ATOM', () => { w.i32s(d.tag); w.i32s(d.type); w.f64s(d.x); w.f64s(d.v); w.i32s(d.image); w.f64s(d.q); });
  section('NEIG', () => {
    const s = d.neighbor;
    w.f64(s.skin); w.u32(s.every); w.u32(s.delay); w.u8(s.check ? 1 : 0); w.u8(s.once ? 1 : 0);
    w.u8(d.list ? 1 : 0);
    if (d.list) { w.u32(d.list.ago); w.f64s(d.list.xhold); }
  });
  section('SORT', () => { w.u32(d.sort.every); w.f64(d.sort.binsize); w.i64(d.sort.next); });
  const lbox = d.list?.box;
  if (lbox) section('LBOX', () => {
    w.u8(lbox.tilt ? 1 : 0);
    for (const v of [...lbox.lo, ...lbox.hi]) w.f64(v);
    const t = lbox.tilt ?? { xy: 0, xz: 0, yz: 0 };
    w.f64(t.xy); w.f64(t.xz); w.f64(t.yz);
  });
  section('PAIR', () => { w.u32(d.pairCommands.length); for (const c of d.pairCommands) { w.u32(c.length); for (const s of c) w.str(s); } });
  section('FIX ', () => { w.u32(d.fixes.length); for (const f of d.fixes) { w.str(f.id); w.str(f.style); w.f64s(f.state); } });
  const ps = d.pairState;
  if (ps) section('PSTA', () => { w.str(ps.style); w.f64s(ps.state); });
  if (d.run) section('RUN ', () => { const r = d.run!; w.str(r.file); w.u32(r.line); w.u32(r.ordinal); w.i64(r.endStep); });
  const crc = crc32(w.result());
  section('END ', () => w.u32(crc));
  return w.result();
}

/** Parse a restart file's bytes; `path` names the file in every error. */
export function decodeRestart(buf: Uint8Array, path: string): RestartData {
  const fail = (detail: string) => new EctmdError(`Invalid restart file ${path}: ${detail}`, path);
  if (buf.length < 16 || Buffer.from(buf.subarray(0, 8)).toString('latin1') !== RESTART_MAGIC) {
    throw fail(`expected an ectmd restart file (starting with ${RESTART_MAGIC}), found ${buf.length < 8 ? `${buf.length} bytes` : JSON.stringify(Buffer.from(buf.subarray(0, 8)).toString('latin1'))}`);
  }
  const head = new DataView(buf.buffer, buf.byteOffset, 16);
  if (head.getUint32(12, true) !== BOM) throw fail(`expected the little-endian byte-order mark 04 03 02 01, found ${Buffer.from(buf.subarray(12, 16)).toString('hex')}`);
  const version = head.getUint32(8, true);
  if (version !== RESTART_VERSION) throw fail(`expected format version ${RESTART_VERSION}, found version ${version} (written by another ectmd release)`);
  const sections = new Map<string, { start: number; end: number }>();
  let pos = 16;
  for (;;) {
    if (pos + 8 > buf.length) throw fail(`truncated: expected a section header at byte ${pos}, found end of file (${buf.length} bytes)`);
    const tag = Buffer.from(buf.subarray(pos, pos + 4)).toString('latin1');
    const len = new DataView(buf.buffer, buf.byteOffset + pos + 4, 4).getUint32(0, true);
    if (pos + 8 + len > buf.length) throw fail(`truncated: section ${JSON.stringify(tag)} needs ${len} bytes from byte ${pos + 8}, file has ${buf.length} bytes`);
    if (tag === 'END ') {
      const want = new DataView(buf.buffer, buf.byteOffset + pos + 8, 4).getUint32(0, true);
      const got = crc32(buf.subarray(0, pos));
      if (len !== 4 || want !== got) throw fail(`corrupt: expected CRC-32 ${want.toString(16)}, found ${got.toString(16)}`);
      if (pos + 12 !== buf.length) throw fail(`expected end of file after the END section, found ${buf.length - pos - 12} more bytes`);
      break;
    }
    if (sections.has(tag)) throw fail(`expected each section once, found a second ${JSON.stringify(tag)} at byte ${pos}`);
    if (!['HEAD', 'BOX ', 'MASS', 'ATOM', 'NEIG', 'SORT', 'LBOX', 'PAIR', 'FIX ', 'PSTA', 'RUN '].includes(tag)) throw fail(`expected a section tag, found ${JSON.stringify(tag)} at byte ${pos}`);
    sections.set(tag, { start: pos + 8, end: pos + 8 + len });
    pos += 8 + len;
  }
  const open = (tag: string): Reader => {
    const s = sections.get(tag);
    if (!s) throw fail(`expected a ${tag.trim()} section, found none`);
    return new Reader(buf, s.start, s.end, (detail) => fail(`${tag.trim()}: ${detail}`));
  };
  let r = open('HEAD');
  const step = r.i64(), dt = r.f64(), style = r.str(), ntypes = r.u32(), natoms = r.u32();
  if (style !== 'atomic' && style !== 'charge') throw fail(`HEAD: expected atom style atomic or charge, found ${style}`);
  r = open('BOX ');
  const tri = r.u8() === 1;
  const lo = [r.f64(), r.f64(), r.f64()], hi = [r.f64(), r.f64(), r.f64()];
  const tilt = { xy: r.f64(), xz: r.f64(), yz: r.f64() };
  r = open('MASS');
  const mass = r.f64s(), massSet = Uint8Array.from(r.i32s());
  r = open('ATOM');
  const tag = r.i32s(), type = r.i32s(), x = r.f64s(), v = r.f64s(), image = r.i32s(), q = r.f64s();
  const sizes: Array<[string, number, number]> = [['mass', mass.length, ntypes + 1], ['massSet', massSet.length, ntypes + 1], ['tag', tag.length, natoms],
    ['type', type.length, natoms], ['x', x.length, 3 * natoms], ['v', v.length, 3 * natoms], ['image', image.length, 3 * natoms], ['q', q.length, natoms]];
  for (const [name, got, want] of sizes) if (got !== want) throw fail(`expected ${want} values of ${name}, found ${got}`);
  r = open('NEIG');
  const neighbor = { skin: r.f64(), every: r.u32(), delay: r.u32(), check: r.u8() === 1, once: r.u8() === 1 };
  let list: RestartData['list'] = null;
  if (r.u8() === 1) {
    const ago = r.u32(), xhold = r.f64s();
    if (xhold.length !== 3 * natoms) throw fail(`expected ${3 * natoms} neighbour-list positions, found ${xhold.length}`);
    list = { ago, xhold };
    if (sections.has('LBOX')) {
      r = open('LBOX');
      const ltri = r.u8() === 1;
      const llo = [r.f64(), r.f64(), r.f64()], lhi = [r.f64(), r.f64(), r.f64()];
      const lt = { xy: r.f64(), xz: r.f64(), yz: r.f64() };
      list.box = { lo: llo, hi: lhi, tilt: ltri ? lt : null };
    }
  }
  r = open('SORT');
  const sort = { every: r.u32(), binsize: r.f64(), next: r.i64() };
  r = open('PAIR');
  const pairCommands: string[][] = [];
  for (let n = r.u32(), k = 0; k < n; k++) { const words: string[] = []; for (let m = r.u32(), j = 0; j < m; j++) words.push(r.str()); pairCommands.push(words); }
  r = open('FIX ');
  const fixes: RestartData['fixes'] = [];
  for (let n = r.u32(), k = 0; k < n; k++) fixes.push({ id: r.str(), style: r.str(), state: r.f64s() });
  let pairState: RestartData['pairState'] = null;
  if (sections.has('PSTA')) { r = open('PSTA'); pairState = { style: r.str(), state: r.f64s() }; }
  let run: RunMark | null = null;
  if (sections.has('RUN ')) { r = open('RUN '); run = { file: r.str(), line: r.u32(), ordinal: r.u32(), endStep: r.i64() }; }
  const d: RestartData = { step, dt, style, ntypes, box: { lo, hi, tilt: tri ? tilt : null }, mass, massSet, tag, type, x, v, image, q, neighbor, sort, list, pairCommands, fixes, pairState, run };
  checkRestart(d, fail);
  return d;
}

/** What a well-formed file (its CRC intact) must still hold to be a state ectmd can continue: the CRC guards against
 * corruption, this against a file written by something else, so nothing non-finite or out of range reaches a run.
 * write_restart checks the same before writing, so that every restart ectmd writes can be read back. */
export function checkRestart(d: RestartData, fail: (detail: string) => EctmdError): void {
  const bad = (what: string, expected: string, found: string | number): EctmdError => fail(`${what}: expected ${expected}, found ${found}`);
  const finite = (a: ArrayLike<number>, what: string): void => {
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw bad(what, 'finite numbers', `${a[i]} at index ${i}`);
  };
  if (!Number.isSafeInteger(d.step) || d.step < 0) throw bad('HEAD: step', 'an integer >= 0', d.step);
  if (!(Number.isFinite(d.dt) && d.dt > 0)) throw bad('HEAD: timestep', 'a finite timestep > 0', d.dt);
  if (!(d.ntypes >= 1 && d.ntypes <= MAX_ATOM_TYPES)) throw bad('HEAD: atom types', `1..${MAX_ATOM_TYPES}`, d.ntypes);
  const { lo, hi, tilt } = d.box;
  finite([...lo, ...hi, ...(tilt ? [tilt.xy, tilt.xz, tilt.yz] : [])], 'BOX: bounds and tilts');
  for (let k = 0; k < 3; k++) if (!(lo[k] < hi[k])) throw bad('BOX: bounds', `${'xyz'[k]}lo < ${'xyz'[k]}hi`, `${lo[k]} ${hi[k]}`);
  for (let t = 1; t <= d.ntypes; t++) {
    if (d.massSet[t] > 1) throw bad('MASS: mass set flags', '0 or 1', d.massSet[t]);
    if (d.massSet[t] && !(Number.isFinite(d.mass[t]) && d.mass[t] > 0)) throw bad(`MASS: mass of type ${t}`, 'a finite mass > 0', d.mass[t]);
  }
  const seen = new Set<number>();
  for (let i = 0; i < d.tag.length; i++) {
    if (d.tag[i] < 1 || seen.has(d.tag[i])) throw bad('ATOM: atom IDs', 'unique IDs >= 1', `${d.tag[i]} at index ${i}`);
    seen.add(d.tag[i]);
    if (d.type[i] < 1 || d.type[i] > d.ntypes) throw bad(`ATOM: type of atom ${d.tag[i]}`, `1..${d.ntypes}`, d.type[i]);
  }
  finite(d.x, 'ATOM: positions');
  finite(d.v, 'ATOM: velocities');
  finite(d.q, 'ATOM: charges');
  const nb = d.neighbor;
  if (!(Number.isFinite(nb.skin) && nb.skin >= 0)) throw bad('NEIG: skin', 'a finite skin >= 0', nb.skin);
  if (nb.every < 1) throw bad('NEIG: every', '>= 1', nb.every);
  if (!(Number.isFinite(d.sort.binsize) && d.sort.binsize >= 0)) throw bad('SORT: bin size', 'a finite bin size >= 0', d.sort.binsize);
  if (!(Number.isSafeInteger(d.sort.next) && d.sort.next >= 0)) throw bad('SORT: next sort step', 'an integer >= 0', d.sort.next);
  if (d.list) {
    finite(d.list.xhold, 'NEIG: positions at the last neighbour build');
    const b = d.list.box;
    if (b) {
      finite([...b.lo, ...b.hi, ...(b.tilt ? [b.tilt.xy, b.tilt.xz, b.tilt.yz] : [])], 'LBOX: bounds and tilts');
      for (let k = 0; k < 3; k++) if (!(b.lo[k] < b.hi[k])) throw bad('LBOX: bounds', `${'xyz'[k]}lo < ${'xyz'[k]}hi`, `${b.lo[k]} ${b.hi[k]}`);
    }
  }
  for (const f of d.fixes) finite(f.state, `FIX: state of fix ${f.id}`);
  if (d.pairState) finite(d.pairState.state, `PSTA: state of pair style ${d.pairState.style}`);
  if (d.run && !(Number.isSafeInteger(d.run.endStep) && d.run.endStep >= d.step)) throw bad('RUN: end step', `an integer >= the step ${d.step}`, d.run.endStep);
}
