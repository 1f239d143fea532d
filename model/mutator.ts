// What user goroutines do that touches their stacks: calls (through the prologue check and
// morestack), returns, defers, panics, syscalls, preemption, and stores into heap objects.
// The frames and pointers these build are what copystack must later adjust.

import { fatal } from './abort.ts';
import { setHeapField, updG, updP, type Draft } from './draft.ts';
import { FUNCS, framePointer, slotAddr, type Func } from './funcs.ts';
import { stackForceMove, stackPreempt } from './poison.ts';
import { hasStackCheck } from './prologue.ts';
import { dropg } from './proc.ts';
import { topFramePointer } from './copystack.ts';
import { frameStamp } from './contents.ts';
import type { Config } from './profile.ts';
import type { Frame, G } from './state.ts';
import type { PtrSpec } from './routine-table.ts';
import { calleeDepth, entrySP } from './frame-layout.ts';
import { deferWith } from './records.ts';

export type { PtrSpec } from './routine-table.ts';

/** The address of heap object i: the heap-object span is the arena's first page. @public */
export function heapObjectAddr(cfg: Config, i: number): number {
  return cfg.profile.arenaBase + i * cfg.scope.heapObjectFields * cfg.profile.ptrSize;
}

/** Resolves a pointer spec against g's current frames (relative references stay valid after shrinking a trace). @internal */
export function resolvePtr(cfg: Config, g: G, spec: PtrSpec): number {
  if (spec.to === 'nil') return 0;
  if (spec.to === 'heap') return heapObjectAddr(cfg, spec.obj % cfg.scope.heapObjects);
  const n = g.frames.length;
  if (n === 0) return 0;
  const f = g.frames[n - 1 - (spec.frame % n)];
  if (f.slots.length === 0) return 0;
  return slotAddr(g.hi, f.depth, spec.slot % f.slots.length, cfg.profile.ptrSize);
}

const maxMorestack = 64;

/**
 * The prologue of a call of f: while the check (obj6.go:stacksplit) fails, morestack →
 * newstack. morestack saves the callee's entry SP (below the return address) in sched.sp;
 * the model keeps sched.sp at the call site otherwise, so it moves it by one word around
 * newstack.
 * @internal
 */
export function morestack(d: Draft, goid: number, f: Func, canPreemptM = true): 'entered' | 'preempted' {
  const { ptrSize } = d.cfg.profile;
  if (d.gs[goid].inMorestack) updG(d, goid, { inMorestack: false });
  else if (d.cfg.modes.maymorestack !== 'off' && hasStackCheck(d, f)) mayMoreStack(d, goid);
  for (let tries = 0; d.rt.stacksplit(d, d.gs[goid], f); tries++) {
    if (tries === maxMorestack) fatal('morestack: stack check still fails after growth');
    updG(d, goid, { sp: entrySP(d.gs[goid].sp, ptrSize) });
    const r = d.rt.newstack(d, goid, f, canPreemptM);
    updG(d, goid, { sp: d.gs[goid].sp + ptrSize });
    if (r === 'preempted') {
      updG(d, goid, { inMorestack: true });
      return 'preempted';
    }
  }
  return 'entered';
}

/**
 * debug.go:mayMoreStackMove / mayMoreStackPreempt, called by every prologue with a stack
 * check before the check: poison the guard (unless it already is) so the check fails and
 * newstack moves the stack to one of the same size (stackForceMove) or preempts. The model's
 * goroutines are user goroutines, never g0 or gsignal, which the hooks leave alone.
 */
function mayMoreStack(d: Draft, goid: number): void {
  if (d.gs[goid].stackguard0 < 0) return; // already poisoned (stackPoisonMin and above)
  updG(d, goid, { stackguard0: d.cfg.modes.maymorestack === 'move' ? stackForceMove : stackPreempt });
}

/**
 * A call of FUNCS[fn] by the running G: the prologue (morestack as needed), then the new
 * frame with its saved BP and pointer slots.
 */
export function call(d: Draft, goid: number, fn: number, slots: readonly PtrSpec[], ctxt: PtrSpec): void {
  const { ptrSize } = d.cfg.profile;
  const f = FUNCS[fn];
  if (morestack(d, goid, f) === 'preempted') return;
  const g = d.gs[goid];
  const depth = calleeDepth(g.hi, g.sp, ptrSize, f.frame);
  const values = new Array<number>(f.ptrs);
  for (let k = 0; k < f.ptrs; k++) values[k] = resolvePtr(d.cfg, g, slots[k] ?? { to: 'nil' });
  const frame: Frame = { fn, depth, bp: topFramePointer(g, ptrSize), slots: values, stamp: frameStamp(goid, fn, depth), dead: false };
  updG(d, goid, {
    frames: [...g.frames, frame], sp: g.hi - depth, bp: framePointer(g.hi, depth, fn, ptrSize),
    ctxt: resolvePtr(d.cfg, g, ctxt),
  });
}

/**
 * Return from the innermost frame: deferreturn runs its defers, its panic records are gone,
 * and sched.ctxt (the closure context of the call) no longer refers to anything live.
 */
export function ret(d: Draft, goid: number): void {
  const g = d.gs[goid];
  const { ptrSize } = d.cfg.profile;
  const top = g.frames[g.frames.length - 1];
  const frames = g.frames.slice(0, -1);
  const lo = g.hi - top.depth, hi = lo + FUNCS[top.fn].frame;
  const rest = { hi: g.hi, frames };
  updG(d, goid, {
    frames,
    sp: frames.length > 0 ? g.hi - frames[frames.length - 1].depth : g.hi - d.cfg.profile.newprocTopFrame,
    bp: topFramePointer(rest, ptrSize),
    // A defer ends with its frame, or with the panic it ran for (recovered, see gopanic).
    defers: keepWhere(g.defers, (r) => r.sp !== lo && (r.panic < lo || r.panic >= hi)),
    panics: keepWhere(g.panics, (p) => p < lo || p >= hi),
    ctxt: 0,
  });
}

