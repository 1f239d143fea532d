// Bugs on the paths that give stack memory back at the end of a GC cycle, and in the caches
// a flush must empty.

import type { Draft } from '../draft.ts';
import { freeStackSpans, markrootFreeGStacks } from '../gc.ts';
import { freemcache } from '../proc.ts';
import { updP } from '../draft.ts';
import { stackcache_clear } from '../stackpool.ts';
import type { ExecP } from '../exec-p.ts';
import { defineMutant } from './define.ts';

/** freeStackSpans that returns the empty pool spans but keeps the stackLarge lists. */
function freeStackSpansKeepingLarge(d: Draft): void {
  const large = d.stackLarge;
  d.stackLarge = large.map(() => []);
  freeStackSpans(d);
  d.stackLarge = large;
}

/** @public */
export const freeStackSpansKeepsLarge = defineMutant({
  name: 'freestackspans-keeps-large', title: 'freeStackSpans returns pool spans but forgets stackLarge', issue: 'stack.go:freeStackSpans (golang/go#11466)',
  caughtBy: ['swept-pools-hold-no-empty-spans'], replace: { freeStackSpans: freeStackSpansKeepingLarge },
  doc: 'Large stacks freed during GC wait on stackLarge; freeStackSpans, after mark termination, must return them to the heap with the empty pool spans. This mutant frees only the pool spans: the stackLarge spans are kept until reused, memory the heap never gets back. swept-pools-hold-no-empty-spans catches the stackLarge list that survived.',
});

/** (*p).destroy → freemcache without the stack cache flush: the P's cached blocks vanish. */
function freemcacheDroppingStacks(d: Draft, pp: number): void {
  updP(d, pp, { stackcache: d.cfg.emptyStackCache });
  freemcache(d, pp);
}

/** @public */
export const destroyDropsStackCache = defineMutant({
  name: 'destroy-drops-stack-cache', title: 'procresize destroys a P without flushing its stack cache', issue: 'proc.go:(*p).destroy → mcache.go:freemcache (stackcache_clear)',
  caughtBy: ['nothing-leaked', 'alloccount-matches-owners'], replace: { freemcache: freemcacheDroppingStacks },
  doc: "When GOMAXPROCS shrinks, (*p).destroy frees the P's mcache, and freemcache first returns its cached stacks to the pool (stackcache_clear). This mutant discards the cache instead: its blocks stay allocated in their spans and belong to nobody. nothing-leaked catches the orphaned blocks.",
});

/** stackcache_clear that skips the largest order. */
function stackcacheClearSkippingLastOrder(d: Draft, pp: number): void {
  const cache = d.ps[pp].stackcache;
  const last = cache.length - 1;
  const kept = cache[last];
  const stackcache = cache.slice();
  stackcache[last] = { list: null, size: 0 };
  updP(d, pp, { stackcache });
  stackcache_clear(d, pp);
  const after = d.ps[pp].stackcache.slice();
  after[last] = kept;
  updP(d, pp, { stackcache: after });
}

/** @public */
export const clearSkipsLastOrder = defineMutant({
  name: 'clear-skips-last-order', title: 'stackcache_clear leaves the largest order cached', issue: 'stack.go:stackcache_clear (every order)',
  caughtBy: ['cache-empty-after-flush', 'refill-and-release-move-half'], replace: { stackcache_clear: stackcacheClearSkippingLastOrder },
  doc: "stackcache_clear runs at the sweep flush of each GC cycle and in ReadMemStats and must return every order's blocks, so that freeStackSpans can give empty spans back. This mutant stops one order short. cache-empty-after-flush catches the cache that is still holding blocks; refill-and-release-move-half sees a flush that returned a cache's blocks to the pool but left an order behind.",
});

/** markrootFreeGStacks that skips the G at the head of sched.gFree.stack, leaving it its stack. */
function markrootKeepingHead(d: Draft, pp: ExecP): void {
  const head = d.gFreeStack;
  if (head === null) return markrootFreeGStacks(d, pp);
  d.gFreeStack = head.next;
  markrootFreeGStacks(d, pp);
  d.gFreeStack = { v: head.v, next: null };
}

/** @public */
export const markrootKeepsFirst = defineMutant({
  name: 'markroot-keeps-first', title: 'markrootFreeGStacks leaves the first G of sched.gFree.stack its stack', issue: 'mgcmark.go:markrootFreeGStacks',
  caughtBy: ['markroot-frees-global-gfree-stacks'], replace: { markrootFreeGStacks: markrootKeepingHead },
  doc: 'Once per GC cycle markrootFreeGStacks frees the stacks of every dead G on the global free list and moves them to sched.gFree.noStack, so idle goroutines do not pin stack memory. This mutant skips the first one on the list. markroot-frees-global-gfree-stacks catches the G still on sched.gFree.stack.',
});
