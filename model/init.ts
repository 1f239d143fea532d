// The initial state, built by running the model's own routines in the order the runtime's
// bootstrap does (proc.go:schedinit → mcommoninit(m0) → procresize; newproc(runtime.main)),
// so even the first addresses are the ones the model predicts.

import { draftOf, finish, observed, setM } from './draft.ts';
import type { Observation } from './observation.ts';
import { allocSpan } from './heap.ts';
import { initialPs, mpreinit } from './proc.ts';
import { noP } from './exec-p.ts';
import type { Config } from './profile.ts';
import type { Runtime } from './runtime.ts';
import type { State } from './state.ts';

/** An empty runtime: the whole arena free, no spans, no Ps, no goroutines. @internal */
export function emptyState(cfg: Config): State {
  const { profile, scope } = cfg;
  return {
    gs: [], ps: [], ms: [], spans: [],
    free: [{ base: profile.arenaBase, npages: scope.arenaPages }],
    stackpool: Array.from({ length: profile.numStackOrders }, () => []),
    stackLarge: Array.from({ length: profile.heapAddrBits - profile.pageShift }, () => []),
    gFreeStack: null, gFreeNoStack: null, gFreeN: 0,
    gcphase: 'off', sweepgen: 0, gcCycle: 0, stackRoots: 0, markrootFreeGStacksDone: false,
    freeStackSpansPending: false, sweepFlushPending: 0,
    startingStackSize: profile.fixedStack, maxStackScan: 0, retiredPs: [],
    heapObjs: Array.from({ length: scope.heapObjects }, () => new Array<number>(scope.heapObjectFields).fill(0)),
    chans: Array.from({ length: scope.chans }, () => []),
    inStacks: 0,
  };
}

/**
 * The state just after runtime.main's goroutine starts: the heap-object span at the arena
 * base, m0's gsignal stack (mcommoninit → mpreinit, before any P exists; m0's g0 is the OS
 * stack), scope.procs Ps, and the main goroutine running on P0.
 */
export function initialState(cfg: Config, rt: Runtime): State {
  return boot(cfg, rt).state;
}

/** initialState with what the bootstrap did (its allocations), for those that count every path. @public */
export function boot(cfg: Config, rt: Runtime): { readonly state: State; readonly obs: Observation } {
  const d = draftOf(emptyState(cfg), cfg, rt);
  const heapBytes = cfg.scope.heapObjects * cfg.scope.heapObjectFields * cfg.profile.ptrSize;
  allocSpan(d, Math.max(1, Math.ceil(heapBytes / cfg.pageSize)), 'inuse');
  // m0 exists on every port (proc.go:schedinit → mcommoninit), even where it has no stack the
  // runtime allocates (windows: no gsignal, g0 on the OS thread's stack).
  setM(d, { id: 0, g0lo: 0, g0hi: 0, gsiglo: 0, gsighi: 0, exited: false });
  mpreinit(d, noP, 0); // before any P exists
  initialPs(d, cfg.scope.procs);
  const main = rt.newproc1(d, 0);
  rt.execute(d, main, 0);
  return { state: finish(d), obs: observed(d) };
}
