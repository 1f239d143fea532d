// A pool of worker threads (the same entry as the mutant-file watchdog, cli/worker-main.ts)
// that runs chunks of a check. Chunks are handed out in order and their reports kept by
// index; once a chunk finds a counterexample, later chunks are not started, and the merge
// (properties/chunks.ts) ignores any that already ran, so the result is the same for any
// number of workers.

import { Worker } from 'node:worker_threads';
import type { CheckReport } from '../properties/check.ts';
import type { KillResult } from './mutants.ts';
import { usage } from './usage.ts';
import { workerUrl } from './watchdog.ts';

/** One chunk of `stackcheck run`: the run's flags, and which runs. @internal */
export interface ChunkJob {
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly first: number;
  readonly count: number;
  /** When --time-limit ends (Date.now() milliseconds), if given: a chunk generates no run after it. */
  readonly deadline?: number;
  /** Int32Array over it: [0] becomes 1 at a SIGINT (cli/interrupt.ts), and the chunk's check stops. */
  readonly stop?: SharedArrayBuffer;
}

/** What a pool worker answers. @internal */
export type ChunkAnswer =
  | { readonly kind: 'report'; readonly index: number; readonly report: CheckReport }
  | { readonly kind: 'usage'; readonly index: number; readonly message: string };

/** One mutant of `stackcheck mutants`: the command's flags, and which registered mutant. @internal */
export interface MutantJob {
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly name: string;
}

/** What a pool worker answers for a mutant. @internal */
export type MutantAnswer =
  | { readonly kind: 'result'; readonly index: number; readonly result: KillResult }
  | { readonly kind: 'usage'; readonly index: number; readonly message: string };

/**
 * Runs jobs on n workers, handing each answer to onAnswer. Jobs are handed out in order;
 * once onAnswer returns true for an answer, no job after that one's index is started, and
 * none at all once stopped() says so.
 */
async function runOnPool<J, A extends { readonly kind: string; readonly index: number }>(
  kind: 'chunk' | 'mutant', jobs: readonly J[], n: number, onAnswer: (a: A) => boolean, stopped: () => boolean,
): Promise<void> {
  let next = 0;
  let last = Infinity;
  const workers = Array.from({ length: Math.min(n, jobs.length) }, () => new Worker(workerUrl(), { workerData: { mode: 'pool' } }));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const give = (): void => {
        if (next >= jobs.length || next > last || stopped()) return resolve();
        const index = next++;
        w.postMessage({ kind, index, job: jobs[index] });
      };
      w.on('message', (m: A | { kind: 'usage'; message: string }) => {
        if (m.kind === 'usage') return reject(new Error((m as { message: string }).message));
        if (onAnswer(m as A)) last = Math.min(last, (m as A).index);
        give();
      });
      w.on('error', reject);
      give();
    })));
  } catch (e) {
    usage(String((e as Error).message).split('\n')[0]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Runs the chunks on n workers; the reports in job order, up to the first with a counterexample
 * (or, once stopped() says so, up to the first chunk that was not run).
 * @internal
 */
export async function runChunks(
  jobs: readonly ChunkJob[], n: number, onReport?: (r: CheckReport) => void, stopped: () => boolean = () => false,
): Promise<CheckReport[]> {
  const reports: (CheckReport | undefined)[] = new Array(jobs.length);
  await runOnPool<ChunkJob, Extract<ChunkAnswer, { kind: 'report' }>>('chunk', jobs, n, (m) => {
    reports[m.index] = m.report;
    onReport?.(m.report);
    return m.report.counterexample !== null;
  }, stopped);
  const out: CheckReport[] = [];
  for (const r of reports) {
    if (r === undefined) break;
    out.push(r);
    if (r.counterexample !== null) break;
  }
  return out;
}

/**
 * Hunts the mutants on n workers; the results in job order, whatever order they finish in
 * (each mutant's hunt is its own check with the same seed, so none depends on another).
 * @internal
 */
export async function runMutants(jobs: readonly MutantJob[], n: number, onResult?: (index: number, r: KillResult) => void): Promise<KillResult[]> {
  const results: KillResult[] = new Array(jobs.length);
  await runOnPool<MutantJob, Extract<MutantAnswer, { kind: 'result' }>>('mutant', jobs, n, (m) => {
    results[m.index] = m.result;
    onResult?.(m.index, m.result);
    return false;
  }, () => false);
  return results;
}
