// Stack cache policy bugs that write no statistics: the amounts moved are measured by the
// callers (stackalloc, stackfree) from the cache, so no counter of the routine is needed.

import { updP, type Draft } from '../draft.ts';
import { push } from '../list.ts';
import { stackcacherelease, stackcacherefill } from '../stackpool.ts';
import { defineMutant } from './define.ts';

/** stackcacherefill that takes a quarter of _StackCacheSize more than half. */
function refillThreeQuarters(d: Draft, pp: number, order: number): void {
  stackcacherefill(d, pp, order);
  const blocksize = d.cfg.profile.fixedStack << order;
  let { list, size } = d.ps[pp].stackcache[order];
  while (size < (3 * d.cfg.profile.stackCacheSize) / 4) {
    list = push(list, d.rt.stackpoolalloc(d, order));
    size += blocksize;
  }
  const stackcache = d.ps[pp].stackcache.slice();
  stackcache[order] = { list, size };
  updP(d, pp, { stackcache });
}

/** @public */
export const refillTakesThreeQuarters = defineMutant({
  name: 'refill-takes-three-quarters', title: 'stackcacherefill fills the cache to 3/4 of _StackCacheSize', issue: 'stack.go:stackcacherefill (half of _StackCacheSize)',
  caughtBy: ['each-cache-move-is-half', 'refill-and-release-move-half'], replace: { stackcacherefill: refillThreeQuarters },
  doc: 'A refill takes _StackCacheSize/2 from the pool, so that the cache can absorb as many frees as it serves allocations before a release. This mutant takes three quarters and, like any routine, reports nothing about itself: the cache still stays within _StackCacheSize, so no bound is broken. refill-and-release-move-half catches it from the cache sizes stackalloc sees around the call.',
});

/** stackcacherelease that drains the cache instead of stopping at half. */
function releaseToEmpty(d: Draft, pp: number, order: number): void {
  stackcacherelease(d, pp, order);
  const c = d.ps[pp].stackcache[order];
  for (let x = c.list; x !== null; x = x.next) d.rt.stackpoolfree(d, x.v, order);
  const stackcache = d.ps[pp].stackcache.slice();
  stackcache[order] = { list: null, size: 0 };
  updP(d, pp, { stackcache });
}

/** @public */
export const releaseDrainsCache = defineMutant({
  name: 'release-drains-cache', title: 'stackcacherelease returns the whole cache to the pool', issue: 'stack.go:stackcacherelease (back to half of _StackCacheSize)',
  caughtBy: ['each-cache-move-is-half', 'refill-and-release-move-half'], replace: { stackcacherelease: releaseToEmpty },
  doc: 'A release runs when a free finds the cache full and returns blocks until half is left, so the next allocations still hit the cache. This mutant drains it: every block goes back to the pool, which stays consistent — the policy bug the real-runtime check absorbed for hundreds of lines. refill-and-release-move-half catches it from the cache sizes stackfree sees around the call.',
});
