// `stackcheck conform` on long traces: events per CPU-second and peak memory of the command
// itself (a child process per run, the compiled entry as a user runs it), on a ~1 MB, a ~10 MB
// and a ~30 MB extended trace the model writes (conform-trace.ts). Runs interleave the two sizes, so
// load changes hit both; each figure is the median of REPS runs with its spread. The child's CPU
// time and peak RSS (VmHWM from /proc/self/status, and process.resourceUsage().maxRSS where
// /proc is missing) are taken in the child at exit by a preloaded module.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchTrace } from './conform-trace.ts';
import { quiet, type BenchProgress } from './progress.ts';
import { median, spread } from './stats.ts';
import { grouped } from '../config/digits.ts';

const REPS = 3;
const SIZES = [1e6, 10e6, 30e6];
const root = fileURLToPath(new URL('..', import.meta.url));

// Runs in the child before the command and reports, when it exits, its CPU time, its peak RSS
// and the heap still live after a full collection (the child runs with --expose-gc for that
// only): what conform keeps, apart from garbage V8 has not collected yet.
const PRELOAD = `import { readFileSync, writeFileSync } from 'node:fs';
process.on('exit', () => {
  const cpu = process.cpuUsage();
  let hwm = null;
  try { hwm = Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024; } catch {}
  globalThis.gc();
  writeFileSync(process.env.STACKCHECK_BENCH_USAGE, JSON.stringify({ cpu: (cpu.user + cpu.system) / 1e6, rss: hwm ?? process.resourceUsage().maxRSS * 1024, live: process.memoryUsage().heapUsed }));
});
`;

interface Run {
  readonly cpu: number;
  readonly rss: number;
  readonly live: number;
  readonly events: number;
}

/** The figures, saying through progress which trace it writes or checks. @public */
export function benchConform(progress: BenchProgress = quiet): string {
  const dir = mkdtempSync(join(tmpdir(), 'stackcheck-bench-conform-'));
  try {
    ensureBuilt();
    const preload = join(dir, 'usage.mjs');
    writeFileSync(preload, PRELOAD);
    const traces = SIZES.map((size, k) => {
      progress(() => `writing the ${mb(size)} MB trace`);
      const path = join(dir, `t${k}.trace`);
      return { path, ...writeBenchTrace(path, size) };
    });
    const runs: Run[][] = traces.map(() => []);
    for (let rep = 0; rep < REPS; rep++) {
      traces.forEach((t, k) => {
        progress(() => `repetition ${rep + 1} of ${REPS}: conform on the ${mb(t.bytes)} MB trace`);
        runs[k].push(conformChild(t.path, preload, join(dir, 'usage.json')));
      });
    }
    const rate = (r: Run): number => r.events / r.cpu;
    const lines = [
      `conform: both levels in one pass over the file (child process per run, the compiled CLI; events per CPU-second and peak RSS, median of ${REPS} (min–max), sizes interleaved)`,
      `  ${'trace'.padStart(8)}  ${'lines'.padStart(9)}  ${'events'.padStart(9)}  ${'events/CPU-s'.padStart(26)}  ${'peak RSS MiB'.padStart(16)}  ${'live heap MiB'.padStart(16)}`,
    ];
    traces.forEach((t, k) => {
      const rates = runs[k].map(rate);
      const rss = runs[k].map((r) => r.rss / 2 ** 20);
      const live = runs[k].map((r) => r.live / 2 ** 20);
      const mib = (xs: number[]): string => `${median(xs).toFixed(1)} (${range(xs, (x) => x.toFixed(1))})`;
      lines.push(`  ${`${mb(t.bytes)} MB`.padStart(8)}  ${n(t.lines).padStart(9)}  ${n(runs[k][0].events).padStart(9)}  ${`${n(median(rates))} (${range(rates, n)})`.padStart(26)}  ${mib(rss).padStart(16)}  ${mib(live).padStart(16)}`);
    });
    // Per event beyond start-up: the extra events of the long trace over its extra CPU time.
    const m = runs.map((r) => ({ cpu: median(r.map((x) => x.cpu)), events: r[0].events, rss: median(r.map((x) => x.rss)), live: median(r.map((x) => x.live)) }));
    const [small, mid, large] = m;
    lines.push(`  beyond start-up (30 MB less 1 MB): ${n((large.events - small.events) / (large.cpu - small.cpu))} events/CPU-s (target: at least 200,000)`);
    lines.push(`  peak RSS, 30 MB against 1 MB: ${(large.rss / small.rss).toFixed(2)}× (target: within 1.20×); against 10 MB: ${(large.rss / mid.rss).toFixed(2)}×; live heap, 30 MB against 1 MB: ${(large.live / small.live).toFixed(2)}×`);
    return lines.join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function conformChild(trace: string, preload: string, usage: string): Run {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', preload, join(root, 'bin', 'stackcheck.mjs'), 'conform', trace], {
    encoding: 'utf8',
    env: { ...process.env, STACKCHECK_BENCH_USAGE: usage },
    maxBuffer: 16 * 2 ** 20,
  });
  const events = /level 2: accepted: the model reproduces all (\d+) events/.exec(r.stdout);
  if (r.status !== 0 || events === null) throw new Error(`bench conform: the trace was not accepted at both levels (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  const u = JSON.parse(readFileSync(usage, 'utf8')) as { cpu: number; rss: number; live: number };
  return { cpu: u.cpu, rss: u.rss, live: u.live, events: Number(events[1]) };
}

// The command runs dist/ only while it is newer than its sources (bin/stackcheck.mjs), else through tsx: measure the compiled one.
function ensureBuilt(): void {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench conform: npm run build failed:\n${r.stderr}`);
}

const n = grouped;
const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

function range(xs: readonly number[], f: (x: number) => string): string {
  const { min, max } = spread(xs);
  return `${f(min)}–${f(max)}`;
}
