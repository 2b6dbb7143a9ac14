// Equal-style formulas as LAMMPS evaluates them (src/variable.cpp, Variable::evaluate and math_function):
// numbers, constants, thermo keywords, c_ID / c_ID[i] / v_name references, math functions and operators with
// LAMMPS's precedence (unary - and ! bind tightest, then ^, all binary operators left-associative).

import { inputError, type EctmdError } from '../errors.js';

export interface ExprContext {
  /** Value of a thermo keyword (step, temp, pe, atoms, lx, ...); undefined when the keyword is unknown. */
  thermo(keyword: string): number | undefined;
  /** Value of v_name. */
  variable(name: string, where: ExprWhere): number;
  /** Global scalar (index null) or 1-based global vector element of compute ID. */
  compute?(id: string, index: number | null): number;
  /** Number of atoms in a group (group function count(ID)); undefined when the group does not exist. */
  count?(group: string): number | undefined;
  /** First and last step of the current run; null between runs (ramp() needs a run). */
  run?(): { begin: number; end: number } | null;
}

export interface ExprWhere {
  file: string;
  line?: number;
}

/** LAMMPS 29Sep2021 reports this as the `version` constant. */
export const LAMMPS_VERSION = 20210929;

const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['PI', Math.PI], ['version', LAMMPS_VERSION],
  ['on', 1], ['off', 0], ['true', 1], ['false', 0], ['yes', 1], ['no', 0],
]);

/** Per-atom vectors: valid in atom-style formulas only. */
const ATOM_VECTORS = new Set(['id', 'mass', 'type', 'mol', 'radius', 'q', 'x', 'y', 'z', 'vx', 'vy', 'vz', 'fx', 'fy', 'fz']);

/** LAMMPS functions ectmd does not evaluate (group functions other than count, special and random/step-pattern functions). */
const UNSUPPORTED_FUNCTIONS = new Set([
  'mass', 'charge', 'xcm', 'vcm', 'fcm', 'bound', 'gyration', 'ke', 'angmom', 'torque', 'inertia', 'omega',
  'sum', 'min', 'max', 'ave', 'trap', 'slope', 'gmask', 'rmask', 'grmask', 'next',
  'is_active', 'is_defined', 'is_available', 'is_file', 'extract_setting',
  'random', 'normal', 'stagger', 'logfreq', 'logfreq2', 'logfreq3', 'stride', 'stride2',
  'vdisplace', 'swiggle', 'cwiggle',
]);

/** Math functions evaluated here (ternary is newer than 29Sep2021; LAMMPS added it later). */
const MATH_FUNCTIONS = [
  'sqrt', 'exp', 'ln', 'log', 'abs', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
  'ceil', 'floor', 'round', 'ternary', 'ramp',
] as const;
type MathFunction = (typeof MATH_FUNCTIONS)[number];
const isMathFunction = (name: string): name is MathFunction => (MATH_FUNCTIONS as readonly string[]).includes(name);

/** Binary operators with LAMMPS's precedence levels (variable.cpp constructor). */
const BINARY: ReadonlyMap<string, number> = new Map([
  ['||', 1], ['|^', 1], ['&&', 2], ['==', 3], ['!=', 3],
  ['<', 4], ['<=', 4], ['>', 4], ['>=', 4], ['+', 5], ['-', 5], ['*', 6], ['/', 6], ['%', 6], ['^', 7],
]);

class Formula {
  private pos = 0;

  constructor(private readonly text: string, private readonly ctx: ExprContext, private readonly where: ExprWhere) {}

  private error(what: string, expected: string, found: string): EctmdError {
    return inputError(this.where.file, this.where.line, `${what} in variable formula "${this.text}"`, expected, found);
  }

  /** Whole formula: one expression and nothing after it. */
  run(): number {
    const value = this.expression(0);
    this.skipSpace();
    if (this.pos < this.text.length) throw this.error('Invalid syntax', 'an operator or the end of the formula', this.rest());
    return value;
  }

