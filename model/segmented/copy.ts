// Go 1.3's contiguous stacks, built on the segmented runtime: stack.c:copystack moves the
// top segment to one of another size and adjusts every pointer into it; stack.c:shrinkstack
// halves a stack at GC when less than a quarter of it is used.

import { splitAndFreeLowerHalf } from './memory.ts';
import type { SegRuntime } from './routine-table.ts';
import { copyableTopSegment, segSp } from './split.ts';
import type { SegFrame } from './state.ts';
import type { World } from './world.ts';

/** adjustpointers: a pointer word into [lo, hi) moves by delta. @internal */
export function adjustPtr(ptr: number, lo: number, hi: number, delta: number): number {
  return ptr !== 0 && lo <= ptr && ptr < hi ? ptr + delta : ptr;
}

/**
 * stack.c:copystack(gp, nframes, newsize) (Go 1.3; stack1.go:copystack in 1.4, which has no Stktop): allocates the new segment (stackalloc adds it to
 * gp->stacksize), adjusts the pointers of every frame in the top segment (adjustframe; the
 * model has no ctxt or defers to adjust), memmoves the used part with its Stktop (keeping the
 * new segment's own malloced flag), switches stackbase/stackguard/stack0 and frees the old one.
 * @internal
 */
export function copystack(w: World, rt: SegRuntime, g: number, newsize: number): void {
  const p = w.cfg.profile;
  const gp = w.gs[g];
  const seg = gp.segs[gp.segs.length - 1];
  const oldstk = seg.lo;
  const oldbase = seg.lo + seg.size;
  const used = oldbase - segSp(gp);
  const { v: newstk, malloced } = rt.stackalloc(w, rt, newsize);
  const delta = newstk + newsize - oldbase;
  const frames: SegFrame[] = gp.frames.map((f) => (f.lo >= oldstk && f.lo < oldbase
    ? { ...f, lo: f.lo + delta, hi: f.hi + delta, ptr: rt.adjustPtr(f.ptr, oldstk, oldbase, delta) }
    : f));
  const newtop = { ...seg.top, addr: seg.top.addr + delta, malloced };
  w.gs[g] = {
    ...gp, frames, stackbase: newtop.addr, stackguard: newstk + p.stackGuard, stack0: gp.stack0 === oldstk ? newstk : gp.stack0,
    stacksize: gp.stacksize + newsize - seg.size, segs: [...gp.segs.slice(0, -1), { lo: newstk, size: newsize, top: newtop }],
  };
  // Go 1.4 queues a stack it shrank away from until the GC ends (stack1.go: the collector may
  // still hold a sudog pointer into it); growing, and every copy in 1.3, frees it now.
  if (p.queueShrunkStacks && newsize < seg.size) w.stackfreequeue.push({ v: oldstk, n: seg.size });
  else rt.stackfree(w, rt, oldstk, seg.size, seg.top.malloced);
  w.obs.copies++;
  w.obs.bytesCopied += used;
}

/**
 * stack.c:shrinkstack, called for every goroutine at GC: when the top segment is at least
 * twice FixedStack and less than a quarter used, halve it. Below half a page it copies; from
 * half a page up (every case on linux/amd64, where FixedStack is a page) it frees the lower
 * half in place (MHeap_SplitSpan, then free), keeping the top and every frame where they are.
 * A segment that did not come from the heap (the FixedStack cache, SysAlloc'ed) is left alone.
 * @internal
 */
export function shrinkstack(w: World, rt: SegRuntime, g: number): void {
  const p = w.cfg.profile;
  const gp = w.gs[g];
  if (!p.copying || gp.status === 'dead') return;
  const seg = gp.segs[gp.segs.length - 1];
  const oldsize = seg.size;
  const newsize = oldsize / 2;
  if (newsize < p.fixedStack) return;
  const used = seg.lo + oldsize - segSp(gp);
  if (used >= oldsize / 4) return;
  if (newsize < p.pageSize / 2) {
    if (!copyableTopSegment(gp)) return;
    rt.copystack(w, rt, g, newsize);
    w.obs.shrinks++;
    return;
  }
  if (!w.heapUsed.has(seg.lo)) return;
  const oldstk = seg.lo;
  w.gs[g] = {
    ...gp, stackguard: oldstk + newsize + p.stackGuard, stack0: gp.stack0 === oldstk ? oldstk + newsize : gp.stack0,
    stacksize: gp.stacksize - (oldsize - newsize), segs: [...gp.segs.slice(0, -1), { ...seg, lo: oldstk + newsize, size: newsize }],
  };
  splitAndFreeLowerHalf(w, oldstk);
  w.obs.shrinks++;
}
