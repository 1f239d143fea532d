// stackcacherefill's loop counter starts one block in: the cache claims a block it lacks.

import { correctRefillKnobs, stackcacherefillWith } from '../stackpool.ts';
import { defineMutant } from './define.ts';

/** stackcacherefill with `size` starting at one block instead of 0. */
const stackcacherefillCountingFromOne = stackcacherefillWith({ ...correctRefillKnobs, firstSize: (blocksize) => blocksize });

/** @public */
export const stackcacherefillOffByOne = defineMutant({
  name: 'stackcacherefill-off-by-one', title: 'stackcacherefill counts one block more than it takes', issue: 'stack.go:stackcacherefill (size accounting)',
  caughtBy: ['cache-size-matches-list'], replace: { stackcacherefill: stackcacherefillCountingFromOne },
  doc: "stackcacherefill takes blocks from the pool until the cache holds _StackCacheSize/2 and records their total in c.stackcache[order].size, which stackfree compares with _StackCacheSize to decide when to release. Starting the byte counter at one block instead of zero takes one block fewer than it records: the cache's size no longer matches its list, and later releases and the span accounting drift. cache-size-matches-list (I10) catches the first refill.",
});
