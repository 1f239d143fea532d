// Invariants of goroutines, Ps and the free-G lists (research notes §4.4, I20–I28).

import { stackForceMove, stackFork, stackPreempt, toStackTop, type State } from './model-view.ts';
import { contextFor, type CheckContext } from './context.ts';
import { eachP, eachPStruct } from './each.ts';
import { add, hex, stateRule, verdict, type Out, type Verdict } from './invariant.ts';
import { everyG, liveWithStack, notDead, perGoroutine } from './per-goroutine.ts';
import { clearList, sortIds } from './scratch.ts';

export const liveGHasStack = perGoroutine('A goroutine that is not dead has a stack', {
  id: 'live-g-has-stack', ref: 'I20', group: 'goroutines', applies: everyG, gFields: ['goid', 'status', 'lo'], source: 'proc.go:newproc1, proc.go:gfget',
  doc: "status != _Gdead (and != _Gidle) implies stack.lo != 0: newproc1 throws \"newproc1: newg missing stack\" otherwise.",
  checkG: (_cfg, g, out) => (g.status !== 'dead' && g.status !== 'idle' && g.lo === 0 ? add(out, `g${g.goid} is ${g.status} with no stack`) : out),
});

export const stackguardValid = perGoroutine('stackguard0 is lo + _StackGuard or a poison value', {
  id: 'stackguard-valid', ref: 'I21', group: 'goroutines', applies: liveWithStack, gFields: ['goid', 'status', 'lo', 'stackguard0', 'preempt', 'throwsplit'], source: 'stack.go:copystack, proc.go:execute, proc.go:reentersyscall',
  doc: 'For a goroutine with a stack that is not dead, stackguard0 is lo+_StackGuard, stackPreempt, stackFork or stackForceMove; stackPreempt implies a pending preemption request or a syscall (throwsplit), unless the runtime is built with maymorestack=mayMoreStackPreempt, whose hook poisons every prologue.',
  checkG(cfg, g, out) {
    const v = g.stackguard0;
    if (v !== g.lo + cfg.profile.stackGuard && v !== stackPreempt && v !== stackFork && v !== stackForceMove) {
      return add(out, `g${g.goid} stackguard0 ${hex(v)} is neither lo+${cfg.profile.stackGuard} (${hex(g.lo + cfg.profile.stackGuard)}) nor a poison value`);
    }
    if (v === stackPreempt && !g.preempt && !g.throwsplit && cfg.modes.maymorestack !== 'preempt') {
      return add(out, `g${g.goid} has stackguard0 = stackPreempt with no preemption request and no syscall`);
    }
    return out;
  },
});

export const spWithinStack = perGoroutine("sched.sp lies in the goroutine's stack and matches its frames", {
  id: 'sp-within-stack', ref: 'I22', group: 'goroutines', applies: notDead, gFields: ['goid', 'status', 'lo', 'hi', 'sp', 'syscallsp', 'frames'], source: 'stack.go:newstack, proc.go:reentersyscall',
  doc: 'For a live goroutine lo <= sched.sp <= hi and hi - sched.sp is the depth of its innermost frame (or the newproc1 top frame); in a syscall lo <= syscallsp <= hi ("split stack overflow" and "entersyscall" guard these).',
  checkG(cfg, g, out) {
    if (g.sp < g.lo || g.sp > g.hi) out = add(out, `g${g.goid} sched.sp ${hex(g.sp)} outside its stack [${hex(g.lo)}, ${hex(g.hi)})`);
    else if (g.hi - g.sp !== toStackTop(cfg, g)) out = add(out, `g${g.goid} uses ${g.hi - g.sp} bytes by sched.sp but its frames reach ${toStackTop(cfg, g)}`);
    if (g.syscallsp !== 0 && (g.syscallsp < g.lo || g.syscallsp > g.hi)) out = add(out, `g${g.goid} syscallsp ${hex(g.syscallsp)} outside its stack`);
    if ((g.status === 'syscall') !== (g.syscallsp !== 0)) out = add(out, `g${g.goid} is ${g.status} with syscallsp ${hex(g.syscallsp)}`);
    return out;
  },
});

