// Profiles (a Go release on a platform), scopes and modes: every constant the model uses
// comes from here. Go 1.19's values are 1.19.8's (runtime/stack.go, malloc.go, proc.go:main),
// per the research notes §1.2; Go 1.26's are 1.26.8's (the same files and internal/abi/stack.go).
// Nothing else in model/ may spell one of these numbers, and no routine tests a profile's
// name: where a release behaves differently, a field of its Profile says how.

import type { StackFreeList } from './state.ts';

/**
 * The Go releases the model follows. A profile is named by its release, then its platform
 * unless it is linux/amd64: go1.26, go1.19/windows/amd64. The names go1.1 to go1.4 are kept
 * for the historical designs (segmented stacks, the first contiguous stacks).
 * @public
 */
export type Release = 'go1.19' | 'go1.26';

/** Every release the model follows, oldest first. @public */
export const releases: readonly Release[] = ['go1.19', 'go1.26'];

/** The GOOS/GOARCH pairs the model has constants for. @public */
export type Platform = 'linux/amd64' | 'windows/amd64';

/** The constants of one Go release on one GOOS/GOARCH, as that release computes them. @public */
export interface Profile {
  /** The name it is chosen by (profileName, or an alias: linux/amd64 and windows/amd64 name Go 1.19's). */
  readonly name: string;
  readonly release: Release;
  readonly platform: Platform;
  readonly ptrSize: number;
  /** _StackSystem: extra bytes below the guard for the OS (stack.go). */
  readonly stackSystem: number;
  /** _StackMin (stack.go). */
  readonly stackMin: number;
  /** _FixedStack = round2(_StackMin + _StackSystem) (stack.go). */
  readonly fixedStack: number;
  /** _StackGuard = 928*StackGuardMultiplier + _StackSystem (stack.go). */
  readonly stackGuard: number;
  /** _StackSmall (stack.go; abi.StackSmall in newer Go). */
  readonly stackSmall: number;
  /** _StackBig (stack.go; abi.StackBig in newer Go). */
  readonly stackBig: number;
  /**
   * _StackLimit = _StackGuard - _StackSystem - _StackSmall (Go 1.19 stack.go); Go 1.26 calls
   * it stackNosplit = abi.StackNosplitBase * StackGuardMultiplier, and it is 800 in both.
   */
  readonly stackLimit: number;
  /** _NumStackOrders = 4 - PtrSize/4*IsWindows - 1*IsPlan9 (malloc.go). */
  readonly numStackOrders: number;
  /** _StackCacheSize (malloc.go): per-P per-order cache limit and stackpool span size. */
  readonly stackCacheSize: number;
  /** _PageShift (sizeclasses.go). */
  readonly pageShift: number;
  /** heapAddrBits (malloc.go): len(stackLarge.free) = heapAddrBits - pageShift. */
  readonly heapAddrBits: number;
  /** maxstacksize after runtime.main (proc.go:main). */
  readonly maxstacksize: number;
  /** Bytes newproc1 reserves above the first frame: alignUp(4*PtrSize+MinFrameSize, StackAlign). */
  readonly newprocTopFrame: number;
  /** The M's g0 stack size when the runtime allocates it (proc.go:allocm); 0 when the OS does (mStackIsSystemAllocated). */
  readonly g0StackSize: number;
  /** The gsignal stack size (os_*.go:mpreinit); 0 where the port has none (windows). */
  readonly gsignalStackSize: number;
  /** The arena's first address (malloc.go: 0x00c0<<32 on 64-bit). */
  readonly arenaBase: number;
  /** maxStackScanSlack (mgcpacer.go): stack bytes a P may count before it tells gcController. */
  readonly maxStackScanSlack: number;

  // Where releases behave differently (each routine that reads one cites both releases).

