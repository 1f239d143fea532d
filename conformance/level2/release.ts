// What the allocator lines of a trace show about the release it comes from, checked against the
// profile the replay runs with before any line is replayed: where the heap arena lies (fixed at
// arenaBase in Go 1.19; randomized in Go 1.26, malloc.go:mallocinit randomizeHeapBase), m0's
// first stacks (os_linux.go:mpreinit's gsignal; Go 1.26's proc.go:schedinit then allocates
// gcrash.stack) and each later M's pair (mpreinit's gsignal, then proc.go:allocm's g0: 8 KiB in
// Go 1.19, 16 KiB in Go 1.26). On a trace of another release these are the first lines that
// differ, so the divergence names the profile whose release shows them, instead of replaying on
// into a confusing address mismatch.

import type { Profile } from '../../model/profile.ts';
import type { AllocatedEvent, Trace } from '../trace/events.ts';
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
}

/**
 * Checks the release-specific lines of a trace against `profile`; `others` are the profiles a
 * divergence may name instead (their lines agree with the trace where this one's do not). The
 * lines must carry their P (extended, or a stock trace read as one P: attribute.ts first).
 * @internal
 */
export function checkRelease(trace: Trace, profile: Profile, others: readonly Profile[]): ReleaseCheck {
  const allocs = trace.events.filter((e): e is AllocatedEvent & { n: number } => e.kind === 'allocated' && e.by !== 'unattributed');
  const arena = arenaOf(trace, profile);
  const suggest = suggester(trace, profile);
  const divergences = [
    arenaDivergence(trace, profile, others, arena, suggest),
    mStacksDivergence(trace, allocs, profile, others, suggest),
    shrinkDivergence(trace, profile, others, suggest),
  ];
  const first = divergences.filter((d): d is Divergence => d !== null).sort((a, b) => a.line - b.line)[0] ?? null;
  return { arenaBase: arena, divergence: first };
}

/** The profile's fixed arena, or (randomized heap base) the 64 MiB arena holding the trace's lowest stack or span. */
function arenaOf(trace: Trace, profile: Profile): number {
  if (!profile.heapBaseRandomized) return profile.arenaBase;
  let lo = Infinity;
  for (const e of trace.events) {
    if (e.kind === 'allocated') lo = Math.min(lo, e.v);
    else if (e.kind === 'stackspan') lo = Math.min(lo, e.base);
  }
  return lo === Infinity ? profile.arenaBase : Math.floor(lo / HEAP_ARENA_BYTES) * HEAP_ARENA_BYTES;
}

function arenaDivergence(trace: Trace, profile: Profile, others: readonly Profile[], base: number, suggest: Suggest): Divergence | null {
  const end = base + ARENA_PAGES * 2 ** profile.pageShift;
  for (const e of trace.events) {
    const at = e.kind === 'allocated' ? e.v : e.kind === 'stackspan' ? e.base : null;
    if (at === null || (at >= base && at < end)) continue;
    const named = others.filter((o) => o.heapBaseRandomized);
    return {
      line: e.line,
      rule: 'heap-arena',
      message: `a stack at 0x${at.toString(16)}, outside ${profile.name}'s heap arena: ${profile.release}'s heap starts at 0x${profile.arenaBase.toString(16)} (malloc.go:mallocinit)${suggest(named, 'randomizes the heap base (malloc.go:mallocinit randomizeHeapBase)')}`,
      expected: `an address in [0x${base.toString(16)}, 0x${end.toString(16)})`,
      seen: `0x${at.toString(16)}`,
    };
  }
  return null;
}

/**
 * m0's stacks come first: its gsignal (mpreinit, from schedinit's mcommoninit), then — where the
 * release has one — schedinit's crash stack. Every later allocation of the gsignal size that no
 * copystack takes as its new stack is a new M's gsignal (allocm → mcommoninit → mpreinit), and the
 * next allocation on that P is the M's g0 (allocm → malg; allocm holds the P in between). Limit: a
 * goroutine's first stack of the gsignal size (adaptive starting size of 32 KiB: gfget) would be
 * read as a gsignal; none of the programs reaches it. A trace without copystack lines is not read.
 */
