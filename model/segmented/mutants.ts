// Seeded bugs in the historical releases' routines, each a named variant of one or two
// routines of that release's table (runtime.ts), in the failure classes of those releases:
// segment linkage and freeing on the return through lessstack, the size of the segment a
// split allocates, Go 1.3's copying and shrinking, gfput's freeing of grown stacks (1.3 and
// 1.4), and Go 1.4's allocator by order, its pool spans and the stacks it queues while the GC runs.
// The issue tracker of those years (code.google.com, issues below ~9000) is mostly not in
// the reference index: `issue` names a golang/go issue where one is known, else the guard
// or the comment of that release's source that describes the failure.

import { newstackWith, oldstack, segmentSize } from './split.ts';
import { stackfree } from './stackcache.ts';
import { stackfree14 } from './stack1.ts';
import { pushGfree } from './proc.ts';
import type { SegProfile } from './profile.ts';
import { segRuntimeFor, type SegRuntime } from './runtime.ts';
import { segSp } from './split.ts';
import { free } from './memory.ts';

/** @public */
export interface SegMutant {
  readonly name: string;
  readonly profiles: readonly string[];
  readonly description: string;
  /** The bug, design issue or source guard it comes from. */
  readonly issue: string;
  /** The routines it replaces, given the release's own table (base). */
  readonly patch: (base: SegRuntime) => Partial<SegRuntime>;
}

const segmented = ['go1.1', 'go1.2'] as const;
const copying = ['go1.3', 'go1.4'] as const;

/** oldstack unlinks the segment but never calls stackfree: every split leaks a segment. */
const oldstackLeaksSegment: SegMutant = {
  name: 'oldstack-leaks-segment', profiles: segmented, issue: 'stack.c:oldstack (top->free bytes go back to stackfree)',
  description: 'lessstack/oldstack restores stackbase and stackguard but does not free the segment (top->free ignored)',
  patch: () => ({ oldstack: (w, rt, g) => oldstack(w, { ...rt, stackfree: () => {} }, g) }),
};

/** oldstack restores stackbase but leaves stackguard at the freed segment. */
const oldstackKeepsGuard: SegMutant = {
  name: 'oldstack-keeps-stackguard', profiles: segmented, issue: 'stack.c:oldstack (gp->stackguard = top->stackguard)',
  description: 'oldstack restores gp->stackbase from the Stktop but not gp->stackguard',
  patch: (base) => ({
    oldstack: (w, rt, g) => {
      const guard = w.gs[g].stackguard;
      base.oldstack(w, rt, g);
      w.gs[g] = { ...w.gs[g], stackguard: guard };
    },
  }),
};

/** newstack sizes the segment without the frame: a frame near the segment size does not fit. */
const newstackIgnoresFrame: SegMutant = {
  name: 'newstack-ignores-frame', profiles: segmented, issue: 'golang/go#3310 as issue 14 names it (split sizes near the segment size; the thread is not in the index)',
  description: 'newstack sizes the new segment as args + StackExtra (at least StackMin) without the frame, so a frame bigger than that overruns it',
  patch: () => ({ newstack: newstackWith((p, f) => segmentSize(p, { ...f, frame: 0 })) }),
};

/** copystack moves the frames but does not adjust their pointer words. */
const copyNoAdjust: SegMutant = {
  name: 'copystack-skips-adjustpointers', profiles: copying, issue: 'stack.c/stack1.go:copystack (adjustframe -> adjustpointers)',
  description: 'copystack moves the stack without adjusting pointers into it (adjustframe skipped)',
  patch: () => ({ adjustPtr: (ptr) => ptr }),
};

/** shrinkstack halves a stack that is up to half used. */
const shrinkAtHalf: SegMutant = {
  name: 'shrinkstack-at-half', profiles: copying, issue: 'stack.c/stack1.go:shrinkstack ("still using at least 1/4 of the segment")',
  description: 'shrinkstack halves the stack when less than half of it is used, not a quarter',
  patch: (base) => ({
    shrinkstack: (w, rt, g) => {
      const gp = w.gs[g];
      const seg = gp.segs[gp.segs.length - 1];
      if (gp.status === 'dead' || seg === undefined || seg.size / 2 < w.cfg.profile.fixedStack) return base.shrinkstack(w, rt, g);
      const used = seg.lo + seg.size - segSp(gp);
      if (used >= seg.size / 2 || used < seg.size / 4) return base.shrinkstack(w, rt, g);
      rt.copystack(w, rt, g, seg.size / 2);
      w.obs.shrinks++;
    },
  }),
};

