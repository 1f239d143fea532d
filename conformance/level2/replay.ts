// Level 2: replay a real trace's allocator lines through the model (stackalloc, stackfree,
// the per-P caches and the global pool), at the allocator level — traces have no G ids, so no
// goroutine is modelled. The model starts empty (no spans, the arena one free range from
// 0xc000000000) with the trace's Ps; the heap oracle takes span bases from the trace, and the
// model must predict every other address and every refill and release.

import { draftOf, finish } from '../../model/draft.ts';
import { emptyState } from '../../model/init.ts';
import type { Stats } from '../../model/observation.ts';
import { initialPs } from '../../model/proc.ts';
import { defaultScope, makeConfig, type Profile } from '../../model/profile.ts';
import { goRuntime, type Runtime } from '../../model/runtime.ts';
import type { State } from '../../model/state.ts';
import type { Trace, TraceEvent, TraceHeader } from '../trace/events.ts';
import { attribute, type Attribution } from './attribute.ts';
import { DecisionTally, decisionsOf, noStats, type Cursor, type Decision } from './cursor.ts';
import { ALLOCATOR_STATS, type AllocatorStat, type Divergence, type GcPhaseMode, type Level2Report, type Level2Summary, type UncheckedForced } from './report.ts';
import type { Level2CheckId } from './checks.ts';
import { replayModel, type ReplayModel } from './run.ts';
import { search } from './search.ts';
import { ExactReplay } from './exact.ts';
import { arrayLookahead, type Lookahead } from './lookahead.ts';
import { chooseProfile, otherReleases, type ChosenProfile } from './profile.ts';
import { ARENA_PAGES, ReleaseWatch, addressOf, arenaFor, checkRelease, type Found } from './release.ts';

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
  /** Told how many events a stock trace's search has replayed (every PROGRESS_EVERY steps), for a progress line. */
  readonly onReplayed?: (replayed: number) => void;
  /** Keep every decision in the report (default true; the JSON report lists them: a list as long as the trace). */
  readonly decisions?: boolean;
}

/** Replays a parsed trace through the model. Run level 1 first: level 2 assumes a well-formed trace. @public */
export function replayLevel2(trace: Trace, options: Level2Options = {}): Level2Report {
  const who = attribute(trace, options.procs);
  if (!who.ok) return notReplayable(trace.format, trace.events.length, who);
  if (trace.format === 'extended') {
    let lowest = Infinity;
    for (const e of trace.events) lowest = Math.min(lowest, addressOf(e));
    const run = new ExtendedReplay(trace.header, who, lowest, options);
    const look = arrayLookahead(trace.events);
    trace.events.forEach((e, i) => run.step(e, i, look));
    return run.end(trace.events.length);
  }
  const chosen = chooseProfile(trace, options.profile);
  const release = checkRelease(trace, chosen.profile, otherReleases(chosen.profile));
  const { model, start } = setUp(chosen.profile, release.arenaBase, who.procs, options);
  const init: Cursor = {
    model: start,
    pendingRefill: new Array<null>(who.procs).fill(null),
    expectRelease: new Array<null>(who.procs).fill(null),
    stats: noStats,
    cleared: 0,
    decisions: null,
  };
  const gcPhase = options.gcPhase ?? 'evidence';
  const ctx = { model, events: trace.events, procs: who.procs, extended: false, gcPhase };
  const budget = options.budget ?? 20 * trace.events.length + 10_000;
  const out = search(ctx, init, budget, options.onReplayed);
  const summary = (cursor: Cursor, replayed: number, exhausted: boolean): Level2Summary => {
    const decisions = decisionsOf(cursor.decisions);
    const tally = DecisionTally.of(decisions, who.procs);
    return {
      format: trace.format,
      ...named(chosen),
      procs: who.procs,
      procsFrom: who.procsFrom,
      gcPhase,
      gcCycles: tally.gcCycles,
      eventsRead: trace.events.length,
      eventsReplayed: replayed,
      paths: pathCounts(tally),
      stats: statsOf(cursor.stats),
      spansPlaced: tally.spansPlaced,
      search: { steps: out.steps, backtracks: out.backtracks, exhausted },
      endNotes: out.kind === 'accepted' ? endNotes(cursor) : [],
      uncheckedForced: uncheckedForced(decisions, statsOf(cursor.stats), who.procs),
      decisions: options.decisions === false ? [] : decisions,
    };
  };
  const found = release.divergence === null ? null : { divergence: release.divergence, index: release.index };
  if (out.kind === 'accepted') return withRelease({ status: 'accepted', ...summary(out.cursor, trace.events.length, false) }, found);
  return withRelease({ status: 'divergence', divergence: out.divergence, ...summary(out.cursor, out.index, out.exhausted) }, found);
}

/** A trace whose lines cannot be attributed to Ps (attribute.ts). @internal */
export function notReplayable(format: Trace['format'], eventsRead: number, who: Extract<Attribution, { ok: false }>): Level2Report {
  return { status: 'not-replayable', format, eventsRead, reason: who.reason, unattributable: who.lines };
}