function mStacksDivergence(trace: Trace, allocs: readonly (AllocatedEvent & { n: number })[], profile: Profile, others: readonly Profile[], suggest: Suggest): Divergence | null {
  // Telling a gsignal from a grown stack needs the copystack lines; a trace without any (the
  // model's own printed traces, hand-made snippets) is not read for M stacks.
  if (profile.gsignalStackSize === 0 || allocs.length === 0 || !trace.events.some((e) => e.kind === 'copystack')) return null;
  const copyTargets = copystackTargets(trace);
  const pOf = (a: AllocatedEvent): number => (a.by === 'printed' ? a.p : 0);
  const first = allocs[0];
  if (first.n !== profile.gsignalStackSize) {
    return mismatch(suggest, first, `m0's gsignal stack (os_linux.go:mpreinit, from proc.go:schedinit's mcommoninit) is the first stack`, profile.gsignalStackSize, profile, others.filter((o) => o.gsignalStackSize === first.n), 'allocates this first');
  }
  let i = 1;
  if (profile.crashStackSize > 0 && allocs.length > 1) {
    // schedinit: mcommoninit(m0) → gsignal, then gcrash.stack, all before procresize and the main goroutine.
    const crash = allocs[1];
    if (crash.n !== profile.crashStackSize) {
      return mismatch(suggest, crash, `${profile.release}'s schedinit allocates the crash stack next (proc.go:schedinit gcrash.stack = stackalloc(${profile.crashStackSize}))`, profile.crashStackSize, profile, others.filter((o) => o.crashStackSize === 0), 'allocates no crash stack');
    }
    i = 2;
  }
  const newM = new Map<number, AllocatedEvent & { n: number }>();
  for (; i < allocs.length; i++) {
    const a = allocs[i];
    const p = pOf(a);
    const signal = newM.get(p);
    if (signal !== undefined) {
      newM.delete(p);
      if (a.n !== profile.g0StackSize) {
        return mismatch(suggest, a, `the new M whose gsignal stack is line ${signal.line} gets its g0 stack next on that P (proc.go:allocm: malg(${profile.g0StackSize}) in ${profile.release})`, profile.g0StackSize, profile, others.filter((o) => o.g0StackSize === a.n), `gives a new M a ${a.n}-byte g0`);
      }
      continue;
    }
    if (a.n === profile.gsignalStackSize && !copyTargets.has(a.line)) newM.set(p, a);
  }
  return null;
}

/** The allocated lines whose stack a copystack took as its new stack (the latest allocation of that address before the copystack line). */
function copystackTargets(trace: Trace): Set<number> {
  const lastAt = new Map<number, number>();
  const targets = new Set<number>();
  for (const e of trace.events) {
    if (e.kind === 'allocated') lastAt.set(e.v, e.line);
    else if (e.kind === 'copystack') {
      const line = lastAt.get(e.new.lo);
      if (line !== undefined) targets.add(line);
    }
  }
  return targets;
}

function mismatch(suggest: Suggest, a: AllocatedEvent & { n: number }, rule: string, want: number, profile: Profile, named: readonly Profile[], what: string): Divergence {
  return {
    line: a.line,
    rule: 'm-stacks',
    message: `a ${a.n}-byte stack where ${rule}${suggest(named, what)}`,
    expected: `a ${want}-byte stack (${profile.name})`,
    seen: `${a.n} bytes`,
  };
}

/**
 * Go 1.26's isShrinkStackSafe refuses a goroutine that waits only so that suspendG can stop it
 * (stack.go:isShrinkStackSafe, runtime2.go:isWaitingForSuspendG): it runs on the system stack (a
 * GC assist, a mark worker, stopTheWorld, ...) and a tracer may be walking its stack; scanstack
 * defers such a shrink through preemptShrink. Go 1.26's extended shrink line prints the wait reason.
 */
function shrinkDivergence(trace: Trace, profile: Profile, others: readonly Profile[], suggest: Suggest): Divergence | null {
  for (const e of trace.events) {
    if (e.kind !== 'shrinkstack' || e.status !== G_WAITING || e.wait === null || !profile.shrinkRefusedWaitReasons.includes(e.wait)) continue;
    return {
      line: e.line,
      rule: 'shrink-safe',
      message: `a stack shrunk while its goroutine waits for suspendG ("${e.wait}"): ${profile.release}'s isShrinkStackSafe refuses it and scanstack defers the shrink (preemptShrink)${suggest(others.filter((o) => !o.shrinkRefusedWaitReasons.includes(e.wait!)), 'shrinks it there')}`,
      expected: `no shrink while waiting for "${e.wait}" (stack.go:isShrinkStackSafe)`,
      seen: `shrinking stack ${e.oldsize}->${e.newsize} status=${e.status} wait=${e.wait}`,
    };
  }
  return null;
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
function suggester(trace: Trace, profile: Profile): Suggest {
  const h = trace.header;
  const own = h !== null && /go\d+\.\d+(?!\d)/.exec(h.version)?.[0] === profile.release;
  return (named, what) => {
    if (own) return ` (the trace's header says ${h.version}: ${profile.release}'s runtime, changed?)`;
    if (named.length === 0) return '; no profile the model has does this (a changed runtime?)';
    const names = named.map((p) => p.name);
    return `; ${names.join(', ')} ${what}: this trace looks like ${named[0].release}'s — replay it with --profile ${names[0]}`;
  };
}
