// Which top-level parts of the State a step replaced, as a bit set. States share every part
// a step did not touch, so a part that is the same object is unchanged; an invariant whose
// `reads` all are unchanged cannot change its verdict (incremental checking).

import type { State } from '../model/index.ts';

/** The bit of each State part. @internal */
export const partBit: Readonly<Record<keyof State, number>> = {
  gs: 1 << 0, ps: 1 << 1, ms: 1 << 2, spans: 1 << 3, free: 1 << 4, stackpool: 1 << 5, stackLarge: 1 << 6,
  gFreeStack: 1 << 7, gFreeNoStack: 1 << 8, gFreeN: 1 << 9, gcphase: 1 << 10, sweepgen: 1 << 11, gcCycle: 1 << 12,
  stackRoots: 1 << 13, markrootFreeGStacksDone: 1 << 14, freeStackSpansPending: 1 << 15, sweepFlushPending: 1 << 16,
  inStacks: 1 << 17, startingStackSize: 1 << 18, maxStackScan: 1 << 19, heapObjs: 1 << 20, chans: 1 << 21,
  retiredPs: 1 << 22,
};

/** A pseudo-part past every State part: a step that moved a goroutine's live stack (a step rule's `about`). @internal */
export const stackMoves = 1 << 30;

/** The bit set of a list of names, each with its bit in `bits` (State parts, G fields). @internal */
export function maskOf<K extends string>(bits: Readonly<Record<K, number>>, list: readonly K[]): number {
  let m = 0;
  for (const k of list) m |= bits[k];
  return m;
}

/** The bit set of a list of parts. @internal */
export function partsMask(parts: readonly (keyof State)[]): number {
  return maskOf(partBit, parts);
}

/** The parts of b that are not the very objects (or values) of a. Written out: this runs every step. @internal */
export function changedParts(a: State, b: State): number {
  let m = 0;
  if (a.gs !== b.gs) m |= 1 << 0;
  if (a.ps !== b.ps) m |= 1 << 1;
  if (a.ms !== b.ms) m |= 1 << 2;
  if (a.spans !== b.spans) m |= 1 << 3;
  if (a.free !== b.free) m |= 1 << 4;
  if (a.stackpool !== b.stackpool) m |= 1 << 5;
  if (a.stackLarge !== b.stackLarge) m |= 1 << 6;
  if (a.gFreeStack !== b.gFreeStack) m |= 1 << 7;
  if (a.gFreeNoStack !== b.gFreeNoStack) m |= 1 << 8;
  if (a.gFreeN !== b.gFreeN) m |= 1 << 9;
  if (a.gcphase !== b.gcphase) m |= 1 << 10;
  if (a.sweepgen !== b.sweepgen) m |= 1 << 11;
  if (a.gcCycle !== b.gcCycle) m |= 1 << 12;
  if (a.stackRoots !== b.stackRoots) m |= 1 << 13;
  if (a.markrootFreeGStacksDone !== b.markrootFreeGStacksDone) m |= 1 << 14;
  if (a.freeStackSpansPending !== b.freeStackSpansPending) m |= 1 << 15;
  if (a.sweepFlushPending !== b.sweepFlushPending) m |= 1 << 16;
  if (a.inStacks !== b.inStacks) m |= 1 << 17;
  if (a.startingStackSize !== b.startingStackSize) m |= 1 << 18;
  if (a.maxStackScan !== b.maxStackScan) m |= 1 << 19;
  if (a.heapObjs !== b.heapObjs) m |= 1 << 20;
  if (a.chans !== b.chans) m |= 1 << 21;
  if (a.retiredPs !== b.retiredPs) m |= 1 << 22;
  return m;
}
