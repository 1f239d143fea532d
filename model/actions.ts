// The Action union and step(state, action): one action per runtime event the model lets
// happen, each naming the goroutine, P or M it acts on by id. Every runtime routine an
// action runs goes through the routine table (runtime.ts), so mutants apply everywhere.

import { match } from 'ts-pattern';
import { isAbort, type TerminalOutcome } from './abort.ts';
import { draftOf, finish, type Draft } from './draft.ts';
import { FUNCS } from './funcs.ts';
import type { PtrSpec } from './mutator.ts';
import { frameRecordAddr } from './mutator.ts';
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
  | { readonly kind: 'ok'; readonly state: State }
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

function gcIdle(s: State): boolean {
  return s.gcphase === 'off' && !s.freeStackSpansPending && s.sweepFlushPending === 0;
}

function markDone(s: State): boolean {
  for (let i = 0; i < s.stackRoots; i++) if (!s.gs[i].gcscandone) return false;
  return s.markrootFreeGStacksDone;
}

/** Whether the action can happen in this state (the runtime would let it). @public */
export function enabled(cfg: Config, rt: Runtime, s: State, a: Action): boolean {
  return match(a)
    .with({ kind: 'newproc' }, ({ g }) => running(s, g) &&
      (s.ps[s.gs[g].p].gFree !== null || s.gFreeStack !== null || s.gFreeNoStack !== null || s.gs.length < cfg.scope.maxGoroutines))
    .with({ kind: 'execute' }, ({ g, p }) => g < s.gs.length && s.gs[g].status === 'runnable' && validP(s, p) && s.ps[p].curg < 0)
    .with({ kind: 'gosched' }, { kind: 'entersyscall' }, ({ g }) => running(s, g))
    // runtime.main returning ends the program: the model keeps its goroutine (g0 here) alive.
    .with({ kind: 'goexit' }, ({ g }) => running(s, g) && g !== mainGoroutine)
    .with({ kind: 'call' }, ({ g }) => running(s, g) && (s.gs[g].frames.length === 0 || topIsCaller(s.gs[g])))
    .with({ kind: 'ret' }, ({ g }) => running(s, g) && s.gs[g].frames.length > 0)
    .with({ kind: 'defer' }, ({ g }) => running(s, g) && topIsCaller(s.gs[g]) && !hasRecord(cfg, s.gs[g], 0))
    .with({ kind: 'panic' }, ({ g }) => running(s, g) && topIsCaller(s.gs[g]) && !hasRecord(cfg, s.gs[g], 1))
    .with({ kind: 'chanrecv' }, ({ g, c }) => running(s, g) && c >= 0 && c < s.chans.length && someoneElseAwake(s, g))
    .with({ kind: 'chanparkcommit' }, ({ g }) => g < s.gs.length && s.gs[g].parkingOnChan)
    .with({ kind: 'chansend' }, ({ g, c }) => running(s, g) && c >= 0 && c < s.chans.length && s.chans[c].length > 0 &&
      s.gs[s.chans[c][0]].activeStackChans)
    .with({ kind: 'exitsyscall' }, ({ g, p }) => g < s.gs.length && s.gs[g].status === 'syscall' && validP(s, p) && s.ps[p].curg < 0)
    .with({ kind: 'preemptone' }, ({ g }) => running(s, g) && !s.gs[g].preempt)
    .with({ kind: 'asyncPreempt' }, ({ g }) => running(s, g) && s.gs[g].preempt)
    .with({ kind: 'storeHeap' }, ({ g, target }) => running(s, g) && rt.escapeAnalysisAdmits(target))
    .with({ kind: 'newm' }, ({ p }) => validP(s, p) && s.ms.length < cfg.scope.maxMs + 1)
    .with({ kind: 'mexit' }, ({ m, p }) => m >= 1 && m < s.ms.length && !s.ms[m].exited && validP(s, p))
    .with({ kind: 'gcStart' }, () => gcIdle(s))
    .with({ kind: 'suspendG' }, ({ g }) => s.gcphase === 'mark' && g < s.stackRoots && running(s, g) &&
      !s.gs[g].gcscandone && !s.gs[g].preemptStop)
    .with({ kind: 'scanstack' }, ({ g, p }) => s.gcphase === 'mark' && g < s.stackRoots && !s.gs[g].gcscandone &&
      s.gs[g].status !== 'running' && s.gs[g].status !== 'copystack' && validP(s, p))
    .with({ kind: 'markrootFreeGStacks' }, ({ p }) => s.gcphase === 'mark' && !s.markrootFreeGStacksDone && validP(s, p))
    .with({ kind: 'gcMarkDone' }, () => s.gcphase === 'mark' && markDone(s))
    .with({ kind: 'freeStackSpans' }, () => s.freeStackSpansPending)
    .with({ kind: 'prepareForSweep' }, ({ p }) => validP(s, p) && (s.sweepFlushPending & (1 << p)) !== 0)
    .with({ kind: 'readMemStats' }, () => true)
    .with({ kind: 'procresize' }, ({ n }) => gcIdle(s) && n >= 1 && n <= cfg.scope.maxProcs && n !== s.ps.length)
    .exhaustive();
}