  private rest(): string {
    return this.pos < this.text.length ? `'${this.text.slice(this.pos)}'` : 'the end of the formula';
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private finite(value: number, what: string): number {
    if (!Number.isFinite(value)) throw this.error('Numeric overflow or invalid result', 'a finite value', `${what} = ${value}`);
    return value;
  }

  /** Binary operators at precedence >= minPrec, left-associative. */
  private expression(minPrec: number): number {
    let left = this.unary();
    for (;;) {
      this.skipSpace();
      const op = this.peekOperator();
      if (op === null) return left;
      const prec = BINARY.get(op)!;
      if (prec < minPrec) return left;
      this.pos += op.length;
      const right = this.expression(prec + 1);
      left = this.binary(op, left, right);
    }
  }

  private peekOperator(): string | null {
    const two = this.text.slice(this.pos, this.pos + 2);
    if (BINARY.has(two)) return two;
    const one = this.text[this.pos];
    if (one === undefined || one === ')' || one === ',') return null;
    if (BINARY.has(one)) return one;
    throw this.error('Invalid syntax', 'an operator', this.rest());
  }

  private binary(op: string, a: number, b: number): number {
    switch (op) {
      case '+': return this.finite(a + b, `${a} + ${b}`);
      case '-': return this.finite(a - b, `${a} - ${b}`);
      case '*': return this.finite(a * b, `${a} * ${b}`);
      case '/':
        if (b === 0) throw this.error('Divide by 0', 'a non-zero divisor', `${a} / 0`);
        return this.finite(a / b, `${a} / ${b}`);
      case '%':
        if (b === 0) throw this.error('Modulo 0', 'a non-zero divisor', `${a} % 0`);
        return a % b;
      case '^': {
        if (b === 0) return 1;
        const p = a ** b;
        if ((a === 0 && b < 0) || Number.isNaN(p)) throw this.error('Invalid power expression', 'a real power', `${a} ^ ${b}`);
        return this.finite(p, `${a} ^ ${b}`);
      }
      case '<': return a < b ? 1 : 0;
      case '<=': return a <= b ? 1 : 0;
      case '>': return a > b ? 1 : 0;
      case '>=': return a >= b ? 1 : 0;
      case '==': return a === b ? 1 : 0;
      case '!=': return a !== b ? 1 : 0;
      case '&&': return a !== 0 && b !== 0 ? 1 : 0;
      case '||': return a !== 0 || b !== 0 ? 1 : 0;
      default: return (a === 0) !== (b === 0) ? 1 : 0; // '|^', exclusive or
    }
  }

  private unary(): number {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '-') { this.pos++; return -this.unary(); }
    if (c === '!') { this.pos++; return this.unary() === 0 ? 1 : 0; }
    return this.primary();
  }

