// What one step did, as opposed to what the runtime holds. A State carries no statistics
// and no ghost flags (so two states that the runtime cannot tell apart are equal, and a
// state can be fingerprinted); the counts of the paths a step took, the bytes refills and
// releases moved and the spans it gave back to the heap are returned beside the next state.
// Coverage, windows, conformance and the benchmark read observations. No invariant may
// trust a count written by the routine it checks: invariants compare states, and read an
// observation only for what no state can show (a span freed and reused within one step).

/** Counts per model path, one step's worth (memstats-like). @public */
export interface Stats {
  readonly cacheHit: number;
  readonly refill: number;
  readonly release: number;
  readonly cacheClear: number;
  readonly pool: number;
  readonly large: number;
  readonly stackLargeReuse: number;
  readonly largeToStackLarge: number;
  readonly heapAlloc: number;
  readonly spanFreed: number;
  readonly grow: number;
  readonly shrink: number;
  readonly shrinkDeferred: number;
  readonly preemptShrinkApplied: number;
  /** newstack moved a stack to one of the same size (stackForceMove, maymorestack=move). */
  readonly forcedMove: number;
  readonly gfreeSpill: number;
  readonly gfreeRefill: number;
  readonly gfreeKeep: number;
  readonly startingStackChanged: number;
  readonly chanWrite: number;
  /** Bytes stackcacherefill moved into caches, and stackcacherelease moved out (not paths: amounts). */
  readonly refillBytes: number;
  readonly releaseBytes: number;
}

/** A span mheap.go:freeManual returned to the heap, and the GC phase at that moment. @public */
export interface HeapFree {
  readonly base: number;
  readonly npages: number;
  readonly gcphase: 'off' | 'mark';
}

/** One copystack as its caller (newstack, shrinkstack) saw gp's stack before and after the call. @public */
export interface StackMove {
  readonly goid: number;
  readonly fromLo: number;
  readonly fromHi: number;
  readonly toLo: number;
  readonly toHi: number;
}

/** What one step did. @public */
export interface Observation extends Stats {
  /** Every span returned to the heap during the step, in order (freeManual's own record). */
  readonly heapFrees: readonly HeapFree[];
  /** Every stack move, in order: a step may move a stack twice (a forced move, then a growth). */
  readonly moves: readonly StackMove[];
}

/** @public */
export const zeroStats: Stats = Object.freeze({
  cacheHit: 0, refill: 0, release: 0, cacheClear: 0, pool: 0, large: 0, stackLargeReuse: 0,
  largeToStackLarge: 0, heapAlloc: 0, spanFreed: 0, grow: 0, shrink: 0, shrinkDeferred: 0,
  preemptShrinkApplied: 0, forcedMove: 0, gfreeSpill: 0, gfreeRefill: 0, gfreeKeep: 0, startingStackChanged: 0, chanWrite: 0,
  refillBytes: 0, releaseBytes: 0,
});

/** The observation of a step that recorded nothing: shared, so a quiet step allocates none. @public */
export const quietStep: Observation = Object.freeze({ ...zeroStats, heapFrees: Object.freeze([]) as readonly HeapFree[], moves: Object.freeze([]) as readonly StackMove[] });

const amounts: readonly (keyof Stats)[] = ['refillBytes', 'releaseBytes'];

/** Every counter of Stats, in a fixed order. @public */
export const statKeys = Object.keys(zeroStats) as (keyof Stats)[];

/** The names of the path counters (all but the byte amounts). @public */
export const pathCounters: readonly (keyof Stats)[] = statKeys.filter((k) => !amounts.includes(k));

/** The path counters a configuration can reach: a forced move needs maymorestack=move. @public */
export function reachablePaths(modes: { readonly maymorestack: 'off' | 'move' | 'preempt' }): readonly (keyof Stats)[] {
  return modes.maymorestack === 'move' ? pathCounters : pathCounters.filter((k) => k !== 'forcedMove');
}

/** A fresh observation to record into (the draft makes one on a step's first record). @internal */
export function openObservation(): { -readonly [K in keyof Stats]: number } & { heapFrees: HeapFree[]; moves: StackMove[] } {
  return { ...zeroStats, heapFrees: [], moves: [] };
}

/** Adds a step's counts into running totals (coverage, conformance). @public */
export function addStats(total: { -readonly [K in keyof Stats]: number }, obs: Stats): void {
  if (obs === quietStep) return;
  for (const k of statKeys) total[k] += obs[k];
}
