// The correct model through 10,000+ random steps per profile and mode, every invariant of
// the catalog checked after every step (check() with a fixed seed): no counterexample.

import { describe, expect, test } from 'vitest';
import { defaultModes, defaultScope, go126, goRuntime, linuxAmd64, makeConfig, windowsAmd64, type Modes, type Scope } from '../../model/index.ts';
import { check, describeAction } from '../../properties/index.ts';
import { invariantsFor } from '../../properties/invariants/catalog.ts';

const modeSets: readonly (readonly [string, Modes])[] = [
  ['default modes', defaultModes],
  ['stackNoCache', { ...defaultModes, stackNoCache: true }],
  ['gcshrinkstackoff', { ...defaultModes, gcshrinkstackoff: true }],
  ['noadaptivestackstart', { ...defaultModes, adaptivestackstart: false }],
  ['maymorestack=move', { ...defaultModes, maymorestack: 'move' }],
  ['maymorestack=preempt', { ...defaultModes, maymorestack: 'preempt' }],
];

describe('random traces through the correct model', () => {
  for (const profile of [linuxAmd64, windowsAmd64, go126]) {
    for (const [label, modes] of modeSets) {
      test(`${profile.name}, ${label}: 10,000+ steps, all ${invariantsFor(profile).length} invariants of its release after every step, nothing found`, () => {
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

  // Other scopes move the edges: a tight arena (out of memory early), one P (no procresize,
  // no cross-P frees), many Ps and Ms with a spill threshold of 2, and a roomy arena with
  // large stacks up to 1 MiB and 40 goroutines.
  // Runs in the 16-page arena mostly end out of memory within a few dozen steps.
  const scopes: readonly (readonly [string, Scope, number])[] = [
    ['16-page arena', { ...defaultScope, arenaPages: 16 }, 500],
    ['one P', { ...defaultScope, procs: 1, maxProcs: 1 }, 4000],
    ['4 Ps, 4 Ms, spill at 2', { ...defaultScope, procs: 4, maxProcs: 4, maxMs: 4, gFreeSpill: 2 }, 4000],
    ['1024 pages, 1 MiB stacks, 40 goroutines', { ...defaultScope, arenaPages: 1024, maxstacksize: 1 << 20, maxGoroutines: 40, gFreeSpill: 8 }, 4000],
  ];
  for (const profile of [linuxAmd64, windowsAmd64]) {
    for (const [label, scope, minSteps] of scopes) {
      test(`${profile.name}, scope "${label}": ${minSteps}+ checked steps, nothing found`, () => {
        const report = check({ cfg: makeConfig(profile, scope), rt: goRuntime, seed: 77, runs: 60, maxSteps: 200 });
        const cx = report.counterexample;
        expect(cx, cx === null ? '' : `${cx.finding.id}: ${cx.finding.message}\n${cx.actions.map(describeAction).join('\n')}`).toBeNull();
        expect(report.steps).toBeGreaterThanOrEqual(minSteps);
      });
    }
  }
});
