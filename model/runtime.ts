// The table of runtime routines every model function calls through (d.rt). A mutant is
// this table with one or two entries replaced, so a seeded bug changes exactly the routine
// it names and every caller sees it.

import { chanparkcommit, chanrecv, chansend } from './chan.ts';
import {
  adjustctxt, adjustdefers, adjustframe, adjustpanics, adjustsudogs, copystack, isShrinkStackSafe,
  newstack, shrinkstack, syncadjustsudogs,
} from './copystack.ts';
import {
  flushallmcaches, freeStackSpans, freeStackSpansOrder, gcComputeStartingStackSize, gcMarkDone, gcMarkTermination, gcStart,
  markrootFreeGStacks, prepareForSweep, runSafePointFn, scanstack, suspendG,
} from './gc.ts';
import { addScannableStack } from './pacer.ts';
import { allocManual, freeManual } from './heap.ts';
import {
  asyncPreempt2, call, deferprocStack, entersyscall, escapeAnalysisAdmits, exitsyscall, gopanic, preemptone, ret, storeHeap,
} from './mutator.ts';
import {
  allocm, execute, freemcache, gfget, gfpurge, gfput, goexit0, gopreempt_m, malg, mexit, newproc1, preemptPark, procresize,
} from './proc.ts';
import { stacksplit } from './prologue.ts';
import type { Draft } from './draft.ts';
import type { RoutineTable } from './routine-table.ts';
import { stackalloc, stackfree } from './stack.ts';
import { stackcache_clear, stackcacheClearOrder, stackcacherefill, stackcacherelease, stackpoolalloc, stackpoolfree } from './stackpool.ts';

/** The routine table's type; a mutant must supply the same signatures. @public */
export type Runtime = RoutineTable<Draft>;

/** The correct model: Go 1.19's routines. @public */
export const goRuntime: Runtime = {
  allocManual, freeManual,
  stackpoolalloc, stackpoolfree, stackcacherefill, stackcacherelease, stackcache_clear, stackcacheClearOrder,
  stackalloc, stackfree,
  malg, newproc1, gfget, gfput, goexit0, gfpurge, execute, gopreempt_m, preemptPark, procresize, freemcache,
  allocm, mexit,
  stacksplit, newstack, copystack, adjustframe, adjustsudogs, syncadjustsudogs, adjustctxt, adjustdefers,
  adjustpanics, shrinkstack, isShrinkStackSafe,
  gcStart, suspendG, scanstack, markrootFreeGStacks, gcComputeStartingStackSize, gcMarkDone, gcMarkTermination,
  freeStackSpans, freeStackSpansOrder, prepareForSweep, runSafePointFn, flushallmcaches, addScannableStack,
  chanrecv, chanparkcommit, chansend,
  call, ret, deferprocStack, gopanic, entersyscall, exitsyscall, preemptone, asyncPreempt2, storeHeap,
  escapeAnalysisAdmits,
};


/** The names of the replaceable routines. @public */
export type RoutineName = keyof Runtime;
