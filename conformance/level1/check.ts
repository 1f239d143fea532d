import { EVENT_KINDS, type EventKind, type Trace, type TraceEvent } from '../trace/events.ts';
import { onAllocated, onStackalloc } from './alloc.ts';
import { onClear, onRefill, onRelease } from './cache.ts';
import { Level1Context } from './context.ts';
import { EXIT_TOLERANCE, copiesFreedAtEnd, onCopystack, onNewstack, onShrinkstack, onStackGrowDone } from './copy.ts';
import { onGcPhase, onGfput } from './dead-gs.ts';
import { onStackfree } from './free.ts';
import { onStacklarge, onStackspan } from './spans.ts';
import type { Verdict } from './violation.ts';
import { parseTrace, parseTraceBytes, type TraceMeta } from '../trace/parse.ts';
import { PROGRESS_EVERY } from '../trace/progress.ts';
import type { Level1Report } from './report.ts';

/**
 * Level 1: check a real runtime trace against the invariants of checks.ts, one event at a
 * time, stopping at the first violation (Level1Check; checkLevel1 over a parsed Trace). Level 2,
 * replaying the events through the model, is fed the same events (conform.ts).
 * @public
 */
export function checkLevel1(trace: Trace, progress?: (checked: number) => void): Level1Report {
  const check = new Level1Check();
  for (const event of trace.events) {
    if (progress !== undefined && (check.checked & (PROGRESS_EVERY - 1)) === 0) progress(check.checked);
    if (!check.feed(event)) break;
  }
  for (let i = check.checked; i < trace.events.length; i++) check.count(trace.events[i]);
  return check.end(trace);
}

/**
 * Level 1 as a stream: `feed` each event in trace order (false once it has found a violation;
 * `count` the rest, which are read but not checked), then `end` with what reading the trace
 * said. It keeps the live state the checks need and the last EXIT_TOLERANCE events' lines.
 * @internal
 */
export class Level1Check {
  private readonly ctx = new Level1Context();
  private verdict: Verdict = null;
  checked = 0;
  private events = 0;
  private readonly counts = Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as Record<EventKind, number>;
  /** The lines of the last EXIT_TOLERANCE events, a ring (copiesFreedAtEnd's exit tolerance). */
  private readonly lastLines = new Array<number>(EXIT_TOLERANCE).fill(0);


  /** Checks e; true while no violation has been found (e included). */
  feed(e: TraceEvent): boolean {
    this.count(e);
    if (this.verdict !== null) return false;
    this.checked++;
    this.verdict = step(this.ctx, e);
    return this.verdict === null;
  }

  /** An event read after the violation: counted, not checked. */
  count(e: TraceEvent): void {
    this.lastLines[this.events % EXIT_TOLERANCE] = e.line;
    this.events++;
    this.counts[e.kind]++;
  }

  /** The end of the trace: its end-of-trace check (if nothing failed before), then the report. */
  end(trace: TraceMeta): Level1Report {
    // The end of the trace is a check too: work the runtime skipped that no later line contradicts.
    // A cut trace ends at the line before its unread tail.
    let verdict = this.verdict;
    if (verdict === null) {
      const tail = this.events > EXIT_TOLERANCE ? this.lastLines[this.events % EXIT_TOLERANCE] : 0;
      verdict = copiesFreedAtEnd(this.ctx, tail, trace.cut === null ? trace.lines : trace.cut - 1);
    }
    const summary = {
      format: trace.format,
      linesRead: trace.lines,
      eventsRead: this.events,
      eventsChecked: this.checked,
      counts: this.counts,
      unattributed: [...trace.unattributed, ...this.ctx.unattributed].sort((a, b) => a.line - b.line),
      cut: trace.cut,
      live: this.ctx.live.totals(),
    };
    return verdict === null ? { status: 'accepted', ...summary } : { status: 'violation', violation: verdict, ...summary };
  }
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

// Exhaustive: a new event kind does not compile until level 1 handles it. (A switch, not
// ts-pattern's match: this runs once per event, and match's chain cost a seventh of conform.)
function step(ctx: Level1Context, e: TraceEvent): Verdict {
  switch (e.kind) {
    case 'stackalloc': return onStackalloc(ctx, e);
    case 'allocated': return onAllocated(ctx, e);
    case 'stackfree': return onStackfree(ctx, e);
    case 'stackcacherefill': return onRefill(ctx, e);
    case 'stackcacherelease': return onRelease(ctx, e);
    case 'stackcache_clear': return onClear(ctx, e);
    case 'newstack': return onNewstack(ctx, e);
    case 'copystack': return onCopystack(ctx, e);
    case 'shrinkstack': return onShrinkstack(ctx, e);
    case 'stackgrowdone': return onStackGrowDone(ctx, e);
    case 'stackspan': return onStackspan(ctx, e);
    case 'stacklarge': return onStacklarge(ctx, e);
    case 'gfput': return onGfput(ctx, e);
    case 'gcphase': return onGcPhase(ctx, e);
    // The pool path, freeStackSpans' sections, procresize and the gFree list are what level 2
    // replays; on their own they constrain nothing level 1 tracks.
    case 'stackpool': case 'freestackspans': case 'procresize': case 'gfree': case 'markrootfreegstacks': return null;
    default: return e satisfies never;
  }
}
