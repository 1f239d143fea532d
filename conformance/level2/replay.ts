// Level 2: replay a real trace's allocator lines through the model (stackalloc, stackfree,
// the per-P caches and the global pool), at the allocator level — traces have no G ids, so no
// goroutine is modelled. The model starts empty (no spans, the arena one free range from
// 0xc000000000) with the trace's Ps; the heap oracle takes span bases from the trace, and the
// model must predict every other address and every refill and release.

import { draftOf, finish } from '../../model/draft.ts';
import { emptyState } from '../../model/init.ts';
import { initialPs } from '../../model/proc.ts';
import { defaultScope, makeConfig, type Profile } from '../../model/profile.ts';
import { goRuntime, type Runtime } from '../../model/runtime.ts';
import type { State } from '../../model/state.ts';
import type { Trace } from '../trace/events.ts';
import type { ConformProgress } from '../trace/progress.ts';
import { attribute } from './attribute.ts';
import { decisionsOf, noStats, type AllocPath, type Cursor, type Decision, type FreePath } from './cursor.ts';
import { ALLOCATOR_STATS, type AllocatorStat, type Divergence, type GcPhaseMode, type Level2Report, type Level2Summary, type UncheckedForced } from './report.ts';
import type { Level2CheckId } from './checks.ts';
import type { ReplayModel } from './run.ts';
import { search } from './search.ts';
import { replayExact } from './exact.ts';
import { chooseProfile, otherReleases } from './profile.ts';
import { ARENA_PAGES, checkRelease } from './release.ts';

/** @public */
export interface Level2Options {
  /** GOMAXPROCS of the traced run. Extended traces print it (the highest P id + 1); stock traces are assumed to have one P. */
  readonly procs?: number;
  /** The routine table to replay (default: the correct model, goRuntime); a mutant's table tests the harness. */
  readonly runtime?: Runtime;
  /** Most event steps the search may take, backtracking included (default 20 per event + 10,000). */
  readonly budget?: number;
  /** How to set the GC phase the trace does not print (default 'evidence'; see GcPhaseMode). */
  readonly gcPhase?: GcPhaseMode;
  /** The release and platform to replay with (default: the one the trace's header names, else go1.19 on linux/amd64; see profile.ts). */
  readonly profile?: Profile;
  /** Told how many events have been replayed, for a progress line. */
  readonly progress?: ConformProgress;
}

/** Replays a parsed trace through the model. Run level 1 first: level 2 assumes a well-formed trace. @public */
export function replayLevel2(trace: Trace, options: Level2Options = {}): Level2Report {
  const who = attribute(trace, options.procs);
  if (!who.ok) return { status: 'not-replayable', format: trace.format, eventsRead: trace.events.length, reason: who.reason, unattributable: who.lines };
  const chosen = chooseProfile(trace, options.profile);
  // The model heap: one free range from the release's arena base (far larger than any trace touches).
  const release = checkRelease(trace, chosen.profile, otherReleases(chosen.profile));
  const profile = { ...chosen.profile, arenaBase: release.arenaBase };
  const cfg = makeConfig(profile, { ...defaultScope, arenaPages: ARENA_PAGES, procs: who.procs, maxProcs: who.procs });
  const model: ReplayModel = { cfg, base: options.runtime ?? goRuntime };
  const init: Cursor = {
    model: startState(model, who.procs),
    pendingRefill: new Array<null>(who.procs).fill(null),
    expectRelease: new Array<null>(who.procs).fill(null),
    stats: noStats,
    cleared: 0,
    decisions: null,
  };
  const profiled = (r: Level2Report): Level2Report => withRelease(r, release.divergence, trace);
  const named = { profile: chosen.profile.name, profileFrom: chosen.from, profileNote: chosen.note };
  if (trace.format === 'extended') return profiled(exactReport(trace, model, init.model, who, named, options.progress));
  const gcPhase = options.gcPhase ?? 'evidence';
  const ctx = { model, events: trace.events, procs: who.procs, extended: false, gcPhase };
  const budget = options.budget ?? 20 * trace.events.length + 10_000;
  const out = search(ctx, init, budget, options.progress);
  const summary = (cursor: Cursor, replayed: number, exhausted: boolean): Level2Summary => {
    const decisions = decisionsOf(cursor.decisions);
    return {
      format: trace.format,
      ...named,
      procs: who.procs,
      procsFrom: who.procsFrom,
      gcPhase,
      gcCycles: gcCycles(decisions),
      eventsRead: trace.events.length,
      eventsReplayed: replayed,
      paths: pathCounts(decisions, who.procs),
      stats: statsOf(cursor),
      spansPlaced: decisions.filter((d) => d.op === 'alloc' && d.span !== null).length,
      search: { steps: out.steps, backtracks: out.backtracks, exhausted },
      endNotes: out.kind === 'accepted' ? endNotes(cursor) : [],
      uncheckedForced: uncheckedForced(decisions, statsOf(cursor), who.procs),
      decisions,
    };
  };
  if (out.kind === 'accepted') return profiled({ status: 'accepted', ...summary(out.cursor, trace.events.length, false) });
  return profiled({ status: 'divergence', divergence: out.divergence, ...summary(out.cursor, out.index, out.exhausted) });
}

