// The page heap: mheap.go allocManual / freeManual over an arena of pages at concrete
// addresses. Simplification: first fit by lowest address over a sorted list of free runs,
// which is what the runtime's page allocator (mpagealloc.go) does for a fresh arena; the
// runtime's scavenger and arena growth are not modelled.

import { insertSpan, recordHeapFree, removeSpan, setFree, spanIndex, stat, type Draft } from './draft.ts';
import { fatal } from './abort.ts';
import type { PageRange, Span, SpanState } from './state.ts';

function takePages(d: Draft, npages: number): number {
  const free = d.free;
  for (let i = 0; i < free.length; i++) {
    const r = free[i];
    if (r.npages < npages) continue;
    const rest = free.slice();
    if (r.npages === npages) rest.splice(i, 1);
    else rest[i] = { base: r.base + npages * d.cfg.pageSize, npages: r.npages - npages };
    setFree(d, rest);
    return r.base;
  }
  return 0;
}

/** Allocates an npages span of the given state, or returns null when the arena is exhausted (mheap.go:allocSpan). @internal */
export function allocSpan(d: Draft, npages: number, state: SpanState): Span | null {
  const base = takePages(d, npages);
  if (base === 0) return null;
  const s: Span = { base, npages, state, elemsize: 0, allocCount: 0, manualFreeList: null };
  insertSpan(d, s);
  return s;
}

/**
 * mheap.go:allocManual(npages, spanAllocStack). Returns a span in mSpanManual with an empty
 * free list and allocCount 0, counted in inStacks (StackInuse), or null when out of memory.
 */
export function allocManual(d: Draft, npages: number): Span | null {
  return manualSpan(d, allocSpan(d, npages, 'manual'));
}

/**
 * mheap.go:allocManual with the page allocator's choice given: the span at base, or null if
 * those pages are not all free. Conformance level 2's heap oracle uses it to place a fresh span
 * where a real trace shows one (the runtime's choice depends on its whole heap, which a stack
 * trace does not show); allocManual is this at the lowest-address fit.
 */
export function allocManualAt(d: Draft, npages: number, base: number): Span | null {
  if (base % d.cfg.pageSize !== 0) return null;
  const end = base + npages * d.cfg.pageSize;
  const i = d.free.findIndex((r) => r.base <= base && end <= r.base + r.npages * d.cfg.pageSize);
  if (i < 0) return null;
  const r = d.free[i];
  const parts: PageRange[] = [];
  if (r.base < base) parts.push({ base: r.base, npages: (base - r.base) / d.cfg.pageSize });
  const rEnd = r.base + r.npages * d.cfg.pageSize;
  if (end < rEnd) parts.push({ base: end, npages: (rEnd - end) / d.cfg.pageSize });
  const rest = d.free.slice();
  rest.splice(i, 1, ...parts);
  setFree(d, rest);
  const s: Span = { base, npages, state: 'manual', elemsize: 0, allocCount: 0, manualFreeList: null };
  insertSpan(d, s);
  return manualSpan(d, s);
}

/** allocManual's accounting: the span counts in StackInuse (inStacks). */
function manualSpan(d: Draft, s: Span | null): Span | null {
  if (s === null) return null;
  d.inStacks += s.npages * d.cfg.pageSize;
  stat(d, 'heapAlloc');
  return s;
}

/**
 * mheap.go:freeManual(s, spanAllocStack) → freeSpanLocked: the span must be mSpanManual
 * with allocCount 0; its pages return to the heap, coalesced with free neighbours. The
 * caller guarantees gcphase == _GCoff (mheap.go's comment on freeManual; invariant I6).
 */
export function freeManual(d: Draft, base: number): void {
  const i = spanIndex(d.spans, base, d.cfg.pageSize);
  const s = i < 0 ? undefined : d.spans[i];
  if (s === undefined || s.base !== base || s.state !== 'manual' || s.allocCount !== 0) {
    fatal('mheap.freeSpanLocked - invalid stack free');
  }
  removeSpan(d, i);
  d.inStacks -= s.npages * d.cfg.pageSize;
  stat(d, 'spanFreed');
  recordHeapFree(d, { base, npages: s.npages, gcphase: d.gcphase });
  setFree(d, insertRange(d.free, { base, npages: s.npages }, d.cfg.pageSize));
}

function insertRange(free: readonly PageRange[], r: PageRange, pageSize: number): PageRange[] {
  const out: PageRange[] = [];
  let cur = r;
  let placed = false;
  for (const f of free) {
    if (f.base + f.npages * pageSize === cur.base) cur = { base: f.base, npages: f.npages + cur.npages };
    else if (cur.base + cur.npages * pageSize === f.base) cur = { base: cur.base, npages: cur.npages + f.npages };
    else if (f.base > cur.base && !placed) {
      out.push(cur);
      placed = true;
      out.push(f);
    } else out.push(f);
  }
  if (!placed) out.push(cur);
  return out;
}
