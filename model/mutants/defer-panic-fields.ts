// Bugs in the fields a stack copy must move in defer and panic records (stack.go:adjustdefers,
// adjustpanics): each leaves one pointer in the old stack, which the GC then frees.

import { adjustdefers, type AdjustInfo } from '../copystack.ts';
import type { Defer } from '../state.ts';
import { defineMutant } from './define.ts';
import { deferWith } from '../records.ts';

/** adjustdefers that adjusts every field but d._panic. */
function adjustdefersKeepingPanic(a: AdjustInfo, defers: readonly Defer[]): readonly Defer[] {
  const moved = adjustdefers(a, defers);
  return moved.map((r, i) => deferWith(r, { panic: defers[i].panic }));
}

/** adjustdefers that adjusts every field but d.fn. */
function adjustdefersKeepingFn(a: AdjustInfo, defers: readonly Defer[]): readonly Defer[] {
  const moved = adjustdefers(a, defers);
  return moved.map((r, i) => deferWith(r, { fn: defers[i].fn }));
}

/** adjustpanics that leaves gp._panic alone, as if the frame walk had moved it. */
function adjustpanicsKeepingHead(_a: AdjustInfo, panics: readonly number[]): readonly number[] {
  return panics;
}

/** @public */
export const deferPanicNotAdjusted = defineMutant({
  name: 'defer-panic-not-adjusted',
  title: 'adjustdefers leaves d._panic in the old stack',
  issue: 'stack.go:adjustdefers (d._panic)',
  doc: 'While a panic runs a deferred call, the defer record points at the panic record (d._panic) in gopanic\'s frame, and a growth inside the deferred call must move that pointer with the stack. ' +
    'This mutant adjusts every other field. ' +
    'defer-panic-records-in-own-stack sees d._panic outside the new stack.',
  caughtBy: ['defer-panic-records-in-own-stack', 'copystack-adjusts-every-pointer'],
  // Go 1.26's _defer has no _panic (runtime2.go:_defer; stack.go:adjustdefers moves fn, sp, link).
  releases: ['go1.19'],
  replace: { adjustdefers: adjustdefersKeepingPanic },
});

/** @public */
export const deferFnNotAdjusted = defineMutant({
  name: 'defer-fn-not-adjusted',
  title: 'adjustdefers leaves d.fn, a stack-allocated closure, in the old stack',
  issue: 'stack.go:adjustdefers (d.fn)',
  doc: 'A deferred func literal that captures a local is a funcval the deferring frame allocates on its own stack, and d.fn points at it. ' +
    'This mutant adjusts every field of the record but fn, so deferreturn would call through freed memory. ' +
    'defer-panic-records-in-own-stack sees d.fn outside the new stack.',
  caughtBy: ['defer-panic-records-in-own-stack', 'copystack-adjusts-every-pointer'],
  replace: { adjustdefers: adjustdefersKeepingFn },
});

/** @public */
export const panicHeadNotAdjusted = defineMutant({
  name: 'panic-head-not-adjusted',
  title: 'adjustpanics leaves gp._panic in the old stack',
  issue: 'stack.go:adjustpanics',
  doc: 'Panic records live in gopanic\'s frames, so the frame walk moves their links, but the head of the chain is a field of the g, which only adjustpanics moves. ' +
    'This mutant takes "panics are on stack and already adjusted" to cover the head too. ' +
    'defer-panic-records-in-own-stack sees gp._panic outside the new stack.',
  caughtBy: ['defer-panic-records-in-own-stack', 'copystack-adjusts-every-pointer'],
  replace: { adjustpanics: adjustpanicsKeepingHead },
});
