// stackalloc's large path looks in the wrong stackLarge bucket.

import { spanListRemove } from '../spanlist.ts';
import { stackalloc, stacklog2 } from '../stack.ts';
import type { ExecP } from '../exec-p.ts';
import type { Draft } from '../draft.ts';
import { defineMutant } from './define.ts';

/** stackalloc that first tries stackLarge.free[stacklog2(npages) + 1]: a span of twice the pages (under either release's stacklog2). */
function stackallocOneBucketUp(d: Draft, pp: ExecP, n: number): number {
  if (n < d.cfg.smallStackLimit) return stackalloc(d, pp, n);
  const k = stacklog2(d.cfg.profile, n / d.cfg.pageSize) + 1;
  const list = d.stackLarge[k];
  if (k >= d.stackLarge.length || list.length === 0) return stackalloc(d, pp, n);
  spanListRemove(d, 'large', k, list[0]);
  return list[0];
}

/** @public */
export const stackLargeWrongBucket = defineMutant({
  name: 'stacklarge-wrong-bucket', title: 'stackalloc reuses a stackLarge span from the bucket above', issue: 'stack.go:stackalloc (stackLarge.free[log2npage])',
  caughtBy: ['stack-matches-span-class', 'nothing-leaked', 'alloccount-matches-owners'], replace: { stackalloc: stackallocOneBucketUp },
  doc: "stackLarge.free[k] holds the spans of 2^k pages freed during GC; a large stackalloc of npages pages looks in bucket stacklog2(npages) only (⌊log2 npages⌋ in Go 1.19, bits.Len64 in 1.26). This mutant looks one bucket up, so a stack gets a span twice its size: the span's second half belongs to nobody, and its elemsize is not the stack's size. The stack rules see a stack that does not fill its span.",
});
