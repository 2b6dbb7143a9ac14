// Runs the browser embedding example (embed/browser/index.html) in headless Chromium and compares its energy,
// virial and forces with ectmd's own evaluation of the same crystal in Node, bit for bit, for each kernel build.
// Usage: node dist/scripts/embed-browser-check.js   (CHROMIUM=/path overrides /usr/bin/chromium)

import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { bitwiseDifferences, repoRoot, writeEmbedCase, type EmbedResult } from './embed-reference.js';

export type KernelName = 'scalar' | 'simd';

export interface BrowserCheck { kernel: KernelName; page: EmbedResult; differences: string[] }

/** The Chromium to drive: $CHROMIUM, else the Debian package's; null when neither exists. */
export function chromiumPath(): string | null {
  const p = process.env.CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(p) ? p : null;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8', '.eamtab': 'text/plain; charset=utf-8',
};

/** Static files of `root` on 127.0.0.1 (an ephemeral port); nothing outside root is served. */
export async function serveDirectory(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path));
    if (!(file + sep).startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function fromHex(hex: string): Float64Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return new Float64Array(bytes.buffer);
}

/** Write the case (build/embed), serve the repository, load the page once per kernel build in Chromium, and
 *  compare what it printed with ectmd's engine on the same build. */
export async function runBrowserCheck(chromium: string, kernels: KernelName[] = ['scalar', 'simd']): Promise<BrowserCheck[]> {
  const root = repoRoot();
  const { reference } = await writeEmbedCase(join(root, 'build', 'embed'));
  const { chromium: driver } = await import('playwright-core');
  const { server, url } = await serveDirectory(root);
  // --no-sandbox: CI runs as root, where Chromium refuses its sandbox
  const browser = await driver.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox'] });
  try {
    const checks: BrowserCheck[] = [];
    for (const kernel of kernels) {
      const page = await browser.newPage();
      const console: string[] = [];
      page.on('console', (m) => console.push(m.text()));
      page.on('pageerror', (e) => console.push(String(e)));
      await page.goto(`${url}/embed/browser/index.html?kernel=${kernel}`);
      await page.waitForFunction(() => 'ectmdResult' in window || 'ectmdError' in window, null, { timeout: 60_000 });
      const got = await page.evaluate(() => {
        const w = window as unknown as { ectmdResult?: { bits: { energy: string; virial: string; forces: string } }; ectmdError?: string };
        return { bits: w.ectmdResult?.bits, error: w.ectmdError };
      });
      await page.close();
      if (!got.bits) throw new Error(`page (kernel ${kernel}) failed: ${got.error}${console.length ? `\n${console.join('\n')}` : ''}`);
      const result = { energy: fromHex(got.bits.energy)[0], virial: fromHex(got.bits.virial), forces: fromHex(got.bits.forces) };
      checks.push({ kernel, page: result, differences: bitwiseDifferences(result, reference[kernel]) });
    }
    return checks;
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const chromium = chromiumPath();
  if (!chromium) {
    console.error('embed-browser-check: no Chromium (install the Debian package chromium, or set CHROMIUM=/path)');
    process.exit(2);
  }
  let failed = false;
  for (const c of await runBrowserCheck(chromium)) {
    const n = c.page.forces.length / 3;
    if (c.differences.length === 0) console.log(`${c.kernel}: page equals ectmd bit for bit (energy ${c.page.energy} eV, virial, ${n} forces)`);
    else { failed = true; console.log(`${c.kernel}: ${c.differences.length} quantities differ from ectmd:\n  ${c.differences.slice(0, 10).join('\n  ')}`); }
  }
  process.exit(failed ? 1 : 0);
}
