// Goroutine and P lifecycle as far as stacks go: proc.go malg, newproc1, gfget, gfput,
// goexit0, gfpurge, execute, gopreempt_m, preemptPark, procresize, allocm and mexit.

import { fatal } from './abort.ts';
import { addG, setM, setPs, stat, updG, updP, type Draft } from './draft.ts';
import { push, type Link } from './list.ts';
import type { ExecP } from './exec-p.ts';
import type { Profile } from './profile.ts';
import type { G, P } from './state.ts';
import { mWith } from './records.ts';

/** round2: the smallest power of two >= x (stack.go). @internal */
export function round2(x: number): number {
  let n = 1;
  while (n < x) n *= 2;
  return n;
}

/**
 * proc.go:malg — allocates the stack of a new g (or M stack): round2(_StackSystem + stacksize)
 * bytes, because stackalloc takes powers of two only and _StackSystem is room the OS needs
 * below the Go frames on some ports (windows). Returns [lo, hi).
 */
export function malg(d: Draft, pp: ExecP, stacksize: number): readonly [number, number] {
  const n = round2(d.cfg.profile.stackSystem + stacksize);
  const lo = d.rt.stackalloc(d, pp, n);
  return [lo, lo + n];
}

/** A dead G with the given stack, as malg leaves it once newproc1 has marked it _Gdead. @internal */
export function deadG(goid: number, lo: number, hi: number, stackguard0: number): G {
  return {
    goid, status: 'dead', lo, hi, stackguard0, sp: 0, bp: 0, ctxt: 0, stktopsp: 0, syscallsp: 0,
    frames: [], defers: [], panics: [], waiting: [], parkingOnChan: false, activeStackChans: false,
    preempt: false, preemptStop: false, preemptShrink: false, asyncSafePoint: false, inMorestack: false, throwsplit: false,
    p: -1, gcscandone: false,
  };
}

/**
 * proc.go:newproc1 — creates a runnable goroutine, reusing a dead G from P's free list
 * (gfget) or allocating a fresh one with a _StackMin stack (malg), never startingStackSize.
 */
export function newproc1(d: Draft, pp: number): number {
  let goid = d.rt.gfget(d, pp);
  if (goid < 0) {
    const [lo, hi] = d.rt.malg(d, pp, d.cfg.profile.stackMin);
    goid = d.gs.length;
    addG(d, deadG(goid, lo, hi, lo + d.cfg.profile.stackGuard)); // allgadd
  }
  const g = d.gs[goid];
  if (g.hi === 0) fatal('newproc1: newg missing stack');
  if (g.status !== 'dead') fatal('newproc1: new g is not Gdead');
  const sp = g.hi - d.cfg.profile.newprocTopFrame;
  updG(d, goid, { status: 'runnable', sp, stktopsp: sp, bp: 0, ctxt: 0, frames: [] });
  d.rt.addScannableStack(d, pp, g.hi - g.lo);
  return goid;
}

function popList(list: Link): readonly [number, Link] {
  return list === null ? [-1, null] : [list.v, list.next];
}

/**
 * proc.go:gfget — takes a dead G from P's free list, first refilling it from the global
 * lists up to half the spill threshold. A cached stack of a size other than
 * startingStackSize (it changed at the last GC) is freed and a new one allocated.
 */
export function gfget(d: Draft, pp: number): number {
  const half = d.cfg.scope.gFreeSpill / 2;
  if (d.ps[pp].gFree === null && (d.gFreeStack !== null || d.gFreeNoStack !== null)) {
    let gFree: Link = d.ps[pp].gFree;
    let gFreeN = d.ps[pp].gFreeN;
    while (gFreeN < half) {
      let goid = -1;
      if (d.gFreeStack !== null) [goid, d.gFreeStack] = popList(d.gFreeStack);
      else if (d.gFreeNoStack !== null) [goid, d.gFreeNoStack] = popList(d.gFreeNoStack);
      else break;
      d.gFreeN--;
      gFree = push(gFree, goid);
      gFreeN++;
    }
    updP(d, pp, { gFree, gFreeN });
    stat(d, 'gfreeRefill');
  }
  const p = d.ps[pp];
  if (p.gFree === null) return -1;
  const goid = p.gFree.v;
  updP(d, pp, { gFree: p.gFree.next, gFreeN: p.gFreeN - 1 });
  let g = d.gs[goid];
  if (g.lo !== 0 && g.hi - g.lo !== d.startingStackSize) {
    d.rt.stackfree(d, pp, g.lo, g.hi);
    g = updG(d, goid, { lo: 0, hi: 0, stackguard0: 0 });
  }
  if (g.lo === 0) {
    const lo = d.rt.stackalloc(d, pp, d.startingStackSize);
    updG(d, goid, { lo, hi: lo + d.startingStackSize, stackguard0: lo + d.cfg.profile.stackGuard });
  }
  return goid;
}

