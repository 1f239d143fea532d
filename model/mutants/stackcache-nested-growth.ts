// golang/go#15853: a stack operation nested inside a stack cache routine on the same P.

import { updG } from '../draft.ts';
import { correctRefillKnobs, stackcacherefillWith } from '../stackpool.ts';
import { defineMutant } from './define.ts';

/**
 * stackcacherefill run on a growable goroutine stack: after taking its blocks from the
 * pool, and before installing them, the P's running goroutine grows (morestack →
 * copystack, whose stackalloc and stackfree use this same P's cache); then the refill
 * writes the list it built over whatever the growth left in the cache.
 */
const stackcacherefillOnUserStack = stackcacherefillWith({
  ...correctRefillKnobs,
  beforeInstall(d, pp) {
    const goid = d.ps[pp].curg;
    const g = goid >= 0 ? d.gs[goid] : undefined;
    if (g !== undefined && g.status === 'running' && 2 * (g.hi - g.lo) <= d.cfg.maxstacksize) {
      // The stack check in the middle of the refill fails: newstack grows the stack.
      updG(d, goid, { status: 'copystack' });
      d.rt.copystack(d, goid, 2 * (g.hi - g.lo), pp);
      updG(d, goid, { status: 'running' });
    }
  },
});

/** @public */
export const stackcacheNestedGrowth = defineMutant({
  name: 'stackcache-nested-growth', title: 'a stack growth nested inside a stack cache refill on the same P', issue: 'golang/go#15853',
  caughtBy: ['nothing-leaked', 'alloccount-matches-owners', 'grow-doubles-to-fit'], replace: { stackcacherefill: stackcacherefillOnUserStack },
  doc: "In the Go 1.7 cycle markrootFreeGStacks ran stack frees on a preemptible, growable goroutine stack instead of the system stack; a stack growth happened inside stackcacherelease after it had read the mcache, the growth's own stackalloc/stackfree updated the same per-P cache, and the release then wrote its stale copy back, losing or duplicating blocks. The checker's generator almost never fills a cache to _StackCacheSize (stackcacherelease runs about once in 70,000 steps), so this mutant puts the same nesting in stackcacherefill, which runs on most stack allocations: the P's running goroutine grows between the refill taking its blocks and installing them, and the installed list overwrites the block the growth freed into that cache, or the cache a nested refill built. nothing-leaked (I35) catches the lost blocks; when the growth uses other orders only, grow-doubles-to-fit (I33) sees a stack grow outside a function call.",
});
