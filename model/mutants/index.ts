// The registry of seeded bugs: every mutant in model/mutants/, in a fixed order.
// `stackcheck mutants` checks that the random tester finds each; see README.md.

import type { Release } from '../profile.ts';
import type { Runtime } from '../runtime.ts';
import { copystackDeltaFromLo } from './copystack-delta-from-lo.ts';
import type { Mutant } from './define.ts';
import { clearSkipsLastOrder, destroyDropsStackCache, freeStackSpansKeepsLarge, markrootKeepsFirst } from './gc-return-paths.ts';
import { copyAllocatesAfterFree, copyReadsFreedMemory, copyReadsOneWordLow } from './copy-reads-freed-memory.ts';
import { refillTakesThreeQuarters, releaseDrainsCache } from './cache-policy.ts';
import { adjustctxtNone, stackcacheClearKeeps, stackpoolfreeNoDecrement } from './local-faults.ts';
import { stackLargeWrongBucket } from './stacklarge-wrong-bucket.ts';
import { pacerSlackIgnored } from './pacer-slack-ignored.ts';
import { deferFnNotAdjusted, deferPanicNotAdjusted, panicHeadNotAdjusted } from './defer-panic-fields.ts';
import { shrinkAtAsyncSafePoint, syncAdjustSkipped } from './unsafe-points.ts';
import { defersNotAdjusted } from './defers-not-adjusted.ts';
import { escapeStackPointer } from './escape-stack-pointer.ts';
import { frameBpNotAdjusted } from './frame-bp-not-adjusted.ts';
import { g0StackHalfSize, shrinkWhileWaitingForSuspendG, stackLargeFloorBucket } from './go126-only.ts';
import { gfgetKeepsStaleSize } from './gfget-keeps-stale-size.ts';
import { gfputKeepsFixedStack } from './gfput-keeps-fixed-stack.ts';
import { largeStackFreedDuringGC } from './large-stack-freed-during-gc.ts';
import { markrootFreesPerPGFree } from './markroot-frees-per-p-gfree.ts';
import { schedBpNotAdjusted } from './sched-bp-not-adjusted.ts';
import { shrinkAtHalf } from './shrink-at-half.ts';
import { shrinkInSyscall } from './shrink-in-syscall.ts';
import { shrinkWhileParking, shrinkWhileParkingUnguarded } from './shrink-while-parking.ts';
import { stackcacheNestedGrowth } from './stackcache-nested-growth.ts';
import { stackcacherefillOffByOne } from './stackcacherefill-off-by-one.ts';
import { stackfreeWrongOrder } from './stackfree-wrong-order.ts';
import { stackpoolallocKeepsFullSpan } from './stackpoolalloc-keeps-full-span.ts';
import { stackpoolfreeFreesDuringGC } from './stackpoolfree-frees-during-gc.ts';
import { sudogElemNotAdjusted } from './sudog-elem-not-adjusted.ts';

export { defineMutant, type Mutant, type MutantSpec, type Replacement } from './define.ts';

/** Every registered mutant. @public */
export const mutants: readonly Mutant[] = [
  shrinkWhileParking,
  shrinkWhileParkingUnguarded,
  stackpoolfreeFreesDuringGC,
  largeStackFreedDuringGC,
  schedBpNotAdjusted,
  frameBpNotAdjusted,
  stackcacheNestedGrowth,
  sudogElemNotAdjusted,
  copystackDeltaFromLo,
  stackcacherefillOffByOne,
  gfputKeepsFixedStack,
  gfgetKeepsStaleSize,
  markrootFreesPerPGFree,
  shrinkAtHalf,
  shrinkInSyscall,
  escapeStackPointer,
  stackfreeWrongOrder,
  stackpoolallocKeepsFullSpan,
  defersNotAdjusted,
  adjustctxtNone,
  stackcacheClearKeeps,
  stackpoolfreeNoDecrement,
  // Aimed at what the model could not see, or rarely reached, before stack contents,
  // caller-measured cache moves and named windows (issue 9).
  copyReadsFreedMemory,
  copyAllocatesAfterFree,
  copyReadsOneWordLow,
  refillTakesThreeQuarters,
  releaseDrainsCache,
  freeStackSpansKeepsLarge,
  destroyDropsStackCache,
  clearSkipsLastOrder,
  syncAdjustSkipped,
  markrootKeepsFirst,
  shrinkAtAsyncSafePoint,
  stackLargeWrongBucket,
  pacerSlackIgnored,
  deferPanicNotAdjusted,
  deferFnNotAdjusted,
  panicHeadNotAdjusted,
  // Bugs in code only Go 1.26 has (hunted under go1.26 profiles only).
  shrinkWhileWaitingForSuspendG,
  g0StackHalfSize,
  stackLargeFloorBucket,
];

/** The mutants of code a release's runtime has: the ones `stackcheck mutants --profile P` hunts. @public */
export function mutantsOf(release: Release): readonly Mutant[] {
  return mutants.filter((m) => m.releases.includes(release));
}

/** The mutant of that name. @public */
export function mutantByName(name: string): Mutant | undefined {
  return mutants.find((m) => m.name === name);
}

/** The routine table of the mutant of that name. @public */
export function mutantRuntime(name: string): Runtime | undefined {
  return mutantByName(name)?.rt;
}

/** The registered names, in order. @public */
export const mutantNames: readonly string[] = mutants.map((m) => m.name);
