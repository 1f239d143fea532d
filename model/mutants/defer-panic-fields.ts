// Bugs in the fields a stack copy must move in defer and panic records (stack.go:adjustdefers,
// adjustpanics): each leaves one pointer in the old stack, which the GC then frees.

import { adjustdefers, type AdjustInfo } from '../copystack.ts';
import type { Defer } from '../state.ts';
import { defineMutant } from './define.ts';
import { deferWith } from '../records.ts';

/**
 * adjustdefers over the whole chain, then one field of every record put back as it was: the
 * field the bug forgets. Wrapping the correct routine keeps every other field's adjustment
 * the runtime's.
 * @internal
 */
export function adjustdefersKeeping(field: 'sp' | 'fn' | 'panic'): (a: AdjustInfo, defers: readonly Defer[]) => readonly Defer[] {
  return (a, defers) => adjustdefers(a, defers).map((r, i) => deferWith(r, { [field]: defers[i][field] }));
}

/** @public */
export const deferPanicNotAdjusted = defineMutant({
  name: 'defer-panic-not-adjusted', title: 'adjustdefers leaves d._panic in the old stack', issue: 'stack.go:adjustdefers (d._panic)',
  caughtBy: ['defer-panic-records-in-own-stack', 'copystack-adjusts-every-pointer'], replace: { adjustdefers: adjustdefersKeeping('panic') },
  // Go 1.26's _defer has no _panic (runtime2.go:_defer; stack.go:adjustdefers moves fn, sp, link).
  releases: ['go1.19'],
  doc: "While a panic runs a deferred call, the defer record points at the panic record (d._panic) in gopanic's frame, and a growth inside the deferred call must move that pointer with the stack. This mutant adjusts every other field. defer-panic-records-in-own-stack sees d._panic outside the new stack.",
});

/** @public */
export const deferFnNotAdjusted = defineMutant({
  name: 'defer-fn-not-adjusted', title: 'adjustdefers leaves d.fn, a stack-allocated closure, in the old stack', issue: 'stack.go:adjustdefers (d.fn)',
  caughtBy: ['defer-panic-records-in-own-stack', 'copystack-adjusts-every-pointer'], replace: { adjustdefers: adjustdefersKeeping('fn') },
  doc: 'A deferred func literal that captures a local is a funcval the deferring frame allocates on its own stack, and d.fn points at it. This mutant adjusts every field of the record but fn, so deferreturn would call through freed memory. defer-panic-records-in-own-stack sees d.fn outside the new stack.',
});

/** adjustpanics that leaves gp._panic alone, as if the frame walk had moved it. */
function adjustpanicsKeepingHead(_a: AdjustInfo, panics: readonly number[]): readonly number[] {
  return panics;
}

/** @public */
export const panicHeadNotAdjusted = defineMutant({
  name: 'panic-head-not-adjusted', title: 'adjustpanics leaves gp._panic in the old stack', issue: 'stack.go:adjustpanics',
  caughtBy: ['defer-panic-records-in-own-stack', 'copystack-adjusts-every-pointer'], replace: { adjustpanics: adjustpanicsKeepingHead },
  doc: 'Panic records live in gopanic\'s frames, so the frame walk moves their links, but the head of the chain is a field of the g, which only adjustpanics moves. This mutant takes "panics are on stack and already adjusted" to cover the head too. defer-panic-records-in-own-stack sees gp._panic outside the new stack.',
});
