// Step invariants on stack moves (research notes §4.4–4.5: I23, I26, I30, I32, I33, I34),
// checked on (before, action, after).

import { FUNCS, isShrinkStackSafe, runtimeFrames, type Action, type Config, type G, type State } from '../../model/index.ts';
import { add, hex, verdict, type StepInvariant } from './invariant.ts';

function moved(before: State, after: State, i: number): boolean {
  const a = before.gs[i], b = after.gs[i];
  return b !== undefined && a !== b && a.lo !== 0 && b.lo !== 0 && (a.lo !== b.lo || a.hi !== b.hi) && a.status !== 'dead' && b.status !== 'dead';
}

// The goroutines a step replaced (a new object) and those whose stack moved, computed once
// per step for all the step invariants; the arrays are reused, read within the step.
let stepBefore: State | null = null;
let stepAfter: State | null = null;
const touched: number[] = [];
const moves: number[] = [];

function walk(before: State, after: State): void {
  if (before === stepBefore && after === stepAfter) return;
  stepBefore = before;
  stepAfter = after;
  touched.length = 0;
  moves.length = 0;
  if (before.gs === after.gs) return;
  for (let i = 0; i < before.gs.length; i++) {
    if (before.gs[i] === after.gs[i]) continue;
    touched.push(i);
    if (moved(before, after, i)) moves.push(i);
  }
}

/** The goroutines (present before) that this step changed. */
function touchedGoroutines(before: State, after: State): readonly number[] {
  walk(before, after);
  return touched;
}

/** The goroutines whose stack moved in this step. */
function movedGoroutines(before: State, after: State): readonly number[] {
  walk(before, after);
  return moves;
}



/** The bytes in use when the stack was moved: at morestack (a call) sched.sp sits one word lower. */
function usedAtMove(cfg: Config, g: G, a: Action): number {
  return g.hi - g.sp + (a.kind === 'call' || a.kind === 'chanrecv' ? cfg.profile.ptrSize : 0);
}

/** The prologues an action runs, as (extra bytes in use below sched.sp, frame checked). */
function prologues(cfg: Config, a: Action): readonly (readonly [number, number])[] {
  const ps = cfg.profile.ptrSize;
  if (a.kind === 'call') return [[ps, FUNCS[a.fn].frame]];
  // chanrecv's own prologue, then gopark's below chanrecv's frame.
  if (a.kind === 'chanrecv') return [[ps, runtimeFrames.chanrecv.frame], [ps + runtimeFrames.chanrecv.frame + ps, runtimeFrames.gopark.frame]];
  return [];
}

export const noMoveInSyscall: StepInvariant = {
  id: 'no-move-in-syscall', ref: 'I23', kind: 'step', scope: 'transition', group: 'transitions',
  title: 'A goroutine in a syscall keeps its stack where it is',
  doc: 'While syscallsp != 0 the stack must not move: the kernel may hold pointers into it (golang/go#10976). Growth throws, and shrinking is deferred.',
  source: 'stack.go:copystack ("stack growth not allowed in system call"), stack.go:isShrinkStackSafe',
  check(_cfg, before, _a, after) {
    let out: string[] | null = null;
    let saw = false;
    for (const i of touchedGoroutines(before, after)) {
      const g = before.gs[i];
      if (g.syscallsp === 0) continue;
      saw = true;
      if (after.gs[i].lo !== g.lo || after.gs[i].hi !== g.hi) out = add(out, `g${i} moved its stack while in a syscall`);
    }
    return verdict(out, saw);
  },
};

