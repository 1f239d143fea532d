// What the allocator lines of a trace show about the release it comes from, checked against the
// profile the replay runs with before any line is replayed: where the heap arena lies (fixed at
// arenaBase in Go 1.19; randomized in Go 1.26, malloc.go:mallocinit randomizeHeapBase), m0's
// first stacks (os_linux.go:mpreinit's gsignal; Go 1.26's proc.go:schedinit then allocates
// gcrash.stack) and each later M's pair (mpreinit's gsignal, then proc.go:allocm's g0: 8 KiB in
// Go 1.19, 16 KiB in Go 1.26). On a trace of another release these are the first lines that
// differ, so the divergence names the profile whose release shows them, instead of replaying on
// into a confusing address mismatch.

import type { Profile } from '../../model/profile.ts';
import type { AllocatedEvent, Trace, TraceEvent, TraceHeader } from '../trace/events.ts';
import { WaitingSearch, arrayLookahead, findAfter, type Lookahead } from './lookahead.ts';
import type { Divergence } from './report.ts';

/** The arena the replay's model heap spans (8 GiB of pages: more than any trace touches). @internal */
export const ARENA_PAGES = 1 << 20;

// heapArenaBytes on 64-bit linux (malloc.go: 64 MiB): a randomized heap still starts on an arena boundary.
const HEAP_ARENA_BYTES = 64 * 2 ** 20;

/** @internal */
export interface ReleaseCheck {
  /** Where the replay's model heap starts: the profile's arenaBase, or the trace's own arena when the release randomizes it. */
  readonly arenaBase: number;
  /** The first line where the trace shows another release than the profile's, or null. */
  readonly divergence: Divergence | null;
  /** The position of that line's event (the events before it are the ones replayed). */
  readonly index: number;
}

/**
 * Checks the release-specific lines of a whole trace against `profile` (ReleaseWatch over its
 * events); `others` are the profiles a divergence may name instead (their lines agree with the
 * trace where this one's do not). The lines must carry their P (extended, or a stock trace read
 * as one P: attribute.ts first).
 * @internal
 */
export function checkRelease(trace: Trace, profile: Profile, others: readonly Profile[]): ReleaseCheck {
  let lowest = Infinity;
  for (const e of trace.events) lowest = Math.min(lowest, addressOf(e));
  const arenaBase = arenaFor(profile, lowest);
  const watch = new ReleaseWatch(profile, others, trace.header, arenaBase);
  const look = arrayLookahead(trace.events);
  trace.events.forEach((e, i) => watch.see(e, i, look));
  const found = watch.result();
  return { arenaBase, divergence: found?.divergence ?? null, index: found?.index ?? 0 };
}

/** The stack or span address a line shows (allocated, stackspan), else Infinity: the arena is the one holding the lowest. @internal */
export function addressOf(e: TraceEvent): number {
  return e.kind === 'allocated' ? e.v : e.kind === 'stackspan' ? e.base : Infinity;
}

/** The profile's fixed arena, or (randomized heap base) the 64 MiB arena holding the trace's lowest stack or span. @internal */
export function arenaFor(profile: Profile, lowest: number): number {
  if (!profile.heapBaseRandomized || lowest === Infinity) return profile.arenaBase;
  return Math.floor(lowest / HEAP_ARENA_BYTES) * HEAP_ARENA_BYTES;
}

type Sized = AllocatedEvent & { n: number };

/**
 * The release checks, one event at a time in trace order (`see`), each keeping its first
 * divergence; `result` is the earliest, with its event's position. m0's stacks come first: its
 * gsignal (mpreinit, from schedinit's mcommoninit), then — where the release has one —
 * schedinit's crash stack. Every later allocation of the gsignal size that no copystack takes as
 * its new stack is a new M's gsignal (allocm → mcommoninit → mpreinit), and the next allocation
 * on that P is the M's g0 (allocm → malg; allocm holds the P in between). Limit: a goroutine's
 * first stack of the gsignal size (adaptive starting size of 32 KiB: gfget) would be read as a
 * gsignal; none of the programs reaches it. A trace without copystack lines is not read for M
 * stacks (the model's own printed traces, hand-made snippets): telling a gsignal from a grown
 * stack needs them.
 * @internal
 */
