// Exact model behaviour on hand-written action sequences, against the research notes
// (go-stack-runtime.md §3 T8/T10/T13-T16/T21, §6.6): the address pattern of a fresh pool
// span, growth by doubling with every pointer moved by delta = new.hi - old.hi, one halving
// per GC scan, large stacks parked on stackLarge during GC, and gfput keeping only
// startingStackSize stacks.

import { describe, expect, test } from 'vitest';
import {
  defaultModes, defaultScope, goRuntime, linuxAmd64, makeConfig, slotAddr, step, windowsAmd64, type Config, type State,
} from '../../model/index.ts';
import { apply, call, gcCycle, reach, statsOf } from './play.ts';

const KiB = 1024;
const linux = makeConfig(linuxAmd64);

/** Runs newproc from goroutine `from` and returns the new state and the goroutine it made runnable. */
function newproc(cfg: Config, s0: State, from = 0): [State, number] {
  const s = apply(cfg, s0, { kind: 'newproc', g: from });
  const g = s.gs.findIndex((x, j) => x.status === 'runnable' && (s0.gs[j] === undefined || s0.gs[j].status !== 'runnable'));
  return [s, g];
}

function size(s: State, g: number): number {
  return s.gs[g].hi - s.gs[g].lo;
}

/** The base of the only pool span of a stack size. */
function poolBase(s: State, elemsize: number): number {
  const spans = s.spans.filter((x) => x.state === 'manual' && x.elemsize === elemsize);
  expect(spans.length).toBe(1);
  return spans[0].base;
}

describe('T8/T10: addresses handed out from a fresh order-0 span (§6.6)', () => {
  test('linux/amd64: the first 2 KiB stack is B+16K, then B+18K ... B+30K; the next refill starts at B+0', () => {
    let s = reach(linux, []);
    const B = poolBase(s, 2 * KiB);
    // The heap-object page, then m0's 32 KiB gsignal stack (a large span), then the pool span.
    expect(B).toBe(linuxAmd64.arenaBase + 5 * linux.pageSize);
    expect(s.gs[0].lo).toBe(B + 16 * KiB);
    const los: number[] = [];
    for (let i = 0; i < 10; i++) {
      let g: number;
      [s, g] = newproc(linux, s);
      los.push(s.gs[g].lo - B);
    }
    expect(los).toEqual([18, 20, 22, 24, 26, 28, 30, 0, 2, 4].map((k) => k * KiB));
    expect(statsOf(s).refill).toBe(1); // the bootstrap's refill (g0's stack) is not a step: one more after it
    expect(s.spans.filter((x) => x.state === 'manual' && x.elemsize === 2 * KiB)).toHaveLength(1); // one span, now full
    expect(s.stackpool[0]).toEqual([]);
  });

  test('linux/amd64 with stackNoCache: stackpoolalloc itself hands out B+30K, B+28K, ...', () => {
    const cfg = makeConfig(linuxAmd64, undefined, { ...defaultModes, stackNoCache: true });
    let s = reach(cfg, []);
    const B = poolBase(s, 2 * KiB);
    const los = [s.gs[0].lo - B];
    for (let i = 0; i < 3; i++) {
      let g: number;
      [s, g] = newproc(cfg, s);
      los.push(s.gs[g].lo - B);
    }
    expect(los).toEqual([30, 28, 26, 24].map((k) => k * KiB));
    expect(statsOf(s).refill).toBe(0);
  });

  test('windows/amd64: 8 KiB slots, refills of two: B+16K, B+24K, then B+0, B+8K', () => {
    const cfg = makeConfig(windowsAmd64);
    let s = reach(cfg, []);
    const B = poolBase(s, 8 * KiB);
    expect(B).toBe(windowsAmd64.arenaBase + cfg.pageSize); // no gsignal stack on windows
    const los = [s.gs[0].lo - B];
    for (let i = 0; i < 3; i++) {
      let g: number;
      [s, g] = newproc(cfg, s);
      los.push(s.gs[g].lo - B);
    }
    expect(los).toEqual([16, 24, 0, 8].map((k) => k * KiB));
  });
});

