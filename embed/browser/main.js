// The example page: fetch a kernel build and the EAM tables ectmd wrote, build the crystal, evaluate, print.
// Sets window.ectmdResult (energy, virial, forces, and their bit patterns) or window.ectmdError for scripts.

import { instantiateKernel, parseTables, fccCrystal, evaluateEam, bitsHex, CU_CASE } from './ectmd-embed.js';

const out = document.getElementById('out');
const kind = new URLSearchParams(location.search).get('kernel') ?? 'scalar';

async function main() {
  if (kind !== 'scalar' && kind !== 'simd') throw new Error(`unknown kernel '${kind}' (scalar or simd)`);
  const [wasm, tablesText] = await Promise.all([
    fetch(`../../build/ectmd.${kind}.wasm`).then((r) => { if (!r.ok) throw new Error(`build/ectmd.${kind}.wasm: HTTP ${r.status} (run npm run build)`); return r.arrayBuffer(); }),
    fetch('../../build/embed/cu.eamtab').then((r) => { if (!r.ok) throw new Error(`build/embed/cu.eamtab: HTTP ${r.status} (run node dist/scripts/embed-reference.js)`); return r.text(); }),
  ]);
  const kernel = await instantiateKernel(wasm);
  const tables = parseTables(tablesText);
  const crystal = fccCrystal(CU_CASE.cells, CU_CASE.a, CU_CASE.amplitude, CU_CASE.seed);
  const r = evaluateEam(kernel, tables, crystal);
  const lines = [`kernel ${kind}: ${crystal.n} atoms, ${r.nghost} ghosts, ${r.npairs} listed pairs`,
    `energy ${r.energy} eV`, `virial (xx yy zz xy xz yz) ${Array.from(r.virial).join(' ')} eV`, 'forces (eV/Å):'];
  for (let i = 0; i < crystal.n; i++) lines.push(`${i + 1} ${r.forces[3 * i]} ${r.forces[3 * i + 1]} ${r.forces[3 * i + 2]}`);
  out.textContent = lines.join('\n');
  window.ectmdResult = { kernel: kind, energy: r.energy, virial: Array.from(r.virial), forces: Array.from(r.forces),
    bits: { energy: bitsHex([r.energy]), virial: bitsHex(r.virial), forces: bitsHex(r.forces) } };
}

main().catch((e) => { out.textContent = `error: ${e.message}`; window.ectmdError = String(e.message ?? e); });
