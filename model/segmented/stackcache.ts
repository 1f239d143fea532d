// stack.c's allocator of segments (Go 1.1-1.3): a per-M ring of FixedStack segments
// (m->stackcache, StackCacheSize entries) refilled from and released to a global list of
// StackCacheNode batches, SysAlloc when that list is empty; any other size from mallocgc.

import type { SegM, StackCacheNode } from './state.ts';
import { free, mallocgc, sysAllocBatch } from './memory.ts';
import type { Allocated, SegRuntime } from './routine-table.ts';
import { fate, segThrow, type World } from './world.ts';

const mod = (a: number, n: number): number => ((a % n) + n) % n;

/**
 * stack.c:stackcacherefill: StackCacheBatch segments into this M's ring, from the global
 * list (stackcachemu) or, when it is empty, from a fresh SysAlloc'ed batch whose first
 * segment holds the StackCacheNode itself.
 * @internal
 */
export function stackcacherefill(w: World, _rt: SegRuntime, _order: number): void {
  const { fixedStack, stackCacheSize, stackCacheBatch } = w.cfg.profile;
  let n: StackCacheNode | undefined = w.stackcache.pop();
  if (n === undefined) {
    const v = sysAllocBatch(w);
    if (v === 0) fate('out of memory', 'out of memory (stackcacherefill)');
    n = { addr: v, batch: Array.from({ length: stackCacheBatch - 1 }, (_, i) => v + (i + 1) * fixedStack) };
  }
  const m = w.ms[w.m];
  const cache = m.stackcache.slice();
  let pos = m.stackcachepos;
  for (const seg of n.batch) {
    cache[pos] = seg;
    pos = (pos + 1) % stackCacheSize;
  }
  cache[pos] = n.addr;
  pos = (pos + 1) % stackCacheSize;
  w.ms[w.m] = { ...m, stackcache: cache, stackcachepos: pos, stackcachecnt: m.stackcachecnt + stackCacheBatch };
  w.obs.refill++;
}

/**
 * stack.c:stackcacherelease: the ring's oldest StackCacheBatch segments go to the global
 * list as one node (the oldest segment holds the node, the next ones its batch).
 * @internal
 */
export function stackcacherelease(w: World, _rt: SegRuntime, _order: number): void {
  const { stackCacheSize, stackCacheBatch } = w.cfg.profile;
  const m = w.ms[w.m];
  let pos = mod(m.stackcachepos - m.stackcachecnt, stackCacheSize);
  const addr = m.stackcache[pos];
  pos = (pos + 1) % stackCacheSize;
  const batch: number[] = [];
  for (let i = 0; i < stackCacheBatch - 1; i++) {
    batch.push(m.stackcache[pos]);
    pos = (pos + 1) % stackCacheSize;
  }
  w.ms[w.m] = { ...m, stackcachecnt: m.stackcachecnt - stackCacheBatch };
  w.stackcache.push({ addr, batch });
  w.obs.release++;
}

export type { Allocated } from './routine-table.ts';

/**
 * stack.c:runtime·stackalloc: FixedStack from the M's ring (refilled when empty), any other
 * size from mallocgc. Go 1.3 first throws on a size that is not a power of 2.
 * Simplification: m->mallocing and m->gcing are never set when a goroutine's stack grows here.
 * @internal
 */
export function stackalloc(w: World, rt: SegRuntime, n: number): Allocated {
  const { fixedStack, stackCacheSize, round2 } = w.cfg.profile;
  if (round2 && (n & (n - 1)) !== 0) segThrow('stack size not a power of 2');
  if (n !== fixedStack) return { v: mallocgc(w, n), malloced: true };
  if (w.ms[w.m].stackcachecnt === 0) rt.stackcacherefill(w, rt, 0);
  const m = w.ms[w.m];
  const pos = mod(m.stackcachepos - 1, stackCacheSize);
  w.ms[w.m] = { ...m, stackcachepos: pos, stackcachecnt: m.stackcachecnt - 1, stackinuse: m.stackinuse + 1 };
  w.obs.cacheHit++;
  return { v: m.stackcache[pos], malloced: false };
}

/**
 * stack.c:runtime·stackfree: a FixedStack segment back into the M's ring (releasing a batch
 * when the ring is full), any other size to free. Go 1.3 decides by Stktop.malloced and
 * throws when a cache segment is not FixedStack ("stackfree: bad fixed size").
 * @internal
 */
export function stackfree(w: World, rt: SegRuntime, v: number, n: number, malloced: boolean): void {
  const { fixedStack, stackCacheSize, copying } = w.cfg.profile;
  const toCache = copying ? !malloced : n === fixedStack;
  if (!toCache) {
    free(w, v);
    return;
  }
  if (n !== fixedStack) segThrow('stackfree: bad fixed size');
  if (w.ms[w.m].stackcachecnt === stackCacheSize) rt.stackcacherelease(w, rt, 0);
  const m: SegM = w.ms[w.m];
  const cache = m.stackcache.slice();
  cache[m.stackcachepos] = v;
  w.ms[w.m] = { ...m, stackcache: cache, stackcachepos: (m.stackcachepos + 1) % stackCacheSize, stackcachecnt: m.stackcachecnt + 1, stackinuse: m.stackinuse - 1 };
}
