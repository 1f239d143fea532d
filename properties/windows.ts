// Named windows: the rare states and transitions where a class of allocator bug lives, each
// a predicate over one step (the state before, the action, the state after, and what the
// step reported doing). Coverage counts how often each is reached, so a report can say
// which of them a budget never exercised: an invariant that held is only worth as much as
// the windows the runs went through.

import type { Action, Config, Observation, State } from '../model/index.ts';

/** @public */
export interface Window {
  readonly id: string;
  /** The window in one line a runtime engineer would recognise. */
  readonly title: string;
  /** The runtime function or issue the window comes from. */
  readonly source: string;
  readonly reached: (cfg: Config, before: State, a: Action, after: State, o: Observation) => boolean;
}

/** A P's stack cache of some order that this step changed and that now holds _StackCacheSize or more. */
function cacheFull(cfg: Config, before: State, after: State): boolean {
  if (before.ps === after.ps) return false;
  for (let i = 0; i < after.ps.length; i++) {
    const p = after.ps[i];
    if (i < before.ps.length && before.ps[i] === p) continue;
    for (let o = 0; o < p.stackcache.length; o++) {
      if (p.stackcache[o].size >= cfg.profile.stackCacheSize && (i >= before.ps.length || before.ps[i].stackcache[o] !== p.stackcache[o])) return true;
    }
  }
  return false;
}

function largestFreeRun(s: State): number {
  let most = 0;
  for (const r of s.free) if (r.npages > most) most = r.npages;
  return most;
}

function someNonEmpty(lists: readonly (readonly number[])[]): boolean {
  for (const l of lists) if (l.length > 0) return true;
  return false;
}

/** The goroutine an action names, if any. */
function actor(a: Action): number {
  return 'g' in a ? a.g : -1;
}

/**
 * The acting goroutine's stack moved in this step while one of its sudogs pointed into it
 * (before the move, or after it: chanrecv sets gp.waiting and then grows in its prologue).
 */
function copiedWithSudog(before: State, a: Action, after: State): boolean {
  const g = actor(a);
  if (g < 0 || g >= before.gs.length || g >= after.gs.length) return false;
  const b = before.gs[g];
  const x = after.gs[g];
  if (b.lo === 0 || x.lo === 0 || x.lo === b.lo) return false;
  for (const sg of b.waiting) if (sg.elem >= b.lo && sg.elem < b.hi) return true;
  for (const sg of x.waiting) if ((sg.elem >= x.lo && sg.elem < x.hi) || (sg.elem >= b.lo && sg.elem < b.hi)) return true;
  return false;
}

/** The scan deferred the acting goroutine's shrink (it set preemptShrink) for this reason. */
function deferredBecause(before: State, a: Action, after: State, reason: 'syscall' | 'async'): boolean {
  if (a.kind !== 'scanstack') return false;
  const b = before.gs[a.g];
  if (b.preemptShrink || !after.gs[a.g].preemptShrink) return false;
  return reason === 'syscall' ? b.syscallsp !== 0 : b.asyncSafePoint;
}

