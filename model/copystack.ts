// Moving a goroutine's stack: stack.go copystack with its pointer adjustment (adjustframe,
// adjustsudogs / syncadjustsudogs, adjustctxt, adjustdefers, adjustpanics), newstack
// (growth and the synchronous preemption branch) and shrinkstack / isShrinkStackSafe.

import { fatal, terminal } from './abort.ts';
import { recordMove, updG, updP, stat, type Draft } from './draft.ts';
import { isFreeBlock, readFrameWords } from './contents.ts';
import { FUNCS, framePointer, type Func } from './funcs.ts';
import { stackForceMove, stackFork, stackPreempt } from './poison.ts';
import type { ExecP } from './exec-p.ts';
import type { AdjustInfo, NewstackResult, ShrinkOwner } from './routine-table.ts';
import type { Profile } from './profile.ts';
import type { Defer, Frame, G, Sudog } from './state.ts';
import { frameWith, mapKeepingKind, sudogWith } from './records.ts';

export type { AdjustInfo, NewstackResult, ShrinkOwner } from './routine-table.ts';

const minLegalPointer = 4096; // malloc.go

/**
 * stack.go:adjustpointer — moves p by delta if it points into the old stack [lo, hi). Every
 * word copystack fixes up goes through here, because once the old range is freed it may
 * become another goroutine's stack or go back to the heap: a word left pointing into it
 * reads or writes someone else's memory. Words outside the range (nil, the heap, another
 * stack) are left alone. On entry the contents are already at the new stack (memmove first).
 * @internal
 */
export function adjustpointer(a: AdjustInfo, p: number): number {
  return a.lo <= p && p < a.hi ? p + a.delta : p;
}

/**
 * stack.go:adjustframe — adjusts the frame's saved BP and the live pointer slots of its
 * locals bitmap (adjustpointers). Only the slots the stack map says hold live pointers are
 * touched, since a dead slot may hold any bits and a scalar must not move. A live pointer slot
 * holding a small non-zero value (below minLegalPointer) throws "invalid pointer found on
 * stack": the map or the compiler is wrong, and adjusting it quietly would hide that.
 * On entry the frame's words have been copied and gp's stack is owned by the caller
 * (_Gcopystack), so nothing else reads or writes them while they are fixed up.
 * A dead frame (continpc == 0) has no live locals: Go 1.19's adjustframe returns before
 * anything, leaving its saved BP pointing into the old stack; Go 1.26's adjusts the saved BP
 * first, "the program might still see the frame pointer saved in the frame", then returns
 * (profile.adjustframeDeadFrameBP).
 */
export function adjustframe(a: AdjustInfo, f: Frame, profile: Pick<Profile, 'adjustframeDeadFrameBP'>): Frame {
  if (f.dead) {
    if (!profile.adjustframeDeadFrameBP) return f;
    const bp = adjustpointer(a, f.bp);
    return bp === f.bp ? f : frameWith(f, { bp });
  }
  let slots = f.slots;
  for (let k = 0; k < slots.length; k++) {
    const p = slots[k];
    if (p > 0 && p < minLegalPointer) fatal('invalid pointer found on stack');
    const q = adjustpointer(a, p);
    if (q !== p) {
      if (slots === f.slots) slots = slots.slice();
      (slots as number[])[k] = q;
    }
  }
  const bp = adjustpointer(a, f.bp);
  return slots === f.slots && bp === f.bp ? f : frameWith(f, { slots, bp });
}

/**
 * stack.go:adjustsudogs — adjusts sudog.elem of every sudog gp waits on. A goroutine blocked
 * in a channel operation hands the channel a pointer into its own stack (the receive slot,
 * or the value to send), and the peer reads or writes through it after the move
 * (chan.go:send → sendDirect), so it must name the new stack. Without the channel locks this
 * is only safe while no peer can reach the sudogs yet, that is !gp.activeStackChans; once
 * chanparkcommit has set it, copystack takes syncadjustsudogs instead.
 */
