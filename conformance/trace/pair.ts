import type { AllocatedEvent, TraceEvent, TraceFormat, Unattributed } from './events.ts';
import type { RawAllocated, RawEvent } from './raw.ts';
import { RequestQueue, type Ticket } from './request-queue.ts';

/**
 * Gives every `allocated` line its size: printed (extended), paired with a
 * pending `stackalloc` line (stock, FIFO), or — when threads interleaved
 * requests of different sizes — deduced from the copystack that took the
 * stack, else left unattributed. Requests never answered by the end of the
 * trace are reported too (a trace cut short, or the efence path, which
 * prints no `allocated` line).
 * @internal
 */

// An unattributed allocation still waiting for a copystack to name its size.
type Open = { readonly index: number; readonly event: AllocatedEvent & { by: 'unattributed' }; readonly ticket: Ticket | null };

export function pairAllocations(
  raw: readonly RawEvent[],
  format: TraceFormat,
): { events: TraceEvent[]; unattributed: Unattributed[] } {
  const queue = new RequestQueue();
  const events: TraceEvent[] = [];
  const open = new Map<number, Open>(); // by stack base
  for (const e of raw) {
    if (e.kind === 'stackalloc') queue.push({ line: e.line, n: e.n });
    if (e.kind === 'stackfree') open.delete(e.v);
    if (e.kind === 'copystack') deduce(e.new.lo, e.newsize, e.line, open, queue, events);
    if (e.kind !== 'allocated') {
      events.push(e);
      continue;
    }
    const event = format === 'extended' ? printed(e, queue) : stock(e, queue);
    if (event.event.by === 'unattributed') open.set(e.v, { index: events.length, event: event.event, ticket: event.ticket });
    else open.delete(e.v);
    events.push(event.event);
  }
  return { events, unattributed: leftovers(events, queue) };
}

// The copystack prints its new stack's base and size; if that base is an open allocation, its size is now known.
function deduce(lo: number, n: number, line: number, open: Map<number, Open>, queue: RequestQueue, events: TraceEvent[]): void {
  const o = open.get(lo);
  if (o === undefined || !o.event.candidates.includes(n)) return;
  open.delete(lo);
  if (o.ticket !== null) queue.resolve(o.ticket, n);
  events[o.index] = { kind: 'allocated', line: o.event.line, v: o.event.v, by: 'deduced', n, copystack: line };
}

function leftovers(events: readonly TraceEvent[], queue: RequestQueue): Unattributed[] {
  const out: Unattributed[] = [];
  for (const e of events) {
    if (e.kind !== 'allocated' || e.by !== 'unattributed') continue;
    const reason =
      e.candidates.length === 0
        ? 'no stackalloc request is pending'
        : `requests of sizes ${e.candidates.join(', ')} were pending (threads interleaved) and no copystack names this stack`;
    out.push({ line: e.line, kind: 'allocated', reason });
  }
  const left = queue.remaining();
  for (const r of left.requests) {
    const reason = left.exact ? 'no allocated line answers this request' : 'may not be answered by any allocated line';
    out.push({ line: r.line, kind: 'stackalloc', reason });
  }
  return out.sort((a, b) => a.line - b.line);
}

function printed(e: RawAllocated, queue: RequestQueue): { event: AllocatedEvent; ticket: null } {
  // Only called for extended traces, where detectFormat saw both fields on every allocated line.
  const n = e.n as number;
  const p = e.p as number;
  const request = queue.takeSized(n);
  return { event: { kind: 'allocated', line: e.line, v: e.v, by: 'printed', n, p, request: request?.line ?? null }, ticket: null };
}

function stock(e: RawAllocated, queue: RequestQueue): { event: AllocatedEvent; ticket: Ticket | null } {
  const take = queue.take();
  if (take.by === 'paired') {
    return {
      event: { kind: 'allocated', line: e.line, v: e.v, by: 'paired', n: take.request.n, request: take.request.line },
      ticket: null,
    };
  }
  return { event: { kind: 'allocated', line: e.line, v: e.v, by: 'unattributed', candidates: take.candidates }, ticket: take.ticket };
}
