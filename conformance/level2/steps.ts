// One handler per trace event kind: what the model must do at that line, and the cursors it
// may continue from (several only where the trace leaves a real choice: which P a
// `stackcache clear` line flushed). An empty list comes with the divergence.

import { match } from 'ts-pattern';
import type {
  AllocatedEvent, CopystackEvent, ShrinkstackEvent, StackcacheClearEvent, StackcacherefillEvent, StackcachereleaseEvent, StackfreeEvent, TraceEvent,
} from '../trace/events.ts';
import { CACHE_HALF, STACK_CACHE_SIZE, isCachedSize, orderOf } from '../trace/platform.ts';
import type { State } from '../../model/state.ts';
import { setAt, withDecision, type AllocPath, type Cursor, type FreePath } from './cursor.ts';
import { heldStack } from './held.ts';
import type { Divergence, GcPhaseMode } from './report.ts';
import { allocAt, runNoSpan, type AllocAttempt, type ReplayModel } from './run.ts';
import type { Observation } from '../../model/observation.ts';

/** What the handlers read besides the cursor: the model, the events and who printed them. @internal */
export interface StepContext {
  readonly model: ReplayModel;
  readonly events: readonly TraceEvent[];
  readonly procs: number;
  /** Extended traces print the P; stock GOMAXPROCS=1 traces are all P0. */
  readonly extended: boolean;
  readonly gcPhase: GcPhaseMode;
}

/** @internal */
export type StepResult = { readonly next: readonly Cursor[] } | { readonly divergence: Divergence };

const hex = (v: number): string => `0x${v.toString(16)}`;

/** @internal */
export function step(ctx: StepContext, cur: Cursor, i: number): StepResult {
  return match(ctx.events[i])
    .with({ kind: 'allocated' }, (e) => onAllocated(ctx, cur, e))
    .with({ kind: 'stackfree' }, (e) => onStackfree(ctx, cur, e, i))
    .with({ kind: 'stackcacherefill' }, (e) => onRefill(ctx, cur, e))
    .with({ kind: 'stackcacherelease' }, (e) => onRelease(ctx, cur, e))
    .with({ kind: 'stackcache_clear' }, (e) => onClear(ctx, cur, e))
    .with({ kind: 'copystack' }, (e) => onCopystack(ctx, cur, e))
    // The request line, the newstack block, shrink announcements and 'stack grow done' carry
    // nothing the allocator decides: the parser already paired requests with answers, and
    // level 1 ties copies to their reasons.
    .with({ kind: 'shrinkstack' }, (e) => onShrinkstack(ctx, cur, e))
    .with({ kind: 'stackalloc' }, { kind: 'newstack' }, { kind: 'stackgrowdone' }, () => ({ next: [cur] }))
    // Extended-only lines: extended traces are replayed by exact.ts, never by this search.
    .with({ kind: 'stackspan' }, { kind: 'stacklarge' }, { kind: 'stackpool' }, { kind: 'freestackspans' }, { kind: 'gcphase' }, { kind: 'procresize' }, () => ({ next: [cur] }))
    .with({ kind: 'gfput' }, { kind: 'gfree' }, { kind: 'markrootfreegstacks' }, () => ({ next: [cur] }))
    .exhaustive();
}

/** The P a line's routine ran on: printed in extended traces, P0 in a one-P stock trace. @internal */
export function printedP(ctx: StepContext, e: { readonly p: number | null }): number {
  return ctx.extended ? (e.p ?? -1) : 0;
}

function ok(c: Cursor): StepResult {
  return { next: [c] };
}

function diverge(line: number, message: string, expected: string, seen: string): StepResult {
  return { divergence: { line, message, expected, seen } };
}

function allocPath(obs: Observation): AllocPath {
  if (obs.stackLargeReuse > 0) return 'stackLargeReuse';
  if (obs.large > 0) return 'large';
  if (obs.pool > 0) return 'pool';
  if (obs.refill > 0) return 'refill';
  return 'cacheHit';
}

function cacheHead(s: State, p: number, order: number): string {
  const c = s.ps[p].stackcache[order];
  return c.list === null ? `P${p}'s order-${order} cache is empty` : `P${p}'s order-${order} cache holds ${c.size} bytes, head ${hex(c.list.v)}`;
}

