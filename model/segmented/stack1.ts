// Go 1.4's stack allocator (src/runtime/stack1.go): stacks of FixedStack << order for the
// orders below _NumStackOrders come from the M's per-order free lists (mcache.stackcache),
// refilled from and released to a global pool of _StackCacheSize spans cut into stacks of
// one order (stackpool); larger stacks are heap spans of their own (mHeap_AllocStack). While
// the collector runs (m.gcing) stackalloc and stackfree go to the pool directly.

import { free, mallocgc } from './memory.ts';
import type { Allocated, SegRuntime } from './routine-table.ts';
import type { PoolSpan } from './state.ts';
import { segThrow, type World } from './world.ts';

/** stackalloc's order loop: the order of an n-byte stack (n2 halves until it is FixedStack). @internal */
export function stackOrder(fixedStack: number, n: number): number {
  let order = 0;
  for (let n2 = n; n2 > fixedStack; n2 >>= 1) order++;
  return order;
}

/** Whether stackalloc takes n bytes from the per-order lists (n < FixedStack<<_NumStackOrders and n < _StackCacheSize). @internal */
export function cachedSize(w: World, n: number): boolean {
  const p = w.cfg.profile;
  return n < p.fixedStack * 2 ** p.numStackOrders && n < p.stackCacheBytes;
}

/**
 * stack1.go:stackpoolalloc(order): the first span of stackpool[order] gives its head stack;
 * with none, mHeap_AllocStack takes a fresh _StackCacheSize span and cuts it (its last stack
 * ends up the head of the free list). A span whose list empties leaves the pool list.
 * @internal
 */
export function stackpoolalloc(w: World, order: number): number {
  const p = w.cfg.profile;
  const list = w.stackpool[order];
  let base = list[0];
  if (base === undefined) {
    base = mallocgc(w, p.stackCacheBytes);
    const size = p.fixedStack << order;
    const freelist: number[] = [];
    for (let i = 0; i < p.stackCacheBytes; i += size) freelist.push(base + i);
    w.poolSpans.set(base, { order, freelist, ref: 0 });
    w.stackpool[order] = [base, ...list];
  }
  const s = w.poolSpans.get(base) as PoolSpan;
  const x = s.freelist[s.freelist.length - 1];
  if (x === undefined) segThrow('span has no free stacks');
  const freelist = s.freelist.slice(0, -1);
  w.poolSpans.set(base, { ...s, freelist, ref: s.ref + 1 });
  if (freelist.length === 0) w.stackpool[order] = w.stackpool[order].filter((b) => b !== base);
  return x;
}

/** The pool span holding stack x (mHeap_Lookup); throws as stackpoolfree does when there is none. */
function spanOf(w: World, x: number): number {
  const bytes = w.cfg.profile.stackCacheBytes;
  for (const base of w.poolSpans.keys()) if (base <= x && x < base + bytes) return base;
  return segThrow('freeing stack not in a stack span');
}

/**
 * stack1.go:stackpoolfree(x, order): x goes back on its span's free list (a span that had none
 * rejoins stackpool[order] at the head); a span with every stack free goes back to the heap.
 * @internal
 */
export function stackpoolfree(w: World, x: number, order: number): void {
  const base = spanOf(w, x);
  const s = w.poolSpans.get(base) as PoolSpan;
  if (s.freelist.length === 0) w.stackpool[order] = [base, ...w.stackpool[order]];
  const next = { ...s, freelist: [...s.freelist, x], ref: s.ref - 1 };
  if (next.ref !== 0) {
    w.poolSpans.set(base, next);
    return;
  }
  // span is completely free - return to heap
  w.stackpool[order] = w.stackpool[order].filter((b) => b !== base);
  w.poolSpans.delete(base);
  free(w, base);
  w.obs.spanFreed++;
}