describe('T13/T14: growth by doubling, copystack moves every pointer by delta', () => {
  test('2 KiB -> 4 KiB: delta = new.hi - old.hi, used kept, slots, saved BPs, defers, guard and stktopsp moved', () => {
    // frame0 call1k; frame1 call96 whose slot 0 points at frame0's slot 0 and slot 1 at heap
    // object 0; a stack defer in frame1; then a call1k that does not fit: morestack.
    const before = reach(linux, [call(0, 'call1k'), call(0, 'call96', [{ to: 'stack', frame: 0, slot: 0 }, { to: 'heap', obj: 0 }]), { kind: 'defer', g: 0 }]);
    const o = before.gs[0];
    expect(o.hi - o.lo).toBe(2 * KiB);
    expect(o.frames[1].slots[0]).toBe(slotAddr(o.hi, o.frames[0].depth, 0, 8));
    const after = apply(linux, before, call(0, 'call1k'));
    const n = after.gs[0];
    expect(n.hi - n.lo).toBe(4 * KiB); // 2*2K fits: 4096 - (used 1192 + 8) >= 1024 + 928
    expect(statsOf(after).grow).toBe(1);
    const delta = n.hi - o.hi;
    expect(delta).not.toBe(0);
    // The first 4 KiB stack comes from a fresh order-1 span's refill: B1+16K.
    expect(n.lo).toBe(poolBase(after, 4 * KiB) + 16 * KiB);
    expect(n.stackguard0).toBe(n.lo + linuxAmd64.stackGuard);
    expect(n.stktopsp).toBe(o.stktopsp + delta);
    // The old frames keep their depth; their pointers into the old stack moved by delta.
    expect(n.frames.slice(0, 2).map((f) => f.depth)).toEqual(o.frames.map((f) => f.depth));
    expect(n.frames[1].slots).toEqual([o.frames[1].slots[0] + delta, o.frames[1].slots[1]]);
    expect(n.frames[1].slots[0]).toBe(slotAddr(n.hi, n.frames[0].depth, 0, 8));
    expect(n.frames[1].bp).toBe(o.frames[1].bp + delta);
    expect(n.frames[0].bp).toBe(0);
    expect(n.defers).toEqual(o.defers.map((r) => ({ rec: r.rec + delta, sp: r.sp + delta, fn: r.fn + delta, panic: r.panic === 0 ? 0 : r.panic + delta })));
    // The new frame sits right under the old used region: hi - sp = used + return address + frame.
    expect(n.hi - n.sp).toBe(o.hi - o.sp + 8 + 1024);
    // The old stack went back to P0's order-0 cache.
    expect(after.ps[0].stackcache[0].list?.v).toBe(o.lo);
    expect(after.ps[0].stackcache[0].size).toBe(before.ps[0].stackcache[0].size + 2 * KiB);
  });

  test('a 12 KiB frame on a fresh 2 KiB stack doubles three times at once, to 16 KiB', () => {
    const s = reach(linux, [call(0, 'call12k')]);
    expect(size(s, 0)).toBe(16 * KiB);
    expect(statsOf(s).grow).toBe(1);
  });
});

