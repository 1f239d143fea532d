// gfget reuses a kept stack of the old startingStackSize.

import { gfget } from '../proc.ts';
import type { Draft } from '../draft.ts';
import { defineMutant } from './define.ts';

/** gfget without the size test: whatever size the popped G kept, it keeps. */
function gfgetNoSizeCheck(d: Draft, pp: number): number {
  // The correct gfget frees a kept stack when its size differs from startingStackSize.
  // Make the head G's stack look right while it pops it.
  const head = d.ps[pp].gFree;
  if (head === null) return gfget(d, pp);
  const g = d.gs[head.v];
  if (g.lo === 0) return gfget(d, pp);
  const starting = d.startingStackSize;
  d.startingStackSize = g.hi - g.lo;
  try {
    return gfget(d, pp);
  } finally {
    d.startingStackSize = starting;
  }
}

/** @public */
export const gfgetKeepsStaleSize = defineMutant({
  name: 'gfget-keeps-stale-size',
  title: 'gfget reuses a kept stack whose size is no longer startingStackSize',
  issue: 'proc.go:gfget; CL 345889',
  doc: 'gfput keeps a dead G\'s stack when it is startingStackSize, but the GC recomputes startingStackSize at every cycle (gcComputeStartingStackSize), so a kept stack can be stale by the time gfget pops the G; gfget then frees it and allocates one of the new size. ' +
    'This mutant skips that test: after the starting size changes, new goroutines start on stacks of the old size. ' +
    'new-goroutine-gets-starting-stack (I26) catches the newproc.',
  caughtBy: ['new-goroutine-gets-starting-stack'],
  replace: { gfget: gfgetNoSizeCheck },
});
