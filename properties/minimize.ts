// A minimisation pass after fast-check's shrinking: fast-check keeps the last command and
// shrinks prefixes, which can leave removable steps behind (fast-check #254, #279). Here
// single steps, then pairs, are deleted from the resolved action list while the same
// invariant (or throw) still breaks, until no deletion keeps the failure.

import type { Action, Config, Runtime } from '../model/index.ts';
import { runTrace, type Checks, type Finding } from './run-trace.ts';

/** Whether the actions still end in the same kind of finding. */
function stillFails(cfg: Config, rt: Runtime, actions: readonly Action[], checks: Checks, id: string): Finding | null {
  const r = runTrace(cfg, rt, actions, checks, null, true);
  return r.finding !== null && r.finding.id === id ? r.finding : null;
}

/** @public */
export function minimize(cfg: Config, rt: Runtime, actions: readonly Action[], checks: Checks, finding: Finding): { actions: Action[]; finding: Finding } {
  let best = actions.slice(0, finding.step + 1);
  let bestFinding = finding;
  for (let width = 1; width <= 2; width++) {
    let changed = true;
    while (changed) {
      changed = false;
      for (let i = best.length - width; i >= 0; i--) {
        const candidate = best.slice(0, i).concat(best.slice(i + width));
        const f = stillFails(cfg, rt, candidate, checks, finding.id);
        if (f !== null) {
          best = candidate.slice(0, f.step + 1);
          bestFinding = f;
          changed = true;
          i = Math.min(i, best.length - width + 1);
        }
      }
    }
  }
  return { actions: best, finding: bestFinding };
}
