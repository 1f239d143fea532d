// stack.go:stackalloc and stackfree: the small path through the per-P cache (or the global
// pool without a P / with stackNoCache), and the large path through stackLarge and the
// heap. Simplification: the efence/stackFromSystem path (sysAlloc) is not modelled.

import { fatal, terminal } from './abort.ts';
import { setSpan, spanIndex, stat, updP, type Draft } from './draft.ts';
import { push } from './list.ts';
import type { Profile } from './profile.ts';
import { spanListInsert, spanListRemove } from './spanlist.ts';
import { cacheP, type ExecP } from './exec-p.ts';
import { spanWith } from './records.ts';

/** log2 of a power of two (stack.go:stacklog2 rounds down). @internal */
export function log2(n: number): number {
  let k = 0;
  while (n > 1) {
    n = Math.floor(n / 2);
    k++;
  }
  return k;
}

/**
 * stack.go:stacklog2 — stackLarge.free's index for a span of npages pages: Go 1.19's
 * ⌊log2 npages⌋, or Go 1.26's bits.Len64(npages), one more (profile.stacklog2).
 * @public
 */
export function stacklog2(profile: Pick<Profile, 'stacklog2'>, npages: number): number {
  if (npages === 0) return 0;
  return profile.stacklog2 === 'bits-len' ? log2(npages) + 1 : log2(npages);
}

/** Whether a stack of n bytes takes the small (cached, pooled) path. @public */
export function isSmallStack(d: Pick<Draft, 'cfg'>, n: number): boolean {
  return n < d.cfg.smallStackLimit;
}

/** The stack order of a small stack of n bytes: log2(n / fixedStack). @public */
export function stackOrder(d: Pick<Draft, 'cfg'>, n: number): number {
  return log2(n / d.cfg.profile.fixedStack);
}

/**
 * stack.go:stackalloc — allocates an n byte stack, n a power of two; runs on the system
 * stack, because it uses per-P resources and must not split the stack. Returns its lo; the
 * stack is [lo, lo+n). Small stacks come from the P's cache without a lock when the M has a
 * P and may use its cache; without one (exitsyscall, procresize, m.preemptoff) a concurrent
 * flush may empty the cache, so they come from the locked global pool. Large ones are reused
 * from stackLarge or taken from the heap. A size that is not a power of two throws: the order
 * arithmetic and the alignment every stack relies on (lo % min(n, page) == 0) assume it.
 */
export function stackalloc(d: Draft, m: ExecP, n: number): number {
  if (n <= 0 || (n & (n - 1)) !== 0) fatal('stack size not a power of 2');
  if (isSmallStack(d, n)) {
    const order = stackOrder(d, n);
    const pp = cacheP(m);
    if (d.cfg.modes.stackNoCache || pp < 0) {
      // No P (exitsyscall, procresize) or m.preemptoff set: the cache may be flushed
      // concurrently, so go to the global pool.
      stat(d, 'pool');
      return d.rt.stackpoolalloc(d, order);
    }
    if (d.ps[pp].stackcache[order].list === null) {
      const empty = d.ps[pp].stackcache[order].size;
      d.rt.stackcacherefill(d, pp, order);
      // Measured here, by the caller, so that a refill that miscounts cannot vouch for itself.
      stat(d, 'refill');
      stat(d, 'refillBytes', d.ps[pp].stackcache[order].size - empty);
    } else stat(d, 'cacheHit');
    const c = d.ps[pp].stackcache[order];
    const x = c.list!;
    const stackcache = d.ps[pp].stackcache.slice();
    stackcache[order] = { list: x.next, size: c.size - n };
    updP(d, pp, { stackcache });
    return x.v;
  }
  const npage = n / d.cfg.pageSize;
  const log2npage = stacklog2(d.cfg.profile, npage);
  const cached = d.stackLarge[log2npage];
  if (cached.length > 0) {
    // Try to get a stack from the large stack cache.
    const base = cached[0];
    spanListRemove(d, 'large', log2npage, base);
    stat(d, 'stackLargeReuse');
    return base;
  }
  // Allocate a new stack from the heap.
  const s = d.rt.allocManual(d, npage);
  if (s === null) terminal('out of memory', 'out of memory');
  setSpan(d, spanIndex(d.spans, s.base, d.cfg.pageSize), spanWith(s, { elemsize: n }));
  stat(d, 'large');
  return s.base;
}

/** What a seeded bug changes in stackfree: the order it computes for a small stack, the stackLarge bucket for a large one. @internal */
export interface StackfreeKnobs {
  readonly orderOf: (d: Draft, n: number) => number;
  readonly bucketOf: (d: Draft, npages: number) => number;
}

/** The runtime's choices: stacklog2(n / fixedStack), as stackalloc computes it, and the release's stacklog2(npages). @internal */
export const correctStackfreeKnobs: StackfreeKnobs = { orderOf: stackOrder, bucketOf: (d, npages) => stacklog2(d.cfg.profile, npages) };

/**
 * stack.go:stackfree — frees the n byte stack [lo, hi); the caller owns it and nothing
 * references it any more. Large stacks freed while the GC runs go to stackLarge: returning
 * the span to the heap then would race with the GC (golang/go#11267, #11466).
 * @internal
 */
export function stackfreeWith(k: StackfreeKnobs): (d: Draft, pp: ExecP, lo: number, hi: number) => void {
  return (d, m, lo, hi) => {
    const n = hi - lo;
    if ((n & (n - 1)) !== 0 || n <= 0) fatal('stack not a power of 2');
    if (lo + n < hi) fatal('bad stack size');
    if (isSmallStack(d, n)) {
      const order = k.orderOf(d, n);
      const pp = cacheP(m);
      if (d.cfg.modes.stackNoCache || pp < 0) {
        stat(d, 'pool');
        d.rt.stackpoolfree(d, lo, order);
        return;
      }
      const full = d.ps[pp].stackcache[order].size;
      if (full >= d.cfg.profile.stackCacheSize) {
        d.rt.stackcacherelease(d, pp, order);
        stat(d, 'release');
        stat(d, 'releaseBytes', full - d.ps[pp].stackcache[order].size);
      }
      const c = d.ps[pp].stackcache[order];
      const stackcache = d.ps[pp].stackcache.slice();
      stackcache[order] = { list: push(c.list, lo), size: c.size + n };
      updP(d, pp, { stackcache });
      return;
    }
    const i = spanIndex(d.spans, lo, d.cfg.pageSize);
    const s = i < 0 ? undefined : d.spans[i];
    if (s === undefined || s.state !== 'manual') fatal('bad span state');
    if (d.gcphase === 'off') {
      // Free the stack immediately if we're sweeping.
      d.rt.freeManual(d, s.base);
    } else {
      // GC is running: add it to the large stack cache instead.
      spanListInsert(d, 'large', k.bucketOf(d, s.npages), s.base);
      stat(d, 'largeToStackLarge');
    }
  };
}

/** stack.go:stackfree. */
export const stackfree = stackfreeWith(correctStackfreeKnobs);