describe('T15/T16: a scan shrinks a mostly unused stack by half, once per cycle', () => {
  /** g1 on P1 grew to 16 KiB and returned: it uses 32 bytes. */
  function grownAndIdle(cfg: Config): State {
    let [s, g1] = newproc(cfg, reach(cfg, []));
    expect(g1).toBe(1);
    s = reach(cfg, [{ kind: 'execute', g: 1, p: 1 }, call(1, 'call12k'), { kind: 'ret', g: 1 }], s);
    expect(size(s, 1)).toBe(16 * KiB);
    return s;
  }

  test('16K -> 8K at the first scan, no second shrink in that cycle; 4K, then 2K in the next cycles; never below 2K', () => {
    let s = grownAndIdle(linux);
    s = reach(linux, [{ kind: 'gcStart' }, { kind: 'gosched', g: 1 }, { kind: 'scanstack', g: 1, p: 0 }], s);
    expect(size(s, 1)).toBe(8 * KiB); // 32 + 800 < 2048 would allow more, but one halving per scan
    expect(statsOf(s).shrink).toBe(1);
    expect(s.gs[1].hi - s.gs[1].sp).toBe(32);
    expect(step(linux, goRuntime, s, { kind: 'scanstack', g: 1, p: 0 }).kind).toBe('disabled');
    s = reach(linux, [
      { kind: 'gosched', g: 0 }, { kind: 'scanstack', g: 0, p: 0 }, { kind: 'markrootFreeGStacks', p: 0 }, { kind: 'gcMarkDone' },
      { kind: 'freeStackSpans' }, { kind: 'prepareForSweep', p: 0 }, { kind: 'prepareForSweep', p: 1 }, { kind: 'execute', g: 0, p: 0 },
    ], s);
    const sizes = [size(s, 1)];
    for (let i = 0; i < 3; i++) {
      s = gcCycle(linux, s);
      sizes.push(size(s, 1));
    }
    expect(sizes).toEqual([8, 4, 2, 2].map((k) => k * KiB)); // 4K: 32 + 800 < 1024 still shrinks; 1K < fixedStack stops
    expect(statsOf(s).shrink).toBe(3);
  });

  test('the worked example of T15: a G using 344 bytes shrinks 128K -> 64K -> ... -> 4K, one halving per GC, and stops at 4K', () => {
    const cfg = makeConfig(linuxAmd64, { ...defaultScope, arenaPages: 128, maxstacksize: 256 * KiB });
    let [s] = newproc(cfg, reach(cfg, []));
    s = reach(cfg, [{ kind: 'execute', g: 1, p: 1 }, call(1, 'call96'), call(1, 'call96'), call(1, 'call96')], s);
    expect(s.gs[1].hi - s.gs[1].sp).toBe(344); // 32 + 3 * (8 + 96)
    let deep = 0;
    while (size(s, 1) < 128 * KiB) {
      s = apply(cfg, s, call(1, 'call12k'));
      deep++;
    }
    expect(size(s, 1)).toBe(128 * KiB);
    for (let i = 0; i < deep; i++) s = apply(cfg, s, { kind: 'ret', g: 1 });
    expect(s.gs[1].hi - s.gs[1].sp).toBe(344);
    s = apply(cfg, s, { kind: 'gosched', g: 1 });
    const sizes = [size(s, 1)];
    for (let i = 0; i < 6; i++) {
      s = gcCycle(cfg, s);
      sizes.push(size(s, 1));
    }
    // 344 + 800 = 1144 >= 4096/4 stops the last halving.
    expect(sizes).toEqual([128, 64, 32, 16, 8, 4, 4].map((k) => k * KiB));
  });

  test('with gcshrinkstackoff the scan shrinks nothing', () => {
    const cfg = makeConfig(linuxAmd64, undefined, { ...defaultModes, gcshrinkstackoff: true });
    let s = grownAndIdle(cfg);
    s = gcCycle(cfg, s);
    expect(size(s, 1)).toBe(16 * KiB);
    expect(statsOf(s).shrink).toBe(0);
  });

  test('a stack using a quarter or more is not shrunk', () => {
    // g1 keeps its 12 KiB frame: 12,328 + 800 >= 16K/4.
    let [s] = newproc(linux, reach(linux, []));
    s = reach(linux, [{ kind: 'execute', g: 1, p: 1 }, call(1, 'call12k'), { kind: 'gosched', g: 1 }], s);
    s = gcCycle(linux, s);
    expect(size(s, 1)).toBe(16 * KiB);
    expect(statsOf(s).shrink).toBe(0);
  });
});

