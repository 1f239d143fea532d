// Small views of model data that several invariants share.

import { FUNCS, type Config, type G } from '../../model/index.ts';
export { stackForceMove, stackFork, stackPreempt, type State } from '../../model/index.ts';

/** The used bytes a goroutine's frames account for: the innermost frame's depth or newproc1's top frame. @internal */
export function toStackTop(cfg: Config, g: G): number {
  const n = g.frames.length;
  return n === 0 ? cfg.profile.newprocTopFrame : g.frames[n - 1].depth;
}

/** The [lo, hi) of frame i of g. @internal */
export function frameRange(g: G, i: number): readonly [number, number] {
  const f = g.frames[i];
  const lo = g.hi - f.depth;
  return [lo, lo + FUNCS[f.fn].frame];
}
