// Level 2 on extended traces: one pass, no search. The extended patch prints every operation
// on shared allocator state at its linearisation point — under the lock that orders it (the
// pool lock of its order, stackLarge.lock, or with the world stopped) — so the trace order of
// those lines is the order the runtime did them in, and the model runs each at its line:
//   pool refill / release / pool-path alloc and free / cache clear   at their pool line,
//   a large stack's span from the heap or stackLarge                  at its stackspan / stacklarge line,
//   a stack pushed on a P's cache                                      at the next line of that P,
//   GC phase changes, freeStackSpans                                   at their lines.
// Span lines of pool order k (stackspan alloc/free … order=k) come before the pool line that
// ends their critical section, so each pool line takes the span lines of its order since the
// previous one: the fresh spans its model routine is given (the heap oracle), and the spans it
// must return to the heap — both directions: a span the trace returns that the model keeps, and
// a span the model returns that the trace does not show (a forced event), are divergences.

import type { Draft } from '../../model/draft.ts';
import { addStats, zeroStats, type Observation, type Stats } from '../../model/observation.ts';
import { stacklog2 } from '../../model/stack.ts';
import type { State } from '../../model/state.ts';
import type {
  AllocatedEvent, FreeStackSpansEvent, GcPhaseEvent, ProcresizeEvent, StackcacheClearEvent, StackcacherefillEvent,
  StackcachereleaseEvent, StackfreeEvent, StacklargeEvent, StackpoolEvent, StackspanEvent, Trace, TraceEvent,
} from '../trace/events.ts';
import { NUM_STACK_ORDERS, PAGE_SIZE, isCachedSize, orderOf, orderSize } from '../trace/platform.ts';
import { DecisionTally, type AllocPath, type Decision, type FreePath } from './cursor.ts';
import { WaitingSearch, arrayLookahead, findAfter, type Lookahead } from './lookahead.ts';
import { runWith, type ReplayModel } from './run.ts';
import type { Level2CheckId } from './checks.ts';
import type { Divergence } from './report.ts';
import { heldStack } from './held.ts';
import { DeadGs } from './dead-gs.ts';

/** The model configured for the replay (its routine table, wrapped by the heap oracle per run). @internal */
export type ExactModel = ReplayModel;

/** What one exact replay produced. @internal */
export interface ExactOutcome {
  readonly model: State;
  /** The model's path counts over the replay (summed observations). */
  readonly stats: Stats;
  readonly tally: DecisionTally;
  readonly divergence: Divergence | null;
  /** Index of the diverging event, or the number of events. */
  readonly index: number;
  readonly endNotes: readonly string[];
}

const hex = (v: number): string => `0x${v.toString(16)}`;

// Most routines free no span and are given none: one empty list for all of them.
const NONE: readonly number[] = [];

/** A model routine's effect on one state: the new state, its answer, the spans it placed and freed. */
type Ran<T> =
  | { readonly ok: true; readonly state: State; readonly obs: Observation; readonly value: T; readonly placed: readonly number[]; readonly freed: readonly number[]; readonly unused: readonly number[] }
  | { readonly ok: false; readonly message: string };

/** A check's outcome: null where the model explains the line, else the divergence. */
type Verdict = Divergence | null;

/** A model run that went as the trace shows, or the divergence that says why not. */
type Done<T> = Extract<Ran<T>, { ok: true }> | Divergence;

const isDivergence = (x: object): x is Divergence => 'rule' in x;

interface PendingFree {
  readonly v: number;
  readonly n: number;
  readonly p: number;
  readonly line: number;
}

/** Replays a whole extended trace. `procs`: the Ps the run had at most. @internal */
export function replayExact(trace: Trace, m: ExactModel, start: State, procs: number): ExactOutcome {
  const r = new ExactReplay(m, start, procs, true);
  const look = arrayLookahead(trace.events);
  let i = 0;
  let divergence: Verdict = null;
  for (; i < trace.events.length && divergence === null; i++) divergence = r.step(trace.events[i], i, look);
  if (divergence === null) return r.outcome(r.finishTrace(), i);
  return r.outcome(divergence, i - 1);
}

function fail(line: number, rule: Level2CheckId, message: string, expected: string, seen: string): Divergence {
  return { line, rule, message, expected, seen };
}

/**
 * The replay, one event at a time (`step`, in trace order, with the events after it that `look`
 * holds), then `finishTrace`. It keeps the model state and what the trace has announced but not
 * settled, never the events themselves. @internal
 */
export class ExactReplay {
  model: State;
  readonly tally: DecisionTally;
  readonly notes: string[] = [];
  /** The model's path counts so far: the sum of every routine's observation. */
  readonly stats: { -readonly [K in keyof Stats]: number } = { ...zeroStats };
  /** Allocations the model made at a pool, stackLarge or span line, waiting for their `allocated` line (by address). */
  private readonly pendingAlloc = new Map<number, { n: number; line: number }>();
  /** Per P: the block a refill line's allocation hands out, waiting for that P's `allocated` line. */
  private readonly refilled: ({ v: number; n: number; line: number } | null)[];
  /** stackfree lines whose effect has not been replayed yet (by address). */
  private readonly pendingFree = new Map<number, PendingFree>();
  /** Per P: the latest small stackfree on that P, pushed on its cache unless a release or pool line claims it first. */
  private readonly freeOnP: (number | null)[];
  /** Per pool order: span lines since that order's last pool line. */
  private readonly spanLog: StackspanEvent[][] = Array.from({ length: NUM_STACK_ORDERS }, () => []);
  /** stacklarge free lines since the last `freeStackSpans large`. */
  private largeLog: number[] = [];
  /** freeStackSpans in progress: its first section's line, and the next pool order whose section is to come. */
  private sweeping: { readonly line: number; next: number } | null = null;
  /** Per P: a stackcache_clear in progress — its first line, and the next order whose line is to come. */
  private readonly clearing: ({ readonly line: number; readonly next: number } | null)[];
  /** Ps that exist now (procresize); the model keeps `procs` Ps, destroyed ones with empty caches. */
  private liveProcs: number;
  private gcEndLine: number | null = null;
  /** The Ps the latest shrinking procresize destroyed, until their clears are checked. */
  private destroyed: { readonly line: number; readonly from: number; readonly to: number } | null = null;

