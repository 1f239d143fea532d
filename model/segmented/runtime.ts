// The routine tables of the historical model: every routine is called through one, so a
// mutant (model/segmented/mutants.ts) replaces exactly one, as model/runtime.ts does for the
// contiguous model. Go 1.1-1.3 share stack.c's and proc.c's routines, except that Go 1.3's
// proc.c frees a dead G's grown stack in gfput and gives it a FixedStack in gfget; Go 1.4
// replaces the allocator (stack1.go), gfput (proc1.go), shrinkstack and the collector's stack work.

import { gc14, markrootShrink, shrinkfinish, shrinkstack14 } from './collect.ts';
import { adjustPtr, copystack, shrinkstack } from './copy.ts';
import { gfget, gfput, malg } from './proc.ts';
import { gfgetRestack, gfput13, gfput14 } from './proc1.ts';
import type { SegProfile } from './profile.ts';
import { newstack, oldstack } from './split.ts';
import { stackalloc14, stackcacherefill14, stackcacherelease14, stackfree14, stackpoolfree } from './stack1.ts';
import { stackalloc, stackcacherefill, stackcacherelease, stackfree } from './stackcache.ts';
import type { SegRuntime } from './routine-table.ts';

export type { SegRuntime } from './routine-table.ts';

/** The routines of Go 1.1-1.3 (stack.c, proc.c, 1.3's mgc0.c). @public */
export const segRuntime: SegRuntime = {
  stackalloc, stackfree, stackcacherefill, stackcacherelease, newstack, oldstack, copystack, adjustPtr, shrinkstack, malg, gfput, gfget,
  gc: markrootShrink, stackpoolfree, shrinkfinish,
};

/** The routines of Go 1.3: 1.1-1.2's with proc.c's gfput/gfget of the copying release. @public */
export const go13Runtime: SegRuntime = { ...segRuntime, gfput: gfput13, gfget: gfgetRestack };

/** The routines of Go 1.4 (stack1.go, proc1.go, mgc0.c); newstack, copystack and malg keep 1.3's shape. @public */
export const go14Runtime: SegRuntime = {
  ...segRuntime,
  stackalloc: stackalloc14, stackfree: stackfree14, stackcacherefill: stackcacherefill14, stackcacherelease: stackcacherelease14,
  shrinkstack: shrinkstack14, gfput: gfput14, gfget: gfgetRestack, gc: gc14,
};

/** A release's own routine table. @public */
export function segRuntimeFor(p: SegProfile): SegRuntime {
  if (p.numStackOrders > 0) return go14Runtime;
  return p.copying ? go13Runtime : segRuntime;
}
