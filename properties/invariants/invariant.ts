// What an invariant is: a named, documented rule of the runtime with a check. State
// invariants are checked on every reached state; step invariants on (before, action, after).

import type { Action, Config, Observation, State } from '../../model/index.ts';

/** When a rule is expected to hold (research notes §4). @public */
export type InvariantScope =
  | 'always'
  | 'quiescent'
  | 'off+swept'
  | 'transition';

/** @public */
export type InvariantGroup = 'spans' | 'caches' | 'ownership' | 'goroutines' | 'pointers' | 'transitions';

interface Described {
  /** Stable identifier, used on the command line and in counterexample files. */
  readonly id: string;
  /** The research notes' number (I1..I38) this rule comes from. */
  readonly ref: string;
  readonly title: string;
  /** The rule in one or two sentences a runtime engineer would accept. */
  readonly doc: string;
  /** The runtime file:function the rule comes from. */
  readonly source: string;
  readonly scope: InvariantScope;
  readonly group: InvariantGroup;
}

/**
 * A check returns the violations it finds (messages), OK when the rule held on something,
 * or VACUOUS when nothing in the state or step was subject to it.
 * @public
 */
export type Verdict = readonly string[];

/** @public */
export const OK: Verdict = Object.freeze([]);
/** @public */
export const VACUOUS: Verdict = Object.freeze([]);

/** @public */
export interface StateInvariant extends Described {
  readonly kind: 'state';
  /**
   * The parts of the state the check reads. States are immutable and share unchanged
   * parts, so when all of them are the very objects of a state that already passed, the
   * verdict cannot change and the engine may skip the check (incremental checking).
   */
  readonly reads: readonly (keyof State)[];
  /** A finer test than `reads` that the check's inputs are unchanged since prev (optional). */
  readonly unchangedSince?: (prev: State, s: State) => boolean;
  /** Checks s given that prev passed: only what changed since (optional; see per-goroutine.ts). */
  readonly checkSince?: (cfg: Config, prev: State, s: State) => Verdict;
  readonly check: (cfg: Config, s: State) => Verdict;
}

/** @public */
export interface StepInvariant extends Described {
  readonly kind: 'step';
  /**
   * `obs` is what the step did (observation.ts). A rule reads it only for what no state can
   * show, and never for a count written by the routine the rule checks.
   */
  readonly check: (cfg: Config, before: State, action: Action, after: State, obs: Observation) => Verdict;
}

/** @public */
export type Invariant = StateInvariant | StepInvariant;

/** Appends a violation to a lazily created list (no allocation while the rule holds). @internal */
export function add(out: string[] | null, msg: string): string[] {
  if (out === null) return [msg];
  out.push(msg);
  return out;
}

/** The verdict from what a check collected. @internal */
export function verdict(out: string[] | null, saw: boolean): Verdict {
  return out !== null ? out : saw ? OK : VACUOUS;
}

/** Hex for messages. @internal */
export function hex(v: number): string {
  return v < 0 ? String(v) : '0x' + v.toString(16);
}