  /**
   * stack.go:stacklog2, stackLarge.free's index for a span of n pages: ⌊log2 n⌋ by a shift
   * loop in Go 1.19; bits.Len64(n) = ⌊log2 n⌋ + 1 in Go 1.26 (whose comment still says
   * ⌊log_2(n)⌋), so there the bucket of 2^k pages is k+1.
   */
  readonly stacklog2: 'floor-log2' | 'bits-len';
  /**
   * stack.go:isShrinkStackSafe refuses a G in _Gwaiting for a reason isWaitingForSuspendG
   * lists (Go 1.26), so a goroutine scanning its own stack defers the shrink to preemptShrink;
   * Go 1.19 shrinks it.
   */
  readonly shrinkSafeRefusesSuspendGWait: boolean;
  /**
   * Whether a deferred call a panic runs keeps its record on gp._defer, pointing at the panic
   * (Go 1.19: runtime2.go:_defer has `_panic`, panic.go:gopanic sets d._panic and d.started and
   * pops the record only after the call, stack.go:adjustdefers moves _panic, varp and fd), or
   * loses it first (Go 1.26: _defer has no _panic, varp or fd; panic.go:(*_panic).nextDefer
   * pops the record (popDefer) before gopanic calls d.fn; stack.go:adjustdefers moves fn, sp
   * and link only).
   */
  readonly deferRecordHoldsPanic: boolean;
  /**
   * stack.go:adjustframe on a dead frame (continpc == 0, Frame.dead): Go 1.19 returns before
   * adjusting anything; Go 1.26 adjusts the saved frame pointer first (for frame-pointer
   * unwinders: the execution tracer, block and mutex profiles), then returns.
   */
  readonly adjustframeDeadFrameBP: boolean;

  // What conformance reads of a release (traces show these; the model does not need them).

  /**
   * Whether the runtime starts the heap at a random address instead (Go 1.26's default
   * GOEXPERIMENT randomizedheapbase64: malloc.go:mallocinit randomizeHeapBase, mheap.go:grow).
   * The model always starts at arenaBase, one of the bases the runtime may pick; conformance
   * takes the base from the trace.
   */
  readonly heapBaseRandomized: boolean;
  /** The stack schedinit allocates for crashes on bad stacks (Go 1.26 proc.go:schedinit gcrash.stack = stackalloc(16384)); 0 where there is none (Go 1.19). */
  readonly crashStackSize: number;
  /**
   * The wait reasons (waitReason.String()) in which isShrinkStackSafe refuses to shrink a waiting
   * goroutine: those it waits in only so that suspendG can stop it (Go 1.26 stack.go:isShrinkStackSafe,
   * runtime2.go:isWaitingForSuspendG); none in Go 1.19.
   */
  readonly shrinkRefusedWaitReasons: readonly string[];
}

const common = {
  ptrSize: 8,
  stackMin: 2048,
  stackSmall: 128,
  stackBig: 4096,
  stackCacheSize: 32 * 1024,
  pageShift: 13,
  heapAddrBits: 48,
  maxstacksize: 1_000_000_000,
  newprocTopFrame: 32,
  arenaBase: 0xc000000000,
  maxStackScanSlack: 8 << 10,
  stacklog2: 'floor-log2',
  shrinkSafeRefusesSuspendGWait: false,
  deferRecordHoldsPanic: true,
  adjustframeDeadFrameBP: false,
  heapBaseRandomized: false,
  crashStackSize: 0,
  shrinkRefusedWaitReasons: [],
} as const;

/** The profile's name: its release, then its platform unless it is linux/amd64. @public */
export function profileName(release: Release, platform: Platform): string {
  return platform === 'linux/amd64' ? release : `${release}/${platform}`;
}

/** linux/amd64's constants (also darwin, the BSDs, linux/arm64 for these constants), Go 1.19. */
const linux119 = {
  ...common,
  platform: 'linux/amd64',
  stackSystem: 0,
  fixedStack: 2048,
  stackGuard: 928,
  stackLimit: 800,
  numStackOrders: 4,
  g0StackSize: 8192,
  gsignalStackSize: 32 * 1024,
} as const;

