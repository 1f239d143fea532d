// Divergences from Go 1.19 fixed in issue 9, each against the source it follows: the pacer's
// per-P slack (mgcpacer.go:addScannableStack), the deltas destroyed Ps keep (proc.go:procresize
// never frees a p struct, (*p).init does not reset them), copystack without a P, acquirep's
// prepareForSweep, findRunnable's runSafePointFn, m0 on windows, and the P an M holds with
// m.preemptoff set.

import { describe, expect, test } from 'vitest';
import { draftOf, finish } from '../../model/draft.ts';
import { defaultScope, goRuntime, linuxAmd64, makeConfig, noP, windowsAmd64, type State } from '../../model/index.ts';
import { apply, call, reach } from './play.ts';

const linux = makeConfig(linuxAmd64);
const slack = linuxAmd64.maxStackScanSlack;

function withDraft(s: State, f: (d: ReturnType<typeof draftOf>) => void): State {
  const d = draftOf(s, linux, goRuntime);
  f(d);
  return finish(d);
}

describe('mgcpacer.go:addScannableStack', () => {
  test('a P keeps its delta below the slack and hands it over once it reaches the slack', () => {
    const s0 = reach(linux, []);
    const base = s0.maxStackScan + s0.ps[0].maxStackScanDelta;
    const below = withDraft(s0, (d) => goRuntime.addScannableStack(d, 0, slack - 1 - s0.ps[0].maxStackScanDelta));
    expect(below.ps[0].maxStackScanDelta).toBe(slack - 1);
    expect(below.maxStackScan).toBe(s0.maxStackScan);
    const at = withDraft(below, (d) => goRuntime.addScannableStack(d, 0, 1));
    expect(at.ps[0].maxStackScanDelta).toBe(0);
    expect(at.maxStackScan).toBe(base + slack - s0.ps[0].maxStackScanDelta);
    const negative = withDraft(s0, (d) => goRuntime.addScannableStack(d, 0, -slack - s0.ps[0].maxStackScanDelta));
    expect(negative.ps[0].maxStackScanDelta).toBe(0);
  });

  test('without a P the amount goes to maxStackScan; with m.preemptoff set it still goes to the P the M holds', () => {
    const s0 = reach(linux, []);
    const none = withDraft(s0, (d) => goRuntime.addScannableStack(d, noP, 2048));
    expect(none.maxStackScan).toBe(s0.maxStackScan + 2048);
    expect(none.ps).toBe(s0.ps);
    const held = withDraft(s0, (d) => goRuntime.addScannableStack(d, { preemptoff: 0 }, 2048));
    expect(held.ps[0].maxStackScanDelta).toBe(s0.ps[0].maxStackScanDelta + 2048);
  });

  test('copystack with no P adds the size difference to maxStackScan (stack.go:copystack)', () => {
    const s0 = reach(linux, []);
    const g = s0.gs[0];
    const grown = withDraft(s0, (d) => goRuntime.copystack(d, 0, 2 * (g.hi - g.lo), noP));
    expect(grown.maxStackScan).toBe(s0.maxStackScan + (g.hi - g.lo));
    expect(grown.ps[0].maxStackScanDelta).toBe(s0.ps[0].maxStackScanDelta);
  });

  test('many goroutines created on one P never leave it holding the slack', () => {
    let s = reach(linux, []);
    for (let i = 0; i < 8; i++) {
      s = apply(linux, s, { kind: 'newproc', g: 0 });
      expect(Math.abs(s.ps[0].maxStackScanDelta)).toBeLessThan(slack);
    }
    // 8 new 2 KiB stacks: 16 KiB crossed the 8 KiB slack, so maxStackScan moved.
    expect(s.maxStackScan).toBeGreaterThan(0);
  });
});

