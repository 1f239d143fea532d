// The pacer's count of scannable stack bytes (mgcpacer.go): the GC sizes its work from
// gcController.maxStackScan, and every stack allocated or freed for a goroutine changes it.
// A global atomic add on every newproc would be a point of contention, so each P collects
// a delta and adds it to the global only once it passes maxStackScanSlack either way.

import { updP, type Draft } from './draft.ts';
import { heldP, type ExecP } from './exec-p.ts';

/**
 * mgcpacer.go:(*gcControllerState).addScannableStack — adds amount to P's delta, flushing
 * the delta into maxStackScan once |delta| reaches maxStackScanSlack; without a P, adds to
 * maxStackScan directly. So maxStackScan plus every P struct's delta (destroyed Ps
 * included, whose deltas Go leaves in place) is the scannable stack of all live goroutines.
 */
export function addScannableStack(d: Draft, m: ExecP, amount: number): void {
  const pp = heldP(m);
  if (pp < 0) {
    d.maxStackScan += amount;
    return;
  }
  const delta = d.ps[pp].maxStackScanDelta + amount;
  const slack = d.cfg.profile.maxStackScanSlack;
  if (delta >= slack || delta <= -slack) {
    d.maxStackScan += delta;
    updP(d, pp, { maxStackScanDelta: 0 });
  } else updP(d, pp, { maxStackScanDelta: delta });
}