function hasRecord(cfg: Config, g: G, extra: number): boolean {
  const top = g.frames[g.frames.length - 1];
  const addr = frameRecordAddr(g, top, extra, cfg.profile.ptrSize);
  return extra === 0 ? g.defers.some((r) => r.rec === addr) : g.panics.includes(addr);
}

function apply(d: Draft, a: Action): void {
  const rt = d.rt;
  match(a)
    .with({ kind: 'newproc' }, ({ g }) => void rt.newproc1(d, d.gs[g].p))
    .with({ kind: 'execute' }, ({ g, p }) => rt.execute(d, g, p))
    .with({ kind: 'gosched' }, ({ g }) => rt.gopreempt_m(d, g))
    .with({ kind: 'call' }, ({ g, fn, slots, ctxt }) => rt.call(d, g, fn, slots, ctxt))
    .with({ kind: 'ret' }, ({ g }) => rt.ret(d, g))
    .with({ kind: 'goexit' }, ({ g }) => rt.goexit0(d, g))
    .with({ kind: 'defer' }, ({ g }) => rt.deferprocStack(d, g))
    .with({ kind: 'panic' }, ({ g }) => rt.gopanic(d, g))
    .with({ kind: 'chanrecv' }, ({ g, c, slot }) => rt.chanrecv(d, g, c, slot))
    .with({ kind: 'chanparkcommit' }, ({ g }) => rt.chanparkcommit(d, g))
    .with({ kind: 'chansend' }, ({ c, obj }) => rt.chansend(d, c, heapValue(d.cfg, obj)))
    .with({ kind: 'entersyscall' }, ({ g }) => rt.entersyscall(d, g))
    .with({ kind: 'exitsyscall' }, ({ g, p }) => rt.exitsyscall(d, g, p))
    .with({ kind: 'preemptone' }, ({ g }) => rt.preemptone(d, g))
    .with({ kind: 'asyncPreempt' }, ({ g }) => rt.asyncPreempt2(d, g))
    .with({ kind: 'storeHeap' }, ({ g, obj, field, target }) => rt.storeHeap(d, g, obj, field, target))
    .with({ kind: 'newm' }, ({ p }) => rt.allocm(d, p))
    .with({ kind: 'mexit' }, ({ m, p }) => rt.mexit(d, m, p))
    .with({ kind: 'gcStart' }, () => rt.gcStart(d))
    .with({ kind: 'suspendG' }, ({ g }) => rt.suspendG(d, g))
    .with({ kind: 'scanstack' }, ({ g, p }) => rt.scanstack(d, g, p))
    .with({ kind: 'markrootFreeGStacks' }, ({ p }) => rt.markrootFreeGStacks(d, p))
    .with({ kind: 'gcMarkDone' }, () => {
      rt.gcMarkDone(d);
      rt.gcMarkTermination(d);
    })
    .with({ kind: 'freeStackSpans' }, () => rt.freeStackSpans(d))
    .with({ kind: 'prepareForSweep' }, ({ p }) => rt.prepareForSweep(d, p))
    .with({ kind: 'readMemStats' }, () => rt.flushallmcaches(d))
    .with({ kind: 'procresize' }, ({ n }) => rt.procresize(d, n))
    .exhaustive();
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
  return { kind: 'ok', state: finish(d) };
}