  private primary(): number {
    const c = this.text[this.pos];
    if (c === '(') {
      this.pos++;
      const value = this.expression(0);
      this.expect(')');
      return value;
    }
    if (c !== undefined && /[0-9.]/.test(c)) return this.number();
    if (c !== undefined && /[A-Za-z]/.test(c)) return this.word();
    throw this.error('Invalid syntax', 'a number, a name or (', this.rest());
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== ch) throw this.error('Invalid syntax', `'${ch}'`, this.rest());
    this.pos++;
  }

  /** LAMMPS's number scan: digits and dots, then an optional exponent. */
  private number(): number {
    const m = /^[0-9.]+(?:[eE][+-]?[0-9]*)?/.exec(this.text.slice(this.pos))!;
    this.pos += m[0].length;
    const value = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(m[0]) ? Number(m[0]) : NaN;
    if (!Number.isFinite(value)) throw this.error('Invalid number', 'a finite number such as 2, 0.5 or 1e-3', `'${m[0]}'`);
    return value;
  }

  private bracketIndex(word: string): number | null {
    if (this.text[this.pos] !== '[') return null;
    const m = /^\[([^\]]*)\]/.exec(this.text.slice(this.pos));
    if (!m) throw this.error('Invalid syntax', `']' closing the index of ${word}`, this.rest());
    if (!/^\d+$/.test(m[1]) || Number(m[1]) < 1) throw this.error('Index between variable brackets must be positive', 'an integer >= 1', `${word}[${m[1]}]`);
    this.pos += m[0].length;
    if (this.text[this.pos] === '[') throw this.error('Unsupported reference', 'a global scalar or vector element (arrays are not supported)', `${word}[${m[1]}][`);
    return Number(m[1]);
  }

  private word(): number {
    const word = /^[A-Za-z][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))![0];
    this.pos += word.length;
    if (word.startsWith('c_')) {
      const index = this.bracketIndex(word);
      if (!this.ctx.compute) throw this.error(`Invalid compute ID '${word.slice(2)}'`, 'a defined compute', word);
      return this.finite(this.ctx.compute(word.slice(2), index), word);
    }
    if (word.startsWith('v_')) {
      if (this.text[this.pos] === '[') throw this.error('Unsupported reference', 'v_name (vector-style variables are not supported)', `${word}[`);
      return this.finite(this.ctx.variable(word.slice(2), this.where), word);
    }
    if (word.startsWith('f_')) throw this.error(`Invalid fix ID '${word.slice(2)}'`, 'a compute, variable or thermo keyword (fix references are not supported)', word);
    if (this.text[this.pos] === '(') return this.call(word);
    if (this.text[this.pos] === '[') throw this.error('Unsupported reference', 'an equal-style value (per-atom values are not supported)', `${word}[`);
    if (ATOM_VECTORS.has(word)) throw this.error('Atom vector in equal-style variable formula', 'a global value', word);
    const constant = CONSTANTS.get(word);
    if (constant !== undefined) return constant;
    const value = this.ctx.thermo(word);
    if (value === undefined) throw this.error(`Invalid thermo keyword '${word}'`, 'a thermo keyword, constant, function or c_/v_ reference', word);
    return this.finite(value, word);
  }

  /** name(arg, ...) with the arguments evaluated left to right. */
  private call(name: string): number {
    if (UNSUPPORTED_FUNCTIONS.has(name)) throw this.error(`Function '${name}()' is not supported by ectmd`, 'a math function', `${name}()`);
    if (name === 'count') return this.count();
    if (!isMathFunction(name)) throw this.error(`Invalid math/group/special function '${name}()'`, 'a math function such as sqrt() or atan2()', `${name}()`);
    this.pos++;
    const args: number[] = [];
    this.skipSpace();
    if (this.text[this.pos] !== ')') {
      for (;;) {
        args.push(this.expression(0));
        this.skipSpace();
        if (this.text[this.pos] !== ',') break;
        this.pos++;
      }
    }
    this.expect(')');
    return this.math(name, args);
  }

  /** Group function count(ID): the number of atoms in group ID (the region form is not supported). */
  private count(): number {
    this.pos++;
    const m = /^\s*([A-Za-z0-9_]+)\s*\)/.exec(this.text.slice(this.pos));
    if (!m) throw this.error('Invalid group function', 'count(GROUP)', `count(${this.text.slice(this.pos)}`);
    this.pos += m[0].length;
    const n = this.ctx.count?.(m[1]);
    if (n === undefined) {
      if (!this.ctx.count) throw this.error("Function 'count()' is not supported by ectmd here", 'a math function', 'count()');
      throw this.error('Group ID does not exist', 'an existing group', m[1]);
    }
    return n;
  }

  private math(name: MathFunction, a: number[]): number {
    const arity = (n: number): void => {
      if (a.length !== n) throw this.error('Invalid math function', `${name}() with ${n} argument${n === 1 ? '' : 's'}`, `${a.length}`);
    };
    const x = a[0];
    switch (name) {
      case 'sqrt':
        arity(1);
        if (x < 0) throw this.error('Sqrt of negative value', 'an argument >= 0', `sqrt(${x})`);
        return Math.sqrt(x);
      case 'exp': arity(1); return this.finite(Math.exp(x), `exp(${x})`);
      case 'ln':
        arity(1);
        if (x <= 0) throw this.error('Log of zero/negative value', 'an argument > 0', `ln(${x})`);
        return Math.log(x);
      case 'log':
        arity(1);
        if (x <= 0) throw this.error('Log of zero/negative value', 'an argument > 0', `log(${x})`);
        return Math.log10(x);
      case 'abs': arity(1); return Math.abs(x);
      case 'sin': arity(1); return Math.sin(x);
      case 'cos': arity(1); return Math.cos(x);
      case 'tan': arity(1); return Math.tan(x);
      case 'asin':
        arity(1);
        if (x < -1 || x > 1) throw this.error('Arcsin of invalid value', 'an argument in [-1, 1]', `asin(${x})`);
        return Math.asin(x);
      case 'acos':
        arity(1);
        if (x < -1 || x > 1) throw this.error('Arccos of invalid value', 'an argument in [-1, 1]', `acos(${x})`);
        return Math.acos(x);
      case 'atan': arity(1); return Math.atan(x);
      case 'atan2': arity(2); return Math.atan2(x, a[1]);
      case 'ceil': arity(1); return Math.ceil(x);
      case 'floor': arity(1); return Math.floor(x);
      case 'round': arity(1); return x - Math.floor(x) >= 0.5 ? Math.ceil(x) : Math.floor(x);
      case 'ternary': arity(3); return x !== 0 ? a[1] : a[2];
      case 'ramp': {
        arity(2);
        const run = this.ctx.run?.() ?? null;
        if (run === null) throw this.error('Cannot use ramp between runs', 'ramp() during a run', 'no run in progress');
        const step = this.ctx.thermo('step');
        if (step === undefined) throw this.error('Cannot use ramp without a step count', 'a step thermo keyword', 'none');
        let delta = step - run.begin;
        if (delta !== 0 && run.begin !== run.end) delta /= run.end - run.begin;
        return this.finite(x + delta * (a[1] - x), `ramp(${x}, ${a[1]})`);
      }
    }
  }
}

/** Evaluate an equal-style formula; every error (syntax, domain, non-finite result) names file and line. */
export function evaluate(expr: string, ctx: ExprContext, where: ExprWhere): number {
  return new Formula(expr, ctx, where).run();
}
