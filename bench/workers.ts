// `run --workers 1` against `run --workers 2`, as a user runs them: each a fresh
// `stackcheck run --json` process (the compiled dist/ when it is fresh, as `npm start` uses
// it; else the sources through tsx), so both start cold and the workers' start is part of
// the figure. Steps per second, wall clock, the median of interleaved pairs (1 then 2, so a
// change in the machine's load hits both alike), each pair's reports checked equal (timings
// aside). Wall clock is what the target is about, and on a machine other work keeps busy it
// says little: the cores and the load are printed with it. Beside them, the ceiling: the same
// runs split over two processes that share nothing (--shard), at once on the same two cores.

import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { quiet, type BenchProgress } from './progress.ts';
import { median, spread, timesFigure } from './stats.ts';
import { grouped } from '../config/digits.ts';

const pairs = 5;
const args = ['run', '--runs', '3000', '--max-steps', '300', '--seed', '20261125', '--json'];
const bin = fileURLToPath(new URL('../bin/stackcheck.mjs', import.meta.url));

/** One `stackcheck run` process: its report without timings, its steps and its wall-clock seconds. */
function timedRun(workers: number, progress: BenchProgress, what: string, extra: readonly string[] = []): Promise<{ report: string; steps: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bin, ...args, '--workers', String(workers), ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const tick = setInterval(() => progress(() => `${what}, ${((performance.now() - t0) / 1000).toFixed(0)} s`), 250);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(tick);
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`stackcheck ${args.join(' ')} --workers ${workers}: exit ${code}`));
      const r = JSON.parse(out) as Record<string, unknown>;
      const steps = r['steps'] as number;
      delete r['elapsedMs'];
      delete r['detectedMs'];
      resolve({ report: JSON.stringify(r), steps, seconds });
    });
  });
}

/** The figures, saying through progress which pair runs. @public */
export async function benchWorkers(progress: BenchProgress = quiet): Promise<string> {
  const cores = availableParallelism();
  const loads: number[] = [];
  const one: number[] = [], two: number[] = [], ratio: number[] = [], ceiling: number[] = [];
  let steps = 0;
  let same = true;
  for (let p = 0; p < pairs; p++) {
    loads.push(loadavg()[0]);
    const a = await timedRun(1, progress, `pair ${p + 1} of ${pairs}, --workers 1`);
    const b = await timedRun(2, progress, `pair ${p + 1} of ${pairs}, --workers 2`);
    same &&= a.report === b.report;
    steps = a.steps;
    one.push(steps / a.seconds);
    two.push(steps / b.seconds);
    ratio.push(a.seconds / b.seconds);
    // What two cores give this split at best: the same runs as two processes at once, one
    // --shard each (as a CI matrix would run them), which share nothing: their steps over the
    // wall clock both took, against one process alone. Each process starts and warms up its
    // own JIT, as each worker thread does.
    const t0 = performance.now();
    const halves = await Promise.all(['1/2', '2/2'].map((k) => timedRun(1, progress, `pair ${p + 1} of ${pairs}, --shard 1/2 and 2/2 at once`, ['--shard', k])));
    ceiling.push((halves[0].steps + halves[1].steps) / ((performance.now() - t0) / 1000) / (steps / a.seconds));
  }
  const fig = (xs: readonly number[]): string => `${grouped(median(xs))} (${grouped(spread(xs).min)}-${grouped(spread(xs).max)})`;
  const l = spread(loads);
  return [
    `stackcheck ${args.join(' ')} (${grouped(steps)} steps), a new process each, median of ${pairs} interleaved pairs (min-max); ` +
      `${cores} cores, load ${l.min.toFixed(1)}-${l.max.toFixed(1)}`,
    `  --workers 1: ${fig(one)} steps/s wall clock`,
    `  --workers 2: ${fig(two)} steps/s wall clock`,
    `  speed-up: ${timesFigure(ratio)}, target 1.8x on 2 cores nothing else uses; ` +
      `${same ? 'every pair gave the same report' : 'REPORTS DIFFER between 1 and 2 workers'}`,
    `  ceiling: the same runs as two processes at once (--shard 1/2 and 2/2, --workers 1 each): ${timesFigure(ceiling)} the steps per second of one`,
  ].join('\n');
}
