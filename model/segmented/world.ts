// A step's working copy of a SegState, its observation, and the two ways a step ends early:
// a runtime throw (a finding) and a fate a real program meets (stack overflow, out of
// memory), as model/abort.ts does for the contiguous model. A step copies the top-level
// arrays once and replaces only the goroutines, Ms and Ps it changes.

import type { SegConfig } from './profile.ts';
import type { HeapRange, PoolSpan, SegG, SegM, SegP, SegState, StackCacheNode } from './state.ts';

/** What one segmented step did (counts, not state). @public */
export interface SegObservation {
  /** newstack linked a new segment; oldstack freed one (the hot split's two halves). */
  segAlloc: number;
  segFree: number;
  /** newstack (1.3) copied the top segment; bytes it moved; shrinkstack halved a stack. */
  copies: number;
  bytesCopied: number;
  shrinks: number;
  /** stackalloc's paths: the per-M ring, a refill from the global list or SysAlloc, mallocgc. */
  cacheHit: number;
  refill: number;
  sysAlloc: number;
  release: number;
  malloc: number;
  free: number;
  gfreeSpill: number;
  gfreeReuse: number;
  /** Go 1.4: stacks from and to the global pool while the GC runs (m.gcing), spans returned to the heap, dead Gs' stacks freed (gfput, GC) and reallocated (gfget). */
  poolDirect: number;
  spanFreed: number;
  deadStackFreed: number;
  deadStackAlloc: number;
}

/** @public */
export const segObservationKeys = [
  'segAlloc', 'segFree', 'copies', 'bytesCopied', 'shrinks', 'cacheHit', 'refill', 'sysAlloc', 'release', 'malloc', 'free', 'gfreeSpill', 'gfreeReuse',
  'poolDirect', 'spanFreed', 'deadStackFreed', 'deadStackAlloc',
] as const satisfies readonly (keyof SegObservation)[];

/** @internal */
export function emptySegObservation(): SegObservation {
  return {
    segAlloc: 0, segFree: 0, copies: 0, bytesCopied: 0, shrinks: 0, cacheHit: 0, refill: 0, sysAlloc: 0, release: 0, malloc: 0, free: 0, gfreeSpill: 0, gfreeReuse: 0,
    poolDirect: 0, spanFreed: 0, deadStackFreed: 0, deadStackAlloc: 0,
  };
}

/** The mutable copy a step works on. @internal */
export interface World {
  readonly cfg: SegConfig;
  gs: SegG[];
  ms: SegM[];
  ps: SegP[];
  stackcache: StackCacheNode[];
  sysBatches: number;
  heapFree: HeapRange[];
  heapUsed: Map<number, number>;
  gfree: number[];
  stackpool: (readonly number[])[];
  poolSpans: Map<number, PoolSpan>;
  /** Go 1.4 m.gcing: the collector runs, so stackalloc and stackfree use the global pool, not the M's lists. */
  gcing: boolean;
  /** Go 1.4 stackfreequeue: stacks copystack shrank away from, freed by shrinkfinish at the end of the GC. */
  stackfreequeue: { readonly v: number; readonly n: number }[];
  /** Which M runs the routine (stackalloc uses its cache): the P of the goroutine acting. */
  m: number;
  readonly obs: SegObservation;
}

/** @internal */
export function openWorld(cfg: SegConfig, s: SegState, m: number): World {
  return {
    cfg, gs: s.gs.slice(), ms: s.ms.slice(), ps: s.ps.slice(), stackcache: s.stackcache.slice(), sysBatches: s.sysBatches,
    heapFree: s.heapFree.slice(), heapUsed: new Map(s.heapUsed), gfree: s.gfree.slice(), stackpool: s.stackpool.slice(),
    poolSpans: s.poolSpans.size === 0 ? new Map() : new Map(s.poolSpans), gcing: false, stackfreequeue: [], m, obs: emptySegObservation(),
  };
}

/** @internal */
export function closeWorld(w: World): SegState {
  return {
    gs: w.gs, ms: w.ms, ps: w.ps, stackcache: w.stackcache, sysBatches: w.sysBatches, heapFree: w.heapFree, heapUsed: w.heapUsed, gfree: w.gfree,
    stackpool: w.stackpool, poolSpans: w.poolSpans,
  };
}

/** A runtime throw (a finding) or a terminal fate (stack overflow, out of memory). @public */
export class SegAbort extends Error {
  constructor(readonly abort: 'throw' | 'stack overflow' | 'out of memory', message: string) {
    super(message);
  }
}

/** runtime·throw. @internal */
export function segThrow(message: string): never {
  throw new SegAbort('throw', message);
}

/** @internal */
export function fate(outcome: 'stack overflow' | 'out of memory', message: string): never {
  throw new SegAbort(outcome, message);
}