/** windows/amd64's, Go 1.19: 4 KiB of _StackSystem (512*PtrSize), so 8 KiB starting stacks and two cached orders. */
const windows119 = {
  ...common,
  platform: 'windows/amd64',
  stackSystem: 4096,
  fixedStack: 8192,
  stackGuard: 5024,
  stackLimit: 800,
  numStackOrders: 2,
  g0StackSize: 0,
  gsignalStackSize: 0,
} as const;

/**
 * What Go 1.26 does differently from 1.19 on every 64-bit platform (the fields' docs say how):
 * stacklog2's bucket, isShrinkStackSafe's suspendG wait rule (runtime2.go:isWaitingForSuspendG,
 * its reasons as waitReasonStrings spell them), the _defer record without _panic, adjustframe's
 * saved BP of a dead frame, a randomized heap base (malloc.go:mallocinit
 * randomizeHeapBase, GOEXPERIMENT randomizedheapbase64 on by default) and schedinit's 16 KiB
 * crash stack (proc.go:schedinit gcrash.stack).
 */
const go126Rules = {
  release: 'go1.26',
  stacklog2: 'bits-len',
  shrinkSafeRefusesSuspendGWait: true,
  deferRecordHoldsPanic: false,
  adjustframeDeadFrameBP: true,
  heapBaseRandomized: true,
  crashStackSize: 16384,
  shrinkRefusedWaitReasons: [
    'stopping the world', 'GC mark termination', 'garbage collection', 'garbage collection scan', 'trace goroutine status',
    'trace proc status', 'page trace flush', 'GC assist marking', 'GC worker (active)', 'flushing proc caches',
  ],
} as const;

/** Go 1.19 on linux/amd64, the default. @public */
export const go119: Profile = { ...linux119, name: 'go1.19', release: 'go1.19' };

/**
 * Go 1.26 on linux/amd64. stackGuard = stackNosplit + stackSystem + abi.StackSmall = 928 and
 * stackNosplit = 800, as 1.19's _StackGuard and _StackLimit; proc.go:allocm's g0 is
 * malg(16384 * StackGuardMultiplier), twice 1.19's.
 * @public
 */
export const go126: Profile = { ...linux119, ...go126Rules, name: 'go1.26', g0StackSize: 16 * 1024 };

/** Go 1.19 on windows/amd64. @public */
export const go119Windows: Profile = { ...windows119, name: 'go1.19/windows/amd64', release: 'go1.19' };

/**
 * Go 1.26 on windows/amd64: stackSystem became goos.IsWindows*4096 (was 512*PtrSize), the
 * same 4096 bytes on amd64 (it grew only on 386); the g0 stack is still the OS thread's.
 * @public
 */
export const go126Windows: Profile = { ...windows119, ...go126Rules, name: 'go1.26/windows/amd64' };

/** linux/amd64: the name the model had before releases, kept as Go 1.19's (and the default). @public */
export const linuxAmd64: Profile = { ...go119, name: 'linux/amd64' };

/** windows/amd64: kept as Go 1.19's. @public */
export const windowsAmd64: Profile = { ...go119Windows, name: 'windows/amd64' };

/** All profiles by name, the releases' first and then the two aliases. @public */
export const profiles: Readonly<Record<string, Profile>> = Object.fromEntries(
  [go119, go126, go119Windows, go126Windows, linuxAmd64, windowsAmd64].map((p) => [p.name, p]),
);

/** The names that are another profile's alias, and the profile they stand for. @public */
export const profileAliases: Readonly<Record<string, string>> = { [linuxAmd64.name]: go119.name, [windowsAmd64.name]: go119Windows.name };

/**
 * The limits of one exploration. Small defaults let short traces reach heap exhaustion,
 * stack overflow and the gFree spill; the runtime's own values are noted beside each.
 * @public
 */
