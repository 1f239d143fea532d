import { catalogNote, catalogOfLevel1 } from '../catalog-map.ts';
import type { CheckId } from './checks.ts';
import type { EventKind, ParseProblem, TraceFormat, Unattributed } from '../trace/events.ts';

/**
 * What level 1 says about a trace. Three outcomes, mirroring the CLI's exit
 * codes: accepted (0), violation (1), unreadable input (2).
 * @public
 */

export type Violation = {
  readonly line: number;
  readonly check: CheckId;
  readonly message: string;
  readonly expected: string;
  readonly seen: string;
};

export type Level1Summary = {
  readonly format: TraceFormat;
  readonly linesRead: number;
  readonly eventsRead: number;
  /** Events checked before stopping: all of them, or up to and including the violation. */
  readonly eventsChecked: number;
  readonly counts: Readonly<Record<EventKind, number>>;
  /** Lines the trace cannot attribute to a size or thread (stock multi-P traces); never counted as violations. */
  readonly unattributed: readonly Unattributed[];
  /** First line of a cut, unread tail (see Trace.cut), or null. */
  readonly cut: number | null;
  /** Stacks still live when the check stopped (sizes of unattributed ones counted at their smallest candidate). */
  readonly live: { readonly stacks: number; readonly bytes: number };
};

export type Level1Report =
  | ({ readonly status: 'accepted' } & Level1Summary)
  | ({ readonly status: 'violation'; readonly violation: Violation } & Level1Summary)
  | { readonly status: 'unreadable'; readonly linesRead: number; readonly problems: readonly ParseProblem[] };

/** A few human-readable lines, first line the verdict. */
export function formatReport(report: Level1Report): string {
  if (report.status === 'unreadable') {
    const first = report.problems[0];
    const where = first.line === null ? '' : `line ${first.line}: `;
    return `unreadable: ${where}${first.message}` + (report.problems.length > 1 ? ` (+${report.problems.length - 1} more)` : '');
  }
  const head =
    report.status === 'accepted'
      ? `accepted: ${report.eventsRead} events in ${report.linesRead} lines (${report.format})`
      : `violation at line ${report.violation.line} [${report.violation.check}${catalogNote(catalogOfLevel1(report.violation.check))}]: ${report.violation.message}`;
  const lines = [head];
  if (report.status === 'violation') {
    lines.push(`  expected: ${report.violation.expected}`, `  seen:     ${report.violation.seen}`);
    lines.push(`  after ${report.eventsChecked} of ${report.eventsRead} events in ${report.linesRead} lines (${report.format})`);
  }
  if (report.cut !== null) lines.push(`  not read: line ${report.cut} onwards, cut off without a final newline`);
  if (report.unattributed.length > 0) {
    lines.push(`  ${report.unattributed.length} line(s) cannot be attributed: ${report.unattributed.map((u) => u.line).join(', ')}`);
  }
  return lines.join('\n');
}
