// The global stack pool and the per-P stack caches: runtime/stack.go stackpoolalloc,
// stackpoolfree, stackcacherefill, stackcacherelease, stackcache_clear. Each runs under
// its pool lock in the runtime, so each is one atomic part of a step here.

import { fatal, terminal } from './abort.ts';
import { setSpan, spanIndex, stat, updP, type Draft } from './draft.ts';
import { push } from './list.ts';
import { spanListInsert, spanListRemove } from './spanlist.ts';
import type { Link } from './list.ts';
import type { StackFreeList } from './state.ts';

/**
 * stack.go:stackpoolalloc — allocates a stack from the free pool; must be called with
 * stackpool[order].item.mu held. A fresh span is carved front to back, each slot pushed on
 * the head of manualFreeList, so the first slot handed out is the highest one.
 */
export function stackpoolalloc(d: Draft, order: number): number {
  const { profile } = d.cfg;
  let base = d.stackpool[order].length > 0 ? d.stackpool[order][0] : 0;
  if (base === 0) {
    const s = d.rt.allocManual(d, d.cfg.poolSpanPages);
    if (s === null) terminal('out of memory', 'out of memory');
    if (s.allocCount !== 0) fatal('bad allocCount');
    if (s.manualFreeList !== null) fatal('bad manualFreeList');
    const elemsize = profile.fixedStack << order;
    let list: Link = null;
    for (let i = 0; i < profile.stackCacheSize; i += elemsize) list = push(list, s.base + i);
    setSpan(d, spanIndex(d.spans, s.base, d.cfg.pageSize), { ...s, elemsize, manualFreeList: list });
    spanListInsert(d, 'pool', order, s.base);
    base = s.base;
  }
  const i = spanIndex(d.spans, base, d.cfg.pageSize);
  const s = d.spans[i];
  const x = s.manualFreeList;
  if (x === null) fatal('span has no free stacks');
  setSpan(d, i, { ...s, manualFreeList: x.next, allocCount: s.allocCount + 1 });
  if (x.next === null) {
    // All stacks in s are allocated.
    spanListRemove(d, 'pool', order, base);
  }
  return x.v;
}

/**
 * stack.go:stackpoolfree — adds stack x to the free pool; must be called with
 * stackpool[order].item.mu held. An empty span goes back to the heap only while GC is
 * off: a sudog.elem scanned by the GC may still point into it (golang/go#11267).
 */
export function stackpoolfree(d: Draft, x: number, order: number): void {
  const i = spanIndex(d.spans, x, d.cfg.pageSize);
  const s = i < 0 ? undefined : d.spans[i];
  if (s === undefined || s.state !== 'manual') fatal('freeing stack not in a stack span');
  if (s.manualFreeList === null) {
    // s will now have a free stack.
    spanListInsert(d, 'pool', order, s.base);
  }
  const freed = { ...s, manualFreeList: push(s.manualFreeList, x), allocCount: s.allocCount - 1 };
  setSpan(d, i, freed);
  if (d.gcphase === 'off' && freed.allocCount === 0) {
    // Span is completely free. Return it to the heap immediately if we're sweeping.
    spanListRemove(d, 'pool', order, s.base);
    setSpan(d, i, { ...freed, manualFreeList: null });
    d.rt.freeManual(d, s.base);
  }
}

function setCache(d: Draft, pp: number, order: number, entry: StackFreeList): void {
  const stackcache = d.ps[pp].stackcache.slice();
  stackcache[order] = entry;
  updP(d, pp, { stackcache });
}

/**
 * stack.go:stackcacherefill — grabs half of _StackCacheSize from the global pool for P's
 * cache of this order, in one lock acquisition.
 */
export function stackcacherefill(d: Draft, pp: number, order: number): void {
  const blocksize = d.cfg.profile.fixedStack << order;
  let list: Link = null;
  let size = 0;
  while (size < d.cfg.profile.stackCacheSize / 2) {
    list = push(list, d.rt.stackpoolalloc(d, order));
    size += blocksize;
  }
  setCache(d, pp, order, { list, size });
}

/** stack.go:stackcacherelease — returns blocks to the pool until the cache holds half of _StackCacheSize. */
export function stackcacherelease(d: Draft, pp: number, order: number): void {
  const blocksize = d.cfg.profile.fixedStack << order;
  let { list, size } = d.ps[pp].stackcache[order];
  while (size > d.cfg.profile.stackCacheSize / 2 && list !== null) {
    d.rt.stackpoolfree(d, list.v, order);
    list = list.next;
    size -= blocksize;
  }
  setCache(d, pp, order, { list, size });
}

/** stack.go:stackcache_clear — returns every cached block of every order to the pool. */
export function stackcache_clear(d: Draft, pp: number): void {
  const cache = d.ps[pp].stackcache;
  for (let order = 0; order < cache.length; order++) {
    for (let x = cache[order].list; x !== null; x = x.next) d.rt.stackpoolfree(d, x.v, order);
  }
  updP(d, pp, { stackcache: emptyStackCache(d.cfg.profile.numStackOrders) });
  stat(d, 'cacheClear');
}

/** mcache.go:allocmcache's empty stackcache. @internal */
export function emptyStackCache(orders: number): readonly StackFreeList[] {
  let c = emptyCaches.get(orders);
  if (c === undefined) {
    c = Object.freeze(Array.from({ length: orders }, () => Object.freeze({ list: null, size: 0 })));
    emptyCaches.set(orders, c);
  }
  return c;
}

// Empty caches are shared: they are immutable, and a flush of every P is a hot path.
const emptyCaches = new Map<number, readonly StackFreeList[]>();
