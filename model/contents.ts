// Stack contents. Every used word of a stack holds a value; the model keeps, per frame, the
// value its call stored in the frame's words (a stamp of the goroutine, function and depth,
// the "frame and slot it belongs to"), beside the frame's pointer slots. copystack copies
// them the way memmove does: from the old range, as memory holds it at the moment of the
// copy, after whatever the allocation and any free did to it. A copy that reads the wrong
// range, or memory already given back, yields values no call stored (`clobbered`), and the
// contents rules see it.
//
// Simplification: memory given back (to a cache, the pool or the heap) reads as clobbered at
// once. The model's atomic steps hide the other Ps that may take and write such memory
// before the read; in the runtime a read of freed stack memory is a use-after-free however
// it happens to turn out.

import type { Draft } from './draft.ts';
import { spanIndex } from './draft.ts';
import { contains } from './list.ts';
import { isSmallStack, stackOrder } from './stack.ts';
import type { Frame, State } from './state.ts';

/** A value no call stores: what a read of memory that holds no frame returns. @public */
export const clobbered = -1;

/** The value a call of fn by goroutine goid stores in the frame it sets up at depth (hi - SP). @public */
export function frameStamp(goid: number, fn: number, depth: number): number {
  // A 31-bit mix (non-negative, never `clobbered`), the same on every machine.
  let h = Math.imul(goid + 1, 0x9e3779b1) ^ Math.imul(fn + 1, 0x85ebca77) ^ Math.imul(depth, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h & 0x7fffffff;
}

/** Whether the stack block [lo, lo+n) is given back: on a free list, in a cache, on stackLarge, or in no stack span. @internal */
export function isFreeBlock(s: Pick<State, 'spans' | 'ps' | 'stackLarge'>, d: Pick<Draft, 'cfg'>, lo: number, n: number): boolean {
  const i = spanIndex(s.spans, lo, d.cfg.pageSize);
  if (i < 0) return true;
  const span = s.spans[i];
  if (span.state !== 'manual') return true;
  if (!isSmallStack(d, n)) {
    for (const list of s.stackLarge) if (list.includes(span.base)) return true;
    return false;
  }
  if (contains(span.manualFreeList, lo)) return true;
  const order = stackOrder(d, n);
  for (const p of s.ps) if (order < p.stackcache.length && contains(p.stackcache[order].list, lo)) return true;
  return false;
}

/**
 * memmove's read of a frame's words at [at, at + size) from a stack that was [lo, hi): the
 * frame's stamp when that memory is still live (not given back) and holds the frame exactly
 * there, `clobbered` otherwise.
 * @internal
 */
export function readFrameWords(live: boolean, lo: number, hi: number, at: number, size: number, frame: Frame): number {
  if (!live || at < lo || at + size > hi) return clobbered;
  return hi - frame.depth === at ? frame.stamp : clobbered;
}
