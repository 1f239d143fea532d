// Broken runtime routines, each the way a real bug would break it. This file imports only
// model internals and types, so a test can build a faulty goRuntime inside vi.mock of
// model/index.ts without importing the module it mocks.

import { fatal } from '../../model/abort.ts';
import { setSpan, spanIndex, stat } from '../../model/draft.ts';
import type { Runtime } from '../../model/index.ts';
import { push } from '../../model/list.ts';
import { spanListInsert, spanListRemove } from '../../model/spanlist.ts';

/** stackpoolfree that forgets allocCount-- (the span never empties and its count is off). */
export const stackpoolfreeNoDecrement: Runtime['stackpoolfree'] = (d, x, order) => {
  const i = spanIndex(d.spans, x, d.cfg.pageSize);
  const s = i < 0 ? undefined : d.spans[i];
  if (s === undefined || s.state !== 'manual') fatal('freeing stack not in a stack span');
  if (s.manualFreeList === null) spanListInsert(d, 'pool', order, s.base);
  setSpan(d, i, { ...s, manualFreeList: push(s.manualFreeList, x) });
};

/** adjustctxt that forgets sched.bp and sched.ctxt (pointers left into the old stack). */
export const adjustctxtNone: Runtime['adjustctxt'] = (_a, g) => ({ ctxt: g.ctxt, bp: g.bp });

/** stackcache_clear that frees every block to the pool but leaves the cache as it was (blocks owned twice). */
export const stackcacheClearKeeps: Runtime['stackcache_clear'] = (d, pp) => {
  const cache = d.ps[pp].stackcache;
  for (let order = 0; order < cache.length; order++) {
    for (let x = cache[order].list; x !== null; x = x.next) d.rt.stackpoolfree(d, x.v, order);
  }
  stat(d, 'cacheClear');
};

/** stackpoolfree that returns an empty span to the heap even while GC runs (golang/go#11267's window). */
export const stackpoolfreeFreesDuringGC: Runtime['stackpoolfree'] = (d, x, order) => {
  const i = spanIndex(d.spans, x, d.cfg.pageSize);
  const s = i < 0 ? undefined : d.spans[i];
  if (s === undefined || s.state !== 'manual') fatal('freeing stack not in a stack span');
  if (s.manualFreeList === null) spanListInsert(d, 'pool', order, s.base);
  const freed = { ...s, manualFreeList: push(s.manualFreeList, x), allocCount: s.allocCount - 1 };
  setSpan(d, i, freed);
  if (freed.allocCount === 0) {
    spanListRemove(d, 'pool', order, s.base);
    setSpan(d, i, { ...freed, manualFreeList: null });
    d.rt.freeManual(d, s.base);
  }
};