/**
 * The report with the release divergence (release.ts) in place of the replay's verdict when it
 * comes first: on a trace of another release that is the line to show, not the address mismatch
 * the replay runs into after it.
 */
function withRelease(r: Level2Report, found: Found | null): Level2Report {
  if (r.status === 'not-replayable' || found === null || (r.status === 'divergence' && r.divergence.line < found.divergence.line)) return r;
  return { ...r, status: 'divergence', divergence: found.divergence, eventsReplayed: Math.min(found.index, r.eventsReplayed) };
}

type ProfileNamed = Pick<Level2Summary, 'profile' | 'profileFrom' | 'profileNote'>;

function named(chosen: ChosenProfile): ProfileNamed {
  return { profile: chosen.profile.name, profileFrom: chosen.from, profileNote: chosen.note };
}

/** The replay's model: the profile with its heap at arenaBase (one free range, far larger than any trace touches), `procs` Ps. */
function setUp(chosen: Profile, arenaBase: number, procs: number, options: Level2Options): { model: ReplayModel; start: State } {
  const profile = { ...chosen, arenaBase };
  const cfg = makeConfig(profile, { ...defaultScope, arenaPages: ARENA_PAGES, procs, maxProcs: procs });
  const model = replayModel(cfg, options.runtime ?? goRuntime);
  return { model, start: startState(model, procs) };
}

/**
 * An extended trace's replay (exact.ts: one pass, no search), one event at a time in trace
 * order, with the release checks beside it; `end` gives the report. It needs, before the first
 * event, the trace's header (the profile), its Ps and its lowest address (the arena of a
 * randomized heap): facts of the whole trace, which stream.ts guesses and checks at the end.
 * @internal
 */
export class ExtendedReplay {
  private readonly chosen: ChosenProfile;
  private readonly replay: ExactReplay;
  private readonly watch: ReleaseWatch;
  private divergence: Divergence | null = null;
  /** Events replayed without divergence. */
  replayed = 0;

  constructor(header: TraceHeader | null, private readonly who: { readonly procs: number; readonly procsFrom: Level2Summary['procsFrom'] }, lowest: number, options: Level2Options) {
    this.chosen = chooseProfile({ header }, options.profile);
    const arenaBase = arenaFor(this.chosen.profile, lowest);
    this.watch = new ReleaseWatch(this.chosen.profile, otherReleases(this.chosen.profile), header, arenaBase);
    const { model, start } = setUp(this.chosen.profile, arenaBase, who.procs, options);
    this.replay = new ExactReplay(model, start, who.procs, options.decisions !== false);
  }

  step(e: TraceEvent, i: number, look: Lookahead): void {
    this.watch.see(e, i, look);
    if (this.divergence !== null) return;
    this.divergence = this.replay.step(e, i, look);
    if (this.divergence === null) this.replayed = i + 1;
  }

  /** Whether the event at i needs a later line than look holds. */
  waits(e: TraceEvent, i: number, look: Lookahead): boolean {
    return this.watch.waits(e, i, look) || (this.divergence === null && this.replay.waits(e, i, look));
  }

  /** After every event: the end-of-trace checks (if nothing diverged) and the report. */
  end(eventsRead: number): Level2Report {
    const out = this.divergence === null ? this.replay.outcome(this.replay.finishTrace(), eventsRead) : this.replay.outcome(this.divergence, this.replayed);
    const { tally } = out;
    const summary: Level2Summary = {
      format: 'extended',
      ...named(this.chosen),
      procs: this.who.procs,
      procsFrom: this.who.procsFrom,
      gcPhase: 'printed',
      gcCycles: tally.gcCycles,
      eventsRead,
      eventsReplayed: out.index,
      paths: pathCounts(tally),
      stats: statsOf(out.stats),
      spansPlaced: tally.spansPlaced,
      search: { steps: out.index, backtracks: 0, exhausted: false },
      endNotes: out.endNotes,
      uncheckedForced: null,
      decisions: tally.decisions,
    };
    const r: Level2Report = out.divergence === null ? { status: 'accepted', ...summary } : { status: 'divergence', divergence: out.divergence, ...summary };
    return withRelease(r, this.watch.result());
  }
}

/** An empty runtime with procs Ps: no spans, no stacks; m0's gsignal stack is the trace's first line. */
function startState(m: ReplayModel, procs: number): State {
  const d = draftOf(emptyState(m.cfg), m.cfg, m.base);
  initialPs(d, procs);
  return finish(d);
}

function pathCounts(t: DecisionTally): Level2Summary['paths'] {
  return { alloc: t.alloc, free: t.free, clear: t.clear, poolWithP: t.poolWithP };
}

function statsOf(stats: Stats): Record<AllocatorStat, number> {
  return Object.fromEntries(ALLOCATOR_STATS.map((k) => [k, stats[k]])) as Record<AllocatorStat, number>;
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
