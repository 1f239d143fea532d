// The checker state of one run: what the rules compute once and share (the ownership view,
// the goroutines a step changed, scratch buffers), created per run so that two runs in one
// process, or in worker threads, never see each other's buffers. Nothing in the catalog
// keeps state at module level.

import type { Config, State } from '../../model/index.ts';
import { OwnershipView } from './ownership.ts';
import { PointerIndex } from './pointer-index.ts';

/** @public */
export class CheckContext {
  /** Who owns each arena cell, kept up to date from the cells each step changed. */
  readonly owners: OwnershipView;
  /** Which goroutines hold pointers outside their own stack (for the copystack rule). */
  readonly pointers: PointerIndex;
  /** Scratch: the span bases seen on some list (spans.ts). */
  readonly scratchSet = new Set<number>();
  /** Scratch: which free list holds each goroutine (goroutines.ts). */
  where = new Int32Array(0);
  /** The ownership view's generation alloccount-matches-owners last passed at (ownership-invariants.ts). */
  allocCountCheckedAt = -1;
  private changedFrom: State | null = null;
  private changedTo: State | null = null;
  private readonly changed: number[] = [];
  private readonly moved: number[] = [];

  /**
   * incremental: keep the views up to date from what each step changed; false rebuilds
   * them from the state every time (the full check the incremental one is tested against).
   */
  constructor(readonly cfg: Config, readonly incremental = true) {
    this.owners = new OwnershipView(cfg, incremental);
    this.pointers = new PointerIndex(cfg, incremental);
  }

  /** The indices of the goroutines of `after` that are not the very objects of `before` (new ones included). */
  changedGoroutines(before: State, after: State): readonly number[] {
    this.walk(before, after);
    return this.changed;
  }

  /** The goroutines, present in both, whose live stack moved from before to after. */
  movedGoroutines(before: State, after: State): readonly number[] {
    this.walk(before, after);
    return this.moved;
  }

  /** One pass over the goroutine array per pair of states, shared by every rule that asks. */
  private walk(before: State, after: State): void {
    if (before === this.changedFrom && after === this.changedTo) return;
    this.changedFrom = before;
    this.changedTo = after;
    this.changed.length = 0;
    this.moved.length = 0;
    if (before.gs === after.gs) return;
    const a = before.gs, b = after.gs;
    for (let i = 0; i < b.length; i++) {
      if (i < a.length && a[i] === b[i]) continue;
      this.changed.push(i);
      if (i < a.length && stackMoved(a[i], b[i])) this.moved.push(i);
    }
  }
}

function stackMoved(a: State['gs'][number], b: State['gs'][number]): boolean {
  return a.lo !== 0 && b.lo !== 0 && (a.lo !== b.lo || a.hi !== b.hi) && a.status !== 'dead' && b.status !== 'dead';
}

/** The context a caller without one gets: a fresh one per call (tests, replay). @internal */
export function contextFor(cfg: Config, ctx: CheckContext | undefined): CheckContext {
  return ctx !== undefined && ctx.cfg === cfg ? ctx : new CheckContext(cfg);
}
