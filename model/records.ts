// Copies of the state's records, written out field by field in one order. A step replaces a
// record with a changed copy; V8 builds `{ ...span, allocCount }` or `{ ...g, ...patch }`
// from a spread copy through a slow generic path, and copies of copies stop sharing a hidden
// class, so every rule that reads them turns polymorphic: spreads made a checked run about
// twice as slow (npm run bench). A literal typed as the record's interface makes the compiler
// reject a copy that forgets a field, so a new field cannot be dropped silently.

import type { Defer, Frame, G, M, P, Span, Sudog } from './state.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** g with patch's fields replaced. @internal */
export function gWith(g: G, patch: Partial<G>): G {
  const c: Mutable<G> = {
    goid: g.goid, status: g.status, lo: g.lo, hi: g.hi, stackguard0: g.stackguard0, sp: g.sp, bp: g.bp,
    ctxt: g.ctxt, stktopsp: g.stktopsp, syscallsp: g.syscallsp, frames: g.frames, defers: g.defers,
    panics: g.panics, waiting: g.waiting, parkingOnChan: g.parkingOnChan, activeStackChans: g.activeStackChans,
    preempt: g.preempt, preemptStop: g.preemptStop, preemptShrink: g.preemptShrink,
    asyncSafePoint: g.asyncSafePoint, inMorestack: g.inMorestack, throwsplit: g.throwsplit, p: g.p,
    gcscandone: g.gcscandone,
  };
  return Object.assign(c, patch);
}

/** p with patch's fields replaced. @internal */
export function pWith(p: P, patch: Partial<P>): P {
  const c: Mutable<P> = {
    id: p.id, curg: p.curg, stackcache: p.stackcache, flushGen: p.flushGen, gFree: p.gFree, gFreeN: p.gFreeN,
    scannedStackSize: p.scannedStackSize, scannedStacks: p.scannedStacks, maxStackScanDelta: p.maxStackScanDelta,
  };
  return Object.assign(c, patch);
}

/** m with patch's fields replaced. @internal */
export function mWith(m: M, patch: Partial<M>): M {
  const c: Mutable<M> = { id: m.id, g0lo: m.g0lo, g0hi: m.g0hi, gsiglo: m.gsiglo, gsighi: m.gsighi, exited: m.exited };
  return Object.assign(c, patch);
}

/** s with patch's fields replaced. @internal */
export function spanWith(s: Span, patch: Partial<Span>): Span {
  const c: Mutable<Span> = {
    base: s.base, npages: s.npages, state: s.state, elemsize: s.elemsize, allocCount: s.allocCount, manualFreeList: s.manualFreeList,
  };
  return Object.assign(c, patch);
}

/** f with patch's fields replaced. @internal */
export function frameWith(f: Frame, patch: Partial<Frame>): Frame {
  const c: Mutable<Frame> = { fn: f.fn, depth: f.depth, bp: f.bp, slots: f.slots, stamp: f.stamp, dead: f.dead };
  return Object.assign(c, patch);
}

/** s with another element pointer. @internal */
export function sudogWith(s: Sudog, elem: number): Sudog {
  return { chan: s.chan, elem };
}

/** d with patch's fields replaced. @internal */
export function deferWith(d: Defer, patch: Partial<Defer>): Defer {
  const c: Mutable<Defer> = { rec: d.rec, sp: d.sp, fn: d.fn, panic: d.panic };
  return Object.assign(c, patch);
}

/**
 * xs with f applied to each element from index `from` on (the ones before kept), in an array
 * of xs's own elements kind. Not Array.prototype.map: once TurboFan inlines map, the array it
 * builds is holey, a hidden class no other copy of the list has, so the first such copy
 * deoptimizes every optimized reader of that list ("wrong map"), run after run of warm-up.
 * @internal
 */
export function mapKeepingKind<T>(xs: readonly T[], f: (x: T) => T, from = 0): readonly T[] {
  const out = xs.slice();
  for (let i = from; i < out.length; i++) out[i] = f(out[i]);
  return out;
}
