/**
 * Typed events of a Go 1.19 `stackDebug = 1` trace (research notes §6.5).
 * Each event is what one trace line says (the newstack block spans three
 * lines and carries the first); `line` is 1-based. Addresses and sizes are
 * JS numbers: the parser refuses anything at or above 2^53.
 * The union is meant to be consumed with `match(event).exhaustive()` by
 * level 1 here and by a later level-2 replay through the model.
 * @public
 */

/** `stock`: the runtime's own prints. `extended`: plus size and P ids (conformance/go/extended-format.patch). */
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

/** `stackcacherefill order=<k>` (extended: `… p=<p>`); inside a stackalloc on the cache path. */
export type StackcacherefillEvent = {
  readonly kind: 'stackcacherefill';
  readonly line: number;
  readonly order: number;
  readonly p: number | null;
};

/** `stackcacherelease order=<k>` (extended: `… p=<p>`); inside a stackfree on the cache path. */
export type StackcachereleaseEvent = {
  readonly kind: 'stackcacherelease';
  readonly line: number;
  readonly order: number;
  readonly p: number | null;
};

/** `stackcache clear` — one P's cache flushed (which P is not printed, in either format). */
export type StackcacheClearEvent = { readonly kind: 'stackcache_clear'; readonly line: number };

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

/** `copystack gp=<gp> [lo sp hi] -> [lo sp hi]/<newsize>` — after the new stack is allocated, before the old is freed. */
export type CopystackEvent = {
  readonly kind: 'copystack';
  readonly line: number;
  readonly gp: number;
  readonly old: UsedStack;
  readonly new: UsedStack;
  readonly newsize: number;
};

/** `shrinking stack <old>-><new>` — shrinkstack decided to halve; its copystack follows. */
export type ShrinkstackEvent = {
  readonly kind: 'shrinkstack';
  readonly line: number;
  readonly oldsize: number;
  readonly newsize: number;
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
  | StackGrowDoneEvent;

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
};

export type ParseResult =
  | { readonly ok: true; readonly trace: Trace }
  | { readonly ok: false; readonly lines: number; readonly problems: readonly ParseProblem[] };