describe('T7/T21: large stacks freed during GC wait on stackLarge', () => {
  /** g1 on P1 with a 32 KiB stack (large on linux/amd64: not < 32K). */
  function withLarge(): State {
    const [s] = newproc(linux, reach(linux, []));
    const t = reach(linux, [{ kind: 'execute', g: 1, p: 1 }, call(1, 'call4k'), call(1, 'call12k')], s);
    expect(size(t, 1)).toBe(32 * KiB);
    return t;
  }

  test('freed during mark: the span stays a manual stack span on stackLarge.free[2], then freeStackSpans returns it to the heap', () => {
    const s0 = reach(linux, [{ kind: 'gcStart' }], withLarge());
    const base = s0.gs[1].lo;
    const s = apply(linux, s0, { kind: 'goexit', g: 1 });
    expect(s.stackLarge[2]).toEqual([base]);
    expect(s.spans.find((x) => x.base === base)).toMatchObject({ state: 'manual', npages: 4, elemsize: 32 * KiB });
    expect(s.inStacks).toBe(s0.inStacks);
    expect(statsOf(s).largeToStackLarge).toBe(1);
    expect(s.gs[1]).toMatchObject({ status: 'dead', lo: 0, hi: 0 });

    const done = reach(linux, [
      { kind: 'gosched', g: 0 }, { kind: 'scanstack', g: 0, p: 0 }, { kind: 'scanstack', g: 1, p: 0 }, { kind: 'markrootFreeGStacks', p: 0 },
      { kind: 'gcMarkDone' },
    ], s);
    expect(done.stackLarge[2]).toEqual([base]); // still parked after mark termination
    const freed = apply(linux, done, { kind: 'freeStackSpans' });
    expect(freed.stackLarge.every((l) => l.length === 0)).toBe(true);
    expect(freed.spans.some((x) => x.base === base)).toBe(false);
    expect(freed.free.some((r) => r.base <= base && base < r.base + r.npages * linux.pageSize)).toBe(true);
    expect(freed.inStacks).toBe(done.inStacks - 32 * KiB);
  });

  test('a 32 KiB stack needed during the same GC reuses the parked span', () => {
    let s = apply(linux, reach(linux, [{ kind: 'gcStart' }], withLarge()), { kind: 'goexit', g: 1 });
    const base = s.stackLarge[2][0];
    s = reach(linux, [{ kind: 'newproc', g: 0 }], s);
    const g = s.gs.findIndex((x) => x.status === 'runnable');
    s = reach(linux, [{ kind: 'execute', g, p: 1 }, call(g, 'call4k'), call(g, 'call12k')], s);
    expect(s.gs[g].lo).toBe(base);
    expect(statsOf(s).stackLargeReuse).toBe(1);
    expect(s.stackLarge[2]).toEqual([]);
  });

  test('freed with GC off: straight back to the heap', () => {
    const s0 = withLarge();
    const base = s0.gs[1].lo;
    const s = apply(linux, s0, { kind: 'goexit', g: 1 });
    expect(s.stackLarge.every((l) => l.length === 0)).toBe(true);
    expect(s.spans.some((x) => x.base === base)).toBe(false);
    expect(s.inStacks).toBe(s0.inStacks - 32 * KiB);
  });
});

describe('T3/T4: gfput keeps only startingStackSize stacks', () => {
  // Spill at 4, so two dead Gs stay on P1 (the default scope spills at 2).
  const linux = makeConfig(linuxAmd64, { ...defaultScope, gFreeSpill: 4 });
  test('a 2 KiB G keeps its stack, an 8 KiB one loses it; gfget hands them out LIFO', () => {
    let [s, a] = newproc(linux, reach(linux, []));
    s = reach(linux, [{ kind: 'execute', g: a, p: 1 }], s);
    let b: number;
    [s, b] = newproc(linux, s, a); // created by a, on P1
    const aLo = s.gs[a].lo;
    s = reach(linux, [{ kind: 'goexit', g: a }, { kind: 'execute', g: b, p: 1 }, call(b, 'call4k')], s);
    expect(size(s, b)).toBe(8 * KiB);
    expect(s.gs[a]).toMatchObject({ status: 'dead', lo: aLo, hi: aLo + 2 * KiB });
    expect(statsOf(s).gfreeKeep).toBe(1);
    const cached8k = s.ps[1].stackcache[2].size;
    s = apply(linux, s, { kind: 'goexit', g: b });
    expect(s.gs[b]).toMatchObject({ status: 'dead', lo: 0, hi: 0, stackguard0: 0 });
    expect(s.ps[1].stackcache[2].size).toBe(cached8k + 8 * KiB); // freed into P1's cache
    expect(statsOf(s).gfreeKeep).toBe(1);
    // P1.gFree is b, a (LIFO). A goroutine on P1 creates two: b gets a new 2 KiB stack, a its old one.
    s = reach(linux, [{ kind: 'gosched', g: 0 }, { kind: 'execute', g: 0, p: 1 }], s);
    let c: number, d: number;
    [s, c] = newproc(linux, s);
    [s, d] = newproc(linux, s);
    expect([c, d]).toEqual([b, a]);
    expect(size(s, b)).toBe(2 * KiB);
    expect(s.gs[a].lo).toBe(aLo);
    expect(s.gs.length).toBe(3);
  });

  test('when startingStackSize grows to 4 KiB, gfget frees a kept 2 KiB stack and allocates 4 KiB, and gfput frees fresh 2 KiB stacks', () => {
    let [s, a] = newproc(linux, reach(linux, []));
    s = reach(linux, [{ kind: 'execute', g: a, p: 1 }, { kind: 'goexit', g: a }], s);
    expect(s.gs[a].lo).not.toBe(0);
    // g0 uses 1,168 bytes when scanned: round2(1168 + 928) = 4 KiB.
    s = reach(linux, [call(0, 'call96'), call(0, 'call1k')], s);
    s = gcCycle(linux, s);
    expect(s.startingStackSize).toBe(4 * KiB);
    expect(s.gs[a].hi - s.gs[a].lo).toBe(2 * KiB); // P1.gFree keeps its stack through GC
    s = reach(linux, [{ kind: 'gosched', g: 0 }, { kind: 'execute', g: 0, p: 1 }], s);
    let b: number;
    [s, b] = newproc(linux, s);
    expect(b).toBe(a);
    expect(size(s, a)).toBe(4 * KiB);
    // A brand-new G still gets malg(_StackMin) = 2 KiB, which gfput now frees at exit.
    let c: number;
    [s, c] = newproc(linux, s);
    expect(size(s, c)).toBe(2 * KiB);
    s = reach(linux, [{ kind: 'execute', g: c, p: 0 }, { kind: 'goexit', g: c }], s);
    expect(s.gs[c]).toMatchObject({ lo: 0, hi: 0 });
    expect(statsOf(s).gfreeKeep).toBe(1);
  });
});

