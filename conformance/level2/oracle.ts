// The heap as an oracle (research notes §7, "Abstract the heap as an oracle"). Level 2 takes
// exactly one thing from the trace: where the page heap put a fresh stack span. Every other
// address — cache LIFO order, span free lists, slot order inside a span — must come from the
// model. So mheap.go:allocManual is replaced in the routine table by a function that places the
// span at a base the replay chose, after checking those pages are free in the model's own heap.

import { insertSpan, setFree, stat, type Draft } from '../../model/draft.ts';
import type { Runtime } from '../../model/runtime.ts';
import type { PageRange, Span, State } from '../../model/state.ts';

/** The routine asked for a span and no base was planned: the replay must pick candidates. @internal */
export class NeedSpan {
  constructor(readonly npages: number) {}
}

/** The planned base's pages are not free in the model's heap: that is a divergence, not a choice. @internal */
export class SpanRefused {
  constructor(readonly base: number, readonly npages: number, readonly reason: string) {}
}

/** The bases the next allocManual calls take, in order (one per fresh span). @internal */
export interface SpanPlan {
  bases: number[];
  /** Bases actually handed out during the current run. */
  placed: number[];
}

/**
 * A routine table whose allocManual places spans at plan.bases. Everything else is the model's
 * own; the returned span is exactly what heap.ts:allocManual would return (mSpanManual, empty
 * free list, allocCount 0, counted in inStacks and heapAlloc).
 * @internal
 */
export function oracleRuntime(base: Runtime, plan: SpanPlan): Runtime {
  const allocManual = (d: Draft, npages: number): Span | null => {
    const at = plan.bases.shift();
    if (at === undefined) throw new NeedSpan(npages);
    setFree(d, takeAt(d.free, at, npages, d.cfg.pageSize));
    const s: Span = { base: at, npages, state: 'manual', elemsize: 0, allocCount: 0, manualFreeList: null };
    insertSpan(d, s);
    d.inStacks += npages * d.cfg.pageSize;
    stat(d, 'heapAlloc');
    plan.placed.push(at);
    return s;
  };
  return { ...base, allocManual };
}

/** The free list with [base, base + npages pages) removed; refuses pages that are not all free. */
function takeAt(free: readonly PageRange[], base: number, npages: number, pageSize: number): PageRange[] {
  if (base % pageSize !== 0) throw new SpanRefused(base, npages, 'not page-aligned');
  const end = base + npages * pageSize;
  const i = free.findIndex((r) => r.base <= base && end <= r.base + r.npages * pageSize);
  if (i < 0) throw new SpanRefused(base, npages, 'pages not free in the model heap');
  const r = free[i];
  const rEnd = r.base + r.npages * pageSize;
  const parts: PageRange[] = [];
  if (r.base < base) parts.push({ base: r.base, npages: (base - r.base) / pageSize });
  if (end < rEnd) parts.push({ base: end, npages: (rEnd - end) / pageSize });
  const out = free.slice();
  out.splice(i, 1, ...parts);
  return out;
}

/** The span holding addr in the model state, or undefined. @internal */
export function spanAt(s: State, addr: number, pageSize: number): Span | undefined {
  return s.spans.find((sp) => sp.base <= addr && addr < sp.base + sp.npages * pageSize);
}

/**
 * Page-aligned bases B of a fresh npages span from which the model could hand out v: for a
 * stack span, v is one of its slots, so B = v - k*elemsize; for a large stack, B = v.
 * @internal
 */
export function baseCandidates(v: number, n: number, npages: number, pageSize: number, large: boolean): number[] {
  if (large) return [v];
  const out: number[] = [];
  for (let k = 0; k * n < npages * pageSize; k++) {
    const b = v - k * n;
    if (b % pageSize === 0) out.push(b);
  }
  return out;
}
