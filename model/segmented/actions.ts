// The historical model's actions and step(state, action): what a goroutine does (call, return,
// create, exit, yield) and, from Go 1.3 on, a garbage collection that shrinks stacks.
// Go 1.1 and 1.2's collector does not touch stacks, so it is not an action there.

import { match } from 'ts-pattern';
import { SEG_FUNCS } from './funcs.ts';
import { goexit0, newproc1 } from './proc.ts';
import type { SegConfig } from './profile.ts';
import type { SegRuntime } from './runtime.ts';
import { needsSplit, segSp } from './split.ts';
import type { SegFrame, SegM, SegState } from './state.ts';
import { closeWorld, openWorld, SegAbort, type SegObservation, type World } from './world.ts';

/** @public */
export type SegAction =
  | { readonly kind: 'newproc'; readonly g: number }
  | { readonly kind: 'execute'; readonly g: number; readonly p: number }
  | { readonly kind: 'gosched'; readonly g: number }
  /** ptr: the index of an older frame the new frame points to, or -1. */
  | { readonly kind: 'call'; readonly g: number; readonly fn: number; readonly ptr: number }
  | { readonly kind: 'ret'; readonly g: number }
  | { readonly kind: 'goexit'; readonly g: number }
  | { readonly kind: 'gc' };

/** @public */
export type SegActionKind = SegAction['kind'];

/** @public */
export const segActionKinds: readonly SegActionKind[] = ['newproc', 'execute', 'gosched', 'call', 'ret', 'goexit', 'gc'];

/** @public */
export type SegStepResult =
  | { readonly kind: 'ok'; readonly state: SegState; readonly obs: SegObservation }
  | { readonly kind: 'throw'; readonly message: string }
  | { readonly kind: 'terminal'; readonly outcome: 'stack overflow' | 'out of memory'; readonly message: string }
  | { readonly kind: 'disabled' };

const emptyM = (cfg: SegConfig): SegM => ({
  stackcache: new Array<number>(cfg.profile.stackCacheSize).fill(0), stackcachepos: 0, stackcachecnt: 0, stackinuse: 0,
  orders: Array.from({ length: cfg.profile.numStackOrders }, () => []),
});

/** proc.c:runtime·schedinit and the main goroutine: g0 runs runtime.main on P0 with malg(StackMin). @public */
export function segInitialState(cfg: SegConfig, rt: SegRuntime): SegState {
  const empty: SegState = {
    gs: [], ms: Array.from({ length: cfg.scope.procs }, () => emptyM(cfg)), ps: Array.from({ length: cfg.scope.procs }, () => ({ curg: -1, gfree: [] })),
    stackcache: [], sysBatches: 0, heapFree: [{ lo: cfg.profile.heapBase, size: cfg.scope.heapBytes }], heapUsed: new Map(), gfree: [],
    stackpool: Array.from({ length: cfg.profile.numStackOrders }, () => []), poolSpans: new Map(),
  };
  const w = openWorld(cfg, empty, 0);
  w.gs.push({ ...rt.malg(w, rt, 0, cfg.profile.stackMin), status: 'running', p: 0 });
  w.ps[0] = { ...w.ps[0], curg: 0 };
  return closeWorld(w);
}

/** Whether the action can run in this state. @public */
export function segEnabled(cfg: SegConfig, s: SegState, a: SegAction): boolean {
  const running = (g: number): boolean => g >= 0 && g < s.gs.length && s.gs[g].status === 'running';
  return match(a)
    .with({ kind: 'newproc' }, ({ g }) => running(g) && (s.gs.length < cfg.scope.maxGoroutines || s.ps[s.gs[g].p].gfree.length > 0 || s.gfree.length > 0))
    .with({ kind: 'execute' }, ({ g, p }) => g >= 0 && g < s.gs.length && s.gs[g].status === 'runnable' && p >= 0 && p < s.ps.length && s.ps[p].curg < 0)
    .with({ kind: 'gosched' }, ({ g }) => running(g))
    .with({ kind: 'call' }, ({ g, fn }) => running(g) && fn >= 0 && fn < SEG_FUNCS.length && (SEG_FUNCS[fn].stackmap || cfg.profile.cOnGoStack))
    .with({ kind: 'ret' }, ({ g }) => running(g) && s.gs[g].frames.length > 0)
    .with({ kind: 'goexit' }, ({ g }) => running(g) && s.gs[g].frames.length === 0 && g !== 0)
    .with({ kind: 'gc' }, () => cfg.profile.shrinkAtGC)
    .exhaustive();
}

