// gfput/gfget once stacks can grow by copying: a dead G's stack may be bigger than FixedStack,
// so gfput frees a non-standard one and gfget gives a G with no stack (freed by gfput or, in
// 1.4, by the collector's shrinkstack) a new FixedStack one. Go 1.3's proc.c does this first
// (src/pkg/runtime/proc.c, deciding by Stktop.malloced); Go 1.4's proc1.go, its translation to
// Go, keeps the C comments and decides by the stack's size.

import { popGfree, pushGfree, stackInGfput, stackOf } from './proc.ts';
import type { SegRuntime } from './routine-table.ts';
import type { SegG } from './state.ts';
import { segThrow, type World } from './world.ts';

/** A G with its stack gone (1.3: gp->stack0 = stackguard = stackbase = 0; 1.4: gp.stack.lo = gp.stack.hi = 0, gp.stackguard0 = 0). @internal */
export function withoutStack(gp: SegG): SegG {
  return { ...gp, stack0: 0, stackguard: 0, stackbase: 0, stacksize: 0, segs: [], frames: [] };
}

/** gfput's "non-standard stack size - free it": the dead G's only segment goes to stackfree and the G keeps no stack. */
function freeDeadStack(w: World, rt: SegRuntime, g: number): void {
  const gp = w.gs[g];
  const seg = gp.segs[0];
  rt.stackfree(w, rt, seg.lo, seg.size, seg.top.malloced);
  w.gs[g] = withoutStack(gp);
  w.obs.deadStackFreed++;
}

/**
 * proc.c:gfput (Go 1.3): "invalid stack in gfput" and "gfput: bad stacksize" (gp->stacksize
 * is the stack's size), then a stack mallocgc made (top->malloced: any size but FixedStack, or
 * one shrunk in place) is freed through stackfree(gp, stack0, top) before the G goes on p->gfree.
 * @internal
 */
export function gfput13(w: World, rt: SegRuntime, p: number, g: number): void {
  const gp = w.gs[g];
  stackInGfput(w, gp);
  if (gp.stackbase + w.cfg.profile.stackTop - gp.stack0 !== gp.stacksize) segThrow('gfput: bad stacksize');
  if (gp.segs[0].top.malloced) freeDeadStack(w, rt, g);
  pushGfree(w, p, g);
}

/** proc1.go:gfput (Go 1.4): a stack of another size than FixedStack is freed ("non-standard stack size - free it"), then the G goes on p.gfree. @internal */
export function gfput14(w: World, rt: SegRuntime, p: number, g: number): void {
  const seg = w.gs[g].segs[0];
  if (seg !== undefined && seg.size !== w.cfg.profile.fixedStack) freeDeadStack(w, rt, g);
  pushGfree(w, p, g);
}

/**
 * proc.c:gfget (Go 1.3) and proc1.go:gfget (Go 1.4): a G from p->gfree (refilled from
 * sched.gfree); one whose stack was freed (stack0 == 0, 1.4 stack.lo == 0: "Stack was
 * deallocated in gfput.  Allocate a new one.") gets stackalloc(FixedStack).
 * @internal
 */
export function gfgetRestack(w: World, rt: SegRuntime, p: number): number {
  const g = popGfree(w, p);
  if (g >= 0 && w.gs[g].segs.length === 0) {
    const n = w.cfg.profile.fixedStack;
    const { v, malloced } = rt.stackalloc(w, rt, n);
    w.gs[g] = { ...w.gs[g], ...stackOf(w, v, n, malloced) };
    w.obs.deadStackAlloc++;
  }
  return g;
}
