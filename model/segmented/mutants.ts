// Seeded bugs in the segmented releases' routines, each a named variant of one routine of
// the table (runtime.ts), in the failure classes of those releases: segment linkage and
// freeing on the return through lessstack, the size of the segment a split allocates, the
// stack cache's batches, and Go 1.3's copying and shrinking.

import { copystack, shrinkstack } from './copy.ts';
import { newstackWith, oldstack, segmentSize } from './split.ts';
import { stackfree } from './stackcache.ts';
import { segRuntime, type SegRuntime } from './runtime.ts';

/** @public */
export interface SegMutant {
  readonly name: string;
  readonly profiles: readonly string[];
  readonly description: string;
  /** The bug or design issue it comes from, when one is known. */
  readonly issue: string;
  readonly rt: SegRuntime;
}

const segmented = ['go1.1', 'go1.2'] as const;

/** oldstack unlinks the segment but never calls stackfree: every split leaks a segment. */
const oldstackLeaksSegment: SegMutant = {
  name: 'oldstack-leaks-segment', profiles: segmented, issue: '-',
  description: 'lessstack/oldstack restores stackbase and stackguard but does not free the segment (top->free ignored)',
  rt: { ...segRuntime, oldstack: (w, rt, g) => oldstack(w, { ...rt, stackfree: () => {} }, g) },
};

/** oldstack restores stackbase but leaves stackguard at the freed segment. */
const oldstackKeepsGuard: SegMutant = {
  name: 'oldstack-keeps-stackguard', profiles: segmented, issue: '-',
  description: 'oldstack restores gp->stackbase from the Stktop but not gp->stackguard',
  rt: {
    ...segRuntime,
    oldstack: (w, rt, g) => {
      const guard = w.gs[g].stackguard;
      oldstack(w, rt, g);
      w.gs[g] = { ...w.gs[g], stackguard: guard };
    },
  },
};

/** newstack sizes the segment without the frame: a frame near the segment size does not fit. */
const newstackIgnoresFrame: SegMutant = {
  name: 'newstack-ignores-frame', profiles: segmented, issue: '-',
  description: 'newstack sizes the new segment as args + StackExtra (at least StackMin) without the frame, so a frame bigger than that overruns it',
  rt: { ...segRuntime, newstack: newstackWith((p, f) => segmentSize(p, { ...f, frame: 0 })) },
};

/** copystack moves the frames but does not adjust their pointer words. */
const copyNoAdjust: SegMutant = {
  name: 'copystack-skips-adjustpointers', profiles: ['go1.3'], issue: '-',
  description: 'copystack moves the top segment without adjusting pointers into it (adjustframe skipped)',
  rt: { ...segRuntime, adjustPtr: (ptr) => ptr },
};

/** shrinkstack halves a stack that is up to half used. */
const shrinkAtHalf: SegMutant = {
  name: 'shrinkstack-at-half', profiles: ['go1.3'], issue: '-',
  description: 'shrinkstack halves the stack when less than half of it is used, not a quarter',
  rt: {
    ...segRuntime,
    shrinkstack: (w, rt, g) => {
      const gp = w.gs[g];
      const seg = gp.segs[gp.segs.length - 1];
      if (gp.status === 'dead' || seg.size / 2 < w.cfg.profile.fixedStack) return;
      const used = seg.lo + seg.size - (gp.frames.length === 0 ? gp.stackbase : gp.frames[gp.frames.length - 1].lo);
      if (used >= seg.size / 2 || used < seg.size / 4) return shrinkstack(w, rt, g);
      if (!w.heapUsed.has(seg.lo)) return;
      copystack(w, rt, g, seg.size / 2);
      w.obs.shrinks++;
    },
  },
};

/** copystack frees the old segment to the cache even when mallocgc made it. */
const copyFreesToCache: SegMutant = {
  name: 'copystack-frees-malloced-to-cache', profiles: ['go1.3'], issue: '-',
  description: 'stackfree after a copy ignores Stktop.malloced and puts a FixedStack-sized heap block into the M ring',
  rt: { ...segRuntime, stackfree: (w, rt, v, n, _malloced) => stackfree(w, rt, v, n, n !== w.cfg.profile.fixedStack) },
};

/** Every segmented mutant. @public */
export const segMutants: readonly SegMutant[] = [
  oldstackLeaksSegment, oldstackKeepsGuard, newstackIgnoresFrame, copyNoAdjust, shrinkAtHalf, copyFreesToCache,
];

/** @public */
export function segMutantsFor(profile: string): readonly SegMutant[] {
  return segMutants.filter((m) => m.profiles.includes(profile));
}
