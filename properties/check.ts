// The checking engine: fast-check generates traces, every step is checked, the first
// failing trace is shrunk by fast-check and then minimised, and the report says what ran.

import fc from 'fast-check';
import type { Action, ActionKind, Config, Runtime } from '../model/index.ts';
import { traceArb } from './commands.ts';
import { emptyCoverage, type Coverage } from './coverage.ts';
import { invariants as catalog } from './invariants/catalog.ts';
import type { Invariant, StateInvariant, StepInvariant } from './invariants/invariant.ts';
import { minimize } from './minimize.ts';
import { runTrace, type Checks, type Finding } from './run-trace.ts';
import { partsMask } from './state-parts.ts';

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
  /** Re-check only invariants whose inputs changed (default true; the result is the same, see test/). */
  readonly incremental?: boolean;
  /** Called every few runs while generating. */
  readonly onProgress?: (runs: number, steps: number) => void;
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
export function checksOf(list: readonly Invariant[], incremental = true): Checks {
  const state = list.filter((i): i is StateInvariant => i.kind === 'state');
  return {
    state,
    step: list.filter((i): i is StepInvariant => i.kind === 'step'),
    incremental,
    readMasks: state.map((i) => partsMask(i.reads)),
  };
}

/** Runs the checker. @public */
export function check(o: CheckOptions): CheckReport {
  const list = o.invariants ?? catalog;
  const checks = checksOf(list, o.incremental ?? true);
  const cov = emptyCoverage(list);
  let firstLength = 0;
  let counting = true;
  let detectedMs: number | null = null;
  const started = performance.now();
  const property = fc.property(traceArb(o.maxSteps, o.weights), (templates) => {
    const r = runTrace(o.cfg, o.rt, templates, checks, counting ? cov : null);
    if (counting && o.onProgress !== undefined && cov.runs % 16 === 0) o.onProgress(cov.runs, cov.steps);
    if (r.finding === null) return true;
    if (counting) {
      firstLength = r.actions.length;
      detectedMs = performance.now() - started;
    }
    counting = false;
    return false;
  });
  const details = fc.check(property, {
    seed: o.seed,
    numRuns: o.runs,
    ...(o.shrink === false ? { endOnFailure: true } : {}),
    ...(o.timeLimitMs !== undefined ? { interruptAfterTimeLimit: o.timeLimitMs } : {}),
  });
  let counterexample: Counterexample | null = null;
  if (details.failed && details.counterexample !== null) {
    const shrunk = runTrace(o.cfg, o.rt, details.counterexample[0], checks, null);
    if (shrunk.finding !== null) {
      const min = o.shrink === false ? { finding: shrunk.finding, actions: shrunk.actions.slice() } : minimize(o.cfg, o.rt, shrunk.actions, checks, shrunk.finding);
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
