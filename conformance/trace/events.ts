/**
 * Typed events of a Go 1.19 `stackDebug = 1` trace (research notes §6.5).
 * Each event is what one trace line says (the newstack block spans three
 * lines and carries the first); `line` is 1-based. Addresses and sizes are
 * JS numbers: the parser refuses anything at or above 2^53.
 * The union is meant to be consumed with `match(event).exhaustive()` by
 * level 1 here and by a later level-2 replay through the model.
 * @public
 */

/**
 * `stock`: the runtime's own prints. `extended`: plus sizes and P ids, and a line at every
 * linearisation point of the shared allocator state (conformance/go/<release>/extended-format.patch).
 */
export type TraceFormat = 'stock' | 'extended';

/** `stackalloc <n>` — stackalloc entry, before the path is chosen. */
export type StackallocEvent = {
  readonly kind: 'stackalloc';
  readonly line: number;
  readonly n: number;
};

type AllocatedBase = { readonly kind: 'allocated'; readonly line: number; readonly v: number };

/**
 * `  allocated <v>` — stackalloc exit. The stock line has no size, so the
 * size comes from pairing with an earlier `stackalloc <n>` line:
 * - `printed`: extended line `  allocated <v> n=<n> p=<p>`; `request` is the
 *   pending `stackalloc` line of that size it answers (FIFO), null if none;
 * - `paired`: stock line, every pending request had the same size, so the
 *   size is certain; `request` is the FIFO choice among them;
 * - `deduced`: stock line while requests of different sizes were pending
 *   (threads interleaved), whose size the `copystack` line (`copystack`: its
 *   line number) that took this stack as its new stack printed;
 * - `unattributed`: as `deduced`, but no copystack pinned the size;
 *   `candidates` are the pending sizes, ascending. Empty candidates mean no
 *   request was pending at all.
 */
export type AllocatedEvent =
  | (AllocatedBase & { readonly by: 'printed'; readonly n: number; readonly p: number; readonly request: number | null })
  | (AllocatedBase & { readonly by: 'paired'; readonly n: number; readonly request: number })
  | (AllocatedBase & { readonly by: 'deduced'; readonly n: number; readonly copystack: number })
  | (AllocatedBase & { readonly by: 'unattributed'; readonly candidates: readonly number[] });

/** `stackfree <v> <n>` (extended: `… p=<p>`); printed before the stack is released. */
export type StackfreeEvent = {
  readonly kind: 'stackfree';
  readonly line: number;
  readonly v: number;
  readonly n: number;
  /** P held by the freeing M, -1 for none; null in stock traces. */
  readonly p: number | null;
};

/**
 * `stackcacherefill order=<k>` (extended: `… p=<p> blocks=<b>`, printed under the pool lock after
 * the blocks were taken); inside a stackalloc on the cache path.
 */
export type StackcacherefillEvent = {
  readonly kind: 'stackcacherefill';
  readonly line: number;
  readonly order: number;
  readonly p: number | null;
  /** Blocks moved from the pool to the cache; null in stock traces. */
  readonly blocks: number | null;
};

/** `stackcacherelease order=<k>` (extended: `… p=<p> blocks=<b>`, under the pool lock after the blocks went back); inside a stackfree on the cache path. */
export type StackcachereleaseEvent = {
  readonly kind: 'stackcacherelease';
  readonly line: number;
  readonly order: number;
  readonly p: number | null;
  readonly blocks: number | null;
};

/**
 * `stackcache clear` — one P's cache flushed (stock: which P is not printed). Extended:
 * `stackcache clear p=<p> order=<k> blocks=<b>`, one line per order under that order's pool
 * lock, after its blocks went back (p = -1: an mcache no P owns).
 */
export type StackcacheClearEvent = {
  readonly kind: 'stackcache_clear';
  readonly line: number;
  readonly p: number | null;
  readonly order: number | null;
  readonly blocks: number | null;
};

/**
 * Extended only: `stackspan alloc|free <base> npages=<n> order=<k>` — a pool span taken from or
 * returned to the heap under stackpool[k]'s lock, before the pool line that ends that critical
 * section (refill, release, stackpool alloc/free, stackcache clear, freeStackSpans order=k);
 * `… large` (order null): a large stack's own span, allocManual'd or freeManual'd by
 * stackalloc/stackfree (the line is that operation's linearisation point).
 */
export type StackspanEvent = {
  readonly kind: 'stackspan';
  readonly line: number;
  readonly op: 'alloc' | 'free';
  readonly base: number;
  readonly npages: number;
  readonly order: number | null;
};

/**
 * Extended only, under stackLarge.lock: `stacklarge pop|push|free <base> npages=<n>` — stackalloc
 * reusing a cached large span, stackfree caching one during GC, freeStackSpans returning one to
 * the heap (before its `freeStackSpans large` line); `stacklarge empty npages=<n>` — stackalloc
 * found no cached span of that size, so it takes a fresh one (its `stackspan alloc … large` line
 * follows after allocManual, possibly after other threads' lines).
 */
