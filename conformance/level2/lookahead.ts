// The events after the one being replayed that a replay may look at: the rest of the trace when
// it is held whole, or the bounded window the stream keeps (stream.ts). Two checks need a later
// line: a `stacklarge empty` line's own span line (another thread's lines may come between), and
// whether a copystack takes a new allocation as its new stack (release.ts: a gsignal or a grown
// stack). Both lines come a few lines later in every trace: the window holds LOOKAHEAD events.

import type { TraceEvent } from '../trace/events.ts';

/** Events at stream positions [from, end): `at(k)` for k in that range. @internal */
export interface Lookahead {
  readonly end: number;
  at(k: number): TraceEvent;
}

/**
 * How many events the stream holds past the one it replays while that one waits for a later
 * line (see above); past that, the line is taken to be absent, as at the end of the trace.
 * @internal
 */
export const LOOKAHEAD = 4096;

/** The rest of a trace held whole. @internal */
export function arrayLookahead(events: readonly TraceEvent[]): Lookahead {
  return { end: events.length, at: (k) => events[k] };
}

/** The first position in (from, look.end) whose event satisfies p, or -1. @internal */
export function findAfter(look: Lookahead, from: number, p: (e: TraceEvent, k: number) => boolean): number {
  for (let k = from + 1; k < look.end; k++) if (p(look.at(k), k)) return k;
  return -1;
}

/**
 * findAfter for a line waited on: while the event at `from` waits, each call looks only at the
 * events added since the last (the earlier ones did not match), so waiting costs one look at
 * each event, not one at the whole window per event added. @internal
 */
export class WaitingSearch {
  private from = -1;
  private upTo = 0;

  find(look: Lookahead, from: number, p: (e: TraceEvent, k: number) => boolean): number {
    const start = this.from === from ? this.upTo : from + 1;
    this.from = from;
    for (let k = start; k < look.end; k++) if (p(look.at(k), k)) return k;
    this.upTo = look.end;
    return -1;
  }
}
