// G reuse not updated for adaptive stack start (Go 1.19): gfput keeps _FixedStack stacks.

import type { Draft } from '../draft.ts';
import { gfput } from '../proc.ts';
import { defineMutant } from './define.ts';
import { withStartingStackSize } from './pretend.ts';

/** gfput as of Go 1.18: keeps a stack of exactly _FixedStack bytes, frees any other size. */
function gfputFixedStack(d: Draft, pp: number, goid: number): void {
  // gfput reads startingStackSize only for the keep test.
  withStartingStackSize(d, d.cfg.profile.fixedStack, () => gfput(d, pp, goid));
}

/** @public */
export const gfputKeepsFixedStack = defineMutant({
  name: 'gfput-keeps-fixed-stack', title: 'gfput keeps _FixedStack stacks even when startingStackSize is larger', issue: 'CL 345889 (Go 1.19 adaptive stack start); golang/go#9869',
  caughtBy: ['gfput-keeps-only-starting-size'], replace: { gfput: gfputFixedStack },
  doc: "Since Go 1.19 gfput keeps a dead G's stack only if it is exactly startingStackSize, which the GC recomputes every cycle; before, it kept _FixedStack stacks. This mutant is gfput left un-updated: once the GC raises startingStackSize, exiting goroutines keep 2 KiB stacks of a non-starting size on their P's free list, where gfget has to free and replace them, and the memory they hold is what golang/go#9869 complains about. gfput-keeps-only-starting-size (I25) catches the goexit.",
});
