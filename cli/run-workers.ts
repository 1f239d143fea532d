// `stackcheck run --workers N`: the runs split into chunks (properties/chunks.ts) checked by
// N worker threads (cli/pool.ts) and merged in order, so the report is the one `--workers 1`
// gives: the same runs, the first finding the one of the lowest run index, shrunk the same.

import { chunksOf, mergeChunks } from '../properties/chunks.ts';
import { registeredMutant } from './mutant-file.ts';
import { runChunks } from './pool.ts';
import { progressEnabled, runProgress } from './progress.ts';
import { finishRun, runSetupFrom, type RunFlags } from './run.ts';
import { usage } from './usage.ts';

/** @internal */
export async function runOnWorkers(flags: RunFlags & { mutant?: string }, out: (s: string) => void, workers: number): Promise<number> {
  if (flags['mutant-file'] !== undefined) usage('--workers with --mutant-file: not yet; the mutant file runs in one worker');
  const mutant = flags.mutant === undefined ? undefined : registeredMutant(flags.mutant);
  const { setup, options, timeLimit } = runSetupFrom(flags, mutant);
  const started = performance.now();
  const deadline = timeLimit === undefined ? undefined : Date.now() + timeLimit;
  const jobs = chunksOf(setup.runs).map((c) => ({ flags: { ...flags }, ...c, ...(deadline !== undefined ? { deadline } : {}) }));
  const bar = runProgress(setup.runs, progressEnabled(flags.json));
  let runs = 0, steps = 0;
  const reports = await runChunks(jobs, workers, (r) => bar.update((runs += r.runs), (steps += r.steps)));
  bar.done();
  return finishRun(flags, setup, mergeChunks(reports, performance.now() - started), out, options.rt);
}
