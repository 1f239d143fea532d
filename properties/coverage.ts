// Coverage of what ran (not of what was generated): actions executed, model paths taken,
// invariants evaluated and how often each held vacuously, terminal outcomes reached.

import { actionKinds, pathCounters, quietStep, type ActionKind, type Observation, type TerminalOutcome } from '../model/index.ts';
import type { Invariant } from './invariants/invariant.ts';

/** @public */
export interface Coverage {
  readonly actions: Record<ActionKind, number>;
  readonly paths: Record<string, number>;
  /** Per invariant id: evaluations, vacuous holds, and checks skipped because their inputs did not change. */
  readonly invariants: Record<string, { evaluated: number; vacuous: number; unchanged: number }>;
  readonly outcomes: Record<TerminalOutcome | 'completed', number>;
  runs: number;
  steps: number;
}

/** @public */
export function emptyCoverage(invariants: readonly Invariant[]): Coverage {
  return {
    actions: Object.fromEntries(actionKinds.map((k) => [k, 0])) as Record<ActionKind, number>,
    paths: Object.fromEntries(pathCounters.map((k) => [k, 0])),
    invariants: Object.fromEntries(invariants.map((i) => [i.id, { evaluated: 0, vacuous: 0, unchanged: 0 }])),
    outcomes: { 'stack overflow': 0, 'out of memory': 0, completed: 0 },
    runs: 0,
    steps: 0,
  };
}

/** Adds the paths one step took (its observation). @internal */
export function addPaths(c: Coverage, obs: Observation): void {
  if (obs === quietStep) return;
  for (const k of pathCounters) c.paths[k] += obs[k];
}

/** What was never reached: action kinds, model paths, invariants that never held non-vacuously. @public */
export function unreached(c: Coverage): { actions: string[]; paths: string[]; invariants: string[] } {
  return {
    actions: actionKinds.filter((k) => c.actions[k] === 0),
    paths: Object.keys(c.paths).filter((k) => c.paths[k] === 0),
    invariants: Object.keys(c.invariants).filter((k) => c.invariants[k].evaluated === c.invariants[k].vacuous),
  };
}