// Which free list holds each goroutine: 0 none, 1 + P id for a P's gFree, then the two
// global lists, in the run's scratch array (context.ts): this rule runs on most steps.
const onStack = -1, onNoStack = -2;

function listName(w: number): string {
  return w === onStack ? 'sched.gFree.stack' : w === onNoStack ? 'sched.gFree.noStack' : `P${w - 1}.gFree`;
}

function putList(where: Int32Array, l: State['gFreeStack'], w: number, n: number, dup: Out): Out {
  for (; l !== null; l = l.next) {
    if (l.v < 0 || l.v >= n) dup = add(dup, `a free list holds g${l.v}, which does not exist`);
    else if (where[l.v] !== 0) dup = add(dup, `g${l.v} is on ${listName(where[l.v])} and ${listName(w)}`);
    else where[l.v] = w;
  }
  return dup;
}

/** Records list membership in where[0..n); returns the duplicate messages, if any. */
function mark(where: Int32Array, s: State): Out {
  const n = s.gs.length;
  where.fill(0, 0, n);
  let dup: Out = null;
  for (const p of s.ps) dup = putList(where, p.gFree, p.id + 1, n, dup);
  dup = putList(where, s.gFreeStack, onStack, n, dup);
  return putList(where, s.gFreeNoStack, onNoStack, n, dup);
}

export const gFreeListsConsistent = stateRule('Free G lists hold dead goroutines once each, with the right stacks and counts', {
  id: 'gfree-lists-consistent', ref: 'I24a', group: 'goroutines', reads: ['gs', 'ps', 'gFreeStack', 'gFreeNoStack', 'gFreeN'], pFields: ['id', 'gFree', 'gFreeN'], gFields: ['goid', 'status', 'lo'], source: 'proc.go:gfput, proc.go:gfget, mgcmark.go:markrootFreeGStacks',
  doc: 'Every G on a P.gFree or sched.gFree list is _Gdead and on one list only; sched.gFree.stack holds Gs with a stack, sched.gFree.noStack Gs without; counts equal list lengths; every dead G is on some list.',
  check(cfg, s, ctx) {
    const c = contextFor(cfg, ctx);
    if (c.where.length < s.gs.length) c.where = new Int32Array(s.gs.length * 2);
    const where = c.where;
    const dup = mark(where, s);
    c.whereOf = s;
    let out: Out = dup === null ? null : [dup.join('; ')];
    for (const g of s.gs) out = onRightList(g, where[g.goid], out);
    let global = 0;
    for (let l = s.gFreeStack; l !== null; l = l.next) global++;
    for (let l = s.gFreeNoStack; l !== null; l = l.next) global++;
    if (global !== s.gFreeN) out = add(out, `sched.gFree.n is ${s.gFreeN}, lists hold ${global}`);
    for (const p of s.ps) {
      let n = 0;
      for (let l = p.gFree; l !== null; l = l.next) n++;
      if (n !== p.gFreeN) out = add(out, `P${p.id}.gFree.n is ${p.gFreeN}, list holds ${n}`);
    }
    return verdict(out, true);
  },
  // After a passing state whose free lists and counts s shares (and whose membership the run's
  // scratch still records), only a goroutine the step replaced can be on the wrong list.
  checkSince(cfg, prev, s, ctx) {
    const marked = ctx.whereOf;
    if (marked === null || !sameFreeLists(prev, s) || !sameFreeLists(marked, s)) {
      return gFreeListsConsistent.check(cfg, s, ctx);
    }
    let out: Out = null;
    for (const i of ctx.changedGoroutines(prev, s)) out = onRightList(s.gs[i], ctx.where[i], out);
    return verdict(out, true);
  },
});

