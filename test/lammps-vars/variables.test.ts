// The variable and next commands and $-substitution: LAMMPS's redefinition rules, loop/index stepping, quoting,
// and its text forms (%.15g for equal-style, %.20g for $(...)), checked against lmp running the same lines.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EctmdError } from '../../host/errors.js';
import type { ExprContext } from '../../host/lammps/expression.js';
import { splitWords } from '../../host/lammps/tokenize.js';
import { Variables } from '../../host/lammps/variables.js';
import { Interpreter } from '../../host/lammps/interpreter.js';
import { lmpPath, referenceDir, runLammps } from '../helpers/lammps.js';

const where = { file: 'in.test', line: 3 };

function fresh(thermo: Record<string, number> = {}): Variables {
  const vars: Variables = new Variables({
    thermo: (k) => thermo[k],
    variable: (name, w) => vars.numeric(name, { file: w.file, line: w.line ?? 0 }),
  } satisfies ExprContext);
  return vars;
}

/** Run input lines as LAMMPS does for variable, next and print (print substitutes its quoted string itself). */
function script(vars: Variables, lines: string[], file = 'in.test'): string[] {
  const printed: string[] = [];
  lines.forEach((raw, k) => {
    const w = { file, line: k + 1 };
    const words = splitWords(vars.substitute(raw, w), w);
    if (words[0] === 'variable') vars.command(words.slice(1), w);
    else if (words[0] === 'next') vars.next(words.slice(1), w);
    else if (words[0] === 'print') printed.push(vars.substitute(words[1], w));
  });
  return printed;
}

function failure(f: () => unknown): EctmdError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EctmdError);
    return e as EctmdError;
  }
  throw new Error('expected an EctmdError');
}

describe('variable styles', () => {
  test('index and loop variables keep their first definition; equal and string are replaced', () => {
    const v = fresh();
    script(v, ['variable n index 5', 'variable n index 7', 'variable l loop 3', 'variable l loop 9',
      'variable e equal 1+1', 'variable e equal 2+2', 'variable s string a', 'variable s string b']);
    expect([v.retrieve('n', where), v.retrieve('l', where), v.retrieve('e', where), v.retrieve('s', where)]).toEqual(['5', '1', '4', 'b']);
  });

  test('a -var definition wins over the script index definition', () => {
    const v = fresh();
    v.defineCommandLine('x', ['2']);
    script(v, ['variable x index 1', 'variable xx equal 20*$x']);
    expect(v.substitute('region box block 0 ${xx} 0 $x', where)).toBe('region box block 0 40 0 2');
  });

  test('redefining a variable as another style is an error (except index/loop, which are ignored)', () => {
    const v = fresh();
    v.command(['x', 'index', '1'], where);
    expect(failure(() => v.command(['x', 'equal', '3'], where)).message).toMatch(/Cannot redefine variable as a different style/);
    v.command(['x', 'loop', '4'], where);
    expect(v.retrieve('x', where)).toBe('1');
  });

  test('loop N, loop N1 N2 and pad', () => {
    const v = fresh();
    script(v, ['variable a loop 3', 'variable b loop 8 12 pad', 'variable c loop 10 pad']);
    expect([v.retrieve('a', where), v.retrieve('b', where), v.retrieve('c', where)]).toEqual(['1', '08', '01']);
  });

  test('getenv reads the environment, and an unset name gives an empty string as in LAMMPS', () => {
    const v = fresh();
    process.env.ECTMD_TEST_VAR = 'copper';
    script(v, ['variable e getenv ECTMD_TEST_VAR', 'variable u getenv ECTMD_TEST_UNSET_NAME']);
    expect(v.retrieve('e', where)).toBe('copper');
    expect(v.retrieve('u', where)).toBe('');
  });

  test('format variables print an equal-style variable with their own format', () => {
    const v = fresh();
    script(v, ['variable t equal 2/3', 'variable f format t %.3f']);
    expect(v.retrieve('f', where)).toBe('0.667');
    expect(failure(() => v.command(['g', 'format', 't', '%d'], where)).message).toMatch(/Incorrect conversion in format string/);
  });

  test('delete removes a variable, and deleting a missing one is harmless', () => {
    const v = fresh();
    script(v, ['variable a index 1', 'variable a delete', 'variable zz delete']);
    expect(v.has('a')).toBe(false);
  });

  test.each([
    [['x'], /Illegal variable command/],
    [['x', 'index'], /Illegal variable command/],
    [['x', 'equal', '1', '+', '2'], /Illegal variable command.*quote/],
    [['x', 'loop', '0'], /Illegal variable command/],
    [['x', 'loop', '3', '2'], /Illegal variable command/],
    [['x', 'loop', 'three'], /expected an integer/],
    [['x', 'loop', '2', '3', '4'], /Illegal variable command/],
    [['x', 'atom', 'mass*vx'], /Unsupported variable style/],
    [['x', 'banana', '1'], /Illegal variable command/],
    [['x-y', 'string', 'a'], /must have only alphanumeric characters or underscores/],
  ])('variable %j is rejected', (args, message) => {
    const e = failure(() => fresh().command(args, where));
    expect(e.message).toMatch(message);
    expect(e.line).toBe(3);
  });
});

