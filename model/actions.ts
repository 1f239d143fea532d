// The Action union and step(state, action): one action per runtime event the model lets
// happen, each naming the goroutine, P or M it acts on by id. Every runtime routine an
// action runs goes through the routine table (runtime.ts), so mutants apply everywhere.

import { isAbort, type TerminalOutcome } from './abort.ts';
import { draftOf, finish, observed, type Draft } from './draft.ts';
import { FUNCS } from './funcs.ts';
import { frameRecordAddr, type PtrSpec } from './mutator.ts';
import type { Observation } from './observation.ts';
import type { Config } from './profile.ts';
import type { Runtime } from './runtime.ts';
import type { G, State } from './state.ts';

/** One step of the model, with every reference resolved to an id. @public */
export type Action =
  | { readonly kind: 'newproc'; readonly g: number }
  | { readonly kind: 'execute'; readonly g: number; readonly p: number }
  | { readonly kind: 'gosched'; readonly g: number }
  | { readonly kind: 'call'; readonly g: number; readonly fn: number; readonly slots: readonly PtrSpec[]; readonly ctxt: PtrSpec }
  | { readonly kind: 'ret'; readonly g: number }
  | { readonly kind: 'goexit'; readonly g: number }
  | { readonly kind: 'defer'; readonly g: number }
  | { readonly kind: 'panic'; readonly g: number }
  | { readonly kind: 'chanrecv'; readonly g: number; readonly c: number; readonly slot: number }
  | { readonly kind: 'chanparkcommit'; readonly g: number }
  | { readonly kind: 'chansend'; readonly g: number; readonly c: number; readonly obj: number }
  | { readonly kind: 'entersyscall'; readonly g: number }
  | { readonly kind: 'exitsyscall'; readonly g: number; readonly p: number }
  | { readonly kind: 'preemptone'; readonly g: number }
  | { readonly kind: 'asyncPreempt'; readonly g: number }
  | { readonly kind: 'storeHeap'; readonly g: number; readonly obj: number; readonly field: number; readonly target: PtrSpec }
  | { readonly kind: 'newm'; readonly p: number }
  | { readonly kind: 'mexit'; readonly m: number; readonly p: number }
  | { readonly kind: 'gcStart' }
  | { readonly kind: 'suspendG'; readonly g: number }
  | { readonly kind: 'scanstack'; readonly g: number; readonly p: number }
  | { readonly kind: 'markrootFreeGStacks'; readonly p: number }
  | { readonly kind: 'gcMarkDone' }
  | { readonly kind: 'freeStackSpans' }
  | { readonly kind: 'prepareForSweep'; readonly p: number }
  | { readonly kind: 'readMemStats' }
  | { readonly kind: 'procresize'; readonly n: number };

/** @public */
export type ActionKind = Action['kind'];

/** Every action kind, in a fixed order (coverage reports, generators). @public */
export const actionKinds: readonly ActionKind[] = [
  'newproc', 'execute', 'gosched', 'call', 'ret', 'goexit', 'defer', 'panic', 'chanrecv', 'chanparkcommit',
  'chansend', 'entersyscall', 'exitsyscall', 'preemptone', 'asyncPreempt', 'storeHeap', 'newm', 'mexit',
  'gcStart', 'suspendG', 'scanstack', 'markrootFreeGStacks', 'gcMarkDone', 'freeStackSpans', 'prepareForSweep',
  'readMemStats', 'procresize',
];

/** What one step did. @public */
export type StepResult =
  | { readonly kind: 'ok'; readonly state: State; readonly obs: Observation }
  | { readonly kind: 'throw'; readonly message: string }
  | { readonly kind: 'terminal'; readonly outcome: TerminalOutcome; readonly message: string }
  | { readonly kind: 'disabled' };

function running(s: State, g: number): boolean {
  return g >= 0 && g < s.gs.length && s.gs[g].status === 'running';
}

function validP(s: State, p: number): boolean {
  return p >= 0 && p < s.ps.length;
}

/** The goroutine runtime.main runs on. @public */
export const mainGoroutine = 0;

/** Parking the last goroutine that could wake it would be a deadlock ("all goroutines are asleep"): the model does not go there. */
function someoneElseAwake(s: State, g: number): boolean {
  for (const x of s.gs) if (x.goid !== g && (x.status === 'running' || x.status === 'runnable' || x.status === 'syscall' || x.status === 'preempted')) return true;
  return false;
}

