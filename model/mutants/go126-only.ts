// Bugs in code only Go 1.26 has: each undoes one of 1.26's changes, so under a go1.19
// profile it would be the correct runtime (`releases: ['go1.26']` keeps it out of 1.19's hunt).

import { isShrinkStackSafe } from '../copystack.ts';
import { allocmWith } from '../proc.ts';
import type { Profile } from '../profile.ts';
import { correctStackfreeKnobs, log2, stackfreeWith } from '../stack.ts';
import type { G } from '../state.ts';
import { defineMutant } from './define.ts';

/** isShrinkStackSafe with Go 1.26's suspendG wait-reason rule dropped (Go 1.19's rules only). */
function isShrinkStackSafeIgnoringSuspendG(g: G, profile: Pick<Profile, 'shrinkSafeRefusesSuspendGWait'>): boolean {
  return isShrinkStackSafe(g, { ...profile, shrinkSafeRefusesSuspendGWait: false });
}

/** @public */
export const shrinkWhileWaitingForSuspendG = defineMutant({
  name: 'shrink-while-waiting-for-suspendg', title: 'isShrinkStackSafe forgets the suspendG wait reasons', issue: 'stack.go:isShrinkStackSafe (Go 1.26 isWaitingForSuspendG)',
  caughtBy: ['self-scan-defers-shrink'], replace: { isShrinkStackSafe: isShrinkStackSafeIgnoringSuspendG }, releases: ['go1.26'],
  doc: 'Go 1.26 refuses to shrink a goroutine in _Gwaiting for a reason isWaitingForSuspendG lists: it is running on the system stack, and the execution tracer or a profiler may be taking a traceback of its user stack meanwhile. A goroutine scanning its own stack (a GC assist) is in such a wait, so its scan leaves the shrink to preemptShrink. This mutant drops the rule, as Go 1.19 has it, and the self-scan shrinks the stack under the traceback.',
});

/** @public */
export const g0StackHalfSize = defineMutant({
  name: 'g0-stack-8k', title: 'allocm gives a new M an 8 KiB g0 stack', issue: 'proc.go:allocm (Go 1.26 malg(16384 * StackGuardMultiplier))',
  caughtBy: ['m-stacks-sized-by-release'], replace: { allocm: allocmWith((profile) => (profile.g0StackSize > 0 ? profile.g0StackSize / 2 : 0)) }, releases: ['go1.26'],
  doc: "Go 1.26 doubled the g0 stack of the Ms the runtime allocates, to malg(16384): every new M takes an order-3 stack from the pool where Go 1.19 took an order-2 one. This mutant keeps Go 1.19's malg(8192), which a 1.26 runtime's deeper system-stack paths would overflow. The rule that an M's stacks have its release's sizes sees the half-size g0.",
});

/** @public */
export const stackLargeFloorBucket = defineMutant({
  name: 'stacklarge-floor-bucket', title: "stackfree files a large stack under Go 1.19's stacklog2 bucket", issue: 'stack.go:stacklog2 (Go 1.26 bits.Len64)',
  caughtBy: ['span-in-at-most-one-list'], replace: { stackfree: stackfreeWith({ ...correctStackfreeKnobs, bucketOf: (_d, npages) => log2(npages) }) }, releases: ['go1.26'],
  doc: "Go 1.26's stacklog2 is bits.Len64(npages), one more than Go 1.19's shift loop, so stackLarge.free[k+1] holds the spans of 2^k pages; stackalloc looks there. This mutant has stackfree use the old ⌊log2⌋ while stackalloc uses the new one: a large stack freed during the GC lands in a bucket stackalloc never reads, so it is never reused, and the bucket holds spans of the wrong class. The span-list rule sees a span on the wrong stackLarge list.",
});
