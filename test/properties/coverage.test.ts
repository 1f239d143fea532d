// Random runs with the default weights, scope and profile reach every action kind, every
// model path counter and every invariant (non-vacuously). Paths the default weights reach
// only rarely get a hand-written sequence too, so their coverage does not hang on a seed.

import { describe, expect, test } from 'vitest';
import { defaultScope, goRuntime, linuxAmd64, makeConfig, windowsAmd64, type Action, type State } from '../../model/index.ts';
import { check, unreached, type CheckReport } from '../../properties/index.ts';
import { apply, call, reach, statsOf } from '../model/play.ts';

function missing(r: CheckReport): string {
  const u = unreached(r.coverage);
  return `actions: [${u.actions.join(', ')}], paths: [${u.paths.join(', ')}], invariants: [${u.invariants.join(', ')}]`;
}

describe('coverage of random runs with the default weights', () => {
  test('linux/amd64 (the default profile and scope): every action kind, path counter and invariant is reached', () => {
    // 3,000 runs of up to 200 steps (about 280,000 steps, ~6 s). `release` (stackcacherelease)
    // is the rarest path: about one step in 60,000 takes it (1-5 per 185,000 steps over seeds
    // 1-6), because it needs 16 order-0 blocks freed into one P's cache with no flush in
    // between, while every GC cycle (gcStart has weight 4) flushes every cache and the
    // default scope has at most 12 goroutines. gfreeSpill/gfreeRefill are rare too (about
    // one in 20,000 / 6,000 steps). The test below reaches all three on purpose.
    const r = check({ cfg: makeConfig(linuxAmd64), rt: goRuntime, seed: 1, runs: 3000, maxSteps: 200 });
    expect(r.counterexample).toBeNull();
    const u = unreached(r.coverage);
    expect(u.actions.length + u.paths.length + u.invariants.length, `not reached: ${missing(r)}`).toBe(0);
    expect(r.coverage.paths.release, 'stackcacherelease').toBeGreaterThan(0);
  });

  test('windows/amd64: everything but the no-P pool path, which that profile cannot take', () => {
    // With default modes a small stack goes to the global pool only when the allocating M
    // has no P (stackalloc with m.p == nil): in the model that is allocm(-1) for the Ms
    // procresize starts, which allocate a g0 and a gsignal stack. On windows/amd64 both
    // are the OS's (g0StackSize 0, no gsignal), so no stack is ever allocated without a P
    // and `pool` stays 0. With stackNoCache every small stack takes that path instead.
    const r = check({ cfg: makeConfig(windowsAmd64), rt: goRuntime, seed: 1, runs: 2000, maxSteps: 200 });
    expect(r.counterexample).toBeNull();
    const u = unreached(r.coverage);
    expect(u.actions.length + u.invariants.length, `not reached: ${missing(r)}`).toBe(0);
    expect(u.paths, `not reached: ${missing(r)}`).toEqual(['pool']);
  });
});

describe('rare paths reached on purpose (linux/amd64)', () => {
  // Spill at 4 (the default scope spills at 2), so the spill below keeps one G on P1.
  const cfg = makeConfig(linuxAmd64, { ...defaultScope, gFreeSpill: 4 });

  /** Goroutine created on P0, run on P1, grown there (its 2 KiB stack freed into P1's cache), exited on P1. */
  function cycle(s0: State): { s: State; g: number; before: State } {
    let s = apply(cfg, s0, { kind: 'newproc', g: 0 });
    const g = s.gs.findIndex((x, j) => x.status === 'runnable' && (s0.gs[j] === undefined || s0.gs[j].status === 'dead'));
    s = apply(cfg, s, { kind: 'execute', g, p: 1 });
    const before = s;
    s = apply(cfg, s, call(g, 'call4k'));
    return { s: apply(cfg, s, { kind: 'goexit', g }), g, before };
  }

  test('stackcacherelease: the 17th 2 KiB stack freed into P1 finds 32 KiB cached and releases half to the pool first', () => {
    let s = reach(cfg, []);
    for (let i = 0; i < 16; i++) {
      s = cycle(s).s;
      expect(s.ps[1].stackcache[0].size).toBe(2048 * (i + 1));
    }
    expect(statsOf(s).release).toBe(0);
    const { s: after, before } = cycle(s);
    expect(statsOf(after).release).toBe(1);
    // Released down to 16 KiB (8 blocks back to the pool), then the freed stack pushed.
    expect(after.ps[1].stackcache[0].size).toBe(16384 + 2048);
    const allocated = (x: State): number => x.spans.filter((sp) => sp.state === 'manual' && sp.elemsize === 2048).reduce((n, sp) => n + sp.allocCount, 0);
    expect(allocated(after)).toBe(allocated(before) - 8);
  });

  test('gfput spills to the global lists at gFreeSpill, and gfget refills from them', () => {
    let s = reach(cfg, []);
    for (let i = 0; i < 4; i++) s = cycle(s).s;
    // Four dead Gs reached P1.gFree: the fourth gfput spilled three of them (n >= spill/2) to sched.gFree.noStack.
    expect(statsOf(s).gfreeSpill).toBe(1);
    expect(s.ps[1].gFreeN).toBe(1);
    expect(s.gFreeN).toBe(3);
    expect(s.gFreeStack).toBeNull();
    // The next newproc on P0 (empty gFree) takes half the spill threshold from the global list.
    const n = apply(cfg, s, { kind: 'newproc', g: 0 } satisfies Action);
    expect(statsOf(n).gfreeRefill).toBe(1);
    expect(n.gFreeN).toBe(1);
    expect(n.ps[0].gFreeN).toBe(1);
  });
});
