// Step invariants on stack moves and goroutine lifecycles (research notes §4.4–4.5: I23,
// I25, I24, I26, I30, I32, I33, I34), checked on (before, action, after). Where a rule needs
// the bytes in use at a function prologue, it takes them from model/frame-layout.ts, the
// same place the mutator takes its stack pointers from.

import { actionPrologues, FUNCS, usedAtEntry, type Action, type Config, type G } from '../../model/index.ts';
import { contextFor } from './context.ts';
import { eachChangedG, eachMove } from './each.ts';
import { add, hex, stepRule, verdict, type Out } from './invariant.ts';
import { anyPointer } from './pointer-index.ts';

export const noMoveInSyscall = stepRule('A goroutine in a syscall keeps its stack where it is', {
  id: 'no-move-in-syscall', ref: 'I23', group: 'transitions', about: ['gs'], source: 'stack.go:copystack ("stack growth not allowed in system call"), stack.go:isShrinkStackSafe',
  doc: 'While syscallsp != 0 the stack must not move: the kernel may hold pointers into it (golang/go#10976). Growth throws, and shrinking is deferred.',
  check: eachChangedG((o) => o.syscallsp !== 0, (_cfg, o, n, _after, out) => {
    return n.lo === o.lo && n.hi === o.hi ? out : add(out, `g${o.goid} moved its stack while in a syscall`);
  }),
});

/** Reports every pointer g holds into the old range [lo, hi) of g(moved)'s stack that is not in g's own stack. */
function pointersIntoOld(g: G, lo: number, hi: number, moved: number, out: Out): Out {
  const stale = (p: number): boolean => p >= lo && p < hi && !(g.lo <= p && p < g.hi);
  if (!anyPointer(g, stale)) return out;
  const each = (p: number): boolean => {
    if (stale(p)) out = add(out, `g${g.goid} still points to ${hex(p)} in g${moved}'s old stack [${hex(lo)}, ${hex(hi)})`);
    return false;
  };
  anyPointer(g, each);
  return out;
}

/** The frames' words and used size of a moved goroutine, compared with its stack before the move. */
function adjusted(cfg: Config, o: G, n: G, a: Action, out: Out): Out {
  const delta = n.hi - o.hi;
  const adj = (p: number): number => (p >= o.lo && p < o.hi ? p + delta : p);
  const i = o.goid;
  // A call that grew the stack then pushed its frame: compare the used size under it.
  const pushed = a.kind === 'call' && n.frames.length === o.frames.length + 1;
  const pushedBytes = pushed ? usedAtEntry(o.hi, o.sp, cfg.profile.ptrSize) - (o.hi - o.sp) + FUNCS[a.fn].frame : 0;
  const usedAfter = n.hi - n.sp - pushedBytes;
  if (usedAfter !== o.hi - o.sp) out = add(out, `g${i}: used was ${o.hi - o.sp}, is ${usedAfter} after the copy`);
  const m = Math.min(o.frames.length, n.frames.length);
  for (let f = 0; f < m; f++) {
    const of = o.frames[f], nf = n.frames[f];
    if (nf.bp !== adj(of.bp)) out = add(out, `g${i} frame ${f}: saved BP ${hex(of.bp)} became ${hex(nf.bp)}, want ${hex(adj(of.bp))}`);
    for (let k = 0; k < Math.min(of.slots.length, nf.slots.length); k++) {
      if (nf.slots[k] !== adj(of.slots[k]) && a.kind !== 'chansend') out = add(out, `g${i} frame ${f} slot ${k}: ${hex(of.slots[k])} became ${hex(nf.slots[k])}, want ${hex(adj(of.slots[k]))}`);
    }
  }
  return out;
}

