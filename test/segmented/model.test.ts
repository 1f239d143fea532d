// The segmented-stack model (Go 1.1-1.3): the hot split measured on the model itself, each
// invariant seen failing on a hand-broken state, clean random runs and every mutant found.
import { describe, expect, test } from 'vitest';
import {
  defaultSegScope, go11, go12, go13, go14, needsSplit, segFuncIndex, segInitialState, segProfiles, segRuntimeFor, segStep,
  type SegAction, type SegConfig, type SegState,
} from '../../model/segmented/index.ts';
import { segMutantRuntime, segMutants } from '../../model/segmented/mutants.ts';
import { segInvariants } from '../../properties/segmented/invariants.ts';
import { segCheck, segPathsOf } from '../../properties/segmented/run.ts';

const scope = { ...defaultSegScope, maxstacksize: 1 << 20, heapBytes: 4 << 20 };

function stepper(cfg: SegConfig) {
  const rt = segRuntimeFor(cfg.profile);
  let s: SegState = segInitialState(cfg, rt);
  const tot: Record<string, number> = {};
  const run = (a: SegAction): void => {
    const r = segStep(cfg, rt, s, a);
    if (r.kind !== 'ok') throw new Error(`${a.kind}: ${JSON.stringify(r)}`);
    s = r.state;
    for (const [k, v] of Object.entries(r.obs)) tot[k] = (tot[k] ?? 0) + v;
  };
  return { run, tot, state: () => s };
}

/** Calls f1k until the next one would split, then calls and returns it n times. */
function boundaryLoop(cfg: SegConfig, n: number): Record<string, number> {
  const st = stepper(cfg);
  const f1k = segFuncIndex('f1k');
  while (!needsSplit(cfg.profile, st.state().gs[0], 1024)) st.run({ kind: 'call', g: 0, fn: f1k, ptr: -1 });
  for (const k of Object.keys(st.tot)) st.tot[k] = 0;
  for (let i = 0; i < n; i++) {
    st.run({ kind: 'call', g: 0, fn: f1k, ptr: 0 });
    st.run({ kind: 'ret', g: 0 });
  }
  return st.tot;
}

describe('the hot split', () => {
  test.each([go11, go12])('%s: a call at the segment boundary allocates and frees a segment on every iteration', (profile) => {
    const t = boundaryLoop({ profile, scope }, 100);
    expect(t.segAlloc).toBe(100);
    expect(t.segFree).toBe(100);
    expect(t.copies).toBe(0);
  });
  test.each([go13, go14])('%s: the same loop copies once, then fits', (profile) => {
    const t = boundaryLoop({ profile, scope }, 100);
    expect(t.copies).toBe(1);
    expect(t.segAlloc).toBe(0);
    expect(t.segFree).toBe(0);
  });
});

describe('go1.3 falls back to segments under C frames', () => {
  test('a C frame on the top segment makes newstack link a power-of-2 segment, and the return frees it through oldstack', () => {
    const st = stepper({ profile: go13, scope });
    const c2k = segFuncIndex('c2k');
    while (st.tot.segAlloc === undefined || st.tot.segAlloc === 0) st.run({ kind: 'call', g: 0, fn: c2k, ptr: -1 });
    const g = st.state().gs[0];
    expect(g.segs).toHaveLength(2);
    expect(g.segs[1].size & (g.segs[1].size - 1)).toBe(0);
    expect(st.tot.copies ?? 0).toBe(0);
    st.run({ kind: 'ret', g: 0 });
    expect(st.tot.segFree).toBe(1);
    expect(st.state().gs[0].segs).toHaveLength(1);
  });
  test('the paths each release can take: segments where they exist, copies where stacks copy, the pool in 1.4', () => {
    expect(segPathsOf(go12)).toContain('segAlloc');
    expect(segPathsOf(go12)).not.toContain('copies');
    expect(segPathsOf(go13)).toEqual(expect.arrayContaining(['segAlloc', 'segFree', 'copies', 'shrinks', 'sysAlloc']));
    expect(segPathsOf(go14)).not.toContain('segAlloc');
    expect(segPathsOf(go14)).toEqual(expect.arrayContaining(['poolDirect', 'spanFreed', 'deadStackFreed', 'deadStackAlloc', 'release']));
  });
});

