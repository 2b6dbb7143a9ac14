// Equal-style formulas: LAMMPS precedence and associativity, functions, references through the context, and an
// error (never NaN or Infinity) for every formula LAMMPS rejects or that has no finite value.

import { describe, expect, test } from 'vitest';
import { EctmdError } from '../../host/errors.js';
import { evaluate, LAMMPS_VERSION, type ExprContext } from '../../host/lammps/expression.js';

const where = { file: 'in.test', line: 7 };

const thermo: Record<string, number> = { step: 150, atoms: 4000, lx: 72.3, pe: -3540.25 };
const ctx: ExprContext = {
  thermo: (k) => thermo[k],
  variable: (name) => {
    if (name === 'T') return 300;
    throw new EctmdError(`no variable ${name}`);
  },
  compute: (id, index) => {
    if (id === 'mype' && index === null) return -12.5;
    if (id === 'press' && index !== null) return 10 * index;
    throw new EctmdError(`no compute ${id}`);
  },
  run: () => ({ begin: 100, end: 200 }),
};

const ev = (s: string, c: ExprContext = ctx) => evaluate(s, c, where);

/** The thrown EctmdError, for checking what it names. */
function failure(s: string, c: ExprContext = ctx): EctmdError {
  try {
    ev(s, c);
  } catch (e) {
    expect(e).toBeInstanceOf(EctmdError);
    return e as EctmdError;
  }
  throw new Error(`"${s}" evaluated without an error`);
}

describe('operators follow LAMMPS precedence', () => {
  test('unary minus binds tighter than ^, and ^ is left-associative', () => {
    expect(ev('-2^2')).toBe(4);
    expect(ev('2^3^2')).toBe(64);
    expect(ev('2*-3^2')).toBe(18);
    expect(ev('2^-1')).toBe(0.5);
    expect(ev('1--1')).toBe(2);
    expect(ev('- -2')).toBe(2);
  });

  test('arithmetic, modulo as C fmod, and parentheses', () => {
    expect(ev('1+2*3')).toBe(7);
    expect(ev('(1+2)*3')).toBe(9);
    expect(ev('7 % 3')).toBe(1);
    expect(ev('-7%3')).toBe(-1);
    expect(ev('7.5 % -2')).toBe(1.5);
    expect(ev('10/4-1')).toBe(1.5);
    expect(ev('0^0')).toBe(1);
  });

  test('comparisons and logic give 1 or 0, and chain left to right', () => {
    expect(ev('1<2<3')).toBe(1);
    expect(ev('3>2>1')).toBe(0);
    expect(ev('2<=2') + ev('2>=3') + ev('1==1.0') + ev('1!=1')).toBe(2);
    expect(ev('2&&3||0')).toBe(1);
    expect(ev('0||0')).toBe(0);
    expect([ev('1 |^ 1'), ev('0 |^ 1'), ev('0|^0')]).toEqual([0, 1, 0]);
    expect([ev('!0'), ev('!3'), ev('!!2'), ev('1+!0')]).toEqual([1, 0, 1, 2]);
    expect(ev('1+1==2')).toBe(1);
  });

  test('numbers: integers, decimals, leading dot, exponents', () => {
    expect(ev('1e-3')).toBe(0.001);
    expect(ev('.5')).toBe(0.5);
    expect(ev('1.e2')).toBe(100);
    expect(ev('2E+2')).toBe(200);
    expect(ev(' 20*1 ')).toBe(20);
  });
});

describe('functions and constants', () => {
  test('math functions agree with their definitions', () => {
    expect(ev('sqrt(16)')).toBe(4);
    expect(ev('exp(ln(5))')).toBeCloseTo(5, 14);
    expect(ev('log(1000)')).toBeCloseTo(3, 14);
    expect(ev('abs(-3)')).toBe(3);
    expect(ev('sin(PI/2)') + ev('cos(0)') + ev('tan(0)')).toBe(2);
    expect(ev('asin(1)') * 2).toBe(Math.PI);
    expect(ev('acos(-1)')).toBe(Math.PI);
    expect(ev('atan(1)*4')).toBe(Math.PI);
    expect(ev('atan2(1,-1)')).toBe((3 * Math.PI) / 4);
    expect([ev('ceil(-1.5)'), ev('floor(-1.5)')]).toEqual([-1, -2]);
  });

  test('round() rounds halves up, as LAMMPS MYROUND', () => {
    expect([ev('round(2.5)'), ev('round(-2.5)'), ev('round(-0.5)'), ev('round(1.49)')]).toEqual([3, -2, -0, 1]);
  });

  test('ternary picks by the sign of its first argument', () => {
    expect(ev('ternary(step>100, 1, 2)')).toBe(1);
    expect(ev('ternary(0, 1, 2)')).toBe(2);
  });

  test('ramp interpolates over the current run and needs a run', () => {
    expect(ev('ramp(300, 500)')).toBe(400);
    const between = failure('ramp(300,500)', { ...ctx, run: () => null });
    expect(between.message).toMatch(/Cannot use ramp between runs/);
  });

  test('constants PI, version and the boolean words', () => {
    expect(ev('PI')).toBe(Math.PI);
    expect(ev('version')).toBe(LAMMPS_VERSION);
    expect(ev('on+yes+true')).toBe(3);
    expect(ev('off+no+false')).toBe(0);
  });
});

