// golang/go#40641: the GC shrank a goroutine that was parking on a channel.

import { isShrinkStackSafe } from '../copystack.ts';
import type { Profile } from '../profile.ts';
import type { G } from '../state.ts';
import { copystackVariant, correctKnobs } from './copystack-variant.ts';
import { defineMutant } from './define.ts';

/** isShrinkStackSafe as it was before the fix: parkingOnChan is not consulted (each release's other rules are). */
function isShrinkStackSafeIgnoringParking(g: G, profile: Pick<Profile, 'shrinkSafeRefusesSuspendGWait'>): boolean {
  return isShrinkStackSafe({ ...g, parkingOnChan: false }, profile);
}

/** @public */
export const shrinkWhileParking = defineMutant({
  name: 'shrink-while-parking', title: 'isShrinkStackSafe ignores parkingOnChan', issue: 'golang/go#40641',
  caughtBy: ['throw'], replace: { isShrinkStackSafe: isShrinkStackSafeIgnoringParking },
  doc: 'Between gopark setting _Gwaiting and chanparkcommit setting activeStackChans, a receiver is parked but its channel is still unlocked for senders. Go 1.14 let the GC shrink such a goroutine: copystack adjusted sudog.elem without the channel locks while a sender wrote through it ("sudog with non-nil elem"). The fix added parkingOnChan to isShrinkStackSafe and a throw in copystack; this mutant removes the first, so the scan shrinks a parking goroutine and copystack\'s guard throws "racy sudog adjustment due to parking on channel".',
});

/** @public */
export const shrinkWhileParkingUnguarded = defineMutant({
  name: 'shrink-while-parking-unguarded', title: 'Go 1.14: isShrinkStackSafe ignores parkingOnChan and copystack does not throw', issue: 'golang/go#40641',
  caughtBy: ['shrink-only-when-quarter-used', 'no-shrink-while-parking'], replace: { isShrinkStackSafe: isShrinkStackSafeIgnoringParking, copystack: copystackVariant({ ...correctKnobs, parkingThrow: false }) },
  doc: "The runtime as it was before the fix of golang/go#40641: neither isShrinkStackSafe nor copystack knows about parkingOnChan, so a GC scan that finds a goroutine between gopark and chanparkcommit shrinks its stack and adjusts its sudogs unlocked. With the runtime's own guard gone, the step invariants see the move: shrink-only-when-quarter-used (I32, which requires isShrinkStackSafe of the correct runtime) and no-shrink-while-parking (I34).",
});