/**
 * The report with the profile it ran with, and the release divergence (release.ts) in place of the
 * replay's verdict when it comes first: on a trace of another release that is the line to show,
 * not the address mismatch the replay runs into after it.
 */
function withRelease(r: Level2Report, d: Divergence | null, trace: Trace): Level2Report {
  if (r.status === 'not-replayable' || d === null || (r.status === 'divergence' && r.divergence.line < d.line)) return r;
  const replayed = trace.events.filter((e) => e.line < d.line).length;
  return { ...r, status: 'divergence', divergence: d, eventsReplayed: Math.min(replayed, r.eventsReplayed) };
}

type ProfileNamed = Pick<Level2Summary, 'profile' | 'profileFrom' | 'profileNote'>;

/** Extended traces: the one-pass replay (exact.ts), no search. */
function exactReport(
  trace: Trace, model: ReplayModel, start: State, who: { procs: number; procsFrom: Level2Summary['procsFrom'] }, named: ProfileNamed,
  progress: ConformProgress | undefined,
): Level2Report {
  const out = replayExact(trace, model, start, who.procs, progress);
  const summary: Level2Summary = {
    format: trace.format,
    ...named,
    procs: who.procs,
    procsFrom: who.procsFrom,
    gcPhase: 'printed',
    gcCycles: gcCycles(out.decisions),
    eventsRead: trace.events.length,
    eventsReplayed: out.index,
    paths: pathCounts(out.decisions, who.procs),
    stats: Object.fromEntries(ALLOCATOR_STATS.map((k) => [k, out.stats[k]])) as Record<AllocatorStat, number>,
    spansPlaced: out.decisions.filter((d) => d.op === 'alloc' && d.span !== null).length,
    search: { steps: out.index, backtracks: 0, exhausted: false },
    endNotes: out.endNotes,
    uncheckedForced: null,
    decisions: out.decisions,
  };
  return out.divergence === null ? { status: 'accepted', ...summary } : { status: 'divergence', divergence: out.divergence, ...summary };
}

/** An empty runtime with procs Ps: no spans, no stacks; m0's gsignal stack is the trace's first line. */
function startState(m: ReplayModel, procs: number): State {
  const d = draftOf(emptyState(m.cfg), m.cfg, m.base);
  initialPs(d, procs);
  return finish(d);
}

function pathCounts(decisions: readonly Decision[], procs: number): Level2Summary['paths'] {
  const alloc: Record<AllocPath, number> = { cacheHit: 0, refill: 0, pool: 0, large: 0, stackLargeReuse: 0 };
  const free: Record<FreePath, number> = { cache: 0, release: 0, pool: 0, largeToHeap: 0, largeToStackLarge: 0 };
  const clear = new Array<number>(procs).fill(0);
  let poolWithP = 0;
  for (const d of decisions) {
    if (d.op === 'alloc') alloc[d.path]++;
    else if (d.op === 'free') free[d.path]++;
    else if (d.op === 'clear') clear[d.p]++;
    if ((d.op === 'alloc' || d.op === 'free') && d.path === 'pool' && d.p >= 0) poolWithP++;
  }
  return { alloc, free, clear, poolWithP };
}

function statsOf(c: Cursor): Record<AllocatorStat, number> {
  return Object.fromEntries(ALLOCATOR_STATS.map((k) => [k, c.stats[k]])) as Record<AllocatorStat, number>;
}

function endNotes(c: Cursor): string[] {
  const notes: string[] = [];
  c.expectRelease.forEach((r, p) => {
    if (r !== null) notes.push(`the model releases P${p}'s order-${r.order} cache in the stackfree at line ${r.line}; the trace ends before that P prints again`);
  });
  c.pendingRefill.forEach((r, p) => {
    if (r !== null) notes.push(`the refill at line ${r.line} on P${p} has no allocated line: the trace ends first`);
  });
  return notes;
}

/**
 * The forced points a stock replay went past without a line that could show them: each large
 * free (heap or stackLarge depends on the unprinted GC phase), each span the model returned to
 * the heap (stock traces print no span), and per GC cycle the replay inferred, the flush of every
 * P, freeStackSpans and markrootFreeGStacks. (Dead Gs' frees cannot even be counted: no G lines.)
 */
function uncheckedForced(decisions: readonly Decision[], stats: Record<AllocatorStat, number>, procs: number): UncheckedForced {
  const cycles = decisions.filter((d) => d.op === 'gc' && d.phase === 'mark').length;
  const parts: Partial<Record<Level2CheckId, number>> = {
    'large-free-phase': decisions.filter((d) => d.op === 'free' && (d.path === 'largeToHeap' || d.path === 'largeToStackLarge')).length,
    'span-to-heap-required': stats.spanFreed,
    'flush-before-gc': cycles * procs,
    'free-stack-spans': cycles,
    'markroot-each-cycle': cycles,
  };
  return { total: Object.values(parts).reduce((a, b) => a + (b ?? 0), 0), parts };
}

function gcCycles(decisions: readonly Decision[]): [number, number | null][] {
  const cycles: [number, number | null][] = [];
  for (const d of decisions) {
    if (d.op !== 'gc') continue;
    if (d.phase === 'mark') cycles.push([d.line, null]);
    else if (cycles.length > 0) cycles[cycles.length - 1][1] = d.line;
  }
  return cycles;
}
