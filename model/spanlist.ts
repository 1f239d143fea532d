// mheap.go mSpanList for the stack pools: stackpool[order] and stackLarge.free[k] are
// doubly linked lists in the runtime; here they are arrays of span bases, head first.
// insert/remove keep the runtime's own list-membership throws.

import { fatal } from './abort.ts';
import { setSpanList, type Draft } from './draft.ts';

/** mSpanList.insert: puts the span at the head. @internal */
export function spanListInsert(d: Draft, which: 'pool' | 'large', i: number, base: number): void {
  const list = which === 'pool' ? d.stackpool[i] : d.stackLarge[i];
  if (list.includes(base)) fatal('mSpanList.insert');
  setSpanList(d, which, i, [base, ...list]);
}

/** mSpanList.remove. @internal */
export function spanListRemove(d: Draft, which: 'pool' | 'large', i: number, base: number): void {
  const list = which === 'pool' ? d.stackpool[i] : d.stackLarge[i];
  const at = list.indexOf(base);
  if (at < 0) fatal('mSpanList.remove');
  const next = list.slice();
  next.splice(at, 1);
  setSpanList(d, which, i, next);
}