  /** Stacks the trace shows live (allocated and no stackfree line yet): base → [size, allocated line]. */
  private readonly traceLive = new Map<number, [number, number]>();
  /** Stacks the trace freed last: base → [allocated line, stackfree line] (end-state names both). */
  private readonly traceFreed = new Map<number, [number, number]>();
  /** Indices of `stackspan alloc … large` lines already replayed at their `stacklarge empty` line. */
  private readonly claimed = new Set<number>();
  /** Indices of `stackspan alloc … large` lines a `stacklarge empty` line has taken as its own. */
  private readonly paired = new Set<number>();
  /** The frees dead Gs are owed (gfput, markrootFreeGStacks) and sched.gFree.stack. */
  private readonly deadGs: DeadGs;

  constructor(private readonly m: ExactModel, start: State, readonly procs: number, keepDecisions: boolean) {
    this.model = start;
    this.tally = new DecisionTally(procs, keepDecisions);
    this.refilled = new Array(procs).fill(null);
    this.freeOnP = new Array(procs).fill(null);
    this.clearing = new Array(procs).fill(null);
    this.liveProcs = procs;
    this.deadGs = new DeadGs(procs);
  }

  /** The latest line replayed (end-of-trace checks report there). */
  lastLine = 0;
  private index = 0;
  private look: Lookahead = { end: 0, at: () => { throw new Error('no lookahead'); } };
  private readonly waiting = new WaitingSearch();

  step(e: TraceEvent, i: number, look: Lookahead): Verdict {
    this.lastLine = e.line;
    this.index = i;
    this.look = look;
    // No later empty line can pair with a span line already reached.
    this.paired.delete(i);
    const owed = this.deadGs.check(e);
    if (owed !== null) return owed;
    if (e.kind === 'allocated' && e.by === 'printed') this.traceLive.set(e.v, [e.n, e.line]);
    else if (e.kind === 'stackfree') {
      const live = this.traceLive.get(e.v);
      if (live !== undefined) this.traceFreed.set(e.v, [live[1], e.line]);
      this.traceLive.delete(e.v);
    }
    switch (e.kind) {
      case 'allocated': return this.onAllocated(e);
      case 'stackfree': return this.onStackfree(e);
      case 'stackcacherefill': return this.onRefill(e);
      case 'stackcacherelease': return this.onRelease(e);
      case 'stackcache_clear': return this.onClear(e);
      case 'stackspan': return this.onStackspan(e);
      case 'stacklarge': return this.onStacklarge(e);
      case 'stackpool': return e.op === 'alloc' ? this.onPoolAlloc(e) : this.onPoolFree(e);
      case 'freestackspans': return this.onFreeStackSpans(e);
      case 'gcphase': return this.onGcPhase(e);
      case 'procresize': return this.onProcresize(e);
      case 'gfput': return this.settleFreeOnP(e.p, e.line) ?? this.deadGs.gfput(e);
      case 'gfree': return this.deadGs.gfree(e, (lo, n) => this.traceLive.get(lo)?.[0] === n);
      case 'markrootfreegstacks': return this.settleFreeOnP(e.p, e.line) ?? this.deadGs.markroot(e);
      case 'copystack': {
        const bad = heldStack(this.model, e.new.lo, e.newsize, this.m.cfg.pageSize) ?? heldStack(this.model, e.old.lo, e.old.hi - e.old.lo, this.m.cfg.pageSize);
        if (bad !== null) return fail(e.line, 'copy-stacks-held', `copystack: ${bad}`, 'both stacks in model stack spans of their sizes', `[${hex(e.old.lo)}, ${hex(e.old.hi)}) -> [${hex(e.new.lo)}, ${hex(e.new.hi)})`);
        return null;
      }
      // The request line, newstack blocks, shrink announcements and 'stack grow done' carry
      // nothing the allocator decides (level 1 checks them).
      case 'stackalloc': case 'newstack': case 'shrinkstack': case 'stackgrowdone': return null;
    }
  }

  /** The span line a `stacklarge empty` line pairs with: the next one of its size no earlier empty line took, within look. */
  private spanLineOf(e: StacklargeEvent): number {
    return findAfter(this.look, this.index, this.spanLine(e));
  }

  private spanLine(e: StacklargeEvent): (x: TraceEvent, k: number) => boolean {
    return (x, k) => !this.paired.has(k) && x.kind === 'stackspan' && x.op === 'alloc' && x.order === null && x.npages === e.npages;
  }

  /** Whether the event at i needs a later line than look holds: a `stacklarge empty` line until its span line is in sight. */
  waits(e: TraceEvent, i: number, look: Lookahead): boolean {
    if (e.kind !== 'stacklarge' || e.op !== 'empty') return false;
    return this.waiting.find(look, i, this.spanLine(e)) < 0;
  }

  /** The outcome after the replay stopped at position `index` (the diverging event, or the number of events) with `divergence`. */
  outcome(divergence: Verdict, index: number): ExactOutcome {
    return { model: this.model, stats: this.stats, tally: this.tally, divergence, index, endNotes: this.notes };
  }

  // ---- running the model -------------------------------------------------------------

