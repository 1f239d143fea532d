// A pacer bug: the per-P delta is never handed to gcController.

import { updP, type Draft } from '../draft.ts';
import { heldP, type ExecP } from '../exec-p.ts';
import { addScannableStack } from '../pacer.ts';
import { defineMutant } from './define.ts';

/** addScannableStack that keeps adding to P's delta and never flushes it at maxStackScanSlack. */
function addScannableStackNeverFlushing(d: Draft, m: ExecP, amount: number): void {
  const pp = heldP(m);
  if (pp < 0) return addScannableStack(d, m, amount);
  updP(d, pp, { maxStackScanDelta: d.ps[pp].maxStackScanDelta + amount });
}

/** @public */
export const pacerSlackIgnored = defineMutant({
  name: 'pacer-slack-ignored', title: 'addScannableStack never hands a P\'s delta to maxStackScan', issue: 'mgcpacer.go:addScannableStack (maxStackScanSlack)',
  caughtBy: ['pacer-delta-within-slack'], replace: { addScannableStack: addScannableStackNeverFlushing },
  doc: "Each P counts the stack bytes its goroutines gain and lose in maxStackScanDelta and adds the count to gcController.maxStackScan once it reaches maxStackScanSlack (8 KiB) either way, so the pacer's view of the stack it may scan lags by at most the slack per P. This mutant never flushes: the total stays right, so the accounting rule passes, but the pacer sees only what goroutines on no P did. pacer-delta-within-slack catches the delta that reached the slack.",
});
