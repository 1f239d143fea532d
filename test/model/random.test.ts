// The correct model through 10,000+ random steps per profile and mode, every invariant of
// the catalog checked after every step (check() with a fixed seed): no counterexample.

import { describe, expect, test } from 'vitest';
import { defaultModes, goRuntime, linuxAmd64, makeConfig, windowsAmd64, type Modes } from '../../model/index.ts';
import { check, describeAction, invariants } from '../../properties/index.ts';

const modeSets: readonly (readonly [string, Modes])[] = [
  ['default modes', defaultModes],
  ['stackNoCache', { ...defaultModes, stackNoCache: true }],
  ['gcshrinkstackoff', { ...defaultModes, gcshrinkstackoff: true }],
  ['noadaptivestackstart', { ...defaultModes, adaptivestackstart: false }],
];

describe('random traces through the correct model', () => {
  for (const profile of [linuxAmd64, windowsAmd64]) {
    for (const [label, modes] of modeSets) {
      test(`${profile.name}, ${label}: 10,000+ steps, all ${invariants.length} invariants after every step, nothing found`, () => {
        const report = check({ cfg: makeConfig(profile, undefined, modes), rt: goRuntime, seed: 20261125, runs: 150, maxSteps: 200 });
        const cx = report.counterexample;
        const detail = cx === null ? '' : `${cx.finding.id} at step ${cx.finding.step}: ${cx.finding.message}\n${cx.actions.map((a, i) => `${i}: ${describeAction(a)}`).join('\n')}`;
        expect(cx, detail).toBeNull();
        expect(report.interrupted).toBe(false);
        expect(report.runs).toBe(150);
        expect(report.steps).toBeGreaterThanOrEqual(10_000);
      });
    }
  }
});
