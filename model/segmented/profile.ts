// The historical releases: Go 1.1 and 1.2, whose goroutine stacks are segments linked by
// Stktop records; Go 1.3, the first contiguous stacks, which is the same C runtime with
// newstack copying the top segment to one twice its size (stack.c's copystack) instead of
// linking a new one (8 KB minimum); and Go 1.4, the runtime rewritten in Go (stack1.go,
// stack2.go), which lowered the minimum to 2 KB and allocates stacks by order from per-M
// caches and a global pool of 32 KB spans. Each value cites the stack.h / runtime.h /
// malloc.h (stack2.go, malloc2.go for 1.4) constant of that release (amd64).
//
// Sources (golang/go history, read through the reference index):
//   go1.1: src/pkg/runtime/stack.c @ d803cf2193a0 (reflect·call, no maxstacksize, no preemption);
//          stack.h of mid-2013 (StackMin 4096, StackExtra 1024, StackGuard 256, StackTop 96).
//   go1.2: src/pkg/runtime/stack.c @ 00a757fb74c2 (newstackcall, maxstacksize, gp->stacksize,
//          StackPreempt); StackMin raised to 8192 for the release (Go 1.2 release notes).
//   go1.3: src/pkg/runtime/stack.c with copyabletopsegment/copystack/shrinkstack (the
//          contiguous-by-copying release; power-of-2 stacks, round2 for fallback segments);
//          src/pkg/runtime/proc.c's gfput (frees a dead G's stack when top->malloced) and
//          gfget (stackalloc(gp, FixedStack) when stack0 is 0), read in the dterei/go mirror
//          @ d8c6a4cecacc (golang/go's own history holds only Go 1.1's proc.c in the index).
//   go1.4: src/runtime/stack1.go (stackpoolalloc/stackpoolfree, stackcacherefill/release by
//          order, stackalloc/stackfree, copystack with stackfreequeue, newstack, shrinkstack,
//          shrinkfinish), stack2.go (_StackMin 2048), proc1.go (gfput/gfget), mgc0.c
//          (markroot: flushallmcaches -> stackcache_clear, then shrinkstack of every G).

// Where the model simplifies: one goroutine action per step with M i bound to P i; no
// preemption, newstackcall (reflect.call) or cgo; the one C function (c2k, funcs.ts) stands
// for the runtime's C code, whose frames make Go 1.3's top segment uncopyable, so newstack
// links a segment as before (stack.c:copyabletopsegment/checkframecopy); no panics, defers or runtime.Goexit
// (unwindstack), so a goroutine exits only after every split call has returned; the
// collectors of Go 1.1 and 1.2 do not touch stacks and are not modelled. Go 1.4 keeps the
// model's segment record with StackTop 0 (a stack [lo, hi) and nothing above it: 1.4 has no
// Stktop) and runs its stop-the-world collection as one step, so stackfreequeue is empty
// between steps; mheap's stack spans are the same page-granular first-fit heap as mallocgc.

/** A segmented-stack release's constants. @public */
export interface SegProfile {
  readonly name: 'go1.1' | 'go1.2' | 'go1.3' | 'go1.4';
  readonly ptrSize: number;
  /** stack.h StackMin: the smallest segment, and the first stack of a goroutine (proc.c:newproc1 malg(StackMin)). */
  readonly stackMin: number;
  /** stack.h StackExtra: room beyond the frame that triggered the split. */
  readonly stackExtra: number;
  /** stack.h StackSystem (0 on linux). */
  readonly stackSystem: number;
  /** stack.h FixedStack = StackMin + StackSystem: the one size the per-M cache holds. */
  readonly fixedStack: number;
  /** stack.h StackGuard: g->stackguard is this far above the segment's bottom. */
  readonly stackGuard: number;
  /** stack.h StackSmall and StackBig: the prologue's three forms. */
  readonly stackSmall: number;
  readonly stackBig: number;
  /** Frames >= StackBig always call morestack (Go 1.1's stack.h); later releases compare first (6l's wrap-safe form). */
  readonly bigFrameAlwaysSplits: boolean;
  /** stack.h StackTop: the space a Stktop takes at the top of each segment. */
  readonly stackTop: number;
  /** runtime.h StackCacheSize (per-M ring) and StackCacheBatch (global <-> per-M transfer). */
  readonly stackCacheSize: number;
  readonly stackCacheBatch: number;
  /** malloc.h PageShift, for mallocgc's page-rounded large objects and 1.3's in-place shrink. */
  readonly pageSize: number;
  /** stack.c keeps gp->stacksize and throws "stack overflow" past runtime·maxstacksize (1.2+). */
  readonly maxstacksize: boolean;
  /** stack.c:newstack copies the top segment to one twice its size (1.3 runtime·copystack). */
  readonly copying: boolean;
  /** stack.c:newstack rounds a fallback segment to a power of 2 (1.3 runtime·round2). */
  readonly round2: boolean;
  /** C functions (the runtime's 6c code) run on goroutine stacks (1.1-1.3); Go 1.4's stack1.go:morestackc throws "attempt to execute C code on Go stack". */
  readonly cOnGoStack: boolean;
  /** mgc0.c calls stack.c:shrinkstack on every goroutine at GC (1.3). */
  readonly shrinkAtGC: boolean;
  /**
   * stack1.go (1.4): stacks come by order (FixedStack << order, orders below numStackOrders)
   * from per-M lists and a global pool of stackCacheBytes spans; 0 for the releases whose
   * per-M ring holds only FixedStack segments (stack.c of 1.1-1.3).
   */
  readonly numStackOrders: number;
  /** malloc.h/stack1.go _StackCacheSize (1.4): bytes per order an M may cache, and a pool span's size. */
  readonly stackCacheBytes: number;
  /** stack1.go:copystack (1.4) queues a shrunk stack on stackfreequeue; shrinkfinish frees it after the GC. */
  readonly queueShrunkStacks: boolean;
  /** Where the model places SysAlloc'ed cache batches and the malloc heap (distinct ranges). */
  readonly sysBase: number;
  readonly heapBase: number;
}

