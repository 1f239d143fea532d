// Running a user's mutant file in a worker thread that a time limit can stop: a file that
// loops at import, or a replaced routine that never returns, cannot hang stackcheck. The
// worker shares a probe with this thread (phase, run, step) that the checking loop keeps
// current, so the message can say where the mutant stopped returning.

import { Worker } from 'node:worker_threads';
import { intFlag, usage } from './usage.ts';

/** What the worker is asked to do. @internal */
export interface WorkerJob {
  readonly command: 'run' | 'explore';
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly mutantFile: string;
  /** Int32Array over it: [0] 0 while loading the file, 1 after; [1] runs done; [2] the step being run. */
  readonly probe: SharedArrayBuffer;
}

/** What the worker tells this thread. @internal */
export type WorkerMessage =
  | { readonly kind: 'out'; readonly text: string }
  | { readonly kind: 'done'; readonly code: number }
  | { readonly kind: 'usage'; readonly message: string }
  | { readonly kind: 'defect'; readonly message: string };

/** The worker entry: compiled next to this chunk in dist/, or the sources through tsx. */
/** @internal */
export function workerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./worker-dev.mjs', import.meta.url) : new URL('./worker.mjs', import.meta.url);
}

/**
 * Runs a command with a user's mutant file in a worker thread. With a time limit (ms), a
 * worker that has not finished by then is terminated: a usage error saying where the
 * mutant was. Output lines are passed to out.
 * @internal
 */
export async function runWithMutantFile(
  command: WorkerJob['command'], flags: WorkerJob['flags'], mutantFile: string, out: (s: string) => void, limitMs?: number,
): Promise<number> {
  const probe = new SharedArrayBuffer(12);
  const view = new Int32Array(probe);
  const worker = new Worker(workerUrl(), { workerData: { mode: 'mutant-file', command, flags, mutantFile, probe } });
  let timer: NodeJS.Timeout | undefined;
  const result = await new Promise<WorkerMessage | { kind: 'timeout' } | { kind: 'exit'; code: number }>((resolve) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'out') out(m.text);
      else resolve(m);
    });
    worker.on('error', (e) => resolve({ kind: 'defect', message: String(e?.message ?? e).split('\n')[0] }));
    worker.on('exit', (code) => resolve({ kind: 'exit', code }));
    if (limitMs !== undefined) timer = setTimeout(() => resolve({ kind: 'timeout' }), limitMs);
  });
  clearTimeout(timer);
  await worker.terminate();
  switch (result.kind) {
    case 'done': return result.code;
    case 'usage': return usage(result.message);
    case 'defect': return usage(`--mutant-file ${mutantFile}: ${result.message}`);
    case 'exit': return usage(`--mutant-file ${mutantFile}: the worker running it exited (code ${result.code})`);
    case 'timeout': {
      const secs = Math.round((limitMs ?? 0) / 1000);
      const where = Atomics.load(view, 0) === 0 ? 'while loading it'
        : command === 'run' ? `at step ${Atomics.load(view, 2)} of run ${Atomics.load(view, 1) + 1}` : 'while exploring';
      return usage(`--mutant-file ${mutantFile}: the mutant did not return within ${secs} s ${where}`);
    }
    case 'out': return usage('internal: unexpected message');
  }
}

/**
 * `run` or `explore` with --mutant-file: the command runs in a worker. --time-limit stops
 * generating (or exploring) after that many seconds; the watchdog allows as long again plus
 * 5 s for shrinking and saving before it decides the mutant hangs.
 * @internal
 */
export function mutantFileCommand(command: WorkerJob['command'], flags: WorkerJob['flags'], out: (s: string) => void): Promise<number> {
  const t = flags['time-limit'];
  const limit = typeof t === 'string' ? intFlag('time-limit', t, 0, 1) : undefined;
  return runWithMutantFile(command, flags, flags['mutant-file'] as string, out, limit === undefined ? undefined : (2 * limit + 5) * 1000);
}