export const copystackAdjustsEveryPointer = stepRule('A stack copy moves every pointer into the old stack by delta and keeps the used size', {
  id: 'copystack-adjusts-every-pointer', ref: 'I30a', group: 'transitions', about: 'stack-moves', source: 'stack.go:copystack, stack.go:adjustframe',
  doc: 'After copystack, every pointer word that pointed to old.lo+d points to old.lo+d+delta (delta = new.hi - old.hi) in frames, saved BPs, sched.ctxt/bp, defers, panics and sudogs; nothing anywhere still points into the old range, and hi - sched.sp is unchanged.',
  check(cfg, before, a, after, _obs, ctx) {
    const c = contextFor(cfg, ctx);
    const moved = c.movedGoroutines(before, after);
    if (moved.length === 0) return verdict(null, false);
    // Only the moved goroutine and those holding pointers outside their own stack can point into the old one.
    const holders = c.pointers.holdersAt(after);
    let out: Out = null;
    for (const i of moved) {
      const o = before.gs[i], n = after.gs[i];
      out = adjusted(cfg, o, n, a, out);
      let mine = false;
      for (const h of holders) {
        if (h > i && !mine) out = pointersIntoOld(n, o.lo, o.hi, i, out);
        if (h >= i) mine = true;
        out = pointersIntoOld(after.gs[h], o.lo, o.hi, i, out);
      }
      if (!mine) out = pointersIntoOld(n, o.lo, o.hi, i, out);
      for (let j = 0; j < after.heapObjs.length; j++) {
        for (const p of after.heapObjs[j]) if (p >= o.lo && p < o.hi) out = add(out, `heap object ${j} still points into g${i}'s old stack`);
      }
      if (out !== null) break;
    }
    return verdict(out, true);
  },
});

/** The bytes in use when a shrink copied the stack: at a prologue (a preemption in newstack) down to its entry SP, else hi - sched.sp. */
function usedAtShrink(cfg: Config, o: G, a: Action): number {
  const at = actionPrologues(a, o.hi, o.sp, cfg.profile.ptrSize);
  return at.length > 0 ? at[0].used : o.hi - o.sp;
}

export const shrinkOnlyWhenQuarterUsed = stepRule('A stack shrinks only when less than a quarter is used, and only by half', {
  id: 'shrink-only-when-quarter-used', ref: 'I32', group: 'transitions', about: 'stack-moves', source: 'stack.go:shrinkstack, stack.go:isShrinkStackSafe',
  doc: 'shrinkstack copies to half the size ("Don\'t shrink the allocation below the minimum-sized stack allocation") only if the goroutine "is using less than a quarter" of its stack, used + _StackLimit < size/4; never at an asynchronous safe point, where not every frame has precise pointer maps; never with gcshrinkstackoff. (The syscall and channel-parking exclusions are I23 and I34.)',
  check: eachMove('shrink', (cfg, o, n, a, _after, out) => {
    const oldsize = o.hi - o.lo, newsize = n.hi - n.lo;
    const used = usedAtShrink(cfg, o, a);
    if (newsize * 2 !== oldsize) out = add(out, `g${o.goid} shrank ${oldsize} -> ${newsize}, not by half`);
    if (used + cfg.profile.stackLimit >= oldsize / 4) out = add(out, `g${o.goid} shrank ${oldsize} -> ${newsize} using ${used} bytes (+${cfg.profile.stackLimit} >= ${oldsize / 4})`);
    if (newsize < cfg.profile.fixedStack) out = add(out, `g${o.goid} shrank below fixedStack to ${newsize}`);
    if (o.asyncSafePoint) out = add(out, `g${o.goid} shrank at an asynchronous safe point`);
    if (cfg.modes.gcshrinkstackoff) out = add(out, `g${o.goid} shrank with gcshrinkstackoff set`);
    return out;
  }),
});