/** Moves gFree Gs popped from P onto the global lists, split by whether they keep a stack (gfput's spill, gfpurge). */
function spill(d: Draft, popped: readonly number[]): void {
  let stackQ: number[] = [], noStackQ: number[] = [];
  for (const goid of popped) (d.gs[goid].lo === 0 ? noStackQ : stackQ).unshift(goid);
  for (let i = stackQ.length - 1; i >= 0; i--) d.gFreeStack = push(d.gFreeStack, stackQ[i]);
  for (let i = noStackQ.length - 1; i >= 0; i--) d.gFreeNoStack = push(d.gFreeNoStack, noStackQ[i]);
  d.gFreeN += popped.length;
}

/**
 * proc.go:gfput — puts a dead G on P's free list, keeping its stack only when it is exactly
 * startingStackSize; past the spill threshold, half the list moves to the global lists.
 */
export function gfput(d: Draft, pp: number, goid: number): void {
  let g = d.gs[goid];
  if (g.status !== 'dead') fatal('gfput: bad status (not Gdead)');
  if (g.hi - g.lo !== d.startingStackSize) {
    d.rt.stackfree(d, pp, g.lo, g.hi);
    g = updG(d, goid, { lo: 0, hi: 0, stackguard0: 0 });
  } else stat(d, 'gfreeKeep');
  let gFree = push(d.ps[pp].gFree, goid);
  let gFreeN = d.ps[pp].gFreeN + 1;
  if (gFreeN >= d.cfg.scope.gFreeSpill) {
    const popped: number[] = [];
    while (gFreeN >= d.cfg.scope.gFreeSpill / 2 && gFree !== null) {
      popped.push(gFree.v);
      gFree = gFree.next;
      gFreeN--;
    }
    spill(d, popped);
    stat(d, 'gfreeSpill');
  }
  updP(d, pp, { gFree, gFreeN });
}

/**
 * proc.go:gfpurge — moves all of P's dead Gs to the global lists (from (*p).destroy): a P
 * that procresize takes away schedules nothing any more, so Gs (and the stacks they keep)
 * left on its list would be lost to every other P.
 */
export function gfpurge(d: Draft, pp: number): void {
  const popped: number[] = [];
  for (let l = d.ps[pp].gFree; l !== null; l = l.next) popped.push(l.v);
  spill(d, popped);
  updP(d, pp, { gFree: null, gFreeN: 0 });
}

/** Detaches gp from its P (proc.go:dropg). @internal */
export function dropg(d: Draft, goid: number): void {
  const pp = d.gs[goid].p;
  if (pp >= 0 && pp < d.ps.length && d.ps[pp].curg === goid) updP(d, pp, { curg: -1 });
  updG(d, goid, { p: -1 });
}

/** proc.go:goexit0 — the G is dead: its defers and panics are gone and gfput keeps or frees its stack. */
export function goexit0(d: Draft, goid: number): void {
  const g = d.gs[goid];
  const pp = g.p;
  updG(d, goid, {
    status: 'dead', preemptStop: false, defers: [], panics: [], frames: [], waiting: [],
    ctxt: 0, bp: 0, sp: 0, stktopsp: 0,
  });
  d.rt.addScannableStack(d, pp, -(g.hi - g.lo));
  dropg(d, goid);
  d.rt.gfput(d, pp, goid);
}

/**
 * proc.go:execute, reached through schedule → findRunnable — schedules a runnable G on P;
 * the guard is reset, dropping any stale poison. findRunnable first runs the P's pending
 * safe-point function (runSafePointFn), so a P asked to flush its cache for the sweep does
 * so before it runs anything.
 */
export function execute(d: Draft, goid: number, pp: number): void {
  if (d.sweepFlushPending & (1 << pp)) d.rt.runSafePointFn(d, pp);
  const g = d.gs[goid];
  updG(d, goid, { status: 'running', p: pp, preempt: false, asyncSafePoint: false, stackguard0: g.lo + d.cfg.profile.stackGuard });
  updP(d, pp, { curg: goid });
}

/**
 * proc.go:gopreempt_m — the G yields its P and becomes runnable: a preemption request (from
 * sysmon or preemptone) was seen at a safe point, so the G goes back to the run queue rather
 * than hold its P.
 */
export function gopreempt_m(d: Draft, goid: number): void {
  updG(d, goid, { status: 'runnable' });
  dropg(d, goid);
}

/**
 * proc.go:preemptPark — the G parks in _Gpreempted for suspendG: the GC asked it to stop
 * (preemptStop), and _Gpreempted tells suspendG that the G is stopped and its stack can be
 * claimed for the scan; suspendG's resumeG readies it afterwards.
 */
export function preemptPark(d: Draft, goid: number): void {
  updG(d, goid, { status: 'preempted' });
  dropg(d, goid);
}

/**
 * proc.go:(*p).init on a new P struct, or on one procresize destroyed earlier and reuses:
 * a fresh mcache (allocmcache: empty stack cache, flushGen = sweepgen), while the fields
 * init does not touch (the pacer's delta, the scanned-stack counts) keep what they held.
 */
