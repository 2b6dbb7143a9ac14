// LAMMPS variables and input-line substitution: the `variable` and `next` commands (src/variable.cpp set, next,
// retrieve) and $x / ${name} / $(formula[:format]) expansion outside quotes (src/input.cpp substitute), with
// LAMMPS's text forms: equal-style values as "%.15g", immediate $(...) values as "%.20g".

import { inputError, parseFiniteFloat, parseInteger } from '../errors.js';
import { sprintf } from '../io/format.js';
import { evaluate, type ExprContext, type ExprWhere } from './expression.js';

type Definition =
  | { style: 'index'; values: string[]; which: number }
  | { style: 'loop'; last: number; which: number; pad: number }
  | { style: 'string'; value: string }
  | { style: 'getenv'; envName: string }
  | { style: 'equal'; formula: string; where: ExprWhere }
  | { style: 'format'; source: string; format: string };

/** LAMMPS styles that exist but that ectmd does not implement. */
const UNSUPPORTED_STYLES = new Set(['atom', 'atomfile', 'file', 'python', 'internal', 'vector', 'world', 'universe', 'uloop', 'timer']);

/** The format LAMMPS accepts after ':' in $(...) and for format-style variables (input.cpp, variable.cpp). */
const FLOAT_FORMAT = /^%[0-9 ]*\.[0-9]+[efgEFG]$/;

export class Variables {
  private readonly defs = new Map<string, Definition>();
  /** Equal-style variables being evaluated, to report circular references instead of recursing forever. */
  private readonly evaluating = new Set<string>();
  private readonly formulaContext: ExprContext;

  /**
   * `ctx` supplies thermo keywords, computes and run bounds. Inside formulas, v_name is resolved here the way
   * LAMMPS does it (the number parsed from retrieve()'s text, so an equal-style value enters at %.15g).
   */
  constructor(ctx: ExprContext) {
    this.formulaContext = {
      thermo: (keyword) => ctx.thermo(keyword),
      variable: (name, where) => this.reference(name, where),
      compute: ctx.compute ? (id, index) => ctx.compute!(id, index) : undefined,
      count: ctx.count ? (group) => ctx.count!(group) : undefined,
      run: ctx.run ? () => ctx.run!() : undefined,
    };
  }