export class ReleaseWatch {
  private readonly suggest: Suggest;
  private readonly arenaEnd: number;
  private arena: Found | null = null;
  private shrink: Found | null = null;
  private mStacks: Found | null = null;
  private sawCopystack = false;
  /** Sized allocations seen so far. */
  private allocs = 0;
  /** Per P: a new M's gsignal stack, whose g0 is that P's next allocation. */
  private readonly newM = new Map<number, Sized>();
  private readonly waiting = new WaitingSearch();

  constructor(
    private readonly profile: Profile,
    private readonly others: readonly Profile[],
    header: TraceHeader | null,
    private readonly arenaBase: number,
  ) {
    this.suggest = suggester(header, profile);
    this.arenaEnd = arenaBase + ARENA_PAGES * 2 ** profile.pageShift;
  }

  see(e: TraceEvent, i: number, look: Lookahead): void {
    if (e.kind === 'copystack') this.sawCopystack = true;
    if (this.arena === null) this.arena = this.arenaDivergence(e, i);
    if (this.shrink === null) this.shrink = this.shrinkDivergence(e, i);
    if (this.mStacks === null && e.kind === 'allocated' && e.by !== 'unattributed') this.mStacks = this.mStackDivergence(e, i, look);
  }

  /** Whether the event at i needs a later line than look holds: a gsignal-sized allocation, until its copystack (if any) is in sight. */
  waits(e: TraceEvent, i: number, look: Lookahead): boolean {
    // m0's first stacks are read without it; later ones only while no divergence has been found.
    const first = this.profile.crashStackSize > 0 ? 2 : 1;
    if (this.mStacks !== null || this.allocs < first || e.kind !== 'allocated' || e.by === 'unattributed' || e.n !== this.profile.gsignalStackSize) return false;
    return this.waiting.find(look, i, takes(e.v)) < 0;
  }

  /** The earliest divergence found (m-stacks only in a trace with copystack lines), or null. */
  result(): Found | null {
    const found = [this.arena, this.sawCopystack ? this.mStacks : null, this.shrink].filter((d): d is Found => d !== null);
    return found.sort((a, b) => a.divergence.line - b.divergence.line)[0] ?? null;
  }

  private arenaDivergence(e: TraceEvent, i: number): Found | null {
    const at = addressOf(e);
    if (at === Infinity || (at >= this.arenaBase && at < this.arenaEnd)) return null;
    const { profile } = this;
    const named = this.others.filter((o) => o.heapBaseRandomized);
    return {
      index: i,
      divergence: {
        line: e.line,
        rule: 'heap-arena',
        message: `a stack at 0x${at.toString(16)}, outside ${profile.name}'s heap arena: ${profile.release}'s heap starts at 0x${profile.arenaBase.toString(16)} (malloc.go:mallocinit)${this.suggest(named, 'randomizes the heap base (malloc.go:mallocinit randomizeHeapBase)')}`,
        expected: `an address in [0x${this.arenaBase.toString(16)}, 0x${this.arenaEnd.toString(16)})`,
        seen: `0x${at.toString(16)}`,
      },
    };
  }

  private mStackDivergence(a: Sized, i: number, look: Lookahead): Found | null {
    const { profile, others, suggest } = this;
    if (profile.gsignalStackSize === 0) return null;
    const k = this.allocs++;
    const at = (divergence: Divergence): Found => ({ index: i, divergence });
    if (k === 0) {
      if (a.n === profile.gsignalStackSize) return null;
      return at(mismatch(suggest, a, `m0's gsignal stack (os_linux.go:mpreinit, from proc.go:schedinit's mcommoninit) is the first stack`, profile.gsignalStackSize, profile, others.filter((o) => o.gsignalStackSize === a.n), 'allocates this first'));
    }
    if (k === 1 && profile.crashStackSize > 0) {
      // schedinit: mcommoninit(m0) → gsignal, then gcrash.stack, all before procresize and the main goroutine.
      if (a.n === profile.crashStackSize) return null;
      return at(mismatch(suggest, a, `${profile.release}'s schedinit allocates the crash stack next (proc.go:schedinit gcrash.stack = stackalloc(${profile.crashStackSize}))`, profile.crashStackSize, profile, others.filter((o) => o.crashStackSize === 0), 'allocates no crash stack'));
    }
    const p = a.by === 'printed' ? a.p : 0;
    const signal = this.newM.get(p);
    if (signal !== undefined) {
      this.newM.delete(p);
      if (a.n === profile.g0StackSize) return null;
      return at(mismatch(suggest, a, `the new M whose gsignal stack is line ${signal.line} gets its g0 stack next on that P (proc.go:allocm: malg(${profile.g0StackSize}) in ${profile.release})`, profile.g0StackSize, profile, others.filter((o) => o.g0StackSize === a.n), `gives a new M a ${a.n}-byte g0`));
    }
    if (a.n === profile.gsignalStackSize && takenBy(a.v, i, look) !== 'copystack') this.newM.set(p, a);
    return null;
  }

