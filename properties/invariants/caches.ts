// Invariants of the per-P stack caches (research notes §4.2, I10–I13).

import { spanIndex } from '../../model/index.ts';
import { eachCachedBlock, eachCacheOrder, eachP } from './each.ts';
import { add, hex, stateRule, stepRule, verdict, type Out } from './invariant.ts';
import { cacheTransfers } from './cache-transfers.ts';

export const cacheSizeMatchesList = stateRule("A P's stack cache size is its blocks' total, within _StackCacheSize", {
  id: 'cache-size-matches-list', ref: 'I10', group: 'caches', reads: ['ps'], pFields: ['id', 'stackcache'], source: 'stack.go:stackalloc, stack.go:stackfree, stack.go:stackcacherelease',
  doc: 'For every P and order k, stackcache[k].size == len(list) * (fixedStack << k) and 0 <= size <= _StackCacheSize: stackfree releases to half before pushing, so the cap is never passed.',
  ...eachCacheOrder((cfg, _s, p, k, c, out) => {
    let n = 0;
    for (let x = c.list; x !== null; x = x.next) n++;
    const want = n * (cfg.profile.fixedStack << k);
    if (c.size === want && c.size >= 0 && c.size <= cfg.profile.stackCacheSize) return out;
    return add(out, `P${p.id} stackcache[${k}]: size ${c.size}, ${n} blocks (${want} bytes), cap ${cfg.profile.stackCacheSize}`);
  }),
});

export const cachedBlocksBelongToTheirOrder = stateRule('A cached block is an allocated slot of a span of its order', {
  id: 'cached-blocks-belong-to-their-order', ref: 'I11', group: 'caches', reads: ['ps', 'spans'], pFields: ['id', 'stackcache'], source: 'stack.go:stackcacherefill, stack.go:stackfree',
  doc: "Every block in stackcache[k] is a slot of a manual span whose elemsize is fixedStack << k, aligned to it, and not on that span's free list.",
  ...eachCachedBlock((cfg, s, p, k, v, out) => {
    const size = cfg.profile.fixedStack << k;
    const i = spanIndex(s.spans, v, cfg.pageSize);
    const sp = i < 0 ? undefined : s.spans[i];
    if (sp === undefined || sp.state !== 'manual' || sp.elemsize !== size || (v - sp.base) % size !== 0) {
      return add(out, `P${p.id} stackcache[${k}] holds ${hex(v)}, not a slot of an order-${k} span`);
    }
    for (let f = sp.manualFreeList; f !== null; f = f.next) {
      if (f.v === v) out = add(out, `P${p.id} stackcache[${k}] holds ${hex(v)}, which is also on its span's free list`);
    }
    return out;
  }),
});

export const cacheEmptyAfterFlush = stepRule('A flush leaves the stack caches it flushed empty', {
  id: 'cache-empty-after-flush', ref: 'I12a', group: 'caches', actions: ['readMemStats', 'prepareForSweep'], source: 'stack.go:stackcache_clear, mstats.go:flushallmcaches, mcache.go:prepareForSweep',
  doc: 'After ReadMemStats (flushallmcaches) every P\'s stack cache is empty; after prepareForSweep flushes a P, that P\'s cache is empty.',
  check(_cfg, before, a, after) {
    let first: number, last: number;
    if (a.kind === 'readMemStats') [first, last] = [0, after.ps.length];
    else if (a.kind === 'prepareForSweep' && before.ps[a.p].flushGen !== after.ps[a.p].flushGen) [first, last] = [a.p, a.p + 1];
    else return verdict(null, false);
    let out: Out = null;
    for (let id = first; id < last; id++) {
      const cache = after.ps[id].stackcache;
      for (let k = 0; k < cache.length; k++) {
        if (cache[k].list !== null || cache[k].size !== 0) out = add(out, `P${id} stackcache[${k}] still holds ${cache[k].size} bytes after ${a.kind}`);
      }
    }
    return verdict(out, true);
  },
});

export const cachesFlushedEachCycle = stateRule('Every P flushes its mcache once per GC cycle', {
  id: 'caches-flushed-each-cycle', ref: 'I13', group: 'caches', reads: ['ps', 'sweepgen', 'sweepFlushPending'], pFields: ['id', 'flushGen'], source: 'mcache.go:prepareForSweep, mgc.go:gcStart',
  doc: "A P's flushGen is the current sweepgen, or sweepgen-2 while its forEachP(prepareForSweep) after the last mark termination is still pending; gcStart throws otherwise.",
  check: eachP((_cfg, s, p, out) => {
    const pending = (s.sweepFlushPending & (1 << p.id)) !== 0;
    if (p.flushGen === s.sweepgen || (pending && p.flushGen === s.sweepgen - 2)) return out;
    return add(out, `P${p.id} flushGen ${p.flushGen}, sweepgen ${s.sweepgen}${pending ? ' (flush pending)' : ''}`);
  }),
});

export const refillAndReleaseMoveHalf = stepRule('Caches take stacks from the pool and give them back half a cache at a time', {
  id: 'refill-and-release-move-half', ref: 'I12b', group: 'caches', about: ['ps'], source: 'stack.go:stackcacherefill, stack.go:stackcacherelease',
  doc: 'stackcacherefill runs on an empty cache and grabs _StackCacheSize/2 from the pool "to prevent thrashing"; stackcacherelease runs on a full cache and returns blocks "until it is half full". So, read from the states before and after a step: a cache that took blocks from the pool had given up every block it held, and the blocks of an order that left the pool (into caches, or through a cache into a stack) are a whole number of halves; likewise the blocks a cache returned to the pool, unless the step flushed it.',
  check: (cfg, before, _a, after, _obs, ctx) => cacheTransfers(cfg, before, after, ctx),
});

export const eachCacheMoveIsHalf = stepRule('Each refill and each release moves exactly _StackCacheSize/2', {
  id: 'each-cache-move-is-half', ref: 'I12c', group: 'caches', source: 'stack.go:stackalloc, stack.go:stackfree, stack.go:stackcacherefill, stack.go:stackcacherelease',
  doc: 'Per call, not per step: stackalloc sees its cache empty before stackcacherefill and holding _StackCacheSize/2 after; stackfree sees it at _StackCacheSize before stackcacherelease and at half after. The sizes are read by those callers around each call (Observation refillBytes/releaseBytes), so a release that drains the cache (two halves at once, which the per-step block count above cannot tell from two releases) is seen.',
  check(cfg, _before, _a, _after, obs) {
    if (obs.refill === 0 && obs.release === 0) return verdict(null, false);
    const half = cfg.profile.stackCacheSize / 2;
    let out: string[] | null = null;
    if (obs.refillBytes !== obs.refill * half) out = add(out, `${obs.refill} refill(s) moved ${obs.refillBytes} bytes into caches, want ${obs.refill * half}`);
    if (obs.releaseBytes !== obs.release * half) out = add(out, `${obs.release} release(s) moved ${obs.releaseBytes} bytes out of caches, want ${obs.release * half}`);
    return verdict(out, true);
  },
});

export const cacheInvariants = [
  cacheSizeMatchesList, cachedBlocksBelongToTheirOrder, cacheEmptyAfterFlush, cachesFlushedEachCycle, refillAndReleaseMoveHalf, eachCacheMoveIsHalf,
];
