// A mutant that is the correct routine run on a wrong belief: the routine reads
// startingStackSize for one decision, and the bug is what it would decide if that value were
// another. Setting it for the length of the call (and putting it back, whatever happens)
// keeps the routine's body the runtime's, so a fix to the routine reaches the mutant too.

import type { Draft } from '../draft.ts';

/** Runs f while d.startingStackSize reads `size`, then restores the real value. @internal */
export function withStartingStackSize<T>(d: Draft, size: number, f: () => T): T {
  const starting = d.startingStackSize;
  d.startingStackSize = size;
  try {
    return f();
  } finally {
    d.startingStackSize = starting;
  }
}