describe('references resolve through the context', () => {
  test('thermo keywords, v_name, c_ID and c_ID[i]', () => {
    expect(ev('step+atoms')).toBe(4150);
    expect(ev('pe/atoms')).toBe(thermo.pe / thermo.atoms);
    expect(ev('v_T*2')).toBe(600);
    expect(ev('c_mype')).toBe(-12.5);
    expect(ev('c_press[3]')).toBe(30);
  });

  test('an unknown word is an error naming the word', () => {
    const e = failure('2*temp_x+1');
    expect(e.message).toMatch(/Invalid thermo keyword 'temp_x'/);
    expect(e.file).toBe('in.test');
    expect(e.line).toBe(7);
  });

  test('a word followed by ( that is no function names the function', () => {
    expect(failure('foo(2)').message).toMatch(/'foo\(\)'/);
    expect(failure('count(all)').message).toMatch(/'count\(\)' is not supported/);
  });

  test('per-atom vectors, fixes, arrays and missing computes are rejected by name', () => {
    expect(failure('x').message).toMatch(/Atom vector in equal-style variable formula/);
    expect(failure('f_ave').message).toMatch(/fix ID 'ave'/);
    expect(failure('c_press[1][2]').message).toMatch(/arrays are not supported/);
    expect(failure('c_press[0]').message).toMatch(/must be positive/);
    expect(failure('c_pe', { thermo: ctx.thermo, variable: ctx.variable }).message).toMatch(/Invalid compute ID 'pe'/);
  });

  test('a non-finite value from the context is not carried forward', () => {
    expect(failure('pe+1', { ...ctx, thermo: () => NaN }).message).toMatch(/expected a finite value/);
  });
});

describe('formulas with no finite value are errors with LAMMPS wording', () => {
  test.each([
    ['1/(2-2)', /Divide by 0/],
    ['0/0', /Divide by 0/],
    ['5%0', /Modulo 0/],
    ['0^-1', /Invalid power expression/],
    ['(-8)^(1/3)', /Invalid power expression/],
    ['sqrt(-1)', /Sqrt of negative value/],
    ['ln(0)', /Log of zero\/negative value/],
    ['log(-1)', /Log of zero\/negative value/],
    ['asin(2)', /Arcsin of invalid value/],
    ['acos(-1.5)', /Arccos of invalid value/],
    ['exp(1000)', /expected a finite value/],
    ['1e300*1e300', /expected a finite value/],
    ['2^1024', /expected a finite value/],
    ['1e400', /Invalid number/],
  ])('%s', (formula, message) => {
    const e = failure(formula);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`"${formula}"`);
  });
});

describe('malformed formulas are syntax errors that say what was found', () => {
  test.each([
    ['1 2', "'2'"],
    ['2 (3)', "'(3)'"],
    ['1+', 'the end of the formula'],
    ['(1', 'the end of the formula'],
    ['1)', "')'"],
    ['3 & 4', "'& 4'"],
    ['1 | 2', "'| 2'"],
    ['1=2', "'=2'"],
    ['+3', "'+3'"],
    ['2*+3', "'+3'"],
    ['1.2.3', "'1.2.3'"],
    ['1e', "'1e'"],
    ['1e5e', "'e'"],
    ['', 'the end of the formula'],
  ])('%j', (formula, found) => {
    const e = failure(formula);
    expect(e.message).toMatch(/in variable formula/);
    expect(e.message).toContain(`found ${found}`);
  });

  test('wrong argument counts are "Invalid math function"', () => {
    expect(failure('atan2(1)').message).toMatch(/Invalid math function.*expected atan2\(\) with 2 arguments, found 1/);
    expect(failure('sqrt(1,2)').message).toMatch(/Invalid math function/);
    expect(failure('sqrt()').message).toMatch(/found 0/);
  });

  test('a function name needs its parenthesis right after it, as in LAMMPS', () => {
    expect(failure('sqrt (4)').message).toMatch(/Invalid thermo keyword 'sqrt'/);
  });
});

describe('group function count()', () => {
  const groups: Record<string, number> = { all: 2160, type1: 864, type2: 1296 };
  const withGroups: ExprContext = { ...ctx, count: (g) => groups[g] };

  test('count(ID) is the number of atoms in the group (in.streitz.wolf: -2.8*count(type1)/count(type2))', () => {
    expect(ev('-2.8*count(type1)/count(type2)', withGroups)).toBeCloseTo(-1.8666666666666667, 15);
    expect(ev('count( all )+1', withGroups)).toBe(2161);
  });

  test('a missing group and the region form are errors naming what was found', () => {
    expect(failure('count(metal)', withGroups).message).toMatch(/Group ID does not exist in variable formula "count\(metal\)": expected an existing group, found metal/);
    expect(failure('count(all,box)', withGroups).message).toMatch(/Invalid group function in variable formula .*: expected count\(GROUP\)/);
  });
});
