// The checks of the exact (extended-format) replay, each in one of two directions:
// `explains` — the model can do what this line shows; `requires` — the model says the runtime
// must have done something by this line, and the trace shows it did not (a forced event).

/** @public */
export type Level2Direction = 'explains' | 'requires';

/** @public */
export interface Level2CheckDoc {
  readonly direction: Level2Direction;
  readonly doc: string;
  /** The runtime routine whose rule it is (Go 1.19's, and Go 1.26's where it differs). */
  readonly source: string;
}

const catalogue = {
  'alloc-address': { direction: 'explains', doc: 'Every allocated address is the one the model hands out (cache LIFO order, pool span free lists, slot order).', source: 'stack.go:stackalloc, stackpoolalloc' },
  'alloc-linearised': { direction: 'explains', doc: 'Every allocation that touches shared state has its pool, stackLarge or span line first; a refill has a P and is consumed by one allocation.', source: 'stack.go:stackalloc' },
  'refill-when-empty': { direction: 'explains', doc: 'A refill happens only when the model\'s cache of that order is empty.', source: 'stack.go:stackalloc (x.ptr() == nil → stackcacherefill)' },
  'refill-required': { direction: 'requires', doc: 'When the model\'s cache of an order is empty, the next allocation of that order on that P must refill.', source: 'stack.go:stackalloc' },
  'refill-blocks': { direction: 'explains', doc: 'A refill moves as many blocks as the model\'s stackcacherefill.', source: 'stack.go:stackcacherefill' },
  'release-when-full': { direction: 'explains', doc: 'A release follows a stackfree on its P and happens only when the model\'s cache holds >= _StackCacheSize.', source: 'stack.go:stackfree' },
  'release-required': { direction: 'requires', doc: 'When the model\'s cache is full at a stackfree, the trace must show the release before that P\'s next line.', source: 'stack.go:stackfree (size >= _StackCacheSize → stackcacherelease)' },
  'release-blocks': { direction: 'explains', doc: 'A release moves as many blocks as the model\'s stackcacherelease.', source: 'stack.go:stackcacherelease' },
  'free-linearised': { direction: 'explains', doc: 'Every pool-path, stackLarge or span free names a stack whose stackfree line came first, once.', source: 'stack.go:stackfree' },
  'free-stack': { direction: 'explains', doc: 'The model accepts every free (a stack it handed out, of that size).', source: 'stack.go:stackfree, stackpoolfree' },
  'span-from-heap': { direction: 'explains', doc: 'A fresh span is taken from the heap exactly when the model needs one, at a base whose pages are free in the model heap.', source: 'stack.go:stackpoolalloc, stackalloc; mheap.go:allocManual' },
  'span-to-heap': { direction: 'explains', doc: 'A span the trace returns to the heap is one the model returns (empty, GC off; or freeStackSpans).', source: 'stack.go:stackpoolfree, freeStackSpans' },
  'span-to-heap-required': { direction: 'requires', doc: 'A span the model returns to the heap in a critical section must be shown returned in that section.', source: 'stack.go:stackpoolfree (gcphase == _GCoff && allocCount == 0), freeStackSpans' },
  'stacklarge-reuse': { direction: 'explains', doc: 'A large allocation reuses a stackLarge span exactly when the model has one of that size, and the same one.', source: 'stack.go:stackalloc' },
  'large-free-phase': { direction: 'requires', doc: 'A large stack freed with GC off goes back to the heap; during GC it goes on stackLarge.', source: 'stack.go:stackfree' },
  'clear-blocks': { direction: 'explains', doc: 'A cache clear returns exactly the blocks the model\'s cache of that P and order holds.', source: 'stack.go:stackcache_clear' },
  'flush-before-gc': { direction: 'requires', doc: 'Every live P\'s cache is flushed (prepareForSweep) after a mark termination before the next GC starts.', source: 'mcache.go:prepareForSweep; mgc.go:gcStart ("p mcache not flushed")' },
  'free-stack-spans': { direction: 'requires', doc: 'freeStackSpans runs after every mark termination, before the next GC, and returns every empty pool span and every stackLarge span.', source: 'mgc.go:gcMarkTermination; stack.go:freeStackSpans' },
  'freemcache-clear': { direction: 'requires', doc: 'A P destroyed by procresize has its stack cache cleared (freemcache) before the world restarts.', source: 'proc.go:(*p).destroy → mcache.go:freemcache → stack.go:stackcache_clear' },
  'gfput-free-required': { direction: 'requires', doc: 'A dead G whose stack is not startingStackSize has that stack freed by gfput: its stackfree is the next line of that P after the gfput line.', source: 'proc.go:gfput (stksize != startingStackSize → stackfree)' },
  'gfree-list': { direction: 'explains', doc: 'The gfree push and pop lines and markrootFreeGStacks agree on which dead Gs, with which stacks, are on sched.gFree.stack, and no stackfree names a stack still on it.', source: 'proc.go:gfput, gfget, gfpurge; mgcmark.go:markrootFreeGStacks' },
  'markroot-free-required': { direction: 'requires', doc: 'markrootFreeGStacks frees the stack of every G it took from sched.gFree.stack: their stackfree lines are the next lines of its P.', source: 'mgcmark.go:markrootFreeGStacks' },
  'markroot-each-cycle': { direction: 'requires', doc: 'Every mark phase runs markrootFreeGStacks (a root job gcMarkDone waits for) before mark termination, and only then.', source: 'mgcmark.go:gcMarkRootPrepare (fixedRootFreeGStacks), markroot; mgc.go:gcMarkDone' },
  'end-state': { direction: 'requires', doc: 'At the end of the trace the stacks the model holds as handed out are exactly those the trace shows live.', source: 'stack.go:stackalloc, stackfree (every stack handed out once, freed once)' },
  'gc-phase': { direction: 'explains', doc: 'GC phase lines alternate mark … off, and procresize stays within the Ps the trace uses.', source: 'mgc.go:setGCPhase; proc.go:procresize' },
  'heap-arena': { direction: 'explains', doc: 'Every stack and span lies in the heap arena of the profile\'s release: from arenaBase (go1.19), or from the trace\'s own arena where the release randomizes the heap base (go1.26).', source: 'malloc.go:mallocinit (go1.26: randomizeHeapBase); mheap.go:grow' },
  'm-stacks': { direction: 'explains', doc: 'The first stack is m0\'s gsignal, then (go1.26) schedinit\'s crash stack; every later new M\'s gsignal stack is followed on its P by its g0 stack of the profile\'s allocm size.', source: 'os_linux.go:mpreinit; proc.go:schedinit (go1.26: gcrash.stack), allocm (malg(8192) in go1.19, malg(16384) in go1.26)' },
  'shrink-safe': { direction: 'explains', doc: 'No stack is shrunk while its goroutine waits in a wait reason the profile\'s isShrinkStackSafe refuses (go1.26: waiting only for suspendG; Go 1.26\'s extended shrink line prints it).', source: 'stack.go:isShrinkStackSafe; runtime2.go:isWaitingForSuspendG (go1.26)' },
  'copy-stacks-held': { direction: 'explains', doc: 'Both stacks of a copystack lie in model stack spans of their sizes, on slot boundaries.', source: 'stack.go:copystack' },
} as const satisfies Record<string, Level2CheckDoc>;

/** @public */
export type Level2CheckId = keyof typeof catalogue;

/** Every check of the exact replay. @public */
export const LEVEL2_CHECKS: readonly ({ readonly id: Level2CheckId } & Level2CheckDoc)[] = (Object.keys(catalogue) as Level2CheckId[]).map((id) => ({ id, ...catalogue[id] }));