function initP(id: number, d: Draft, reused: P | undefined): P {
  return {
    id, curg: -1, stackcache: d.cfg.emptyStackCache, flushGen: d.sweepgen, gFree: null, gFreeN: 0,
    scannedStackSize: reused?.scannedStackSize ?? 0, scannedStacks: reused?.scannedStacks ?? 0,
    maxStackScanDelta: reused?.maxStackScanDelta ?? 0,
  };
}

/**
 * proc.go:procresize — with the world stopped, changes the number of Ps. The calling M keeps
 * (or acquires) P 0 and runs its prepareForSweep. A destroyed P ((*p).destroy) frees its
 * mcache (freemcache → stackcache_clear) and purges its dead Gs (gfpurge); its running G
 * goes back to the run queue. Go cannot free the p struct (an M in a syscall may still
 * refer to it), so allp[:cap] keeps it, and its maxStackScanDelta stays in it, counted by
 * no one until a later procresize reuses it. startTheWorld then starts an M for each new P
 * with m.preemptoff still set, so the new M's stacks come from the global pool.
 */
export function procresize(d: Draft, nprocs: number): void {
  const old = d.ps.length;
  const allp = [...d.ps, ...d.retiredPs];
  const ps = allp.slice(0, nprocs);
  for (let i = old; i < nprocs; i++) ps[i] = initP(i, d, allp[i]);
  setPs(d, ps.concat(allp.slice(nprocs, old)));
  d.rt.prepareForSweep(d, 0);
  for (let i = nprocs; i < old; i++) {
    const p = d.ps[i];
    if (p.curg >= 0) gopreempt_m(d, p.curg);
    d.rt.freemcache(d, i);
    d.rt.gfpurge(d, i);
  }
  d.retiredPs = d.ps.slice(nprocs).concat(allp.slice(Math.max(old, nprocs)));
  setPs(d, d.ps.slice(0, nprocs));
  for (let i = old; i < nprocs && d.ms.length < d.cfg.scope.maxMs + 1; i++) d.rt.allocm(d, { preemptoff: 0 });
}

/**
 * mcache.go:freemcache — the stack half of it: stackcache_clear. A destroyed P's mcache goes
 * away, so its cached stacks must go back to the pool first, or their blocks stay allocated
 * in their spans with no owner.
 */
export function freemcache(d: Draft, pp: number): void {
  d.rt.stackcache_clear(d, pp);
}

/** The Ps as (*p).init leaves them at start: empty caches, flushGen = sweepgen. @internal */
export function initialPs(d: Draft, nprocs: number): void {
  setPs(d, Array.from({ length: nprocs }, (_, i) => initP(i, d, undefined)));
}

/**
 * proc.go:allocm — first frees the g0 stacks of exited Ms (sched.freem), then makes a new M:
 * mcommoninit → mpreinit allocates its gsignal stack, and only then malg makes its g0 stack
 * (where the runtime allocates it), the order every stackDebug trace shows. The g0 stack is
 * malg(8192) in Go 1.19 and malg(16384) in Go 1.26 (profile.g0StackSize); a seeded bug may
 * choose another size (g0StackSize below).
 * @internal
 */
export function allocmWith(g0StackSize: (profile: Profile) => number): (d: Draft, pp: ExecP) => void {
  return (d, pp) => {
    for (const m of d.ms) {
      if (m.exited && m.g0lo !== 0) {
        d.rt.stackfree(d, pp, m.g0lo, m.g0hi);
        setM(d, mWith(m, { g0lo: 0, g0hi: 0 }));
      }
    }
    const id = d.ms.length;
    setM(d, { id, g0lo: 0, g0hi: 0, gsiglo: 0, gsighi: 0, exited: false });
    mpreinit(d, pp, id);
    const size = g0StackSize(d.cfg.profile);
    if (size > 0) {
      const [g0lo, g0hi] = d.rt.malg(d, pp, size);
      setM(d, mWith(d.ms[id], { g0lo, g0hi }));
    }
  };
}

/** proc.go:allocm, with the profile's release's g0 stack size. */
export const allocm = allocmWith((profile) => profile.g0StackSize);

/**
 * os_linux.go:mpreinit (from proc.go:mcommoninit) — the M's signal stack, malg(32 KiB) on
 * Linux; ports without signals (windows) have none. m0 gets only this: its g0 runs on the
 * OS thread's stack.
 */
export function mpreinit(d: Draft, pp: ExecP, mid: number): void {
  const { gsignalStackSize } = d.cfg.profile;
  if (gsignalStackSize === 0) return;
  const [gsiglo, gsighi] = d.rt.malg(d, pp, gsignalStackSize);
  setM(d, mWith(d.ms[mid], { gsiglo, gsighi }));
}

/**
 * proc.go:mexit — an M whose locked goroutine exited frees its gsignal stack; its g0 stack
 * waits on sched.freem, because mexit itself is still running on it: the next allocm frees it.
 */
export function mexit(d: Draft, mid: number, pp: number): void {
  const m = d.ms[mid];
  if (m.gsiglo !== 0) d.rt.stackfree(d, pp, m.gsiglo, m.gsighi);
  setM(d, mWith(m, { gsiglo: 0, gsighi: 0, exited: true }));
}
