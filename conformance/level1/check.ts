import { match } from 'ts-pattern';
import { EVENT_KINDS, type EventKind, type Trace, type TraceEvent } from '../trace/events.ts';
import { onAllocated, onStackalloc } from './alloc.ts';
import { onClear, onRefill, onRelease } from './cache.ts';
import { Level1Context } from './context.ts';
import { copiesFreedAtEnd, onCopystack, onNewstack, onShrinkstack, onStackGrowDone } from './copy.ts';
import { onGcPhase, onGfput } from './dead-gs.ts';
import { onStackfree } from './free.ts';
import { onStacklarge, onStackspan } from './spans.ts';
import type { Verdict } from './violation.ts';
import { parseTrace, parseTraceBytes } from '../trace/parse.ts';
import type { Level1Report } from './report.ts';
import { reportEvery, type ConformProgress } from '../trace/progress.ts';

/**
 * Level 1: check a real runtime trace against the invariants of checks.ts,
 * in one pass, stopping at the first violation. (Level 2, replaying the
 * events through the model, consumes the same parsed Trace.)
 * @public
 */
export function checkLevel1(trace: Trace, progress?: ConformProgress): Level1Report {
  const ctx = new Level1Context(trace.format);
  let checked = 0;
  let verdict: Verdict = null;
  for (const event of trace.events) {
    reportEvery(progress, 'level 1', checked, trace.events.length);
    checked++;
    verdict = step(ctx, event);
    if (verdict !== null) break;
  }
  // The end of the trace is a check too: work the runtime skipped that no later line contradicts.
  // A cut trace ends at the line before its unread tail.
  if (verdict === null) verdict = copiesFreedAtEnd(ctx, trace.events, trace.cut === null ? trace.lines : trace.cut - 1);
  const summary = {
    format: trace.format,
    linesRead: trace.lines,
    eventsRead: trace.events.length,
    eventsChecked: checked,
    counts: countKinds(trace.events),
    unattributed: [...trace.unattributed, ...ctx.unattributed].sort((a, b) => a.line - b.line),
    cut: trace.cut,
    live: ctx.live.totals(),
  };
  return verdict === null ? { status: 'accepted', ...summary } : { status: 'violation', violation: verdict, ...summary };
}

/** Parse and check trace text; unreadable input is a report, never an exception. */
export function checkTraceText(text: string): Level1Report {
  const parsed = parseTrace(text);
  return parsed.ok ? checkLevel1(parsed.trace) : { status: 'unreadable', linesRead: parsed.lines, problems: parsed.problems };
}

/** As checkTraceText, for raw file contents (refuses non-UTF-8). */
export function checkTraceBytes(bytes: Uint8Array): Level1Report {
  const parsed = parseTraceBytes(bytes);
  return parsed.ok ? checkLevel1(parsed.trace) : { status: 'unreadable', linesRead: parsed.lines, problems: parsed.problems };
}

// Exhaustive: a new event kind does not compile until level 1 handles it.
function step(ctx: Level1Context, event: TraceEvent): Verdict {
  return match(event)
    .with({ kind: 'stackalloc' }, (e) => onStackalloc(ctx, e))
    .with({ kind: 'allocated' }, (e) => onAllocated(ctx, e))
    .with({ kind: 'stackfree' }, (e) => onStackfree(ctx, e))
    .with({ kind: 'stackcacherefill' }, (e) => onRefill(ctx, e))
    .with({ kind: 'stackcacherelease' }, (e) => onRelease(ctx, e))
    .with({ kind: 'stackcache_clear' }, (e) => onClear(ctx, e))
    .with({ kind: 'newstack' }, (e) => onNewstack(ctx, e))
    .with({ kind: 'copystack' }, (e) => onCopystack(ctx, e))
    .with({ kind: 'shrinkstack' }, (e) => onShrinkstack(ctx, e))
    .with({ kind: 'stackgrowdone' }, (e) => onStackGrowDone(ctx, e))
    .with({ kind: 'stackspan' }, (e) => onStackspan(ctx, e))
    .with({ kind: 'stacklarge' }, (e) => onStacklarge(ctx, e))
    .with({ kind: 'gfput' }, (e) => onGfput(ctx, e))
    .with({ kind: 'gcphase' }, (e) => onGcPhase(ctx, e))
    // The pool path, freeStackSpans' sections, procresize and the gFree list are what level 2
    // replays; on their own they constrain nothing level 1 tracks.
    .with({ kind: 'stackpool' }, { kind: 'freestackspans' }, { kind: 'procresize' }, () => null)
    .with({ kind: 'gfree' }, { kind: 'markrootfreegstacks' }, () => null)
    .exhaustive();
}

function countKinds(events: readonly TraceEvent[]): Record<EventKind, number> {
  const counts = Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as Record<EventKind, number>;
  for (const e of events) counts[e.kind]++;
  return counts;
}
