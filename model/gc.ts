// The GC's part in stack management: mgc.go gcStart / gcMarkDone / gcMarkTermination,
// mgcmark.go scanstack and markrootFreeGStacks, preempt.go suspendG, stack.go
// gcComputeStartingStackSize and freeStackSpans, mcache.go prepareForSweep and mstats.go
// flushallmcaches (ReadMemStats). Each STW section is one step; concurrent work (scans,
// the post-termination frees and flushes) are separate steps interleaved with mutators.

import { fatal } from './abort.ts';
import { setG, setSpan, spanIndex, stat, updG, updP, type Draft } from './draft.ts';
import { toArray } from './list.ts';
import { stackPreempt } from './poison.ts';
import { round2 } from './proc.ts';
import type { ExecP } from './exec-p.ts';
import { spanListRemove } from './spanlist.ts';
import { gWith, spanWith } from './records.ts';

/**
 * mgc.go:gcStart — stops the world, checks every P flushed its mcache since the last cycle,
 * and enters the mark phase; the stack roots are allgs as they are now.
 */
export function gcStart(d: Draft): void {
  for (const p of d.ps) {
    if (p.flushGen !== d.sweepgen) fatal('p mcache not flushed');
  }
  d.gcphase = 'mark';
  d.gcCycle++;
  d.stackRoots = d.gs.length;
  d.markrootFreeGStacksDone = false;
  for (const g of d.gs) if (g.gcscandone) setG(d, gWith(g, { gcscandone: false })); // gcResetMarkState
}

/**
 * preempt.go:suspendG, _Grunning case — asks a running G to stop at its next safe point so it
 * can be scanned. A stack can only be scanned while its goroutine is stopped (a running one
 * changes frames and pointers under the scanner), and only at a point where every frame has
 * a precise stack map; poisoning stackguard0 with stackPreempt makes the G's next prologue
 * check fail, so it stops in newstack, a synchronous safe point. On entry the G is _Grunning
 * on some P and the caller is a GC worker that will scan it once it has stopped.
 */
export function suspendG(d: Draft, goid: number): void {
  updG(d, goid, { preemptStop: true, preempt: true, stackguard0: stackPreempt });
}

/**
 * mgcmark.go:scanstack (via markroot and suspendG) — scans a stopped G on a GC worker's P:
 * accounts the scanned size for the adaptive starting size, then shrinks the stack now if
 * that is safe, or sets preemptShrink so the G shrinks itself at its next synchronous safe
 * point. suspendG claims a stopped G (_Gpreempted, _Grunnable, _Gsyscall, _Gwaiting) by
 * clearing its preemption request, whichever way it stopped. Simplification: a _Gpreempted
 * G is readied by resumeG right after the scan.
 * A running G on P pp scans its own stack (a GC assist draining the stack roots): markroot
 * first puts it in _Gwaiting for suspendG (waitReasonGarbageCollectionScan) while it runs on
 * the system stack, and back to _Grunning after; isShrinkStackSafe decides per release.
 */
export function scanstack(d: Draft, goid: number, pp: number): void {
  let g = d.gs[goid];
  const selfScan = g.status === 'running' && g.p === pp;
  if (g.status === 'running' && !selfScan) fatal('scanstack: goroutine not stopped');
  if (selfScan) g = updG(d, goid, { status: 'waiting' });
  const wasPreempted = g.status === 'preempted';
  if (g.status !== 'dead') {
    g = updG(d, goid, {
      status: wasPreempted ? 'waiting' : g.status, preemptStop: false, preempt: false, stackguard0: g.lo + d.cfg.profile.stackGuard,
    });
    const sp = g.syscallsp !== 0 ? g.syscallsp : g.sp;
    const p = d.ps[pp];
    updP(d, pp, { scannedStackSize: p.scannedStackSize + (g.hi - sp), scannedStacks: p.scannedStacks + 1 });
    if (d.rt.isShrinkStackSafe(g, d.cfg.profile)) {
      d.rt.shrinkstack(d, goid, pp, 'scan');
    } else {
      // Otherwise, shrink the stack at the next sync safe point.
      updG(d, goid, { preemptShrink: true });
      stat(d, 'shrinkDeferred');
    }
    if (wasPreempted) updG(d, goid, { status: 'runnable' }); // resumeG readies it
    if (selfScan) updG(d, goid, { status: 'running' });
  }
  updG(d, goid, { gcscandone: true });
}

/**
 * mgcmark.go:markrootFreeGStacks — frees the stacks of the dead Gs on the global
 * sched.gFree.stack list and moves them to sched.gFree.noStack. Per-P gFree lists keep
 * their stacks (golang/go#9869, #66564).
 */
export function markrootFreeGStacks(d: Draft, pp: ExecP): void {
  const list = toArray(d.gFreeStack);
  d.gFreeStack = null;
  for (const goid of list) {
    const g = d.gs[goid];
    d.rt.stackfree(d, pp, g.lo, g.hi);
    updG(d, goid, { lo: 0, hi: 0 }); // stackguard0 is not cleared
  }
  for (let i = list.length - 1; i >= 0; i--) d.gFreeNoStack = { v: list[i], next: d.gFreeNoStack };
  d.markrootFreeGStacksDone = true;
}

/**
 * stack.go:gcComputeStartingStackSize (from mgc.go:gcMarkDone) — the new starting stack size
 * is the average scanned stack use plus the guard, rounded up to a power of two.
 */