describe("go1.3's gfput and gfget (proc.c)", () => {
  const f1k = segFuncIndex('f1k');
  /** g1 made by g0 and run on P1, grown by copying to 16 KB with n f1k frames. */
  function grownG1(n: number) {
    const st = stepper({ profile: go13, scope });
    st.run({ kind: 'newproc', g: 0 });
    st.run({ kind: 'execute', g: 1, p: 1 });
    for (let i = 0; i < n; i++) st.run({ kind: 'call', g: 1, fn: f1k, ptr: i > 0 ? 0 : -1 });
    expect(st.tot.copies).toBe(1);
    expect(st.state().gs[1].segs[0]).toMatchObject({ size: 16384, top: { malloced: true } });
    return st;
  }
  /** g1 returns from every frame and exits on P1; g0 moves to P1 and creates a goroutine there, which reuses g1. */
  function exitAndReuse(st: ReturnType<typeof stepper>, lo: number) {
    while (st.state().gs[1].frames.length > 0) st.run({ kind: 'ret', g: 1 });
    st.run({ kind: 'goexit', g: 1 });
    const dead = st.state().gs[1];
    expect(dead).toMatchObject({ status: 'dead', stack0: 0, stackguard: 0, stackbase: 0, stacksize: 0, segs: [] });
    expect(st.state().heapUsed.has(lo), 'the malloced stack went back to the heap').toBe(false);
    expect(st.tot.deadStackFreed).toBe(1);
    st.run({ kind: 'gosched', g: 0 });
    st.run({ kind: 'execute', g: 0, p: 1 });
    const inuse = st.state().ms[1].stackinuse;
    st.run({ kind: 'newproc', g: 0 });
    const g = st.state().gs[1];
    expect(g.status).toBe('runnable');
    expect(g.segs).toHaveLength(1);
    expect(g.segs[0]).toMatchObject({ size: go13.fixedStack, top: { malloced: false } });
    expect(g).toMatchObject({ stack0: g.segs[0].lo, stackguard: g.segs[0].lo + go13.stackGuard, stacksize: go13.fixedStack });
    expect(st.state().ms[1].stackinuse, "the new FixedStack came from M1's ring").toBe(inuse + 1);
    expect(st.tot.deadStackAlloc).toBe(1);
    const cfg: SegConfig = { profile: go13, scope };
    for (const inv of segInvariants.filter((i) => i.profiles.includes('go1.3'))) expect(inv.check(cfg, st.state(), null), inv.name).toBeNull();
  }
  test('a goroutine that grew by copying exits: gfput frees its 16 KB malloced stack and gfget gives the reused G a FixedStack', () => {
    const st = grownG1(12);
    exitAndReuse(st, st.state().gs[1].segs[0].lo);
  });
  test('a stack shrunk in place to FixedStack size is still malloced, and gfput frees it (Go 1.4 decides by size and would keep it)', () => {
    const st = grownG1(12);
    while (st.state().gs[1].frames.length > 1) st.run({ kind: 'ret', g: 1 });
    st.run({ kind: 'gc' });
    const g1 = st.state().gs[1];
    expect(st.tot.shrinks).toBe(1);
    expect(g1.segs[0]).toMatchObject({ size: go13.fixedStack, top: { malloced: true } });
    exitAndReuse(st, g1.segs[0].lo);
  });
});

describe('the stack cache', () => {
  test('segments that split on one M and return on another fill its ring, and stackcacherelease moves a batch to the global list', () => {
    const cfg: SegConfig = { profile: go12, scope };
    const st = stepper(cfg);
    const f5k = segFuncIndex('f5k');
    for (let i = 0; i < 40; i++) st.run({ kind: 'call', g: 0, fn: f5k, ptr: -1 });
    const grown = st.state().gs[0].segs.length;
    st.run({ kind: 'gosched', g: 0 });
    st.run({ kind: 'execute', g: 0, p: 1 });
    for (let i = 0; i < 40; i++) st.run({ kind: 'ret', g: 0 });
    expect(grown).toBe(40); // the first segment holds one f5k frame, each split one more
    expect(st.tot.release).toBe(1);
    const s = st.state();
    expect(s.stackcache).toHaveLength(1);
    expect(s.ms[1].stackcachecnt).toBe(grown - 1 - go12.stackCacheBatch);
    for (const inv of segInvariants) expect(inv.check(cfg, s, null), inv.name).toBeNull();
  });
});

