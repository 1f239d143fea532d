// What an invariant is: a named, documented rule of the runtime with a check. State
// invariants are checked on the reached states their scope covers; step invariants on the
// (before, action, after) of the steps theirs covers. The engine reads the scope to decide
// where a rule is checked (a state or step outside it counts as vacuous), so a rule's body
// states the rule and nothing about when it applies.

import type { Action, ActionKind, Config, G, Observation, P, Release, State } from '../../model/index.ts';
import type { CheckContext } from './context.ts';

/** The states a state rule covers (research notes §4's scope markers). @public */
export type StateScope =
  /** Every reached state. The model's states are all between steps, so 'quiescent' is this too. */
  | 'always'
  /** gcphase == _GCoff and freeStackSpans has run since the last mark termination (I8). */
  | 'off+swept';

/** The steps a step rule covers. @public */
export type StepScope =
  /** Every step. */
  | 'every-step'
  /** Steps that begin while the GC runs (gcphase != _GCoff). */
  | 'during-gc'
  /** Steps that begin and end with gcphase == _GCoff. */
  | 'gc-off';

/** Whether state s is in scope, and the State parts that decide it (for incremental checking). @internal */
export const stateScopes: Readonly<Record<StateScope, { readonly reads: readonly (keyof State)[]; readonly holds: (s: State) => boolean }>> = {
  'always': { reads: [], holds: () => true },
  'off+swept': { reads: ['gcphase', 'freeStackSpansPending'], holds: (s) => s.gcphase === 'off' && !s.freeStackSpansPending },
};

/** Whether a step from before to after is in scope. @internal */
export const stepScopes: Readonly<Record<StepScope, (before: State, after: State) => boolean>> = {
  'every-step': () => true,
  'during-gc': (before) => before.gcphase !== 'off',
  'gc-off': (before, after) => before.gcphase === 'off' && after.gcphase === 'off',
};

/** @public */
export type InvariantGroup = 'spans' | 'caches' | 'ownership' | 'stacks' | 'goroutines' | 'pointers' | 'transitions';

interface Described {
  /** Stable identifier, used on the command line and in counterexample files. */
  readonly id: string;
  /**
   * The research notes' number (I1..I38) this rule comes from. Where the notes state
   * several rules under one number, each gets a letter (I24a, I24b, ...) so refs are unique.
   */
  readonly ref: string;
  readonly title: string;
  /** The rule in one or two sentences a runtime engineer would accept. */
  readonly doc: string;
  /** The runtime file:function the rule comes from. */
  readonly source: string;
  readonly group: InvariantGroup;
  /**
   * The releases whose runtime has this rule (default: every release). A rule the runtime
   * changed between releases is two rules, each naming its releases, so a profile is checked
   * against its own release's rules only.
   */
  readonly releases?: readonly Release[];
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
  readonly scope: StateScope;
  /**
   * The parts of the state the check reads. States are immutable and share unchanged
   * parts, so when all of them are the very objects of a state that already passed, the
   * verdict cannot change and the engine may skip the check (incremental checking).
   */
  readonly reads: readonly (keyof State)[];
  /**
   * When `reads` has 'gs': the goroutine fields the check reads (optional). A step that
   * changed goroutines only in other fields, and no other part the rule reads, cannot change
   * its verdict either (g-fields.ts; test/properties/g-fields.test.ts checks the list).
   */
  readonly gFields?: readonly (keyof G)[];
  /** When `reads` has 'ps': the P fields the check reads (optional; p-fields.ts, checked the same way). */
  readonly pFields?: readonly (keyof P)[];
  /** A finer test than `reads` that the check's inputs are unchanged since prev (optional). */
  readonly unchangedSince?: (prev: State, s: State, ctx: CheckContext) => boolean;
  /** Checks s given that prev passed: only what changed since (optional; see per-goroutine.ts). */
  readonly checkSince?: (cfg: Config, prev: State, s: State, ctx: CheckContext) => Verdict;
  /** ctx is the run's checker state (context.ts); a caller without one may leave it out. */
  readonly check: (cfg: Config, s: State, ctx?: CheckContext) => Verdict;
}

