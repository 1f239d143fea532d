// What the main thread and the worker threads of `explore --workers N` tell each other, one
// level of the breadth-first search at a time (parallel.ts drives, level-worker.ts expands).
// A transition is named by its key, rank × 65,536 + ordinal: the breadth-first rank of the
// state it leaves and the index of its action in enabledActions. One thread explores the
// level's transitions in key order, so the smallest key is what it would meet first.

import type { State } from '../model/index.ts';
import type { Coverage } from '../properties/coverage.ts';
import type { Finding } from '../properties/run-trace.ts';
import type { SharedTable } from './shared-visited.ts';

/** Keys: rank * keyBase + ordinal (exact in a double: ranks < 2^31, ordinals ≤ maxOrdinal). @internal */
export const keyBase = 0x10000;

/** A worker's start: the table, and whether it holds the initial state (worker 0). @internal */
export interface LevelInit {
  readonly table: SharedTable;
  /** Float64Array over it: per worker, [2w] states expanded and [2w + 1] transitions run so far (progress only). */
  readonly counters: SharedArrayBuffer;
  readonly index: number;
  /** Date.now() at which the search stops (--time-limit), if any. */
  readonly deadline?: number;
}

/** States that change hands, in rank order. @internal */
export interface Block {
  readonly ranks: Int32Array;
  readonly states: readonly State[];
}

/** @internal */
export type LevelRequest =
  /** Expand this level's states (after adding the blocks received), inserting successors from id nextStart on. */
  | { readonly kind: 'expand'; readonly depth: number; readonly nextStart: number; readonly received: readonly Block[]; readonly table: SharedTable }
  /** Go on expanding, with the table resized (the table of every request is the one to use from then on). */
  | { readonly kind: 'resume'; readonly table: SharedTable }
  /** Check every state invariant on the next level's states this worker reached first (by key), in rank order. */
  | { readonly kind: 'check'; readonly ids: Int32Array; readonly ranks: Int32Array; readonly keys: Float64Array }
  /** The level is done: keep its coverage, and send away the next level's states owner[rank] gives to others. */
  | { readonly kind: 'advance'; readonly owner: Uint8Array }
  /** The search is over: the coverage, counting this level's transitions only up to key `cut` when given. */
  | { readonly kind: 'finish'; readonly cut: number | null; readonly table: SharedTable };

/** @internal */
export type LevelAnswer =
  | { readonly kind: 'paused' }
  | {
    readonly kind: 'expanded';
    /** Next-level ids this worker reached, each with the smallest key it reached it by. */
    readonly ids: Int32Array;
    readonly keys: Float64Array;
    /** Per next-level id reached: the label and tie mask of the state reached (lift.ts; empty when the search keeps no lift). */
    readonly labels: Int32Array;
    readonly ties: Int32Array;
    /** Per next-level id reached: the classes of goroutine renamings it stands for with Ps renamed (p-symmetry.ts; 1 without). */
    readonly orbits: Int32Array;
    /** Every transition that reached a state, for the lift: the rank of the state left, the id and label of the state reached. */
    readonly edges: Edges | null;
    /** Per state of the level it held: its rank and its number of actions. */
    readonly ranks: Int32Array;
    readonly counts: Int32Array;
    /** States expanded, transitions run (less than the level's when the time ran out). */
    readonly expanded: number;
    readonly transitions: number;
    readonly violation: Violation | null;
    readonly timedOut: boolean;
  }
  | { readonly kind: 'checked'; readonly violation: Violation | null }
  | { readonly kind: 'advanced'; readonly sent: readonly { readonly to: number; readonly block: Block }[] }
  | { readonly kind: 'coverage'; readonly coverage: Coverage }
  | { readonly kind: 'error'; readonly message: string };

/** Transitions as three parallel arrays (lift.ts:edge, the source by rank). @internal */
export interface Edges {
  readonly ranks: Int32Array;
  readonly ids: Int32Array;
  readonly labels: Int32Array;
}

/** A finding at a transition (step invariant, throw) or at the state it reached first (state invariant). @internal */
export interface Violation {
  readonly key: number;
  readonly finding: Finding;
  readonly onState: boolean;
}