describe('next', () => {
  test('steps index and loop variables and reports exhaustion, deleting the variable', () => {
    const v = fresh();
    script(v, ['variable i index alpha beta', 'variable l loop 2']);
    expect(v.next(['i'], where)).toBe(false);
    expect(v.retrieve('i', where)).toBe('beta');
    expect(v.next(['i'], where)).toBe(true);
    expect(v.has('i')).toBe(false);
    expect(v.next(['l'], where)).toBe(false);
    expect(v.next(['l'], where)).toBe(true);
  });

  test('errors: no names, unknown name, mixed styles, equal style', () => {
    const v = fresh();
    script(v, ['variable i index a b', 'variable l loop 2', 'variable e equal 1']);
    expect(failure(() => v.next([], where)).message).toMatch(/Illegal next command/);
    expect(failure(() => v.next(['zz'], where)).message).toMatch(/Invalid variable 'zz' in next command/);
    expect(failure(() => v.next(['i', 'l'], where)).message).toMatch(/must have same style/);
    expect(failure(() => v.next(['e'], where)).message).toMatch(/Invalid variable style with next command/);
    expect(v.retrieve('i', where)).toBe('a');
  });
});

describe('values', () => {
  test('equal-style text is %.15g; $(...) is %.20g; v_name in a formula enters at %.15g', () => {
    const v = fresh();
    script(v, ['variable a equal 0.1*3', 'variable b equal v_a*1']);
    expect(v.retrieve('a', where)).toBe('0.3');
    expect(v.substitute('$(0.1*3)', where)).toBe('0.30000000000000004441');
    expect(v.numeric('a', where)).toBe(0.1 * 3);
    expect(v.numeric('b', where)).toBe(0.3);
  });

  test('numeric() parses index and string values and rejects text', () => {
    const v = fresh();
    script(v, ['variable n index 2.5', 'variable s string abc']);
    expect(v.numeric('n', where)).toBe(2.5);
    expect(failure(() => v.numeric('s', where)).message).toMatch(/Variable s: numeric value.*"abc"/);
    expect(failure(() => v.evaluate('v_s+1', where)).message).toMatch(/numeric value in variable formula/);
    expect(failure(() => v.numeric('nope', where)).message).toMatch(/Invalid variable reference v_nope/);
  });

  test('equal-style formulas see thermo keywords when evaluated, not when defined', () => {
    const thermo = { step: 0 };
    const v = fresh(thermo);
    v.command(['s', 'equal', 'step*2'], where);
    thermo.step = 21;
    expect(v.retrieve('s', where)).toBe('42');
  });

  test('a circular reference is an error, not a stack overflow', () => {
    const v = fresh();
    script(v, ['variable a equal v_b+1', 'variable b equal v_a']);
    expect(failure(() => v.retrieve('a', where)).message).toMatch(/Variable [ab]: has a circular dependency/);
    v.command(['b', 'equal', '1'], where);
    expect(v.retrieve('a', where)).toBe('2');
  });
});

