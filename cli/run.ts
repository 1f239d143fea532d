// `stackcheck run`: random testing of the model with every invariant after every step.

import { goRuntime, type Runtime } from '../model/index.ts';
import type { Mutant } from '../model/mutants/index.ts';
import { check, checkYielding, type CheckOptions, type CheckReport } from '../properties/check.ts';
import { configFrom } from './config.ts';
import { checkMutantRelease } from './mutant-file.ts';
import { onSigint, sigintExit } from './interrupt.ts';
import { progressEnabled, runProgress } from './progress.ts';
import { saveFinding, savedLines } from './save-finding.ts';
import { jsonReport, textReport, type RunSetup } from './report.ts';
import { shardFlag, shardSlice, shardText } from './shard.ts';
import { intFlag, oneLine, onOffFlag, usage } from './usage.ts';

/** @public */
export interface RunFlags {
  readonly runs?: string;
  readonly 'max-steps'?: string;
  readonly seed?: string;
  readonly profile?: string;
  readonly scope?: string;
  readonly mode?: string;
  readonly 'time-limit'?: string;
  readonly json?: boolean;
  /** Directory for counterexample files (default ./stackcheck-findings). */
  readonly out?: string;
  /** The user's mutant module, when the mutant came from --mutant-file (for the reproduce line). */
  readonly 'mutant-file'?: string;
  /** Swarm testing on (default) or off. */
  readonly swarm?: string;
  /** `k/n`: only the k-th of n consecutive slices of the runs (cli/shard.ts). */
  readonly shard?: string;
}

/** Default number of runs and steps per run: `npm start` finishes in seconds on a 2-core machine. @public */
export const defaultRuns = 500;
/** @public */
export const defaultMaxSteps = 300;

/** What the flags ask `run` to do: the setup echoed in the report, and the check's options. @internal */
export function runSetupFrom(flags: RunFlags, mutant?: Pick<Mutant, 'name' | 'rt'> & Partial<Pick<Mutant, 'releases'>>): { setup: RunSetup; options: CheckOptions; timeLimit?: number } {
  const cfg = configFrom(flags);
  checkMutantRelease(mutant, cfg.profile);
  const shard = shardFlag(flags.shard);
  const setup: RunSetup = {
    cfg,
    seed: intFlag('seed', flags.seed, 1, 0, 0x7fffffff),
    runs: intFlag('runs', flags.runs, defaultRuns, 1),
    maxSteps: intFlag('max-steps', flags['max-steps'], defaultMaxSteps, 1, 100_000),
    scopeText: flags.scope ?? '',
    swarm: onOffFlag('swarm', flags.swarm, true),
    ...(mutant !== undefined ? { mutant: mutant.name } : {}),
    ...(flags['mutant-file'] !== undefined ? { mutantFile: flags['mutant-file'] } : {}),
  };
  const slice = shard === undefined ? null : shardSlice(setup.runs, shard);
  if (shard !== undefined && slice !== null) {
    if (slice.taken === 0) usage(`--shard ${shardText(shard)}: ${setup.runs} runs leave shard ${shard.index} of ${shard.count} none`);
    Object.assign(setup, { shard: { ...shard, ...slice } });
  }
  const timeLimit = flags['time-limit'] === undefined ? undefined : intFlag('time-limit', flags['time-limit'], 0, 1) * 1000;
  const options: CheckOptions = {
    cfg, rt: mutant?.rt ?? goRuntime, seed: setup.seed, maxSteps: setup.maxSteps, swarm: setup.swarm,
    // A shard runs its slice: the same runs, by index, as the whole check would (properties/chunks.ts).
    ...(slice === null ? { runs: setup.runs } : { runs: slice.taken, firstRun: slice.first }),
    ...(timeLimit !== undefined ? { timeLimitMs: timeLimit } : {}),
  };
  return { setup, options, ...(timeLimit !== undefined ? { timeLimit } : {}) };
}

/**
 * `stackcheck run`. On the main thread a SIGINT stops the check (cli/interrupt.ts), which
 * then lets the event loop run; in a worker (cli/watchdog.ts) the main thread's listener sets
 * what `stop` reads.
 * @public
 */
export async function runCommand(
  flags: RunFlags, out: (s: string) => void, mutant?: Pick<Mutant, 'name' | 'rt'> & Partial<Pick<Mutant, 'releases'>>, probe?: Int32Array, stop?: () => boolean,
): Promise<number> {
  const { setup, options } = runSetupFrom(flags, mutant);
  const bar = runProgress(setup.shard?.taken ?? setup.runs, progressEnabled(flags.json));
  const sigint = stop === undefined ? onSigint() : null;
  try {
    const o: CheckOptions = {
      ...options, ...(probe !== undefined ? { probe } : {}),
      stop: stop ?? sigint!.stop,
      onProgress: (runs, steps) => bar.update(runs, steps),
      onShrink: (length, shrinks) => {
        bar.shrinking(length, shrinks);
        // For the watchdog's status line (cli/watchdog.ts WorkerJob.probe).
        if (probe !== undefined) [probe[5], probe[6]] = [shrinks, length];
      },
    };
    const report = stop === undefined ? await checkYielding(o) : check(o);
    bar.done();
    const code = finishRun(flags, setup, report, out, mutant?.rt ?? goRuntime);
    // Stopped before any finding: the partial report is printed, and the exit says it was cut.
    return report.stopped && report.counterexample === null ? sigintExit : code;
  } finally {
    sigint?.dispose();
  }
}

/** Saves and prints a run's report; the exit code. @internal */
export function finishRun(flags: RunFlags, setup: RunSetup, report: CheckReport, out: (s: string) => void, rt: Runtime): number {
  const saved = saveFinding(setup, report, flags.out);
  const file = saved !== null && 'saved' in saved ? saved.saved : null;
  const saveError = saved !== null && 'error' in saved ? saved.error : null;
  if (flags.json) out(jsonReport(setup, report, file !== null ? { counterexampleFile: file.path } : saveError !== null ? { saveError } : {}));
  else {
    const text = textReport(setup, report, rt);
    out(file === null ? text : `${text}\n${savedLines(file, setup.mutantFile)}`);
  }
  // The finding is printed first: a file that could not be written loses nothing else.
  if (saveError !== null) process.stderr.write(`stackcheck: ${oneLine(saveError)}\n`);
  return report.counterexample === null ? 0 : 1;
}
