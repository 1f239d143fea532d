// Faults first written as local test routines for the counterexample corpus, registered so
// that every corpus file replays from the command line.

import { adjustctxt, type AdjustInfo } from '../copystack.ts';
import { correctPoolKnobs, stackcache_clear, stackpoolfreeWith } from '../stackpool.ts';
import { updP, type Draft } from '../draft.ts';
import type { G } from '../state.ts';
import { defineMutant } from './define.ts';

/** @public */
export const adjustctxtNone = defineMutant({
  name: 'adjustctxt-none', title: 'adjustctxt adjusts neither sched.ctxt nor sched.bp', issue: 'stack.go:adjustctxt (golang/go#18174 for sched.bp)',
  caughtBy: ['frame-pointer-chain', 'copystack-adjusts-every-pointer', 'stack-slots-point-into-own-stack'], replace: { adjustctxt: (_a: AdjustInfo, g: G) => adjustctxt({ lo: 0, hi: 0, delta: 0 }, g) },
  doc: 'copystack must move the closure context and the saved frame pointer in gp.sched when they point into the old stack. This mutant leaves both, so they point into freed memory after every move. frame-pointer-chain and copystack-adjusts-every-pointer catch it.',
});

/** stackcache_clear that frees every block to the pool but leaves the cache as it was. */
function stackcacheClearKeepingList(d: Draft, pp: number): void {
  const kept = d.ps[pp].stackcache;
  stackcache_clear(d, pp);
  updP(d, pp, { stackcache: kept });
}

/** @public */
export const stackcacheClearKeeps = defineMutant({
  name: 'stackcache-clear-keeps', title: 'stackcache_clear frees the blocks but keeps the list', issue: 'stack.go:stackcache_clear',
  caughtBy: ['no-block-owned-twice', 'cache-empty-after-flush', 'cached-blocks-belong-to-their-order', 'alloccount-matches-owners'], replace: { stackcache_clear: stackcacheClearKeepingList },
  doc: "stackcache_clear returns every cached block to the pool and empties the cache. This mutant returns them but leaves the cache's list in place, so each block is both free in its span and cached: owned twice. no-block-owned-twice and cache-empty-after-flush catch it.",
});

/** @public */
export const stackpoolfreeNoDecrement = defineMutant({
  name: 'stackpoolfree-no-decrement', title: 'stackpoolfree forgets allocCount--', issue: 'stack.go:stackpoolfree (allocCount)',
  caughtBy: ['alloccount-matches-freelist', 'alloccount-matches-owners'], replace: { stackpoolfree: stackpoolfreeWith({ ...correctPoolKnobs, countFrees: false }) },
  doc: 'stackpoolfree must count the freed slot out of allocCount, which tells when the span is empty. This mutant does not: the span never empties and its count disagrees with its free list. alloccount-matches-freelist catches it.',
});