/** The elements of list that pass, as the very same array when all do (an unchanged part stays the same object). */
function keepWhere<T>(list: readonly T[], keep: (x: T) => boolean): readonly T[] {
  return list.every(keep) ? list : list.filter(keep);
}

/** The stack address of a record a frame holds just above its pointer slots (word `extra`). @internal */
export function frameRecordAddr(g: G, f: Frame, extra: number, ptrSize: number): number {
  return g.hi - f.depth + (f.slots.length + extra) * ptrSize;
}

/**
 * panic.go:deferprocStack — a _defer record allocated in the innermost frame heads gp._defer;
 * its fn is a closure the same frame allocated (a func literal that captures a local).
 */
export function deferprocStack(d: Draft, goid: number): void {
  const g = d.gs[goid];
  const { ptrSize } = d.cfg.profile;
  const top = g.frames[g.frames.length - 1];
  const rec = frameRecordAddr(g, top, 0, ptrSize);
  updG(d, goid, { defers: [{ rec, sp: g.hi - top.depth, fn: frameRecordAddr(g, top, 2, ptrSize), panic: 0 }, ...g.defers] });
}

/**
 * panic.go:gopanic — a panic record on the stack heads gp._panic, and gopanic starts the
 * deferred call at the head of gp._defer. Go 1.19 (profile.deferRecordHoldsPanic) records the
 * panic in d._panic and keeps the record on gp._defer while the call runs; a nested panic
 * leaves a defer that is already running to its first panic. Go 1.26's record has no _panic:
 * panic.go:(*_panic).nextDefer pops it (popDefer) before gopanic calls d.fn, so the call runs
 * with its record gone, and a nested panic starts the next one. Simplification: the deferred
 * call runs on top of the panicking frame (the goroutine's next calls are its calls, so a
 * growth there moves d.fn, the records and, in 1.19, d._panic) and it recovers: when the frame
 * holding the panic record returns, the panic and the defer it ran are done.
 */
export function gopanic(d: Draft, goid: number): void {
  const g = d.gs[goid];
  const top = g.frames[g.frames.length - 1];
  const p = frameRecordAddr(g, top, 1, d.cfg.profile.ptrSize);
  const head = g.defers[0];
  let defers = g.defers;
  if (head !== undefined && !d.cfg.profile.deferRecordHoldsPanic) defers = g.defers.slice(1);
  else if (head !== undefined && head.panic === 0) defers = [deferWith(head, { panic: p }), ...g.defers.slice(1)];
  updG(d, goid, { panics: [p, ...g.panics], defers });
}

/**
 * proc.go:reentersyscall — poisons the guard so a stack split throws, records syscallsp and
 * hands the P off. Simplification: every syscall is a blocking one (entersyscallblock).
 * handoffp runs the P's pending safe-point function first, so a P asked to flush for the
 * sweep does not go idle without flushing.
 */
export function entersyscall(d: Draft, goid: number): void {
  const g = d.gs[goid];
  if (g.sp < g.lo || g.hi < g.sp) fatal('entersyscall');
  if (g.p >= 0) d.rt.runSafePointFn(d, g.p);
  updG(d, goid, { status: 'syscall', syscallsp: g.sp, stackguard0: stackPreempt, throwsplit: true });
  dropg(d, goid);
}

/**
 * proc.go:exitsyscall (exitsyscallfast_pidle: the P was handed off, so take an idle one) —
 * acquirep runs the P's mcache.prepareForSweep before the G may allocate from it; the guard
 * is restored, or re-poisoned if a preemption is pending.
 */
export function exitsyscall(d: Draft, goid: number, pp: number): void {
  d.rt.prepareForSweep(d, pp); // acquirep
  const g = d.gs[goid];
  updG(d, goid, {
    status: 'running', syscallsp: 0, throwsplit: false, p: pp,
    stackguard0: g.preempt ? stackPreempt : g.lo + d.cfg.profile.stackGuard,
  });
  updP(d, pp, { curg: goid });
}

/**
 * proc.go:preemptone — asks a running G to stop at its next prologue check: setting preempt
 * and poisoning stackguard0 with stackPreempt makes the check fail, so the G enters newstack,
 * which yields instead of growing. It is only a request: the G may run on for a while.
 */
export function preemptone(d: Draft, goid: number): void {
  updG(d, goid, { preempt: true, stackguard0: stackPreempt });
}

/**
 * preempt.go:asyncPreempt2 — the G was stopped by a signal at an async safe point; its
 * stack frames are imprecise until it resumes, so the stack must not move (asyncSafePoint).
 */
export function asyncPreempt2(d: Draft, goid: number): void {
  updG(d, goid, { asyncSafePoint: true });
  if (d.gs[goid].preemptStop) d.rt.preemptPark(d, goid);
  else d.rt.gopreempt_m(d, goid);
}

/** A store of a pointer into a heap object's field by the running G (a write barrier'd store). */
export function storeHeap(d: Draft, goid: number, obj: number, field: number, target: PtrSpec): void {
  const { scope } = d.cfg;
  setHeapField(d, obj % scope.heapObjects, field % scope.heapObjectFields, resolvePtr(d.cfg, d.gs[goid], target));
}

/**
 * cmd/compile escape analysis: a variable whose address is stored into the heap is moved to
 * the heap, so a program never stores a stack address into a heap object.
 */
export function escapeAnalysisAdmits(target: PtrSpec): boolean {
  return target.to !== 'stack';
}