export const copyLeavesNoOldPointers: StepInvariant = {
  id: 'copystack-adjusts-every-pointer', ref: 'I30', kind: 'step', scope: 'transition', group: 'transitions',
  title: 'A stack copy moves every pointer into the old stack by delta and keeps the used size',
  doc: 'After copystack, every pointer word that pointed to old.lo+d points to old.lo+d+delta (delta = new.hi - old.hi) in frames, saved BPs, sched.ctxt/bp, defers, panics and sudogs; nothing anywhere still points into the old range, and hi - sched.sp is unchanged.',
  source: 'stack.go:copystack, stack.go:adjustframe',
  check(cfg, before, a, after) {
    let out: string[] | null = null;
    let saw = false;
    for (const i of movedGoroutines(before, after)) {
      saw = true;
      const o = before.gs[i], n = after.gs[i];
      const delta = n.hi - o.hi;
      const adj = (p: number): number => (p >= o.lo && p < o.hi ? p + delta : p);
      // A call that grew the stack then pushed its frame: compare the used size under it.
      const pushed = a.kind === 'call' && n.frames.length === o.frames.length + 1;
      const usedAfter = pushed ? n.hi - n.sp - FUNCS[a.fn].frame - cfg.profile.ptrSize : n.hi - n.sp;
      if (usedAfter !== o.hi - o.sp) out = add(out, `g${i}: used was ${o.hi - o.sp}, is ${usedAfter} after the copy`);
      const m = Math.min(o.frames.length, n.frames.length);
      for (let f = 0; f < m; f++) {
        const of = o.frames[f], nf = n.frames[f];
        if (nf.bp !== adj(of.bp)) out = add(out, `g${i} frame ${f}: saved BP ${hex(of.bp)} became ${hex(nf.bp)}, want ${hex(adj(of.bp))}`);
        for (let k = 0; k < Math.min(of.slots.length, nf.slots.length); k++) {
          if (nf.slots[k] !== adj(of.slots[k]) && a.kind !== 'chansend') out = add(out, `g${i} frame ${f} slot ${k}: ${hex(of.slots[k])} became ${hex(nf.slots[k])}, want ${hex(adj(of.slots[k]))}`);
        }
      }
      const pointers = (g: G): number[] => [g.bp, g.ctxt, ...g.defers.flatMap((r) => [r.rec, r.sp]), ...g.panics, ...g.waiting.map((w) => w.elem), ...g.frames.flatMap((f) => [f.bp, ...f.slots])];
      for (const g of after.gs) {
        for (const p of pointers(g)) if (p >= o.lo && p < o.hi && !(g.lo <= p && p < g.hi)) out = add(out, `g${g.goid} still points to ${hex(p)} in g${i}'s old stack [${hex(o.lo)}, ${hex(o.hi)})`);
      }
      after.heapObjs.forEach((fields, j) => {
        for (const p of fields) if (p >= o.lo && p < o.hi) out = add(out, `heap object ${j} still points into g${i}'s old stack`);
      });
      if (out !== null) break;
    }
    return verdict(out, saw);
  },
};

export const shrinkOnlyWhenQuarterUsed: StepInvariant = {
  id: 'shrink-only-when-quarter-used', ref: 'I32', kind: 'step', scope: 'transition', group: 'transitions',
  title: 'A stack shrinks only when less than a quarter is used, and only by half',
  doc: 'shrinkstack halves a stack only if used + _StackLimit < size/4, the half is at least fixedStack, isShrinkStackSafe holds and gcshrinkstackoff is not set.',
  source: 'stack.go:shrinkstack, stack.go:isShrinkStackSafe',
  check(cfg, before, a, after) {
    let out: string[] | null = null;
    let saw = false;
    for (const i of movedGoroutines(before, after)) {
      const o = before.gs[i], n = after.gs[i];
      const oldsize = o.hi - o.lo, newsize = n.hi - n.lo;
      if (newsize >= oldsize) continue;
      saw = true;
      const used = usedAtMove(cfg, o, a);
      if (newsize * 2 !== oldsize) out = add(out, `g${i} shrank ${oldsize} -> ${newsize}, not by half`);
      if (used + cfg.profile.stackLimit >= oldsize / 4) out = add(out, `g${i} shrank ${oldsize} -> ${newsize} using ${used} bytes (+${cfg.profile.stackLimit} >= ${oldsize / 4})`);
      if (newsize < cfg.profile.fixedStack) out = add(out, `g${i} shrank below fixedStack to ${newsize}`);
      if (!isShrinkStackSafe(o)) out = add(out, `g${i} shrank while not safe (syscall ${o.syscallsp !== 0}, async safe point ${o.asyncSafePoint}, parking ${o.parkingOnChan})`);
      if (cfg.modes.gcshrinkstackoff) out = add(out, `g${i} shrank with gcshrinkstackoff set`);
    }
    return verdict(out, saw);
  },
};

export const growDoublesToFit: StepInvariant = {
  id: 'grow-doubles-to-fit', ref: 'I33', kind: 'step', scope: 'transition', group: 'transitions',
  title: 'A stack grows by the least doubling that fits the new frame',
  doc: "newstack grows to old*2^k, k >= 1 minimal with new - used >= the callee's frame + _StackGuard, and never past maxstacksize.",
  source: 'stack.go:newstack',
  check(cfg, before, a, after) {
    let out: string[] | null = null;
    let saw = false;
    for (const i of movedGoroutines(before, after)) {
      const o = before.gs[i], n = after.gs[i];
      const oldsize = o.hi - o.lo, newsize = n.hi - n.lo;
      if (newsize <= oldsize) continue;
      saw = true;
      const options = prologues(cfg, a);
      if (options.length === 0) {
        out = add(out, `g${i} grew ${oldsize} -> ${newsize} outside a function prologue`);
        continue;
      }
      const wants = options.map(([extra, frame]) => {
        const used = o.hi - o.sp + extra;
        let want = oldsize * 2;
        while (want - used < frame + cfg.profile.stackGuard) want *= 2;
        return want;
      });
      if (!wants.includes(newsize)) out = add(out, `g${i} grew ${oldsize} -> ${newsize} in ${a.kind} using ${o.hi - o.sp} bytes; newstack would pick ${wants.join(' or ')}`);
      if (newsize > cfg.maxstacksize) out = add(out, `g${i} grew past maxstacksize to ${newsize}`);
    }
    return verdict(out, saw);
  },
};

