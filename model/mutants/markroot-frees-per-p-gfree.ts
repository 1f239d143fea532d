// markrootFreeGStacks frees stacks it does not own: those of dead Gs on per-P gFree lists.

import { toArray } from '../list.ts';
import { markrootFreeGStacks } from '../gc.ts';
import type { Draft } from '../draft.ts';
import type { ExecP } from '../exec-p.ts';
import { defineMutant } from './define.ts';

/** markrootFreeGStacks that also frees the stacks cached on every P's gFree list, leaving the Gs as they are. */
function markrootFreeAllGStacks(d: Draft, pp: ExecP): void {
  markrootFreeGStacks(d, pp);
  for (const p of d.ps) {
    for (const goid of toArray(p.gFree)) {
      const g = d.gs[goid];
      if (g.lo !== 0) d.rt.stackfree(d, pp, g.lo, g.hi);
    }
  }
}

/** @public */
export const markrootFreesPerPGFree = defineMutant({
  name: 'markroot-frees-per-p-gfree', title: 'markrootFreeGStacks frees the stacks of Gs on per-P gFree lists', issue: 'golang/go#9869, #66564',
  caughtBy: ['no-block-owned-twice', 'alloccount-matches-owners'], replace: { markrootFreeGStacks: markrootFreeAllGStacks },
  doc: 'markrootFreeGStacks frees only the stacks on the global sched.gFree.stack list, which it detaches under sched.gFree.lock; per-P gFree lists belong to their P and keep their stacks (golang/go#9869, #66564 ask for that memory back). A tempting fix walks the per-P lists too, but the worker cannot take them from their P, so it frees the memory and leaves each G with its stack fields set: the next gfget on that P hands the freed stack to a new goroutine while the cache or pool also holds it. no-block-owned-twice (I17) sees the freed stack still owned by the dead G.',
});