describe('T16/T25: scanning a stopped G claims it as suspendG does', () => {
  // preempt.go:suspendG, cases _Grunnable, _Gsyscall, _Gwaiting (and _Gpreempted, which
  // falls through): once the G is claimed, "Clear the preemption request": preemptStop =
  // false, preempt = false, stackguard0 = lo + _StackGuard. A G that suspendG asked to stop
  // while running but that stopped some other way (a voluntary yield, a syscall) must not
  // keep the stale request and park itself in _Gpreempted after the GC is over.
  const stoppedBy = (how: 'gosched' | 'entersyscall'): State =>
    reach(linux, [{ kind: 'newproc', g: 0 }, { kind: 'gcStart' }, { kind: 'suspendG', g: 0 }, { kind: how, g: 0 }, { kind: 'scanstack', g: 0, p: 0 }]);
  const finishGC = (s: State): State => reach(linux, [
    { kind: 'scanstack', g: 1, p: 0 }, { kind: 'markrootFreeGStacks', p: 0 }, { kind: 'gcMarkDone' }, { kind: 'freeStackSpans' },
    { kind: 'prepareForSweep', p: 0 }, { kind: 'prepareForSweep', p: 1 },
  ], s);

  test('a G that yielded after suspendG: the scan clears the request; a later preemption makes it runnable, not _Gpreempted', () => {
    let s = stoppedBy('gosched');
    expect(s.gs[0]).toMatchObject({ status: 'runnable', preemptStop: false, preempt: false, stackguard0: s.gs[0].lo + linuxAmd64.stackGuard });
    s = finishGC(apply(linux, s, { kind: 'execute', g: 0, p: 0 }));
    s = reach(linux, [{ kind: 'preemptone', g: 0 }, call(0, 'call96')], s);
    expect(s.gcphase).toBe('off');
    expect(s.gs[0].status).toBe('runnable');
  });

  test('a G that entered a syscall after suspendG: the scan clears the request and defers the shrink; exitsyscall restores the guard', () => {
    let s = stoppedBy('entersyscall');
    expect(s.gs[0]).toMatchObject({ status: 'syscall', preemptStop: false, preempt: false, preemptShrink: true, stackguard0: s.gs[0].lo + linuxAmd64.stackGuard });
    s = finishGC(apply(linux, s, { kind: 'exitsyscall', g: 0, p: 0 }));
    expect(s.gs[0]).toMatchObject({ status: 'running', stackguard0: s.gs[0].lo + linuxAmd64.stackGuard });
    s = apply(linux, s, call(0, 'call96'));
    expect(s.gs[0].status).toBe('running'); // no stale preemption
    s = reach(linux, [{ kind: 'preemptone', g: 0 }, call(0, 'call96')], s);
    expect(s.gs[0].status).toBe('runnable'); // the synchronous preemption, which also applies the deferred shrink
    expect(s.gs[0].preemptShrink).toBe(false);
    expect(statsOf(s).preemptShrinkApplied).toBe(1);
  });
});