  /** Runs f on the current state with the given fresh-span bases; a span it needs beyond them and throws become results. */
  private run<T>(bases: readonly number[], f: (d: Draft) => T): Ran<T> {
    const r = runWith(this.m, this.model, bases, f);
    if (!r.ok) return r;
    if (r.guessed.length > 0) return { ok: false, message: `the model takes a fresh ${r.guessed[0].npages}-page span from the heap here` };
    const freed = r.obs.heapFrees.length === 0 ? NONE : r.obs.heapFrees.map((x) => x.base);
    const unused = bases.length === r.placed.length ? NONE : bases.slice(r.placed.length);
    return { ok: true, state: r.state, obs: r.obs, value: r.value, placed: r.placed, freed, unused };
  }

  /** r, or the divergence naming `what` the model ran and the line `seen` (both built only then: this runs at every event). */
  private must<T>(line: number, rule: Level2CheckId, what: () => string, r: Ran<T>, seen: () => string): Done<T> {
    if (!r.ok) return fail(line, rule, `${what()}: ${r.message}`, 'the model to do what the trace shows', seen());
    return r;
  }

  /**
   * The spans the trace showed for this critical section against the spans the model placed and
   * freed there. `routine`: what the model ran, named in a missing free's message.
   */
  private spansAgree(line: number, what: string, r: Extract<Ran<unknown>, { ok: true }>, shownFree: readonly number[], routine = 'the model'): Verdict {
    if (r.unused.length > 0) {
      return fail(line, 'span-from-heap', `${what}: the trace takes a fresh span at ${hex(r.unused[0])} from the heap, the model does not need one`, 'no stackspan alloc', `stackspan alloc ${hex(r.unused[0])}`);
    }
    const model = new Set(r.freed);
    for (const b of shownFree) {
      if (!model.has(b)) return fail(line, 'span-to-heap', `${what}: the trace returns span ${hex(b)} to the heap, the model keeps it${spanWhy(this.model, b)}`, 'the span kept', `stackspan free ${hex(b)}`);
      model.delete(b);
    }
    for (const b of model) {
      return fail(line, 'span-to-heap-required', `${what}: ${routine} returns the empty span ${hex(b)} to the heap, the trace does not show it before this line`, `stackspan free ${hex(b)} before this line`, 'no such line');
    }
    return null;
  }

  private commit(r: { readonly state: State; readonly obs: Observation }, d: Decision | null): void {
    this.model = r.state;
    addStats(this.stats, r.obs);
    if (d !== null) this.tally.add(d);
  }

  private takeSpans(order: number): { allocs: number[]; frees: number[] } {
    const log = this.spanLog[order];
    this.spanLog[order] = [];
    return { allocs: log.filter((s) => s.op === 'alloc').map((s) => s.base), frees: log.filter((s) => s.op === 'free').map((s) => s.base) };
  }

  // ---- allocation --------------------------------------------------------------------

  private onAllocated(e: AllocatedEvent): Verdict {
    if (e.by !== 'printed') return fail(e.line, 'alloc-address', 'allocated line without its size in an extended trace', 'n= and p=', 'stock form');
    const { v, n, p } = e;
    const settled = this.settleFreeOnP(p, e.line);
    if (settled !== null) return settled;
    const pending = this.pendingAlloc.get(v);
    if (pending !== undefined) {
      this.pendingAlloc.delete(v);
      if (pending.n !== n) return fail(e.line, 'alloc-address', `allocated ${hex(v)} n=${n}: the model handed this address out as a ${pending.n}-byte stack at line ${pending.line}`, `n=${pending.n}`, `n=${n}`);
      return null;
    }
    const refill = p >= 0 ? this.refilled[p] : null;
    if (refill !== null && refill.n === n) {
      this.refilled[p] = null;
      if (refill.v !== v) return fail(e.line, 'alloc-address', `stackalloc ${n} on P${p} after the refill at line ${refill.line}: the model hands out ${hex(refill.v)} from the refilled cache`, hex(refill.v), hex(v));
      return null;
    }
    if (!isCachedSize(n)) {
      return fail(e.line, 'alloc-linearised', `large stackalloc ${n} answered ${hex(v)} with no stacklarge pop or stackspan alloc line for it`, `stacklarge pop ${hex(v)} or stackspan alloc ${hex(v)} … large before this line`, 'none');
    }
    const order = orderOf(n) ?? 0;
    if (p < 0) return fail(e.line, 'alloc-linearised', `stackalloc ${n} without a P answered ${hex(v)} with no stackpool alloc line`, `stackpool alloc ${hex(v)} order=${order}`, 'none');
    const before = this.model.ps[p].stackcache[order];
    const r = this.run([], (d) => d.rt.stackalloc(d, p, n));
    if (!r.ok) {
      return fail(e.line, 'refill-required', `stackalloc ${n} on P${p}: the model's order-${order} cache is empty, so stackalloc must refill it — the trace shows no refill (${r.message})`, `stackcacherefill order=${order} p=${p} before this line`, `allocated ${hex(v)} without one`);
    }
    const did = r.obs;
    if (did.refill > 0) {
      return fail(e.line, 'refill-required', `stackalloc ${n} on P${p}: the model's order-${order} cache is empty, so stackalloc must refill it — the trace shows no refill`, `stackcacherefill order=${order} p=${p} before this line`, `allocated ${hex(v)} without one`);
    }
    if (r.value !== v) {
      return fail(e.line, 'alloc-address', `stackalloc ${n} on P${p}: the model hands out ${hex(r.value)}, the head of its order-${order} cache (${before.size} bytes)`, hex(r.value), hex(v));
    }
    this.commit(r, { line: e.line, op: 'alloc', p, path: 'cacheHit', span: null });
    return null;
  }

