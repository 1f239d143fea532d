// Coverage of what ran (not of what was generated): actions executed, model paths taken,
// named windows reached, invariants evaluated and how often each held vacuously, terminal
// outcomes reached.

import {
  actionKinds, pathCounters, quietStep, reachablePaths, type Action, type ActionKind, type Config, type Modes, type Observation, type State,
  type TerminalOutcome,
} from '../model/index.ts';
import type { Invariant } from './invariants/invariant.ts';
import { windows } from './windows.ts';

/** @public */
export interface Coverage {
  readonly actions: Record<ActionKind, number>;
  readonly paths: Record<string, number>;
  /** Per invariant id: evaluations, vacuous holds, and checks skipped because their inputs did not change. */
  readonly invariants: Record<string, { evaluated: number; vacuous: number; unchanged: number }>;
  readonly outcomes: Record<TerminalOutcome | 'completed', number>;
  /** Per named window (windows.ts): the steps that reached it. */
  readonly windows: Record<string, number>;
  runs: number;
  steps: number;
}

/** @public */
export function emptyCoverage(invariants: readonly Invariant[], modes?: Modes): Coverage {
  return {
    actions: Object.fromEntries(actionKinds.map((k) => [k, 0])) as Record<ActionKind, number>,
    paths: Object.fromEntries((modes === undefined ? pathCounters : reachablePaths(modes)).map((k) => [k, 0])),
    invariants: Object.fromEntries(invariants.map((i) => [i.id, { evaluated: 0, vacuous: 0, unchanged: 0 }])),
    outcomes: { 'stack overflow': 0, 'out of memory': 0, completed: 0 },
    windows: Object.fromEntries(windows.map((w) => [w.id, 0])),
    runs: 0,
    steps: 0,
  };
}

/** Adds the paths one step took (its observation). @internal */
export function addPaths(c: Coverage, obs: Observation): void {
  if (obs === quietStep) return;
  for (const k of pathCounters) if (obs[k] !== 0 && k in c.paths) c.paths[k] += obs[k];
}

/** Counts the windows one step reached. @internal */
export function addWindows(c: Coverage, cfg: Config, before: State, a: Action, after: State, obs: Observation): void {
  for (const w of windows) if (w.reached(cfg, before, a, after, obs)) c.windows[w.id]++;
}

/**
 * What was never reached: action kinds, model paths, windows, and invariants never
 * evaluated on a state or step they could fail on (never evaluated at all, or only
 * vacuously: nothing in the runs was subject to them).
 * @public
 */
export function unreached(c: Coverage): { actions: string[]; paths: string[]; windows: string[]; invariants: string[] } {
  return {
    actions: actionKinds.filter((k) => c.actions[k] === 0),
    paths: Object.keys(c.paths).filter((k) => c.paths[k] === 0),
    windows: Object.keys(c.windows).filter((k) => c.windows[k] === 0),
    invariants: Object.keys(c.invariants).filter((k) => c.invariants[k].evaluated === c.invariants[k].vacuous),
  };
}

/** How each invariant fared: never evaluated at all, or evaluated only vacuously. @public */
export function vacuity(c: Coverage): { neverEvaluated: string[]; onlyVacuous: string[] } {
  const ids = Object.keys(c.invariants);
  return {
    neverEvaluated: ids.filter((k) => c.invariants[k].evaluated === 0),
    onlyVacuous: ids.filter((k) => c.invariants[k].evaluated > 0 && c.invariants[k].evaluated === c.invariants[k].vacuous),
  };
}

/** Windows reached fewer than `target` times. @public */
export function rareWindows(c: Coverage, target: number): { id: string; count: number }[] {
  return Object.keys(c.windows).filter((k) => c.windows[k] < target).map((id) => ({ id, count: c.windows[id] }));
}
