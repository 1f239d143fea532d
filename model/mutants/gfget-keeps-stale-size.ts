// gfget reuses a kept stack of the old startingStackSize.

import { gfget } from '../proc.ts';
import type { Draft } from '../draft.ts';
import { defineMutant } from './define.ts';
import { withStartingStackSize } from './pretend.ts';

/** gfget without the size test: whatever size the popped G kept, it keeps. */
function gfgetNoSizeCheck(d: Draft, pp: number): number {
  // The correct gfget frees a kept stack when its size differs from startingStackSize.
  // Make the head G's stack look right while it pops it.
  const head = d.ps[pp].gFree;
  if (head === null) return gfget(d, pp);
  const g = d.gs[head.v];
  if (g.lo === 0) return gfget(d, pp);
  return withStartingStackSize(d, g.hi - g.lo, () => gfget(d, pp));
}

/** @public */
export const gfgetKeepsStaleSize = defineMutant({
  name: 'gfget-keeps-stale-size', title: 'gfget reuses a kept stack whose size is no longer startingStackSize', issue: 'proc.go:gfget; CL 345889',
  caughtBy: ['new-goroutine-gets-starting-stack'], replace: { gfget: gfgetNoSizeCheck },
  doc: "gfput keeps a dead G's stack when it is startingStackSize, but the GC recomputes startingStackSize at every cycle (gcComputeStartingStackSize), so a kept stack can be stale by the time gfget pops the G; gfget then frees it and allocates one of the new size. This mutant skips that test: after the starting size changes, new goroutines start on stacks of the old size. new-goroutine-gets-starting-stack (I26) catches the newproc.",
});