/** A call: the prologue, then the frame on this segment, or newstack's (after 1.3's copies, the prologue again). */
function call(w: World, rt: SegRuntime, g: number, fn: number, ptrIndex: number): void {
  const p = w.cfg.profile;
  const f = SEG_FUNCS[fn];
  // Each copy doubles the top segment, so the prologue passes within log2(maxstacksize) rounds.
  for (let round = 0; round < 64; round++) {
    const gp = w.gs[g];
    // The pointer is taken as the frames are now: a copy in the previous round moved them.
    const ptr = ptrIndex >= 0 && gp.frames.length > 0 ? gp.frames[ptrIndex % gp.frames.length].lo : 0;
    if (!needsSplit(p, gp, f.frame)) {
      const sp = segSp(gp);
      const frame: SegFrame = { lo: sp - p.ptrSize - f.frame, hi: sp, fn, split: false, ptr };
      w.gs[g] = { ...gp, frames: [...gp.frames, frame] };
      return;
    }
    if (rt.newstack(w, rt, g, fn, ptr) === 'split') return;
  }
  throw new SegAbort('throw', 'runtime: newstack did not make room for the frame');
}

function ret(w: World, rt: SegRuntime, g: number): void {
  const gp = w.gs[g];
  const frame = gp.frames[gp.frames.length - 1];
  w.gs[g] = { ...gp, frames: gp.frames.slice(0, -1) };
  if (frame.split) rt.oldstack(w, rt, g);
}

/** One step. Never mutates s. @public */
export function segStep(cfg: SegConfig, rt: SegRuntime, s: SegState, a: SegAction): SegStepResult {
  if (!segEnabled(cfg, s, a)) return { kind: 'disabled' };
  const m = 'g' in a ? Math.max(0, s.gs[a.g].p) : 0;
  const w = openWorld(cfg, s, m);
  try {
    match(a)
      .with({ kind: 'newproc' }, ({ g }) => { newproc1(w, rt, w.gs[g].p); })
      .with({ kind: 'execute' }, ({ g, p }) => {
        w.gs[g] = { ...w.gs[g], status: 'running', p };
        w.ps[p] = { ...w.ps[p], curg: g };
      })
      .with({ kind: 'gosched' }, ({ g }) => {
        w.ps[w.gs[g].p] = { ...w.ps[w.gs[g].p], curg: -1 };
        w.gs[g] = { ...w.gs[g], status: 'runnable', p: -1 };
      })
      .with({ kind: 'call' }, ({ g, fn, ptr }) => call(w, rt, g, fn, ptr))
      .with({ kind: 'ret' }, ({ g }) => ret(w, rt, g))
      .with({ kind: 'goexit' }, ({ g }) => goexit0(w, rt, g))
      .with({ kind: 'gc' }, () => rt.gc(w, rt))
      .exhaustive();
  } catch (e) {
    if (!(e instanceof SegAbort)) throw e;
    return e.abort === 'throw' ? { kind: 'throw', message: e.message } : { kind: 'terminal', outcome: e.abort, message: e.message };
  }
  return { kind: 'ok', state: closeWorld(w), obs: w.obs };
}

/** An action as a script line. @public */
export function segDescribe(a: SegAction): string {
  return match(a)
    .with({ kind: 'newproc' }, ({ g }) => `newproc g${g}`)
    .with({ kind: 'execute' }, ({ g, p }) => `execute g${g} on P${p}`)
    .with({ kind: 'gosched' }, ({ g }) => `gosched g${g}`)
    .with({ kind: 'call' }, ({ g, fn, ptr }) => `call g${g} ${SEG_FUNCS[fn].name}${ptr >= 0 ? ` ptr=&frame${ptr}` : ''}`)
    .with({ kind: 'ret' }, ({ g }) => `ret g${g}`)
    .with({ kind: 'goexit' }, ({ g }) => `goexit g${g}`)
    .with({ kind: 'gc' }, () => 'gc')
    .exhaustive();
}