  private onRefill(e: StackcacherefillEvent): Verdict {
    const p = e.p ?? -1;
    if (p < 0 || p >= this.procs) return fail(e.line, 'alloc-linearised', 'stackcacherefill without a P', 'a P (only a P has a cache)', `p=${p}`);
    const settled = this.settleFreeOnP(p, e.line);
    if (settled !== null) return settled;
    if (this.refilled[p] !== null) {
      return fail(e.line, 'alloc-linearised', `second refill on P${p} before the allocation of the refill at line ${this.refilled[p]!.line}`, 'an allocated line on this P first', `stackcacherefill order=${e.order}`);
    }
    const n = orderSize(e.order);
    const spans = this.takeSpans(e.order);
    const before = this.model.ps[p].stackcache[e.order];
    const r = this.must(e.line, 'span-from-heap', () => `stackcacherefill order=${e.order} on P${p}`, this.run(spans.allocs, (d) => d.rt.stackalloc(d, p, n)), () => `stackcacherefill order=${e.order} p=${p}`);
    if (isDivergence(r)) return r;
    const did = r.obs;
    if (did.refill === 0) {
      return fail(e.line, 'refill-when-empty', `stackcacherefill order=${e.order} on P${p}: the model's cache still holds ${before.size} bytes (head ${before.list === null ? '-' : hex(before.list.v)}), so it does not refill`, 'no refill', `stackcacherefill order=${e.order} p=${p}`);
    }
    const blocks = did.refillBytes / n;
    if (e.blocks !== null && e.blocks !== blocks) return fail(e.line, 'refill-blocks', `stackcacherefill order=${e.order} on P${p} moves ${e.blocks} blocks; the model's refill moves ${blocks}`, `blocks=${blocks}`, `blocks=${e.blocks}`);
    const spansBad = this.spansAgree(e.line, `stackcacherefill order=${e.order} on P${p}`, r, spans.frees);
    if (spansBad !== null) return spansBad;
    this.refilled[p] = { v: r.value, n, line: e.line };
    this.commit(r, { line: e.line, op: 'alloc', p, path: 'refill', span: r.placed[0] ?? null });
    return null;
  }

  private onPoolAlloc(e: StackpoolEvent): Verdict {
    const settled = this.settleFreeOnP(e.p, e.line);
    if (settled !== null) return settled;
    const n = orderSize(e.order);
    const spans = this.takeSpans(e.order);
    const r = this.must(e.line, 'span-from-heap', () => `stackalloc ${n} on the global pool path`, this.run(spans.allocs, (d) => d.rt.stackalloc(d, -1, n)), () => `stackpool alloc ${hex(e.v)}`);
    if (isDivergence(r)) return r;
    if (r.value !== e.v) return fail(e.line, 'alloc-address', `stackalloc ${n} on the global pool path: the model's stackpoolalloc hands out ${hex(r.value)}`, hex(r.value), hex(e.v));
    const spansBad = this.spansAgree(e.line, `stackpool alloc order=${e.order}`, r, spans.frees);
    if (spansBad !== null) return spansBad;
    this.pendingAlloc.set(e.v, { n, line: e.line });
    this.commit(r, { line: e.line, op: 'alloc', p: e.p, path: 'pool', span: r.placed[0] ?? null });
    return null;
  }

  // ---- frees -------------------------------------------------------------------------

  private onStackfree(e: StackfreeEvent): Verdict {
    const p = e.p ?? -1;
    const settled = this.settleFreeOnP(p, e.line);
    if (settled !== null) return settled;
    if (this.pendingFree.has(e.v)) return fail(e.line, 'free-linearised', `stackfree ${hex(e.v)} while the stackfree of it at line ${this.pendingFree.get(e.v)!.line} has not completed`, 'one free per stack', `stackfree ${hex(e.v)} ${e.n}`);
    this.pendingFree.set(e.v, { v: e.v, n: e.n, p, line: e.line });
    if (isCachedSize(e.n) && p >= 0 && p < this.procs) this.freeOnP[p] = e.v;
    return null;
  }

  /**
   * Any line of P after a small stackfree on P, other than that free's own release or pool
   * line, proves the free took the cache path with no release: the M held P throughout.
   */
  settleFreeOnP(p: number, line: number): Verdict {
    if (p < 0 || p >= this.procs) return null;
    const v = this.freeOnP[p];
    if (v === null) return null;
    this.freeOnP[p] = null;
    const f = this.pendingFree.get(v)!;
    this.pendingFree.delete(v);
    return this.pushOnCache(f, line);
  }

  private pushOnCache(f: PendingFree, line: number | null): Verdict {
    const order = orderOf(f.n) ?? 0;
    const r = this.must(f.line, 'free-stack', () => `stackfree ${hex(f.v)} ${f.n} on P${f.p}`, this.run([], (d) => d.rt.stackfree(d, f.p, f.v, f.v + f.n)), () => `stackfree ${hex(f.v)} ${f.n}`);
    if (isDivergence(r)) return r;
    if (r.obs.release > 0) {
      const held = this.model.ps[f.p].stackcache[order].size;
      if (line === null) {
        this.notes.push(`the model releases P${f.p}'s order-${order} cache in the stackfree at line ${f.line}; the trace ends before that P prints again`);
      } else {
        return fail(line, 'release-required', `P${f.p}'s order-${order} cache holds ${held} bytes (>= _StackCacheSize) in the model, so the stackfree at line ${f.line} must release half of it — the trace shows no release before this line of P${f.p}`, `stackcacherelease order=${order} p=${f.p} before this line`, 'none');
      }
    }
    this.commit(r, { line: f.line, op: 'free', p: f.p, path: 'cache' });
    return null;
  }

