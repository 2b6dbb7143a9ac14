// The browser embedding example computes, through the kernel ABI alone, the same energy, virial and forces as
// ectmd's engine, bit for bit: headless Chromium loads embed/browser/index.html for each kernel build
// (scripts/embed-browser-check.ts). CI sets ECTMD_REQUIRE_EMBED=1: there a missing Chromium is a failure.

import { describe, expect, test } from 'vitest';
import { chromiumPath, runBrowserCheck } from '../../scripts/embed-browser-check.js';

const chromium = chromiumPath();
if (!chromium) {
  if (process.env.ECTMD_REQUIRE_EMBED === '1') throw new Error('ECTMD_REQUIRE_EMBED=1 but no Chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM)');
  console.warn('Chromium not found (apt-get install chromium, or set CHROMIUM=/path): skipping the browser embedding check');
}

describe.skipIf(!chromium)('browser embedding (embed/browser)', () => {
  test('the page equals ectmd bit for bit with the scalar (reference) and SIMD builds', async () => {
    const checks = await runBrowserCheck(chromium!);
    expect(checks.map((c) => c.kernel)).toEqual(['scalar', 'simd']);
    for (const c of checks) {
      expect(c.page.forces.length).toBe(3 * 108);
      expect(c.differences, `kernel ${c.kernel}`).toEqual([]);
    }
  }, 120_000);
});
