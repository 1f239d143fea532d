// P symmetry (explore/p-symmetry.ts): states equal up to renaming Ps other than P0 get one
// fingerprint, states an invariant could tell apart do not, the renamings commute with every
// step but those that make P order observable, and a search with Ps renamed finds exactly the
// classes of the states the same search with symmetry off reaches.
import { describe, expect, test } from 'vitest';
import { defaultScope, goRuntime, initialState, linuxAmd64, makeConfig, step, type Action, type State } from '../../model/index.ts';
import { mutantByName } from '../../model/mutants/index.ts';
import { makeFingerprinter } from '../../explore/fingerprint.ts';
import { fewPs, pOrderKinds, pSymmetryBlocker, psRenamed, withPSymmetry } from '../../explore/p-symmetry.ts';
import { presets } from '../../explore/presets.ts';
import { explore } from '../../explore/search.ts';
import { enabledActions, planOf } from '../../properties/enumerate.ts';
import { runCli } from '../cli-helpers.ts';
import { randomSteps } from '../model/play.ts';
import { renamed, symmetries } from './rename.ts';

const cfg = makeConfig(linuxAmd64, { ...defaultScope, procs: 4, maxProcs: 4 });
// A fixed seed: its traces reach states of 4 Ps (3 to rename) with goroutines on several of them, during and after GC cycles.
const steps = randomSteps(cfg, 5, 30, 150).filter((s) => s.before.ps.length === 4);

const canonical = withPSymmetry(makeFingerprinter({ symmetry: true, maxGoroutines: cfg.scope.maxGoroutines }));
const plain = makeFingerprinter({ symmetry: false, maxGoroutines: cfg.scope.maxGoroutines });
const fpOf = (f: typeof plain, s: State): string => {
  f.of(s);
  return `${f.a}:${f.b}`;
};

/** The renamings of Ps 1..3 of a 4-P state, the identity left out. */
const pPerms = [[0, 1, 3, 2], [0, 2, 1, 3], [0, 2, 3, 1], [0, 3, 1, 2], [0, 3, 2, 1]];

function renamedPAction(a: Action, perm: readonly number[]): Action {
  return 'p' in a ? { ...a, p: perm[a.p] } : a;
}

