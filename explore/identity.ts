// What makes two states the same state for the exhaustive search: every field the runtime
// (and so the model) acts on, and nothing that only counts or labels history. Each table
// below names every field of one record of the State; a field is either part of the state's
// identity ('hashed', by fingerprint.ts) or excluded with the reason it may be. The types
// make a new field a compile error until it is classified here, and test/explore/ checks
// that every field the model actually builds is listed (a State gaining a field at run time
// without a type fails there too).
//
// With symmetry (symmetry.ts) a goid is not a state's identity either: goroutines are hashed
// in a canonical order and every field holding a goid (P.curg, P.gFree, sched.gFree.stack and
// .noStack, State.chans; retired Ps' too) as a canonical index. G.p and State.sweepFlushPending
// hold P ids, which are never renamed. Frame.stamp is derived from its goroutine's goid
// (contents.ts:frameStamp) and hashed as "intact" when it is that. Why no routine or
// invariant can tell the renamed states apart: explore/README.md, "What a state is".

import type { Defer, Frame, G, M, P, PageRange, Span, State, StackFreeList, Sudog } from '../model/index.ts';

/** How a field enters the fingerprint. @internal */
export type Identity = 'hashed' | { readonly excluded: string };

const hashed = 'hashed' as const;

/** @internal */
export const stateIdentity: Readonly<Record<keyof State, Identity>> = {
  gs: hashed, ps: hashed, ms: hashed, spans: hashed, free: hashed, stackpool: hashed, stackLarge: hashed,
  gFreeStack: hashed, gFreeNoStack: hashed, gFreeN: hashed, gcphase: hashed,
  sweepgen: {
    excluded: 'only its relation to each P\'s flushGen is read (mgc.go, mcache.go:prepareForSweep compare flushGen with ' +
      'sweepgen and sweepgen-2; gcMarkTermination adds 2 to it): the fingerprint holds sweepgen-flushGen per P instead',
  },
  gcCycle: { excluded: 'a cycle counter no routine reads (only renderings print it); it grows without bound' },
  stackRoots: hashed, markrootFreeGStacksDone: hashed, freeStackSpansPending: hashed, sweepFlushPending: hashed,
  startingStackSize: hashed,
  maxStackScan: {
    excluded: 'pacer accounting no routine branches on: only maxStackScan + the sum of every P struct\'s maxStackScanDelta (retired ones too) is read ' +
      '(goroutine-stack-accounting), and that sum is what the fingerprint holds; the split between them is history',
  },
  heapObjs: hashed, chans: hashed,
  inStacks: hashed,
  retiredPs: hashed,
};

/** @internal */
export const gIdentity: Readonly<Record<keyof G, Identity>> = {
  goid: { excluded: 'the goroutine\'s index in State.gs, which the order of hashing already gives' },
  status: hashed, lo: hashed, hi: hashed, stackguard0: hashed, sp: hashed, bp: hashed, ctxt: hashed, stktopsp: hashed,
  syscallsp: hashed, frames: hashed, defers: hashed, panics: hashed, waiting: hashed, parkingOnChan: hashed,
  activeStackChans: hashed, preempt: hashed, preemptStop: hashed, preemptShrink: hashed, asyncSafePoint: hashed,
  throwsplit: hashed, p: hashed, gcscandone: hashed, inMorestack: hashed,
};

/** @internal */
export const pIdentity: Readonly<Record<keyof P, Identity>> = {
  id: { excluded: 'the P\'s index in State.ps' },
  curg: hashed, stackcache: hashed,
  flushGen: { excluded: 'hashed as sweepgen-flushGen (see State.sweepgen)' },
  gFree: hashed, gFreeN: hashed, scannedStackSize: hashed, scannedStacks: hashed,
  maxStackScanDelta: { excluded: 'summed into maxStackScan (see State.maxStackScan)' },
};

/** @internal */
export const mIdentity: Readonly<Record<keyof M, Identity>> = {
  id: { excluded: 'the M\'s index in State.ms' },
  g0lo: hashed, g0hi: hashed, gsiglo: hashed, gsighi: hashed, exited: hashed,
};

/** @internal */
export const spanIdentity: Readonly<Record<keyof Span, Identity>> = {
  base: hashed, npages: hashed, state: hashed, elemsize: hashed, allocCount: hashed, manualFreeList: hashed,
};

/** @internal */
export const pageRangeIdentity: Readonly<Record<keyof PageRange, Identity>> = { base: hashed, npages: hashed };

/** @internal */
export const freeListIdentity: Readonly<Record<keyof StackFreeList, Identity>> = { list: hashed, size: hashed };

/** @internal */
export const frameIdentity: Readonly<Record<keyof Frame, Identity>> = { fn: hashed, depth: hashed, bp: hashed, slots: hashed, stamp: hashed, dead: hashed };

/** @internal */
export const sudogIdentity: Readonly<Record<keyof Sudog, Identity>> = { chan: hashed, elem: hashed };

/** @internal */
export const deferIdentity: Readonly<Record<keyof Defer, Identity>> = { rec: hashed, sp: hashed, fn: hashed, panic: hashed };
