// copystack gives the old stack back before memmove has read it.

import { copystackWith, correctKnobs } from '../copystack.ts';
import { defineMutant } from './define.ts';

/** @public */
export const copyReadsFreedMemory = defineMutant({
  name: 'copy-reads-freed-memory', title: 'copystack frees the old stack before copying from it', issue: 'stack.go:copystack (free the old stack only after the copy)',
  caughtBy: ['copy-keeps-frame-contents', 'frames-hold-what-calls-stored'], replace: { copystack: copystackWith({ ...correctKnobs, order: 'alloc-free-copy' }) },
  doc: 'copystack must allocate the new stack, memmove the used part of the old one, adjust pointers, and only then stackfree the old stack: until the copy is done, the old memory is its source. This mutant frees the old stack right after allocating the new one, so the copy reads memory already back in a cache, where another P may take and write it. copy-keeps-frame-contents sees every frame whose words the copy read from freed memory.',
});

/** @public */
export const copyAllocatesAfterFree = defineMutant({
  name: 'copy-allocates-after-free', title: 'copystack frees the old stack before allocating the new one', issue: 'stack.go:copystack (the old stack is in use until the copy is done)',
  caughtBy: ['new-stack-disjoint-from-old', 'copy-keeps-frame-contents', 'frames-hold-what-calls-stored'], replace: { copystack: copystackWith({ ...correctKnobs, order: 'free-alloc-copy' }) },
  doc: "With the old stack freed first, the allocation that follows may hand the very same block back (a same-size move — runtime.mayMoreStackMove — pops it straight off the P's cache), so the new stack overlaps the one it is copied from, and the copy reads memory the allocator owns. new-stack-disjoint-from-old catches the overlap; copy-keeps-frame-contents the words read from freed memory.",
});

/** @public */
export const copyReadsOneWordLow = defineMutant({
  name: 'copy-reads-one-word-low', title: 'copystack copies the used range one word too low', issue: 'stack.go:copystack (memmove of [old.hi - used, old.hi))',
  caughtBy: ['copy-keeps-frame-contents', 'frames-hold-what-calls-stored'], replace: { copystack: copystackWith({ ...correctKnobs, srcShift: -8 }) },
  doc: "copystack copies exactly the used bytes, [old.hi - used, old.hi), to the top of the new stack. This mutant reads one word lower, [old.hi - used - 8, old.hi - 8): every frame lands on the new stack shifted by a word, the return addresses and locals of one frame read as another's. copy-keeps-frame-contents sees each frame whose words changed.",
});
