// Level 2 as a stream: the events level 1 accepted, fed one at a time as the trace is read.
// An extended trace is replayed as it comes (ExtendedReplay), holding only a bounded window of
// events past the one replayed (lookahead.ts); a stock trace is held whole, because its replay
// is a search that may backtrack to any earlier choice point (search.ts), and run at the end.
//
// Four facts of the whole trace shape the replay from its first event: the format, the header
// (the profile), the highest P (the Ps the model has) and, for a release with a randomized heap
// base, the lowest address (the model heap's arena). The stream guesses them from the first
// events — up to the header, which the trace programs print once the runtime has started (after
// its first procresize), or PREFIX events — and checks the guess against the whole trace at the end. When a guess was
// wrong (a trace whose GOMAXPROCS grows later, a header after the first events), `end` asks for
// a second pass with the facts it now knows, so the report is the one a replay that knew them
// from the start gives.

import type { TraceEvent, TraceFormat, TraceHeader } from '../trace/events.ts';
import type { ReadState, TraceMeta } from '../trace/parse.ts';
import { PrintedPs, printedProcs } from './attribute.ts';
import { LOOKAHEAD, type Lookahead } from './lookahead.ts';
import { chooseProfile } from './profile.ts';
import { addressOf, arenaFor } from './release.ts';
import { ExtendedReplay, notReplayable, replayLevel2, type Level2Options } from './replay.ts';
import type { Level2Report } from './report.ts';

/** The facts of a whole trace the replay needs before its first event. @internal */
export interface ReplayFacts {
  readonly format: TraceFormat;
  readonly header: TraceHeader | null;
  /** The highest P a line names (extended), and the first line naming too many. */
  readonly maxP: number;
  readonly tooMany: PrintedPs['tooMany'];
  /** The lowest stack or span address (Infinity: none). */
  readonly lowest: number;
}

/** Events read before the replay starts on guessed facts, if no header line came first. @internal */
export const PREFIX = 1024;

/** @internal */
export type Level2End = { readonly report: Level2Report } | { readonly rerun: ReplayFacts };

/** @internal */
export class Level2Stream {
  private readonly ps = new PrintedPs();
  private lowest = Infinity;
  private fed = 0;
  /** Events fed before the replay started. */
  private prefix: TraceEvent[] = [];
  private started: ReplayFacts | null = null;
  /** Stock: every event, replayed at the end. */
  private held: TraceEvent[] | null = null;
  private run: ExtendedReplay | null = null;
  /** Extended: the events fed but not replayed yet; window[k] is event windowFrom + k. */
  private window: TraceEvent[] = [];
  private windowHead = 0;
  private windowFrom = 0;
  private readonly look: Lookahead;

  constructor(
    private readonly options: Level2Options,
    assumed: ReplayFacts | null,
  ) {
    const self = this;
    this.look = {
      get end() {
        return self.windowFrom + self.window.length - self.windowHead;
      },
      at: (k) => self.window[self.windowHead + k - self.windowFrom],
    };
    if (assumed !== null) this.start(assumed);
  }

  /** Events replayed so far (for the progress line). */
  get replayed(): number {
    return this.run?.replayed ?? 0;
  }

  feed(e: TraceEvent, read: ReadState): void {
    this.fed++;
    this.ps.see(e);
    this.lowest = Math.min(this.lowest, addressOf(e));
    if (this.started === null) {
      this.prefix.push(e);
      if ((read.header !== null && read.format !== null) || this.prefix.length >= PREFIX) this.start(this.facts(read.format ?? 'stock', read.header));
      return;
    }
    this.take(e);
  }

  /** After the last event: the report, or a second pass with the facts the first one got wrong. */
  end(meta: TraceMeta): Level2End {
    const truth = this.facts(meta.format, meta.header);
    if (this.started === null) this.start(truth);
    const guess = this.started as ReplayFacts;
    const who = this.ps.attribution(this.options.procs);
    if (truth.format === 'extended' && !who.ok) return { report: notReplayable('extended', this.fed, who) };
    if (!this.sameReplay(guess, truth)) return { rerun: truth };
    if (this.held !== null) return { report: replayLevel2({ ...meta, events: this.held }, this.options) };
    this.drain(true);
    return { report: (this.run as ExtendedReplay).end(this.fed) };
  }

  private facts(format: TraceFormat, header: TraceHeader | null): ReplayFacts {
    return { format, header, maxP: this.ps.maxP, tooMany: this.ps.tooMany, lowest: this.lowest };
  }

  // Whether a replay on `a` is the replay on `b`: the same path, profile, Ps and arena.
  private sameReplay(a: ReplayFacts, b: ReplayFacts): boolean {
    if (a.format !== b.format || JSON.stringify(a.header) !== JSON.stringify(b.header)) return false;
    if (a.format === 'stock') return true;
    const profile = chooseProfile(b, this.options.profile).profile;
    return a.maxP === b.maxP && (a.tooMany === null) === (b.tooMany === null) && arenaFor(profile, a.lowest) === arenaFor(profile, b.lowest);
  }

  private start(facts: ReplayFacts): void {
    this.started = facts;
    if (facts.format === 'stock') this.held = [];
    else if (facts.tooMany === null) this.run = new ExtendedReplay(facts.header, printedProcs(facts.maxP, this.options.procs), facts.lowest, this.options);
    const prefix = this.prefix;
    this.prefix = [];
    for (const e of prefix) this.take(e);
  }

  private take(e: TraceEvent): void {
    if (this.held !== null) this.held.push(e);
    else if (this.run !== null && this.ps.maxP > (this.started as ReplayFacts).maxP) {
      // A P beyond the guessed ones: the model has no such P, and end asks for a second pass.
      this.run = null;
      this.window = [];
    } else if (this.run !== null) {
      this.window.push(e);
      this.drain(false);
    }
  }

  // Replays the window's events in order, stopping at one that waits for a later line (until the window is full, or at the end).
  private drain(final: boolean): void {
    const run = this.run as ExtendedReplay;
    while (this.windowHead < this.window.length) {
      const i = this.windowFrom;
      const e = this.window[this.windowHead];
      if (!final && this.window.length - this.windowHead <= LOOKAHEAD && run.waits(e, i, this.look)) break;
      run.step(e, i, this.look);
      this.windowHead++;
      this.windowFrom++;
    }
    if (this.windowHead === this.window.length) {
      this.window = [];
      this.windowHead = 0;
    } else if (this.windowHead > LOOKAHEAD) {
      this.window = this.window.slice(this.windowHead);
      this.windowHead = 0;
    }
  }
}