describe('substitution', () => {
  test('$x, ${name}, $(formula) and $(formula:format)', () => {
    const v = fresh();
    script(v, ['variable x index 7', 'variable long string copper']);
    expect(v.substitute('a $x ${long} $(v_x*2) $(1/3:%.3f) $(2/3:%08.3f)|', where)).toBe('a 7 copper 14 0.333 0000.667|');
  });

  test('nothing is substituted inside single, double or triple quotes', () => {
    const v = fresh();
    v.command(['x', 'index', '7'], where);
    expect(v.substitute(`print '$x' "$x" """$x""" a'$x'b $x'$x'`, where)).toBe(`print '$x' "$x" """$x""" a'$x'b 7'$x'`);
  });

  test('the substituted text is not scanned again', () => {
    const v = fresh();
    v.command(['x', 'index', '7'], where);
    v.command(['s', 'string', '$x'], where);
    expect(v.substitute('${s}', where)).toBe('$x');
  });

  test.each([
    ['${nope}', /Substitution for illegal variable nope/],
    ['$y', /Substitution for illegal variable y/],
    ['a $', /Substitution for illegal variable/],
    ['${abc', /Invalid variable name/],
    ['$(1+2', /Invalid immediate variable/],
    ['$(1:%d)', /Incorrect conversion in format string/],
    ['$(1:%-8.3f)', /Incorrect conversion in format string/],
    ['$(4: %.1f)', /Invalid syntax/],
    ['$(1/0)', /Divide by 0/],
    ['print "abc', /Unbalanced quotes/],
  ])('%s is an error', (line, message) => {
    const e = failure(() => fresh().substitute(line, { file: 'in.bad', line: 12 }));
    expect(e.message).toMatch(message);
    expect([e.file, e.line]).toEqual(['in.bad', 12]);
  });
});

