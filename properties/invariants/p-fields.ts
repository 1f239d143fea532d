// Which fields of a P a step changed, as a bit set: g-fields.ts's idea for the P array. A step
// that schedules a goroutine (execute, gosched, park) replaces a P for its curg, and one that
// creates or moves a stack replaces it for the pacer's delta; a rule that reads the Ps only
// for their gFree lists or their stack caches (pFields) has nothing new to check on those.
// test/properties/g-fields.test.ts records every field each rule reads through a Proxy and
// fails when one is not declared.

import type { P } from '../../model/index.ts';
import { maskOf } from '../state-parts.ts';

/** The bit of each P field (a new field is a type error here until it has one). @internal */
export const pFieldBit: Readonly<Record<keyof P, number>> = {
  id: 1 << 0, curg: 1 << 1, stackcache: 1 << 2, flushGen: 1 << 3, gFree: 1 << 4, gFreeN: 1 << 5,
  scannedStackSize: 1 << 6, scannedStacks: 1 << 7, maxStackScanDelta: 1 << 8,
};

/** Every field: what a P that is new in the array (or gone from it) changed. @internal */
export const allPFields = (1 << 9) - 1;

/** The bit set of a list of fields. @internal */
export function pFieldsMask(list: readonly (keyof P)[]): number {
  return maskOf(pFieldBit, list);
}

/** The fields of b that are not the very values of a (written out, as gFieldsChanged). @internal */
export function pFieldsChanged(a: P, b: P): number {
  let m = 0;
  if (a.id !== b.id) m |= 1 << 0;
  if (a.curg !== b.curg) m |= 1 << 1;
  if (a.stackcache !== b.stackcache) m |= 1 << 2;
  if (a.flushGen !== b.flushGen) m |= 1 << 3;
  if (a.gFree !== b.gFree) m |= 1 << 4;
  if (a.gFreeN !== b.gFreeN) m |= 1 << 5;
  if (a.scannedStackSize !== b.scannedStackSize) m |= 1 << 6;
  if (a.scannedStacks !== b.scannedStacks) m |= 1 << 7;
  if (a.maxStackScanDelta !== b.maxStackScanDelta) m |= 1 << 8;
  return m;
}
