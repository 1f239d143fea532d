// The worker thread's side (cli/watchdog.ts starts it): load the user's mutant file here,
// never in the main thread, and run the command with it, so a file that loops at import or
// inside a routine can be stopped by terminating this thread.

import { parentPort, workerData } from 'node:worker_threads';
import { loadMutantFile } from './mutant-file.ts';
import { UsageError } from './usage.ts';
import type { WorkerJob, WorkerMessage } from './watchdog.ts';

const port = parentPort;
if (port === null) throw new Error('cli/worker-main.ts runs only as a worker thread');
const job = workerData as WorkerJob;
const post = (m: WorkerMessage): void => port.postMessage(m);
const probe = new Int32Array(job.probe);

try {
  const mutant = await loadMutantFile(job.mutantFile);
  Atomics.store(probe, 0, 1);
  const out = (s: string): void => post({ kind: 'out', text: s });
  const code = job.command === 'run'
    ? (await import('./run.ts')).runCommand(job.flags, out, mutant, probe)
    : (await import('./explore.ts')).exploreCommand(job.flags, out, mutant);
  post({ kind: 'done', code });
} catch (e) {
  if (e instanceof UsageError) post({ kind: 'usage', message: e.message });
  else post({ kind: 'defect', message: String((e as Error)?.message ?? e).split('\n')[0] });
}