/** stack1.go:stackcacherefill(c, order): stacks from the pool until the list holds _StackCacheSize/2 bytes. @internal */
export function stackcacherefill14(w: World, _rt: SegRuntime, order: number): void {
  const p = w.cfg.profile;
  const size = p.fixedStack << order;
  const list: number[] = [];
  for (let bytes = 0; bytes < p.stackCacheBytes / 2; bytes += size) list.unshift(stackpoolalloc(w, order));
  const m = w.ms[w.m];
  w.ms[w.m] = { ...m, orders: m.orders.map((l, o) => (o === order ? list : l)) };
  w.obs.refill++;
}

/** stack1.go:stackcacherelease(c, order): stacks from the list's head back to the pool until it holds _StackCacheSize/2 bytes. @internal */
export function stackcacherelease14(w: World, rt: SegRuntime, order: number): void {
  const p = w.cfg.profile;
  const size = p.fixedStack << order;
  const list = [...w.ms[w.m].orders[order]];
  while (list.length * size > p.stackCacheBytes / 2) rt.stackpoolfree(w, list.pop() as number, order);
  const m = w.ms[w.m];
  w.ms[w.m] = { ...m, orders: m.orders.map((l, o) => (o === order ? list : l)) };
  w.obs.release++;
}

/** stack1.go:stackcache_clear(c): every list of the M back to the pool (mgc0.c:flushallmcaches at GC). @internal */
export function stackcacheClear(w: World, rt: SegRuntime, m: number): void {
  w.ms[m].orders.forEach((list, order) => {
    for (let i = list.length - 1; i >= 0; i--) rt.stackpoolfree(w, list[i], order);
  });
  w.ms[m] = { ...w.ms[m], orders: w.ms[m].orders.map(() => []) };
}

/**
 * stack1.go:stackalloc(n): a power of 2 ("stack size not a power of 2"); a small one from the
 * M's list of its order (refilled when empty), or from the pool while the GC runs; a large
 * one a heap span of its own.
 * @internal
 */
export function stackalloc14(w: World, rt: SegRuntime, n: number): Allocated {
  if ((n & (n - 1)) !== 0) segThrow('stack size not a power of 2');
  if (!cachedSize(w, n)) return { v: mallocgc(w, n), malloced: true };
  const order = stackOrder(w.cfg.profile.fixedStack, n);
  if (w.gcing) {
    w.obs.poolDirect++;
    return { v: stackpoolalloc(w, order), malloced: false };
  }
  if (w.ms[w.m].orders[order].length === 0) rt.stackcacherefill(w, rt, order);
  const m = w.ms[w.m];
  const list = m.orders[order];
  w.ms[w.m] = { ...m, orders: m.orders.map((l, o) => (o === order ? list.slice(0, -1) : l)) };
  w.obs.cacheHit++;
  return { v: list[list.length - 1], malloced: false };
}

/**
 * stack1.go:stackfree(stk): a small stack onto the M's list of its order (releasing half
 * first when the list holds _StackCacheSize bytes), or to the pool while the GC runs; a
 * large one back to the heap ("bad span state" if it is no stack span).
 * @internal
 */
export function stackfree14(w: World, rt: SegRuntime, v: number, n: number, _malloced: boolean): void {
  if ((n & (n - 1)) !== 0) segThrow('stack not a power of 2');
  if (!cachedSize(w, n)) {
    if (!w.heapUsed.has(v) || w.poolSpans.has(v)) segThrow('bad span state');
    free(w, v);
    return;
  }
  const order = stackOrder(w.cfg.profile.fixedStack, n);
  if (w.gcing) {
    w.obs.poolDirect++;
    rt.stackpoolfree(w, v, order);
    return;
  }
  if (w.ms[w.m].orders[order].length * n >= w.cfg.profile.stackCacheBytes) rt.stackcacherelease(w, rt, order);
  const m = w.ms[w.m];
  w.ms[w.m] = { ...m, orders: m.orders.map((l, o) => (o === order ? [...l, v] : l)) };
}
