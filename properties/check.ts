// The checking engine: fast-check generates traces, every step is checked, the first
// failing trace is shrunk by fast-check and then minimised, and the report says what ran.

import fc from 'fast-check';
import type { Action, ActionKind, Config, Runtime } from '../model/index.ts';
import { runArb } from './commands.ts';
import { emptyCoverage, type Coverage } from './coverage.ts';
import { invariantsFor } from './invariants/catalog.ts';
import type { Invariant, StateInvariant, StepInvariant } from './invariants/invariant.ts';
import { minimizing } from './minimize.ts';
import { MutantFault } from './mutant-fault.ts';
import { runFromPrefix, type Recording } from './prefix.ts';
import { entriesOf, onlyRule, runTrace, type Checks, type Finding } from './run-trace.ts';
import type { Trace } from './trace.ts';

/** @public */
export interface CheckOptions {
  readonly cfg: Config;
  readonly rt: Runtime;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  /**
   * Stop generating new runs after this long (then the run count depends on the machine). It
   * bounds generation only: a finding is shrunk to the end, so the counterexample is the one
   * the same seed and runs give without a time limit (the reproduce line needs no --time-limit).
   */
  readonly timeLimitMs?: number;
  /**
   * Asked between runs, shrink candidates and minimisation steps: true ends the check now (a
   * SIGINT). Generating, the report is partial (runs and coverage so far); shrinking, the
   * counterexample is the best trace so far.
   */
  readonly stop?: () => boolean;
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
  /** stop() ended the check: generation (partial report) or shrinking (best trace so far). */
  readonly stopped: boolean;
}

/** Splits a catalog into the state and step checks runTrace takes. @public */
export function checksOf(list: readonly Invariant[], incremental = true, probe?: Int32Array): Checks {
  const state = list.filter((i): i is StateInvariant => i.kind === 'state');
  const step = list.filter((i): i is StepInvariant => i.kind === 'step');
  return {
    ...(probe !== undefined ? { probe } : {}),
    state,
    step,
    incremental,
    ...entriesOf(state, step),
  };
}

/** A check set up: fast-check's predicate and parameters, and what makes the report of its result. */
interface Prepared {
  readonly predicate: (trace: Trace) => boolean;
  readonly params: fc.Parameters<[Trace]>;
  readonly arb: fc.Arbitrary<Trace>;
  /** The minimisation and the report, from fast-check's result: a generator yields after each candidate. */
  readonly finish: (details: fc.RunDetails<[Trace]>) => Generator<void, CheckReport>;
}

