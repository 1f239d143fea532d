// Running a user's mutant file in a worker thread that a time limit can stop: a file that
// loops at import, or a replaced routine that never returns, cannot hang stackcheck. The
// worker shares a probe with this thread (phase, run, step) that the checking loop keeps
// current, so the message can say where the mutant stopped returning.

import { Worker } from 'node:worker_threads';
import { onSigint } from './interrupt.ts';
import { progressEnabled, statusLine } from './progress.ts';
import { intFlag, usage } from './usage.ts';
import { grouped } from '../config/digits.ts';

/** What the worker is asked to do. @internal */
export interface WorkerJob {
  readonly command: 'run' | 'explore';
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly mutantFile: string;
  /**
   * Int32Array over it: [0] 0 while loading the file, 1 after; [1] runs done; [2] the step
   * being run; [3] 1 once a SIGINT came (the check stops); [4] steps run so far (a heartbeat);
   * [5] shrinks kept so far and [6] the failing trace's length now, while shrinking.
   */
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
 * worker in which no step has returned for that long is terminated: a usage error saying
 * where the mutant was (a long shrink keeps stepping, so it is not cut). A SIGINT is passed
 * on to the worker's check. Output lines go to out.
 * @internal
 */
export async function runWithMutantFile(
  command: WorkerJob['command'], flags: WorkerJob['flags'], mutantFile: string, out: (s: string) => void, limitMs?: number,
): Promise<number> {
  const probe = new SharedArrayBuffer(28);
  const view = new Int32Array(probe);
  const sigint = onSigint(() => Atomics.store(view, 3, 1));
  const worker = new Worker(workerUrl(), { workerData: { mode: 'mutant-file', command, flags, mutantFile, probe } });
  let timer: NodeJS.Timeout | undefined;
  // On a terminal, this thread shows where the worker is, from the probe (its stderr is no terminal).
  const bar = statusLine(progressEnabled(flags['json'] === true));
  const where = (): string => Atomics.load(view, 0) === 0 ? `${command}: loading ${mutantFile}`
    : Atomics.load(view, 5) > 0 ? `${command}: ${mutantFile}: finding 1; shrinking: ${Atomics.load(view, 6)} steps now, ${Atomics.load(view, 5)} shrinks done`
      : `${command}: ${mutantFile}: run ${Atomics.load(view, 1) + 1}, ${grouped(Atomics.load(view, 4))} steps`;
  bar.show(where);
  const status = setInterval(() => bar.show(where), 100);
  const result = await new Promise<WorkerMessage | { kind: 'timeout' } | { kind: 'exit'; code: number }>((resolve) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'out') out(m.text);
      else resolve(m);
    });
    worker.on('error', (e) => resolve({ kind: 'defect', message: String(e?.message ?? e).split('\n')[0] }));
    worker.on('exit', (code) => resolve({ kind: 'exit', code }));
    if (limitMs !== undefined) {
      // Hung: no step has returned for limitMs (since the start, while loading the file).
      let beat = 0;
      let moved = performance.now();
      timer = setInterval(() => {
        const now = Atomics.load(view, 4);
        if (now !== beat) [beat, moved] = [now, performance.now()];
        else if (performance.now() - moved >= limitMs) resolve({ kind: 'timeout' });
      }, Math.min(250, limitMs));
    }
  });
  clearInterval(timer);
  clearInterval(status);
  bar.done();
  sigint.dispose();
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
 * generating (or exploring) after that many seconds; the watchdog decides the mutant hangs
 * when no step has returned for twice that plus 5 s (a step of a sound mutant takes microseconds).
 * @internal
 */
export function mutantFileCommand(command: WorkerJob['command'], flags: WorkerJob['flags'], out: (s: string) => void): Promise<number> {
  const t = flags['time-limit'];
  const limit = typeof t === 'string' ? intFlag('time-limit', t, 0, 1) : undefined;
  return runWithMutantFile(command, flags, flags['mutant-file'] as string, out, limit === undefined ? undefined : (2 * limit + 5) * 1000);
}