describe('one fingerprint per class of states renamed over Ps 1..n-1', () => {
  test('a state with its Ps renamed, and its goroutines too, has the state\'s fingerprint; with P symmetry off another', () => {
    let moved = 0;
    // Every third state: the renamings hash each state 6 times over.
    for (const { after: s } of steps.filter((_, i) => i % 3 === 0)) {
      for (const perm of pPerms) {
        const t = psRenamed(s, perm);
        expect(fpOf(canonical, t)).toBe(fpOf(canonical, s));
        if (fpOf(plain, t) !== fpOf(plain, s)) moved++;
        if (perm === pPerms[4]) for (const g of symmetries(s.gs.length, s.stackRoots).slice(0, 1)) expect(fpOf(canonical, renamed(t, g))).toBe(fpOf(canonical, s));
      }
    }
    expect(moved).toBeGreaterThan(100);
  });

  test('every step but readMemStats and procresize commutes with renaming Ps', () => {
    let checked = 0;
    for (const { before, action, after } of steps) {
      if (action.kind in pOrderKinds) continue;
      for (const perm of pPerms.slice(0, 2)) {
        const r = step(cfg, goRuntime, psRenamed(before, perm), renamedPAction(action, perm));
        expect(r.kind).toBe('ok');
        if (r.kind === 'ok') expect(fpOf(plain, r.state)).toBe(fpOf(plain, psRenamed(after, perm)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  test('readMemStats does not commute with renaming Ps: it clears the caches in P order', () => {
    // Why P symmetry is off with readMemStats in the bounds: some state steps differently.
    let differs = 0;
    for (const { before } of steps) {
      const a: Action = { kind: 'readMemStats' };
      const r = step(cfg, goRuntime, before, a);
      const q = step(cfg, goRuntime, psRenamed(before, pPerms[4]), a);
      if (r.kind === 'ok' && q.kind === 'ok' && fpOf(plain, q.state) !== fpOf(plain, psRenamed(r.state, pPerms[4]))) differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });
});

describe('states an invariant tells apart get different fingerprints', () => {
  const s = steps.map((x) => x.after).find((x) => x.ps[0].stackcache.some((c, k) => c.size !== x.ps[1].stackcache[k].size)) as State;

  test('P0 is never renamed', () => {
    expect(s).toBeDefined();
    expect(fpOf(canonical, psRenamed(s, [1, 0, 2, 3]))).not.toBe(fpOf(canonical, s));
  });

  test('two Ps trading their caches, but not their goroutines or sweep-flush bits (not a renaming)', () => {
    const t = steps.map((x) => x.after).find((x) => x.gs.some((g) => g.p === 1) && x.ps[1].stackcache.some((c, k) => c.size !== x.ps[2].stackcache[k].size)) as State;
    expect(t).toBeDefined();
    const ps = t.ps.slice();
    ps[1] = { ...t.ps[1], stackcache: t.ps[2].stackcache };
    ps[2] = { ...t.ps[2], stackcache: t.ps[1].stackcache };
    expect(fpOf(canonical, { ...t, ps })).not.toBe(fpOf(canonical, t));
  });

  test('a sweep-flush bit moved to another P', () => {
    const u = { ...s, sweepFlushPending: 0b0010 }, v = { ...s, sweepFlushPending: 0b0001 };
    expect(fpOf(canonical, u)).not.toBe(fpOf(canonical, v));
  });
});

describe('when Ps are renamed', () => {
  const spawn = presets.spawn;
  const bounds = spawn.bounds;
  const threePs = makeConfig(linuxAmd64, { ...spawn.scope, procs: 3, maxProcs: 3 });

  test('only with two Ps or more besides P0, the correct routines and neither readMemStats nor procresize in the bounds', () => {
    const o = { bounds, rt: goRuntime, procs: 3, symmetry: true };
    expect(pSymmetryBlocker(o)).toBeNull();
    expect(pSymmetryBlocker({ ...o, procs: 2 })).toBe(fewPs);
    expect(pSymmetryBlocker({ ...o, symmetry: false })).not.toBeNull();
    expect(pSymmetryBlocker({ ...o, rt: mutantByName('shrink-at-half')?.rt ?? goRuntime })).toMatch(/mutant/);
    expect(pSymmetryBlocker({ ...o, bounds: { ...bounds, kinds: [...(bounds.kinds ?? []), 'readMemStats'] } })).toMatch(/readMemStats/);
    expect(pSymmetryBlocker({ ...o, bounds: { ...bounds, kinds: undefined } })).toMatch(/readMemStats|procresize/);
  });

  test('spawn with 3 Ps, depth 8: the search finds exactly the classes of the states symmetry off reaches, in fewer states', () => {
    const depth = 8;
    const on = explore({ cfg: threePs, rt: goRuntime, bounds, symmetry: true, maxDepth: depth });
    expect(on.psKept).toBeNull();
    // Every real state within the depth (breadth first, told apart by the plain fingerprint), and their classes.
    const plan = planOf(bounds);
    const f = makeFingerprinter({ symmetry: false, maxGoroutines: threePs.scope.maxGoroutines });
    const g = withPSymmetry(makeFingerprinter({ symmetry: true, maxGoroutines: threePs.scope.maxGoroutines }));
    let frontier: State[] = [initialState(threePs, goRuntime)];
    const seen = new Set<string>([fpOf(f, frontier[0])]);
    const classes = new Set<string>([fpOf(g, frontier[0])]);
    for (let d = 0; d < depth; d++) {
      const next: State[] = [];
      for (const s of frontier) {
        for (const a of enabledActions(threePs, goRuntime, s, plan)) {
          const r = step(threePs, goRuntime, s, a);
          if (r.kind !== 'ok') continue;
          const k = fpOf(f, r.state);
          if (seen.has(k)) continue;
          seen.add(k);
          classes.add(fpOf(g, r.state));
          next.push(r.state);
        }
      }
      frontier = next;
    }
    const off = explore({ cfg: threePs, rt: goRuntime, bounds, symmetry: false, maxDepth: depth });
    expect(seen.size).toBe(off.states);
    expect(on.states).toBe(classes.size);
    expect(on.states).toBeLessThan(off.states * 0.6);
    // The real states the classes stand for (goroutine and P renamings lifted) are exactly those.
    expect(on.representedStates).toBe(off.states);
  });

  test('with 4 Ps, where several P renamings reach one class: the real states counted are those symmetry off finds, on 1 worker and on 2', async () => {
    const fourPs = makeConfig(linuxAmd64, { ...spawn.scope, procs: 4, maxProcs: 4 });
    const depth = 6;
    const on = explore({ cfg: fourPs, rt: goRuntime, bounds, symmetry: true, maxDepth: depth });
    const off = explore({ cfg: fourPs, rt: goRuntime, bounds, symmetry: false, maxDepth: depth });
    expect(on.psKept).toBeNull();
    expect(on.states).toBeLessThan(off.states / 3);
    expect(on.representedStates).toBe(off.states);
    const two = JSON.parse((await runCli('explore', '--scope', 'spawn,procs=4,maxProcs=4', '--depth', String(depth), '--workers', '2', '--json')).out) as { states: number; representedStates: number };
    expect([two.states, two.representedStates]).toEqual([on.states, off.states]);
  }, 300_000);
});
