// Rules that look at one goroutine at a time. States share every goroutine a step did not
// touch, so after a passing state only the goroutines that are new objects need checking:
// checkSince does that, and the engine uses it when it checks incrementally.

import type { Config, G, State } from '../../model/index.ts';
import { verdict, type StateInvariant, type Verdict } from './invariant.ts';

/** A rule over single goroutines. @public */
export type PerGoroutineRule = Omit<StateInvariant, 'kind' | 'check' | 'checkSince' | 'reads'> & {
  /** Whether g is subject to the rule (a state with no such goroutine holds vacuously). */
  readonly applies: (g: G) => boolean;
  /** Appends g's violations to out (a lazily created list) and returns it. */
  readonly checkG: (cfg: Config, g: G, out: string[] | null) => string[] | null;
};

/** Builds the state invariant of a per-goroutine rule. @public */
export function perGoroutine(rule: PerGoroutineRule): StateInvariant {
  const { applies, checkG, ...described } = rule;
  const over = (cfg: Config, prev: State | null, s: State): Verdict => {
    let out: string[] | null = null;
    let saw = false;
    const gs = s.gs;
    for (let i = 0; i < gs.length; i++) {
      const g = gs[i];
      if (prev !== null && i < prev.gs.length && prev.gs[i] === g) continue;
      if (!applies(g)) continue;
      saw = true;
      out = checkG(cfg, g, out);
    }
    return verdict(out, saw);
  };
  return {
    ...described,
    kind: 'state',
    reads: ['gs'],
    check: (cfg, s) => over(cfg, null, s),
    checkSince: (cfg, prev, s) => over(cfg, prev, s),
  };
}
