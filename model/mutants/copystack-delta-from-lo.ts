// copystack with delta = new.lo - old.lo: stacks are aligned at the top, not the bottom.

import { copystackVariant, correctKnobs } from './copystack-variant.ts';
import { defineMutant } from './define.ts';

/** @public */
export const copystackDeltaFromLo = defineMutant({
  name: 'copystack-delta-from-lo', title: 'copystack adjusts pointers by new.lo - old.lo', issue: 'stack.go:copystack (delta = new.hi - old.hi)',
  caughtBy: ['frame-pointer-chain', 'copystack-adjusts-every-pointer', 'stack-slots-point-into-own-stack'], replace: { copystack: copystackVariant({ ...correctKnobs, delta: (oldlo, _oh, newlo) => newlo - oldlo }) },
  doc: 'copystack copies the used part of the stack to the top of the new one, so a pointer to old.lo+d must become new.lo+d+(newsize-oldsize), i.e. move by new.hi - old.hi. Computing the distance from the bottoms is right only when the size does not change (stackForceMove); on every growth and shrink each adjusted pointer lands (newsize-oldsize) bytes off, often outside the used part or outside the stack. copystack-adjusts-every-pointer (I30) and the frame-pointer chain (I31) catch it on the first move that has a pointer into the stack.',
});
