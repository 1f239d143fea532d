// The signatures of the runtime routines every model function calls through (d.rt), and the
// small types they pass. A leaf of the model's import graph: it names Draft only as a type
// parameter, so draft.ts can hold a table without importing the modules that implement it
// (runtime.ts builds the table; test/architecture checks that model/ imports form no cycle).

import type { ExecP } from './exec-p.ts';
import type { Func } from './funcs.ts';
import type { Profile } from './profile.ts';
import type { Defer, Frame, G, Span, Sudog } from './state.ts';

/** The old range and the distance everything in it moves (stack.go adjustinfo). @public */
export interface AdjustInfo {
  readonly lo: number;
  readonly hi: number;
  readonly delta: number;
}

/** Who owns gp's stack during a shrink: the GC (holding _Gscan) or gp itself in newstack. @public */
export type ShrinkOwner = 'scan' | 'self';

/** What newstack did: grew the stack, handled a preemption request, or left one for later (!canPreemptM). @public */
export type NewstackResult = 'grown' | 'preempted' | 'resumed';

/** Where a pointer word points: nil, heap object i, or slot j of the k-th frame from the innermost. @public */
export type PtrSpec =
  | { readonly to: 'nil' }
  | { readonly to: 'heap'; readonly obj: number }
  | { readonly to: 'stack'; readonly frame: number; readonly slot: number };

/**
 * The routine table over a draft type D (draft.ts instantiates it with Draft). One entry per
 * runtime routine, named as in the runtime; a mutant replaces entries with functions of the
 * same signature.
 * @public
 */
export interface RoutineTable<D> {
  // mheap.go
  allocManual(d: D, npages: number): Span | null;
  freeManual(d: D, base: number): void;
  // stack.go: the pool and the per-P caches
  stackpoolalloc(d: D, order: number): number;
  stackpoolfree(d: D, x: number, order: number): void;
  stackcacherefill(d: D, pp: number, order: number): void;
  stackcacherelease(d: D, pp: number, order: number): void;
  stackcache_clear(d: D, pp: number): void;
  /** One order's critical section of stackcache_clear. */
  stackcacheClearOrder(d: D, pp: number, order: number): void;
  stackalloc(d: D, m: ExecP, n: number): number;
  stackfree(d: D, m: ExecP, lo: number, hi: number): void;
  // proc.go
  malg(d: D, m: ExecP, stacksize: number): readonly [number, number];
  newproc1(d: D, pp: number): number;
  gfget(d: D, pp: number): number;
  gfput(d: D, pp: number, goid: number): void;
  goexit0(d: D, goid: number): void;
  gfpurge(d: D, pp: number): void;
  execute(d: D, goid: number, pp: number): void;
  gopreempt_m(d: D, goid: number): void;
  preemptPark(d: D, goid: number): void;
  procresize(d: D, nprocs: number): void;
  freemcache(d: D, pp: number): void;
  allocm(d: D, m: ExecP): void;
  mexit(d: D, mid: number, pp: number): void;
  // stack.go: growth, copying, shrinking
  stacksplit(d: D, g: G, f: Func): boolean;
  newstack(d: D, goid: number, f: Func, canPreemptM?: boolean): NewstackResult;
  copystack(d: D, goid: number, newsize: number, m: ExecP): void;
  adjustframe(a: AdjustInfo, f: Frame, profile: Pick<Profile, 'adjustframeDeadFrameBP'>): Frame;
  adjustsudogs(a: AdjustInfo, waiting: readonly Sudog[]): readonly Sudog[];
  syncadjustsudogs(a: AdjustInfo, waiting: readonly Sudog[]): readonly Sudog[];
  adjustctxt(a: AdjustInfo, g: G): Pick<G, 'ctxt' | 'bp'>;
  adjustdefers(a: AdjustInfo, defers: readonly Defer[]): readonly Defer[];
  adjustpanics(a: AdjustInfo, panics: readonly number[]): readonly number[];
  shrinkstack(d: D, goid: number, m: ExecP, owner: ShrinkOwner): void;
  isShrinkStackSafe(g: G, profile: Pick<Profile, 'shrinkSafeRefusesSuspendGWait'>): boolean;
  // mgc.go, mgcmark.go, preempt.go, mcache.go, mstats.go, mgcpacer.go
  gcStart(d: D): void;
  suspendG(d: D, goid: number): void;
  scanstack(d: D, goid: number, pp: number): void;
  markrootFreeGStacks(d: D, m: ExecP): void;
  gcComputeStartingStackSize(d: D): void;
  gcMarkDone(d: D): void;
  gcMarkTermination(d: D): void;
  freeStackSpans(d: D): void;
  /** One order's critical section of freeStackSpans (the pool loop). */
  freeStackSpansOrder(d: D, order: number): void;
  prepareForSweep(d: D, pp: number): void;
  runSafePointFn(d: D, pp: number): void;
  flushallmcaches(d: D): void;
  addScannableStack(d: D, m: ExecP, amount: number): void;
  // chan.go
  chanrecv(d: D, goid: number, c: number, slot: number): void;
  chanparkcommit(d: D, goid: number): void;
  chansend(d: D, c: number, value: number): void;
  // What user code does to its stack (mutator.ts)
  call(d: D, goid: number, fn: number, slots: readonly PtrSpec[], ctxt: PtrSpec): void;
  ret(d: D, goid: number): void;
  deferprocStack(d: D, goid: number): void;
  gopanic(d: D, goid: number): void;
  entersyscall(d: D, goid: number): void;
  exitsyscall(d: D, goid: number, pp: number): void;
  preemptone(d: D, goid: number): void;
  asyncPreempt2(d: D, goid: number): void;
  storeHeap(d: D, goid: number, obj: number, field: number, target: PtrSpec): void;
  escapeAnalysisAdmits(target: PtrSpec): boolean;
}
