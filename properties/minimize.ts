// A minimisation pass after fast-check's shrinking: fast-check stops once no chunk it
// tries can go (shrink.ts), which can leave removable steps behind (fast-check #254, #279).
// Here single steps, then pairs, are deleted from the resolved action list while the same
// invariant (or throw) still breaks, until no deletion keeps the failure. Deleting alone
// cannot reach a shortest trace that does in one step what the random trace did in two (a
// call of a bigger function instead of two calls, a nil pointer word instead of a pointer
// the rest needed): so two neighbouring steps are then tried replaced by each single action
// enabled where they began (properties/enumerate.ts, pointer words nil), and deletion runs
// again after every replacement that keeps the failure. Each candidate re-runs from the
// state the current best trace had before the changed steps (prefix.ts).

import { FUNCS, type Action, type Config, type Runtime, type State } from '../model/index.ts';
import { enabledActions, planOf, type Plan } from './enumerate.ts';
import { runFromPrefix, type Recording } from './prefix.ts';
import type { Checks, Finding } from './run-trace.ts';

/** The minimal trace. @public */
export function minimize(
  cfg: Config, rt: Runtime, actions: readonly Action[], checks: Checks, finding: Finding, rec: Recording | null = null,
): Minimal {
  const steps = minimizing(cfg, rt, actions, checks, finding, rec);
  for (;;) {
    const n = steps.next();
    if (n.done === true) return n.value;
  }
}

/** @public */
export interface Minimal { readonly actions: Action[]; readonly finding: Finding }

/**
 * minimize() one candidate at a time: it yields the best trace so far after each candidate
 * (so a caller can stop it, check.ts on a SIGINT) and returns the minimal one.
 * @public
 */
export function* minimizing(
  cfg: Config, rt: Runtime, actions: readonly Action[], checks: Checks, finding: Finding, rec: Recording | null = null,
): Generator<Minimal, Minimal> {
  let best = actions.slice(0, finding.step + 1);
  let bestFinding = finding;
  // A recording of best itself: its steps must be best's very objects.
  let bestRec: Recording | null = rec === null ? null : { steps: best, actions: rec.actions, states: rec.states };
  /** Runs a candidate; true (and it becomes best) when it breaks the same rule. */
  const keeps = (candidate: Action[]): boolean => {
    const { result, rec: candidateRec } = runFromPrefix(cfg, rt, candidate, checks, true, bestRec);
    const f = result.finding;
    if (f === null || f.id !== finding.id) return false;
    best = candidate.slice(0, f.step + 1);
    bestRec = { steps: best, actions: candidateRec.actions, states: candidateRec.states };
    bestFinding = f;
    return true;
  };
  for (;;) {
    for (let width = 1; width <= 2; width++) {
      let changed = true;
      while (changed) {
        changed = false;
        for (let i = best.length - width; i >= 0; i--) {
          if (keeps(best.slice(0, i).concat(best.slice(i + width)))) {
            changed = true;
            i = Math.min(i, best.length - width + 1);
          }
          yield { actions: best, finding: bestFinding };
        }
      }
    }
    // Two steps into one: the first replacement that keeps the failure, then delete again.
    let merged = false;
    for (let i = best.length - 2; i >= 0 && !merged; i--) {
      const before = stateBefore(cfg, rt, best, i, bestRec);
      for (const alt of enabledActions(cfg, rt, before, mergePlan)) {
        merged = keeps(best.slice(0, i).concat([alt], best.slice(i + 2)));
        yield { actions: best, finding: bestFinding };
        if (merged) break;
      }
    }
    if (!merged) return { actions: best, finding: bestFinding };
  }
}

/** What a merged step may be: every action kind and function, pointer words nil (the simplest value of each choice). */
const mergePlan: Plan = planOf({ maxFrames: Number.MAX_SAFE_INTEGER, fns: FUNCS.map((f) => f.name), pointers: 'nil' });

/** The state best's step i starts from: the recording's when it has it, else by replaying the prefix. */
function stateBefore(cfg: Config, rt: Runtime, best: readonly Action[], i: number, rec: Recording | null): State {
  if (rec !== null && i < rec.states.length && rec.steps[i] === best[i]) return rec.states[i];
  return runFromPrefix(cfg, rt, best.slice(0, i), { state: [], step: [], incremental: true, stateEntries: [], stepEntries: [] }, true, null).result.final;
}