function prepare(o: CheckOptions): Prepared {
  const list = o.invariants ?? invariantsFor(o.cfg.profile);
  const checks = checksOf(list, o.incremental ?? true, o.probe);
  const cov = emptyCoverage(list, o.cfg.modes);
  let firstLength = 0;
  // The rule the first failing run broke, and checks of it alone, while shrinking.
  let firstId = '';
  let own = checks;
  let counting = true;
  let detectedMs: number | null = null;
  // While shrinking: the last failing trace's states, so candidates re-run from their longest unchanged prefix.
  let rec: Recording | null = null;
  let shrinksSeen = 0;
  let stopped = false;
  let timedOut = false;
  const shrink = o.shrink !== false;
  const started = performance.now();
  const stopNow = (): boolean => (stopped ||= o.stop?.() === true);
  const runOne = (trace: Trace): boolean => {
    if (!counting) {
      // fast-check ends at once, and its counterexample is the last failing trace: the best so far.
      if (stopNow()) throw new fc.PreconditionFailure(true);
      // A candidate fails only by breaking the rule the first failing run broke (no slipping
      // to another bug while shrinking, as Hypothesis does), so most candidates are refuted
      // by a run checking that rule alone (run-trace.ts onlyRule).
      const sieve = runFromPrefix(o.cfg, o.rt, trace, own, false, rec).result.finding;
      if (sieve === null || sieve.id !== firstId) return true;
      const run = runFromPrefix(o.cfg, o.rt, trace, checks, false, rec);
      if (run.result.finding === null || run.result.finding.id !== firstId) return true;
      rec = run.rec;
      o.onShrink?.(run.result.actions.length, ++shrinksSeen);
      return false;
    }
    // The time limit ends generation only (fast-check's interruptAfterTimeLimit would cut shrinking too).
    if (o.timeLimitMs !== undefined && performance.now() - started >= o.timeLimitMs) timedOut = true;
    if (timedOut || stopNow()) throw new fc.PreconditionFailure(true);
    const r = runTrace(o.cfg, o.rt, trace, checks, cov);
    o.onProgress?.(cov.runs, cov.steps);
    if (r.finding === null) return true;
    firstLength = r.actions.length;
    firstId = r.finding.id;
    own = onlyRule(checks, firstId);
    detectedMs = performance.now() - started;
    counting = false;
    if (shrink) rec = runFromPrefix(o.cfg, o.rt, trace, checks, false, null).rec;
    return false;
  };
  // A user mutant's fault ends the check (mutant-fault.ts): fast-check must not shrink it.
  let fault: MutantFault | null = null;
  const predicate = (trace: Trace): boolean => {
    if (fault !== null) return true;
    try {
      return runOne(trace);
    } catch (e) {
      if (!(e instanceof MutantFault)) throw e;
      fault = e;
      return false;
    }
  };
  const params: fc.Parameters<[Trace]> = {
    seed: o.seed,
    numRuns: o.runs,
    // Run k of the whole check, and those after it (a chunk: chunks.ts): fast-check's replay path "k".
    ...(o.firstRun !== undefined && o.firstRun > 0 ? { path: String(o.firstRun) } : {}),
    ...(shrink ? {} : { endOnFailure: true }),
  };
  function* finish(details: fc.RunDetails<[Trace]>): Generator<void, CheckReport> {
    if (fault !== null) throw fault;
    let counterexample: Counterexample | null = null;
    if (details.failed && details.counterexample !== null) {
      const last = runFromPrefix(o.cfg, o.rt, details.counterexample[0], checks, false, rec);
      const shrunk = last.result;
      if (shrunk.finding !== null) {
        let min = { finding: shrunk.finding, actions: shrunk.actions.slice() };
        if (shrink && !stopped) {
          const steps = minimizing(o.cfg, o.rt, shrunk.actions, checks, shrunk.finding, last.rec);
          for (let n = steps.next(); ; n = steps.next()) {
            if (n.done === true) { min = n.value; break; }
            min = n.value;
            if (stopNow()) break;
            yield;
          }
        }
        counterexample = {
          finding: min.finding, actions: min.actions, originalLength: firstLength,
          path: details.counterexamplePath ?? '', shrinks: details.numShrinks,
        };
      }
    }
    return {
      seed: o.seed, runs: cov.runs, steps: cov.steps, elapsedMs: performance.now() - started, detectedMs,
      coverage: cov, counterexample, interrupted: timedOut, stopped,
    };
  }
  return { predicate, params, arb: runArb({ maxSteps: o.maxSteps, weights: o.weights, swarm: o.swarm }), finish };
}

/** Runs the checker. @public */
export function check(o: CheckOptions): CheckReport {
  const p = prepare(o);
  const steps = p.finish(fc.check(fc.property(p.arb, p.predicate), p.params));
  for (;;) {
    const n = steps.next();
    if (n.done === true) return n.value;
  }
}

/** How often checkYielding lets the event loop run (a signal handler, a timer). */
const yieldEveryMs = 20;

/**
 * check(), letting the event loop run every 20 ms or so, so a SIGINT listener can set what
 * o.stop reads while the check runs on the main thread. The same runs, the same result.
 * @public
 */
export async function checkYielding(o: CheckOptions): Promise<CheckReport> {
  const p = prepare(o);
  let last = performance.now();
  const breathe = async (): Promise<void> => {
    if (performance.now() - last < yieldEveryMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    last = performance.now();
  };
  const details = await fc.check(fc.asyncProperty(p.arb, async (trace: Trace) => {
    await breathe();
    return p.predicate(trace);
  }), p.params);
  const steps = p.finish(details);
  for (;;) {
    const n = steps.next();
    if (n.done === true) return n.value;
    await breathe();
  }
}
