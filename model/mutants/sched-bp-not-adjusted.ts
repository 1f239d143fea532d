// golang/go#18174: copystack adjusted frame pointers in frames but not gp.sched.bp.

import { adjustpointer, type AdjustInfo } from '../copystack.ts';
import type { G } from '../state.ts';
import { defineMutant } from './define.ts';

/** @public */
export const schedBpNotAdjusted = defineMutant({
  name: 'sched-bp-not-adjusted', title: 'adjustctxt adjusts sched.ctxt but not sched.bp', issue: 'golang/go#18174',
  caughtBy: ['frame-pointer-chain', 'copystack-adjusts-every-pointer'], replace: { adjustctxt: (a: AdjustInfo, g: G): Pick<G, 'ctxt' | 'bp'> => ({ ctxt: adjustpointer(a, g.ctxt), bp: g.bp }) },
  doc: "With frame pointers on, morestack saves the caller's BP in gp.sched.bp; after the stack grows, the prologue that triggered the growth restores it. Go 1.8 development adjusted every saved BP inside the frames but not sched.bp, so the new stack got a frame pointer into the freed old one. This mutant's adjustctxt leaves sched.bp alone; frame-pointer-chain (I31) and copystack-adjusts-every-pointer (I30) see the stale BP.",
});