/** I24a's check of one goroutine, on free list w (0: none). */
function onRightList(g: State['gs'][number], w: number, out: Out): Out {
  if (w === 0) return g.status === 'dead' ? add(out, `dead g${g.goid} is on no free list (lost)`) : out;
  if (g.status !== 'dead') out = add(out, `g${g.goid} is ${g.status} but on ${listName(w)}`);
  if (w === onStack && g.lo === 0) out = add(out, `g${g.goid} is on sched.gFree.stack without a stack`);
  if (w === onNoStack && g.lo !== 0) out = add(out, `g${g.goid} is on sched.gFree.noStack with a stack`);
  return out;
}

/** Whether a and b have the very same free G lists and counts (lists are immutable). */
function sameFreeLists(a: State, b: State): boolean {
  if (a.gFreeStack !== b.gFreeStack || a.gFreeNoStack !== b.gFreeNoStack || a.gFreeN !== b.gFreeN || a.gs.length !== b.gs.length) return false;
  if (a.ps === b.ps) return true;
  if (a.ps.length !== b.ps.length) return false;
  for (let i = 0; i < a.ps.length; i++) if (a.ps[i].gFree !== b.ps[i].gFree || a.ps[i].gFreeN !== b.ps[i].gFreeN) return false;
  return true;
}

export const gFreeBounded = stateRule('A P keeps fewer dead Gs than the spill threshold', {
  id: 'gfree-bounded', ref: 'I25a', group: 'goroutines', reads: ['ps'], pFields: ['id', 'gFreeN'], source: 'proc.go:gfput',
  doc: "After gfput, P.gFree.n < 64 (the scope's gFreeSpill): reaching it moves half the list to the global lists.",
  check: eachP((cfg, _s, p, out) => (p.gFreeN < cfg.scope.gFreeSpill ? out : add(out, `P${p.id} keeps ${p.gFreeN} dead Gs (spill at ${cfg.scope.gFreeSpill})`))),
});

export const startingStackSizeValid = stateRule('startingStackSize is a power of two in [fixedStack, maxstacksize]', {
  id: 'starting-stack-size-valid', ref: 'I27', group: 'goroutines', reads: ['startingStackSize'], source: 'stack.go:gcComputeStartingStackSize',
  doc: 'gcComputeStartingStackSize clamps the average scanned use plus the guard and rounds it up to a power of two.',
  check(cfg, s) {
    const n = s.startingStackSize;
    return (n & (n - 1)) === 0 && n >= cfg.profile.fixedStack && n <= cfg.maxstacksize
      ? verdict(null, true)
      : [`startingStackSize ${n} is not a power of two in [${cfg.profile.fixedStack}, ${cfg.maxstacksize}]`];
  },
});

export const scannableStackAccounting = stateRule("The pacer's scannable stack total matches the live stacks", {
  id: 'scannable-stack-accounting', ref: 'I28', group: 'goroutines', reads: ['gs', 'ps', 'maxStackScan', 'retiredPs'], pFields: ['maxStackScanDelta'], gFields: ['status', 'lo', 'hi'], source: 'mgcpacer.go:addScannableStack, proc.go:newproc1, proc.go:goexit0, stack.go:copystack',
  doc: 'maxStackScan plus the maxStackScanDelta of every P struct (those procresize destroyed keep theirs) equals the total stack size of goroutines that are not dead: newproc1 adds, goexit0 subtracts, copystack adds the size difference; a P adds its delta to maxStackScan once it reaches maxStackScanSlack.',
  check: (cfg, s, ctx) => scannableSince(null, s, contextFor(cfg, ctx)),
  checkSince: (_cfg, prev, s, ctx) => scannableSince(prev, s, ctx),
});

function scannableSince(prev: State | null, s: State, ctx: CheckContext): Verdict {
  let acct = s.maxStackScan;
  for (const p of s.ps) acct += p.maxStackScanDelta;
  for (const p of s.retiredPs) acct += p.maxStackScanDelta;
  const live = ctx.liveStackBytes.at(prev, s, prev === null ? null : ctx.changedGoroutines(prev, s));
  return acct === live ? verdict(null, true) : [`scannable stack accounting says ${acct}, live goroutine stacks total ${live}`];
}

