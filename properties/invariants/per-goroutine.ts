// Rules that look at one goroutine at a time. States share every goroutine a step did not
// touch, so after a passing state only the goroutines that are new objects need checking:
// checkSince checks those the run's context says the step changed, and the engine uses it
// when it checks incrementally.

import type { Config, G, State } from '../../model/index.ts';
import type { CheckContext } from './context.ts';
import { verdict, type Out, type StateInvariant, type Verdict } from './invariant.ts';

/** A rule over single goroutines. @public */
export type PerGoroutineRule = Omit<StateInvariant, 'kind' | 'title' | 'check' | 'checkSince' | 'reads' | 'scope'> & {
  /** Whether g is subject to the rule (a state with no such goroutine holds vacuously). */
  readonly applies: (g: G) => boolean;
  /** Appends g's violations to out (a lazily created list) and returns it. */
  readonly checkG: (cfg: Config, g: G, out: Out) => Out;
  /** Every field of g that applies and checkG read (the rule is skipped on steps that change none). */
  readonly gFields: readonly (keyof G)[];
};

// Which goroutines a rule is about, named so that a declaration says it in a word.
/** Every goroutine. @public */
export const everyG = (_g: G): boolean => true;
/** A goroutine that is not _Gdead (it may be _Gidle, with no stack yet). @public */
export const notDead = (g: G): boolean => g.status !== 'dead';
/** A goroutine that is not _Gdead and has a stack. @public */
export const liveWithStack = (g: G): boolean => g.status !== 'dead' && g.lo !== 0;
/** A goroutine that is not _Gdead and has frames on its stack. @public */
export const liveWithFrames = (g: G): boolean => g.frames.length > 0 && g.status !== 'dead';
/** A goroutine waiting on channels through sudogs. @public */
export const waitingOnChan = (g: G): boolean => g.waiting.length > 0;
/** A goroutine with a defer or panic record on its stack. @public */
export const hasDeferOrPanic = (g: G): boolean => g.defers.length > 0 || g.panics.length > 0;

/** Builds the state invariant of a per-goroutine rule (title first, as stateRule). @public */
export function perGoroutine(title: string, rule: PerGoroutineRule): StateInvariant {
  const { applies, checkG, ...described } = rule;
  const over = (cfg: Config, gs: readonly G[], which: readonly number[] | null): Verdict => {
    let out: Out = null;
    let saw = false;
    const n = which === null ? gs.length : which.length;
    for (let j = 0; j < n; j++) {
      const g = gs[which === null ? j : which[j]];
      if (!applies(g)) continue;
      saw = true;
      out = checkG(cfg, g, out);
    }
    return verdict(out, saw);
  };
  return {
    ...described,
    title,
    kind: 'state',
    scope: 'always',
    reads: ['gs'],
    check: (cfg: Config, s: State): Verdict => over(cfg, s.gs, null),
    checkSince: (cfg: Config, prev: State, s: State, ctx: CheckContext): Verdict => over(cfg, s.gs, ctx.changedGoroutines(prev, s)),
  };
}