export function adjustsudogs(a: AdjustInfo, waiting: readonly Sudog[]): readonly Sudog[] {
  let out = waiting;
  for (let i = 0; i < waiting.length; i++) {
    const elem = adjustpointer(a, waiting[i].elem);
    if (elem !== waiting[i].elem) {
      if (out === waiting) out = waiting.slice();
      (out as Sudog[])[i] = sudogWith(waiting[i], elem);
    }
  }
  return out;
}

/**
 * stack.go:syncadjustsudogs — the same adjustment with every channel gp waits on locked,
 * because once activeStackChans is set a sender may write into gp's stack (golang/go#40641).
 * Both run inside one model step, so the locks leave no trace in the state.
 */
export function syncadjustsudogs(a: AdjustInfo, waiting: readonly Sudog[]): readonly Sudog[] {
  return adjustsudogs(a, waiting);
}

/**
 * stack.go:adjustctxt — sched.ctxt and sched.bp (frame pointers are on for amd64). morestack
 * saved both when the prologue check failed: ctxt is the closure context of the interrupted
 * call (DX, which may be a func literal allocated on this stack) and bp its frame pointer,
 * and newstack's gogo restores them, so a value left in the old stack is used right away.
 */
export function adjustctxt(a: AdjustInfo, g: G): Pick<G, 'ctxt' | 'bp'> {
  return { ctxt: adjustpointer(a, g.ctxt), bp: adjustpointer(a, g.bp) };
}

/**
 * stack.go:adjustdefers — gp._defer and, in every record, fn, sp, _panic and link (varp and fd
 * are zero for stack records, see Defer). The records are adjusted in place, following the
 * links as they are adjusted, so the walk always stays on the new stack. Each field matters:
 * deferreturn compares d.sp with the returning frame's SP to pick the records that frame
 * owns, so a stale sp never runs (or runs in the wrong frame); d.fn is called through; a
 * running panic is reached through d._panic (the runtime's TestDeferPtrs* guard this).
 * Go 1.26's stack.go:adjustdefers moves fn, sp and link only: its _defer has no _panic, varp or
 * fd (runtime2.go:_defer), and the model's `panic` is 0 there (profile.deferRecordHoldsPanic),
 * so adjusting it changes nothing and one routine serves both releases.
 */
export function adjustdefers(a: AdjustInfo, defers: readonly Defer[]): readonly Defer[] {
  if (defers.length === 0) return defers;
  return mapKeepingKind(defers, (r) => ({ rec: adjustpointer(a, r.rec), sp: adjustpointer(a, r.sp), fn: adjustpointer(a, r.fn), panic: adjustpointer(a, r.panic) }));
}

/**
 * stack.go:adjustpanics — only gp._panic, the head: "Panics are on stack and already
 * adjusted", since each record's link is a word of the frame that holds it (see copystack).
 */
export function adjustpanics(a: AdjustInfo, panics: readonly number[]): readonly number[] {
  return panics.length === 0 ? panics : [adjustpointer(a, panics[0]), ...panics.slice(1)];
}

/**
 * The links of the panic chain (panics[1..]) are words of the frames holding the records
 * (gopanic's local p), which the frame walk adjusts with the rest of the frame's words.
 * Simplification: done beside adjustframe, not inside the adjustframe routine.
 */
function adjustPanicLinks(a: AdjustInfo, panics: readonly number[]): readonly number[] {
  return panics.length < 2 ? panics : mapKeepingKind(panics, (p) => adjustpointer(a, p), 1);
}

/**
 * The two points of copystack that seeded bugs change (model/mutants/): how far the contents
 * move, and whether the parkingOnChan throw guards the unlocked sudog adjustment.
 * @internal
 */