export type StacklargeEvent =
  | {
      readonly kind: 'stacklarge';
      readonly line: number;
      readonly op: 'pop' | 'push' | 'free';
      readonly base: number;
      readonly npages: number;
    }
  | { readonly kind: 'stacklarge'; readonly line: number; readonly op: 'empty'; readonly npages: number };

/** Extended only: `stackpool alloc|free <v> order=<k> p=<p>` — the global pool path (no P, or m.preemptoff), under the pool lock. */
export type StackpoolEvent = {
  readonly kind: 'stackpool';
  readonly line: number;
  readonly op: 'alloc' | 'free';
  readonly v: number;
  readonly order: number;
  readonly p: number;
};

/** Extended only: `freeStackSpans order=<k>` / `freeStackSpans large` — the end of one of freeStackSpans' critical sections. */
export type FreeStackSpansEvent = { readonly kind: 'freestackspans'; readonly line: number; readonly order: number | null };

/** Extended only: `setGCPhase <x>` (mgc.go:setGCPhase, world stopped): 0 _GCoff, 1 _GCmark, 2 _GCmarktermination. */
export type GcPhaseEvent = { readonly kind: 'gcphase'; readonly line: number; readonly phase: 'off' | 'mark' | 'marktermination' };

/** Extended only: `procresize <old> -> <new>` (proc.go:procresize entry, world stopped; old 0 at start). */
export type ProcresizeEvent = { readonly kind: 'procresize'; readonly line: number; readonly from: number; readonly to: number };

/**
 * Extended only: `gfput g=<goid> stack=<lo> n=<size> start=<startingStackSize> p=<p>` — a dead G
 * enters its P's free list (proc.go:gfput entry). A stack of any size but `start` is freed at
 * once, on this P: its `stackfree` line is the next line of that P.
 */
export type GfputEvent = {
  readonly kind: 'gfput';
  readonly line: number;
  readonly g: number;
  readonly lo: number;
  readonly n: number;
  readonly start: number;
  readonly p: number;
};

/**
 * Extended only, under sched.gFree.lock: `gfree push|pop g=<goid> stack=<lo> n=<size>` — a dead G
 * with a stack moved to sched.gFree.stack (gfput's spill, gfpurge) or taken from it (gfget's
 * refill). These lines are the whole history of that list, whose stacks markrootFreeGStacks frees.
 */
export type GfreeEvent = {
  readonly kind: 'gfree';
  readonly line: number;
  readonly op: 'push' | 'pop';
  readonly g: number;
  readonly lo: number;
  readonly n: number;
};

/**
 * Extended only: `markrootFreeGStacks n=<k> p=<p>` — the GC's root job took sched.gFree.stack
 * (k Gs, under its lock; printed in every mark phase, k = 0 too); the stackfree of every one of
 * those stacks follows on this P.
 */
export type MarkrootFreeGStacksEvent = { readonly kind: 'markrootfreegstacks'; readonly line: number; readonly count: number; readonly p: number };

/** `{pc, sp, lr}` as printed in the newstack block's `morebuf=` line. */
export type Gobuf = { readonly pc: number; readonly sp: number; readonly lr: number };

/**
 * The three-line block printed by every newstack that gets that far —
 * growth and preemption requests alike, so a block alone is not a growth:
 * `runtime: newstack sp=<sp> stack=[<lo>, <hi>]`,
 * `\tmorebuf={pc:… sp:… lr:…}`, `\tsched={pc:… sp:… lr:… ctxt:…}`.
 */
export type NewstackEvent = {
  readonly kind: 'newstack';
  readonly line: number;
  readonly sp: number;
  readonly lo: number;
  readonly hi: number;
  readonly morebuf: Gobuf;
  readonly sched: Gobuf & { readonly ctxt: number };
};

/** A stack as copystack prints it: `[lo hi-used hi]`. */
export type UsedStack = { readonly lo: number; readonly sp: number; readonly hi: number };

/**
 * What copystack's adjustment left (extended format only): the frame-pointer chain from
 * gp.sched.bp followed through the new stack (`fp` saved frame pointers in it, `fpend` the first
 * value of the chain outside it, 0 at the chain's end; `dead`: the dead frames adjustframe skipped —
 * Go 1.19 leaves their saved frame pointers in the old stack, and the walk follows that many
 * links back into the new one), gp.sched.ctxt, and the first pointer of
 * gp's defer, panic and sudog records still into the old stack (`stale`, 0 if none).
 */
export type CopyAdjusted = { readonly fp: number; readonly fpend: number; readonly dead: number; readonly ctxt: number; readonly stale: number };

