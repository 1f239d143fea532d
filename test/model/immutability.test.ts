// The model never writes to a state it was given: every reached state is deep-frozen
// (objects, arrays and the linked lists of model/list.ts) before the next step runs, so any
// write throws a TypeError (ESM is strict mode), and the previous state must serialise
// exactly as before the step, whatever the step's outcome (ok, throw, terminal).

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { defaultModes, goRuntime, initialState, linuxAmd64, makeConfig, step, windowsAmd64, type Config, type Runtime, type State } from '../../model/index.ts';
import { pick, traceArb } from '../../properties/index.ts';

const frozen = new WeakSet<object>();

/** Freezes v and everything reachable from it; shared parts already frozen are not walked again. */
function deepFreeze<T>(v: T): T {
  if (typeof v !== 'object' || v === null || frozen.has(v)) return v;
  frozen.add(v);
  for (const k of Reflect.ownKeys(v)) deepFreeze((v as Record<PropertyKey, unknown>)[k]);
  Object.freeze(v);
  return v;
}

function isDeepFrozen(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return true;
  if (!Object.isFrozen(v)) return false;
  return Reflect.ownKeys(v).every((k) => isDeepFrozen((v as Record<PropertyKey, unknown>)[k]));
}

interface Tally {
  steps: number;
  ok: number;
  aborted: number;
}

/** Runs traces with every state frozen; returns how many steps ran. */
function runFrozen(cfg: Config, seed: number, runs: number, maxSteps: number): Tally {
  const tally: Tally = { steps: 0, ok: 0, aborted: 0 };
  for (const templates of fc.sample(traceArb(maxSteps), { seed, numRuns: runs })) {
    let s: State = deepFreeze(initialState(cfg, goRuntime));
    for (const t of templates) {
      const a = pick(cfg, goRuntime, s, t);
      if (a === null) break;
      const before = JSON.stringify(s);
      const r = step(cfg, goRuntime, s, deepFreeze(a)); // a write to a frozen object throws here
      tally.steps++;
      expect(JSON.stringify(s), `step ${tally.steps} (${a.kind}) changed its input state`).toBe(before);
      if (r.kind !== 'ok') {
        tally.aborted++;
        break;
      }
      tally.ok++;
      s = deepFreeze(r.state);
    }
  }
  return tally;
}

describe('steps never write to their input state', () => {
  test('freezing works: a write to a frozen state throws in this module', () => {
    const s = deepFreeze(initialState(makeConfig(linuxAmd64), goRuntime));
    expect(isDeepFrozen(s)).toBe(true);
    expect(() => {
      (s.gs[0] as { lo: number }).lo = 0;
    }).toThrow(TypeError);
    expect(() => {
      (s.spans as unknown as number[]).push(1);
    }).toThrow(TypeError);
    const cached = s.ps[0].stackcache[0].list;
    expect(cached).not.toBeNull();
    expect(() => {
      (cached as { v: number }).v = 0;
    }).toThrow(TypeError);
  });

  test('the harness catches a routine that writes in place (a fault injected into preemptone)', () => {
    const cfg = makeConfig(linuxAmd64);
    const rt: Runtime = { ...goRuntime, preemptone: (d, goid) => { (d.gs[goid] as { preempt: boolean }).preempt = true; } };
    const s = deepFreeze(initialState(cfg, rt));
    expect(() => step(cfg, rt, s, { kind: 'preemptone', g: 0 })).toThrow(TypeError);
    expect(s.gs[0].preempt).toBe(false);
  });

  for (const profile of [linuxAmd64, windowsAmd64]) {
    for (const modes of [{}, { stackNoCache: true }, { maymorestack: 'move' as const }]) {
      const label = Object.keys(modes).join(',') || 'default modes';
      test(`${profile.name}, ${label}: 5,000+ random steps over deep-frozen states (seed 11)`, () => {
        const cfg = makeConfig(profile, undefined, { ...defaultModes, ...modes });
        const t = runFrozen(cfg, 11, 80, 200);
        expect(t.steps).toBeGreaterThanOrEqual(5000);
        expect(t.ok).toBeGreaterThan(t.steps * 0.9);
      });
    }
  }
});