  private onRelease(e: StackcachereleaseEvent): Verdict {
    const p = e.p ?? -1;
    const v = p >= 0 && p < this.procs ? this.freeOnP[p] : null;
    const f = v === null ? undefined : this.pendingFree.get(v);
    if (f === undefined || orderOf(f.n) !== e.order) {
      return fail(e.line, 'release-when-full', `stackcacherelease order=${e.order} on P${p} without a stackfree of ${orderSize(e.order)} bytes on that P before it`, `a stackfree ${orderSize(e.order)} p=${p} first`, `stackcacherelease order=${e.order} p=${p}`);
    }
    this.freeOnP[p] = null;
    this.pendingFree.delete(f.v);
    const spans = this.takeSpans(e.order);
    const held = this.model.ps[p].stackcache[e.order].size;
    const r = this.must(e.line, 'free-stack', () => `stackfree ${hex(f.v)} ${f.n} on P${p}`, this.run([], (d) => d.rt.stackfree(d, p, f.v, f.v + f.n)), () => `stackcacherelease order=${e.order}`);
    if (isDivergence(r)) return r;
    const did = r.obs;
    if (did.release === 0) {
      return fail(e.line, 'release-when-full', `stackcacherelease order=${e.order} on P${p}: the model's cache holds ${held} bytes (< _StackCacheSize) before the stackfree at line ${f.line}, so it does not release`, 'no release', `stackcacherelease order=${e.order} p=${p}`);
    }
    const blocks = did.releaseBytes / f.n;
    if (e.blocks !== null && e.blocks !== blocks) return fail(e.line, 'release-blocks', `stackcacherelease order=${e.order} on P${p} moves ${e.blocks} blocks; the model's release moves ${blocks}`, `blocks=${blocks}`, `blocks=${e.blocks}`);
    const spansBad = this.spansAgree(e.line, `stackcacherelease order=${e.order} on P${p}`, r, spans.frees);
    if (spansBad !== null) return spansBad;
    this.commit(r, { line: f.line, op: 'free', p, path: 'release' });
    return null;
  }

  private onPoolFree(e: StackpoolEvent): Verdict {
    const f = this.pendingFree.get(e.v);
    if (f === undefined || orderOf(f.n) !== e.order) return fail(e.line, 'free-linearised', `stackpool free ${hex(e.v)} with no stackfree of that ${orderSize(e.order)}-byte stack before it`, `stackfree ${hex(e.v)} ${orderSize(e.order)} first`, `stackpool free ${hex(e.v)}`);
    this.pendingFree.delete(e.v);
    if (f.p >= 0 && this.freeOnP[f.p] === e.v) this.freeOnP[f.p] = null;
    const settled = this.settleFreeOnP(e.p, e.line);
    if (settled !== null) return settled;
    const spans = this.takeSpans(e.order);
    const r = this.must(e.line, 'free-stack', () => `stackfree ${hex(f.v)} ${f.n} on the global pool path`, this.run([], (d) => d.rt.stackfree(d, -1, f.v, f.v + f.n)), () => `stackpool free ${hex(e.v)}`);
    if (isDivergence(r)) return r;
    const spansBad = this.spansAgree(e.line, `stackpool free order=${e.order}`, r, spans.frees);
    if (spansBad !== null) return spansBad;
    this.commit(r, { line: f.line, op: 'free', p: f.p, path: 'pool' });
    return null;
  }

  // ---- large stacks ------------------------------------------------------------------

  private onStackspan(e: StackspanEvent): Verdict {
    if (e.order !== null) {
      if (e.order >= NUM_STACK_ORDERS) return fail(e.line, 'span-from-heap', `stack span for order ${e.order}, which has no pool`, `order < ${NUM_STACK_ORDERS}`, `order=${e.order}`);
      this.spanLog[e.order].push(e);
      return null;
    }
    const n = e.npages * PAGE_SIZE;
    if (e.op === 'alloc') return this.claimed.delete(this.index) ? null : this.largeFresh(e.line, e, n);
    return this.largeFree(e.line, e.base, n, 'largeToHeap', () => `stackspan free ${hex(e.base)} large`);
  }

  private pagesFree(base: number, npages: number): boolean {
    const end = base + npages * PAGE_SIZE;
    return this.model.free.some((r) => r.base <= base && end <= r.base + r.npages * PAGE_SIZE);
  }

  /**
   * A large stackalloc taking a fresh span: decided at its `stacklarge empty` line (`at`), under
   * stackLarge.lock, so the model runs there, with the base its stackspan line (`e`) prints.
   */
  private largeFresh(at: number, e: StackspanEvent, n: number): Verdict {
    const r = this.must(at, 'span-from-heap', () => `large stackalloc ${n}`, this.run([e.base], (d) => d.rt.stackalloc(d, 0, n)), () => `stackspan alloc ${hex(e.base)} large`);
    if (isDivergence(r)) return r;
    if (r.obs.stackLargeReuse > 0) return fail(at, 'stacklarge-reuse', `large stackalloc ${n}: the model reuses the stackLarge span ${hex(r.value)}; the trace takes a fresh span from the heap`, `stacklarge pop ${hex(r.value)}`, `stacklarge empty, then stackspan alloc ${hex(e.base)} at line ${e.line}`);
    if (r.value !== e.base || r.unused.length > 0) return fail(at, 'alloc-address', `large stackalloc ${n}: the model hands out ${hex(r.value)}`, hex(r.value), hex(e.base));
    this.pendingAlloc.set(e.base, { n, line: e.line });
    this.commit(r, { line: e.line, op: 'alloc', p: -1, path: 'large', span: e.base });
    return null;
  }

