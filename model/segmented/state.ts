// The state of a historical runtime (Go 1.1-1.4): goroutines whose stacks are chains
// of segments, each ending in a Stktop that links to the segment below (runtime.h:Stktop),
// the per-M ring of FixedStack segments and the global list of StackCacheNode batches
// (stack.c), Go 1.4's per-M lists by order and pool of stack spans (stack1.go), and the
// malloc heap that holds every segment of another size and every pool span.
// What the runtime holds and nothing more: counts of what a step did are its Observation.

/** runtime.h:Stktop, at the top of every segment: where the segment below ends, and what oldstack frees. @public */
export interface Stktop {
  /** The Stktop's own address: segment hi - StackTop. */
  readonly addr: number;
  /** The segment below: its Stktop address and stackguard (0 for the first segment). */
  readonly stackbase: number;
  readonly stackguard: number;
  /** Bytes oldstack gives back to stackfree (0 for the first segment, which malg made). */
  readonly free: number;
  /** Argument bytes newstack copied up into this segment (oldstack copies them back). */
  readonly argsize: number;
  /** Go 1.3 Stktop.malloced: the segment came from mallocgc, not the FixedStack cache. */
  readonly malloced: boolean;
}

/** A segment: [lo, lo+size), its Stktop at the top. @public */
export interface Segment {
  readonly lo: number;
  readonly size: number;
  readonly top: Stktop;
}

/** A frame on a segment: [lo, hi) holds the frame, its return address and (for a split call) the copied arguments. @public */
export interface SegFrame {
  readonly lo: number;
  readonly hi: number;
  /** The function's frame size (its index in SEG_FUNCS). */
  readonly fn: number;
  /** The call that split: its return goes through lessstack -> oldstack. */
  readonly split: boolean;
  /** A pointer word: the address of an older frame of the same goroutine (its lo), or 0. */
  readonly ptr: number;
}

/** @public */
export type SegGStatus = 'runnable' | 'running' | 'dead';

/** runtime.h:G, the stack fields. A dead G of Go 1.4 may have no stack at all (segs empty, stack0 0). @public */
export interface SegG {
  readonly goid: number;
  readonly status: SegGStatus;
  /** The P it runs on (running only), else -1. */
  readonly p: number;
  /** G.stack0: the first segment's bottom. */
  readonly stack0: number;
  /** G.stackguard: the top segment's bottom + StackGuard. */
  readonly stackguard: number;
  /** G.stackbase: the top segment's Stktop. */
  readonly stackbase: number;
  /** G.stacksize (1.2+): bytes in all segments. */
  readonly stacksize: number;
  /** The chain, bottom first (the runtime walks it through Stktop.stackbase). */
  readonly segs: readonly Segment[];
  /** Frames, outermost first. */
  readonly frames: readonly SegFrame[];
}

/** runtime.h:M's stack cache: a ring of StackCacheSize FixedStack segments. @public */
export interface SegM {
  readonly stackcache: readonly number[];
  readonly stackcachepos: number;
  readonly stackcachecnt: number;
  /** M.stackinuse: FixedStack segments this M handed out minus those it took back (may go negative). */
  readonly stackinuse: number;
  /** Go 1.4 mcache.stackcache[order].list: free stacks of FixedStack << order, head last (empty before 1.4). */
  readonly orders: readonly (readonly number[])[];
}

/** A P: its running G and its gfree list (proc.c). @public */
export interface SegP {
  readonly curg: number;
  readonly gfree: readonly number[];
}

/** stack.c:StackCacheNode: a batch of StackCacheBatch segments, the node itself the last. @public */
export interface StackCacheNode {
  readonly addr: number;
  readonly batch: readonly number[];
}

/** Go 1.4 stack1.go: a _StackCacheSize span of the heap cut into stacks of one order. @public */
export interface PoolSpan {
  readonly order: number;
  /** s.freelist: its free stacks, head last. */
  readonly freelist: readonly number[];
  /** s.ref: its stacks handed out (capacity minus the free list). */
  readonly ref: number;
}

/** A free range of the malloc heap. @public */
export interface HeapRange {
  readonly lo: number;
  readonly size: number;
}

/** @public */
export interface SegState {
  readonly gs: readonly SegG[];
  /** One M per P (the model binds M i to P i). */
  readonly ms: readonly SegM[];
  readonly ps: readonly SegP[];
  /** stack.c's global stackcache list (stackcachemu). */
  readonly stackcache: readonly StackCacheNode[];
  /** SysAlloc'ed batches so far: batch k is [sysBase + k*FixedStack*StackCacheBatch, ...). */
  readonly sysBatches: number;
  /** The malloc heap: free ranges by address, and the blocks handed out (lo -> size). */
  readonly heapFree: readonly HeapRange[];
  readonly heapUsed: ReadonlyMap<number, number>;
  /** proc.c runtime·sched.gfree: dead Gs moved off the Ps. */
  readonly gfree: readonly number[];
  /** Go 1.4 stack1.go stackpool[order]: spans with a free stack, by base, head first (empty before 1.4). */
  readonly stackpool: readonly (readonly number[])[];
  /** Go 1.4: every stack span of the pool by base (those with no free stack are on no list). */
  readonly poolSpans: ReadonlyMap<number, PoolSpan>;
}
