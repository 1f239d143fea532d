// refill-and-release-move-half (I12b) reads what a refill or release did from the states
// before and after, not from the byte counts the routines record about themselves: a
// refill or release that moves the wrong amount is caught even though the counts it
// records (those of the correct routine it wraps) say it moved half a cache.

import { describe, expect, test } from 'vitest';
import { updP, type Draft } from '../../model/draft.ts';
import { push } from '../../model/list.ts';
import { defaultModes, goRuntime, linuxAmd64, makeConfig, type Action, type Runtime } from '../../model/index.ts';
import { evaluateStep } from '../../properties/invariants/invariant.ts';
import { call, obsOf, play } from '../model/play.ts';
import { check } from '../../properties/check.ts';
import { refillAndReleaseMoveHalf } from '../../properties/invariants/caches.ts';
import { invariantsFor } from '../../properties/invariants/catalog.ts';

const cfg = makeConfig(linuxAmd64);

function setCache(d: Draft, pp: number, order: number, list: Draft['ps'][number]['stackcache'][number]['list'], size: number): void {
  updP(d, pp, { stackcache: d.ps[pp].stackcache.map((c, k) => (k === order ? { list, size } : c)) });
}

/** The correct refill, then one block more from the pool (the cache's size kept consistent). */
const refillOneMore: Runtime['stackcacherefill'] = (d, pp, order) => {
  goRuntime.stackcacherefill(d, pp, order);
  const c = d.ps[pp].stackcache[order];
  setCache(d, pp, order, push(c.list, d.rt.stackpoolalloc(d, order)), c.size + (d.cfg.profile.fixedStack << order));
};

/** The correct release, then one block more back to the pool. */
const releaseOneMore: Runtime['stackcacherelease'] = (d, pp, order) => {
  goRuntime.stackcacherelease(d, pp, order);
  const c = d.ps[pp].stackcache[order];
  if (c.list === null) return;
  d.rt.stackpoolfree(d, c.list.v, order);
  setCache(d, pp, order, c.list.next, c.size - (d.cfg.profile.fixedStack << order));
};

// Fixed seeds keep it deterministic; 400 runs of 300 steps reach releases as well as refills.
const budget = { cfg, seed: 3, runs: 400, maxSteps: 300 };

describe('refill-and-release-move-half derives the transfers from the states', () => {
  test('a refill that takes one block too many is caught', () => {
    const r = check({ ...budget, rt: { ...goRuntime, stackcacherefill: refillOneMore }, invariants: [refillAndReleaseMoveHalf], shrink: false });
    expect(r.counterexample?.finding.id).toBe('refill-and-release-move-half');
    expect(r.counterexample?.finding.message).toMatch(/left the pool for the caches, not a whole number of halves/);
  });

  // Releases are rare in random runs: eleven goroutines grow 2 -> 8 KiB on P0, then six grow
  // 8 -> 32 KiB, each freeing an 8 KiB block into P0's order-2 cache until it is full and releases.
  const fill: Action[] = [];
  for (let i = 0; i < 11; i++) fill.push({ kind: 'newproc', g: 0 });
  let cur = 0;
  for (const fn of ['call4k', 'call12k']) {
    for (let i = 1; i <= (fn === 'call4k' ? 11 : 6); i++) {
      fill.push({ kind: 'gosched', g: cur }, { kind: 'execute', g: i, p: 0 }, call(i, fn));
      cur = i;
    }
  }
  const verdicts = (rt: Runtime): string[] => {
    const states = play(cfg, fill, undefined, rt);
    return fill.flatMap((a, i) => evaluateStep(refillAndReleaseMoveHalf, cfg, states[i], a, states[i + 1], obsOf(states[i + 1])));
  };

  test('a release that gives back one block too many is caught', () => {
    expect(verdicts(goRuntime)).toEqual([]);
    expect(verdicts({ ...goRuntime, stackcacherelease: releaseOneMore })).toContainEqual('3 order-2 block(s) went back from the caches to the pool, not a whole number of halves (2 blocks each)');
  });

  test('the correct model passes it, in both cache modes, and with the caches on it applies', () => {
    for (const c of [cfg, makeConfig(linuxAmd64, undefined, { ...defaultModes, stackNoCache: true })]) {
      const r = check({ ...budget, runs: 150, cfg: c, rt: goRuntime, invariants: invariantsFor(c.profile) });
      expect(r.counterexample?.finding ?? null).toBeNull();
      const t = r.coverage.invariants['refill-and-release-move-half'];
      if (!c.modes.stackNoCache) expect(t.evaluated - t.vacuous).toBeGreaterThan(0);
    }
  });
});