  /** `variable NAME STYLE ARGS...`: args after the command word. */
  command(args: string[], where: ExprWhere): void {
    const illegal = (expected: string) => inputError(where.file, where.line, 'Illegal variable command', expected, args.length ? `'${args.join(' ')}'` : 'no arguments');
    if (args.length < 2) throw illegal('variable NAME STYLE ARGS');
    const [name, style] = args;
    const values = args.slice(2);
    if (style === 'delete') {
      if (values.length !== 0) throw illegal('variable NAME delete');
      this.defs.delete(name);
      return;
    }
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
      throw inputError(where.file, where.line, `Variable name '${name}' must have only alphanumeric characters or underscores`, 'a name of letters, digits and _', `'${name}'`);
    }
    const existing = this.defs.get(name);
    switch (style) {
      case 'index':
        if (values.length === 0) throw illegal('variable NAME index VALUE ...');
        if (!existing) this.defs.set(name, { style: 'index', values, which: 0 });
        return;
      case 'loop':
        if (!existing) this.defs.set(name, this.loop(values, where, illegal));
        return;
      case 'format':
        if (values.length !== 2) throw illegal('variable NAME format VARIABLE FORMAT');
        if (!FLOAT_FORMAT.test(values[1])) throw inputError(where.file, where.line, 'Incorrect conversion in format string', 'a float format such as %.6g or %10.4f', `'${values[1]}'`);
        if (!existing) this.defs.set(name, { style: 'format', source: values[0], format: values[1] });
        return;
      case 'string':
      case 'getenv':
      case 'equal': {
        if (values.length !== 1) throw illegal(`variable NAME ${style} VALUE (quote a value that has spaces)`);
        if (existing && existing.style !== style) {
          throw inputError(where.file, where.line, 'Cannot redefine variable as a different style', `variable ${name} to stay ${existing.style}-style`, `'${style}'`);
        }
        const [value] = values;
        this.defs.set(name, style === 'string' ? { style, value } : style === 'getenv' ? { style, envName: value } : { style, formula: value, where: { ...where } });
        return;
      }
    }
    if (UNSUPPORTED_STYLES.has(style)) {
      throw inputError(where.file, where.line, 'Unsupported variable style', 'index, loop, string, getenv, format, equal or delete', `'${style}'`);
    }
    throw illegal('a variable style: index, loop, string, getenv, format, equal or delete');
  }

  /** `loop N [pad]` or `loop N1 N2 [pad]`: values N1..N2 (N1 = 1 by default), pad = zero-fill to N2's width. */
  private loop(values: string[], where: ExprWhere, illegal: (expected: string) => Error): Definition {
    const padded = values.length > 1 && values[values.length - 1] === 'pad';
    const bounds = padded ? values.slice(0, -1) : values;
    if (bounds.length < 1 || bounds.length > 2) throw illegal('variable NAME loop N [pad] or loop N1 N2 [pad]');
    const ints = bounds.map((v) => parseInteger(v, where.file, where.line, 'variable loop bound'));
    const [first, last] = ints.length === 1 ? [1, ints[0]] : ints;
    if (ints.length === 1 && last <= 0) throw illegal('loop N with N >= 1');
    if (first > last || last < 0) throw illegal('loop N1 N2 with 0 <= N1 <= N2');
    return { style: 'loop', last, which: first - 1, pad: padded ? String(last).length : 0 };
  }

  /** Command-line `-var NAME VALUE...`: an index variable, so a later `variable NAME index ...` is ignored. */
  defineCommandLine(name: string, values: string[]): void {
    this.command([name, 'index', ...values], { file: '-var' });
  }

  /** `next NAME...`: advance index/loop variables; true when one is exhausted (it is then deleted, as in LAMMPS). */
  next(names: string[], where: ExprWhere): boolean {
    if (names.length === 0) throw inputError(where.file, where.line, 'Illegal next command', 'next VARIABLE ...', 'no variable names');
    const defs = names.map((name) => {
      const def = this.defs.get(name);
      if (!def) throw inputError(where.file, where.line, `Invalid variable '${name}' in next command`, 'a defined variable', `'${name}'`);
      return def;
    });
    const style = defs[0].style;
    if (defs.some((d) => d.style !== style)) {
      throw inputError(where.file, where.line, 'All variables in next command must have same style', `only ${style}-style variables`, defs.map((d) => d.style).join(', '));
    }
    let exhausted = false;
    defs.forEach((def, k) => {
      if (def.style !== 'index' && def.style !== 'loop') {
        throw inputError(where.file, where.line, 'Invalid variable style with next command', 'index or loop variables', `${def.style}-style '${names[k]}'`);
      }
      def.which++;
      if (def.which >= (def.style === 'index' ? def.values.length : def.last)) {
        this.defs.delete(names[k]);
        exhausted = true;
      }
    });
    return exhausted;
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  /** Text value as LAMMPS retrieve(): the current index/loop/string value, equal-style as "%.15g". */
  retrieve(name: string, where: ExprWhere): string {
    const def = this.defs.get(name);
    if (!def) throw inputError(where.file, where.line, `Substitution for illegal variable ${name}`, 'a variable defined by the variable command or -var', `'${name}'`);
    switch (def.style) {
      case 'index': return def.values[def.which];
      case 'loop': return String(def.which + 1).padStart(def.pad, '0');
      case 'string': return def.value;
      case 'getenv': return process.env[def.envName] ?? '';
      case 'equal': return sprintf('%.15g', this.equalValue(name, def, where));
      case 'format': {
        const source = this.defs.get(def.source);
        if (source?.style !== 'equal') {
          throw inputError(where.file, where.line, `Variable ${name}: format variable needs an equal-style variable`, `'${def.source}' defined as equal-style`, source ? `${source.style}-style` : 'no such variable');
        }
        return sprintf(def.format, this.equalValue(def.source, source, where));
      }
    }
  }

  /** Full-precision value (LAMMPS compute_equal), for thermo `v_name` and fixes; other styles must hold a number. */
  numeric(name: string, where: ExprWhere): number {
    const def = this.defs.get(name);
    if (!def) throw inputError(where.file, where.line, `Invalid variable reference v_${name}`, 'a variable defined by the variable command or -var', `no variable named '${name}'`);
    if (def.style === 'equal') return this.equalValue(name, def, where);
    return parseFiniteFloat(this.retrieve(name, where).trim(), where.file, where.line, `Variable ${name}: numeric value`);
  }

  /** Evaluate an equal-style formula with this set of variables (as $(...) and `if` do). */
  evaluate(formula: string, where: ExprWhere): number {
    return evaluate(formula, this.formulaContext, where);
  }

  /** v_name inside a formula: LAMMPS parses the text retrieve() gives (an equal-style value enters at %.15g). */
  private reference(name: string, where: ExprWhere): number {
    if (!this.defs.has(name)) throw inputError(where.file, where.line, `Invalid variable reference v_${name} in variable formula`, 'a variable defined by the variable command or -var', `no variable named '${name}'`);
    return parseFiniteFloat(this.retrieve(name, where).trim(), where.file, where.line, `Variable ${name}: numeric value in variable formula`);
  }

  private equalValue(name: string, def: Extract<Definition, { style: 'equal' }>, where: ExprWhere): number {
    if (this.evaluating.has(name)) throw inputError(where.file, where.line, `Variable ${name}: has a circular dependency`, 'a formula that does not refer back to itself', `'${def.formula}'`);
    this.evaluating.add(name);
    try {
      return this.evaluate(def.formula, def.where);
    } finally {
      this.evaluating.delete(name);
    }
  }

  /** LAMMPS Input::substitute: expand $x, ${name} and $(formula[:format]) outside '...', "..." and """...""". */
  substitute(line: string, where: ExprWhere): string {
    let out = '';
    let i = 0;
    while (i < line.length) {
      const c = line[i];
      if (c === '$') {
        const next = line[i + 1];
        if (next === '{') {
          const close = line.indexOf('}', i + 2);
          if (close < 0) throw inputError(where.file, where.line, 'Invalid variable name', "'}' closing ${", `'${line.slice(i)}'`);
          out += this.retrieve(line.slice(i + 2, close), where);
          i = close + 1;
        } else if (next === '(') {
          const close = matchingParen(line, i + 1);
          if (close < 0) throw inputError(where.file, where.line, 'Invalid immediate variable', "')' closing $(", `'${line.slice(i)}'`);
          out += this.immediate(line.slice(i + 2, close), where);
          i = close + 1;
        } else {
          out += this.retrieve(next ?? '', where);
          i += 2;
        }
      } else if (c === '"' || c === "'") {
        const quote = line.startsWith('"""', i) ? '"""' : c;
        const close = line.indexOf(quote, i + quote.length);
        if (close < 0) throw inputError(where.file, where.line, 'Unbalanced quotes in input line', `a closing ${quote}`, 'end of line');
        out += line.slice(i, close + quote.length);
        i = close + quote.length;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  }

  /** $(formula) as "%.20g", or $(formula:%fmt) with a LAMMPS float format. */
  private immediate(body: string, where: ExprWhere): string {
    const colon = body.lastIndexOf(':');
    const hasFormat = colon >= 0 && body[colon + 1] === '%';
    const format = hasFormat ? body.slice(colon + 1) : '%.20g';
    if (!FLOAT_FORMAT.test(format)) throw inputError(where.file, where.line, 'Incorrect conversion in format string', 'a float format such as %.6g or %10.4f', `'${format}'`);
    return sprintf(format, this.evaluate(hasFormat ? body.slice(0, colon) : body, where));
  }
}

/** Index of the ')' matching the '(' at `open`, or -1. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}
