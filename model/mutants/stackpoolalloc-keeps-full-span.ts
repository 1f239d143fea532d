// golang/go#22412: "span has no free stacks" — a full span left at the head of stackpool.

import { correctPoolKnobs, stackpoolallocWith } from '../stackpool.ts';
import { defineMutant } from './define.ts';

/** stackpoolalloc that forgets to take a span off the pool list when its last slot goes. */
const stackpoolallocKeepingFullSpan = stackpoolallocWith({ ...correctPoolKnobs, unlistFullSpans: false });

/** @public */
export const stackpoolallocKeepsFullSpan = defineMutant({
  name: 'stackpoolalloc-keeps-full-span', title: 'stackpoolalloc leaves a span with no free slot on stackpool', issue: 'golang/go#22412',
  caughtBy: ['pool-lists-spans-with-free-slots', 'span-in-at-most-one-list', 'throw'], replace: { stackpoolalloc: stackpoolallocKeepingFullSpan },
  doc: 'stackpoolalloc takes the span at the head of stackpool[order]; when it hands out the span\'s last free slot it must remove the span from the list, or the next allocation of that order finds an empty free list at the head and throws "span has no free stacks" (golang/go#22412 saw that throw in production). This mutant never removes a full span; pool-lists-spans-with-free-slots (I3) catches the full span still listed, one step before the throw would.',
});
