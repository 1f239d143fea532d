import type { AllocatedEvent, TraceEvent, TraceFormat, Unattributed } from './events.ts';
import type { RawAllocated, RawEvent } from './raw.ts';
import { RequestQueue, type Ticket } from './request-queue.ts';

// An unattributed allocation still waiting for a copystack to name its size (index: its place in the stream).
type Open = { readonly index: number; readonly event: AllocatedEvent & { by: 'unattributed' }; readonly ticket: Ticket | null };

/**
 * How many events may follow an unattributed allocation before it is passed on unattributed.
 * The copystack that can name its size is copystack's own print right after it allocated the
 * new stack, so only other threads' lines come between; held events wait for it (memory bound).
 */
export const PAIR_WINDOW = 4096;

/**
 * The pairing, one raw event at a time: `push` passes each event on (to `emit`, in trace
 * order) as soon as its size is settled; an unattributed allocation holds itself and the events
 * after it back until a copystack names its size, its stack is freed or allocated again, or
 * PAIR_WINDOW events follow it. `end` passes the rest on and lists what stayed unattributed.
 */
export class Pairer {
  private readonly queue = new RequestQueue();
  private readonly open = new Map<number, Open>(); // by stack base
  /** Events not passed on yet: held[k] is the stream's event number heldFrom + k. */
  private held: TraceEvent[] = [];
  private heldFrom = 0;
  private readonly unsized: Unattributed[] = [];

  constructor(
    private readonly format: () => TraceFormat,
    private readonly emit: (e: TraceEvent) => void,
  ) {}

  push(e: RawEvent): void {
    if (e.kind === 'stackalloc') this.queue.push({ line: e.line, n: e.n });
    if (e.kind === 'stackfree') this.open.delete(e.v);
    if (e.kind === 'copystack') this.deduce(e.new.lo, e.newsize, e.line);
    const index = this.heldFrom + this.held.length;
    let out: TraceEvent = e as Exclude<RawEvent, RawAllocated>;
    if (e.kind === 'allocated') {
      const event = this.format() === 'extended' ? printed(e, this.queue) : stock(e, this.queue);
      if (event.event.by === 'unattributed') this.open.set(e.v, { index, event: event.event, ticket: event.ticket });
      else this.open.delete(e.v);
      out = event.event;
    }
    if (this.held.length === 0 && !(out.kind === 'allocated' && out.by === 'unattributed')) {
      // Nothing held back: the common case, passed on at once.
      this.heldFrom++;
      this.emit(out);
      return;
    }
    this.held.push(out);
    this.release(false);
  }

  /** Passes every held event on; what is still unattributed, with the requests never answered, by line. */
  end(): Unattributed[] {
    this.release(true);
    const out = this.unsized;
    const left = this.queue.remaining();
    for (const r of left.requests) {
      const reason = left.exact ? 'no allocated line answers this request' : 'may not be answered by any allocated line';
      out.push({ line: r.line, kind: 'stackalloc', reason });
    }
    return out.sort((a, b) => a.line - b.line);
  }

  // The copystack prints its new stack's base and size; if that base is an open allocation, its size is now known.
  private deduce(lo: number, n: number, line: number): void {
    const o = this.open.get(lo);
    if (o === undefined || !o.event.candidates.includes(n)) return;
    this.open.delete(lo);
    if (o.ticket !== null) this.queue.resolve(o.ticket, n);
    this.held[o.index - this.heldFrom] = { kind: 'allocated', line: o.event.line, v: o.event.v, by: 'deduced', n, copystack: line };
  }

  // Passes on the held events up to the first allocation still open (all of them at the end).
  private release(all: boolean): void {
    let k = 0;
    for (; k < this.held.length; k++) {
      const e = this.held[k];
      if (e.kind === 'allocated' && e.by === 'unattributed') {
        const o = this.open.get(e.v);
        const isOpen = o !== undefined && o.index === this.heldFrom + k;
        if (isOpen && !all && this.held.length - k <= PAIR_WINDOW) break;
        if (isOpen) this.open.delete(e.v);
        const reason =
          e.candidates.length === 0
            ? 'no stackalloc request is pending'
            : `requests of sizes ${e.candidates.join(', ')} were pending (threads interleaved) and no copystack names this stack`;
        this.unsized.push({ line: e.line, kind: 'allocated', reason });
      }
      this.emit(e);
    }
    if (k === 0) return;
    this.heldFrom += k;
    this.held = k === this.held.length ? [] : this.held.slice(k);
  }
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
