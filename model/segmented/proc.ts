// proc.c of Go 1.1-1.3, the parts that touch stacks: malg gives a new G its first segment,
// newproc1 reuses a dead G's (gfget) or makes one, and goexit0 puts the dead G with that
// segment on its P's gfree list (gfput), moving half to the global list when it grows long.
// Go 1.1 and 1.2's gfput/gfget keep the dead G's segment; Go 1.3's free a grown one (proc1.ts).

import type { SegRuntime } from './routine-table.ts';
import type { SegG } from './state.ts';
import { segThrow, type World } from './world.ts';

/**
 * proc.c:runtime·malg(stacksize): a G whose only segment is stackalloc(StackSystem+stacksize),
 * its Stktop cleared (stackbase 0: the bottom of the chain).
 * @internal
 */
export function malg(w: World, rt: SegRuntime, goid: number, stacksize: number): SegG {
  const n = w.cfg.profile.stackSystem + stacksize;
  const { v: stk, malloced } = rt.stackalloc(w, rt, n);
  return { goid, status: 'dead', p: -1, frames: [], ...stackOf(w, stk, n, malloced) };
}

/** A G's stack fields for a first segment [stk, stk+n): its Stktop cleared (stackbase 0, the bottom of the chain). @internal */
export function stackOf(w: World, stk: number, n: number, malloced: boolean): Pick<SegG, 'stack0' | 'stackguard' | 'stackbase' | 'stacksize' | 'segs'> {
  const p = w.cfg.profile;
  const top = { addr: stk + n - p.stackTop, stackbase: 0, stackguard: 0, free: 0, argsize: 0, malloced };
  return { stack0: stk, stackguard: stk + p.stackGuard, stackbase: top.addr, stacksize: p.maxstacksize ? n : 0, segs: [{ lo: stk, size: n, top }] };
}

/** proc.c:gfput (Go 1.1, 1.2): the dead G goes on p->gfree with its segment; at the spill length, half moves to sched.gfree. @internal */
export function gfput(w: World, _rt: SegRuntime, p: number, g: number): void {
  stackInGfput(w, w.gs[g]);
  pushGfree(w, p, g);
}

/** proc.c:gfput's first check (1.1-1.3): stackguard is StackGuard above stack0 ("invalid stack in gfput"). @internal */
export function stackInGfput(w: World, gp: SegG): void {
  if (gp.stackguard - w.cfg.profile.stackGuard !== gp.stack0) segThrow('invalid stack in gfput');
}

/** gfput's list work: onto p->gfree, and half of it to sched.gfree at the spill length. @internal */
export function pushGfree(w: World, p: number, g: number): void {
  const list = [...w.ps[p].gfree, g];
  const spill = w.cfg.scope.gFreeSpill;
  if (list.length >= spill) {
    while (list.length >= spill / 2) w.gfree.push(list.pop() as number);
    w.obs.gfreeSpill++;
  }
  w.ps[p] = { ...w.ps[p], gfree: list };
}

/** proc.c:gfget (Go 1.1, 1.2): a dead G from p->gfree, refilled from sched.gfree when empty; -1 when none. @internal */
export function gfget(w: World, _rt: SegRuntime, p: number): number {
  return popGfree(w, p);
}

/** gfget's list work: the last G of p->gfree, which takes up to half the spill length from sched.gfree when empty. @internal */
export function popGfree(w: World, p: number): number {
  const list = [...w.ps[p].gfree];
  if (list.length === 0) {
    while (list.length < w.cfg.scope.gFreeSpill / 2 && w.gfree.length > 0) list.push(w.gfree.pop() as number);
  }
  const g = list.pop();
  w.ps[p] = { ...w.ps[p], gfree: list };
  return g ?? -1;
}

/**
 * proc.c:newproc1 on the creating goroutine's P: a dead G from gfget keeps its segment
 * ("invalid stack in newg" if it has more than its first), else malg(StackMin).
 * @internal
 */
export function newproc1(w: World, rt: SegRuntime, p: number): number {
  const reused = rt.gfget(w, rt, p);
  if (reused >= 0) {
    const gp = w.gs[reused];
    if (gp.stackguard - w.cfg.profile.stackGuard !== gp.stack0) segThrow('invalid stack in newg');
    w.gs[reused] = { ...gp, status: 'runnable', frames: [] };
    w.obs.gfreeReuse++;
    return reused;
  }
  const g = w.gs.length;
  w.gs.push({ ...rt.malg(w, rt, g, w.cfg.profile.stackMin), status: 'runnable' });
  return g;
}

/** proc.c:goexit0: the G is dead, its P free; the G keeps its first segment on the gfree list. @internal */
export function goexit0(w: World, rt: SegRuntime, g: number): void {
  const gp = w.gs[g];
  const p = gp.p;
  w.gs[g] = { ...gp, status: 'dead', p: -1 };
  w.ps[p] = { ...w.ps[p], curg: -1 };
  rt.gfput(w, rt, p, g);
}
