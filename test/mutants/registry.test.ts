// The registry: names, docs and routine tables of the mutants, and the knobs the copystack
// mutants turn.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { goRuntime, linuxAmd64, makeConfig, type RoutineName, type Runtime } from '../../model/index.ts';
import { copystackVariant, correctKnobs } from '../../model/mutants/copystack-variant.ts';
import { mutantByName, mutantNames, mutantRuntime, mutants } from '../../model/mutants/index.ts';
import { checksOf, runTrace, traceArb } from '../../properties/index.ts';

describe('the registry', () => {
  test('has at least 14 mutants with unique kebab-case names', () => {
    expect(mutants.length).toBeGreaterThanOrEqual(14);
    expect(new Set(mutantNames).size).toBe(mutantNames.length);
    for (const n of mutantNames) expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('each mutant says what it is, where it comes from and what catches it', () => {
    for (const m of mutants) {
      expect(m.title.length, m.name).toBeGreaterThan(10);
      expect(m.doc.length, m.name).toBeGreaterThan(200);
      expect(m.issue, m.name).toMatch(/golang\/go#\d+|\.go:|CL \d+|throw/);
      expect(m.caughtBy.length, m.name).toBeGreaterThan(0);
      expect(m.routines.length, m.name).toBeGreaterThanOrEqual(1);
      expect(m.routines.length, m.name).toBeLessThanOrEqual(2);
    }
  });

  test('a mutant differs from goRuntime in exactly the routines it names', () => {
    for (const m of mutants) {
      const changed = (Object.keys(goRuntime) as RoutineName[]).filter((k) => m.rt[k] !== goRuntime[k]);
      expect(changed.sort(), m.name).toEqual([...m.routines].sort());
    }
  });

  test('mutantRuntime finds a mutant by name, and nothing for an unknown name', () => {
    for (const m of mutants) expect(mutantRuntime(m.name)).toBe(m.rt);
    expect(mutantRuntime('no-such-mutant')).toBeUndefined();
    expect(mutantByName('shrink-while-parking')?.issue).toBe('golang/go#40641');
  });

  test('the required historical bugs are all there', () => {
    const issues = mutants.map((m) => m.issue).join(' ');
    for (const i of ['#40641', '#11267', '#11466', '#18174', '#15853', '#17785', '#10976']) expect(issues).toContain(i);
  });
});

describe('copystack built from knobs', () => {
  // A knob the routine ignored would leave its mutant identical to the correct model: turning
  // each one must change what some trace does (a fixed sample; seed 7 is arbitrary).
  const cfg = makeConfig(linuxAmd64);
  const checks = checksOf([]);
  const traces = fc.sample(traceArb(300), { seed: 7, numRuns: 400 });
  const outcome = (rt: Runtime, t: (typeof traces)[number]): unknown => {
    const r = runTrace(cfg, rt, t, checks, null);
    return [r.finding?.message ?? null, r.final.gs];
  };
  const differs = (a: Runtime, b: Runtime): boolean => traces.some((t) => !isDeepStrictEqual(outcome(a, t), outcome(b, t)));

  test('the delta knob moves the pointers copystack adjusts', () => {
    const fromLo = { ...goRuntime, copystack: copystackVariant({ ...correctKnobs, delta: (oldlo, _oh, newlo) => newlo - oldlo }) };
    expect(differs(goRuntime, fromLo)).toBe(true);
  });

  test('the parkingThrow knob guards the unlocked sudog adjustment', () => {
    const parking = mutantRuntime('shrink-while-parking')!; // lets a shrink reach copystack while parking
    const unguarded = { ...parking, copystack: copystackVariant({ ...correctKnobs, parkingThrow: false }) };
    expect(differs(parking, unguarded)).toBe(true);
  });
});
