// The checking engine: fast-check generates traces, every step is checked, the first
// failing trace is shrunk by fast-check and then minimised, and the report says what ran.

import fc from 'fast-check';
import type { Action, ActionKind, Config, Runtime } from '../model/index.ts';
import { runArb } from './commands.ts';
import { emptyCoverage, type Coverage } from './coverage.ts';
import { invariantsFor } from './invariants/catalog.ts';
import { stateScopes, type Invariant, type StateInvariant, type StepInvariant } from './invariants/invariant.ts';
import { minimize } from './minimize.ts';
import { MutantFault } from './mutant-fault.ts';
import { runFromPrefix, type Recording } from './prefix.ts';
import { runTrace, type Checks, type Finding } from './run-trace.ts';
import { partsMask } from './state-parts.ts';
import type { Trace } from './trace.ts';

/** @public */
export interface CheckOptions {
  readonly cfg: Config;
  readonly rt: Runtime;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  /** Stop generating new runs after this long (then the run count depends on the machine). */
  readonly timeLimitMs?: number;
  readonly invariants?: readonly Invariant[];
  readonly weights?: Readonly<Record<ActionKind, number>>;
  /** Swarm testing (swarm.ts): each run draws its own mix of the weights (default true). */
  readonly swarm?: boolean;
  /** Re-check only invariants whose inputs changed (default true; the result is the same, see test/). */
  readonly incremental?: boolean;
  /** Start at this run of the check of this seed (default 0): `runs` runs from there, as the whole check runs them. */
  readonly firstRun?: number;
  /** Kept current with the run and step being checked, for a watchdog thread (run-trace.ts Checks.probe). */
  readonly probe?: Int32Array;
  /** Called after every run while generating (a progress line throttles its own redraws). */
  readonly onProgress?: (runs: number, steps: number) => void;
  /** Called on each shrink fast-check keeps: the failing trace's length now and the shrinks so far. */
  readonly onShrink?: (length: number, shrinks: number) => void;
  /** Shrink and minimise the first failing trace (default true); false reports it as found. */
  readonly shrink?: boolean;
}

/** A shrunk failing trace. @public */
export interface Counterexample {
  readonly finding: Finding;
  readonly actions: readonly Action[];
  /** Steps in the first failing trace, before shrinking. */
  readonly originalLength: number;
  /** fast-check's replay path for the failing run and its shrinks. */
  readonly path: string;
  readonly shrinks: number;
}

/** @public */
export interface CheckReport {
  readonly seed: number;
  readonly runs: number;
  readonly steps: number;
  readonly elapsedMs: number;
  /** Milliseconds from the start to the end of the first failing run (before shrinking), or null. */
  readonly detectedMs: number | null;
  readonly coverage: Coverage;
  readonly counterexample: Counterexample | null;
  readonly interrupted: boolean;
}

/** Splits a catalog into the state and step checks runTrace takes. @public */
export function checksOf(list: readonly Invariant[], incremental = true, probe?: Int32Array): Checks {
  const state = list.filter((i): i is StateInvariant => i.kind === 'state');
  return {
    ...(probe !== undefined ? { probe } : {}),
    state,
    step: list.filter((i): i is StepInvariant => i.kind === 'step'),
    incremental,
    readMasks: state.map((i) => partsMask([...i.reads, ...stateScopes[i.scope].reads])),
  };
}

/** Runs the checker. @public */
export function check(o: CheckOptions): CheckReport {
  const list = o.invariants ?? invariantsFor(o.cfg.profile);
  const checks = checksOf(list, o.incremental ?? true, o.probe);
  const cov = emptyCoverage(list, o.cfg.modes);
  let firstLength = 0;
  let counting = true;
  let detectedMs: number | null = null;
  // While shrinking: the last failing trace's states, so candidates re-run from their longest unchanged prefix.
  let rec: Recording | null = null;
  let shrinksSeen = 0;
  const shrink = o.shrink !== false;
  const started = performance.now();
  const runOne = (trace: Trace): boolean => {
    if (!counting) {
      const run = runFromPrefix(o.cfg, o.rt, trace, checks, false, rec);
      if (run.result.finding === null) return true;
      rec = run.rec;
      o.onShrink?.(run.result.actions.length, ++shrinksSeen);
      return false;
    }
    const r = runTrace(o.cfg, o.rt, trace, checks, cov);
    o.onProgress?.(cov.runs, cov.steps);
    if (r.finding === null) return true;
    firstLength = r.actions.length;
    detectedMs = performance.now() - started;
    counting = false;
    if (shrink) rec = runFromPrefix(o.cfg, o.rt, trace, checks, false, null).rec;
    return false;
  };
  // A user mutant's fault ends the check (mutant-fault.ts): fast-check must not shrink it.
  let fault: MutantFault | null = null;
  const property = fc.property(runArb({ maxSteps: o.maxSteps, weights: o.weights, swarm: o.swarm }), (trace: Trace) => {
    if (fault !== null) return true;
    try {
      return runOne(trace);
    } catch (e) {
      if (!(e instanceof MutantFault)) throw e;
      fault = e;
      return false;
    }
  });
  const details = fc.check(property, {
    seed: o.seed,
    numRuns: o.runs,
    // Run k of the whole check, and those after it (a chunk: chunks.ts): fast-check's replay path "k".
    ...(o.firstRun !== undefined && o.firstRun > 0 ? { path: String(o.firstRun) } : {}),
    ...(shrink ? {} : { endOnFailure: true }),
    ...(o.timeLimitMs !== undefined ? { interruptAfterTimeLimit: o.timeLimitMs } : {}),
  });
  if (fault !== null) throw fault;
  let counterexample: Counterexample | null = null;
  if (details.failed && details.counterexample !== null) {
    const last = runFromPrefix(o.cfg, o.rt, details.counterexample[0], checks, false, rec);
    const shrunk = last.result;
    if (shrunk.finding !== null) {
      const min = shrink ? minimize(o.cfg, o.rt, shrunk.actions, checks, shrunk.finding, last.rec) : { finding: shrunk.finding, actions: shrunk.actions.slice() };
      counterexample = {
        finding: min.finding, actions: min.actions, originalLength: firstLength,
        path: details.counterexamplePath ?? '', shrinks: details.numShrinks,
      };
    }
  }
  return {
    seed: o.seed, runs: cov.runs, steps: cov.steps, elapsedMs: performance.now() - started, detectedMs,
    coverage: cov, counterexample, interrupted: details.interrupted,
  };
}
