// shrinkstack's rule at used < 1/2 instead of 1/4.

import { fatal } from '../abort.ts';
import { stat, type Draft } from '../draft.ts';
import type { ShrinkOwner } from '../copystack.ts';
import type { ExecP } from '../stack.ts';
import { defineMutant } from './define.ts';

/** shrinkstack that halves a stack using less than half of it. */
function shrinkstackAtHalf(d: Draft, goid: number, pp: ExecP, owner: ShrinkOwner): void {
  const g = d.gs[goid];
  if (g.lo === 0) fatal('missing stack in shrinkstack');
  if (owner === 'self' && g.status !== 'running') fatal('bad status in shrinkstack');
  if (!d.rt.isShrinkStackSafe(g)) fatal('shrinkstack at bad time');
  if (d.cfg.modes.gcshrinkstackoff) return;
  const oldsize = g.hi - g.lo;
  const newsize = oldsize / 2;
  if (newsize < d.cfg.profile.fixedStack) return;
  if (g.hi - g.sp + d.cfg.profile.stackLimit >= oldsize / 2) return;
  d.rt.copystack(d, goid, newsize, pp);
  stat(d, 'shrink');
}

/** @public */
export const shrinkAtHalf = defineMutant({
  name: 'shrink-at-half',
  title: 'shrinkstack halves a stack that uses less than half of it',
  issue: 'stack.go:shrinkstack (quarter rule)',
  doc: 'shrinkstack halves a stack only when used + _StackLimit < size/4, so the half it leaves is at least half free and the goroutine does not grow straight back (a grow/shrink cycle on every GC). ' +
    'This mutant uses size/2: a goroutine using between a quarter and a half of its stack is shrunk to a stack it nearly fills. ' +
    'shrink-only-when-quarter-used (I32) catches the shrink.',
  caughtBy: ['shrink-only-when-quarter-used'],
  replace: { shrinkstack: shrinkstackAtHalf },
});
