// adjustdefers misses the _defer records' sp (stack.go:adjustdefers; runtime TestDeferPtrs).

import { adjustdefersKeeping } from './defer-panic-fields.ts';
import { defineMutant } from './define.ts';

/** @public */
export const defersNotAdjusted = defineMutant({
  name: 'defer-sp-not-adjusted', title: 'adjustdefers moves each _defer record but not its sp', issue: 'stack.go:adjustdefers (TestDeferPtrs)',
  caughtBy: ['defer-panic-records-in-own-stack', 'copystack-adjusts-every-pointer'], replace: { adjustdefers: adjustdefersKeeping('sp') },
  doc: "A stack-allocated _defer record holds the deferring frame's SP, which deferreturn compares with the current frame to decide which defers to run; adjustdefers moves both the record links and sp when the stack moves. The runtime's TestDeferPtrs* tests exist because forgetting one of these fields lets defers run in the wrong frame or never. This mutant moves the record but not sp; defer-panic-records-in-own-stack (I29) sees sp left in the old stack.",
});