function onAllocated(ctx: StepContext, cur: Cursor, e: AllocatedEvent): StepResult {
  if (e.by === 'unattributed') return diverge(e.line, 'allocation of unknown size', 'a size', 'unattributed');
  const { n, v } = e;
  const p = e.by === 'printed' ? (ctx.extended ? e.p : 0) : 0;
  if (!isCachedSize(n)) {
    // stackalloc's large path does not depend on the P.
    const r = allocAt(ctx.model, cur.model, p, n, v);
    return r.kind === 'hit'
      ? ok(withDecision(cur, { line: e.line, op: 'alloc', p, path: allocPath(r.obs), span: r.span }, { model: r.state, obs: r.obs }))
      : diverge(e.line, `large stackalloc ${n}: ${explain(r)}`, expectedOf(r), hex(v));
  }
  const order = orderOf(n) ?? 0;
  const pool = (): AllocAttempt => allocAt(ctx.model, cur.model, -1, n, v);
  if (p < 0) {
    const r = pool();
    return r.kind === 'hit'
      ? ok(withDecision(cur, { line: e.line, op: 'alloc', p: -1, path: 'pool', span: r.span }, { model: r.state, obs: r.obs }))
      : diverge(e.line, `stackalloc ${n} without a P (global pool): ${explain(r)}`, expectedOf(r), hex(v));
  }
  // With a P: the cache path first; stackalloc still takes the pool path while m.preemptoff is set.
  const pending = cur.pendingRefill[p];
  const cache = allocAt(ctx.model, cur.model, p, n, v);
  let why: { message: string; expected: string; seen: string };
  if (cache.kind === 'hit') {
    const refilled = cache.obs.refill > 0;
    const traced = pending !== null && pending.order === order;
    if (refilled === traced) {
      return ok(withDecision(cur, { line: e.line, op: 'alloc', p, path: refilled ? 'refill' : 'cacheHit', span: cache.span }, {
        model: cache.state, obs: cache.obs, pendingRefill: refilled ? setAt(cur.pendingRefill, p, null) : cur.pendingRefill,
      }));
    }
    why = refilled
      ? {
          message: `stackalloc ${n} on P${p}: the model's cache is empty, so it refills — the trace shows no refill`,
          expected: `stackcacherefill order=${order} before this line`, seen: 'no refill',
        }
      : {
          message: `stackalloc ${n} on P${p}: the trace refilled at line ${pending?.line} (order ${pending?.order}) but the model serves this from its cache (${cacheHead(cur.model, p, order)})`,
          expected: `no refill (cache hit ${hex(v)})`, seen: `stackcacherefill order=${pending?.order} at line ${pending?.line}`,
        };
  } else {
    const where = cur.model.ps[p].stackcache[order].list === null ? `P${p}'s order-${order} cache is empty` : cacheHead(cur.model, p, order);
    why = { message: `stackalloc ${n} on P${p} (${where}): ${explain(cache)}`, expected: expectedOf(cache), seen: hex(v) };
  }
  const r = pool();
  if (r.kind === 'hit') return ok(withDecision(cur, { line: e.line, op: 'alloc', p, path: 'pool', span: r.span }, { model: r.state, obs: r.obs }));
  return diverge(e.line, `${why.message}; nor does the global pool path give it (${explain(r)})`, why.expected, why.seen);
}

function explain(r: AllocAttempt): string {
  if (r.kind === 'miss') return `the model hands out ${hex(r.predicted)}`;
  if (r.kind === 'error') return r.message;
  return 'reproduced';
}

function expectedOf(r: AllocAttempt): string {
  if (r.kind === 'miss') return hex(r.predicted);
  if (r.kind === 'error') return 'no address the model can give';
  return 'this address';
}

/** The next line on P that a stackcacherelease inside this stackfree would come before. */
function nextOnP(ctx: StepContext, i: number, p: number): TraceEvent | null {
  for (let j = i + 1; j < ctx.events.length; j++) {
    const e = ctx.events[j];
    if (e.kind === 'allocated' || e.kind === 'stackfree' || e.kind === 'stackcacherefill' || e.kind === 'stackcacherelease') {
      if (!ctx.extended) return e;
      const ep = e.kind === 'allocated' ? (e.by === 'printed' ? e.p : null) : e.p;
      if (ep === p) return e;
    } else if (e.kind === 'stackcache_clear' && !ctx.extended) return e;
  }
  return null;
}

function onStackfree(ctx: StepContext, cur: Cursor, e: StackfreeEvent, i: number): StepResult {
  return orDuringMark(ctx, cur, e.line, stackfreeAt(ctx, cur, e, i), (c) => stackfreeAt(ctx, c, e, i));
}

/**
 * gcPhase 'evidence': gcStart prints nothing, so a GC may have been marking since some line
 * the trace does not show. That matters only where the model, with GC off, returns a span to
 * the heap (an emptied pool span, a large stack): during mark the span would stay in the pool
 * or go to stackLarge. There the replay offers, as a later alternative for the search, "the
 * mark phase had begun": the model goes to mark before this line and stays there until the
 * next `stackcache clear` ends the cycle.
 */
