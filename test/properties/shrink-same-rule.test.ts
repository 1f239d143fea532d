// Shrinking keeps the bug it was given: a shrink candidate counts as failing only when it
// breaks the rule the first failing run broke, so a check with two rules that random traces
// break in either order never reports a counterexample of the other rule (Hypothesis calls
// the other way "slippage"). The rules here are made up to be broken often, in both orders.
import { describe, expect, test } from 'vitest';
import { goRuntime, linuxAmd64, makeConfig } from '../../model/index.ts';
import { check } from '../../properties/check.ts';
import { stateRule } from '../../properties/invariants/invariant.ts';

const cfg = makeConfig(linuxAmd64);
const rule = (id: string, holds: (s: Parameters<Parameters<typeof stateRule>[1]['check']>[1]) => boolean) => stateRule(id, {
  id, ref: 'T', doc: id, source: 'test', group: 'goroutines', reads: ['gs', 'gcphase'],
  check: (_cfg, s) => (holds(s) ? [] : [`${id} broken`]),
});
const invariants = [
  rule('at-most-three-goroutines', (s) => s.gs.length <= 3),
  // Leaving out a newproc before a GC starts breaks this one: what shrinking would slip to.
  rule('gc-only-with-three-goroutines', (s) => s.gcphase === 'off' || s.gs.length >= 3),
];

describe('shrinking', () => {
  test('the counterexample breaks the rule the first failing run broke, whichever that was', () => {
    const first = new Set<string>();
    for (let seed = 1; seed <= 24; seed++) {
      const o = { cfg, rt: goRuntime, seed, runs: 40, maxSteps: 80, invariants };
      const found = check({ ...o, shrink: false }).counterexample;
      const shrunk = check(o).counterexample;
      expect(shrunk?.finding.id).toBe(found?.finding.id);
      if (found !== null) first.add(found.finding.id);
    }
    // Both rules come first for some seed, or the test shows nothing.
    expect([...first].sort()).toEqual(['at-most-three-goroutines', 'gc-only-with-three-goroutines']);
  });
});
