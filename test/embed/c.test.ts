// The C embedding (embed/c): wasm2c's translation of the scalar kernel, driven by harness.c through the ABI alone,
// prints the same energy, virial and forces as ectmd's engine, bit for bit. CI sets ECTMD_REQUIRE_EMBED=1: there a
// missing wasm2c, C compiler or wasm2c runtime is a failure, not a skip.

import { describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bitwiseDifferences, parseResult, repoRoot, writeEmbedCase } from '../../scripts/embed-reference.js';

const onPath = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const missing = [
  ...['wasm2c', 'cc', 'make'].filter((c) => !onPath(c)),
  ...(['/usr/share/wabt/wasm2c', '/usr/src/wasm2c'].some((d) => existsSync(join(d, 'wasm-rt-impl.c'))) ? [] : ['the wasm2c runtime (wasm-rt-impl.c)']),
];
if (missing.length > 0) {
  if (process.env.ECTMD_REQUIRE_EMBED === '1') throw new Error(`ECTMD_REQUIRE_EMBED=1 but ${missing.join(', ')} not found (apt-get install wabt gcc make)`);
  console.warn(`${missing.join(', ')} not found (apt-get install wabt gcc make): skipping the C embedding check`);
}

describe.skipIf(missing.length > 0)('C embedding through wasm2c (embed/c)', () => {
  test('harness.c on the scalar build equals ectmd bit for bit (energy, virial, forces)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ectmd-embed-c-'));
    try {
      const { reference } = await writeEmbedCase(dir);
      const out = join(dir, 'c');
      execFileSync('make', ['-s', '-C', join(repoRoot(), 'embed', 'c'), `OUT=${out}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      const text = execFileSync(join(out, 'harness'), [join(dir, 'cu.eamtab'), join(dir, 'crystal.txt')], { encoding: 'utf8' });
      const c = parseResult(text);
      expect(c.forces.length).toBe(3 * 108);
      expect(bitwiseDifferences(c, reference.scalar)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
