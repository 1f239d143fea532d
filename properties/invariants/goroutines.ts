// Invariants of goroutines, Ps and the free-G lists (research notes §4.4, I20–I28).

import { stackForceMove, stackFork, stackPreempt, toStackTop, type State } from './model-view.ts';
import { add, hex, verdict, type StateInvariant } from './invariant.ts';

export const liveGHasStack: StateInvariant = {
  reads: ['gs'],
  id: 'live-g-has-stack', ref: 'I20', kind: 'state', scope: 'always', group: 'goroutines',
  title: 'A goroutine that is not dead has a stack',
  doc: "status != _Gdead (and != _Gidle) implies stack.lo != 0: newproc1 throws \"newproc1: newg missing stack\" otherwise.",
  source: 'proc.go:newproc1, proc.go:gfget',
  check(_cfg, s) {
    let out: string[] | null = null;
    for (const g of s.gs) if (g.status !== 'dead' && g.status !== 'idle' && g.lo === 0) out = add(out, `g${g.goid} is ${g.status} with no stack`);
    return verdict(out, s.gs.length > 0);
  },
};

export const stackguardValid: StateInvariant = {
  reads: ['gs'],
  id: 'stackguard-valid', ref: 'I21', kind: 'state', scope: 'always', group: 'goroutines',
  title: 'stackguard0 is lo + _StackGuard or a poison value',
  doc: 'For a goroutine with a stack that is not dead, stackguard0 is lo+_StackGuard, stackPreempt, stackFork or stackForceMove; stackPreempt implies a pending preemption request or a syscall (throwsplit).',
  source: 'stack.go:copystack, proc.go:execute, proc.go:reentersyscall',
  check(cfg, s) {
    let out: string[] | null = null;
    let saw = false;
    for (const g of s.gs) {
      if (g.status === 'dead' || g.lo === 0) continue;
      saw = true;
      const v = g.stackguard0;
      if (v !== g.lo + cfg.profile.stackGuard && v !== stackPreempt && v !== stackFork && v !== stackForceMove) {
        out = add(out, `g${g.goid} stackguard0 ${hex(v)} is neither lo+${cfg.profile.stackGuard} (${hex(g.lo + cfg.profile.stackGuard)}) nor a poison value`);
      } else if (v === stackPreempt && !g.preempt && !g.throwsplit) {
        out = add(out, `g${g.goid} has stackguard0 = stackPreempt with no preemption request and no syscall`);
      }
    }
    return verdict(out, saw);
  },
};

export const spWithinStack: StateInvariant = {
  reads: ['gs'],
  id: 'sp-within-stack', ref: 'I22', kind: 'state', scope: 'always', group: 'goroutines',
  title: "sched.sp lies in the goroutine's stack and matches its frames",
  doc: 'For a live goroutine lo <= sched.sp <= hi and hi - sched.sp is the depth of its innermost frame (or the newproc1 top frame); in a syscall lo <= syscallsp <= hi ("split stack overflow" and "entersyscall" guard these).',
  source: 'stack.go:newstack, proc.go:reentersyscall',
  check(cfg, s) {
    let out: string[] | null = null;
    let saw = false;
    for (const g of s.gs) {
      if (g.status === 'dead') continue;
      saw = true;
      if (g.sp < g.lo || g.sp > g.hi) out = add(out, `g${g.goid} sched.sp ${hex(g.sp)} outside its stack [${hex(g.lo)}, ${hex(g.hi)})`);
      else if (g.hi - g.sp !== toStackTop(cfg, g)) out = add(out, `g${g.goid} uses ${g.hi - g.sp} bytes by sched.sp but its frames reach ${toStackTop(cfg, g)}`);
      if (g.syscallsp !== 0 && (g.syscallsp < g.lo || g.syscallsp > g.hi)) out = add(out, `g${g.goid} syscallsp ${hex(g.syscallsp)} outside its stack`);
      if ((g.status === 'syscall') !== (g.syscallsp !== 0)) out = add(out, `g${g.goid} is ${g.status} with syscallsp ${hex(g.syscallsp)}`);
    }
    return verdict(out, saw);
  },
};

function listed(s: State): Map<number, string> {
  const where = new Map<number, string>();
  const put = (goid: number, name: string, out: string[]): void => {
    const prev = where.get(goid);
    if (prev !== undefined) out.push(`g${goid} is on ${prev} and ${name}`);
    where.set(goid, name);
  };
  const dup: string[] = [];
  for (const p of s.ps) for (let l = p.gFree; l !== null; l = l.next) put(l.v, `P${p.id}.gFree`, dup);
  for (let l = s.gFreeStack; l !== null; l = l.next) put(l.v, 'sched.gFree.stack', dup);
  for (let l = s.gFreeNoStack; l !== null; l = l.next) put(l.v, 'sched.gFree.noStack', dup);
  if (dup.length > 0) where.set(-1, dup.join('; '));
  return where;
}

