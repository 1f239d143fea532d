// A trace rewritten with fewer goroutines, for the minimiser (minimize.ts): a goroutine
// left out (its steps, and those of the goroutines it created), or its steps done by
// another. A goroutine's id is where newproc put it (a fresh slot, or a dead G reused by
// gfget), so leaving one out moves the ids of those created after it: the rewrite replays
// the trace and maps each original id to the one its newproc gave this time, so a later
// step names the goroutine it named before, wherever it now lives.

import { initialState, step, type Action, type Config, type Runtime, type State } from '../model/index.ts';

/**
 * What becomes of goroutine `from`: left out (to -1) or its steps done by `to`. With
 * `follow` false only the steps that name `from` change (its newproc stays, the ids after
 * it stay): a goroutine created later then takes the id the trace gave `from`, which is
 * sometimes what the failure needs.
 * @internal
 */
export interface Fate { readonly from: number; readonly to: number; readonly follow: boolean }

/**
 * trace with fate applied: the steps of a goroutine that no longer exists left out, ids
 * mapped as newproc gives them, and the steps that no longer apply left out (no checks: the
 * minimiser checks the candidate). null when nothing changed.
 * @internal
 */
export function withGoroutine(cfg: Config, rt: Runtime, trace: readonly Action[], fate: Fate): Action[] | null {
  // ids[g]: the id that goroutine g of the original trace has in the rewritten one, -1 for none.
  const ids: number[] = [];
  let s: State = initialState(cfg, rt);
  for (let g = 0; g < s.gs.length; g++) ids.push(g);
  const original = replayIds(cfg, rt, trace, s);
  ids[fate.from] = fate.to;
  const out: Action[] = [];
  let changed = false;
  for (let k = 0; k < trace.length; k++) {
    const a = trace[k];
    let x = a;
    if ('g' in a) {
      const g = ids[a.g] ?? -1;
      if (g < 0) { changed = true; continue; }
      if (g !== a.g) x = { ...a, g };
    }
    // The newproc that created the goroutine left out or now done by another is not made.
    if (fate.follow && a.kind === 'newproc' && original[k] === fate.from) { changed = true; continue; }
    const r = step(cfg, rt, s, x);
    if (r.kind === 'disabled') { changed = true; continue; }
    out.push(x);
    if (x !== a) changed = true;
    if (r.kind !== 'ok') break;
    if (fate.follow && a.kind === 'newproc' && original[k] >= 0) ids[original[k]] = createdBy(s, r.state);
    s = r.state;
  }
  return changed ? out : null;
}

/** For each step of trace (run from s), the goroutine a newproc created, -1 for other steps. */
function replayIds(cfg: Config, rt: Runtime, trace: readonly Action[], s: State): number[] {
  const out: number[] = [];
  for (const a of trace) {
    const r = step(cfg, rt, s, a);
    out.push(r.kind === 'ok' && a.kind === 'newproc' ? createdBy(s, r.state) : -1);
    if (r.kind === 'disabled') continue;
    if (r.kind !== 'ok') break;
    s = r.state;
  }
  return out;
}

/** The goroutine newproc made between two states: a fresh slot, or a dead G made runnable (gfget). */
function createdBy(before: State, after: State): number {
  if (after.gs.length > before.gs.length) return before.gs.length;
  for (let g = 0; g < before.gs.length; g++) if (before.gs[g].status === 'dead' && after.gs[g].status !== 'dead') return g;
  return -1;
}

/** The goroutines a trace creates (by replay). @internal */
export function createdGoroutines(cfg: Config, rt: Runtime, trace: readonly Action[]): Set<number> {
  return new Set(replayIds(cfg, rt, trace, initialState(cfg, rt)).filter((g) => g >= 0));
}
