// The model's state: goroutines, Ps, Ms, spans, pools, caches, the page heap and the GC
// phase, with concrete addresses. Deeply readonly: a step builds a new State that shares
// every part it did not change (see draft.ts).

import type { Link } from './list.ts';

/** runtime2.go _Gidle.._Gpreempted; the _Gscan bit is implicit in the atomic GC steps. @public */
export type GStatus = 'idle' | 'runnable' | 'running' | 'syscall' | 'waiting' | 'dead' | 'copystack' | 'preempted';

/** mgc.go gcphase. _GCmarktermination lives inside the single gcMarkTermination step, so no state shows it. @public */
export type GCPhase = 'off' | 'mark';

/**
 * One Go frame on a goroutine stack. Its position is kept relative to the stack top, so a
 * stack copy moves it for free, while the words it holds are absolute addresses that
 * copystack must adjust, as adjustframe does.
 * @public
 */
export interface Frame {
  /** Index into FUNCS (funcs.ts). */
  readonly fn: number;
  /** hi - SP once this frame is set up: the stack's used bytes while it is innermost. */
  readonly depth: number;
  /** The saved frame pointer (the caller's frame pointer), or 0 for the outermost frame. */
  readonly bp: number;
  /** The function's pointer slots (its locals bitmap): an address or 0 each. */
  readonly slots: readonly number[];
  /**
   * The value the frame's other words hold (contents.ts): what the call stored, which a
   * faithful copy preserves, or `clobbered` after a copy that read the wrong memory.
   */
  readonly stamp: number;
  /**
   * A dead frame: one that faulted into sigpanic in a function without defers, which the
   * unwinder gives continpc 0 (traceback.go:(*unwinder).resolveInternal) since it never runs
   * again; stack.go:adjustframe skips its locals. No action makes one yet (the generator has
   * no faults, so every call's frame is live); test/model/releases.test.ts builds one.
   */
  readonly dead: boolean;
}

/** A sudog on gp.waiting: the channel and the element pointer (often into gp's own stack). @public */
export interface Sudog {
  readonly chan: number;
  readonly elem: number;
}

/**
 * A stack-allocated _defer record (panic.go:deferprocStack). Its varp and fd are zero (only
 * open-coded defers, whose records addOneOpenDeferFrame allocates on the heap, set them), so
 * the model leaves them out; adjustdefers' adjustments of them change nothing here.
 * @public
 */
export interface Defer {
  /** The pointer that reaches this record: gp._defer for the first, the previous record's link for the rest. */
  readonly rec: number;
  /** d.sp: the deferring frame's SP, which deferreturn compares to find its defers. */
  readonly sp: number;
  /** d.fn: the deferred closure, a funcval the deferring frame allocated on its own stack. */
  readonly fn: number;
  /** d._panic: the panic record whose gopanic is running this deferred call, or 0. */
  readonly panic: number;
}

/** runtime2.go g, reduced to the fields the stack allocator reads or writes. @public */
export interface G {
  readonly goid: number;
  readonly status: GStatus;
  readonly lo: number;
  readonly hi: number;
  /** An address, or a poison value (stackPreempt, ...) kept as the negative number Go masks. */
  readonly stackguard0: number;
  /** sched.sp, sched.bp, sched.ctxt. The model keeps sched.sp/bp current while the G runs. */
  readonly sp: number;
  readonly bp: number;
  readonly ctxt: number;
  readonly stktopsp: number;
  readonly syscallsp: number;
  /** Frames, outermost first. */
  readonly frames: readonly Frame[];
  /** gp._defer chain, innermost first. */
  readonly defers: readonly Defer[];
  /** gp._panic chain: addresses of panic records on the stack, innermost first. */
  readonly panics: readonly number[];
  readonly waiting: readonly Sudog[];
  readonly parkingOnChan: boolean;
  readonly activeStackChans: boolean;
  readonly preempt: boolean;
  readonly preemptStop: boolean;
  readonly preemptShrink: boolean;
  readonly asyncSafePoint: boolean;
  /**
   * Stopped by a preemption inside a prologue's morestack: the call resumes at the stack
   * check, past the maymorestack hook (obj6.go jumps back after the hook's call).
   */
  readonly inMorestack: boolean;
  readonly throwsplit: boolean;
  /** The P whose M runs this G (m.p), or -1. */
  readonly p: number;
  /** Scanned in the current GC cycle (gcscandone). */
  readonly gcscandone: boolean;
}