/**
 * `copystack gp=<gp> [lo sp hi] -> [lo sp hi]/<newsize>` — after the new stack is allocated, before
 * the old is freed. Extended: `… fp=<k> fpend=<bp> dead=<d> ctxt=<ctxt> stale=<p>`, printed after the
 * adjustment (adjustctxt, adjustdefers, adjustpanics, adjustsudogs, adjustframe) instead of
 * before the copy, still before the old stack is freed; null `adjusted` in stock traces.
 */
export type CopystackEvent = {
  readonly kind: 'copystack';
  readonly line: number;
  readonly gp: number;
  readonly old: UsedStack;
  readonly new: UsedStack;
  readonly newsize: number;
  readonly adjusted: CopyAdjusted | null;
};

/**
 * `shrinking stack <old>-><new>` — shrinkstack decided to halve; its copystack follows. Go 1.26's
 * extended form adds ` status=<s>` (the goroutine's status without _Gscan) and, for a waiting
 * goroutine, ` wait=<wait reason>` (go/go1.26/extended-format.patch).
 */
export type ShrinkstackEvent = {
  readonly kind: 'shrinkstack';
  readonly line: number;
  readonly oldsize: number;
  readonly newsize: number;
  /** readgstatus(gp) &^ _Gscan; null in the stock form. */
  readonly status: number | null;
  /** gp.waitreason.String() when status is _Gwaiting; null otherwise or in the stock form. */
  readonly wait: string | null;
};

/** `stack grow done` — newstack finished a growth copy. */
export type StackGrowDoneEvent = { readonly kind: 'stackgrowdone'; readonly line: number };

export type TraceEvent =
  | StackallocEvent
  | AllocatedEvent
  | StackfreeEvent
  | StackcacherefillEvent
  | StackcachereleaseEvent
  | StackcacheClearEvent
  | NewstackEvent
  | CopystackEvent
  | ShrinkstackEvent
  | StackGrowDoneEvent
  | StackspanEvent
  | StacklargeEvent
  | StackpoolEvent
  | FreeStackSpansEvent
  | GcPhaseEvent
  | ProcresizeEvent
  | GfputEvent
  | GfreeEvent
  | MarkrootFreeGStacksEvent;

export type EventKind = TraceEvent['kind'];

// A Record, so adding a kind to TraceEvent fails compilation until it is listed.
const kindOrder: Record<EventKind, number> = {
  stackalloc: 0,
  allocated: 1,
  stackfree: 2,
  stackcacherefill: 3,
  stackcacherelease: 4,
  stackcache_clear: 5,
  copystack: 6,
  newstack: 7,
  stackgrowdone: 8,
  shrinkstack: 9,
  stackspan: 10,
  stacklarge: 11,
  stackpool: 12,
  freestackspans: 13,
  gcphase: 14,
  procresize: 15,
  gfput: 16,
  gfree: 17,
  markrootfreegstacks: 18,
};

/** Every kind, in the order stack.go defines the printing functions. */
export const EVENT_KINDS: readonly EventKind[] = (Object.keys(kindOrder) as EventKind[]).sort(
  (a, b) => kindOrder[a] - kindOrder[b],
);

/** A line whose size or thread the trace does not pin down; reported, never guessed. */
export type Unattributed = {
  readonly line: number;
  readonly kind: EventKind;
  readonly reason: string;
};

/** Why a trace could not be read; `line` is null for whole-input problems (empty, binary). */
export type ParseProblem = { readonly line: number | null; readonly message: string };

export type Trace = {
  readonly format: TraceFormat;
  /** Lines in the input (a final newline does not start another line). */
  readonly lines: number;
  readonly events: readonly TraceEvent[];
  readonly unattributed: readonly Unattributed[];
  /**
   * First line of an unterminated tail that was not read, or null. The
   * runtime writes each argument of a print separately, so a process exiting
   * while another thread prints leaves a cut last line ("stackfree 0xc0000ce000 81"
   * would even parse); a trace that does not end in a newline is cut.
   */
  readonly cut: number | null;
  /** The `stackcheck-trace` line the trace programs print (conformance/go/traceheader), or null. */
  readonly header: TraceHeader | null;
};

/**
 * `stackcheck-trace <runtime.Version()> <GOOS>/<GOARCH>`: the runtime the trace comes from, which
 * picks the model profile conform replays it with (`--profile` overrides).
 */
export type TraceHeader = {
  readonly line: number;
  /** runtime.Version(), e.g. go1.26.8 */
  readonly version: string;
  /** GOOS/GOARCH, e.g. linux/amd64 */
  readonly platform: string;
};

export type ParseResult =
  | { readonly ok: true; readonly trace: Trace }
  | { readonly ok: false; readonly lines: number; readonly problems: readonly ParseProblem[] };
