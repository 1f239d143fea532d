// Cheaper shrinking: states are immutable, so the states a failing run went through stay
// valid, and a shrink candidate that keeps the first k steps of the failing trace reaches
// the very same state after them. It is re-run from there instead of from the initial
// state. Shrinking removes steps near the end first (shrink.ts), so k is usually long.

import type { Action, Config, Runtime, State } from '../model/index.ts';
import { runTrace, type Checks, type TraceResult } from './run-trace.ts';
import type { Template } from './template.ts';
import type { Trace } from './trace.ts';

/** A run kept for re-use: its steps as given, the actions they became, the state before each. @internal */
export interface Recording {
  readonly steps: readonly (Template | Action)[];
  readonly actions: readonly Action[];
  /** states[i]: the state before actions[i] (every one passed every check). */
  readonly states: readonly State[];
}

function stepsOf(x: readonly (Template | Action)[] | Trace): readonly (Template | Action)[] {
  return Array.isArray(x) ? x : (x as Trace).steps;
}

/**
 * Runs steps (no coverage) from the longest prefix they share, object for object, with rec's
 * steps, and returns the result with its own recording.
 * @internal
 */
export function runFromPrefix(
  cfg: Config, rt: Runtime, steps: readonly (Template | Action)[] | Trace, checks: Checks, resolved: boolean, rec: Recording | null,
): { result: TraceResult; rec: Recording } {
  const given = stepsOf(steps);
  let k = 0;
  if (rec !== null) {
    const most = Math.min(given.length, rec.states.length - 1);
    while (k < most && given[k] === rec.steps[k]) k++;
  }
  const record = rec === null ? [] : rec.states.slice(0, k);
  // k < rec.states.length whenever rec has states: states[k] is the state before step k.
  const state = rec !== null && k < rec.states.length ? rec.states[k] : null;
  const result = runTrace(cfg, rt, steps, checks, null, resolved, { state, actions: rec === null ? [] : rec.actions.slice(0, k), record });
  return { result, rec: { steps: stepsOf(steps).slice(0, result.actions.length), actions: result.actions, states: record } };
}