function topIsCaller(g: G): boolean {
  return g.frames.length > 0 && !FUNCS[g.frames[g.frames.length - 1].fn].leaf;
}

/**
 * Whether running G g can scan its own stack root on P p: a GC assist (mgcmark.go:
 * gcAssistAlloc1 → markroot) runs inside mallocgc, so g is at a call on its own P, not
 * parking, and has no preemption request (mallocgc's prologue would have taken it first).
 * @public
 */
export function scansOwnStack(g: G, p: number): boolean {
  return g.status === 'running' && g.p === p && !g.parkingOnChan && !g.preempt && !g.throwsplit && (g.frames.length === 0 || topIsCaller(g));
}

function gcIdle(s: State): boolean {
  return s.gcphase === 'off' && !s.freeStackSpansPending && s.sweepFlushPending === 0;
}

function markDone(s: State): boolean {
  for (let i = 0; i < s.stackRoots; i++) if (!s.gs[i].gcscandone) return false;
  return s.markrootFreeGStacksDone;
}

/**
 * Whether the action can happen in this state (the runtime would let it). A switch with a
 * `never` default rather than ts-pattern: this runs several times per step, and the
 * default still makes an unhandled new action a type error.
 */
export function enabled(cfg: Config, rt: Runtime, s: State, a: Action): boolean {
  switch (a.kind) {
    case 'newproc':
      return running(s, a.g) &&
        (s.ps[s.gs[a.g].p].gFree !== null || s.gFreeStack !== null || s.gFreeNoStack !== null || s.gs.length < cfg.scope.maxGoroutines);
    case 'execute':
      return a.g < s.gs.length && s.gs[a.g].status === 'runnable' && validP(s, a.p) && s.ps[a.p].curg < 0;
    case 'gosched': case 'entersyscall':
      return running(s, a.g);
    case 'goexit':
      // runtime.main returning ends the program: the model keeps its goroutine alive.
      return running(s, a.g) && a.g !== mainGoroutine;
    case 'call':
      return running(s, a.g) && (s.gs[a.g].frames.length === 0 || topIsCaller(s.gs[a.g]));
    case 'ret':
      return running(s, a.g) && s.gs[a.g].frames.length > 0;
    case 'defer':
      return running(s, a.g) && topIsCaller(s.gs[a.g]) && !hasRecord(cfg, s.gs[a.g], 0);
    case 'panic':
      return running(s, a.g) && topIsCaller(s.gs[a.g]) && !hasRecord(cfg, s.gs[a.g], 1);
    case 'chanrecv':
      // A leaf function makes no calls, so it cannot receive either.
      return running(s, a.g) && (s.gs[a.g].frames.length === 0 || topIsCaller(s.gs[a.g])) && a.c >= 0 &&
        a.c < s.chans.length && someoneElseAwake(s, a.g);
    case 'chanparkcommit':
      return a.g < s.gs.length && s.gs[a.g].parkingOnChan;
    case 'chansend':
      return running(s, a.g) && a.c >= 0 && a.c < s.chans.length && s.chans[a.c].length > 0 &&
        s.gs[s.chans[a.c][0]].activeStackChans;
    case 'exitsyscall':
      return a.g < s.gs.length && s.gs[a.g].status === 'syscall' && validP(s, a.p) && s.ps[a.p].curg < 0;
    case 'preemptone':
      return running(s, a.g) && !s.gs[a.g].preempt;
    case 'asyncPreempt':
      return running(s, a.g) && s.gs[a.g].preempt;
    case 'storeHeap':
      return running(s, a.g) && rt.escapeAnalysisAdmits(a.target);
    case 'newm':
      return validP(s, a.p) && s.ms.length < cfg.scope.maxMs + 1;
    case 'mexit':
      return a.m >= 1 && a.m < s.ms.length && !s.ms[a.m].exited && validP(s, a.p);
    case 'gcStart':
      return gcIdle(s);
    case 'suspendG':
      return s.gcphase === 'mark' && a.g < s.stackRoots && running(s, a.g) && !s.gs[a.g].gcscandone && !s.gs[a.g].preemptStop;
    case 'scanstack':
      return s.gcphase === 'mark' && a.g < s.stackRoots && !s.gs[a.g].gcscandone && validP(s, a.p) &&
        (s.gs[a.g].status === 'running' ? scansOwnStack(s.gs[a.g], a.p) : s.gs[a.g].status !== 'copystack');
    case 'markrootFreeGStacks':
      return s.gcphase === 'mark' && !s.markrootFreeGStacksDone && validP(s, a.p);
    case 'gcMarkDone':
      return s.gcphase === 'mark' && markDone(s);
    case 'freeStackSpans':
      return s.freeStackSpansPending;
    case 'prepareForSweep':
      return validP(s, a.p) && (s.sweepFlushPending & (1 << a.p)) !== 0;
    case 'readMemStats':
      // ReadMemStats stops the world, which waits for worldsema: gcMarkTermination holds it
      // through freeStackSpans and forEachP(prepareForSweep) (mgc.go).
      return !s.freeStackSpansPending && s.sweepFlushPending === 0;
    case 'procresize':
      return gcIdle(s) && a.n >= 1 && a.n <= cfg.scope.maxProcs && a.n !== s.ps.length;
    default:
      return a satisfies never;
  }
}

