// The engine's generation: steps drawn as a run goes (a run never draws past where it
// ended), swarm mixes drawn per run and kept by shrinking, the same seed giving the same
// runs, and a counterexample found with swarm on replaying exactly from its actions.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { goRuntime, linuxAmd64, makeConfig } from '../../model/index.ts';
import { mutants } from '../../model/mutants/index.ts';
import { check, checksOf, defaultWeights, runArb, runTrace, type Trace } from '../../properties/index.ts';
import { invariantsFor } from '../../properties/invariants/catalog.ts';
import { shrinkTrace } from '../../properties/shrink.ts';
import { fixedSwarm } from '../../properties/swarm.ts';

const cfg = makeConfig(linuxAmd64);
const checks = checksOf(invariantsFor(cfg.profile));

describe('generation on demand', () => {
  test('a run draws exactly the steps it takes, and redrawing the same seed gives the same steps', () => {
    // Seed 5: any seed does; fixed so that a failure names the trace.
    const traces = fc.sample(runArb({ maxSteps: 300 }), { seed: 5, numRuns: 40 });
    const again = fc.sample(runArb({ maxSteps: 300 }), { seed: 5, numRuns: 40 });
    let shorter = 0;
    traces.forEach((t, i) => {
      const r = runTrace(cfg, goRuntime, t, checks, null);
      expect(t.steps.length).toBe(r.actions.length);
      expect(t.steps.length).toBeLessThanOrEqual(t.length);
      if (r.actions.length < t.length) shorter++;
      const r2 = runTrace(cfg, goRuntime, again[i], checks, null);
      expect(again[i].steps).toEqual(t.steps);
      expect(r2.actions).toEqual(r.actions);
    });
    expect(shorter, 'some runs end early (overflow, out of memory)').toBeGreaterThan(0);
  });

  test('swarm off draws every run with the base weights; swarm on varies the mix per run', () => {
    const base = fixedSwarm(defaultWeights);
    const off = fc.sample(runArb({ maxSteps: 10, swarm: false }), { seed: 1, numRuns: 20 });
    for (const t of off) expect(t.swarm.weights).toEqual(base.weights);
    const on = fc.sample(runArb({ maxSteps: 10 }), { seed: 1, numRuns: 40 });
    const mixes = new Set(on.map((t) => t.swarm.weights.join(',')));
    expect(mixes.size).toBeGreaterThan(10);
    expect(on.some((t) => t.swarm.weights.some((w) => w === 0)), 'some kinds left out').toBe(true);
    expect(on.some((t) => t.swarm.weights.join(',') === base.weights.join(',')), 'some runs keep the base mix').toBe(true);
  });
});

describe('shrinking', () => {
  test('candidates remove steps only and keep the run\'s mix', () => {
    const [t] = fc.sample(runArb({ maxSteps: 60 }), { seed: 3, numRuns: 1 }) as Trace[];
    runTrace(cfg, goRuntime, t, checks, null);
    let n = 0;
    for (const v of shrinkTrace(t, undefined).take(200)) {
      n++;
      expect(v.value.swarm).toBe(t.swarm);
      expect(v.value.steps.length).toBeLessThan(t.steps.length);
      let j = 0;
      for (const step of v.value.steps) {
        while (j < t.steps.length && t.steps[j] !== step) j++;
        expect(j, 'a candidate is a subsequence of the failing steps').toBeLessThan(t.steps.length);
        j++;
      }
    }
    expect(n).toBeGreaterThan(0);
  });

  test('the same seed gives the same counterexample with swarm on, and it replays exactly', () => {
    const m = mutants.find((x) => x.name === 'sched-bp-not-adjusted')!;
    const a = check({ cfg, rt: m.rt, seed: 4, runs: 300, maxSteps: 300 });
    const b = check({ cfg, rt: m.rt, seed: 4, runs: 300, maxSteps: 300 });
    expect(a.counterexample).not.toBeNull();
    expect(b.counterexample?.actions).toEqual(a.counterexample?.actions);
    expect(b.counterexample?.finding).toEqual(a.counterexample?.finding);
    expect(b.runs).toBe(a.runs);
    const replay = runTrace(cfg, m.rt, a.counterexample!.actions, checks, null, true);
    expect(replay.finding).toEqual(a.counterexample!.finding);
  });
});
