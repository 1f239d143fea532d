// The incremental check (a state invariant is skipped when the parts of the state it reads,
// `reads` or its finer `unchangedSince`, are the very objects of the previous, passing state)
// finds exactly what the full check finds: the same invariant at the same step with the same
// message, on many random traces of the correct model and of models with a fault injected
// into one routine, so that both modes do find something.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fatal } from '../../model/abort.ts';
import { removeSpan, setSpan, spanIndex, stat, updG, updP, type Draft } from '../../model/draft.ts';
import { push } from '../../model/list.ts';
import { spanListInsert } from '../../model/spanlist.ts';
import { defaultScope, goRuntime, linuxAmd64, makeConfig, step, windowsAmd64, type Config, type Runtime, type State } from '../../model/index.ts';
import { checksOf, emptyCoverage, runTrace, traceArb, type Finding } from '../../properties/index.ts';
import { invariantsFor } from '../../properties/invariants/catalog.ts';
import { CheckContext } from '../../properties/invariants/context.ts';
import { VACUOUS, type StepInvariant } from '../../properties/invariants/invariant.ts';
import { changedParts, partsMask } from '../../properties/state-parts.ts';
import { mutantsOf } from '../../model/mutants/index.ts';

/** stackpoolfree that forgets allocCount-- (so the span never empties and its count is off). */
const stackpoolfreeNoDecrement: Runtime['stackpoolfree'] = (d, x, order) => {
  const i = spanIndex(d.spans, x, d.cfg.pageSize);
  const s = i < 0 ? undefined : d.spans[i];
  if (s === undefined || s.state !== 'manual') fatal('freeing stack not in a stack span');
  if (s.manualFreeList === null) spanListInsert(d, 'pool', order, s.base);
  setSpan(d, i, { ...s, manualFreeList: push(s.manualFreeList, x) });
};

/** adjustctxt that forgets sched.bp and sched.ctxt. */
const adjustctxtNone: Runtime['adjustctxt'] = (_a, g) => ({ ctxt: g.ctxt, bp: g.bp });

/** gfput that frees or keeps the stack but never puts the G on P.gFree (the dead G is lost). */
const gfputLoses: Runtime['gfput'] = (d, pp, goid) => {
  const g = d.gs[goid];
  if (g.hi - g.lo !== d.startingStackSize) {
    d.rt.stackfree(d, pp, g.lo, g.hi);
    updG(d, goid, { lo: 0, hi: 0, stackguard0: 0 });
  }
};

/** stackcache_clear that frees every block to the pool but leaves the cache as it was (blocks owned twice). */
const stackcacheClearKeeps: Runtime['stackcache_clear'] = (d, pp) => {
  const cache = d.ps[pp].stackcache;
  for (let order = 0; order < cache.length; order++) {
    for (let x = cache[order].list; x !== null; x = x.next) d.rt.stackpoolfree(d, x.v, order);
  }
  stat(d, 'cacheClear');
};

/** freeManual that takes the span out but never gives its pages back to the free runs. */
const freeManualDrops: Runtime['freeManual'] = (d: Draft, base: number) => {
  const i = spanIndex(d.spans, base, d.cfg.pageSize);
  const s = d.spans[i];
  removeSpan(d, i);
  d.inStacks -= s.npages * d.cfg.pageSize;
};

/** newproc1 that forgets to account the new goroutine's stack for the pacer. */
const newprocNoScan: Runtime['newproc1'] = (d, pp) => {
  const before = d.ps[pp].maxStackScanDelta;
  const goid = goRuntime.newproc1(d, pp);
  updP(d, pp, { maxStackScanDelta: before });
  return goid;
};

const faults: readonly (readonly [string, Runtime])[] = [
  ['stackpoolfree forgets allocCount--', { ...goRuntime, stackpoolfree: stackpoolfreeNoDecrement }],
  ['adjustctxt adjusts nothing', { ...goRuntime, adjustctxt: adjustctxtNone }],
  ['gfput loses the dead G', { ...goRuntime, gfput: gfputLoses }],
  ['stackcache_clear keeps the cache', { ...goRuntime, stackcache_clear: stackcacheClearKeeps }],
  ['freeManual drops the pages', { ...goRuntime, freeManual: freeManualDrops }],
  ['newproc1 skips addScannableStack', { ...goRuntime, newproc1: newprocNoScan }],
];

// Every config below is a Go 1.19 one (linux/amd64, windows/amd64): Go 1.19's rules.
const rules = invariantsFor(linuxAmd64);
const full = checksOf(rules, false);
const incremental = checksOf(rules, true);

function key(f: Finding | null): string {
  return f === null ? 'none' : `${f.id} @${f.step}: ${f.message}`;
}

