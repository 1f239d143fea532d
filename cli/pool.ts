// A pool of worker threads (the same entry as the mutant-file watchdog, cli/worker-main.ts)
// that runs chunks of a check. Chunks are handed out in order and their reports kept by
// index; once a chunk finds a counterexample, later chunks are not started, and the merge
// (properties/chunks.ts) ignores any that already ran, so the result is the same for any
// number of workers.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CheckReport } from '../properties/check.ts';
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

/** The machine's cores (the default of --workers). @public */
export const defaultWorkers = availableParallelism();

/**
 * Runs the jobs on n workers; the reports in job order, up to the first with a counterexample
 * (or, once stopped() says so, up to the first chunk that was not run).
 * @internal
 */
export async function runChunks(
  jobs: readonly ChunkJob[], n: number, onReport?: (r: CheckReport) => void, stopped: () => boolean = () => false,
): Promise<CheckReport[]> {
  const reports: (CheckReport | undefined)[] = new Array(jobs.length);
  let next = 0;
  let firstFinding = Infinity;
  const workers = Array.from({ length: Math.min(n, jobs.length) }, () => new Worker(workerUrl(), { workerData: { mode: 'pool' } }));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const give = (): void => {
        if (next >= jobs.length || next > firstFinding || stopped()) return resolve();
        const index = next++;
        w.postMessage({ index, job: jobs[index] });
      };
      w.on('message', (m: ChunkAnswer) => {
        if (m.kind === 'usage') return reject(new Error(m.message));
        reports[m.index] = m.report;
        onReport?.(m.report);
        if (m.report.counterexample !== null) firstFinding = Math.min(firstFinding, m.index);
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
  const out: CheckReport[] = [];
  for (const r of reports) {
    if (r === undefined) break;
    out.push(r);
    if (r.counterexample !== null) break;
  }
  return out;
}
