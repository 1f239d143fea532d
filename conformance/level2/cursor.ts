// Where a replay stands between two trace events: the model state plus what the trace has
// announced but not yet settled. Immutable, so the search can keep any cursor to come back to.

import { addStats, zeroStats, type Observation, type Stats } from '../../model/observation.ts';
import type { State } from '../../model/state.ts';

/** Which way the model took for one replayed line. @public */
export type AllocPath = 'cacheHit' | 'refill' | 'pool' | 'large' | 'stackLargeReuse';
/** @public */
export type FreePath = 'cache' | 'release' | 'pool' | 'largeToHeap' | 'largeToStackLarge';

/**
 * One replayed allocator line and the model path that reproduced it. `p` is the P that ran the
 * line (printed in extended traces, P0 in one-P stock traces; -1: no P). The `pool` path with
 * p >= 0 is stackalloc/stackfree bypassing the cache while m.preemptoff is set. `span` is the
 * base the heap oracle placed a fresh span at for this line, or null when the model needed none.
 * @public
 */
export type Decision =
  | { readonly line: number; readonly op: 'alloc'; readonly p: number; readonly path: AllocPath; readonly span: number | null }
  | { readonly line: number; readonly op: 'free'; readonly p: number; readonly path: FreePath }
  | { readonly line: number; readonly op: 'clear'; readonly p: number }
  /** gcPhase 'evidence': the replay moved the model's GC phase here (mark at a shrink, off + freeStackSpans at the next clear). */
  | { readonly line: number; readonly op: 'gc'; readonly phase: 'mark' | 'off' };

/** A persistent list of decisions, newest first. @internal */
export type DecisionList = { readonly d: Decision; readonly next: DecisionList } | null;

/** A stackcacherefill line whose allocation has not been replayed yet. @internal */
export interface PendingRefill {
  readonly order: number;
  readonly line: number;
}

/** @internal */
export interface Cursor {
  readonly model: State;
  /** The model's path counts so far (the sum of every replayed step's observation). */
  readonly stats: Stats;
  /** Per P: a refill line not yet matched by the allocation that made it. */
  readonly pendingRefill: readonly (PendingRefill | null)[];
  /** Per P: the model released this order's cache in the last stackfree; its release line is next on that P. */
  readonly expectRelease: readonly (PendingRefill | null)[];
  /** Bit q set: P q's cache was cleared in the current group of `stackcache clear` lines (one per P). */
  readonly cleared: number;
  readonly decisions: DecisionList;
}

/** @internal */
export function withDecision(c: Cursor, d: Decision, patch: Partial<Omit<Cursor, 'decisions' | 'stats'>> & { readonly obs?: Observation } = {}): Cursor {
  const { obs, ...rest } = patch;
  return { ...c, ...rest, stats: obs === undefined ? c.stats : plus(c.stats, obs), decisions: { d, next: c.decisions } };
}

function plus(a: Stats, obs: Observation): Stats {
  const out = { ...a };
  addStats(out, obs);
  return out;
}

/** A cursor's starting counts. @internal */
export const noStats: Stats = zeroStats;

/** @internal */
export function setAt<T>(xs: readonly T[], i: number, v: T): readonly T[] {
  const out = xs.slice();
  out[i] = v;
  return out;
}

/** Oldest first. @internal */
export function decisionsOf(list: DecisionList): Decision[] {
  const out: Decision[] = [];
  for (let l = list; l !== null; l = l.next) out.push(l.d);
  return out.reverse();
}

/**
 * What a report says about a replay's decisions, added up as they are made: the lines per
 * model path, the GC cycles, the fresh spans placed; and the decisions themselves when `keep`
 * (the JSON report lists them: a list as long as the trace). @internal
 */
export class DecisionTally {
  readonly alloc: Record<AllocPath, number> = { cacheHit: 0, refill: 0, pool: 0, large: 0, stackLargeReuse: 0 };
  readonly free: Record<FreePath, number> = { cache: 0, release: 0, pool: 0, largeToHeap: 0, largeToStackLarge: 0 };
  readonly clear: number[];
  poolWithP = 0;
  spansPlaced = 0;
  /** [mark line, off line or null] per GC cycle. */
  readonly gcCycles: [number, number | null][] = [];
  readonly decisions: Decision[] = [];

  constructor(procs: number, private readonly keep: boolean) {
    this.clear = new Array<number>(procs).fill(0);
  }

  add(d: Decision): void {
    if (this.keep) this.decisions.push(d);
    if (d.op === 'alloc') {
      this.alloc[d.path]++;
      if (d.span !== null) this.spansPlaced++;
    } else if (d.op === 'free') this.free[d.path]++;
    else if (d.op === 'clear') this.clear[d.p]++;
    else if (d.phase === 'mark') this.gcCycles.push([d.line, null]);
    else if (this.gcCycles.length > 0) this.gcCycles[this.gcCycles.length - 1][1] = d.line;
    if ((d.op === 'alloc' || d.op === 'free') && d.path === 'pool' && d.p >= 0) this.poolWithP++;
  }

  /** The tally of a whole list. */
  static of(decisions: readonly Decision[], procs: number): DecisionTally {
    const t = new DecisionTally(procs, true);
    for (const d of decisions) t.add(d);
    return t;
  }
}
