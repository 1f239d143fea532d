// The global stack pool and the per-P stack caches: runtime/stack.go stackpoolalloc,
// stackpoolfree, stackcacherefill, stackcacherelease, stackcache_clear. Each runs under
// its pool lock in the runtime, so each is one atomic part of a step here.

import { fatal, terminal } from './abort.ts';
import { setSpan, spanIndex, stat, updP, type Draft } from './draft.ts';
import { push } from './list.ts';
import { spanListInsert, spanListRemove } from './spanlist.ts';
import type { Link } from './list.ts';
import type { StackFreeList } from './state.ts';
import { spanWith } from './records.ts';

/**
 * The decisions of stackpoolalloc and stackpoolfree that seeded bugs change (model/mutants/),
 * so a mutant is the correct routine with one knob turned, never a second copy of its body.
 * @internal
 */
export interface StackpoolKnobs {
  /** stackpoolalloc takes a span off stackpool[order] when its last free slot goes (golang/go#22412's list rule). */
  readonly unlistFullSpans: boolean;
  /** stackpoolfree counts the freed slot out of allocCount. */
  readonly countFrees: boolean;
  /** stackpoolfree gives an emptied span back to the heap only while gcphase == _GCoff (golang/go#11267). */
  readonly keepEmptySpansDuringGC: boolean;
}

/** Go 1.19's choices. @internal */
export const correctPoolKnobs: StackpoolKnobs = { unlistFullSpans: true, countFrees: true, keepEmptySpansDuringGC: true };

/**
 * stack.go:stackpoolalloc — allocates a stack from the free pool; must be called with
 * stackpool[order].item.mu held. A fresh span is carved front to back, each slot pushed on
 * the head of manualFreeList, so the first slot handed out is the highest one. The span
 * leaves the list when its last slot goes, so that the list holds only spans that can serve
 * (a full span left there makes the next caller throw "span has no free stacks").
 * @internal
 */
export function stackpoolallocWith(k: StackpoolKnobs): (d: Draft, order: number) => number {
  return (d, order) => {
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
      setSpan(d, spanIndex(d.spans, s.base, d.cfg.pageSize), spanWith(s, { elemsize, manualFreeList: list }));
      spanListInsert(d, 'pool', order, s.base);
      base = s.base;
    }
    const i = spanIndex(d.spans, base, d.cfg.pageSize);
    const s = d.spans[i];
    const x = s.manualFreeList;
    if (x === null) fatal('span has no free stacks');
    setSpan(d, i, spanWith(s, { manualFreeList: x.next, allocCount: s.allocCount + 1 }));
    if (x.next === null && k.unlistFullSpans) {
      // All stacks in s are allocated.
      spanListRemove(d, 'pool', order, base);
    }
    return x.v;
  };
}

/** stack.go:stackpoolalloc, as Go 1.19 has it. */
export const stackpoolalloc = stackpoolallocWith(correctPoolKnobs);

/**
 * stack.go:stackpoolfree — adds stack x to the free pool; must be called with
 * stackpool[order].item.mu held. A span that had no free slot goes back on the list. When
 * the span empties it goes back to the heap, but only while the GC is off; the runtime's
 * comment gives the race this avoids:
 *  1) GC is on, a goroutine's stack is shrunk or freed, its span becomes empty;
 *  2) were the span freed now, its pages could be reused for a heap object at once;
 *  3) the GC, still scanning, follows a stale sudog.elem (or other stack pointer) into the
 *     span and finds a heap span where a stack span was — "bad pointer in frame"
 *     (golang/go#11267). So during GC the empty span stays on stackpool, and
 *     freeStackSpans returns it after mark termination.
 * @internal
 */
export function stackpoolfreeWith(k: StackpoolKnobs): (d: Draft, x: number, order: number) => void {
  return (d, x, order) => {
    const i = spanIndex(d.spans, x, d.cfg.pageSize);
    const s = i < 0 ? undefined : d.spans[i];
    if (s === undefined || s.state !== 'manual') fatal('freeing stack not in a stack span');
    if (s.manualFreeList === null) {
      // s will now have a free stack.
      spanListInsert(d, 'pool', order, s.base);
    }
    const freed = spanWith(s, { manualFreeList: push(s.manualFreeList, x), allocCount: k.countFrees ? s.allocCount - 1 : s.allocCount });
    setSpan(d, i, freed);
    if ((d.gcphase === 'off' || !k.keepEmptySpansDuringGC) && freed.allocCount === 0) {
      // Span is completely free. Return it to the heap immediately if we're sweeping.
      spanListRemove(d, 'pool', order, s.base);
      setSpan(d, i, spanWith(freed, { manualFreeList: null }));
      d.rt.freeManual(d, s.base);
    }
  };
}