  private onStacklarge(e: StacklargeEvent): Verdict {
    const n = e.npages * PAGE_SIZE;
    if (e.op === 'empty') {
      // Two threads can both find stackLarge empty before either's span line: each empty line
      // takes the next span line of its size no earlier empty line took (the lines name no P,
      // so the pairing is by order; either pairing runs each allocation before the push that
      // follows both decisions).
      const j = this.spanLineOf(e);
      if (j < 0) {
        this.notes.push(`the large stackalloc ${n} that found stackLarge empty at line ${e.line} has no stackspan alloc line: the trace ends first`);
        return null;
      }
      // The decision is here (stackLarge.lock), the heap's allocManual at the span line: pages
      // another thread frees or takes in between are free, or taken, only then. So the model
      // takes its fresh span at the span line — unless another thread pushes a stack of this
      // size on stackLarge in between, which the model's stackalloc would then pop: then it runs
      // here, if the span's pages are free in its heap already.
      const list = this.model.stackLarge[stacklog2(this.m.cfg.profile, e.npages)];
      if (list.length > 0) {
        return fail(e.line, 'stacklarge-reuse', `large stackalloc ${n} finds stackLarge empty; the model holds ${hex(list[0])} there`, `stacklarge pop ${hex(list[0])}`, `stacklarge empty npages=${e.npages}`);
      }
      this.paired.add(j);
      const span = this.look.at(j) as StackspanEvent;
      let pushed = false;
      for (let k = this.index + 1; k < j && !pushed; k++) {
        const x = this.look.at(k);
        pushed = x.kind === 'stacklarge' && x.op === 'push' && x.npages === e.npages;
      }
      if (!pushed || !this.pagesFree(span.base, span.npages)) return null;
      this.claimed.add(j);
      return this.largeFresh(e.line, span, n);
    }
    if (e.op === 'free') {
      this.largeLog.push(e.base);
      return null;
    }
    if (e.op === 'push') return this.largeFree(e.line, e.base, n, 'largeToStackLarge', () => `stacklarge push ${hex(e.base)}`);
    const r = this.must(e.line, 'stacklarge-reuse', () => `large stackalloc ${n}`, this.run([], (d) => d.rt.stackalloc(d, 0, n)), () => `stacklarge pop ${hex(e.base)}`);
    if (isDivergence(r)) return r;
    if (r.value !== e.base) return fail(e.line, 'stacklarge-reuse', `large stackalloc ${n}: the model takes ${hex(r.value)} from stackLarge`, hex(r.value), hex(e.base));
    this.pendingAlloc.set(e.base, { n, line: e.line });
    this.commit(r, { line: e.line, op: 'alloc', p: -1, path: 'stackLargeReuse', span: null });
    return null;
  }

  private largeFree(line: number, base: number, n: number, path: 'largeToHeap' | 'largeToStackLarge', seen: () => string): Verdict {
    const f = this.pendingFree.get(base);
    if (f === undefined || f.n !== n) return fail(line, 'free-linearised', `${seen()} with no stackfree of that ${n}-byte stack before it`, `stackfree ${hex(base)} ${n} first`, seen());
    this.pendingFree.delete(base);
    const r = this.must(line, 'free-stack', () => `large stackfree ${hex(base)} ${n}`, this.run([], (d) => d.rt.stackfree(d, f.p, base, base + n)), seen);
    if (isDivergence(r)) return r;
    const modelPath: FreePath = r.obs.largeToStackLarge > 0 ? 'largeToStackLarge' : 'largeToHeap';
    if (modelPath !== path) {
      const phase = this.model.gcphase === 'off' ? 'GC is off' : 'GC is marking';
      return fail(line, 'large-free-phase', `large stackfree ${hex(base)} ${n} (line ${f.line}): ${phase} in the model, so the span goes ${modelPath === 'largeToHeap' ? 'back to the heap' : 'on stackLarge'}`, modelPath === 'largeToHeap' ? `stackspan free ${hex(base)} large` : `stacklarge push ${hex(base)}`, seen());
    }
    this.commit(r, { line: f.line, op: 'free', p: f.p, path });
    return null;
  }

  // ---- flushes, sweeps, GC phases, Ps --------------------------------------------------

  /**
   * One order's critical section of P's stackcache_clear, at its line: each order runs under its
   * own pool lock, so other Ps' lines of that order (or of the heap) come between two orders of
   * one clear in the order the runtime did them, and the model runs each section where the trace
   * prints it (stackcacheClearOrder). The last order's line runs the whole routine the runtime
   * called, whose earlier sections find their lists emptied already: prepareForSweep when P has
   * not flushed since the last mark termination (it records the flush), else stackcache_clear
   * (flushallmcaches, freemcache).
   */
  private onClear(e: StackcacheClearEvent): Verdict {
    const p = e.p ?? -1, order = e.order ?? 0;
    if (p < 0 || p >= this.procs) return fail(e.line, 'clear-blocks', 'stackcache clear of an mcache no P owns', 'a P', `p=${p}`);
    const settled = this.settleFreeOnP(p, e.line);
    if (settled !== null) return settled;
    const next = this.clearing[p]?.next ?? 0;
    if (order !== next) return fail(e.line, 'clear-blocks', `stackcache clear of P${p}, order ${order}: stackcache_clear runs its orders one after another, and order ${next} comes next on P${p}`, `stackcache clear p=${p} order=${next}`, `order=${order}`);
    if (order === 0) this.clearing[p] = { line: e.line, next: 0 };
    const last = order === NUM_STACK_ORDERS - 1;
    const stale = this.model.ps[p].flushGen !== this.model.sweepgen;
    const spans = this.takeSpans(order);
    const before = this.model.ps[p].stackcache[order].size;
    const r = this.must(e.line, 'clear-blocks', () => `stackcache clear of P${p}, order ${order}`, this.run(spans.allocs, (d) => {
      if (!last) d.rt.stackcacheClearOrder(d, p, order);
      else if (stale) d.rt.prepareForSweep(d, p);
      else d.rt.stackcache_clear(d, p);
    }), () => `stackcache clear p=${p} order=${order}`);
    if (isDivergence(r)) return r;
    const blocks = (before - r.state.ps[p].stackcache[order].size) / orderSize(order);
    if (e.blocks !== null && e.blocks !== blocks) {
      return fail(e.line, 'clear-blocks', `stackcache clear of P${p}'s order-${order} cache returns ${e.blocks} blocks; the model's clear returns ${blocks}`, `blocks=${blocks}`, `blocks=${e.blocks}`);
    }
    const spansBad = this.spansAgree(e.line, `stackcache clear of P${p}, order ${order}`, r, spans.frees, 'stackcache_clear');
    if (spansBad !== null) return spansBad;
    this.commit(r, order === 0 ? { line: e.line, op: 'clear', p } : null);
    this.clearing[p] = last ? null : { line: this.clearing[p]!.line, next: order + 1 };
    return null;
  }

