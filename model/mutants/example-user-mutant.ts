// An example of a user's mutant file: check a proposed runtime change with
//   stackcheck run --mutant-file model/mutants/example-user-mutant.ts
// The proposal: shrink stacks more conservatively, only when less than an eighth is used,
// so a goroutine that shrank has room to grow back without another copy. The checker
// finds no violation: shrinking less often breaks no rule of the allocator.

import type { Draft } from '../draft.ts';
import { shrinkstack, type ShrinkOwner } from '../copystack.ts';
import type { ExecP } from '../exec-p.ts';
import type { UserMutant } from './user-api.ts';

/** shrinkstack that returns early unless used + _StackLimit < size/8, then does what the runtime does. */
function shrinkstackAtEighth(d: Draft, goid: number, pp: ExecP, owner: ShrinkOwner): void {
  const g = d.gs[goid];
  if (g.lo !== 0 && g.hi - g.sp + d.cfg.profile.stackLimit >= (g.hi - g.lo) / 8) return;
  shrinkstack(d, goid, pp, owner);
}

export const mutant: UserMutant = {
  name: 'proposal-shrink-at-eighth',
  doc: 'Shrink a stack only when less than an eighth of it is used (the runtime: a quarter).',
  replace: { shrinkstack: shrinkstackAtEighth },
};
