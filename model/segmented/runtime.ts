// The routine table of the segmented model: every routine is called through it, so a
// mutant (model/segmented/mutants.ts) replaces exactly one, as model/runtime.ts does for
// the contiguous model.

import { adjustPtr, copystack, shrinkstack } from './copy.ts';
import { gfget, gfput, malg } from './proc.ts';
import { newstack, oldstack } from './split.ts';
import { stackalloc, stackcacherefill, stackcacherelease, stackfree } from './stackcache.ts';
import type { SegRuntime } from './routine-table.ts';

export type { SegRuntime } from './routine-table.ts';

/** The releases' own routines. @public */
export const segRuntime: SegRuntime = {
  stackalloc, stackfree, stackcacherefill, stackcacherelease, newstack, oldstack, copystack, adjustPtr, shrinkstack, malg, gfput, gfget,
};
