// The state that explains a replayed finding, as text: the state the failing step left (or,
// for a throw, the one it started from; for a finding in the initial state, that), with what
// the step changed marked. `replay --verbose` and the run report print it under the trace.

import type { Replay } from './replay.ts';
import { stateSummary, summaryChanges, summaryText } from './state-summary.ts';

/** The lines, or none when the replay found nothing. @public */
export function findingStateLines(r: Replay): string[] {
  const f = r.finding;
  if (f === null) return [];
  const st = f.step < 0 ? undefined : r.steps.find((s) => s.index === f.step);
  const cur = stateSummary(r.cfg, st === undefined ? r.initial : st.after);
  const changed = st === undefined || st.after === st.before ? new Set<string>() : summaryChanges(stateSummary(r.cfg, st.before), cur);
  const where = st === undefined ? 'the initial state'
    : st.result === 'throw' ? `the state step ${f.step} started from (it throws)` : `the state after step ${f.step}`;
  return [`${where} (* = changed by the step, !! = where it is wrong):`, ...summaryText(cur, changed).map((l) => `  ${l}`)];
}
