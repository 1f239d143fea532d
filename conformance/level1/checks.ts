/**
 * The level-1 check catalogue: invariants a single stackDebug=1 trace must
 * satisfy on its own, without replaying it through the model. Every id has
 * a one-line doc and the runtime code it mirrors (Go 1.19 stack.go unless
 * noted). `extended` checks need P ids, so they run on extended traces only.
 * Every check is sound for interleaved multi-thread output: when a trace
 * cannot tell which thread printed a line, the check weakens or reports the
 * line as unattributed rather than raising a false violation.
 * @public
 */

export type CheckDoc = {
  readonly doc: string;
  readonly source: string;
  readonly formats: 'both' | 'extended';
};

const catalogue = {
  'pow2-size': {
    doc: 'Every printed stack size (stackalloc, allocated n=, stackfree, copystack /n, shrinking a->b) is a power of two.',
    source: 'stackalloc "stack size not a power of 2"; stackfree "stack not a power of 2"',
    formats: 'both',
  },
  'alloc-requested': {
    doc: 'Every allocated line answers a pending stackalloc request (of the printed size, in extended traces).',
    source: 'stackalloc prints "stackalloc n" on entry and "allocated v" on exit',
    formats: 'both',
  },
  aligned: {
    doc: 'A new stack is aligned: lo % min(n, 8192) == 0.',
    source: 'stackpoolalloc carves 32 KiB spans into n-byte slots; large stacks are span bases (I16)',
    formats: 'both',
  },
  'no-overlap': {
    doc: 'A new stack overlaps no live stack.',
    source: 'I17; live = allocated and not yet freed (old and new both live during copystack)',
    formats: 'both',
  },
  'free-live': {
    doc: 'stackfree v n frees a live stack with exactly base v and size n.',
    source: 'stackfree; I37 (no double free, no partial free)',
    formats: 'both',
  },
  'newstack-live': {
    doc: "A newstack block names a live stack [lo, hi) (the goroutine's current stack).",
    source: 'newstack prints gp.stack',
    formats: 'both',
  },
  'copy-old-live': {
    doc: 'copystack copies from a live stack [old.lo, old.hi).',
    source: 'copystack: old = gp.stack, freed only after the copy',
    formats: 'both',
  },
  'copy-new-live': {
    doc: 'copystack copies to a live stack of the printed size: new.hi - new.lo == newsize.',
    source: 'copystack: new = stackalloc(newsize) just before the print',
    formats: 'both',
  },
  'copy-used': {
    doc: 'copystack preserves the used part: old.hi - old.sp == new.hi - new.sp.',
    source: 'copystack: used = old.hi - gp.sched.sp, copied to the top of the new stack (I30)',
    formats: 'both',
  },
  'newstack-frames': {
    doc: "A newstack block's sp is its sched.sp less the return address morestack's call pushed, its caller's sp lies above it in the same stack (sched.sp < morebuf.sp <= hi), and both lr are 0 (amd64 has no link register).",
    source: 'newstack: sp := gp.sched.sp; sp -= goarch.PtrSize on AMD64; morebuf = m.morebuf, f\'s caller as morestack saved it (asm_amd64.s:morestack)',
    formats: 'both',
  },
  'copy-adjusted': {
    doc: "After copystack's adjustment nothing of the G points into the old stack: not its frame-pointer chain (fpend), not sched.ctxt, not its defer, panic or sudog records (stale).",
    source: 'copystack: adjustctxt, adjustdefers, adjustpanics, adjustsudogs, gentraceback(adjustframe), then stackfree(old)',
    formats: 'extended',
  },
  'copy-reason': {
    doc: "A growth copy follows a newstack block for its old stack at the same sp; a shrink follows a 'shrinking stack' line.",
    source: 'copystack is called only from newstack (growth) and shrinkstack',
    formats: 'both',
  },
  'copy-g-stack': {
    doc: "A goroutine's copystack starts from the stack its previous copystack moved it to, unless that stack was freed in between (the G died, and its reuse got another stack).",
    source: 'copystack: gp.stack = new; a G changes stack only there, or by gfput / markrootFreeGStacks freeing it and gfget allocating another (proc.go)',
    formats: 'both',
  },
  'copy-frees-old': {
    doc: 'Every stack a copystack moved a goroutine off is freed afterwards (checked at the end of the trace, naming the copy and the line that allocated the old stack; a copy followed by fewer than 16 events may have been cut off by the exit).',
    source: 'copystack: stackfree(old) is its last statement',
    formats: 'both',
  },
  'grow-doubles': {
    doc: 'A growth copy at least doubles: newsize == oldsize * 2^k, k >= 1.',
    source: 'newstack: newsize := oldsize * 2, doubled again until the frame fits (I33)',
    formats: 'both',
  },
  'shrink-halves': {
    doc: "'shrinking stack a->b' has b == a/2, and its copystack goes from a to b.",
    source: 'shrinkstack: newsize := oldsize / 2 (I32)',
    formats: 'both',
  },
  'shrink-quarter': {
    doc: 'A shrink copy uses less than a quarter of the old stack: (old.hi - old.sp) + _StackLimit < oldsize / 4.',
    source: 'shrinkstack: if used := gp.stack.hi - gp.sched.sp + _StackLimit; used >= avail/4 { return } (I32)',
    formats: 'both',
  },
  'grow-done': {
    doc: "Every 'stack grow done' closes an earlier growth copy.",
    source: 'newstack prints it after copystack returns',
    formats: 'both',
  },
  'refill-small': {
    doc: 'stackcacherefill only for cached orders (order < 4, stacks < 32768 bytes).',
    source: 'stackalloc small path: n < _FixedStack<<_NumStackOrders && n < _StackCacheSize',
    formats: 'both',
  },
  'refill-requested': {
    doc: "A refill serves a pending stackalloc of its order's size (extended: the next allocated on its P has that size).",
    source: 'stackcacherefill is called only from stackalloc when the cache list is empty',
    formats: 'both',
  },
  'refill-empty': {
    doc: "A refill happens only when its P's cache of that order is empty: a refill leaves 16384 bytes, so the next needs 16384/n allocations there (or a clear) first.",
    source: 'stackcacherefill fills to _StackCacheSize/2; stackalloc refills only if the list is nil (I12)',
    formats: 'extended',
  },
  'release-small': {
    doc: 'stackcacherelease only for cached orders (order < 4).',
    source: 'stackfree small path, as for refill',
    formats: 'both',
  },
  'release-after-free': {
    doc: "A release follows a stackfree of its order's size (extended: the latest stackfree on its P).",
    source: 'stackcacherelease is called only from stackfree, after its print',
    formats: 'both',
  },
  'release-full': {
    doc: "A release happens only when its P's cache of that order holds >= 32768 bytes; it trims back to 16384.",
    source: 'stackfree: if size >= _StackCacheSize { stackcacherelease }; release stops at _StackCacheSize/2 (I10)',
    formats: 'extended',
  },
  'refill-half': {
    doc: 'An extended refill line moves exactly _StackCacheSize/2 bytes: blocks * n == 16384.',
    source: 'stackcacherefill: for size < _StackCacheSize/2 { stackpoolalloc } (I12)',
    formats: 'extended',
  },
  'release-half': {
    doc: 'An extended release line moves exactly _StackCacheSize/2 bytes (a full cache trimmed to half): blocks * n == 16384.',
    source: 'stackcacherelease: for size > _StackCacheSize/2 { stackpoolfree }, called at size >= _StackCacheSize (I12)',
    formats: 'extended',
  },
  'clear-bounds': {
    doc: "An extended `stackcache clear` returns as many bytes as its P's cache of that order can hold: between the lower and upper bound level 1 keeps.",
    source: 'stackcache_clear frees every block of c.stackcache[order].list',
    formats: 'extended',
  },
  'gfput-stack': {
    doc: "A gfput line names its dead G's current stack: a live stack of exactly that size (or none: stack=0x0 n=0).",
    source: 'proc.go:gfput (stksize := gp.stack.hi - gp.stack.lo, printed before the free)',
    formats: 'extended',
  },
  'gfput-start': {
    doc: "gfput's start= (startingStackSize) is a power of two of at least _FixedStack, and changes only across a mark termination (setGCPhase 2).",
    source: 'stack.go:startingStackSize, gcComputeStartingStackSize (round2, >= _FixedStack), called in mgc.go:gcMarkDone just before setGCPhase(_GCmarktermination)',
    formats: 'extended',
  },
  'span-aligned': {
    doc: 'Every stack span an extended trace names starts on a page boundary.',
    source: 'mheap.allocManual returns whole pages (I16)',
    formats: 'extended',
  },
  'pool-span-size': {
    doc: 'A pool span (stackspan … order=k) has _StackCacheSize >> _PageShift = 4 pages.',
    source: 'stackpoolalloc: mheap_.allocManual(_StackCacheSize>>_PageShift, spanAllocStack)',
    formats: 'extended',
  },
} as const satisfies Record<string, CheckDoc>;

export type CheckId = keyof typeof catalogue;

/** All checks, in the order level 1 documents them. */
export const LEVEL1_CHECKS: readonly ({ readonly id: CheckId } & CheckDoc)[] = (Object.keys(catalogue) as CheckId[]).map(
  (id) => ({ id, ...catalogue[id] }),
);
