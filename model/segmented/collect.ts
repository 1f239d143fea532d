// What a garbage collection does to stacks: Go 1.3's mgc0.c:markroot calls shrinkstack on
// every G; Go 1.4's also flushes every M's stack lists first (flushallmcaches ->
// stackcache_clear), runs with m.gcing set (stackalloc and stackfree use the pool), frees the
// stacks of dead Gs in shrinkstack, and ends with shrinkfinish freeing the stacks copystack
// queued. Go 1.1 and 1.2's collector does not touch stacks (no gc action there).

import type { SegRuntime } from './routine-table.ts';
import { segSp } from './split.ts';
import { stackcacheClear } from './stack1.ts';
import { withoutStack } from './proc1.ts';
import type { World } from './world.ts';

/** mgc0.c (Go 1.3) markroot: shrinkstack of every G. @internal */
export function markrootShrink(w: World, rt: SegRuntime): void {
  for (let g = 0; g < w.gs.length; g++) rt.shrinkstack(w, rt, g);
}

/** mgc0.c (Go 1.4) gc: RootFlushCaches (stackcache_clear of every M), shrinkstack of every G, then stack1.go:shrinkfinish. @internal */
export function gc14(w: World, rt: SegRuntime): void {
  w.gcing = true;
  for (let m = 0; m < w.ms.length; m++) stackcacheClear(w, rt, m);
  for (let g = 0; g < w.gs.length; g++) rt.shrinkstack(w, rt, g);
  rt.shrinkfinish(w, rt);
  w.gcing = false;
}

/** stack1.go:shrinkfinish: every stack queued on stackfreequeue is freed. @internal */
export function shrinkfinish(w: World, rt: SegRuntime): void {
  const queue = w.stackfreequeue.splice(0);
  for (const s of queue) rt.stackfree(w, rt, s.v, s.n, false);
}

/**
 * stack1.go:shrinkstack (Go 1.4): a dead G's whole stack is freed (it gets a new one if reused);
 * a live one is copied to half its size when that is at least FixedStack and it uses less than
 * a quarter. Simplification: no goroutine is in a syscall (syscallsp is never set).
 * @internal
 */
export function shrinkstack14(w: World, rt: SegRuntime, g: number): void {
  const gp = w.gs[g];
  const seg = gp.segs[0];
  if (gp.status === 'dead') {
    if (seg !== undefined) {
      rt.stackfree(w, rt, seg.lo, seg.size, seg.top.malloced);
      w.gs[g] = withoutStack(gp);
      w.obs.deadStackFreed++;
    }
    return;
  }
  const oldsize = seg.size;
  const newsize = oldsize / 2;
  if (newsize < w.cfg.profile.fixedStack) return;
  if (seg.lo + oldsize - segSp(gp) >= oldsize / 4) return;
  rt.copystack(w, rt, g, newsize);
  w.obs.shrinks++;
}