function orDuringMark(ctx: StepContext, cur: Cursor, line: number, primary: StepResult, again: (c: Cursor) => StepResult): StepResult {
  if (ctx.gcPhase !== 'evidence' || cur.model.gcphase !== 'off' || !('next' in primary)) return primary;
  if (!primary.next.some((c) => c.stats.spanFreed > cur.stats.spanFreed)) return primary;
  const r = runNoSpan(ctx.model, cur.model, (d) => d.rt.gcStart(d));
  if (!r.ok) return primary;
  const alt = again(withDecision(cur, { line, op: 'gc', phase: 'mark' }, { model: r.state, obs: r.obs }));
  return 'next' in alt ? { next: [...primary.next, ...alt.next] } : primary;
}

function stackfreeAt(ctx: StepContext, cur: Cursor, e: StackfreeEvent, i: number): StepResult {
  const { n, v } = e;
  const p = printedP(ctx, e);
  const free = (pp: number) => runNoSpan(ctx.model, cur.model, (d) => d.rt.stackfree(d, pp, v, v + n));
  if (!isCachedSize(n)) {
    const r = free(p);
    if (!r.ok) return diverge(e.line, `large stackfree ${hex(v)} ${n}: ${r.message}`, 'a stack the model handed out', `stackfree ${hex(v)} ${n}`);
    const path: FreePath = r.obs.largeToStackLarge > 0 ? 'largeToStackLarge' : 'largeToHeap';
    return ok(withDecision(cur, { line: e.line, op: 'free', p, path }, { model: r.state, obs: r.obs }));
  }
  const order = orderOf(n) ?? 0;
  const pool = (): StepResult => {
    const r = free(-1);
    return r.ok
      ? ok(withDecision(cur, { line: e.line, op: 'free', p, path: 'pool' }, { model: r.state, obs: r.obs }))
      : diverge(e.line, `stackfree ${hex(v)} ${n} to the global pool: ${r.message}`, 'a stack the model handed out', `stackfree ${hex(v)} ${n}`);
  };
  if (p < 0) return pool();
  const r = free(p);
  if (!r.ok) return diverge(e.line, `stackfree ${hex(v)} ${n} on P${p}: ${r.message}`, 'a stack the model handed out', `stackfree ${hex(v)} ${n}`);
  const released = r.obs.release > 0;
  const next = nextOnP(ctx, i, p);
  // No later line on P: the trace ends (the process exited) before a release could be printed.
  const traced = next === null ? released : next.kind === 'stackcacherelease' && next.order === order;
  if (released === traced) {
    return ok(withDecision(cur, { line: e.line, op: 'free', p, path: released ? 'release' : 'cache' }, {
      model: r.state, obs: r.obs, expectRelease: released ? setAt(cur.expectRelease, p, { order, line: e.line }) : cur.expectRelease,
    }));
  }
  const held = cur.model.ps[p].stackcache[order].size;
  if (released) {
    // The cache was full, yet no release follows: only the pool path (m.preemptoff) explains it.
    const viaPool = pool();
    if ('next' in viaPool) return viaPool;
    return diverge(e.line, `stackfree ${n} on P${p}: the model's order-${order} cache holds ${held} bytes (>= ${STACK_CACHE_SIZE}), so it releases — the trace shows no release`,
      `stackcacherelease order=${order} after this line`, next === null ? 'end of trace' : `line ${next.line} (${next.kind})`);
  }
  return diverge(e.line, `stackfree ${n} on P${p}: the trace releases the order-${order} cache at line ${next?.line}, but the model's cache holds ${held} bytes (< ${STACK_CACHE_SIZE}) before this free`,
    `no release (cache at ${held + n} bytes after the push)`, `stackcacherelease order=${order} at line ${next?.line}`);
}

function onRefill(ctx: StepContext, cur: Cursor, e: StackcacherefillEvent): StepResult {
  const p = printedP(ctx, e);
  if (p < 0) return diverge(e.line, 'stackcacherefill without a P', 'a P (refill runs only on the cache path)', 'p=-1');
  const pending = cur.pendingRefill[p];
  if (pending !== null) {
    return diverge(e.line, `second refill on P${p} before the allocation of the refill at line ${pending.line} was printed`,
      `  allocated … for the order-${pending.order} refill at line ${pending.line}`, `stackcacherefill order=${e.order}`);
  }
  return ok({ ...cur, pendingRefill: setAt(cur.pendingRefill, p, { order: e.order, line: e.line }) });
}