/** @public */
export interface StepInvariant extends Described {
  readonly kind: 'step';
  readonly scope: StepScope;
  /**
   * `obs` is what the step did (model/observation.ts). A rule reads it only for what no
   * state can show, and never for a count written by the routine the rule checks. ctx is
   * the run's checker state; a caller without one may leave it out.
   */
  readonly check: (cfg: Config, before: State, action: Action, after: State, obs: Observation, ctx?: CheckContext) => Verdict;
  /**
   * What a step must change for the rule to have anything to check (optional): State parts,
   * of which a step that replaces none is vacuous for it, or 'stack-moves', a step in which
   * no goroutine's live stack changed its bounds. The engine skips the rule on other steps
   * when checking incrementally; test/properties/incremental.test.ts checks that the rule
   * is vacuous on every step it skips.
   */
  readonly about?: readonly (keyof State)[] | 'stack-moves';
  /**
   * The action kinds whose steps the rule is about (optional): a rule that looks at what one
   * routine did (a flush, a newproc) is vacuous on every other step, and the engine skips it
   * there when checking incrementally; test/properties/incremental.test.ts checks that too.
   */
  readonly actions?: readonly ActionKind[];
}

/** @public */
export type Invariant = StateInvariant | StepInvariant;

/** What a state rule's declaration writes: its title first, then the rest; scope defaults to 'always'. @public */
export type StateRuleSpec = Omit<StateInvariant, 'kind' | 'title' | 'scope'> & { readonly scope?: StateScope };
/** What a step rule's declaration writes; scope defaults to 'every-step'. @public */
export type StepRuleSpec = Omit<StepInvariant, 'kind' | 'title' | 'scope'> & { readonly scope?: StepScope };

/**
 * Declares a state rule. The title comes first and the header holds one line of names (id,
 * ref, group, what it reads, the runtime source) and one of prose, so a declaration reads as
 * the rule it states. @public
 */
export function stateRule(title: string, spec: StateRuleSpec): StateInvariant {
  return { ...spec, title, kind: 'state', scope: spec.scope ?? 'always' };
}

/** Declares a step rule (see stateRule). @public */
export function stepRule(title: string, spec: StepRuleSpec): StepInvariant {
  return { ...spec, title, kind: 'step', scope: spec.scope ?? 'every-step' };
}

/** A state rule's verdict on s, VACUOUS outside its scope (what the engine computes). @public */
export function evaluateState(inv: StateInvariant, cfg: Config, s: State, ctx?: CheckContext): Verdict {
  return stateScopes[inv.scope].holds(s) ? inv.check(cfg, s, ctx) : VACUOUS;
}

/** A step rule's verdict on a step, VACUOUS outside its scope (what the engine computes). @public */
export function evaluateStep(
  inv: StepInvariant, cfg: Config, before: State, a: Action, after: State, obs: Observation, ctx?: CheckContext,
): Verdict {
  return stepScopes[inv.scope](before, after) ? inv.check(cfg, before, a, after, obs, ctx) : VACUOUS;
}

/** Violations collected so far: null while the rule holds (no allocation), else the messages. @internal */
export type Out = string[] | null;

/** Appends a violation to a lazily created list (no allocation while the rule holds). @internal */
export function add(out: Out, msg: string): string[] {
  if (out === null) return [msg];
  out.push(msg);
  return out;
}

/** The verdict from what a check collected. @internal */
export function verdict(out: Out, saw: boolean): Verdict {
  return out !== null ? out : saw ? OK : VACUOUS;
}

/** Hex for messages. @internal */
export function hex(v: number): string {
  return v < 0 ? String(v) : '0x' + v.toString(16);
}