/** mcache.go stackfreelist: a LIFO list of blocks and its byte total. @public */
export interface StackFreeList {
  readonly list: Link;
  readonly size: number;
}

/** runtime2.go p with its mcache, reduced to the stack allocator's fields. @public */
export interface P {
  readonly id: number;
  /** The G running on this P, or -1 (idle). */
  readonly curg: number;
  /** mcache.stackcache, one list per order. */
  readonly stackcache: readonly StackFreeList[];
  /** mcache.flushGen. */
  readonly flushGen: number;
  /** p.gFree: dead Gs (goids), LIFO, and its count. */
  readonly gFree: Link;
  readonly gFreeN: number;
  /** p.scannedStackSize / p.scannedStacks (mgcmark.go:scanstack, stack.go:gcComputeStartingStackSize). */
  readonly scannedStackSize: number;
  readonly scannedStacks: number;
  /** p.maxStackScanDelta (mgcpacer.go:addScannableStack). */
  readonly maxStackScanDelta: number;
}

/** An M's runtime-allocated stacks (g0 and gsignal); 0/0 where it has none. @public */
export interface M {
  readonly id: number;
  readonly g0lo: number;
  readonly g0hi: number;
  readonly gsiglo: number;
  readonly gsighi: number;
  /** On sched.freem: exited, g0 stack still to be freed by the next allocm. */
  readonly exited: boolean;
}

/** mheap.go mSpanState, for the spans the model keeps. Freed spans leave State.spans. @public */
export type SpanState = 'manual' | 'inuse';

/** mheap.go mspan, reduced. @public */
export interface Span {
  readonly base: number;
  readonly npages: number;
  readonly state: SpanState;
  /** Stack size of the span's blocks: fixedStack<<order for pool spans, the whole span for large ones. */
  readonly elemsize: number;
  readonly allocCount: number;
  readonly manualFreeList: Link;
}

/** A run of free pages in the page heap. @public */
export interface PageRange {
  readonly base: number;
  readonly npages: number;
}

/**
 * The whole model state: what the runtime holds, and nothing about how it got there (no
 * statistics, no ghost flags; what a step did is its Observation, observation.ts).
 * @public
 */
export interface State {
  readonly gs: readonly G[];
  readonly ps: readonly P[];
  readonly ms: readonly M[];
  /** Every span in use (stack spans and the heap-object span), sorted by base. */
  readonly spans: readonly Span[];
  /** Free page runs, sorted by base, coalesced. */
  readonly free: readonly PageRange[];
  /** stackpool[order]: span bases, list head first. */
  readonly stackpool: readonly (readonly number[])[];
  /** stackLarge.free[log2(npages)]: span bases, head first. */
  readonly stackLarge: readonly (readonly number[])[];
  /** sched.gFree.stack / sched.gFree.noStack and sched.gFree.n. */
  readonly gFreeStack: Link;
  readonly gFreeNoStack: Link;
  readonly gFreeN: number;
  readonly gcphase: GCPhase;
  /** mheap_.sweepgen. */
  readonly sweepgen: number;
  readonly gcCycle: number;
  /** len(allgs) at gcStart: the stack roots of this cycle. */
  readonly stackRoots: number;
  readonly markrootFreeGStacksDone: boolean;
  /** Between gcMarkTermination and the end of freeStackSpans / forEachP(prepareForSweep). */
  readonly freeStackSpansPending: boolean;
  /** Bit i set: P i has yet to run the forEachP(prepareForSweep) of the last mark termination. */
  readonly sweepFlushPending: number;
  readonly startingStackSize: number;
  /**
   * gcController.maxStackScan (mgcpacer.go): a P's delta is added once it reaches
   * maxStackScanSlack (pacer.ts), so this lags the live stack total by the Ps' deltas.
   */
  readonly maxStackScan: number;
  /**
   * allp[len(allp):cap(allp)]: the Ps procresize destroyed (ids ps.length, ps.length+1, ...).
   * Go never frees a p struct, and a later procresize reuses it with the fields (*p).init
   * leaves alone: its pacer delta and scanned-stack counts.
   */
  readonly retiredPs: readonly P[];
  /** Heap objects' pointer fields; object i lives at heapObjectAddr(i). */
  readonly heapObjs: readonly (readonly number[])[];
  /** Each channel's receive queue (goids, FIFO). */
  readonly chans: readonly (readonly number[])[];
  /** memstats.heapStats.inStacks: bytes in spans allocated for stacks (StackInuse). */
  readonly inStacks: number;
}