function onRelease(ctx: StepContext, cur: Cursor, e: StackcachereleaseEvent): StepResult {
  const p = printedP(ctx, e);
  const want = p >= 0 ? cur.expectRelease[p] : null;
  if (want !== null && want.order === e.order) return ok({ ...cur, expectRelease: setAt(cur.expectRelease, p, null) });
  const held = p >= 0 ? cur.model.ps[p].stackcache[e.order]?.size ?? 0 : 0;
  return diverge(e.line, `the model did not release P${p}'s order-${e.order} cache here (it holds ${held} bytes; release trims from >= ${STACK_CACHE_SIZE} to ${CACHE_HALF})`,
    'no stackcacherelease', `stackcacherelease order=${e.order}`);
}

function onShrinkstack(ctx: StepContext, cur: Cursor, e: ShrinkstackEvent): StepResult {
  // Phase from evidence: a shrink is the GC's stack scan at work (scanstack), so the mark phase
  // has begun by now. Not certain: a shrink scanstack deferred (preemptShrink) runs at the G's
  // next synchronous safe point, which may come after mark termination; so "still off" stays
  // as the search's alternative.
  if (ctx.gcPhase !== 'evidence' || cur.model.gcphase === 'mark') return ok(cur);
  const r = runNoSpan(ctx.model, cur.model, (d) => d.rt.gcStart(d));
  return r.ok ? { next: [withDecision(cur, { line: e.line, op: 'gc', phase: 'mark' }, { model: r.state, obs: r.obs }), cur] } : ok(cur);
}

function onClear(ctx: StepContext, cur: Cursor, e: StackcacheClearEvent): StepResult {
  if (ctx.gcPhase !== 'evidence' || cur.model.gcphase !== 'mark') return orDuringMark(ctx, cur, e.line, clearAt(ctx, cur, e), (c) => clearAt(ctx, c, e));
  // The first flush after a cycle's shrinks is forEachP(prepareForSweep): mark termination has
  // set _GCoff, and freeStackSpans ran just before (mgc.go:gcMarkTermination). Failing that, a
  // flush during mark (ReadMemStats stops the world in any phase).
  const r = runNoSpan(ctx.model, cur.model, (d) => {
    d.rt.gcMarkTermination(d);
    d.rt.freeStackSpans(d);
  });
  const end: StepResult = r.ok
    ? clearAt(ctx, withDecision(cur, { line: e.line, op: 'gc', phase: 'off' }, { model: r.state, obs: r.obs }), e)
    : diverge(e.line, `freeStackSpans at the end of the GC cycle: ${r.message}`, 'a clean sweep start', 'stackcache clear');
  const during = clearAt(ctx, cur, e);
  const next = [...('next' in end ? end.next : []), ...('next' in during ? during.next : [])];
  return next.length > 0 ? { next } : end;
}

function clearAt(ctx: StepContext, cur: Cursor, e: StackcacheClearEvent): StepResult {
  // One P's cache is flushed; the line does not say which. Per GC cycle (forEachP(prepareForSweep))
  // and per ReadMemStats (flushallmcaches) every P is flushed exactly once, so the clears come in
  // groups of `procs`: each line is one of the Ps not yet cleared in its group.
  const all = (1 << ctx.procs) - 1;
  const cleared = cur.cleared === all ? 0 : cur.cleared;
  const next: Cursor[] = [];
  let message = '';
  for (let q = 0; q < ctx.procs; q++) {
    if (cleared & (1 << q)) continue;
    // The first flush of q since a mark termination is mcache.prepareForSweep's, any other a
    // plain stackcache_clear (ReadMemStats' flushallmcaches).
    const stale = cur.model.ps[q].flushGen !== cur.model.sweepgen;
    const r = runNoSpan(ctx.model, cur.model, (d) => (stale ? d.rt.prepareForSweep(d, q) : d.rt.stackcache_clear(d, q)));
    if (r.ok) next.push(withDecision(cur, { line: e.line, op: 'clear', p: q }, { model: r.state, obs: r.obs, cleared: cleared | (1 << q) }));
    else if (message === '') message = r.message;
  }
  return next.length > 0 ? { next } : diverge(e.line, `stackcache clear: ${message}`, 'a clean flush', 'stackcache clear');
}

function onCopystack(ctx: StepContext, cur: Cursor, e: CopystackEvent): StepResult {
  // The copy's own stackalloc and stackfree are separate lines; here the model must agree that
  // both ends are stacks it handed out, of the printed sizes.
  const ps = ctx.model.cfg.pageSize;
  const bad = heldStack(cur.model, e.new.lo, e.newsize, ps) ?? heldStack(cur.model, e.old.lo, e.old.hi - e.old.lo, ps);
  return bad === null ? ok(cur) : diverge(e.line, `copystack: ${bad}`, 'both stacks in model stack spans of their sizes', `[${hex(e.old.lo)}, ${hex(e.old.hi)}) -> [${hex(e.new.lo)}, ${hex(e.new.hi)})`);
}