/** Runs `runs` random traces in both modes; returns how many found something (and fails on any difference). */
function compare(cfg: Config, rt: Runtime, seed: number, runs: number, maxSteps: number): { found: number; skipped: number; ids: Set<string>; goroutines: number } {
  const cov = emptyCoverage(rules);
  let found = 0;
  let goroutines = 0;
  const ids = new Set<string>();
  const diffs: string[] = [];
  fc.sample(traceArb(maxSteps), { seed, numRuns: runs }).forEach((templates, i) => {
    const a = runTrace(cfg, rt, templates, full, null);
    const b = runTrace(cfg, rt, templates, incremental, cov);
    goroutines = Math.max(goroutines, a.final.gs.length);
    if (key(a.finding) !== key(b.finding) && diffs.length < 3) diffs.push(`trace ${i}: full found ${key(a.finding)}, incremental ${key(b.finding)}`);
    if (a.finding !== null) {
      found++;
      ids.add(a.finding.id);
    }
  });
  expect(diffs).toEqual([]);
  let skipped = 0;
  for (const id of Object.keys(cov.invariants)) skipped += cov.invariants[id].unchanged;
  return { found, skipped, ids, goroutines };
}

describe('incremental checking finds what the full check finds', () => {
  for (const profile of [linuxAmd64, windowsAmd64]) {
    test(`${profile.name}, correct model: 200 traces agree (nothing found), and the incremental mode does skip checks`, () => {
      const r = compare(makeConfig(profile), goRuntime, 5, 200, 150);
      expect(r.found).toBe(0);
      expect(r.skipped).toBeGreaterThan(1000);
    });
  }

  for (const [name, rt] of faults) {
    test(`linux/amd64, fault "${name}": 150 traces agree on invariant, step and message, and find it`, () => {
      const r = compare(makeConfig(linuxAmd64), rt, 9, 150, 150);
      expect(r.found, `found in ${r.found} traces (${[...r.ids].join(', ')})`).toBeGreaterThan(2);
    });
  }

  // Large scopes: the views kept up to date step by step (ownership over a 128 MiB arena,
  // the pointer index over up to 192 goroutines) must agree with a rebuild at every step.
  const large: readonly (readonly [string, Config, number, number])[] = [
    ['arenaPages=16384', makeConfig(linuxAmd64, { ...defaultScope, arenaPages: 16384 }), 40, 300],
    // A larger arena too, so that runs live long enough to create that many goroutines.
    ['maxGoroutines=192', makeConfig(linuxAmd64, { ...defaultScope, arenaPages: 4096, maxGoroutines: 192 }), 8, 3000],
  ];
  for (const [label, cfg, runs, maxSteps] of large) {
    test(`${label}, correct model and two faults: ${runs} traces of ${maxSteps} steps agree`, () => {
      const r = compare(cfg, goRuntime, 5, runs, maxSteps);
      expect(r.found).toBe(0);
      expect(r.goroutines, 'goroutines some trace created').toBeGreaterThan(label.startsWith('max') ? 96 : 0);
      for (const [name, rt] of [faults[0], faults[1]]) {
        const r = compare(cfg, rt, 9, runs, maxSteps);
        expect(r.found, `${name}: found in ${r.found} traces`).toBeGreaterThan(0);
      }
    });
  }
});

// A step rule's `about` (and `actions`) lets the incremental engine skip it on steps that
// change nothing it is about (or are of another kind). That is sound only if the rule,
// evaluated in full on such a step, has nothing to check: walk random traces of the correct
// model and of every registered mutant, and on each step the engine would skip, evaluate the
// rule anyway and require VACUOUS.
describe("a step rule's `about` and `actions` skip only steps where it is vacuous", () => {
  const cfg = makeConfig(linuxAmd64);
  const about = rules.filter((i): i is StepInvariant => i.kind === 'step' && (i.about !== undefined || i.actions !== undefined));
  const models: readonly (readonly [string, Runtime])[] = [['correct model', goRuntime], ...mutantsOf('go1.19').map((m) => [m.name, m.rt] as const)];

  test('some step rules declare what they are about, some the action kinds (else this test checks nothing)', () => {
    expect(about.length).toBeGreaterThan(5);
    expect(about.filter((i) => i.actions !== undefined).length).toBeGreaterThan(1);
  });

  test(`${models.length} models, 30 traces each: every skipped step is vacuous`, () => {
    const wrong: string[] = [];
    let skipped = 0;
    for (const [name, rt] of models) {
      for (const t of fc.sample(traceArb(150), { seed: 11, numRuns: 30 })) {
        const rec: State[] = [];
        let r: ReturnType<typeof runTrace>;
        try {
          r = runTrace(cfg, rt, t, checksOf([], false), null, false, { state: null, actions: [], record: rec });
        } catch {
          continue; // a mutant that breaks the model itself (a nil dereference): the steps before it are kept
        }
        for (let k = 0; k < rec.length; k++) {
          const before = rec[k], a = r.actions[k];
          const res = step(cfg, rt, before, a);
          if (res.kind !== 'ok') continue;
          const after = res.state;
          const ctx = new CheckContext(cfg);
          const changed = changedParts(before, after);
          for (const inv of about) {
            const skip = (inv.about === 'stack-moves' ? ctx.movedGoroutines(before, after).length === 0 : inv.about !== undefined && (changed & partsMask(inv.about)) === 0)
              || (inv.actions !== undefined && !inv.actions.includes(a.kind));
            if (!skip) continue;
            skipped++;
            if (inv.check(cfg, before, a, after, res.obs, ctx) !== VACUOUS && wrong.length < 5) wrong.push(`${name}: ${inv.id} at step ${k} (${a.kind})`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(skipped).toBeGreaterThan(10000);
  });
});