/** copystack frees the old segment to the cache even when mallocgc made it. */
const copyFreesToCache: SegMutant = {
  name: 'copystack-frees-malloced-to-cache', profiles: ['go1.3'], issue: 'stack.c:stackfree (Stktop.malloced decides, "stackfree: bad fixed size")',
  description: 'stackfree after a copy ignores Stktop.malloced and puts a FixedStack-sized heap block into the M ring',
  patch: () => ({ stackfree: (w, rt, v, n, _malloced) => stackfree(w, rt, v, n, n !== w.cfg.profile.fixedStack) }),
};

/** stackfree's order loop runs once too often: a freed stack joins the list of twice its size. */
const stackfreeOrderOffByOne: SegMutant = {
  name: 'stackfree-order-off-by-one', profiles: ['go1.4'], issue: 'stack1.go:stackalloc/stackfree (the two order loops must agree)',
  description: 'stackfree computes the order with n2 >= FixedStack, so a 2 KB stack goes on the 4 KB list and is handed out as a 4 KB stack over its neighbour',
  patch: (base) => ({
    stackfree: (w, rt, v, n, malloced) => {
      if (n !== w.cfg.profile.fixedStack) return base.stackfree(w, rt, v, n, malloced);
      return stackfree14(w, rt, v, n * 2, malloced);
    },
  }),
};

/** stackpoolfree returns a span to the heap while one of its stacks is still in use. */
const poolSpanFreedEarly: SegMutant = {
  name: 'stackpoolfree-frees-span-in-use', profiles: ['go1.4'],
  issue: 'stack1.go:stackpoolfree ("span is completely free - return to heap"); the class of golang/go#11267 (a stack span freed under a live stack, Go 1.5)',
  description: 'stackpoolfree returns the span to the heap when one stack is still handed out (s.ref == 1), not none',
  patch: (base) => ({
    stackpoolfree: (w, x, order) => {
      base.stackpoolfree(w, x, order);
      for (const [lo, s] of w.poolSpans) {
        if (s.ref !== 1 || x < lo || x >= lo + w.cfg.profile.stackCacheBytes) continue;
        w.stackpool[order] = w.stackpool[order].filter((b) => b !== lo);
        w.poolSpans.delete(lo);
        free(w, lo);
      }
    },
  }),
};

/** The queued stacks of shrunk goroutines are never freed: shrinkfinish does not run. */
const shrinkfinishSkipped: SegMutant = {
  name: 'shrinkfinish-skipped', profiles: ['go1.4'], issue: 'stack1.go:copystack (stackfreequeue) and shrinkfinish',
  description: 'copystack queues the stack it shrank away from, but the GC never runs shrinkfinish: the old stacks leak',
  patch: () => ({ shrinkfinish: (w) => { w.stackfreequeue.length = 0; } }),
};

/** gfput keeps a grown stack on the dead G. */
const gfputKeepsGrownStack: SegMutant = {
  name: 'gfput-keeps-grown-stack', profiles: ['go1.3', 'go1.4'],
  issue: 'proc.c:gfput (Go 1.3, top->malloced) and proc1.go:gfput ("non-standard stack size - free it"); dead Gs holding stacks: golang/go#9869 (Go 1.4)',
  description: 'gfput puts a dead G on p.gfree with the stack it grew, instead of freeing a stack that is not FixedStack (1.3: that mallocgc made)',
  patch: () => ({ gfput: (w, _rt, p, g) => pushGfree(w, p, g) }),
};

/** Every historical mutant. @public */
export const segMutants: readonly SegMutant[] = [
  oldstackLeaksSegment, oldstackKeepsGuard, newstackIgnoresFrame, copyNoAdjust, shrinkAtHalf, copyFreesToCache,
  stackfreeOrderOffByOne, poolSpanFreedEarly, shrinkfinishSkipped, gfputKeepsGrownStack,
];

/** @public */
export function segMutantsFor(profile: string): readonly SegMutant[] {
  return segMutants.filter((m) => m.profiles.includes(profile));
}

/** The routine table of a mutant under a release: the release's own with the mutant's routines. @public */
export function segMutantRuntime(m: SegMutant, p: SegProfile): SegRuntime {
  const base = segRuntimeFor(p);
  return { ...base, ...m.patch(base) };
}
