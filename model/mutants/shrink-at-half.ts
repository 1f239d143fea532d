// shrinkstack's rule at used < 1/2 instead of 1/4.

import { correctShrinkKnobs, shrinkstackWith } from '../copystack.ts';
import { defineMutant } from './define.ts';

/** shrinkstack that halves a stack using less than half of it. */
const shrinkstackAtHalf = shrinkstackWith({ ...correctShrinkKnobs, usedBelow: (oldsize) => oldsize / 2 });

/** @public */
export const shrinkAtHalf = defineMutant({
  name: 'shrink-at-half', title: 'shrinkstack halves a stack that uses less than half of it', issue: 'stack.go:shrinkstack (quarter rule)',
  caughtBy: ['shrink-only-when-quarter-used'], replace: { shrinkstack: shrinkstackAtHalf },
  doc: 'shrinkstack halves a stack only when used + _StackLimit < size/4, so the half it leaves is at least half free and the goroutine does not grow straight back (a grow/shrink cycle on every GC). This mutant uses size/2: a goroutine using between a quarter and a half of its stack is shrunk to a stack it nearly fills. shrink-only-when-quarter-used (I32) catches the shrink.',
});
