// golang/go#11466 (after #11267): large stacks freed during GC must wait on stackLarge.

import { spanIndex, type Draft } from '../draft.ts';
import { isSmallStack, stackfree } from '../stack.ts';
import type { ExecP } from '../exec-p.ts';
import { defineMutant } from './define.ts';

/** stackfree whose large path frees to the heap in every phase. */
function stackfreeLargeToHeap(d: Draft, pp: ExecP, lo: number, hi: number): void {
  if (isSmallStack(d, hi - lo) || d.gcphase === 'off') return stackfree(d, pp, lo, hi);
  const i = spanIndex(d.spans, lo, d.cfg.pageSize);
  d.rt.freeManual(d, d.spans[i].base);
}

/** @public */
export const largeStackFreedDuringGC = defineMutant({
  name: 'large-stack-freed-during-gc', title: 'stackfree returns a large stack to the heap during GC instead of stackLarge', issue: 'golang/go#11466',
  caughtBy: ['no-stack-span-freed-during-gc'], replace: { stackfree: stackfreeLargeToHeap },
  doc: 'A large stack is a whole span; freeing it to the heap while the GC marks races with a scanned sudog.elem pointer into it exactly as in golang/go#11267. Go 1.5 delayed such frees to the end of GC and Go 1.6 (golang/go#11466) added stackLarge so same-size stacks can be reused meanwhile. This mutant sends the large path straight to freeManual in every phase; no-stack-span-freed-during-gc (I6) catches the span leaving during _GCmark.',
});