  /**
   * One section of freeStackSpans, at its line: each pool order under its own lock
   * (freeStackSpansOrder), then stackLarge's, with other Ps' lines in between. The stackLarge
   * line runs the whole routine, whose pool sections find nothing left: with the GC off a span
   * that empties goes back to the heap at its stackpoolfree.
   */
  private onFreeStackSpans(e: FreeStackSpansEvent): Verdict {
    const next = this.sweeping?.next ?? 0;
    if (e.order === null) {
      // A pool section the trace never printed must have freed nothing.
      for (let k = next; k < NUM_STACK_ORDERS; k++) {
        const bad = this.sweepSection(e.line, k, []);
        if (bad !== null) return bad;
      }
      const shown = this.largeLog;
      this.largeLog = [];
      const r = this.must(e.line, 'free-stack-spans', () => 'freeStackSpans', this.run([], (d) => d.rt.freeStackSpans(d)), () => 'freeStackSpans large');
      if (isDivergence(r)) return r;
      const bad = this.spansAgree(e.line, 'freeStackSpans, stackLarge', r, shown, 'freeStackSpans');
      if (bad !== null) return bad;
      this.commit(r, null);
      this.sweeping = null;
      return null;
    }
    // A section for an order with no pool (a corrupt line) is a divergence, not a crash.
    if (e.order >= NUM_STACK_ORDERS) return fail(e.line, 'free-stack-spans', `freeStackSpans section for order ${e.order}, which has no pool`, `order < ${NUM_STACK_ORDERS}`, `order=${e.order}`);
    if (e.order < next) return fail(e.line, 'free-stack-spans', `freeStackSpans section for order ${e.order} after its order-${next - 1} section`, `freeStackSpans order=${next} or later`, `order=${e.order}`);
    for (let k = next; k < e.order; k++) {
      const bad = this.sweepSection(e.line, k, []);
      if (bad !== null) return bad;
    }
    return this.sweepSection(e.line, e.order, this.takeSpans(e.order).frees);
  }

  /** freeStackSpans' section of one pool order: the model's freeStackSpansOrder frees exactly the spans shown. */
  private sweepSection(line: number, order: number, shown: readonly number[]): Verdict {
    if (this.sweeping === null) this.sweeping = { line, next: 0 };
    const r = this.must(line, 'free-stack-spans', () => `freeStackSpans, order ${order}`, this.run([], (d) => d.rt.freeStackSpansOrder(d, order)), () => `freeStackSpans order=${order}`);
    if (isDivergence(r)) return r;
    const bad = this.spansAgree(line, `freeStackSpans, order ${order}`, r, shown, 'freeStackSpans');
    if (bad !== null) return bad;
    this.commit(r, null);
    this.sweeping.next = order + 1;
    return null;
  }

  private onGcPhase(e: GcPhaseEvent): Verdict {
    const owed = this.deadGs.phase(e.line, e.phase);
    if (owed !== null) return owed;
    if (e.phase === 'marktermination') return null; // the stack code only asks gcphase == _GCoff
    if (e.phase === 'mark') {
      const uncleared = this.destroyedCleared(e.line);
      if (uncleared !== null) return uncleared;
      if (this.model.gcphase === 'mark') return fail(e.line, 'gc-phase', 'setGCPhase(_GCmark) while the model is already marking', 'a GC cycle to end first', 'setGCPhase 1');
      if (this.model.freeStackSpansPending) {
        return fail(e.line, 'free-stack-spans', `freeStackSpans must run after the mark termination at line ${this.gcEndLine} before the next GC starts; the trace shows no freeStackSpans`, `freeStackSpans order=0 … large after line ${this.gcEndLine}`, 'setGCPhase 1');
      }
      for (let q = 0; q < this.liveProcs; q++) {
        if (this.model.ps[q].flushGen !== this.model.sweepgen) {
          return fail(e.line, 'flush-before-gc', `P${q}'s stack cache must be flushed (mcache.prepareForSweep → stackcache_clear) after the mark termination at line ${this.gcEndLine} before the next GC starts; the trace shows no clear of P${q}`, `stackcache clear p=${q} after line ${this.gcEndLine}`, 'setGCPhase 1');
        }
      }
      // Destroyed Ps are not in allp, so gcStart does not check them; their caches are empty.
      const r = this.must(e.line, 'gc-phase', () => 'gcStart', this.run([], (d) => {
        for (let q = this.liveProcs; q < this.procs; q++) d.rt.prepareForSweep(d, q);
        d.rt.gcStart(d);
      }), () => 'setGCPhase 1');
      if (isDivergence(r)) return r;
      this.commit(r, { line: e.line, op: 'gc', phase: 'mark' });
      return null;
    }
    if (this.model.gcphase !== 'mark') return fail(e.line, 'gc-phase', 'setGCPhase(_GCoff) while the model is not marking', 'a mark phase first', 'setGCPhase 0');
    const r = this.must(e.line, 'gc-phase', () => 'gcMarkTermination', this.run([], (d) => d.rt.gcMarkTermination(d)), () => 'setGCPhase 0');
    if (isDivergence(r)) return r;
    this.gcEndLine = e.line;
    this.commit(r, { line: e.line, op: 'gc', phase: 'off' });
    return null;
  }