export interface Scope {
  /** Pages in the page heap's arena (the runtime: up to 2^heapAddrBits bytes). */
  readonly arenaPages: number;
  /** maxstacksize (the runtime: 1e9 after runtime.main). */
  readonly maxstacksize: number;
  /** Per-P gFree length at which gfput spills to the global list (the runtime: 64). */
  readonly gFreeSpill: number;
  /** Number of Ps at start, and the most procresize may ask for. */
  readonly procs: number;
  readonly maxProcs: number;
  /** Most goroutines ever created (len(allgs)). */
  readonly maxGoroutines: number;
  /** Most Ms besides m0. */
  readonly maxMs: number;
  /** Heap objects with pointer fields, and fields per object. */
  readonly heapObjects: number;
  readonly heapObjectFields: number;
  /** Unbuffered channels goroutines can park on. */
  readonly chans: number;
}

/** @public */
export const defaultScope: Scope = {
  arenaPages: 64,
  maxstacksize: 64 * 1024,
  gFreeSpill: 2, // a P spills its dead Gs at 2, so sched.gFree holds stacks often (windows.ts: markroot-gfree-stack)
  procs: 2,
  maxProcs: 3,
  maxGoroutines: 12,
  maxMs: 2,
  heapObjects: 4,
  heapObjectFields: 2,
  chans: 2,
};

/** The runtime's debug knobs the model follows (stack.go constants, GODEBUG). @public */
export interface Modes {
  /** stack.go stackNoCache: every small alloc/free goes to the global pool. */
  readonly stackNoCache: boolean;
  /** GODEBUG=gcshrinkstackoff=1: shrinkstack returns early. */
  readonly gcshrinkstackoff: boolean;
  /** GODEBUG=adaptivestackstart (default 1 since Go 1.19). */
  readonly adaptivestackstart: boolean;
  /**
   * Built with -d=maymorestack=runtime.mayMoreStackMove (every call with a stack check moves
   * the stack to a new one of the same size) or =runtime.mayMoreStackPreempt (every such call
   * is a preemption point): debug.go, the runtime developers' own amplifier for stack bugs.
   */
  readonly maymorestack: 'off' | 'move' | 'preempt';
}

/** @public */
export const defaultModes: Modes = { stackNoCache: false, gcshrinkstackoff: false, adaptivestackstart: true, maymorestack: 'off' };

/** The mode names accepted on the command line. @public */
export const modeNames = ['stackNoCache', 'gcshrinkstackoff', 'noadaptivestackstart', 'maymorestack=move', 'maymorestack=preempt'] as const;

/** Everything a step needs besides the state: fixed for a whole run. @public */
export interface Config {
  readonly profile: Profile;
  readonly scope: Scope;
  readonly modes: Modes;
  /** Derived: bytes in one stackpool span and its page count. */
  readonly poolSpanPages: number;
  readonly pageSize: number;
  /** Derived: min(maxstacksize, scope.maxstacksize), the overflow limit newstack uses. */
  readonly maxstacksize: number;
  /** Derived: 2*maxstacksize (proc.go:main maxstackceiling). */
  readonly maxstackceiling: number;
  /** Derived: stacks below this take the small path (n < fixedStack<<_NumStackOrders && n < _StackCacheSize). */
  readonly smallStackLimit: number;
  /**
   * Derived: mcache.go:allocmcache's empty stackcache, one shared frozen value (a flush of
   * every P is a hot path, and an empty cache is immutable).
   */
  readonly emptyStackCache: readonly StackFreeList[];
}

/** @public */
export function makeConfig(profile: Profile, scope: Scope = defaultScope, modes: Modes = defaultModes): Config {
  const pageSize = 1 << profile.pageShift;
  const maxstacksize = Math.min(profile.maxstacksize, scope.maxstacksize);
  return {
    profile,
    scope,
    modes,
    pageSize,
    poolSpanPages: profile.stackCacheSize >> profile.pageShift,
    maxstacksize,
    maxstackceiling: 2 * maxstacksize,
    smallStackLimit: Math.min(profile.fixedStack * 2 ** profile.numStackOrders, profile.stackCacheSize),
    emptyStackCache: Object.freeze(Array.from({ length: profile.numStackOrders }, () => Object.freeze({ list: null, size: 0 }))),
  };
}