export interface CopystackKnobs {
  /** The distance the stack's contents move; the runtime's is newhi - oldhi (stacks are top-aligned). */
  readonly delta: (oldlo: number, oldhi: number, newlo: number, newhi: number) => number;
  /** Throw "racy sudog adjustment due to parking on channel" (added by the fix of golang/go#40641). */
  readonly parkingThrow: boolean;
  /**
   * When the old stack is given back relative to the copy: Go allocates the new stack, copies,
   * and only then frees the old one, since the copy reads it.
   */
  readonly order: 'alloc-copy-free' | 'alloc-free-copy' | 'free-alloc-copy';
  /** Bytes by which the range memmove reads is off from [old.hi - used, old.hi) (Go: 0). */
  readonly srcShift: number;
}

/** Go 1.19's choices. @internal */
export const correctKnobs: CopystackKnobs = {
  delta: (_ol, oldhi, _nl, newhi) => newhi - oldhi, parkingThrow: true, order: 'alloc-copy-free', srcShift: 0,
};

/**
 * stack.go:copystack — copies gp's stack to a new one of newsize bytes and frees the old.
 * The caller owns gp's stack (_Gcopystack, _Gscan, or gp itself on the system stack).
 * Built from knobs so a mutant changes one decision without a second copy of the routine.
 * @internal
 */
export function copystackWith(k: CopystackKnobs): (d: Draft, goid: number, newsize: number, pp: ExecP) => void {
  return (d, goid, newsize, pp) => {
    const rt = d.rt;
    const g = d.gs[goid];
    if (g.syscallsp !== 0) fatal('stack growth not allowed in system call');
    if (g.lo === 0) fatal('nil stackbase');
    const oldsize = g.hi - g.lo;
    const used = g.hi - g.sp;
    // Only the difference: the old size was counted when the stack was allocated.
    rt.addScannableStack(d, pp, newsize - oldsize);

    if (k.order === 'free-alloc-copy') rt.stackfree(d, pp, g.lo, g.hi);
    const newlo = rt.stackalloc(d, pp, newsize);
    const newhi = newlo + newsize;
    if (k.order === 'alloc-free-copy') rt.stackfree(d, pp, g.lo, g.hi);
    const a: AdjustInfo = { lo: g.lo, hi: g.hi, delta: k.delta(g.lo, g.hi, newlo, newhi) };

    const cur = d.gs[goid];
    let waiting: readonly Sudog[];
    if (!cur.activeStackChans) {
      if (k.parkingThrow && newsize < oldsize && cur.parkingOnChan) {
        // A channel op may write to the stack while the sudogs are adjusted unlocked.
        fatal('racy sudog adjustment due to parking on channel');
      }
      waiting = rt.adjustsudogs(a, cur.waiting);
    } else {
      waiting = rt.syncadjustsudogs(a, cur.waiting);
    }
    const { ctxt, bp } = rt.adjustctxt(a, cur);
    const defers = rt.adjustdefers(a, cur.defers);
    const panics = rt.adjustpanics(a, adjustPanicLinks(a, cur.panics));
    // memmove(new.hi - used, old.hi - used, used): the frames' words as the old range holds
    // them now, then adjustframe over the copy.
    const src = g.hi + k.srcShift;
    const live = cur.lo === g.lo && !isFreeBlock(d, d, g.lo, oldsize);
    let frames = cur.frames;
    for (let i = 0; i < frames.length; i++) {
      const old = frames[i];
      const stamp = readFrameWords(live, g.lo, g.hi, src - old.depth, FUNCS[old.fn].frame, old);
      const f = rt.adjustframe(a, stamp === old.stamp ? old : frameWith(old, { stamp }), d.cfg.profile);
      if (f !== old) {
        if (frames === cur.frames) frames = frames.slice();
        (frames as Frame[])[i] = f;
      }
    }
    updG(d, goid, {
      lo: newlo, hi: newhi, stackguard0: newlo + d.cfg.profile.stackGuard,
      sp: newhi - used, stktopsp: cur.stktopsp + a.delta,
      waiting, ctxt, bp, defers, panics, frames,
    });
    if (k.order === 'alloc-copy-free') rt.stackfree(d, pp, g.lo, g.hi);
  };
}

