// golang/go#17785: a heap object held a pointer into a stack span.

import type { PtrSpec } from '../mutator.ts';
import { defineMutant } from './define.ts';

/** @public */
export const escapeStackPointer = defineMutant({
  name: 'escape-stack-pointer', title: 'escape analysis lets a stack address be stored in a heap object', issue: 'golang/go#17785',
  caughtBy: ['no-heap-pointer-into-stack'], replace: { escapeAnalysisAdmits: (_target: PtrSpec): boolean => true },
  doc: "Escape analysis moves any variable whose address is stored in the heap off the stack, so the runtime may move stacks without looking at heap pointers. golang/go#17785 (Go 1.8 dev, noopt builder) was the GC finding a heap object pointing into a span in _MSpanStack state. This mutant's escapeAnalysisAdmits accepts a store of a stack address into a heap object; no-heap-pointer-into-stack (I29) catches the store.",
});
