import type { AllocatedEvent, TraceEvent } from './events.ts';

/**
 * An `allocated` line before pairing: stock lines carry only the address,
 * extended lines also the size and P. pair.ts turns it into an AllocatedEvent.
 * @internal
 */
export type RawAllocated = {
  readonly kind: 'allocated';
  readonly line: number;
  readonly v: number;
  readonly n: number | null;
  readonly p: number | null;
};

/** What the line recogniser produces: final events, except `allocated`. @internal */
export type RawEvent = Exclude<TraceEvent, AllocatedEvent> | RawAllocated;
