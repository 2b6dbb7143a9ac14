// C printf formatting as LAMMPS's thermo and dump output use it: where JavaScript's number formatting differs from C
// (toFixed's exponent notation from 1e21, its 100-digit limit) the output is still C's, or the format is refused.

import { describe, expect, test } from 'vitest';
import { checkFormat, sprintf } from '../../host/io/format.js';

describe('sprintf', () => {
  test('%f and %g print every digit of numbers from 1e21 on, as C does (toFixed would give 1e+21)', () => {
    expect(sprintf('%f', 1e21)).toBe('1000000000000000000000.000000');
    expect(sprintf('%.2f', -1e25)).toBe('-10000000000000000905969664.00');
    expect(sprintf('%.0f', 1e22)).toBe('10000000000000000000000');
    expect(sprintf('%.30g', 1e25)).toBe('10000000000000000905969664');
    expect(sprintf('%.3f', 123.4567)).toBe('123.457');
  });

  test('the largest precision accepted formats every value, %g near 1e-4 included', () => {
    for (const v of [1.2345e-4, 1e-4, 0, -0, 123.456, 1e-308, 1e308, 5e-324]) {
      for (const f of ['%.97g', '%#.97g', '%.97f', '%.97e']) expect(() => sprintf(f, v)).not.toThrow();
    }
    expect(sprintf('%.97g', 1.2345e-4)).toMatch(/^0\.000123449999999999992031374/); // the double's exact decimal digits, as C
  });
});

describe('checkFormat', () => {
  const where = { file: 'in.deck', line: 3 };
  test.each([
    ['%.98g', /in\.deck:3: thermo_modify format: expected a field width up to 1000 and a precision up to 97, found '%\.98g'/],
    ['%1001d', /precision up to 97, found '%1001d'/],
    ['%d %d', /expected a format with one conversion, found '%d %d'/],
    ['%s', /expected a format with one conversion, found '%s'/],
  ])('refuses %s', (fmt, message) => {
    expect(() => checkFormat(fmt, 'any', where, 'thermo_modify format')).toThrow(message);
  });
  test('accepts the widest and most precise formats allowed', () => {
    expect(() => checkFormat('%1000.97g', 'float', where, 'thermo_modify format')).not.toThrow();
    expect(() => checkFormat('%-1000d', 'int', where, 'thermo_modify format')).not.toThrow();
  });
});
