// golang/go#58432: copystack never adjusted saved frame pointers on arm64.

import { adjustframe, type AdjustInfo } from '../copystack.ts';
import type { Profile } from '../profile.ts';
import type { Frame } from '../state.ts';
import { defineMutant } from './define.ts';
import { frameWith } from '../records.ts';

/** adjustframe that adjusts the pointer slots but keeps the saved BP as it was. */
function adjustframeKeepingBP(a: AdjustInfo, f: Frame, profile: Pick<Profile, 'adjustframeDeadFrameBP'>): Frame {
  const g = adjustframe(a, f, profile);
  return g.bp === f.bp ? g : frameWith(g, { bp: f.bp });
}

/** @public */
export const frameBpNotAdjusted = defineMutant({
  name: 'frame-bp-not-adjusted', title: 'adjustframe does not adjust the saved frame pointer', issue: 'golang/go#58432',
  caughtBy: ['frame-pointer-chain', 'copystack-adjusts-every-pointer'], replace: { adjustframe: adjustframeKeepingBP },
  doc: "adjustframe moves the saved BP of every frame that points into the old stack. On arm64 it did not (a TODO from 2018 until Go 1.21), so frame-pointer unwinding after a stack growth followed pointers into the freed old stack. This mutant adjusts the pointer slots only; frame-pointer-chain (I31) finds a saved BP that is not the caller's frame pointer.",
});