/** Whether newsize is the least old*2^k (k >= 1) that leaves frame + _StackGuard free above used. */
function leastDoublingThatFits(cfg: Config, oldsize: number, newsize: number, used: number, frame: number): boolean {
  const room = (size: number): boolean => size - used >= frame + cfg.profile.stackGuard;
  const ratio = newsize / oldsize;
  const powerOfTwo = Number.isInteger(ratio) && ratio >= 2 && (ratio & (ratio - 1)) === 0;
  return powerOfTwo && room(newsize) && (ratio === 2 || !room(newsize / 2));
}

export const growDoublesToFit = stepRule('A stack grows by the least doubling that fits the new frame', {
  id: 'grow-doubles-to-fit', ref: 'I33', group: 'transitions', about: 'stack-moves', source: 'stack.go:newstack',
  doc: "newstack allocates \"a bigger segment\" of twice the old size, doubled again until it fits the callee's frame plus _StackGuard above what is in use at the callee's prologue (\"grow at least as much as needed to fit the new frame\"), and never past maxstacksize: the new size is old*2^k with k >= 1 the least that fits.",
  check: eachMove('growth', (cfg, o, n, a, _after, out) => {
    const oldsize = o.hi - o.lo, newsize = n.hi - n.lo;
    const at = actionPrologues(a, o.hi, o.sp, cfg.profile.ptrSize);
    if (at.length === 0) return add(out, `g${o.goid} grew ${oldsize} -> ${newsize} outside a function prologue`);
    if (!at.some((p) => leastDoublingThatFits(cfg, oldsize, newsize, p.used, p.frame))) {
      out = add(out, `g${o.goid} grew ${oldsize} -> ${newsize} in ${a.kind} using ${o.hi - o.sp} bytes: not the least doubling that fits ${at.map((p) => `${p.frame} + ${cfg.profile.stackGuard} above ${p.used}`).join(' or ')}`);
    }
    if (newsize > cfg.maxstacksize) out = add(out, `g${o.goid} grew past maxstacksize to ${newsize}`);
    return out;
  }),
});

function shrank(o: G, n: G): boolean {
  return n.lo !== 0 && n.status !== 'dead' && n.hi - n.lo < o.hi - o.lo;
}

export const noShrinkWhileParking = stepRule('No shrink while a goroutine is parking on a channel', {
  id: 'no-shrink-while-parking', ref: 'I34', group: 'transitions', about: ['gs'], source: 'stack.go:isShrinkStackSafe, chan.go:chanparkcommit',
  doc: 'Between gopark setting parkingOnChan and chanparkcommit setting activeStackChans, the stack must not shrink: its sudogs would be adjusted without the channel locks (golang/go#40641). (Growth in gopark\'s own prologue is safe: the goroutine holds the channel lock itself.)',
  check: eachChangedG((o) => o.parkingOnChan && o.lo !== 0, (_cfg, o, n, _after, out) => {
    return shrank(o, n) ? add(out, `g${o.goid} shrank its stack while parking on a channel`) : out;
  }),
});

export const newGoroutineGetsStartingStack = stepRule('A new goroutine starts on a startingStackSize or a fresh _StackMin stack', {
  id: 'new-goroutine-gets-starting-stack', ref: 'I26', group: 'transitions', actions: ['newproc'], source: 'proc.go:newproc1, proc.go:gfget',
  doc: "newproc1 reuses a dead G from gfget, whose stack is then exactly startingStackSize, or makes a new G with malg(_StackMin); either way its guard is lo + _StackGuard or set by execute later.",
  check(cfg, before, a, after, _obs, ctx) {
    if (a.kind !== 'newproc') return verdict(null, false);
    let out: Out = null;
    for (const i of contextFor(cfg, ctx).changedGoroutines(before, after)) {
      const g = after.gs[i], o = before.gs[i];
      if (g.status !== 'runnable' || (o !== undefined && o.status !== 'dead')) continue;
      const size = g.hi - g.lo;
      const fresh = o === undefined;
      const want = fresh ? cfg.profile.fixedStack : before.startingStackSize;
      if (size !== want) out = add(out, `new g${i} ${fresh ? '(malg)' : '(from gfget)'} has a ${size}-byte stack, want ${want}`);
    }
    return verdict(out, true);
  },
});

