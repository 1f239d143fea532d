// golang/go#22412: "span has no free stacks" — a full span left at the head of stackpool.

import { fatal, terminal } from '../abort.ts';
import { setSpan, spanIndex, type Draft } from '../draft.ts';
import { push, type Link } from '../list.ts';
import { spanListInsert } from '../spanlist.ts';
import { defineMutant } from './define.ts';

/** stackpoolalloc that forgets to take a span off the pool list when its last slot goes. */
function stackpoolallocKeepingFullSpan(d: Draft, order: number): number {
  let base = d.stackpool[order].length > 0 ? d.stackpool[order][0] : 0;
  if (base === 0) {
    const s = d.rt.allocManual(d, d.cfg.poolSpanPages);
    if (s === null) terminal('out of memory', 'out of memory');
    if (s.allocCount !== 0) fatal('bad allocCount');
    if (s.manualFreeList !== null) fatal('bad manualFreeList');
    const elemsize = d.cfg.profile.fixedStack << order;
    let list: Link = null;
    for (let i = 0; i < d.cfg.profile.stackCacheSize; i += elemsize) list = push(list, s.base + i);
    setSpan(d, spanIndex(d.spans, s.base, d.cfg.pageSize), { ...s, elemsize, manualFreeList: list });
    spanListInsert(d, 'pool', order, s.base);
    base = s.base;
  }
  const i = spanIndex(d.spans, base, d.cfg.pageSize);
  const s = d.spans[i];
  const x = s.manualFreeList;
  if (x === null) fatal('span has no free stacks');
  setSpan(d, i, { ...s, manualFreeList: x.next, allocCount: s.allocCount + 1 });
  return x.v;
}

/** @public */
export const stackpoolallocKeepsFullSpan = defineMutant({
  name: 'stackpoolalloc-keeps-full-span',
  title: 'stackpoolalloc leaves a span with no free slot on stackpool',
  issue: 'golang/go#22412',
  doc: 'stackpoolalloc takes the span at the head of stackpool[order]; when it hands out the span\'s last free slot it must remove the span from the list, or the next allocation of that order finds an empty free list at the head and throws "span has no free stacks" (golang/go#22412 saw that throw in production). ' +
    'This mutant never removes a full span; pool-lists-spans-with-free-slots (I3) catches the full span still listed, one step before the throw would.',
  caughtBy: ['pool-lists-spans-with-free-slots', 'span-in-at-most-one-list', 'throw'],
  replace: { stackpoolalloc: stackpoolallocKeepingFullSpan },
});