export const gFreeListsConsistent: StateInvariant = {
  reads: ['gs', 'ps', 'gFreeStack', 'gFreeNoStack', 'gFreeN'],
  id: 'gfree-lists-consistent', ref: 'I24', kind: 'state', scope: 'always', group: 'goroutines',
  title: 'Free G lists hold dead goroutines once each, with the right stacks and counts',
  doc: 'Every G on a P.gFree or sched.gFree list is _Gdead and on one list only; sched.gFree.stack holds Gs with a stack, sched.gFree.noStack Gs without; counts equal list lengths; every dead G is on some list.',
  source: 'proc.go:gfput, proc.go:gfget, mgcmark.go:markrootFreeGStacks',
  check(_cfg, s) {
    let out: string[] | null = null;
    const where = listed(s);
    const dup = where.get(-1);
    if (dup !== undefined) out = add(out, dup);
    for (const g of s.gs) {
      const w = where.get(g.goid);
      if (w === undefined && g.status === 'dead') out = add(out, `dead g${g.goid} is on no free list (lost)`);
      if (w === undefined) continue;
      if (g.status !== 'dead') out = add(out, `g${g.goid} is ${g.status} but on ${w}`);
      if (w === 'sched.gFree.stack' && g.lo === 0) out = add(out, `g${g.goid} is on sched.gFree.stack without a stack`);
      if (w === 'sched.gFree.noStack' && g.lo !== 0) out = add(out, `g${g.goid} is on sched.gFree.noStack with a stack`);
    }
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
};

export const gFreeBounded: StateInvariant = {
  reads: ['ps'],
  id: 'gfree-bounded', ref: 'I25', kind: 'state', scope: 'always', group: 'goroutines',
  title: 'A P keeps fewer dead Gs than the spill threshold',
  doc: "After gfput, P.gFree.n < 64 (the scope's gFreeSpill): reaching it moves half the list to the global lists.",
  source: 'proc.go:gfput',
  check(cfg, s) {
    let out: string[] | null = null;
    for (const p of s.ps) if (p.gFreeN >= cfg.scope.gFreeSpill) out = add(out, `P${p.id} keeps ${p.gFreeN} dead Gs (spill at ${cfg.scope.gFreeSpill})`);
    return verdict(out, s.ps.length > 0);
  },
};

export const startingStackSizeValid: StateInvariant = {
  reads: ['startingStackSize'],
  id: 'starting-stack-size-valid', ref: 'I27', kind: 'state', scope: 'always', group: 'goroutines',
  title: 'startingStackSize is a power of two in [fixedStack, maxstacksize]',
  doc: 'gcComputeStartingStackSize clamps the average scanned use plus the guard and rounds it up to a power of two.',
  source: 'stack.go:gcComputeStartingStackSize',
  check(cfg, s) {
    const n = s.startingStackSize;
    return (n & (n - 1)) === 0 && n >= cfg.profile.fixedStack && n <= cfg.maxstacksize
      ? verdict(null, true)
      : [`startingStackSize ${n} is not a power of two in [${cfg.profile.fixedStack}, ${cfg.maxstacksize}]`];
  },
};

export const scannableStackAccounting: StateInvariant = {
  reads: ['gs', 'ps', 'maxStackScan'],
  id: 'scannable-stack-accounting', ref: 'I28', kind: 'state', scope: 'always', group: 'goroutines',
  title: "The pacer's scannable stack total matches the live stacks",
  doc: 'maxStackScan plus every P\'s maxStackScanDelta equals the total stack size of goroutines that are not dead: newproc1 adds, goexit0 subtracts, copystack adds the size difference.',
  source: 'mgcpacer.go:addScannableStack, proc.go:newproc1, proc.go:goexit0, stack.go:copystack',
  check(_cfg, s) {
    let acct = s.maxStackScan;
    for (const p of s.ps) acct += p.maxStackScanDelta;
    let live = 0;
    for (const g of s.gs) if (g.status !== 'dead' && g.status !== 'idle') live += g.hi - g.lo;
    return acct === live ? verdict(null, true) : [`scannable stack accounting says ${acct}, live goroutine stacks total ${live}`];
  },
};

export const runningGOwnsItsP: StateInvariant = {
  reads: ['gs', 'ps'],
  id: 'running-g-owns-its-p', ref: 'I24', kind: 'state', scope: 'always', group: 'goroutines',
  title: 'A running goroutine and its P point at each other',
  doc: 'g is _Grunning exactly when some P has curg == g and g.m.p is that P; no other goroutine claims a P.',
  source: 'proc.go:execute, proc.go:dropg',
  check(_cfg, s) {
    let out: string[] | null = null;
    for (const g of s.gs) {
      const p = g.p >= 0 && g.p < s.ps.length ? s.ps[g.p] : undefined;
      if (g.status === 'running' && (p === undefined || p.curg !== g.goid)) out = add(out, `g${g.goid} is running but P${g.p} does not run it`);
      if (g.status !== 'running' && g.p >= 0) out = add(out, `g${g.goid} is ${g.status} but still holds P${g.p}`);
    }
    for (const p of s.ps) {
      if (p.curg >= 0 && (p.curg >= s.gs.length || s.gs[p.curg].p !== p.id)) out = add(out, `P${p.id} runs g${p.curg}, which is not on it`);
    }
    return verdict(out, true);
  },
};

export const goroutineInvariants = [
  liveGHasStack, stackguardValid, spWithinStack, gFreeListsConsistent, gFreeBounded, startingStackSizeValid,
  scannableStackAccounting, runningGOwnsItsP,
];
