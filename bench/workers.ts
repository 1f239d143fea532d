// `run --workers 1` against `run --workers 2`: steps per second of the same check (default
// profile and scope, a fixed seed), wall clock, the median of interleaved pairs (1 then 2,
// so a change in the machine's load hits both alike), with each pair's reports checked
// equal (timings aside). Two workers start two threads, which load the sources through tsx
// here: that start is part of each --workers 2 figure, as it is of a real run. On a machine
// other work keeps busy the wall-clock ratio says little, so the load is printed with it.

import { availableParallelism, loadavg } from 'node:os';
import { check, type CheckReport } from '../properties/check.ts';
import { chunksOf, mergeChunks } from '../properties/chunks.ts';
import { runChunks } from '../cli/pool.ts';
import { runSetupFrom } from '../cli/run.ts';
import { quiet, type BenchProgress } from './progress.ts';
import { median, spread } from './stats.ts';

const pairs = 5;
const flags = { runs: '1500', 'max-steps': '300', seed: '20261125' } as const;

/** A report without its timings, for comparing. */
function untimed(r: CheckReport): string {
  const { elapsedMs: _e, detectedMs: _d, ...rest } = r;
  return JSON.stringify(rest);
}

async function timed(workers: number, progress: BenchProgress, what: string): Promise<{ report: CheckReport; seconds: number; cpu: number }> {
  const { options } = runSetupFrom(flags);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let report: CheckReport;
  if (workers === 1) report = check({ ...options, onProgress: (runs) => progress(() => `${what}, run ${runs} of ${flags.runs}`) });
  else {
    let runs = 0;
    const jobs = chunksOf(options.runs).map((c) => ({ flags, first: c.first, count: c.count }));
    const reports = await runChunks(jobs, workers, (r) => {
      runs += r.runs;
      progress(() => `${what}, ${runs} of ${flags.runs} runs`);
    });
    report = mergeChunks(reports, performance.now() - t0);
  }
  const c = process.cpuUsage(c0);
  return { report, seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/** The figures, saying through progress which pair runs. @public */
export async function benchWorkers(progress: BenchProgress = quiet): Promise<string> {
  const cores = availableParallelism();
  const loads: number[] = [];
  const one: number[] = [], two: number[] = [], ratio: number[] = [], cpuOne: number[] = [], cpuTwo: number[] = [];
  let steps = 0;
  let same = true;
  await timed(1, progress, 'warming up'); // the JIT, in this thread
  for (let p = 0; p < pairs; p++) {
    loads.push(loadavg()[0]);
    const a = await timed(1, progress, `pair ${p + 1} of ${pairs}, 1 worker`);
    const b = await timed(2, progress, `pair ${p + 1} of ${pairs}, 2 workers`);
    same &&= untimed(a.report) === untimed(b.report);
    steps = a.report.steps;
    one.push(steps / a.seconds);
    two.push(steps / b.seconds);
    ratio.push(a.seconds / b.seconds);
    cpuOne.push(steps / a.cpu);
    cpuTwo.push(steps / b.cpu);
  }
  const int = (x: number): string => Math.round(x).toLocaleString('en-US');
  const fig = (xs: readonly number[]): string => `${int(median(xs))} (${int(spread(xs).min)}-${int(spread(xs).max)})`;
  const l = spread(loads);
  return [
    `run --workers 1 against --workers 2: linux/amd64, default scope, seed ${flags.seed}, ${flags.runs} runs of up to ${flags['max-steps']} steps (${int(steps)} steps), ` +
      `median of ${pairs} interleaved pairs (min-max); ${cores} cores, load ${l.min.toFixed(1)}-${l.max.toFixed(1)}`,
    `  --workers 1: ${fig(one)} steps/s wall clock, ${fig(cpuOne)} steps per CPU-second`,
    `  --workers 2: ${fig(two)} steps/s wall clock, ${fig(cpuTwo)} steps per CPU-second (the threads' start included)`,
    `  speed-up: ${median(ratio).toFixed(2)}x (${spread(ratio).min.toFixed(2)}-${spread(ratio).max.toFixed(2)}; target 1.8x on 2 free cores); ` +
      `${same ? 'every pair gave the same report' : 'REPORTS DIFFER between 1 and 2 workers'}`,
  ].join('\n');
}
