// The replay as text: the verdict in one line, or with --verbose each step, its action and
// what it changed (state-diff.ts), with the violations a step caused marked where they happen,
// and the state that explains the finding (finding-state.ts).

import { invariantById } from '../properties/invariants/catalog.ts';
import type { CounterexampleDoc, RecordedFinding } from './format.ts';
import type { Replay, Violation } from './replay.ts';
import { findingStateLines } from './finding-state.ts';
import { stateDiff } from './state-diff.ts';

function what(f: RecordedFinding | Violation): string {
  if (f.id === 'throw') return `runtime throw "${f.message}"`;
  const inv = invariantById(f.id);
  return `invariant ${f.id}${inv === undefined ? '' : ` (${inv.ref}: ${inv.title})`}: ${f.message}`;
}

function stepName(n: number): string {
  return n < 0 ? 'the initial state' : `step ${n}`;
}

/** One line: what the replay found against what the file recorded. @public */
export function verdictLine(file: string, doc: CounterexampleDoc, r: Replay): string {
  const rec = doc.finding;
  switch (r.verdict) {
    case 'reproduced': {
      const same = r.finding !== null && r.finding.message === rec.message;
      return `${file}: reproduced at ${stepName(rec.step)}${rec.step < 0 ? '' : ` of ${doc.actions.length}`}: ${what(r.finding ?? rec)}${same ? '' : ` (recorded message: ${rec.message})`}`;
    }
    case 'different':
      return `${file}: a different violation at ${stepName(r.finding?.step ?? -1)}: ${r.finding === null ? '' : what(r.finding)} (recorded ${rec.id} at ${stepName(rec.step)})`;
    case 'passes':
      return `${file}: passes now: no violation in ${r.steps.length} steps${r.terminal === null ? '' : ` (the run ends: ${r.terminal.message})`} (recorded ${rec.id} at ${stepName(rec.step)})`;
    case 'stale':
      return `${file}: ${r.problem ?? 'actions no longer apply'}`;
    default:
      return r.verdict satisfies never;
  }
}

/** Each step with its state changes, then the state at the finding (finding-state.ts). @public */
export function textTrace(doc: CounterexampleDoc, r: Replay): string[] {
  const lines: string[] = [];
  lines.push(`replay: ${doc.profile}, modes ${doc.modes.length > 0 ? doc.modes.join(',') : 'default'}, mutant ${doc.mutant ?? 'none'}, ${doc.actions.length} steps (seed ${doc.seed}, path ${doc.path || '-'})`);
  for (const v of r.initialViolations) lines.push(`  !! initial state breaks ${what(v)}`);
  for (const s of r.steps) {
    const mark = s.index === doc.finding.step ? '   <-- recorded violation' : '';
    lines.push(`step ${s.index}: ${s.text}${mark}`);
    if (s.result === 'disabled') lines.push('  (not enabled: the action no longer applies)');
    else if (s.result === 'terminal') lines.push(`  run ends: ${s.message ?? ''}`);
    else if (s.result === 'ok') {
      const diff = stateDiff(r.cfg, s.before, s.after, s.obs);
      for (const d of diff) lines.push(`  ${d}`);
      if (diff.length === 0) lines.push('  (no change)');
    }
    for (const v of s.violations) lines.push(`  !! ${what(v)}`);
  }
  lines.push(...findingStateLines(r));
  return lines;
}