export function gcComputeStartingStackSize(d: Draft): void {
  if (!d.cfg.modes.adaptivestackstart) return;
  let scannedStackSize = 0, scannedStacks = 0;
  for (const p of d.ps) {
    scannedStackSize += p.scannedStackSize;
    scannedStacks += p.scannedStacks;
    if (p.scannedStacks !== 0 || p.scannedStackSize !== 0) updP(d, p.id, { scannedStackSize: 0, scannedStacks: 0 });
  }
  const before = d.startingStackSize;
  const { fixedStack, stackGuard } = d.cfg.profile;
  if (scannedStacks === 0) {
    d.startingStackSize = fixedStack;
  } else {
    let avg = Math.floor(scannedStackSize / scannedStacks) + stackGuard;
    if (avg > d.cfg.maxstacksize) avg = d.cfg.maxstacksize;
    if (avg < fixedStack) avg = fixedStack;
    d.startingStackSize = round2(avg);
  }
  if (d.startingStackSize !== before) stat(d, 'startingStackChanged');
}

/**
 * mgc.go:gcMarkDone — mark is complete: compute the new starting stack size before
 * termination. It is computed here because only now has every stack of the cycle been
 * scanned (scannedStacks and scannedStackSize are complete), and it must be fixed before the
 * world restarts, since gfput and newproc1 read it from then on.
 */
export function gcMarkDone(d: Draft): void {
  d.rt.gcComputeStartingStackSize(d);
}

/**
 * mgc.go:gcMarkTermination — the STW part: _GCmarktermination, then _GCoff and a new
 * sweepgen. After the world restarts, freeStackSpans and forEachP(prepareForSweep) still
 * have to run; until they have, the next cycle cannot start.
 */
export function gcMarkTermination(d: Draft): void {
  d.gcphase = 'off';
  d.sweepgen += 2;
  d.freeStackSpansPending = true;
  d.sweepFlushPending = (1 << d.ps.length) - 1;
}

/**
 * stack.go:freeStackSpans — returns empty pool spans and every stackLarge span to the heap.
 * Both were held back during the GC cycle: a span that emptied while the GC ran could not
 * go back to the heap then, because the GC may still follow a stale stack pointer into it
 * (stackpoolfree's numbered race, golang/go#11267); large stacks freed during GC waited on
 * stackLarge for the same reason (#11466). It runs after mark termination, with gcphase ==
 * _GCoff, when no scanner is left to look; until it has run the next cycle cannot start.
 */
export function freeStackSpans(d: Draft): void {
  for (let order = 0; order < d.stackpool.length; order++) d.rt.freeStackSpansOrder(d, order);
  for (let k = 0; k < d.stackLarge.length; k++) {
    for (const base of d.stackLarge[k]) {
      spanListRemove(d, 'large', k, base);
      d.rt.freeManual(d, base);
    }
  }
  d.freeStackSpansPending = false;
}

/**
 * stack.go:freeStackSpans, one turn of its pool loop: with stackpool[order].item.mu held,
 * every empty span of that order leaves the pool for the heap. Each order is its own critical
 * section, so other Ps' pool work (GC off: their stackpoolfree returns a span that empties
 * straight to the heap) can come between two orders; the stackLarge section comes last.
 */
export function freeStackSpansOrder(d: Draft, order: number): void {
  for (const base of d.stackpool[order]) {
    const i = spanIndex(d.spans, base, d.cfg.pageSize);
    const s = d.spans[i];
    if (s.allocCount === 0) {
      spanListRemove(d, 'pool', order, base);
      setSpan(d, i, spanWith(s, { manualFreeList: null }));
      d.rt.freeManual(d, base);
    }
  }
}

/**
 * mcache.go:(*mcache).prepareForSweep — flushes P's stack cache once per GC cycle, before
 * the P allocates in the new sweep generation: stacks cached from before mark termination
 * may sit in spans that freeStackSpans is about to return, so the cache must not hand them
 * out again. Called from forEachP at mark termination, from acquirep and from procresize;
 * whoever comes first flushes, the others find flushGen current.
 */
export function prepareForSweep(d: Draft, pp: number): void {
  const c = d.ps[pp];
  if (c.flushGen === d.sweepgen) return;
  if (c.flushGen !== d.sweepgen - 2) fatal('bad flushGen');
  d.rt.stackcache_clear(d, pp);
  updP(d, pp, { flushGen: d.sweepgen });
}

/**
 * proc.go:runSafePointFn — P runs the function forEachP asked every P to run (here
 * gcMarkTermination's prepareForSweep), unless forEachP already ran it on the P's behalf:
 * the CAS of p.runSafePointFn from 1 to 0 decides who does.
 */
export function runSafePointFn(d: Draft, pp: number): void {
  if ((d.sweepFlushPending & (1 << pp)) === 0) return;
  d.sweepFlushPending &= ~(1 << pp);
  d.rt.prepareForSweep(d, pp);
}

/**
 * mstats.go:flushallmcaches (runtime.ReadMemStats, world stopped) — clears every P's stack
 * cache, so that the stacks idle in caches count as free in the reported StackInuse and the
 * pool can give their spans back. The world is stopped, so no P is using its cache meanwhile.
 */
export function flushallmcaches(d: Draft): void {
  for (let i = 0; i < d.ps.length; i++) d.rt.stackcache_clear(d, i);
}
