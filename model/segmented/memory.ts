// Where segments come from besides the cache: malloc.goc's mallocgc / free for every
// segment that is not FixedStack, and SysAlloc for the cache's batches.
// Simplification: mallocgc rounds a segment up to whole pages, first fit by address
// (size classes and the MCache/MCentral layers are not modelled); SysAlloc hands out
// consecutive batches from one range until the scope's count is used up.

import { fate, segThrow, type World } from './world.ts';

/** mem_linux.c:runtime·SysAlloc of one StackCacheNode batch; 0 when the scope's memory is used up. @internal */
export function sysAllocBatch(w: World): number {
  const { profile, scope } = w.cfg;
  if (w.sysBatches >= scope.sysBatches) return 0;
  const v = profile.sysBase + w.sysBatches * profile.fixedStack * profile.stackCacheBatch;
  w.sysBatches++;
  w.obs.sysAlloc++;
  return v;
}

/** malloc.goc:runtime·mallocgc(n, 0, FlagNoProfiling|FlagNoGC|...) for a segment. @internal */
export function mallocgc(w: World, n: number): number {
  const page = w.cfg.profile.pageSize;
  const size = Math.ceil(n / page) * page;
  const i = w.heapFree.findIndex((r) => r.size >= size);
  if (i < 0) fate('out of memory', `runtime: out of memory: cannot allocate ${size}-byte block`);
  const r = w.heapFree[i];
  if (r.size === size) w.heapFree.splice(i, 1);
  else w.heapFree[i] = { lo: r.lo + size, size: r.size - size };
  w.heapUsed.set(r.lo, size);
  w.obs.malloc++;
  return r.lo;
}

/** malloc.goc:runtime·free: the block goes back to the heap, merged with its free neighbours. @internal */
export function free(w: World, v: number): void {
  const size = w.heapUsed.get(v);
  if (size === undefined) segThrow('free: invalid pointer');
  w.heapUsed.delete(v);
  w.obs.free++;
  insertFree(w, v, size);
}

/**
 * mheap.c:runtime·MHeap_SplitSpan, then free of the lower half (Go 1.3 stack.c:shrinkstack
 * in place): the block [v, v+size) becomes a block [v+size/2, v+size) and frees its bottom half.
 * @internal
 */
export function splitAndFreeLowerHalf(w: World, v: number): void {
  const size = w.heapUsed.get(v);
  if (size === undefined) segThrow('span element size doesn\'t match stack size');
  const half = size / 2;
  w.heapUsed.set(v, half);
  w.heapUsed.set(v + half, half);
  free(w, v);
}

function insertFree(w: World, lo: number, size: number): void {
  const f = w.heapFree;
  let i = 0;
  while (i < f.length && f[i].lo < lo) i++;
  if (i < f.length && lo + size > f[i].lo) segThrow('free: block overlaps a free range');
  if (i > 0 && f[i - 1].lo + f[i - 1].size > lo) segThrow('free: block overlaps a free range');
  let merged = { lo, size };
  if (i < f.length && lo + size === f[i].lo) {
    merged = { lo, size: size + f[i].size };
    f.splice(i, 1);
  }
  if (i > 0 && f[i - 1].lo + f[i - 1].size === lo) {
    merged = { lo: f[i - 1].lo, size: f[i - 1].size + merged.size };
    f.splice(i - 1, 1);
    i--;
  }
  f.splice(i, 0, merged);
}
