// Level 1 then level 2 on one trace: the verdict the CLI prints and exits with.

import { checkLevel1 } from './level1/check.ts';
import { parseTrace, parseTraceBytes } from './trace/parse.ts';
import { formatReport, type Level1Report } from './level1/report.ts';
import type { ParseResult } from './trace/events.ts';
import { replayLevel2, type Level2Options } from './level2/replay.ts';
import { formatLevel2, type Level2Report } from './level2/report.ts';

/**
 * Both levels. `not-replayable` means level 1 accepted and level 2 could not attribute the
 * lines to Ps (stock multi-P traces): no finding, exit 0, but said plainly.
 * @public
 */
export type ConformanceReport =
  | { readonly status: 'unreadable'; readonly level1: Level1Report & { readonly status: 'unreadable' }; readonly level2: null }
  | { readonly status: 'violation'; readonly level1: Level1Report & { readonly status: 'violation' }; readonly level2: null }
  | {
      readonly status: 'accepted' | 'divergence' | 'not-replayable';
      readonly level1: Level1Report & { readonly status: 'accepted' };
      readonly level2: Level2Report;
    };

/** @public */
export function checkConformanceText(text: string, options: Level2Options = {}): ConformanceReport {
  return conform(parseTrace(text), options);
}

/** As checkConformanceText, for raw file contents (refuses non-UTF-8). @public */
export function checkConformanceBytes(bytes: Uint8Array, options: Level2Options = {}): ConformanceReport {
  return conform(parseTraceBytes(bytes), options);
}

function conform(parsed: ParseResult, options: Level2Options): ConformanceReport {
  if (!parsed.ok) return { status: 'unreadable', level1: { status: 'unreadable', linesRead: parsed.lines, problems: parsed.problems }, level2: null };
  const level1 = checkLevel1(parsed.trace);
  if (level1.status === 'violation') return { status: 'violation', level1, level2: null };
  if (level1.status !== 'accepted') throw new Error('level 1 on a parsed trace is accepted or a violation');
  const level2 = replayLevel2(parsed.trace, options);
  return { status: level2.status, level1, level2 };
}

/** Exit code of a verdict: 0 accepted (or not replayable at level 2), 1 violation or divergence, 2 unreadable. @public */
export function exitCodeOf(r: ConformanceReport): 0 | 1 | 2 {
  if (r.status === 'unreadable') return 2;
  return r.status === 'violation' || r.status === 'divergence' ? 1 : 0;
}

/** Human-readable: level 1's lines, then level 2's. @public */
export function formatConformance(r: ConformanceReport): string {
  const l1 = `level 1: ${formatReport(r.level1)}`;
  if (r.level2 === null) return r.status === 'violation' ? `${l1}\nlevel 2: not run (level 1 found a violation)` : l1;
  return `${l1}\n${formatLevel2(r.level2)}`;
}
