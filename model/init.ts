// The initial state, built by running the model's own routines in the order the runtime's
// bootstrap does (proc.go:schedinit → mcommoninit(m0) → procresize; newproc(runtime.main)),
// so even the first addresses are the ones the model predicts.

import { draftOf, finish } from './draft.ts';
import { allocSpan } from './heap.ts';
import { initialPs, mpreinit } from './proc.ts';
import type { Config } from './profile.ts';
import type { Runtime } from './runtime.ts';
import type { State, Stats } from './state.ts';

const zeroStats: Stats = {
  inStacks: 0, cacheHit: 0, refill: 0, release: 0, cacheClear: 0, pool: 0, large: 0, stackLargeReuse: 0,
  largeToStackLarge: 0, heapAlloc: 0, spanFreed: 0, grow: 0, shrink: 0, shrinkDeferred: 0,
  preemptShrinkApplied: 0, gfreeSpill: 0, gfreeRefill: 0, gfreeKeep: 0, startingStackChanged: 0, chanWrite: 0,
  refillBytes: 0, releaseBytes: 0,
};

const amounts: readonly (keyof Stats)[] = ['inStacks', 'refillBytes', 'releaseBytes'];

/** The names of the path counters in Stats (all but the byte amounts). @public */
export const pathCounters = (Object.keys(zeroStats) as (keyof Stats)[]).filter((k) => !amounts.includes(k));

/** An empty runtime: the whole arena free, no spans, no Ps, no goroutines. @internal */
export function emptyState(cfg: Config): State {
  const { profile, scope } = cfg;
  return {
    gs: [], ps: [], ms: [], spans: [],
    free: [{ base: profile.arenaBase, npages: scope.arenaPages }],
    stackpool: Array.from({ length: profile.numStackOrders }, () => []),
    stackLarge: Array.from({ length: profile.heapAddrBits - profile.pageShift }, () => []),
    gFreeStack: null, gFreeNoStack: null, gFreeN: 0,
    gcphase: 'off', sweepgen: 0, gcCycle: 0, stackRoots: 0, markrootFreeGStacksDone: false,
    freeStackSpansPending: false, sweepFlushPending: 0, largeFreedInGC: false,
    startingStackSize: profile.fixedStack, maxStackScan: 0,
    heapObjs: Array.from({ length: scope.heapObjects }, () => new Array<number>(scope.heapObjectFields).fill(0)),
    chans: Array.from({ length: scope.chans }, () => []),
    stats: zeroStats,
  };
}

/**
 * The state just after runtime.main's goroutine starts: the heap-object span at the arena
 * base, m0's gsignal stack (mcommoninit → mpreinit, before any P exists; m0's g0 is the OS
 * stack), scope.procs Ps, and the main goroutine running on P0.
 */
export function initialState(cfg: Config, rt: Runtime): State {
  const d = draftOf(emptyState(cfg), cfg, rt);
  const heapBytes = cfg.scope.heapObjects * cfg.scope.heapObjectFields * cfg.profile.ptrSize;
  allocSpan(d, Math.max(1, Math.ceil(heapBytes / cfg.pageSize)), 'inuse');
  mpreinit(d, -1, 0); // m0, before any P exists
  initialPs(d, cfg.scope.procs);
  const main = rt.newproc1(d, 0);
  rt.execute(d, main, 0);
  return finish(d);
}
