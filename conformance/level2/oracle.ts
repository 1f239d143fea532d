// The heap as an oracle (research notes §7, "Abstract the heap as an oracle"). Level 2 takes
// exactly one thing from the trace: where the page heap put a fresh stack span. Every other
// address — cache LIFO order, span free lists, slot order inside a span — must come from the
// model. So mheap.go:allocManual is replaced in the routine table by the model's own
// allocManualAt, at a base the replay chose; the oracle only records what happened, as values.

import { allocManualAt } from '../../model/heap.ts';
import { spanIndex, type Draft } from '../../model/draft.ts';
import type { Runtime } from '../../model/runtime.ts';
import type { Span, State } from '../../model/state.ts';

/**
 * One run's span placements: `bases` are the bases the run's fresh spans take, in order; a
 * span asked for beyond them goes where the model's own allocManual puts it (lowest fit) and is
 * recorded in `guessed` — the caller then knows the model needed a span it did not plan, and
 * where the model would hand out its stack relative to the span. `refused`: a planned base whose
 * pages are not free in the model heap (allocManual then returns null: a divergence, not a choice).
 * @internal
 */
export interface Placement {
  readonly bases: readonly number[];
  readonly placed: number[];
  readonly guessed: { readonly base: number; readonly npages: number }[];
  refused: string | null;
}

/** @internal */
export function placement(bases: readonly number[]): Placement {
  return { bases, placed: [], guessed: [], refused: null };
}

/**
 * A routine table whose allocManual places spans as the current run's placement says: one
 * table per replay (building one per run copied the whole table at every event); `use` sets the
 * placement of the run about to start.
 * @internal
 */
export function oracleRuntime(base: Runtime): { readonly rt: Runtime; use(place: Placement): void } {
  let place = placement([]);
  const allocManual = (d: Draft, npages: number): Span | null => {
    const at = place.bases[place.placed.length];
    if (at === undefined) {
      const s = base.allocManual(d, npages);
      if (s !== null) place.guessed.push({ base: s.base, npages });
      return s;
    }
    const s = allocManualAt(d, npages, at);
    if (s === null) {
      place.refused = `heap: no span at 0x${at.toString(16)} (${npages} pages): ${at % d.cfg.pageSize !== 0 ? 'not page-aligned' : 'pages not free in the model heap'}`;
      return null;
    }
    place.placed.push(at);
    return s;
  };
  return {
    rt: { ...base, allocManual },
    use: (p) => {
      place = p;
    },
  };
}

/** The span holding addr in the model state, or undefined. @internal */
export function spanAt(s: State, addr: number, pageSize: number): Span | undefined {
  const i = spanIndex(s.spans, addr, pageSize);
  return i < 0 ? undefined : s.spans[i];
}
