// The stack split of Go 1.1-1.3: the prologue's check (stack.h's three sequences), morestack
// -> newstack linking a new segment big enough for the frame (or, in 1.3, copying the top
// segment to one twice its size), and lessstack -> oldstack unlinking and freeing it when
// the function that split returns.

import { SEG_FUNCS } from './funcs.ts';
import type { SegProfile } from './profile.ts';
import type { SegRuntime } from './routine-table.ts';
import type { SegFrame, SegG, Segment } from './state.ts';
import { fate, segThrow, type World } from './world.ts';

/** The goroutine's SP: the innermost frame's bottom, or its top segment's Stktop when it has none. @internal */
export function segSp(gp: SegG): number {
  return gp.frames.length === 0 ? gp.stackbase : gp.frames[gp.frames.length - 1].lo;
}

/**
 * The prologue of a function with frame size f, entered with SP = sp - PtrSize (the CALL's
 * return address), as stack.h documents it for amd64: f <= StackSmall compares SP with
 * g->stackguard; f < StackBig compares SP-(f-StackSmall); larger frames, in Go 1.1, always
 * call morestack (stack.h: "Functions with large frames don't bother with the check"), and
 * from Go 1.2 on use 6l's wrap-safe form SP-stackguard+StackGuard <= f+(StackGuard-StackSmall).
 * @public
 */
export function needsSplit(p: SegProfile, gp: SegG, frame: number): boolean {
  const entry = segSp(gp) - p.ptrSize;
  if (frame <= p.stackSmall) return entry <= gp.stackguard;
  if (frame < p.stackBig) return entry - (frame - p.stackSmall) <= gp.stackguard;
  if (p.bigFrameAlwaysSplits) return true;
  return entry - gp.stackguard + p.stackGuard <= frame + (p.stackGuard - p.stackSmall);
}

/**
 * stack.c:copyabletopsegment (Go 1.3): every frame on the top segment has its pointer maps
 * (checkframecopy); a C frame there makes newstack link a segment instead of copying.
 * @internal
 */
export function copyableTopSegment(gp: SegG): boolean {
  const seg = gp.segs[gp.segs.length - 1];
  return gp.frames.every((f) => f.lo < seg.lo || f.lo >= seg.lo + seg.size || SEG_FUNCS[f.fn].stackmap);
}

/**
 * stack.c:runtime·newstack for a call of fn by goroutine g: allocates a segment of
 * frame + args + StackExtra (at least StackMin; Go 1.3 rounds it to a power of 2), fills
 * its Stktop from the old segment, copies the arguments up and runs the function on it, as
 * if lessstack had called it. Go 1.2+ counts gp->stacksize against runtime·maxstacksize.
 * Go 1.3 first tries copystack of the top segment to twice its size when copyabletopsegment
 * finds every frame on it copyable, and returns to re-run the prologue (stack1.go:newstack
 * of Go 1.4 always copies: no C code runs on a goroutine stack there).
 * Simplification: preemption (StackPreempt in stackguard0) and newstackcall are not modelled.
 * @internal
 */
export function newstack(w: World, rt: SegRuntime, g: number, fn: number, ptr: number): 'split' | 'copied' {
  return newstackWith(segmentSize)(w, rt, g, fn, ptr);
}

/** stack.c:runtime·round2: x rounded up to a power of 2. @internal */
export function round2(x: number): number {
  let r = 1;
  while (r < x) r *= 2;
  return r;
}

/** newstack's segment size: frame + args + StackExtra, at least StackMin, plus StackSystem. @internal */
export function segmentSize(p: SegProfile, f: { readonly frame: number; readonly argsize: number }): number {
  return Math.max(f.frame + f.argsize + p.stackExtra, p.stackMin) + p.stackSystem;
}

/** newstack with its segment size chosen by size (the mutants' knob). @internal */
export function newstackWith(size: typeof segmentSize): typeof newstack {
  return (w, rt, g, fn, ptr) => splitOrCopy(w, rt, g, fn, ptr, size);
}

function splitOrCopy(w: World, rt: SegRuntime, g: number, fn: number, ptr: number, size: typeof segmentSize): 'split' | 'copied' {
  const p = w.cfg.profile;
  const gp = w.gs[g];
  const sp = segSp(gp) - p.ptrSize;
  if (sp < gp.stackguard - p.stackGuard) segThrow('runtime: split stack overflow');
  if (p.copying && copyableTopSegment(gp)) {
    const top = gp.segs[gp.segs.length - 1];
    rt.copystack(w, rt, g, top.size * 2);
    if (w.gs[g].stacksize > w.cfg.scope.maxstacksize) fate('stack overflow', `runtime: goroutine stack exceeds ${w.cfg.scope.maxstacksize}-byte limit`);
    return 'copied';
  }
  const f = SEG_FUNCS[fn];
  const framesize = p.round2 ? round2(size(p, f)) : size(p, f);
  if (p.maxstacksize && gp.stacksize + framesize > w.cfg.scope.maxstacksize) {
    fate('stack overflow', `runtime: goroutine stack exceeds ${w.cfg.scope.maxstacksize}-byte limit`);
  }
  const { v: stk, malloced } = rt.stackalloc(w, rt, framesize);
  const top = { addr: stk + framesize - p.stackTop, stackbase: gp.stackbase, stackguard: gp.stackguard, free: framesize, argsize: f.argsize, malloced };
  const seg: Segment = { lo: stk, size: framesize, top };
  // lessstack's return address sits below the copied arguments; the frame below that.
  const frame: SegFrame = { lo: top.addr - f.argsize - p.ptrSize - f.frame, hi: top.addr, fn, split: true, ptr };
  w.gs[g] = {
    ...gp, stackbase: top.addr, stackguard: stk + p.stackGuard, stacksize: p.maxstacksize ? gp.stacksize + framesize : gp.stacksize,
    segs: [...gp.segs, seg], frames: [...gp.frames, frame],
  };
  w.obs.segAlloc++;
  return 'split';
}

/**
 * stack.c:runtime·oldstack, reached through lessstack when the function that split
 * returns: restores stackbase and stackguard from the Stktop, copies the results back and
 * frees the segment (top->free bytes; Go 1.2+ takes them off gp->stacksize).
 * @internal
 */
export function oldstack(w: World, rt: SegRuntime, g: number): void {
  const p = w.cfg.profile;
  const gp = w.gs[g];
  const seg = gp.segs[gp.segs.length - 1];
  const top = seg.top;
  if (top.stackbase === 0) segThrow('nil stackbase');
  const old = gp.stackguard - p.stackGuard;
  const free = p.copying ? seg.size : top.free;
  w.gs[g] = {
    ...gp, stackbase: top.stackbase, stackguard: top.stackguard, stacksize: p.maxstacksize ? gp.stacksize - free : gp.stacksize,
    segs: gp.segs.slice(0, -1),
  };
  if (free !== 0) rt.stackfree(w, rt, old, free, top.malloced);
  w.obs.segFree++;
}
