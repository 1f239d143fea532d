// copystack's two stacks against the model: both must be stacks it handed out.

import type { State } from '../../model/state.ts';
import { spanAt } from './oracle.ts';

/** Why [lo, lo+n) is not a stack the model holds, or null. @internal */
export function heldStack(s: State, lo: number, n: number, pageSize: number): string | null {
  const span = spanAt(s, lo, pageSize);
  const hex = `0x${lo.toString(16)}`;
  if (span === undefined || span.state !== 'manual') return `${hex} is in no stack span of the model`;
  if (span.elemsize !== n) return `${hex} is in a model span of ${span.elemsize}-byte stacks, not ${n}`;
  if ((lo - span.base) % n !== 0) return `${hex} is not a slot boundary of its model span`;
  return null;
}
