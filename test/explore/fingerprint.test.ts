// The fingerprint: every field of every record of the State is either hashed or listed as
// excluded with a reason (identity.ts), a change to any hashed field changes the fingerprint,
// the excluded ones change nothing only in the ways identity.ts says, and the result does
// not depend on object identity or on what a fingerprinter has memoised.
import { describe, expect, test } from 'vitest';
import { defaultScope, linuxAmd64, makeConfig, type State } from '../../model/index.ts';
import { makeFingerprinter } from '../../explore/fingerprint.ts';
import {
  deferIdentity, frameIdentity, freeListIdentity, gIdentity, mIdentity, pageRangeIdentity, pIdentity, spanIdentity,
  stateIdentity, sudogIdentity, type Identity,
} from '../../explore/identity.ts';
import { randomSteps } from '../model/play.ts';
import { renamed, symmetries } from './rename.ts';

const cfg = makeConfig(linuxAmd64, { ...defaultScope, procs: 2 });
// A fixed seed: any seed reaches states with frames, defers, sudogs and several Ps and spans.
const steps = randomSteps(cfg, 5, 20, 120);
const states = steps.map((s) => s.after);

function fp(s: State): string {
  const f = makeFingerprinter();
  f.of(s);
  return `${f.a}:${f.b}`;
}

const hashedKeys = (t: Readonly<Record<string, Identity>>): string[] => Object.keys(t).filter((k) => t[k] === 'hashed');

describe('every field is classified', () => {
  const tables: [string, Readonly<Record<string, Identity>>, (s: State) => readonly object[]][] = [
    ['State', stateIdentity, (s) => [s]],
    ['G', gIdentity, (s) => s.gs],
    ['P', pIdentity, (s) => s.ps],
    ['M', mIdentity, (s) => s.ms],
    ['Span', spanIdentity, (s) => s.spans],
    ['PageRange', pageRangeIdentity, (s) => s.free],
    ['StackFreeList', freeListIdentity, (s) => s.ps.flatMap((p) => p.stackcache)],
    ['Frame', frameIdentity, (s) => s.gs.flatMap((g) => g.frames)],
    ['Sudog', sudogIdentity, (s) => s.gs.flatMap((g) => g.waiting)],
    ['Defer', deferIdentity, (s) => s.gs.flatMap((g) => g.defers)],
  ];
  test.each(tables)('%s: the fields the model builds are exactly the classified ones', (_name, table, records) => {
    const seen = new Set<string>();
    for (const s of states) for (const r of records(s)) for (const k of Object.keys(r)) seen.add(k);
    expect(seen.size).toBeGreaterThan(0);
    expect([...seen].sort()).toEqual(Object.keys(table).sort());
  });

  test('each exclusion gives its reason', () => {
    for (const t of [stateIdentity, gIdentity, pIdentity, mIdentity]) {
      for (const v of Object.values(t)) if (v !== 'hashed') expect(v.excluded.length).toBeGreaterThan(20);
    }
  });
});

/** A different value of the same type. */
function other(v: unknown): unknown {
  if (typeof v === 'number') return v + 8;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'string') return v === 'off' || v === 'manual' || v === 'running' ? (v === 'off' ? 'mark' : v === 'manual' ? 'inuse' : 'waiting') : 'running';
  if (Array.isArray(v)) return v.length > 0 ? v.slice(1) : [0];
  if (v === null) return { v: 8, next: null };
  if (typeof v === 'object') return { v: 16, next: v };
  throw new Error(`no other value for ${String(v)}`);
}

