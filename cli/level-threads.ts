// The worker threads of `explore --workers N` (explore/parallel.ts), started on the same
// entry as the run pool's (cli/worker-main.ts): each rebuilds the search from the command's
// flags, loading the mutant (--mutant, or the --mutant-file itself) in its own thread.

import { Worker } from 'node:worker_threads';
import type { LevelAnswer, LevelInit, LevelRequest } from '../explore/level-messages.ts';
import type { LevelThread } from '../explore/parallel.ts';
import { workerUrl } from './watchdog.ts';

/** What a level worker is started with. @internal */
export interface LevelJob {
  readonly mode: 'explore';
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly init: LevelInit;
}

/** Starts one level worker; its requests are answered in order. @internal */
export function levelThread(flags: LevelJob['flags'], init: LevelInit): LevelThread {
  const worker = new Worker(workerUrl(), { workerData: { mode: 'explore', flags, init } satisfies LevelJob });
  const waiting: { resolve: (a: LevelAnswer) => void; reject: (e: Error) => void }[] = [];
  let failed: Error | null = null;
  const fail = (e: Error): void => {
    failed ??= e;
    for (const w of waiting.splice(0)) w.reject(e);
  };
  worker.on('message', (a: LevelAnswer) => waiting.shift()?.resolve(a));
  worker.on('error', (e) => fail(new Error(String(e?.message ?? e).split('\n')[0])));
  worker.on('exit', (code) => fail(new Error(`explore: a worker thread exited (code ${code})`)));
  return {
    ask: (r) => failed !== null ? Promise.reject(failed) : new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      worker.postMessage(r);
    }),
    close: async () => {
      failed ??= new Error('explore: the worker threads were stopped');
      await worker.terminate();
    },
  };
}