  private onProcresize(e: ProcresizeEvent): Verdict {
    if (e.to > this.procs) return fail(e.line, 'gc-phase', `procresize to ${e.to} Ps beyond the ${this.procs} the replay has`, `at most ${this.procs}`, `procresize ${e.from} -> ${e.to}`);
    const uncleared = this.destroyedCleared(e.line);
    if (uncleared !== null) return uncleared;
    if (e.to < this.liveProcs) this.destroyed = { line: e.line, from: e.to, to: this.liveProcs };
    if (e.to > this.liveProcs) {
      // (*p).init gives a re-created P a new mcache: empty, flushed for this sweepgen.
      const r = this.must(e.line, 'gc-phase', () => 'procresize', this.run([], (d) => {
        for (let q = this.liveProcs; q < e.to; q++) d.rt.prepareForSweep(d, q);
      }), () => `procresize ${e.from} -> ${e.to}`);
      if (isDivergence(r)) return r;
      this.commit(r, null);
    }
    this.liveProcs = e.to;
    return null;
  }

  /** The Ps the last shrinking procresize destroyed must have had their caches cleared (freemcache) by now. */
  private destroyedCleared(line: number): Verdict {
    const x = this.destroyed;
    if (x === null) return null;
    this.destroyed = null;
    for (let q = x.from; q < x.to; q++) {
      const held = this.model.ps[q].stackcache.findIndex((c) => c.size > 0);
      if (held >= 0) {
        return fail(line, 'freemcache-clear', `procresize at line ${x.line} destroyed P${q}, so freemcache must clear its stack cache; the model's order-${held} cache still holds ${this.model.ps[q].stackcache[held].size} bytes and the trace shows no clear of P${q}`, `stackcache clear p=${q} after line ${x.line}`, 'none before this line');
      }
    }
    return null;
  }

  // ---- the end of the trace ------------------------------------------------------------

  /** What the runtime must still have done when the trace ends: reported as notes (a process exits mid-print). */
  finishTrace(): Verdict {
    const uncleared = this.destroyedCleared(this.lastLine);
    if (uncleared !== null) return uncleared;
    for (let p = 0; p < this.procs; p++) {
      const v = this.freeOnP[p];
      if (v === null) continue;
      this.freeOnP[p] = null;
      const f = this.pendingFree.get(v)!;
      this.pendingFree.delete(v);
      const bad = this.pushOnCache(f, null);
      if (bad !== null) return bad;
    }
    for (const f of this.pendingFree.values()) this.notes.push(`the stackfree of ${hex(f.v)} at line ${f.line} has no pool, stackLarge or span line: the trace ends first`);
    this.refilled.forEach((r, p) => {
      if (r !== null) this.notes.push(`the refill at line ${r.line} on P${p} has no allocated line: the trace ends first`);
    });
    for (const [v, a] of this.pendingAlloc) this.notes.push(`the allocation of ${hex(v)} at line ${a.line} has no allocated line: the trace ends first`);
    this.spanLog.forEach((log, k) => {
      if (log.length > 0) this.notes.push(`${log.length} span line(s) of order ${k} from line ${log[0].line} have no pool line after them: the trace ends first`);
    });
    this.notes.push(...this.deadGs.endNotes());
    if (this.sweeping !== null) this.notes.push(`freeStackSpans from line ${this.sweeping.line} did not finish: the trace ends first`);
    return this.endState();
  }

  /**
   * The end of the trace is a check too: the stacks the model holds as handed out (in no free
   * list, no cache, not on stackLarge) must be the stacks the trace shows live, less the frees
   * whose effect the trace cut off.
   */
  private endState(): Divergence | null {
    const model = liveInModel(this.model, this.m.cfg.pageSize);
    for (const v of this.pendingFree.keys()) model.add(v);
    for (const [v, [n, line]] of this.traceLive) {
      if (!model.has(v)) return { line: this.lastLine, rule: 'end-state', message: `at the end of the trace the stack ${hex(v)} (${n} bytes, allocated at line ${line}) is live in the trace but free in the model`, expected: `${hex(v)} held`, seen: 'free in the model' };
      model.delete(v);
    }
    for (const v of model) {
      // An allocation whose allocated line the trace cut off (after its pool, stackLarge, span or
      // refill line), or a free whose pool, stackLarge or span line it cut off: noted, not owed.
      if (this.pendingAlloc.has(v) || this.pendingFree.has(v) || this.refilled.some((r) => r !== null && r.v === v)) continue;
      const freed = this.traceFreed.get(v);
      const shown = freed === undefined ? 'the trace never allocated it' : `the trace allocated it at line ${freed[0]} and freed it at line ${freed[1]}`;
      return { line: this.lastLine, rule: 'end-state', message: `at the end of the trace the model holds the stack ${hex(v)} as handed out, but ${shown}`, expected: `${hex(v)} free`, seen: 'held by the model' };
    }
    return null;
  }
}

/** Bases of the stacks the model has handed out: pool slots in no free list and no P's cache, large spans not on stackLarge. */
function liveInModel(s: State, pageSize: number): Set<number> {
  const free = new Set<number>();
  for (const sp of s.spans) for (let x = sp.manualFreeList; x !== null; x = x.next) free.add(x.v);
  for (const p of s.ps) for (const c of p.stackcache) for (let x = c.list; x !== null; x = x.next) free.add(x.v);
  for (const l of s.stackLarge) for (const b of l) free.add(b);
  const live = new Set<number>();
  for (const sp of s.spans) {
    if (sp.state !== 'manual' || sp.elemsize === 0) continue;
    for (let v = sp.base; v < sp.base + sp.npages * pageSize; v += sp.elemsize) if (!free.has(v)) live.add(v);
  }
  return live;
}

function spanWhy(s: State, base: number): string {
  const span = s.spans.find((x) => x.base === base);
  if (span === undefined) return ' (no such span in the model)';
  return ` (${span.allocCount} of its stacks in use; GC ${s.gcphase === 'off' ? 'off' : 'marking'})`;
}

export type { AllocPath };