export const gfputKeepsOnlyStartingSize = stepRule('An exiting goroutine keeps its stack only if it is startingStackSize', {
  id: 'gfput-keeps-only-starting-size', ref: 'I25b', group: 'transitions', about: ['gs'], source: 'proc.go:gfput',
  doc: 'gfput frees the stack of a dead G unless its size is exactly startingStackSize, so a grown stack never waits on a free list (golang/go#9869 is about what the kept ones cost).',
  check: eachChangedG((o, n) => o.status !== 'dead' && n.status === 'dead', (_cfg, o, n, after, out) => {
    if (n.lo === 0 || n.hi - n.lo === after.startingStackSize) return out;
    return add(out, `g${o.goid} exited and kept a ${n.hi - n.lo}-byte stack; startingStackSize is ${after.startingStackSize}`);
  }),
});

export const markrootFreesGlobalGfreeStacks = stepRule('markrootFreeGStacks leaves no stack on the global free list', {
  id: 'markroot-frees-global-gfree-stacks', ref: 'I24c', group: 'transitions', actions: ['markrootFreeGStacks'], source: 'mgcmark.go:markrootFreeGStacks',
  doc: 'The root job frees the stack of every dead G on sched.gFree.stack and moves them to sched.gFree.noStack; per-P lists keep theirs (golang/go#9869, #66564).',
  check(_cfg, before, a, after) {
    if (a.kind !== 'markrootFreeGStacks') return verdict(null, false);
    let out: Out = null;
    if (after.gFreeStack !== null) out = add(out, `sched.gFree.stack still holds g${after.gFreeStack.v} after markrootFreeGStacks`);
    for (let l = before.gFreeStack; l !== null; l = l.next) {
      if (after.gs[l.v].lo !== 0) out = add(out, `g${l.v} left sched.gFree.stack with its stack`);
    }
    return verdict(out, true);
  },
});

export const selfScanDefersShrink = stepRule('A goroutine scanning its own stack does not shrink it, it leaves preemptShrink set', {
  id: 'self-scan-defers-shrink', ref: 'I34b', scope: 'during-gc', group: 'transitions', actions: ['scanstack'], releases: ['go1.26'], source: 'stack.go:isShrinkStackSafe (isWaitingForSuspendG), mgcmark.go:markroot (selfScan), mgcmark.go:scanstack',
  doc: 'A self-scan puts the goroutine in _Gwaiting for suspendG (waitReasonGarbageCollectionScan) while it runs on the system stack, and Go 1.26\'s isShrinkStackSafe refuses such a G ("the execution tracer, mutex profiler, etc. may want to take a stack trace of the G\'s stack"): its stack stays where it is and the shrink is left to preemptShrink. Go 1.19 has no such rule and may shrink it there.',
  check(_cfg, before, a, after) {
    if (a.kind !== 'scanstack' || before.gs[a.g].status !== 'running') return verdict(null, false);
    const o = before.gs[a.g], n = after.gs[a.g];
    let out: Out = null;
    if (n.lo !== o.lo || n.hi !== o.hi) out = add(out, `g${a.g} moved its stack [${hex(o.lo)}, ${hex(o.hi)}) -> [${hex(n.lo)}, ${hex(n.hi)}) while scanning it itself`);
    if (!n.preemptShrink) out = add(out, `g${a.g} scanned its own stack and did not set preemptShrink`);
    return verdict(out, true);
  },
});

export const transitionInvariants = [
  noMoveInSyscall, copystackAdjustsEveryPointer, shrinkOnlyWhenQuarterUsed, growDoublesToFit, noShrinkWhileParking,
  newGoroutineGetsStartingStack, gfputKeepsOnlyStartingSize, markrootFreesGlobalGfreeStacks, selfScanDefersShrink,
];