describe('a change to a hashed field changes the fingerprint', () => {
  const rich = states.find((s) => s.gs.length >= 3 && s.gs.some((g) => g.frames.length > 0) && s.spans.length > 2) as State;

  test.each(hashedKeys(stateIdentity))('State.%s', (k) => {
    // A list of P records gets one more P, not the number other() would put in it.
    const v = k === 'retiredPs' ? [...rich.retiredPs, { ...rich.ps[0], id: rich.ps.length }] : other(rich[k as keyof State]);
    const s = { ...rich, [k]: v } as State;
    expect(fp(s)).not.toBe(fp(rich));
  });

  test.each(hashedKeys(gIdentity))('G.%s', (k) => {
    const i = rich.gs.findIndex((g) => g.frames.length > 0);
    const gs = rich.gs.slice();
    gs[i] = { ...gs[i], [k]: other(gs[i][k as keyof (typeof gs)[number]]) };
    expect(fp({ ...rich, gs })).not.toBe(fp(rich));
  });

  test.each(hashedKeys(pIdentity))('P.%s', (k) => {
    const ps = rich.ps.slice();
    ps[0] = { ...ps[0], [k]: other(ps[0][k as keyof (typeof ps)[number]]) };
    expect(fp({ ...rich, ps })).not.toBe(fp(rich));
  });

  test.each(hashedKeys(spanIdentity))('Span.%s', (k) => {
    const spans = rich.spans.slice();
    spans[1] = { ...spans[1], [k]: other(spans[1][k as keyof (typeof spans)[number]]) };
    expect(fp({ ...rich, spans })).not.toBe(fp(rich));
  });

  test.each(hashedKeys(mIdentity))('M.%s', (k) => {
    const ms = rich.ms.slice();
    ms[0] = { ...ms[0], [k]: other(ms[0][k as keyof (typeof ms)[number]]) };
    expect(fp({ ...rich, ms })).not.toBe(fp(rich));
  });

  test('Frame, Sudog, Defer fields', () => {
    const i = rich.gs.findIndex((g) => g.frames.length > 0);
    const g = rich.gs[i];
    for (const k of hashedKeys(frameIdentity)) {
      const frames = g.frames.slice();
      frames[0] = { ...frames[0], [k]: other(frames[0][k as keyof (typeof frames)[number]]) };
      const gs = rich.gs.slice();
      gs[i] = { ...g, frames };
      expect(fp({ ...rich, gs })).not.toBe(fp(rich));
    }
    const gs = rich.gs.slice();
    gs[i] = { ...g, waiting: [...g.waiting, { chan: 0, elem: 8 }], defers: g.defers };
    expect(fp({ ...rich, gs })).not.toBe(fp(rich));
    gs[i] = { ...g, defers: [...g.defers, { rec: 8, sp: 16, fn: 24, panic: 0 }] };
    expect(fp({ ...rich, gs })).not.toBe(fp(rich));
  });
});

describe('excluded fields change nothing only as identity.ts says', () => {
  const s = states[states.length - 1];

  test('sweepgen and every flushGen shifted together: the same state; one flushGen alone: a different one', () => {
    const shifted: State = { ...s, sweepgen: s.sweepgen + 2, ps: s.ps.map((p) => ({ ...p, flushGen: p.flushGen + 2 })) };
    expect(fp(shifted)).toBe(fp(s));
    expect(fp({ ...s, ps: s.ps.map((p, i) => (i === 0 ? { ...p, flushGen: p.flushGen + 2 } : p)) })).not.toBe(fp(s));
  });

  test('gcCycle is history', () => {
    expect(fp({ ...s, gcCycle: s.gcCycle + 5 })).toBe(fp(s));
  });

  test('maxStackScan and the Ps\' deltas: only their sum', () => {
    const moved: State = { ...s, maxStackScan: s.maxStackScan + 4096, ps: s.ps.map((p, i) => (i === 0 ? { ...p, maxStackScanDelta: p.maxStackScanDelta - 4096 } : p)) };
    expect(fp(moved)).toBe(fp(s));
    expect(fp({ ...s, maxStackScan: s.maxStackScan + 4096 })).not.toBe(fp(s));
  });
});

test('canonical: a deep copy (no shared objects) and a used fingerprinter give the same fingerprint', () => {
  const f = makeFingerprinter();
  const seen = new Set<string>();
  for (const s of states) {
    f.of(s);
    const memoised = `${f.a}:${f.b}`;
    expect(fp(structuredClone(s))).toBe(memoised);
    seen.add(memoised);
  }
  // Distinct states of random traces have distinct fingerprints (most steps change something).
  expect(seen.size).toBeGreaterThan(states.length / 2);
});

describe('hashed against the parent: the fingerprint of the state hashed from scratch', () => {
  test.each([false, true])('symmetry %s: each step\'s successor, whatever was hashed before', (symmetry) => {
    const o = { symmetry, maxGoroutines: cfg.scope.maxGoroutines };
    const f = makeFingerprinter(o);
    let fromParent = 0;
    let kept = -1;
    for (let i = 0; i < steps.length; i++) {
      const { before, after } = steps[i];
      // The parent as given (the steps of a run follow each other, so the state hashed last is
      // often the next parent), its part hashes as kept when it was hashed, or a renamed copy
      // of it that shares only some parts, in turn.
      const perms = symmetries(before.gs.length, before.stackRoots);
      const parent = i % 3 === 1 && perms.length > 0 ? renamed(before, perms[perms.length - 1]) : before;
      const follows = i > 0 && steps[i - 1].after === before;
      f.of(after, parent, i % 3 === 2 && follows ? kept : undefined);
      kept = f.keep();
      f.nextLevel();
      const whole = makeFingerprinter(o);
      whole.of(after);
      expect([f.a, f.b, f.label, f.ties]).toEqual([whole.a, whole.b, whole.label, whole.ties]);
      if (parent === before && after.gs !== before.gs) fromParent++;
    }
    expect(fromParent).toBeGreaterThan(100);
  });
});
