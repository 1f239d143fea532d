// Invariants of the per-P stack caches (research notes §4.2, I10–I13).

import { spanIndex } from '../../model/index.ts';
import { add, hex, verdict, type StateInvariant, type StepInvariant } from './invariant.ts';

export const cacheSizeMatchesList: StateInvariant = {
  reads: ['ps'],
  id: 'cache-size-matches-list', ref: 'I10', kind: 'state', scope: 'always', group: 'caches',
  title: "A P's stack cache size is its blocks' total, within _StackCacheSize",
  doc: 'For every P and order k, stackcache[k].size == len(list) * (fixedStack << k) and 0 <= size <= _StackCacheSize: stackfree releases to half before pushing, so the cap is never passed.',
  source: 'stack.go:stackalloc, stack.go:stackfree, stack.go:stackcacherelease',
  check(cfg, s) {
    let out: string[] | null = null;
    for (const p of s.ps) {
      for (let k = 0; k < p.stackcache.length; k++) {
        const c = p.stackcache[k];
        let n = 0;
        for (let x = c.list; x !== null; x = x.next) n++;
        const want = n * (cfg.profile.fixedStack << k);
        if (c.size !== want || c.size < 0 || c.size > cfg.profile.stackCacheSize) {
          out = add(out, `P${p.id} stackcache[${k}]: size ${c.size}, ${n} blocks (${want} bytes), cap ${cfg.profile.stackCacheSize}`);
        }
      }
    }
    return verdict(out, s.ps.length > 0);
  },
};

export const cachedBlocksBelongToOrder: StateInvariant = {
  reads: ['ps', 'spans'],
  id: 'cached-blocks-belong-to-their-order', ref: 'I11', kind: 'state', scope: 'always', group: 'caches',
  title: 'A cached block is an allocated slot of a span of its order',
  doc: "Every block in stackcache[k] is a slot of a manual span whose elemsize is fixedStack << k, aligned to it, and not on that span's free list.",
  source: 'stack.go:stackcacherefill, stack.go:stackfree',
  check(cfg, s) {
    let out: string[] | null = null;
    let saw = false;
    for (const p of s.ps) {
      for (let k = 0; k < p.stackcache.length; k++) {
        const size = cfg.profile.fixedStack << k;
        for (let x = p.stackcache[k].list; x !== null; x = x.next) {
          saw = true;
          const i = spanIndex(s.spans, x.v, cfg.pageSize);
          const sp = i < 0 ? undefined : s.spans[i];
          if (sp === undefined || sp.state !== 'manual' || sp.elemsize !== size || (x.v - sp.base) % size !== 0) {
            out = add(out, `P${p.id} stackcache[${k}] holds ${hex(x.v)}, not a slot of an order-${k} span`);
            continue;
          }
          for (let f = sp.manualFreeList; f !== null; f = f.next) {
            if (f.v === x.v) out = add(out, `P${p.id} stackcache[${k}] holds ${hex(x.v)}, which is also on its span's free list`);
          }
        }
      }
    }
    return verdict(out, saw);
  },
};

export const cacheEmptyAfterFlush: StepInvariant = {
  id: 'cache-empty-after-flush', ref: 'I12', kind: 'step', scope: 'transition', group: 'caches',
  title: 'A flush leaves the stack caches it flushed empty',
  doc: 'After ReadMemStats (flushallmcaches) every P\'s stack cache is empty; after prepareForSweep flushes a P, that P\'s cache is empty.',
  source: 'stack.go:stackcache_clear, mstats.go:flushallmcaches, mcache.go:prepareForSweep',
  check(_cfg, before, a, after) {
    let ps: readonly number[];
    if (a.kind === 'readMemStats') ps = after.ps.map((p) => p.id);
    else if (a.kind === 'prepareForSweep' && before.ps[a.p].flushGen !== after.ps[a.p].flushGen) ps = [a.p];
    else return verdict(null, false);
    let out: string[] | null = null;
    for (const id of ps) {
      after.ps[id].stackcache.forEach((c, k) => {
        if (c.list !== null || c.size !== 0) out = add(out, `P${id} stackcache[${k}] still holds ${c.size} bytes after ${a.kind}`);
      });
    }
    return verdict(out, true);
  },
};

export const cachesFlushedEachCycle: StateInvariant = {
  reads: ['ps', 'sweepgen', 'sweepFlushPending'],
  id: 'caches-flushed-each-cycle', ref: 'I13', kind: 'state', scope: 'always', group: 'caches',
  title: 'Every P flushes its mcache once per GC cycle',
  doc: "A P's flushGen is the current sweepgen, or sweepgen-2 while its forEachP(prepareForSweep) after the last mark termination is still pending; gcStart throws otherwise.",
  source: 'mcache.go:prepareForSweep, mgc.go:gcStart',
  check(_cfg, s) {
    let out: string[] | null = null;
    for (const p of s.ps) {
      const pending = (s.sweepFlushPending & (1 << p.id)) !== 0;
      if (p.flushGen !== s.sweepgen && !(pending && p.flushGen === s.sweepgen - 2)) {
        out = add(out, `P${p.id} flushGen ${p.flushGen}, sweepgen ${s.sweepgen}${pending ? ' (flush pending)' : ''}`);
      }
    }
    return verdict(out, s.ps.length > 0);
  },
};

export const refillAndReleaseMoveHalf: StepInvariant = {
  id: 'refill-and-release-move-half', ref: 'I12', kind: 'step', scope: 'transition', group: 'caches',
  title: 'A refill brings a cache to half of _StackCacheSize; a release takes a full one back to half',
  doc: 'stackcacherefill takes blocks until the cache holds _StackCacheSize/2 (16 KiB, a multiple of every cached size); stackcacherelease runs on a full cache (_StackCacheSize) and returns blocks until half is left, so each moves exactly _StackCacheSize/2. The amounts are the cache sizes stackalloc and stackfree see before and after each call, not figures the two routines report.',
  source: 'stack.go:stackcacherefill, stack.go:stackcacherelease',
  check(cfg, _before, _a, _after, obs) {
    const half = cfg.profile.stackCacheSize / 2;
    const refills = obs.refill, releases = obs.release;
    if (refills === 0 && releases === 0) return verdict(null, false);
    let out: string[] | null = null;
    const refilled = obs.refillBytes, released = obs.releaseBytes;
    if (refilled !== refills * half) out = add(out, `${refills} refill(s) moved ${refilled} bytes into caches, want ${refills * half}`);
    if (released !== releases * half) out = add(out, `${releases} release(s) moved ${released} bytes out of caches, want ${releases * half}`);
    return verdict(out, true);
  },
};

export const cacheInvariants = [cacheSizeMatchesList, cachedBlocksBelongToOrder, cacheEmptyAfterFlush, cachesFlushedEachCycle, refillAndReleaseMoveHalf];
