// npm run bench:embed — LAMMPS's bench/in.eam (32,000 Cu atoms, Cu_u3 funcfl EAM, 100 NVE steps) through native
// LAMMPS `pair_style eam` and through LAMMPS + ectmd's kernel: `pair_style kim` with the ectmd KIM model
// (embed/kim) and, when built, the custom executable's `pair_style eam/ectmd` (embed/lammps), each at 1 and 2 MPI
// ranks, in one invocation. Prints loop times and the ratio to native LAMMPS at the same rank count.
// The KIM driver and the Cu_u3 model are built into a temporary environment collection first (about 20 s), so the
// user's KIM collection is left alone.
// Usage: node dist/scripts/bench-embed.js [--repeat N] [--steps N] [--ranks 1,2] [--lmp-ectmd PATH]
// Needs lmp (with the KIM package), mpirun, lammps-data (Cu_u3.eam), libkim-api-dev, wabt, cmake, gcc/g++, make.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastestOfRounds, loadAverages, option, parseLoop, projectRoot, which } from './bench-common.js';

const POT = '/usr/share/lammps/potentials/Cu_u3.eam';
const MODEL = 'ectmd_Cu_u3_eam__MO_000000000000_000';

interface Variant { label: string; kind: 'native' | 'kim' | 'ectmd-pair'; program: string; pstyle: string; pcoeff: string }
interface Result { variant: Variant; ranks: number; loop: number; steps: number; atoms: number; pe: number }

function run(cmd: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync(cmd, argv, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (exit ${r.status}):\n${r.stderr}\n${(r.stdout ?? '').slice(-3000)}`);
  return r.stdout;
}

function parse(text: string): { loop: number; steps: number; atoms: number; pe: number } {
  const r = parseLoop('run', text);
  // last thermo row before the Loop line: Step Temp E_pair E_mol TotEng Press
  const rows = text.slice(0, text.indexOf('Loop time of')).trim().split('\n');
  const last = rows[rows.length - 1].trim().split(/\s+/).map(Number);
  return { loop: r.loop, steps: r.steps, atoms: r.atoms, pe: last[2] };
}

function main(): void {
  const args = process.argv.slice(2);
  const repeat = Math.max(1, Number(option(args, '--repeat', '1')));
  const steps = option(args, '--steps', '100');
  const ranks = option(args, '--ranks', availableParallelism() >= 2 ? '1,2' : '1').split(',').map(Number);
  const lmp = which('lmp'), mpirun = which('mpirun');
  if (!lmp) throw new Error('bench-embed: LAMMPS (lmp) not found (apt-get install lammps)');
  if (!existsSync(POT)) throw new Error(`bench-embed: ${POT} not found (apt-get install lammps-data)`);
  if (ranks.some((r) => r > 1) && !mpirun) throw new Error('bench-embed: mpirun not found (apt-get install openmpi-bin)');
  const lmpEctmd = option(args, '--lmp-ectmd', join(projectRoot, 'build', 'embed', 'lammps', 'lmp_ectmd'));

  const work = mkdtempSync(join(tmpdir(), 'ectmd-bench-embed-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: '1', OMPI_MCA_btl_vader_single_copy_mechanism: 'none',
      KIM_API_MODEL_DRIVERS_DIR: join(work, 'model-drivers'), KIM_API_PORTABLE_MODELS_DIR: join(work, 'portable-models') };
    mkdirSync(env.KIM_API_MODEL_DRIVERS_DIR!);
    mkdirSync(env.KIM_API_PORTABLE_MODELS_DIR!);
    console.log('building the ectmd KIM driver and the Cu_u3 model (temporary collection) ...');
    run('make', ['-s', '-C', join(projectRoot, 'embed', 'kim'), `OUT=${join(work, 'build')}`, 'COLLECTION=environment', 'driver'], projectRoot, env);
    run('make', ['-s', '-C', join(projectRoot, 'embed', 'kim'), `OUT=${join(work, 'build')}`, 'COLLECTION=environment', 'model',
      `NAME=${MODEL}`, 'STYLE=eam', `ARGS=Cu=${POT}`], projectRoot, env);

    // in.eam with the mass of Cu_u3.eam set explicitly: pair_style kim takes no masses from the potential
    const deck = readFileSync(join(projectRoot, 'bench', 'in.eam'), 'utf8').replace(/^(pair_coeff.*)$/m, '$1\nmass\t\t1 63.55');
    writeFileSync(join(work, 'in.eam'), deck);
    const variants: Variant[] = [
      { label: 'LAMMPS pair_style eam', kind: 'native', program: lmp, pstyle: 'eam', pcoeff: `1 1 ${POT}` },
      { label: 'LAMMPS pair_style kim (ectmd)', kind: 'kim', program: lmp, pstyle: `kim ${MODEL}`, pcoeff: '* * Cu' },
    ];
    if (existsSync(lmpEctmd)) variants.push({ label: 'lmp_ectmd pair_style eam/ectmd', kind: 'ectmd-pair', program: lmpEctmd, pstyle: 'eam/ectmd', pcoeff: `1 1 ${POT}` });
    else console.log(`note: ${lmpEctmd} not built (make -C embed/lammps): leaving out the custom pair style`);

    // repeats interleaved (every variant once, then again) so that a change in the machine's load hits all alike
    const items = ranks.flatMap((np) => variants.map((v) => ({ v, np })));
    const results = fastestOfRounds(items, repeat, ({ v, np }) => {
      const lmpArgs = ['-in', 'in.eam', '-log', 'none', '-var', 'steps', steps, '-var', 'pstyle', v.pstyle, '-var', 'pcoeff', v.pcoeff];
      const out = np === 1 ? run(v.program, lmpArgs, work, env)
        : run(mpirun!, ['--allow-run-as-root', '--oversubscribe', '-np', String(np), v.program, ...lmpArgs], work, env);
      return { variant: v, ranks: np, ...parse(out) };
    });

    const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
    console.log(`\nbench/in.eam: ${results[0].atoms} atoms, ${results[0].steps} steps, ${availableParallelism()} cores (${cpu}), best of ${repeat}, load average ${loadAverages()}`);
    console.log('run                                ranks  loop (s)  atom-steps/s  time / native (same ranks)  final PotEng');
    for (const r of results) {
      const native = results.find((q) => q.variant.kind === 'native' && q.ranks === r.ranks)!;
      const thr = r.atoms * r.steps / r.loop;
      console.log(`${r.variant.label.padEnd(35)}${String(r.ranks).padStart(5)}  ${r.loop.toFixed(3).padStart(8)}  ${thr.toExponential(3).padStart(12)}  ${(r.loop / native.loop).toFixed(2).padStart(26)}x  ${r.pe}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
