// sudog.elem must move with the stack (stack.go:adjustsudogs; golang/go#11116, #12967).

import type { AdjustInfo } from '../copystack.ts';
import type { Sudog } from '../state.ts';
import { defineMutant } from './define.ts';

const keep = (_a: AdjustInfo, waiting: readonly Sudog[]): readonly Sudog[] => waiting;

/** @public */
export const sudogElemNotAdjusted = defineMutant({
  name: 'sudog-elem-not-adjusted', title: 'copystack leaves sudog.elem pointing into the old stack', issue: 'golang/go#12967 (adjustsudogs)',
  caughtBy: ['sudog-elem-in-own-stack', 'copystack-adjusts-every-pointer'], replace: { adjustsudogs: keep, syncadjustsudogs: keep },
  doc: "A goroutine blocked in a channel receive has a sudog whose elem points at the receiving variable on its own stack; a sender writes the value through it (sendDirect). When the GC shrinks the parked goroutine's stack, adjustsudogs (or syncadjustsudogs, with the channels locked) must move elem too: concurrent shrinking of parked goroutines (golang/go#12967, #13183) is what made this protocol necessary. This mutant adjusts nothing, so elem keeps pointing into the freed stack; sudog-elem-in-own-stack (I29) catches it.",
});
