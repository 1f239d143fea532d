// The worker thread's side of cli/watchdog.ts and cli/pool.ts, one entry for both. As the
// watchdog's worker it loads the user's mutant file here, never in the main thread, and runs
// the command with it, so a file that loops at import or inside a routine can be stopped by
// terminating this thread. As a pool worker it runs chunks of `stackcheck run` and single
// mutants of `stackcheck mutants`. As an explore worker it expands levels of the search
// (explore/level-worker.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { check } from '../properties/check.ts';
import type { LevelAnswer, LevelRequest } from '../explore/level-messages.ts';
import type { LevelJob } from './level-threads.ts';
import { loadMutantFile, mutantFromFlags, registeredMutant } from './mutant-file.ts';
import type { ChunkAnswer, ChunkJob, MutantAnswer, MutantJob } from './pool.ts';
import { UsageError } from './usage.ts';
import type { WorkerJob, WorkerMessage } from './watchdog.ts';

const port = parentPort;
if (port === null) throw new Error('cli/worker-main.ts runs only as a worker thread');

async function mutantFileJob(job: WorkerJob): Promise<void> {
  const post = (m: WorkerMessage): void => port!.postMessage(m);
  const probe = new Int32Array(job.probe);
  try {
    const mutant = await loadMutantFile(job.mutantFile);
    Atomics.store(probe, 0, 1);
    const out = (s: string): void => post({ kind: 'out', text: s });
    const code = await (job.command === 'run'
      ? (await import('./run.ts')).runCommand(job.flags, out, mutant, probe, () => Atomics.load(probe, 3) !== 0)
      : (await import('./explore.ts')).exploreCommand(job.flags, out, mutant));
    post({ kind: 'done', code });
  } catch (e) {
    if (e instanceof UsageError) post({ kind: 'usage', message: e.message });
    else post({ kind: 'defect', message: String((e as Error)?.message ?? e).split('\n')[0] });
  }
}

async function chunkJob(index: number, job: ChunkJob): Promise<ChunkAnswer> {
  try {
    const { runSetupFrom } = await import('./run.ts');
    const flags = job.flags as Record<string, string | undefined>;
    const mutant = flags['mutant'] === undefined ? undefined : registeredMutant(flags['mutant']);
    const { options } = runSetupFrom(job.flags, mutant);
    const report = check({
      ...options, firstRun: job.first, runs: job.count,
      ...(job.deadline !== undefined ? { timeLimitMs: Math.max(1, job.deadline - Date.now()) } : {}),
      ...(job.stop !== undefined ? { stop: ((flag) => () => Atomics.load(flag, 0) !== 0)(new Int32Array(job.stop)) } : {}),
    });
    return { kind: 'report', index, report };
  } catch (e) {
    return { kind: 'usage', index, message: e instanceof UsageError ? e.message : String((e as Error)?.message ?? e).split('\n')[0] };
  }
}

async function mutantJob(index: number, job: MutantJob): Promise<MutantAnswer> {
  try {
    const { huntMutant } = await import('./mutants.ts');
    return { kind: 'result', index, result: huntMutant(job.flags, registeredMutant(job.name)) };
  } catch (e) {
    return { kind: 'usage', index, message: e instanceof UsageError ? e.message : String((e as Error)?.message ?? e).split('\n')[0] };
  }
}

/** A worker of `explore --workers N`: the search rebuilt from the flags, then one level request at a time. */
function levelJob(job: LevelJob): void {
  const post = (a: LevelAnswer): void => port!.postMessage(a);
  const ready = (async () => {
    const { exploreSetupFrom } = await import('./explore.ts');
    const { levelWorker } = await import('../explore/level-worker.ts');
    const { goRuntime } = await import('../model/index.ts');
    const mutant = await mutantFromFlags(job.flags);
    const { cfg, preset, symmetry } = exploreSetupFrom(job.flags);
    return levelWorker({ cfg, rt: mutant?.rt ?? goRuntime, bounds: preset.bounds, symmetry }, job.init, post);
  })();
  port!.on('message', (r: LevelRequest) => void ready.then((serve) => serve(r), (e: unknown) => post({ kind: 'error', message: String((e as Error)?.message ?? e).split('\n')[0] })));
}

const data = workerData as { mode: 'pool' } | ({ mode: 'mutant-file' } & WorkerJob) | LevelJob;
if (data.mode === 'explore') levelJob(data);
else if (data.mode === 'pool') {
  port.on('message', (m: { kind: 'chunk'; index: number; job: ChunkJob } | { kind: 'mutant'; index: number; job: MutantJob }) => {
    if (m.kind === 'chunk') void chunkJob(m.index, m.job).then((a) => port.postMessage(a));
    else void mutantJob(m.index, m.job).then((a) => port.postMessage(a));
  });
} else {
  await mutantFileJob(data);
}