export const noShrinkWhileParking: StepInvariant = {
  id: 'no-shrink-while-parking', ref: 'I34', kind: 'step', scope: 'transition', group: 'transitions',
  title: 'No shrink while a goroutine is parking on a channel',
  doc: 'Between gopark setting parkingOnChan and chanparkcommit setting activeStackChans, the stack must not shrink: its sudogs would be adjusted without the channel locks (golang/go#40641).',
  source: 'stack.go:isShrinkStackSafe, chan.go:chanparkcommit',
  check(_cfg, before, _a, after) {
    let out: string[] | null = null;
    let saw = false;
    for (const i of touchedGoroutines(before, after)) {
      if (!before.gs[i].parkingOnChan) continue;
      saw = true;
      if (moved(before, after, i)) out = add(out, `g${i} moved its stack while parking on a channel`);
    }
    return verdict(out, saw);
  },
};

export const newGoroutineGetsStartingStack: StepInvariant = {
  id: 'new-goroutine-gets-starting-stack', ref: 'I26', kind: 'step', scope: 'transition', group: 'transitions',
  title: 'A new goroutine starts on a startingStackSize or a fresh _StackMin stack',
  doc: "newproc1 reuses a dead G from gfget, whose stack is then exactly startingStackSize, or makes a new G with malg(_StackMin); either way its guard is lo + _StackGuard or set by execute later.",
  source: 'proc.go:newproc1, proc.go:gfget',
  check(cfg, before, a, after) {
    if (a.kind !== 'newproc') return verdict(null, false);
    let out: string[] | null = null;
    for (let i = 0; i < after.gs.length; i++) {
      const g = after.gs[i], o = before.gs[i];
      if (g.status !== 'runnable' || (o !== undefined && o.status !== 'dead')) continue;
      const size = g.hi - g.lo;
      const fresh = o === undefined;
      const want = fresh ? cfg.profile.fixedStack : before.startingStackSize;
      if (size !== want) out = add(out, `new g${i} ${fresh ? '(malg)' : '(from gfget)'} has a ${size}-byte stack, want ${want}`);
    }
    return verdict(out, true);
  },
};

export const gfputKeepsOnlyStartingSize: StepInvariant = {
  id: 'gfput-keeps-only-starting-size', ref: 'I25', kind: 'step', scope: 'transition', group: 'transitions',
  title: 'An exiting goroutine keeps its stack only if it is startingStackSize',
  doc: 'gfput frees the stack of a dead G unless its size is exactly startingStackSize, so a grown stack never waits on a free list (golang/go#9869 is about what the kept ones cost).',
  source: 'proc.go:gfput',
  check(_cfg, before, _a, after) {
    let out: string[] | null = null;
    let saw = false;
    for (const i of touchedGoroutines(before, after)) {
      const o = before.gs[i], n = after.gs[i];
      if (o.status === 'dead' || n.status !== 'dead') continue;
      saw = true;
      if (n.lo !== 0 && n.hi - n.lo !== after.startingStackSize) out = add(out, `g${i} exited and kept a ${n.hi - n.lo}-byte stack; startingStackSize is ${after.startingStackSize}`);
    }
    return verdict(out, saw);
  },
};

export const markrootFreesGlobalStacks: StepInvariant = {
  id: 'markroot-frees-global-gfree-stacks', ref: 'I24', kind: 'step', scope: 'transition', group: 'transitions',
  title: 'markrootFreeGStacks leaves no stack on the global free list',
  doc: 'The root job frees the stack of every dead G on sched.gFree.stack and moves them to sched.gFree.noStack; per-P lists keep theirs (golang/go#9869, #66564).',
  source: 'mgcmark.go:markrootFreeGStacks',
  check(_cfg, before, a, after) {
    if (a.kind !== 'markrootFreeGStacks') return verdict(null, false);
    let out: string[] | null = null;
    if (after.gFreeStack !== null) out = add(out, `sched.gFree.stack still holds g${after.gFreeStack.v} after markrootFreeGStacks`);
    for (let l = before.gFreeStack; l !== null; l = l.next) {
      if (after.gs[l.v].lo !== 0) out = add(out, `g${l.v} left sched.gFree.stack with its stack`);
    }
    return verdict(out, true);
  },
};

export const transitionInvariants = [
  noMoveInSyscall, copyLeavesNoOldPointers, shrinkOnlyWhenQuarterUsed, growDoublesToFit, noShrinkWhileParking,
  newGoroutineGetsStartingStack, gfputKeepsOnlyStartingSize, markrootFreesGlobalStacks,
];
