// Depth-first replay with chronological backtracking. Almost every line leaves the model one
// way to go; the exception is `stackcache clear`, which does not print its P, so in a multi-P
// trace each clear line is a choice point and a wrong guess shows only later (when that P's
// cache is used). On a dead end the search goes back to the latest open choice; if all fail,
// the divergence reported is the one reached deepest into the trace.

import type { Cursor } from './cursor.ts';
import type { Divergence } from './report.ts';
import { step, type StepContext } from './steps.ts';
import { PROGRESS_EVERY } from '../trace/progress.ts';

/** @internal */
export type SearchOutcome =
  | { readonly kind: 'accepted'; readonly cursor: Cursor; readonly steps: number; readonly backtracks: number }
  | {
      readonly kind: 'divergence';
      readonly divergence: Divergence;
      /** The cursor just before the diverging event, and that event's index. */
      readonly cursor: Cursor;
      readonly index: number;
      readonly steps: number;
      readonly backtracks: number;
      readonly exhausted: boolean;
    };

/** @internal */
export function search(ctx: StepContext, init: Cursor, budget: number, progress?: (replayed: number) => void): SearchOutcome {
  const open: { index: number; alts: Cursor[] }[] = [];
  let cur = init;
  let i = 0;
  let steps = 0;
  let backtracks = 0;
  let best: { index: number; divergence: Divergence; cursor: Cursor } | null = null;
  for (;;) {
    if (i === ctx.events.length) return { kind: 'accepted', cursor: cur, steps, backtracks };
    if (progress !== undefined && (steps & (PROGRESS_EVERY - 1)) === 0) progress(i);
    steps++;
    const r = step(ctx, cur, i);
    if ('next' in r && r.next.length > 0) {
      if (r.next.length > 1) open.push({ index: i, alts: r.next.slice(1) });
      cur = r.next[0];
      i++;
      continue;
    }
    if ('divergence' in r && (best === null || i > best.index)) best = { index: i, divergence: r.divergence, cursor: cur };
    while (open.length > 0 && open[open.length - 1].alts.length === 0) open.pop();
    const exhausted = steps >= budget;
    if (open.length === 0 || exhausted) {
      if (best === null) throw new Error('level 2 search: dead end without a divergence');
      return { kind: 'divergence', ...best, steps, backtracks, exhausted: exhausted && open.length > 0 };
    }
    const cp = open[open.length - 1];
    cur = cp.alts.shift()!;
    i = cp.index + 1;
    backtracks++;
  }
}
