// Level 1 then level 2 on one trace: the verdict the CLI prints and exits with.

import { checkLevel1 } from './level1/check.ts';
import { parseTrace, parseTraceBytes } from './trace/parse.ts';
import { formatReport, type Level1Report } from './level1/report.ts';
import type { ParseResult } from './trace/events.ts';
import { replayLevel2, type Level2Options } from './level2/replay.ts';
import { formatLevel2, type Level2Report } from './level2/report.ts';

/**
 * Both levels. `not-replayable` means level 1 accepted and level 2 could not attribute the
 * lines to Ps (stock multi-P traces): no finding, exit 0, but said plainly. After a level-1
 * violation, level 2 replays the events before it: a skipped forced event (a release, a free) is
 * often visible to level 2 lines before its consequence breaks a level-1 rule, and the first
 * line that shows the bug is the earlier of the two (firstFinding). `level2` is then that earlier
 * divergence, or null when level 2 found none before the violation.
 * @public
 */
export type ConformanceReport =
  | { readonly status: 'unreadable'; readonly level1: Level1Report & { readonly status: 'unreadable' }; readonly level2: null }
  | { readonly status: 'violation'; readonly level1: Level1Report & { readonly status: 'violation' }; readonly level2: (Level2Report & { readonly status: 'divergence' }) | null }
  | {
      readonly status: 'accepted' | 'divergence' | 'not-replayable';
      readonly level1: Level1Report & { readonly status: 'accepted' };
      readonly level2: Level2Report;
    };

/** @public */
export function checkConformanceText(text: string, options: Level2Options = {}): ConformanceReport {
  return conform(parseTrace(text, options.progress), options);
}

/** As checkConformanceText, for raw file contents (refuses non-UTF-8). @public */
export function checkConformanceBytes(bytes: Uint8Array, options: Level2Options = {}): ConformanceReport {
  return conform(parseTraceBytes(bytes, options.progress), options);
}

function conform(parsed: ParseResult, options: Level2Options): ConformanceReport {
  if (!parsed.ok) return { status: 'unreadable', level1: { status: 'unreadable', linesRead: parsed.lines, problems: parsed.problems }, level2: null };
  const level1 = checkLevel1(parsed.trace, options.progress);
  if (level1.status === 'violation') {
    // Only the events level 1 accepted: level 2 relies on the shapes level 1 checks (cached orders, live stacks).
    const before = replayLevel2({ ...parsed.trace, events: parsed.trace.events.slice(0, level1.eventsChecked - 1) }, options);
    return { status: 'violation', level1, level2: before.status === 'divergence' ? before : null };
  }
  if (level1.status !== 'accepted') throw new Error('level 1 on a parsed trace is accepted or a violation');
  const level2 = replayLevel2(parsed.trace, options);
  return { status: level2.status, level1, level2 };
}

/**
 * The first line where the trace and the rules part: the level-1 violation or the level-2
 * divergence, whichever has the earlier line (level 1 on a tie). @public
 */
export function firstFinding(r: ConformanceReport): { readonly level: 1 | 2; readonly line: number; readonly rule: string; readonly message: string } | null {
  const l1 = r.level1.status === 'violation' ? { level: 1 as const, line: r.level1.violation.line, rule: r.level1.violation.check, message: r.level1.violation.message } : null;
  const d = r.level2 !== null && r.level2.status === 'divergence' ? r.level2.divergence : null;
  const l2 = d === null ? null : { level: 2 as const, line: d.line, rule: d.rule ?? 'replay', message: d.message };
  if (l1 === null || l2 === null) return l1 ?? l2;
  return l2.line < l1.line ? l2 : l1;
}

/** Exit code of a verdict: 0 accepted (or not replayable at level 2), 1 violation or divergence, 2 unreadable. @public */
export function exitCodeOf(r: ConformanceReport): 0 | 1 | 2 {
  if (r.status === 'unreadable') return 2;
  return r.status === 'violation' || r.status === 'divergence' ? 1 : 0;
}

/** Human-readable: level 1's lines, then level 2's. @public */
export function formatConformance(r: ConformanceReport): string {
  const l1 = `level 1: ${formatReport(r.level1)}`;
  if (r.level2 === null) return r.status === 'violation' ? `${l1}\nlevel 2: no divergence before the level-1 violation` : l1;
  return `${l1}\n${formatLevel2(r.level2)}`;
}