/** stack.go:copystack, as Go 1.19 has it. Stacks are aligned at the top, so delta = new.hi - old.hi. */
export const copystack = copystackWith(correctKnobs);

/**
 * Whether g is in _Gwaiting only so that suspendG can take its stack (runtime2.go:
 * waitReason.isWaitingForSuspendG: a self-scan's waitReasonGarbageCollectionScan, a GC
 * assist's waitReasonGCAssistMarking, stop-the-world, ...), running on the system stack
 * meanwhile. In the model that is a G in _Gwaiting still on its P: a G that parks drops its
 * M and P (proc.go:park_m → dropg), one waiting for suspendG keeps both.
 * @internal
 */
export function waitingForSuspendG(g: G): boolean {
  return g.status === 'waiting' && g.p >= 0;
}

/**
 * stack.go:isShrinkStackSafe — not in a syscall, not at an async safe point, not parking on
 * a channel; and since Go 1.26 (profile.shrinkSafeRefusesSuspendGWait) not in _Gwaiting
 * solely for suspendG, "the execution tracer, mutex profiler, etc. may want to take a stack
 * trace of the G's stack" meanwhile. Go 1.19 has no such rule (and exempts gcBgMarkWorker's
 * stack in shrinkstack instead; the model has no mark-worker goroutines).
 */
export function isShrinkStackSafe(g: G, profile: Pick<Profile, 'shrinkSafeRefusesSuspendGWait'>): boolean {
  if (g.syscallsp !== 0 || g.asyncSafePoint || g.parkingOnChan) return false;
  return !(profile.shrinkSafeRefusesSuspendGWait && waitingForSuspendG(g));
}


/** What a seeded bug changes in shrinkstack: below which used size it halves the stack. @internal */
export interface ShrinkKnobs {
  /** Shrink when used + _StackLimit is below this (Go: a quarter of the stack). */
  readonly usedBelow: (oldsize: number) => number;
}

/** Go 1.19's choice. @internal */
export const correctShrinkKnobs: ShrinkKnobs = { usedBelow: (oldsize) => oldsize / 4 };

/**
 * stack.go:shrinkstack — halves gp's stack if it uses less than a quarter of it: a quarter,
 * so that the half it leaves is itself at most half used and the goroutine does not grow
 * straight back (the hot-split cost segmented stacks had). The caller owns the stack (_Gscan
 * or gp itself) and must have checked isShrinkStackSafe, since a stack in a syscall, at an
 * async safe point or parking on a channel has pointers the adjustment cannot find.
 * Simplification: the gcBgMarkWorker exemption and the libcall check are kept out because
 * the model has no mark-worker goroutines and no libcalls.
 * @internal
 */
export function shrinkstackWith(k: ShrinkKnobs): (d: Draft, goid: number, pp: ExecP, owner: ShrinkOwner) => void {
  return (d, goid, pp, owner) => {
    const g = d.gs[goid];
    if (g.lo === 0) fatal('missing stack in shrinkstack');
    if (owner === 'self' && g.status !== 'running') fatal('bad status in shrinkstack');
    if (!d.rt.isShrinkStackSafe(g, d.cfg.profile)) fatal('shrinkstack at bad time');
    if (d.cfg.modes.gcshrinkstackoff) return;
    const oldsize = g.hi - g.lo;
    const newsize = oldsize / 2;
    // Don't shrink the allocation below the minimum-sized stack allocation.
    if (newsize < d.cfg.profile.fixedStack) return;
    // Compute how much of the stack is currently in use and only shrink the stack if gp is
    // using less than a quarter of it.
    if (g.hi - g.sp + d.cfg.profile.stackLimit >= k.usedBelow(oldsize)) return;
    moveStack(d, goid, newsize, pp);
    stat(d, 'shrink');
  };
}