/** stack.go:stackpoolfree, as Go 1.19 has it. */
export const stackpoolfree = stackpoolfreeWith(correctPoolKnobs);

function setCache(d: Draft, pp: number, order: number, entry: StackFreeList): void {
  const stackcache = d.ps[pp].stackcache.slice();
  stackcache[order] = entry;
  updP(d, pp, { stackcache });
}

/**
 * What a seeded bug changes in stackcacherefill: the size the loop counts from, and work
 * done between taking the blocks and installing them (golang/go#15853: the refill ran on a
 * growable stack, and a growth in the middle reused the same P's cache).
 * @internal
 */
export interface RefillKnobs {
  readonly firstSize: (blocksize: number) => number;
  readonly beforeInstall: ((d: Draft, pp: number) => void) | null;
}

/** Go 1.19's choices: count from 0, nothing between (the refill runs on the system stack). @internal */
export const correctRefillKnobs: RefillKnobs = { firstSize: () => 0, beforeInstall: null };

/**
 * stack.go:stackcacherefill — grabs half of _StackCacheSize from the global pool for P's
 * cache of this order, in one lock acquisition: half, so that the cache can absorb as many
 * frees as it can serve allocations before it must go back to the pool.
 * @internal
 */
export function stackcacherefillWith(k: RefillKnobs): (d: Draft, pp: number, order: number) => void {
  return (d, pp, order) => {
    const blocksize = d.cfg.profile.fixedStack << order;
    let list: Link = null;
    let size = k.firstSize(blocksize);
    while (size < d.cfg.profile.stackCacheSize / 2) {
      list = push(list, d.rt.stackpoolalloc(d, order));
      size += blocksize;
    }
    if (k.beforeInstall !== null) k.beforeInstall(d, pp);
    setCache(d, pp, order, { list, size });
  };
}

/** stack.go:stackcacherefill, as Go 1.19 has it. */
export const stackcacherefill = stackcacherefillWith(correctRefillKnobs);

/**
 * stack.go:stackcacherelease — returns blocks to the pool until the cache holds half of
 * _StackCacheSize, so the next frees again find room. It walks the list by size, not by
 * links: a size that claims more than the list holds dereferences a nil link, which the
 * runtime does not survive either.
 */
export function stackcacherelease(d: Draft, pp: number, order: number): void {
  const blocksize = d.cfg.profile.fixedStack << order;
  let { list, size } = d.ps[pp].stackcache[order];
  while (size > d.cfg.profile.stackCacheSize / 2) {
    if (list === null) fatal('unexpected signal during runtime execution: nil pointer dereference in stackcacherelease');
    d.rt.stackpoolfree(d, list.v, order);
    list = list.next;
    size -= blocksize;
  }
  setCache(d, pp, order, { list, size });
}

/**
 * stack.go:stackcache_clear — returns every cached block of every order to the pool: at
 * mark termination's sweep flush and in ReadMemStats, so that the pool (and through it the
 * heap) can take back spans whose stacks sit idle in caches. Each order is its own critical
 * section (stackpool[order].item.mu), so another P's pool work of an order can come between
 * two orders of one clear: a real trace interleaves them, and conformance's level 2 replays
 * each section (stackcacheClearOrder) at its own line.
 */
export function stackcache_clear(d: Draft, pp: number): void {
  for (let order = 0; order < d.ps[pp].stackcache.length; order++) d.rt.stackcacheClearOrder(d, pp, order);
  stat(d, 'cacheClear');
}

/**
 * stack.go:stackcache_clear, one turn of its order loop: with stackpool[order].item.mu held,
 * P's cached blocks of that order go back to their spans (stackpoolfree, which may return an
 * emptied span to the heap) and the cache's list is emptied.
 */
export function stackcacheClearOrder(d: Draft, pp: number, order: number): void {
  const c = d.ps[pp].stackcache[order];
  if (c.list === null && c.size === 0) return;
  for (let x = c.list; x !== null; x = x.next) d.rt.stackpoolfree(d, x.v, order);
  const cache = d.ps[pp].stackcache;
  // The last order emptied: share the profile's empty cache, as a fresh mcache does.
  if (cache.every((o, k) => k === order || (o.list === null && o.size === 0))) updP(d, pp, { stackcache: d.cfg.emptyStackCache });
  else setCache(d, pp, order, { list: null, size: 0 });
}