describe('proc.go:procresize keeps destroyed p structs', () => {
  test('a destroyed P keeps its delta and scanned counts, and the next growth reuses them', () => {
    const cfg = makeConfig(linuxAmd64, { ...defaultScope, procs: 3, maxProcs: 3 });
    let s = reach(cfg, []);
    s = withDraft(s, (d) => {
      goRuntime.addScannableStack(d, 2, 1000);
      d.ps = d.ps.map((p) => (p.id === 2 ? { ...p, scannedStackSize: 512, scannedStacks: 1 } : p));
    });
    const shrunk = apply(cfg, s, { kind: 'procresize', n: 2 });
    expect(shrunk.ps).toHaveLength(2);
    expect(shrunk.retiredPs.map((p) => [p.id, p.maxStackScanDelta, p.scannedStackSize])).toEqual([[2, s.ps[2].maxStackScanDelta, 512]]);
    expect(shrunk.maxStackScan).toBe(s.maxStackScan); // (*p).destroy folds nothing
    const grown = apply(cfg, shrunk, { kind: 'procresize', n: 3 });
    expect(grown.retiredPs).toEqual([]);
    expect(grown.ps[2].maxStackScanDelta).toBe(s.ps[2].maxStackScanDelta);
    expect(grown.ps[2].scannedStacks).toBe(1);
    expect(grown.ps[2].stackcache.every((c) => c.list === null && c.size === 0)).toBe(true); // a fresh mcache
  });
});

describe('who flushes a stale stack cache after mark termination', () => {
  // A state just after mark termination, with every P still to flush and P1 holding stacks.
  function afterMarkTermination(): State {
    let s = reach(linux, []);
    s = apply(linux, s, { kind: 'newproc', g: 0 });
    const g = s.gs.length - 1;
    s = apply(linux, s, { kind: 'execute', g, p: 1 });
    s = apply(linux, s, call(g, 'call4k')); // grows on P1: the 2 KiB stack goes to P1's cache
    s = apply(linux, s, { kind: 'gosched', g }); // P1 goes idle
    return withDraft(s, (d) => goRuntime.gcMarkTermination(d));
  }

  test('exitsyscall onto an idle P flushes it first (acquirep → mcache.prepareForSweep)', () => {
    let s = afterMarkTermination();
    expect(s.ps[1].flushGen).not.toBe(s.sweepgen);
    expect(s.ps[1].stackcache.some((c) => c.size > 0)).toBe(true);
    s = withDraft(s, (d) => { d.sweepFlushPending = 0; d.freeStackSpansPending = false; });
    s = apply(linux, s, { kind: 'entersyscall', g: 0 });
    s = apply(linux, s, { kind: 'exitsyscall', g: 0, p: 1 });
    expect(s.ps[1].flushGen).toBe(s.sweepgen);
    expect(s.ps[1].stackcache.every((c) => c.size === 0)).toBe(true);
  });

  test('execute on a P with the safe-point function pending runs it first (findRunnable → runSafePointFn)', () => {
    let s = afterMarkTermination();
    s = apply(linux, s, { kind: 'gosched', g: 0 });
    expect(s.sweepFlushPending & 1).toBe(1);
    s = apply(linux, s, { kind: 'execute', g: 0, p: 0 });
    expect(s.sweepFlushPending & 1).toBe(0);
    expect(s.ps[0].flushGen).toBe(s.sweepgen);
  });
});

describe('m0 on every port (proc.go:schedinit → mcommoninit)', () => {
  test('windows/amd64 has m0 with no runtime-allocated stacks, so the first newm is m1 and maxMs counts Ms besides m0', () => {
    const win = makeConfig(windowsAmd64, { ...defaultScope, maxMs: 1 });
    let s = reach(win, []);
    expect(s.ms.map((m) => m.id)).toEqual([0]);
    expect(s.ms[0]).toMatchObject({ g0lo: 0, gsiglo: 0 });
    s = apply(win, s, { kind: 'newm', p: 0 });
    expect(s.ms.map((m) => m.id)).toEqual([0, 1]);
    expect(apply.bind(null, win, s, { kind: 'newm', p: 0 })).toThrow(/disabled/);
  });
});