/** stack.go:shrinkstack, as Go 1.19 has it. */
export const shrinkstack = shrinkstackWith(correctShrinkKnobs);

/** copystack through the routine table, with the move recorded as the caller sees gp before and after. */
function moveStack(d: Draft, goid: number, newsize: number, pp: ExecP): void {
  const from = d.gs[goid];
  d.rt.copystack(d, goid, newsize, pp);
  const to = d.gs[goid];
  recordMove(d, { goid, fromLo: from.lo, fromHi: from.hi, toLo: to.lo, toHi: to.hi });
}


/**
 * stack.go:newstack — called from morestack when f's prologue check failed. gp.sched.sp is
 * the SP at f's entry (the return address pushed). A poisoned guard is a preemption
 * request; otherwise the stack doubles until f's frame plus the guard fits. canPreemptM is
 * false while the M holds a runtime lock (gopark's prologue under the channel lock): then a
 * preemption request must not be taken — the goroutine keeps running with its guard
 * restored, and gp.preempt (if set) stops it at its next prologue.
 */
export function newstack(d: Draft, goid: number, f: Func, canPreemptM = true): NewstackResult {
  const { profile } = d.cfg;
  const g = d.gs[goid];
  if (g.stackguard0 === stackFork) fatal('stack growth after fork');
  if (g.throwsplit) fatal('runtime: stack split at bad time');
  const preempt = g.stackguard0 === stackPreempt;
  if (preempt && !canPreemptM) {
    // Let the goroutine keep running for now. gp->preempt is set, so it will be preempted next time.
    updG(d, goid, { stackguard0: g.lo + profile.stackGuard });
    return 'resumed';
  }
  if (g.lo === 0) fatal('missing stack in newstack');
  const sp = g.sp - profile.ptrSize; // amd64: the return address below sched.sp
  if (sp < g.lo) fatal('runtime: split stack overflow');
  if (preempt) {
    if (g.preemptShrink) {
      // We're at a synchronous safe point now, so do the pending stack shrink.
      updG(d, goid, { preemptShrink: false });
      stat(d, 'preemptShrinkApplied');
      d.rt.shrinkstack(d, goid, g.p, 'self');
    }
    if (d.gs[goid].preemptStop) d.rt.preemptPark(d, goid);
    else d.rt.gopreempt_m(d, goid);
    return 'preempted';
  }
  const oldsize = g.hi - g.lo;
  let newsize = oldsize * 2;
  // Make sure we grow at least as much as needed to fit the new frame.
  const needed = f.frame + profile.stackGuard;
  const used = g.hi - g.sp;
  while (newsize - used < needed) newsize *= 2;
  if (g.stackguard0 === stackForceMove) {
    // Forced stack movement used for debugging. Don't double the stack (or we may quickly
    // run out if this is done repeatedly); the prologue's check, run again, grows it.
    newsize = oldsize;
  }
  if (newsize > d.cfg.maxstacksize || newsize > d.cfg.maxstackceiling) {
    const limit = d.cfg.maxstacksize < d.cfg.maxstackceiling ? d.cfg.maxstacksize : d.cfg.maxstackceiling;
    terminal('stack overflow', `runtime: goroutine stack exceeds ${limit}-byte limit`);
  }
  updG(d, goid, { status: 'copystack' });
  moveStack(d, goid, newsize, g.p);
  updG(d, goid, { status: 'running' });
  stat(d, newsize === oldsize ? 'forcedMove' : 'grow');
  return 'grown';
}

/** The frame pointer a G's innermost frame establishes (sched.bp while it is stopped), or 0. @internal */
export function topFramePointer(g: Pick<G, 'hi' | 'frames'>, ptrSize: number): number {
  const n = g.frames.length;
  if (n === 0) return 0;
  const f = g.frames[n - 1];
  return framePointer(g.hi, f.depth, f.fn, ptrSize);
}