/** Every named window, in report order. @public */
export const windows: readonly Window[] = [
  {
    id: 'stackcacherelease', title: 'stackcacherelease runs (a free finds the cache at _StackCacheSize)', source: 'stack.go:stackfree',
    reached: (_c, _b, _a, _s, o) => o.release > 0,
  },
  {
    id: 'cache-at-limit', title: 'a P\'s stack cache of some order holds _StackCacheSize', source: 'stack.go:stackfree',
    reached: (c, b, _a, s) => cacheFull(c, b, s),
  },
  {
    id: 'markroot-gfree-stack', title: 'markrootFreeGStacks with a non-empty sched.gFree.stack', source: 'mgcmark.go:markrootFreeGStacks',
    reached: (_c, b, a) => a.kind === 'markrootFreeGStacks' && b.gFreeStack !== null,
  },
  {
    id: 'gfput-spill', title: 'gfput spills half of P.gFree to the global lists', source: 'proc.go:gfput',
    reached: (_c, _b, _a, _s, o) => o.gfreeSpill > 0,
  },
  {
    id: 'gfget-refill', title: 'gfget refills P.gFree from the global lists', source: 'proc.go:gfget',
    reached: (_c, _b, _a, _s, o) => o.gfreeRefill > 0,
  },
  {
    id: 'refill-fresh-span-at-limit', title: 'a refill takes a fresh span from a heap with room for at most one more', source: 'stack.go:stackpoolalloc',
    reached: (c, _b, _a, s, o) => o.refill > 0 && o.heapAlloc > 0 && largestFreeRun(s) < 2 * c.poolSpanPages,
  },
  {
    id: 'stackLarge-reuse-in-mark', title: 'a large stack reused from stackLarge while the GC marks', source: 'stack.go:stackalloc',
    reached: (_c, b, _a, _s, o) => o.stackLargeReuse > 0 && b.gcphase === 'mark',
  },
  {
    id: 'stackLarge-reuse-after-mark', title: 'a large stack reused from stackLarge after mark termination, before freeStackSpans', source: 'stack.go:stackalloc, freeStackSpans',
    reached: (_c, b, _a, _s, o) => o.stackLargeReuse > 0 && b.gcphase === 'off',
  },
  {
    id: 'shrink-deferred-syscall', title: 'a scan defers a shrink because the goroutine is in a syscall', source: 'mgcmark.go:scanstack, stack.go:isShrinkStackSafe',
    reached: (_c, b, a, s) => deferredBecause(b, a, s, 'syscall'),
  },
  {
    id: 'shrink-deferred-async', title: 'a scan defers a shrink because the goroutine stopped at an async safe point', source: 'mgcmark.go:scanstack, stack.go:isShrinkStackSafe',
    reached: (_c, b, a, s) => deferredBecause(b, a, s, 'async'),
  },
  {
    id: 'self-scan', title: 'a goroutine scans its own stack (a GC assist): Go 1.19 may shrink it there, Go 1.26 defers the shrink', source: 'mgcmark.go:markroot (selfScan), stack.go:isShrinkStackSafe',
    reached: (_c, b, a) => a.kind === 'scanstack' && b.gs[a.g].status === 'running',
  },
  {
    id: 'deferred-shrink-applied', title: 'a deferred shrink applied later, at a synchronous safe point', source: 'stack.go:newstack (gp.preemptShrink)',
    reached: (_c, _b, _a, _s, o) => o.preemptShrinkApplied > 0,
  },
  {
    id: 'freeStackSpans-stackLarge', title: 'freeStackSpans with non-empty stackLarge lists', source: 'stack.go:freeStackSpans',
    reached: (_c, b, a) => a.kind === 'freeStackSpans' && someNonEmpty(b.stackLarge),
  },
  {
    id: 'procresize-destroys-cached-P', title: 'procresize destroys a P whose stack cache is not empty', source: 'proc.go:procresize, (*p).destroy',
    reached: (_c, b, a) => a.kind === 'procresize' && a.n < b.ps.length && b.ps.slice(a.n).some((p) => p.stackcache.some((c) => c.size > 0)),
  },
  {
    id: 'copy-with-sudog', title: 'a stack copy while a sudog of the goroutine points into its stack', source: 'stack.go:copystack, adjustsudogs',
    reached: (_c, b, a, s) => copiedWithSudog(b, a, s),
  },
  {
    // The model's gopanic pushes the panic record but runs no deferred call itself: a call
    // made after it, on top of the panicking frame, stands for the deferred call.
    id: 'growth-during-panic', title: 'a stack growth inside a deferred call that a panic is running', source: 'panic.go:gopanic, stack.go:adjustdefers, stack.go:adjustpanics',
    // Go 1.26 pops the record before the call (profile.deferRecordHoldsPanic): there a panic on the stack is the sign.
    reached: (c, b, a, _s, o) => a.kind === 'call' && o.grow > 0 &&
      (c.profile.deferRecordHoldsPanic ? b.gs[a.g].defers.some((r) => r.panic !== 0) : b.gs[a.g].panics.length > 0),
  },
];

/** How often a window must be reached in a budget before the report stops warning about it. @public */
export const windowTarget = 20;