describe('agreement with LAMMPS', () => {
  test.skipIf(referenceDir() === null)('in.eam.bench: the substituted lines are those LAMMPS logged', () => {
    const dir = referenceDir()!;
    const deck = readFileSync(join(dir, 'in.eam.bench'), 'utf8').split('\n');
    const log = readFileSync(join(dir, 'in.eam.bench.log'), 'utf8').split('\n');
    const v = fresh();
    const substituted: string[] = [];
    for (const [k, line] of deck.entries()) {
      const w = { file: 'in.eam.bench', line: k + 1 };
      if (!/^(variable|region)\s/.test(line)) continue;
      const text = v.substitute(line, w);
      substituted.push(text);
      const words = splitWords(text, w);
      if (words[0] === 'variable') v.command(words.slice(1), w);
    }
    expect(substituted.length).toBe(7);
    for (const text of substituted) expect(log).toContain(text);
  });

  const deck = [
    'variable x index 1',
    'variable xx equal 20*$x',
    'variable a equal 0.1*3',
    'variable b equal v_a*1',
    'variable c equal 2/3',
    'variable f format c %.3f',
    'variable big equal 123456789012345678',
    'variable tiny equal 1e-5',
    'variable neg equal -0.0',
    'variable s string hello',
    'variable l loop 3 pad',
    'variable l2 loop 8 12 pad',
    'variable i index alpha beta',
    'print "OUT| ${xx} $x ${x} $(v_xx*2) ${a} $(v_a) $(v_b) ${f} ${big} ${tiny} ${neg} ${s} $l ${l2} $i"',
    'print "OUT| $(-2^2) $(2^3^2) $(2*-3^2) $(7%3) $(-7%3) $(7.5%-2) $(!0) $(!3) $(1<2<3) $(1 |^ 1) $(0 |^ 1) $(2&&3||0) $(1==1.0) $(1!=1) $(3>=3) $(1--1)"',
    'print "OUT| $(PI) $(version) $(on+yes+true) $(off+no+false) $(sqrt(2)) $(exp(1)) $(ln(10)) $(log(100)) $(abs(-3)) $(sin(1)) $(cos(1)) $(tan(1)) $(asin(0.5)) $(acos(0.5)) $(atan(1)) $(atan2(1,-1))"',
    'print "OUT| $(ceil(-1.5)) $(floor(-1.5)) $(round(2.5)) $(round(-2.5)) $(1e-3) $(.5) $(1.e2) $(2e+2) $(20*1) $(1e20) $(1e21) $(1/7*1e-7) $(2^70)"',
    'print "OUT| $(1/3:%10.4e) $(1.5:%5.2f) $(2/3:%08.3f) $(3:% .3e) $(5:%.2G) $(12345.678:%.3g) $(0.000123456:%.4G)"',
    'next l l2',
    'next i',
    'print "OUT| $l ${l2} $i"',
    'next i',
    'variable i index gamma',
    'variable x index 99',
    'variable a equal 4',
    'print "OUT| $x ${xx} ${a} ${i}"',
  ];

  for (const cmdline of [{}, { x: '3' }] as Record<string, string>[]) {
    test.skipIf(lmpPath() === null)(`variable deck prints what lmp prints (-var ${JSON.stringify(cmdline)})`, async () => {
      const run = (await runLammps(deck.join('\n') + '\n', {}, { vars: cmdline }))!;
      const expected = run.log.split('\n').filter((l) => l.startsWith('OUT|'));
      const v = fresh();
      for (const [name, value] of Object.entries(cmdline)) v.defineCommandLine(name, [value]);
      const printed = script(v, deck);
      expect(expected.length).toBe(deck.filter((l) => l.startsWith('print')).length);
      expect(printed).toEqual(expected);
    });
  }
  test.skipIf(lmpPath() === null)('the interpreter\'s print command prints what lmp prints, to the screen and to files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ectmd-print-'));
    try {
      const extra = [`print "OUT| file $x" file ${join(dir, 'p.txt')} screen no`, `print "OUT| appended \${a}" append ${join(dir, 'p.txt')}`,
        'print OUT|plain universe yes'];
      const lines = [...deck, ...extra];
      const run = (await runLammps(lines.join('\n') + '\n', {}, {}))!;
      const expected = run.log.split('\n').filter((l) => l.startsWith('OUT|'));
      const logPath = join(dir, 'log.ectmd');
      const it = new Interpreter({ kernel: 'scalar', logPath, screen: false });
      lines.forEach((line, i) => it.line(line, { file: 'in.print', line: i + 1 }));
      it.close();
      expect(readFileSync(logPath, 'utf8').split('\n').filter((l) => l.startsWith('OUT|'))).toEqual(expected);
      expect(expected).toContain('OUT| appended 4');
      expect(expected).not.toContain('OUT| file 1');
      // universe yes: LAMMPS with one partition prints to its universe screen and log, the same ones, once more
      expect(expected.filter((l) => l === 'OUT|plain')).toHaveLength(2);
      expect(readFileSync(join(dir, 'p.txt'), 'utf8')).toBe('OUT| file 1\nOUT| appended 4\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    ['print', /in\.print:1: Illegal print command: expected print TEXT/],
    ['print "a b" screen', /in\.print:1: Illegal print command: expected a value after screen, found end of line/],
    ['print "a b" screen maybe', /in\.print:1: Illegal print command: expected screen yes or no, found maybe/],
    ['print a b', /in\.print:1: Illegal print command: expected a keyword file, append, screen or universe after the text .*found b/],
    ['print a file /nonexistent-dir/x.txt', /in\.print:1: Cannot open print file \/nonexistent-dir\/x\.txt/],
  ])('%s is an error', (line, message) => {
    const it = new Interpreter({ kernel: 'scalar', logPath: null, screen: false });
    expect(() => it.line(line, { file: 'in.print', line: 1 })).toThrow(message);
  });
});
