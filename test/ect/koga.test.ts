// Koga RHF file reader: occupations from the configuration (closed K, L, M shells expanded), one block per symmetry,
// and malformed files rejected with file, line, expected and found.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EctmdError } from '../../host/errors.js';
import { readKoga } from '../../host/potentials/koga.js';

const CU = readFileSync(join(__dirname, '..', '..', 'potentials', 'ect', 'data', 'neutral', 'cu.slater'), 'utf8');

function failure(read: () => unknown): EctmdError {
  try {
    read();
  } catch (err) {
    if (err instanceof EctmdError) return err;
    throw err;
  }
  throw new Error('expected an EctmdError, the file was accepted');
}

describe('Koga RHF reader', () => {
  test('Cu: 4s1 3d10 over closed K, L and 3s2 3p6; S, P, D blocks with 12, 10 and 8 STOs', () => {
    const cu = readKoga(CU, 'cu.slater');
    expect(cu.name).toBe('COPPER');
    expect(cu.charge).toBe(0);
    expect(cu.occupations).toEqual({ '1S': 2, '2S': 2, '2P': 6, '3S': 2, '3P': 6, '4S': 1, '3D': 10 });
    expect(cu.energy).toBe(-1638.96374119);
    expect(cu.blocks.map((b) => [b.l, b.orbitals.join(' '), b.n.length])).toEqual([[0, '1S 2S 3S 4S', 12], [1, '2P 3P', 10], [2, '3D', 8]]);
    expect(cu.blocks[2].zeta[7]).toBe(0.690642);
    expect(cu.blocks[0].coef[3][11]).toBe(0.5359542);
  });

  test.each([
    ['a broken header', CU.replace('COPPER   K(2)', 'COPPER   K(2'), 1, 'configuration'],
    ['an open K shell', CU.replace('COPPER   K(2)', 'COPPER   K(1)'), 1, 'closed shell'],
    ['a missing coefficient', CU.replace('  3D        0.690642      0.0011723', '  3D        0.690642'), CU.split('\n').findIndex((l) => l.includes('0.0011723')) + 1, 'exponent and 1 coefficients'],
    ['a non-number', CU.replace('0.0011723', '0.00x1723'), CU.split('\n').findIndex((l) => l.includes('0.0011723')) + 1, '"0.00x1723"'],
  ])('rejects %s', (_, text, line, fragment) => {
    const err = failure(() => readKoga(text, 'cu.slater'));
    expect(err.line).toBe(line);
    expect(err.message).toContain(`cu.slater:${line}: Koga RHF wavefunction file`);
    expect(err.message).toContain(fragment);
  });
});
