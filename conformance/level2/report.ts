import { catalogNote, catalogOfLevel2 } from '../catalog-map.ts';
// What level 2 says about a trace, and how it prints. Three outcomes: the model reproduces
// every allocator line (accepted), it parts from the trace at one line (divergence), or the
// trace does not say enough to replay it (not-replayable: stock multi-P traces, whose lines
// cannot be attributed to a P; reported, never guessed and never failed).

import type { TraceFormat } from '../trace/events.ts';
import type { Stats } from '../../model/observation.ts';
import type { AllocPath, Decision, FreePath } from './cursor.ts';
import type { Level2CheckId } from './checks.ts';

/** The first line the model cannot reproduce. @public */
export interface Divergence {
  readonly line: number;
  /** The exact replay's check (checks.ts; `requires` checks name a missing event); the stock replay's search names none. */
  readonly rule?: Level2CheckId;
  readonly message: string;
  /** What the model does there. */
  readonly expected: string;
  /** What the trace shows. */
  readonly seen: string;
}

/**
 * The GC phase is not printed. `off`: the model stays at _GCoff, so large stacks freed during a
 * GC go back to the heap at once and a later reuse of the same span is accepted from the heap
 * oracle (permissive: the stackLarge path is never exercised). `evidence`: the phase turns to
 * mark at a cycle's first `shrinking stack` line and back to off, with freeStackSpans, at the
 * next `stackcache clear` (forEachP(prepareForSweep) after mark termination), so stackLarge
 * reuse and empty pool spans kept during marking are predicted by the model. `printed`: extended
 * traces print every setGCPhase, so the replay follows them (the option is ignored there).
 * @public
 */
export type GcPhaseMode = 'off' | 'evidence' | 'printed';

/** The model Stats counters the allocator-level replay can move. @public */
export const ALLOCATOR_STATS = [
  'cacheHit', 'refill', 'release', 'cacheClear', 'pool', 'large', 'stackLargeReuse', 'largeToStackLarge', 'heapAlloc', 'spanFreed',
] as const satisfies readonly (keyof Stats)[];

/** @public */
export type AllocatorStat = (typeof ALLOCATOR_STATS)[number];

/** @public */
export interface Level2Summary {
  readonly format: TraceFormat;
  /** The model profile replayed with (a release on a platform), and how it was chosen (level2/profile.ts). */
  readonly profile: string;
  readonly profileFrom: 'option' | 'header' | 'default';
  /** Why the profile may be the wrong one: the header names another release, or one the model has no profile of. */
  readonly profileNote: string | null;
  readonly procs: number;
  /** Where procs came from: the P ids an extended trace prints, the caller, or the one-P default for stock traces. */
  readonly procsFrom: 'printed' | 'option' | 'assumed';
  /** How the replay sets the GC phase, which no trace line shows (see GcPhaseMode). */
  readonly gcPhase: GcPhaseMode;
  /** gcPhase 'evidence': the GC cycles the replay inferred, [first shrink line, ending clear line or null]. */
  readonly gcCycles: readonly (readonly [number, number | null])[];
  readonly eventsRead: number;
  /** Events replayed before stopping: all of them, or those before the divergence. */
  readonly eventsReplayed: number;
  /** Replayed lines per model path (from the decisions). */
  readonly paths: {
    readonly alloc: Readonly<Record<AllocPath, number>>;
    readonly free: Readonly<Record<FreePath, number>>;
    /** `stackcache clear` lines attributed to each P. */
    readonly clear: readonly number[];
    /** Small allocations and frees on the global pool path although the line printed a P (m.preemptoff). */
    readonly poolWithP: number;
  };
  /** The model's own counters at the end of the replay (model/observation.ts Stats, summed over the replay). */
  readonly stats: Readonly<Record<AllocatorStat, number>>;
  /** Fresh stack spans whose base the heap oracle took from the trace. */
  readonly spansPlaced: number;
  /** The search over `stackcache clear` attributions: lines stepped, times it went back, and whether it gave up. */
  readonly search: { readonly steps: number; readonly backtracks: number; readonly exhausted: boolean };
  /**
   * Model actions whose line the trace could not show because it ends first (the process
   * exited while another thread printed): a release after a final stackfree on a P, or a
   * refill whose allocation was never printed. Not divergences; listed so nothing is hidden.
   */
  readonly endNotes: readonly string[];
  /**
   * Stock traces: the forced points the replay passed that a stock trace cannot show (no GC
   * phase, span, P-on-clear or dead-G lines), so no `requires` check could be made there; null
   * for extended traces, where every one is checked.
   */
  readonly uncheckedForced: UncheckedForced | null;
  /** One entry per replayed allocator line, in trace order. */
  readonly decisions: readonly Decision[];
}