const common = {
  ptrSize: 8,
  stackSystem: 0,
  stackGuard: 256,
  stackSmall: 128,
  stackBig: 4096,
  stackTop: 96,
  stackCacheSize: 32,
  stackCacheBatch: 16,
  pageSize: 8192,
  numStackOrders: 0,
  stackCacheBytes: 0,
  queueShrunkStacks: false,
  cOnGoStack: true,
  sysBase: 0xf840000000,
  heapBase: 0xc200000000,
} as const;

/** Go 1.1: 4 KB segments, no stack limit but memory. @public */
export const go11: SegProfile = {
  ...common, name: 'go1.1', stackMin: 4096, stackExtra: 1024, fixedStack: 4096,
  maxstacksize: false, copying: false, round2: false, shrinkAtGC: false, bigFrameAlwaysSplits: true,
};

/** Go 1.2: 8 KB segments, runtime·maxstacksize. StackExtra as in Go 1.3's stack.h (Go 1.2's was not in the index). @public */
export const go12: SegProfile = {
  ...common, name: 'go1.2', stackMin: 8192, stackExtra: 2048, fixedStack: 8192,
  maxstacksize: true, copying: false, round2: false, shrinkAtGC: false, bigFrameAlwaysSplits: false,
};

/** Go 1.3: the first contiguous stacks (copy on growth, shrink at GC), 8 KB minimum. @public */
export const go13: SegProfile = {
  ...common, name: 'go1.3', stackMin: 8192, stackExtra: 2048, fixedStack: 8192,
  maxstacksize: true, copying: true, round2: true, shrinkAtGC: true, bigFrameAlwaysSplits: false,
};

/**
 * Go 1.4: contiguous stacks from 2 KB (stack2.go _StackMin 2048, _FixedStack 2048), stack1.go's
 * allocator by order (malloc2.go _NumStackOrders 3: 2, 4 and 8 KB are cached, larger stacks are
 * spans of their own; _StackCacheSize 32 KB) with no per-M ring and no SysAlloc'ed batches.
 * StackGuard 512 is Go 1.4's stack2.go value as recalled: the reference index holds only a
 * later stack2.go (640, Go 1.5's); the guard only moves where a call's prologue splits.
 * @public
 */
export const go14: SegProfile = {
  ...common, name: 'go1.4', stackMin: 2048, stackExtra: 0, fixedStack: 2048, stackGuard: 512, stackTop: 0,
  stackCacheSize: 0, stackCacheBatch: 0, numStackOrders: 3, stackCacheBytes: 32 * 1024, queueShrunkStacks: true, cOnGoStack: false,
  maxstacksize: true, copying: true, round2: true, shrinkAtGC: true, bigFrameAlwaysSplits: false,
};

/** The historical profiles by name. @public */
export const segProfiles: Readonly<Record<string, SegProfile>> = { 'go1.1': go11, 'go1.2': go12, 'go1.3': go13, 'go1.4': go14 };

/** Whether a profile name is one of the segmented model's (the command line asks before loading that model). @public */
export function isSegmentedProfile(name: string | undefined): boolean {
  return name !== undefined && Object.hasOwn(segProfiles, name);
}

/** The limits of a segmented run (small, so short traces reach out of memory and overflow). @public */
export interface SegScope {
  /** SysAlloc'ed cache batches (each StackCacheBatch*FixedStack bytes) before SysAlloc fails. */
  readonly sysBatches: number;
  /** Bytes of malloc heap for non-FixedStack segments. */
  readonly heapBytes: number;
  /** runtime·maxstacksize (1.2+); go1.1 has none and meets only the memory limits. */
  readonly maxstacksize: number;
  readonly procs: number;
  readonly maxGoroutines: number;
  /** Per-P gfree length at which proc.c:gfput moves dead Gs to the global list (the runtime: 64, down to 32). */
  readonly gFreeSpill: number;
}

/** @public */
export const defaultSegScope: SegScope = { sysBatches: 16, heapBytes: 2048 * 1024, maxstacksize: 512 * 1024, procs: 2, maxGoroutines: 32, gFreeSpill: 4 };

/** Everything a segmented step needs besides the state. @public */
export interface SegConfig {
  readonly profile: SegProfile;
  readonly scope: SegScope;
}
