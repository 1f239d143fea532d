// One transition of the search, the same for one thread (search.ts) and for the worker
// threads of `explore --workers N` (level-worker.ts): run the action, count it in the
// coverage, check every step invariant, and fingerprint the successor.

import { initialState, step, type Action, type Config, type Runtime, type State } from '../model/index.ts';
import { addPaths, addWindows, type Coverage } from '../properties/coverage.ts';
import type { CheckContext } from '../properties/invariants/context.ts';
import { checkStep, type Checks, type Finding, type Tally } from '../properties/run-trace.ts';
import { enabledActions, type Plan } from '../properties/enumerate.ts';
import type { Fingerprinter } from './fingerprint.ts';

/** What a search thread runs transitions with. @internal */
export interface Stepper {
  readonly cfg: Config;
  readonly rt: Runtime;
  readonly checks: Checks;
  readonly ctx: CheckContext;
  readonly fp: Fingerprinter;
  /** What fp.keep() returned for the state being expanded, when the search kept its part hashes (Fingerprinter.of). */
  kept?: number;
  /** The successor of the last transition that returned null and was not terminal (its fingerprint in fp), else null. */
  next: State | null;
}

/**
 * Runs a from s (found at depth): counts it in cov and checks the step. Returns the finding
 * (a throw or a step invariant), or null; with null, x.next is the successor, fingerprinted,
 * or null when the program ended (an outcome, counted) or the action was disabled.
 * @internal
 */
export function transition(x: Stepper, s: State, a: Action, depth: number, cov: Coverage, stepTallies: readonly Tally[]): Finding | null {
  x.next = null;
  const r = step(x.cfg, x.rt, s, a);
  cov.actions[a.kind]++;
  cov.steps++;
  if (r.kind === 'throw') return { id: 'throw', message: r.message, step: depth };
  if (r.kind === 'terminal') {
    cov.outcomes[r.outcome]++;
    return null;
  }
  if (r.kind !== 'ok') return null; // disabled after all: counted, nothing reached
  const t = r.state;
  addPaths(cov, r.obs);
  addWindows(cov, x.cfg, s, a, t, r.obs);
  const finding = checkStep(x.cfg, x.checks, x.ctx, s, a, t, r.obs, depth, stepTallies);
  if (finding !== null) return finding;
  x.fp.of(t, s, x.kept);
  x.next = t;
  return null;
}

/** The actions from the initial state along ordinals (indices into enabledActions), replayed. @internal */
export function replayOrdinals(cfg: Config, rt: Runtime, plan: Plan, ordinals: readonly number[]): Action[] {
  const actions: Action[] = [];
  let s = initialState(cfg, rt);
  for (const k of ordinals) {
    const a = enabledActions(cfg, rt, s, plan)[k];
    const r = step(cfg, rt, s, a);
    actions.push(a);
    if (r.kind !== 'ok') {
      if (actions.length === ordinals.length) break; // the last one may end the program or throw: it is the finding
      throw new Error('explore: a stored path no longer replays (the model is not deterministic)');
    }
    s = r.state;
  }
  return actions;
}