/** @public */
export type Level2Report =
  | ({ readonly status: 'accepted' } & Level2Summary)
  | ({ readonly status: 'divergence'; readonly divergence: Divergence } & Level2Summary)
  | {
      readonly status: 'not-replayable';
      readonly format: TraceFormat;
      readonly eventsRead: number;
      readonly reason: string;
      /** The lines that cannot be attributed to a P (or a size). */
      readonly unattributable: readonly number[];
    };

/** Forced points a stock trace cannot show, by the extended check that would have covered them. @public */
export interface UncheckedForced {
  readonly total: number;
  /** Per level-2 check of the `requires` group: how many of its points the replay passed unchecked. */
  readonly parts: Readonly<Partial<Record<Level2CheckId, number>>>;
}

const count = (r: Readonly<Record<string, number>>): string =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

const PROFILE_FROM: Readonly<Record<Level2Summary['profileFrom'], string>> = {
  option: 'as asked',
  header: "from the trace's stackcheck-trace header",
  default: 'the default: the trace names no release',
};

/** A few human-readable lines, the first one the verdict. @public */
export function formatLevel2(r: Level2Report): string {
  if (r.status === 'not-replayable') {
    return `level 2: not replayable at level 2: ${r.unattributable.length} lines unattributable (${r.reason})`;
  }
  const procs = `GOMAXPROCS=${r.procs} ${r.procsFrom}`;
  const head =
    r.status === 'accepted'
      ? `level 2: accepted: the model reproduces all ${r.eventsRead} events (${r.format}, ${procs}, GC phase ${r.gcPhase})`
      : `level 2: divergence at line ${r.divergence.line}${r.divergence.rule === undefined ? '' : ` [${r.divergence.rule}${catalogNote(catalogOfLevel2(r.divergence.rule))}]`}: ${r.divergence.message}`;
  const lines = [head];
  if (r.status === 'divergence') {
    lines.push(`  expected: ${r.divergence.expected}`, `  seen:     ${r.divergence.seen}`);
    lines.push(`  after ${r.eventsReplayed} of ${r.eventsRead} events (${r.format}, ${procs}, GC phase ${r.gcPhase})`);
  }
  lines.push(`  profile:     ${r.profile} (${PROFILE_FROM[r.profileFrom]})`);
  if (r.profileNote !== null) lines.push(`  note: ${r.profileNote}`);
  lines.push(`  alloc paths: ${count(r.paths.alloc)}; fresh spans placed: ${r.spansPlaced}`);
  lines.push(`  free paths:  ${count(r.paths.free)}; pool path with a P: ${r.paths.poolWithP}`);
  lines.push(`  clears:      ${r.paths.clear.map((n, p) => `P${p} ${n}`).join(', ')}`);
  lines.push(`  model stats: ${count(r.stats)}`);
  if (r.gcCycles.length > 0) lines.push(`  GC cycles:   ${r.gcCycles.map(([a, b]) => `lines ${a}–${b ?? 'end'}`).join(', ')} (mark from the first shrink to the next clear)`);
  if (r.uncheckedForced !== null) {
    const parts = Object.entries(r.uncheckedForced.parts).map(([k, n]) => `${k} ${n}`).join(', ');
    lines.push(`  not checkable in a stock trace: ${r.uncheckedForced.total} forced points (${parts}); every gfput and markrootFreeGStacks free too (no G lines)`);
  }
  for (const note of r.endNotes) lines.push(`  note: ${note}`);
  if (r.search.backtracks > 0 || r.search.exhausted) {
    lines.push(`  search: ${r.search.steps} steps, ${r.search.backtracks} backtracks${r.search.exhausted ? ', budget exhausted' : ''}`);
  }
  return lines.join('\n');
}
