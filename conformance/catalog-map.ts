// The catalog's invariants (properties/invariants/) against the checks a real trace gets: for
// each, the level-1 and level-2 checks that fail when a runtime breaks it, and how the trace
// shows it or why it cannot (the table in README.md is this, and a test keeps them equal).
// A rejection names the catalog ids its check stands for.

import type { CheckId } from './level1/checks.ts';
import type { Level2CheckId } from './level2/checks.ts';

/** @public */
export interface TraceCoverage {
  readonly l1: readonly CheckId[];
  readonly l2: readonly Level2CheckId[];
  /** How the trace shows it, or why a stack trace cannot. */
  readonly how: string;
}

/** Catalog invariant id → the trace checks that cover it. @public */
export const TRACE_CHECKS: Readonly<Record<string, TraceCoverage>> = {
  'stack-span-shape': { l1: ['span-aligned', 'pool-span-size'], l2: ['span-from-heap'], how: "span lines print base and pages; L2 takes a fresh span only where the model needs one of that size" },
  'alloccount-matches-freelist': { l1: [], l2: ['alloc-address', 'span-to-heap'], how: "counts are not printed; a wrong count or free list hands out another address or returns another span than the model" },
  'pool-lists-spans-with-free-slots': { l1: [], l2: ['alloc-address', 'span-from-heap'], how: "a span lost from the pool makes the runtime take a fresh span (or another slot) where the model does not" },
  'span-in-at-most-one-list': { l1: [], l2: ['alloc-address', 'stacklarge-reuse'], how: "a span on two lists is handed out twice: an address or stackLarge pop the model does not make" },
  'swept-pools-hold-no-empty-spans': { l1: [], l2: ['free-stack-spans', 'span-to-heap-required'], how: "every freeStackSpans section must return exactly the model's empty spans" },
  'stacklarge-only-from-gc-frees': { l1: [], l2: ['large-free-phase'], how: "`stacklarge push` with GC off (setGCPhase printed) is a divergence" },
  'no-stack-span-freed-during-gc': { l1: [], l2: ['span-to-heap', 'large-free-phase'], how: "a `stackspan free` during mark that the model keeps, or a large free to the heap during mark" },
  'empty-span-returned-when-gc-off': { l1: [], l2: ['span-to-heap-required'], how: "the model's stackpoolfree returns the span in that critical section; the trace must show it" },
  'cache-size-matches-list': { l1: ['refill-empty', 'release-full', 'clear-bounds'], l2: ['clear-blocks', 'refill-when-empty', 'release-when-full'], how: "refill, release and clear lines print the blocks moved; the model holds each cache exactly" },
  'cached-blocks-belong-to-their-order': { l1: ['aligned'], l2: ['alloc-address'], how: "a block of another order is an address the model's cache does not hand out" },
  'cache-empty-after-flush': { l1: [], l2: ['clear-blocks', 'refill-required'], how: "a clear must return every cached block, and the next allocation must refill" },
  'caches-flushed-each-cycle': { l1: [], l2: ['flush-before-gc'], how: "every P's clear after a mark termination, before the next setGCPhase 1" },
  'refill-and-release-move-half': { l1: ['refill-half', 'release-half'], l2: ['refill-blocks', 'release-blocks'], how: "blocks × size on the extended refill and release lines" },
  'each-cache-move-is-half': { l1: ['refill-half', 'release-half'], l2: ['refill-blocks', 'release-blocks'], how: "the same lines, one move each" },
  'no-block-owned-twice': { l1: ['no-overlap', 'free-live'], l2: ['alloc-address', 'free-linearised'], how: "a live stack handed out again overlaps; a double free frees a stack not live" },
  'nothing-leaked': { l1: ['copy-frees-old'], l2: ['end-state', 'span-to-heap-required', 'free-stack-spans', 'gfput-free-required', 'markroot-free-required'], how: "every forced free is expected at its line; at the end the model's held stacks must be the trace's live ones, and every stack a copy moved a goroutine off must have been freed" },
  'alloccount-matches-owners': { l1: [], l2: ['alloc-address', 'span-to-heap', 'span-to-heap-required'], how: "allocCount is not printed; it decides when a span empties, which the span lines show" },
  'stackinuse-matches-spans': { l1: [], l2: [], how: "StackInuse (MemStats) is not printed; the model derives it from the span lines it replays" },
  'heap-pages-conserved': { l1: [], l2: ['span-from-heap'], how: "a fresh span must lie on pages free in the model's heap (the span lines are the heap's whole stack history)" },
  'stack-size-power-of-two': { l1: ['pow2-size'], l2: [], how: "every printed size" },
  'stack-aligned': { l1: ['aligned'], l2: [], how: "every allocated address" },
  'stack-matches-span-class': { l1: [], l2: ['copy-stacks-held', 'alloc-address'], how: "both stacks of a copy must lie on slots of model spans of their size" },
  'm-stacks-sized-by-release': { l1: [], l2: [], how: "an M's g0 and gsignal stackallocs look like any other (not tied to allocm)" },
  'live-g-has-stack': { l1: [], l2: [], how: "no line names a goroutine's status; only copystack prints a G (its address)" },
  'stackguard-valid': { l1: [], l2: [], how: "stackguard0 is not printed" },
  'sp-within-stack': { l1: ['newstack-live', 'newstack-frames', 'copy-used'], l2: [], how: "newstack prints sp with its stack (and its caller's sp above it), copystack the used part of both stacks" },
  'gfree-lists-consistent': { l1: [], l2: ['gfree-list'], how: "sched.gFree.stack through its gfree push/pop lines and markrootFreeGStacks' count; per-P lists are not printed" },
  'gfree-bounded': { l1: [], l2: [], how: "the per-P free-G counts are not printed (only the Gs a spill moves)" },
  'starting-stack-size-valid': { l1: ['gfput-start'], l2: [], how: 'every gfput line prints startingStackSize (`start=`): a power of two of at least _FixedStack, changing only across a mark termination' },
  'scannable-stack-accounting': { l1: [], l2: [], how: "the pacer's scannable-stack total is not printed" },
  'pacer-delta-within-slack': { l1: [], l2: [], how: "the pacer's scannable-stack deltas are not printed" },
  'running-g-owns-its-p': { l1: [], l2: [], how: "scheduler state (which G runs on which P) is not printed" },
  'no-heap-pointer-into-stack': { l1: [], l2: [], how: "memory contents are not printed (copystack prints ranges only)" },
  'sudog-elem-in-own-stack': { l1: ['copy-adjusted'], l2: [], how: "extended: after each copy, no sudog elem may still point into the old stack (copystack's `stale=`); sudogs are not printed otherwise" },
  'defer-panic-records-in-own-stack': { l1: ['copy-adjusted'], l2: [], how: "extended: after each copy, no defer or panic pointer may still point into the old stack (copystack's `stale=`); the records are not printed otherwise" },
  'stack-slots-point-into-own-stack': { l1: [], l2: [], how: "stack contents are not printed" },
  'frame-pointer-chain': { l1: ['copy-adjusted'], l2: [], how: "extended: after each copy, the chain from sched.bp through the new stack must not lead into the old one (copystack's `fp=`, `fpend=`); between copies it is not printed" },
  'no-move-in-syscall': { l1: [], l2: [], how: "syscall entry and exit are not printed" },
  'copystack-adjusts-every-pointer': { l1: ['copy-used', 'copy-adjusted'], l2: [], how: "the used size is kept (printed); extended: the frame-pointer chain, sched.ctxt and the defer, panic and sudog records after the adjustment (copystack's extended fields); pointers in frame locals (adjustpointers' bitmaps) are not printed" },
  'shrink-only-when-quarter-used': { l1: ['shrink-quarter', 'shrink-halves'], l2: [], how: "`shrinking stack a->b` and its copystack's used size" },
  'grow-doubles-to-fit': { l1: ['grow-doubles', 'copy-reason'], l2: [], how: "a growth at least doubles; \"to fit\" needs the new frame's size, which is not printed" },
  'no-shrink-while-parking': { l1: [], l2: [], how: "parking on a channel is not printed" },
  'new-goroutine-gets-starting-stack': { l1: [], l2: [], how: "newproc is not printed (a new G's stackalloc line looks like any other)" },
  'gfput-keeps-only-starting-size': { l1: [], l2: ['gfput-free-required'], how: "a gfput of another size must be followed by its stackfree on that P" },
  'markroot-frees-global-gfree-stacks': { l1: [], l2: ['markroot-free-required', 'markroot-each-cycle', 'gfree-list'], how: "each mark phase's markrootFreeGStacks must free every stack the gfree lines left on the list" },
  'self-scan-defers-shrink': { l1: [], l2: [], how: "a self-scan is not printed (a go1.26 rule)" },
  'copy-keeps-frame-contents': { l1: [], l2: [], how: "stack contents are not printed" },
  'new-stack-disjoint-from-old': { l1: ['no-overlap'], l2: [], how: "the new stack is allocated while the old is live, so overlapping ranges are an overlap" },
  'frames-hold-what-calls-stored': { l1: [], l2: [], how: "stack contents are not printed" },
};

/** The catalog invariants a level-1 check stands for. @public */
export function catalogOfLevel1(check: CheckId): string[] {
  return Object.entries(TRACE_CHECKS).filter(([, c]) => c.l1.includes(check)).map(([id]) => id);
}

/** The catalog invariants a level-2 check stands for. @public */
export function catalogOfLevel2(check: Level2CheckId): string[] {
  return Object.entries(TRACE_CHECKS).filter(([, c]) => c.l2.includes(check)).map(([id]) => id);
}

/** ` — catalog: a, b` for a rejection's bracket, or nothing. @internal */
export function catalogNote(ids: readonly string[]): string {
  return ids.length === 0 ? '' : `; catalog: ${ids.join(', ')}`;
}
