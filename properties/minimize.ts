// A minimisation pass after fast-check's shrinking: fast-check stops once no chunk it
// tries can go (shrink.ts), which can leave removable steps behind (fast-check #254, #279).
// Here single steps, then pairs, are deleted from the resolved action list while the same
// invariant (or throw) still breaks, until no deletion keeps the failure. Each candidate
// re-runs from the state the current best trace had before the deleted steps (prefix.ts).

import type { Action, Config, Runtime } from '../model/index.ts';
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
  for (let width = 1; width <= 2; width++) {
    let changed = true;
    while (changed) {
      changed = false;
      for (let i = best.length - width; i >= 0; i--) {
        const candidate = best.slice(0, i).concat(best.slice(i + width));
        const { result, rec: candidateRec } = runFromPrefix(cfg, rt, candidate, checks, true, bestRec);
        const f = result.finding;
        if (f !== null && f.id === finding.id) {
          best = candidate.slice(0, f.step + 1);
          bestRec = { steps: best, actions: candidateRec.actions, states: candidateRec.states };
          bestFinding = f;
          changed = true;
          i = Math.min(i, best.length - width + 1);
        }
        yield { actions: best, finding: bestFinding };
      }
    }
  }
  return { actions: best, finding: bestFinding };
}
