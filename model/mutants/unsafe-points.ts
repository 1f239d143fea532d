// Bugs of the rules that say where a stack may move.

import { goRuntime } from '../runtime.ts';
import type { AdjustInfo } from '../copystack.ts';
import type { G, Sudog } from '../state.ts';
import { defineMutant } from './define.ts';

/** @public */
export const shrinkAtAsyncSafePoint = defineMutant({
  name: 'shrink-at-async-safe-point', title: 'isShrinkStackSafe forgets the asynchronous safe point', issue: 'stack.go:isShrinkStackSafe (golang/go#35470 asyncSafePoint)',
  caughtBy: ['shrink-only-when-quarter-used'], replace: { isShrinkStackSafe: (g: G, profile) => goRuntime.isShrinkStackSafe({ ...g, asyncSafePoint: false }, profile) },
  doc: 'A goroutine stopped by a signal at an asynchronous safe point has an innermost frame whose pointer map is imprecise, so its stack must not move until it resumes; the shrink is deferred (preemptShrink). This mutant lets the GC shrink it anyway. The rule that a shrink happens only at a safe point catches it, stated independently of the routine that decides.',
});

/** @public */
export const syncAdjustSkipped = defineMutant({
  name: 'sync-adjust-skipped', title: 'syncadjustsudogs adjusts nothing (the locked path)', issue: 'stack.go:syncadjustsudogs (golang/go#40641)',
  caughtBy: ['sudog-elem-in-own-stack', 'copystack-adjusts-every-pointer'], replace: { syncadjustsudogs: (_a: AdjustInfo, waiting: readonly Sudog[]) => waiting },
  doc: 'Once a parked goroutine has activeStackChans set, copystack adjusts its sudogs through syncadjustsudogs with the channels locked. This mutant forgets the adjustment on that path only (the unlocked adjustsudogs is right), so only a stack move of a goroutine fully parked on a channel leaves sudog.elem in the old stack. sudog-elem-in-own-stack catches it.',
});
