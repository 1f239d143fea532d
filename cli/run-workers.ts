// `stackcheck run --workers N`: the runs split into chunks (properties/chunks.ts) checked by
// N worker threads (cli/pool.ts) and merged in order, so the report is the one `--workers 1`
// gives: the same runs, the first finding the one of the lowest run index, shrunk the same.

import { chunksOf, mergeChunks } from '../properties/chunks.ts';
import { registeredMutant } from './mutant-file.ts';
import { runChunks } from './pool.ts';
import { progressEnabled, runProgress } from './progress.ts';
import { onSigint, sigintExit } from './interrupt.ts';
import { finishRun, runCommand, runSetupFrom, type RunFlags } from './run.ts';
import { usage } from './usage.ts';

/** @internal */
export async function runOnWorkers(flags: RunFlags & { mutant?: string }, out: (s: string) => void, workers: number): Promise<number> {
  if (flags['mutant-file'] !== undefined) usage('--workers with --mutant-file: not yet; the mutant file runs in one worker');
  const mutant = flags.mutant === undefined ? undefined : registeredMutant(flags.mutant);
  const { setup, options, timeLimit } = runSetupFrom(flags, mutant);
  const started = performance.now();
  const deadline = timeLimit === undefined ? undefined : Date.now() + timeLimit;
  const stop = new SharedArrayBuffer(4);
  // A shard splits only its own slice of the runs (cli/shard.ts).
  const first = setup.shard?.first ?? 0;
  const jobs = chunksOf(setup.shard?.taken ?? setup.runs).map((c) => ({
    flags: { ...flags, shard: undefined }, first: first + c.first, count: c.count, stop, ...(deadline !== undefined ? { deadline } : {}),
  }));
  // Fewer chunks than workers: the idle ones are not started; a single chunk runs in this thread.
  if (jobs.length <= 1) return runCommand(flags, out, mutant);
  // A SIGINT: no chunk is started after it, and the running ones stop (cli/interrupt.ts).
  const sigint = onSigint(() => Atomics.store(new Int32Array(stop), 0, 1));
  const bar = runProgress(setup.shard?.taken ?? setup.runs, progressEnabled(flags.json));
  let runs = 0, steps = 0;
  try {
    const reports = await runChunks(jobs, workers, (r) => bar.update((runs += r.runs), (steps += r.steps)), sigint.stop);
    bar.done();
    const report = mergeChunks(reports, performance.now() - started);
    const code = finishRun(flags, setup, report, out, options.rt);
    return sigint.stop() && report.counterexample === null ? sigintExit : code;
  } finally {
    sigint.dispose();
  }
}
