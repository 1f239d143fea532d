// golang/go#11267: an empty stack span went back to the heap while the GC ran.

import { correctPoolKnobs, stackpoolfreeWith } from '../stackpool.ts';
import { defineMutant } from './define.ts';

/** stackpoolfree without the gcphase test: a span is freed as soon as its last stack is. */
const stackpoolfreeIgnoringGC = stackpoolfreeWith({ ...correctPoolKnobs, keepEmptySpansDuringGC: false });

/** @public */
export const stackpoolfreeFreesDuringGC = defineMutant({
  name: 'stackpoolfree-frees-during-gc', title: 'stackpoolfree returns an empty span to the heap while GC runs', issue: 'golang/go#11267',
  caughtBy: ['no-stack-span-freed-during-gc'], replace: { stackpoolfree: stackpoolfreeIgnoringGC },
  doc: "In the Go 1.5 development cycle the GC loaded a sudog.elem pointer into a stack, the owner grew its stack and freed the old one, and the old stack's span went back to the heap (and was reused) before the pointer was marked. CL 11502 keeps empty stack spans on the pool until GC is off (freeStackSpans). This mutant frees the span as soon as its last slot comes back, in any phase; no-stack-span-freed-during-gc (I6) sees a stack span leave the heap map during _GCmark.",
});