  /**
   * Go 1.26's isShrinkStackSafe refuses a goroutine that waits only so that suspendG can stop it
   * (stack.go:isShrinkStackSafe, runtime2.go:isWaitingForSuspendG): it runs on the system stack (a
   * GC assist, a mark worker, stopTheWorld, ...) and a tracer may be walking its stack; scanstack
   * defers such a shrink through preemptShrink. Go 1.26's extended shrink line prints the wait reason.
   */
  private shrinkDivergence(e: TraceEvent, i: number): Found | null {
    const { profile } = this;
    if (e.kind !== 'shrinkstack' || e.status !== G_WAITING || e.wait === null || !profile.shrinkRefusedWaitReasons.includes(e.wait)) return null;
    const wait = e.wait;
    return {
      index: i,
      divergence: {
        line: e.line,
        rule: 'shrink-safe',
        message: `a stack shrunk while its goroutine waits for suspendG ("${wait}"): ${profile.release}'s isShrinkStackSafe refuses it and scanstack defers the shrink (preemptShrink)${this.suggest(this.others.filter((o) => !o.shrinkRefusedWaitReasons.includes(wait)), 'shrinks it there')}`,
        expected: `no shrink while waiting for "${wait}" (stack.go:isShrinkStackSafe)`,
        seen: `shrinking stack ${e.oldsize}->${e.newsize} status=${e.status} wait=${wait}`,
      },
    };
  }
}

/** A release divergence and the position of its event (the events before it are the ones replayed). @internal */
export interface Found {
  readonly index: number;
  readonly divergence: Divergence;
}

/**
 * What takes the stack allocated at v (position i) next: a copystack as its new stack (a grown
 * or shrunk stack, not an M's), another allocation of v (so no later copystack is this one's),
 * or null when look holds neither.
 */
function takenBy(v: number, i: number, look: Lookahead): 'copystack' | 'allocated' | null {
  const k = findAfter(look, i, takes(v));
  return k < 0 ? null : (look.at(k).kind as 'copystack' | 'allocated');
}

const takes = (v: number) => (e: TraceEvent): boolean => (e.kind === 'allocated' && e.v === v) || (e.kind === 'copystack' && e.new.lo === v);

function mismatch(suggest: Suggest, a: AllocatedEvent & { n: number }, rule: string, want: number, profile: Profile, named: readonly Profile[], what: string): Divergence {
  return {
    line: a.line,
    rule: 'm-stacks',
    message: `a ${a.n}-byte stack where ${rule}${suggest(named, what)}`,
    expected: `a ${want}-byte stack (${profile.name})`,
    seen: `${a.n} bytes`,
  };
}

// _Gwaiting (runtime2.go), as the extended shrink line prints the status.
const G_WAITING = 4;

type Suggest = (named: readonly Profile[], what: string) => string;

/**
 * The end of a divergence message: the profile to replay with instead ("; go1.26 does this: this
 * trace looks like go1.26's — replay it with --profile go1.26"). When the trace's header names
 * the profile's own release, no other release is suggested: that is the release's runtime
 * behaving otherwise (a change to it, e.g. a bug patch).
 */
function suggester(h: TraceHeader | null, profile: Profile): Suggest {
  const own = h !== null && /go\d+\.\d+(?!\d)/.exec(h.version)?.[0] === profile.release;
  return (named, what) => {
    if (own) return ` (the trace's header says ${h.version}: ${profile.release}'s runtime, changed?)`;
    if (named.length === 0) return '; no profile the model has does this (a changed runtime?)';
    const names = named.map((p) => p.name);
    return `; ${names.join(', ')} ${what}: this trace looks like ${named[0].release}'s — replay it with --profile ${names[0]}`;
  };
}
