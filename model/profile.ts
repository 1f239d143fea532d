// Platform profiles, scopes and modes: every constant the model uses comes from here.
// Values are Go 1.19.8's (runtime/stack.go, malloc.go, proc.go:main), per the research
// notes §1.2; nothing else in model/ may spell one of these numbers.

import type { StackFreeList } from './state.ts';

/** The platform constants of one GOOS/GOARCH, as Go 1.19 computes them. @public */
export interface Profile {
  readonly name: string;
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
  /** _StackLimit = _StackGuard - _StackSystem - _StackSmall (stack.go). */
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
} as const;

/** linux/amd64 (also darwin, the BSDs, linux/arm64 for these constants). @public */
export const linuxAmd64: Profile = {
  ...common,
  name: 'linux/amd64',
  stackSystem: 0,
  fixedStack: 2048,
  stackGuard: 928,
  stackLimit: 800,
  numStackOrders: 4,
  g0StackSize: 8192,
  gsignalStackSize: 32 * 1024,
};

/** windows/amd64: 4 KiB of _StackSystem, so 8 KiB starting stacks and two cached orders. @public */
export const windowsAmd64: Profile = {
  ...common,
  name: 'windows/amd64',
  stackSystem: 4096,
  fixedStack: 8192,
  stackGuard: 5024,
  stackLimit: 800,
  numStackOrders: 2,
  g0StackSize: 0,
  gsignalStackSize: 0,
};

/** All profiles by name. @public */
export const profiles: Readonly<Record<string, Profile>> = {
  [linuxAmd64.name]: linuxAmd64,
  [windowsAmd64.name]: windowsAmd64,
};

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