function hasRecord(cfg: Config, g: G, extra: number): boolean {
  const top = g.frames[g.frames.length - 1];
  const addr = frameRecordAddr(g, top, extra, cfg.profile.ptrSize);
  return extra === 0 ? g.defers.some((r) => r.rec === addr) : g.panics.includes(addr);
}

function apply(d: Draft, a: Action): void {
  const rt = d.rt;
  switch (a.kind) {
    case 'newproc': rt.newproc1(d, d.gs[a.g].p); return;
    case 'execute': return rt.execute(d, a.g, a.p);
    case 'gosched': return rt.gopreempt_m(d, a.g);
    case 'call': return rt.call(d, a.g, a.fn, a.slots, a.ctxt);
    case 'ret': return rt.ret(d, a.g);
    case 'goexit': return rt.goexit0(d, a.g);
    case 'defer': return rt.deferprocStack(d, a.g);
    case 'panic': return rt.gopanic(d, a.g);
    case 'chanrecv': return rt.chanrecv(d, a.g, a.c, a.slot);
    case 'chanparkcommit': return rt.chanparkcommit(d, a.g);
    case 'chansend': return rt.chansend(d, a.c, heapValue(d.cfg, a.obj));
    case 'entersyscall': return rt.entersyscall(d, a.g);
    case 'exitsyscall': return rt.exitsyscall(d, a.g, a.p);
    case 'preemptone': return rt.preemptone(d, a.g);
    case 'asyncPreempt': return rt.asyncPreempt2(d, a.g);
    case 'storeHeap': return rt.storeHeap(d, a.g, a.obj, a.field, a.target);
    case 'newm': return rt.allocm(d, a.p);
    case 'mexit': return rt.mexit(d, a.m, a.p);
    case 'gcStart': return rt.gcStart(d);
    case 'suspendG': return rt.suspendG(d, a.g);
    case 'scanstack': return rt.scanstack(d, a.g, a.p);
    case 'markrootFreeGStacks': return rt.markrootFreeGStacks(d, a.p);
    case 'gcMarkDone':
      // gcMarkDone stops the world and runs gcMarkTermination under the same stop.
      rt.gcMarkDone(d);
      return rt.gcMarkTermination(d);
    case 'freeStackSpans': return rt.freeStackSpans(d);
    case 'prepareForSweep': return rt.runSafePointFn(d, a.p);
    case 'readMemStats': return rt.flushallmcaches(d);
    case 'procresize': return rt.procresize(d, a.n);
    default: return a satisfies never;
  }
}

function heapValue(cfg: Config, obj: number): number {
  return cfg.profile.arenaBase + (obj % cfg.scope.heapObjects) * cfg.scope.heapObjectFields * cfg.profile.ptrSize;
}

/** Applies one action: the new state, or the runtime throw / terminal outcome it ran into. @public */
export function step(cfg: Config, rt: Runtime, s: State, a: Action): StepResult {
  if (!enabled(cfg, rt, s, a)) return { kind: 'disabled' };
  const d = draftOf(s, cfg, rt);
  try {
    apply(d, a);
  } catch (e) {
    if (!isAbort(e)) throw e;
    return e.abort === 'throw'
      ? { kind: 'throw', message: e.message }
      : { kind: 'terminal', outcome: e.outcome, message: e.message };
  }
  return { kind: 'ok', state: finish(d), obs: observed(d) };
}
