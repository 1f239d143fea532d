// The historical releases whose goroutine stacks are segments linked by Stktop records:
// Go 1.1 and 1.2 (segmented), and Go 1.3, which is the same runtime with newstack copying
// the top segment to one twice its size (stack.c's copystack) instead of linking a new one.
// Each value cites the stack.h / runtime.h / malloc.h constant of that release (amd64).
//
// Sources (golang/go history, read through the reference index):
//   go1.1: src/pkg/runtime/stack.c @ d803cf2193a0 (reflect·call, no maxstacksize, no preemption);
//          stack.h of mid-2013 (StackMin 4096, StackExtra 1024, StackGuard 256, StackTop 96).
//   go1.2: src/pkg/runtime/stack.c @ 00a757fb74c2 (newstackcall, maxstacksize, gp->stacksize,
//          StackPreempt); StackMin raised to 8192 for the release (Go 1.2 release notes).
//   go1.3: src/pkg/runtime/stack.c with copyabletopsegment/copystack/shrinkstack (the
//          contiguous-by-copying release; power-of-2 stacks, round2 for fallback segments).

// Where the model simplifies: one goroutine action per step with M i bound to P i; no
// preemption, newstackcall (reflect.call), cgo or C frames, so Go 1.3 finds every top segment
// copyable and never falls back to linking one; no panics, defers or runtime.Goexit
// (unwindstack), so a goroutine exits only after every split call has returned; the
// collectors of Go 1.1 and 1.2 do not touch stacks and are not modelled.

/** A segmented-stack release's constants. @public */
export interface SegProfile {
  readonly name: 'go1.1' | 'go1.2' | 'go1.3';
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
  /** mgc0.c calls stack.c:shrinkstack on every goroutine at GC (1.3). */
  readonly shrinkAtGC: boolean;
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

/** The segmented profiles by name. @public */
export const segProfiles: Readonly<Record<string, SegProfile>> = { 'go1.1': go11, 'go1.2': go12, 'go1.3': go13 };

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
export const defaultSegScope: SegScope = { sysBatches: 16, heapBytes: 2048 * 1024, maxstacksize: 512 * 1024, procs: 2, maxGoroutines: 8, gFreeSpill: 4 };

/** Everything a segmented step needs besides the state. @public */
export interface SegConfig {
  readonly profile: SegProfile;
  readonly scope: SegScope;
}