describe('every segmented invariant can fail', () => {
  const cfg: SegConfig = { profile: go13, scope };
  const st = stepper(cfg);
  const f1k = segFuncIndex('f1k');
  for (let i = 0; i < 12; i++) st.run({ kind: 'call', g: 0, fn: f1k, ptr: i > 0 ? 0 : -1 });
  st.run({ kind: 'newproc', g: 0 });
  const good = st.state();
  const g0 = good.gs[0];
  const breakers: Record<string, SegState> = {
    'seg-no-block-owned-twice': { ...good, ms: [{ ...good.ms[0], stackcachecnt: good.ms[0].stackcachecnt + 1, stackcache: good.ms[0].stackcache.map((v, i) => (i === good.ms[0].stackcachepos ? g0.segs[0].lo : v)), stackcachepos: good.ms[0].stackcachepos + 1 }, ...good.ms.slice(1)] },
    'seg-nothing-leaked': { ...good, sysBatches: good.sysBatches + 1 },
    'seg-pointers-into-own-chain': { ...good, gs: [{ ...g0, frames: g0.frames.map((f, i) => (i === 3 ? { ...f, ptr: f.ptr + 8 } : f)) }, ...good.gs.slice(1)] },
    'seg-stktop-chain': { ...good, gs: [{ ...g0, stackguard: g0.stackguard + 8 }, ...good.gs.slice(1)] },
    'seg-frames-inside-their-segment': { ...good, gs: [{ ...g0, frames: g0.frames.map((f, i) => (i === 0 ? { ...f, hi: f.hi + 4096 } : f)) }, ...good.gs.slice(1)] },
    'seg-cache-ring': { ...good, ms: [{ ...good.ms[0], stackinuse: good.ms[0].stackinuse + 1 }, ...good.ms.slice(1)] },
    'seg-gfree-one-segment': { ...good, gfree: [0] },
    'seg-shrink-only-when-quarter-used': { ...good, gs: [{ ...g0, segs: [{ ...g0.segs[0], lo: g0.segs[0].lo + g0.segs[0].size / 2, size: g0.segs[0].size / 2 }] }, ...good.gs.slice(1)] },
    // g1 dead on P0's gfree list with its FixedStack marked malloced: gfput should have freed it.
    'seg-gfree-keeps-no-grown-stack': {
      ...good,
      gs: [g0, { ...good.gs[1], status: 'dead', segs: [{ ...good.gs[1].segs[0], top: { ...good.gs[1].segs[0].top, malloced: true } }] }],
      ps: [{ ...good.ps[0], gfree: [1] }, ...good.ps.slice(1)],
    },
  };
  // Go 1.4's own rules need a state of its pool: g0 grown, g1 dead on P1's gfree list with its 2 KB stack.
  const cfg14: SegConfig = { profile: go14, scope };
  const st14 = stepper(cfg14);
  for (let i = 0; i < 12; i++) st14.run({ kind: 'call', g: 0, fn: f1k, ptr: i > 0 ? 0 : -1 });
  for (const a of [{ kind: 'newproc', g: 0 }, { kind: 'execute', g: 1, p: 1 }, { kind: 'goexit', g: 1 }] as const) st14.run(a);
  const good14 = st14.state();
  const [spanBase, span] = [...good14.poolSpans][0];
  const g1 = good14.gs[1];
  const breakers14: Record<string, SegState> = {
    'seg-stackpool-spans': { ...good14, poolSpans: new Map([...good14.poolSpans, [spanBase, { ...span, ref: span.ref + 1 }]]) },
    'seg-gfree-keeps-no-grown-stack': { ...good14, gs: [good14.gs[0], { ...g1, segs: [{ ...g1.segs[0], size: 4096 }] }] },
  };
  const cases = [[cfg, good, breakers], [cfg14, good14, breakers14]] as const;
  test.each(segInvariants.map((i) => [i.name, i] as const))('%s', (name, inv) => {
    const broken = cases.filter(([c, , b]) => inv.profiles.includes(c.profile.name) && b[name] !== undefined);
    expect(broken.length, `a breaker for ${name}`).toBeGreaterThan(0);
    for (const [c, ok, b] of broken) {
      expect(inv.check(c, ok, ok)).toBeNull();
      expect(inv.check(c, b[name], ok)).not.toBeNull();
    }
  });
});

describe('random runs', () => {
  test.each(Object.keys(segProfiles))('%s runs clean', (name) => {
    const r = segCheck({ cfg: { profile: segProfiles[name], scope: defaultSegScope }, rt: segRuntimeFor(segProfiles[name]), seed: 1, runs: 40, maxSteps: 300 });
    expect(r.finding).toBeNull();
    expect(r.paths.segAlloc + r.paths.copies).toBeGreaterThan(0);
  }, 60_000);
  test.each(segMutants.flatMap((m) => m.profiles.map((p) => [m.name, p, m] as const)))('mutant %s is found under %s', (_n, p, m) => {
    const r = segCheck({ cfg: { profile: segProfiles[p], scope: defaultSegScope }, rt: segMutantRuntime(m, segProfiles[p]), seed: 1, runs: 200, maxSteps: 300 });
    expect(r.finding).not.toBeNull();
  }, 60_000);
});
