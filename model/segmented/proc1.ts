// proc1.go of Go 1.4, the parts that touch stacks: gfput frees a dead G's stack unless it is
// FixedStack, and gfget gives a reused G with no stack (freed by gfput or by the collector's
// shrinkstack) a new FixedStack one.

import { popGfree, pushGfree, stackOf } from './proc.ts';
import type { SegRuntime } from './routine-table.ts';
import type { SegG } from './state.ts';
import type { World } from './world.ts';

/** A G with its stack gone (gp.stack.lo = gp.stack.hi = 0, gp.stackguard0 = 0). @internal */
export function withoutStack(gp: SegG): SegG {
  return { ...gp, stack0: 0, stackguard: 0, stackbase: 0, stacksize: 0, segs: [], frames: [] };
}

/** proc1.go:gfput: a stack of another size than FixedStack is freed ("non-standard stack size - free it"), then the G goes on p.gfree. @internal */
export function gfput14(w: World, rt: SegRuntime, p: number, g: number): void {
  const gp = w.gs[g];
  const seg = gp.segs[0];
  if (seg !== undefined && seg.size !== w.cfg.profile.fixedStack) {
    rt.stackfree(w, rt, seg.lo, seg.size, seg.top.malloced);
    w.gs[g] = withoutStack(gp);
    w.obs.deadStackFreed++;
  }
  pushGfree(w, p, g);
}

/** proc1.go:gfget: a G from p.gfree (refilled from sched.gfree); one whose stack was freed gets stackalloc(FixedStack). @internal */
export function gfget14(w: World, rt: SegRuntime, p: number): number {
  const g = popGfree(w, p);
  if (g >= 0 && w.gs[g].segs.length === 0) {
    const n = w.cfg.profile.fixedStack;
    const { v, malloced } = rt.stackalloc(w, rt, n);
    w.gs[g] = { ...w.gs[g], ...stackOf(w, v, n, malloced) };
    w.obs.deadStackAlloc++;
  }
  return g;
}