export const pacerDeltaWithinSlack = stateRule("No P holds back maxStackScanSlack or more of the pacer's stack count", {
  id: 'pacer-delta-within-slack', ref: 'I28b', group: 'goroutines', reads: ['ps', 'retiredPs'], pFields: ['id', 'maxStackScanDelta'], source: 'mgcpacer.go:addScannableStack, runtime2.go:p.maxStackScanDelta',
  doc: "Each P struct's maxStackScanDelta lies strictly between -maxStackScanSlack and +maxStackScanSlack (8 KiB): a P adds its delta to gcController.maxStackScan as soon as it reaches the slack either way, so the pacer never misjudges the stack it may have to scan by more than the slack per P.",
  check: eachPStruct((cfg, p, destroyed, out) => {
    const slack = cfg.profile.maxStackScanSlack;
    return Math.abs(p.maxStackScanDelta) < slack ? out
      : add(out, `${destroyed ? 'destroyed ' : ''}P${p.id} holds a pacer delta of ${p.maxStackScanDelta} bytes, at or past the slack of ${slack}`);
  }),
});

/** I24b's check of one goroutine. */
function ownsItsP(s: State, g: State['gs'][number], out: Out): Out {
  const p = g.p >= 0 && g.p < s.ps.length ? s.ps[g.p] : undefined;
  if (g.status === 'running' && (p === undefined || p.curg !== g.goid)) out = add(out, `g${g.goid} is running but P${g.p} does not run it`);
  if (g.status !== 'running' && g.p >= 0) out = add(out, `g${g.goid} is ${g.status} but still holds P${g.p}`);
  return out;
}

function psRunTheirGs(s: State, out: Out): Out {
  for (const p of s.ps) {
    if (p.curg >= 0 && (p.curg >= s.gs.length || s.gs[p.curg].p !== p.id)) out = add(out, `P${p.id} runs g${p.curg}, which is not on it`);
  }
  return out;
}

export const runningGOwnsItsP = stateRule('A running goroutine and its P point at each other', {
  id: 'running-g-owns-its-p', ref: 'I24b', group: 'goroutines', reads: ['gs', 'ps'], pFields: ['id', 'curg'], gFields: ['goid', 'status', 'p'], source: 'proc.go:execute, proc.go:dropg',
  doc: 'g is _Grunning exactly when some P has curg == g and g.m.p is that P; no other goroutine claims a P.',
  check(_cfg, s) {
    let out: Out = null;
    for (const g of s.gs) out = ownsItsP(s, g, out);
    return verdict(psRunTheirGs(s, out), true);
  },
  // After a passing state only a changed goroutine, or one a changed P ran before, can break it.
  checkSince(_cfg, prev, s, ctx) {
    if (prev.ps.length !== s.ps.length) return runningGOwnsItsP.check(_cfg, s, ctx);
    let which = ctx.changedGoroutines(prev, s);
    if (prev.ps !== s.ps) {
      const more = ctx.scratchGoids;
      clearList(more);
      for (const i of which) more.push(i);
      for (let k = 0; k < s.ps.length; k++) if (prev.ps[k] !== s.ps[k] && prev.ps[k].curg >= 0) more.push(prev.ps[k].curg);
      sortIds(more);
      which = more;
    }
    let out: Out = null;
    for (let j = 0; j < which.length; j++) if (j === 0 || which[j] !== which[j - 1]) out = ownsItsP(s, s.gs[which[j]], out);
    return verdict(psRunTheirGs(s, out), true);
  },
});

export const goroutineInvariants = [
  liveGHasStack, stackguardValid, spWithinStack, gFreeListsConsistent, gFreeBounded, startingStackSizeValid,
  scannableStackAccounting, pacerDeltaWithinSlack, runningGOwnsItsP,
];
