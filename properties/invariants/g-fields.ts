// Which fields of a goroutine a step changed, as a bit set. Most steps are calls and returns,
// which change a goroutine's frames and sched.sp/bp and nothing else; a rule that reads the
// goroutine array only for its status, stack bounds or P (gFields) has nothing new to check on
// them. test/properties/g-fields.test.ts records every field each rule reads through a Proxy
// and fails when one is not declared.

import type { G } from '../../model/index.ts';
import { maskOf } from '../state-parts.ts';

/** The bit of each G field (a new field is a type error here until it has one). @internal */
export const gFieldBit: Readonly<Record<keyof G, number>> = {
  goid: 1 << 0, status: 1 << 1, lo: 1 << 2, hi: 1 << 3, stackguard0: 1 << 4, sp: 1 << 5, bp: 1 << 6, ctxt: 1 << 7,
  stktopsp: 1 << 8, syscallsp: 1 << 9, frames: 1 << 10, defers: 1 << 11, panics: 1 << 12, waiting: 1 << 13,
  parkingOnChan: 1 << 14, activeStackChans: 1 << 15, preempt: 1 << 16, preemptStop: 1 << 17, preemptShrink: 1 << 18,
  asyncSafePoint: 1 << 19, inMorestack: 1 << 20, throwsplit: 1 << 21, p: 1 << 22, gcscandone: 1 << 23,
};

/** Every field: what a goroutine that is new in the array changed. @internal */
export const allGFields = (1 << 24) - 1;

/** The bit set of a list of fields. @internal */
export function gFieldsMask(list: readonly (keyof G)[]): number {
  return maskOf(gFieldBit, list);
}

/**
 * The fields of b that are not the very values of a (fields are immutable values or arrays).
 * Written out, as state-parts.ts's changedParts: a loop over the keys would be a keyed load of
 * 24 names at one site, several times slower, and this runs on most steps.
 * @internal
 */
export function gFieldsChanged(a: G, b: G): number {
  let m = 0;
  if (a.goid !== b.goid) m |= 1 << 0;
  if (a.status !== b.status) m |= 1 << 1;
  if (a.lo !== b.lo) m |= 1 << 2;
  if (a.hi !== b.hi) m |= 1 << 3;
  if (a.stackguard0 !== b.stackguard0) m |= 1 << 4;
  if (a.sp !== b.sp) m |= 1 << 5;
  if (a.bp !== b.bp) m |= 1 << 6;
  if (a.ctxt !== b.ctxt) m |= 1 << 7;
  if (a.stktopsp !== b.stktopsp) m |= 1 << 8;
  if (a.syscallsp !== b.syscallsp) m |= 1 << 9;
  if (a.frames !== b.frames) m |= 1 << 10;
  if (a.defers !== b.defers) m |= 1 << 11;
  if (a.panics !== b.panics) m |= 1 << 12;
  if (a.waiting !== b.waiting) m |= 1 << 13;
  if (a.parkingOnChan !== b.parkingOnChan) m |= 1 << 14;
  if (a.activeStackChans !== b.activeStackChans) m |= 1 << 15;
  if (a.preempt !== b.preempt) m |= 1 << 16;
  if (a.preemptStop !== b.preemptStop) m |= 1 << 17;
  if (a.preemptShrink !== b.preemptShrink) m |= 1 << 18;
  if (a.asyncSafePoint !== b.asyncSafePoint) m |= 1 << 19;
  if (a.inMorestack !== b.inMorestack) m |= 1 << 20;
  if (a.throwsplit !== b.throwsplit) m |= 1 << 21;
  if (a.p !== b.p) m |= 1 << 22;
  if (a.gcscandone !== b.gcscandone) m |= 1 << 23;
  return m;
}
