// Goroutine symmetry (explore/symmetry.ts, lift.ts): states equal up to renaming get one
// fingerprint, states an invariant could tell apart do not, the renamings commute with every
// step of the model, and a search with symmetry on counts exactly the states the same search
// with it off finds.
import { describe, expect, test } from 'vitest';
import { clobbered, defaultScope, goRuntime, linuxAmd64, makeConfig, step, type State } from '../../model/index.ts';
import { makeFingerprinter } from '../../explore/fingerprint.ts';
import { presets } from '../../explore/presets.ts';
import { explore } from '../../explore/search.ts';
import { runCli } from '../cli-helpers.ts';
import { randomSteps } from '../model/play.ts';
import { renamed, renamedAction, symmetries } from './rename.ts';

const cfg = makeConfig(linuxAmd64, { ...defaultScope, procs: 2 });
// A fixed seed: its traces reach states of 3 to 8 goroutines, during and after GC cycles.
const steps = randomSteps(cfg, 11, 30, 150).filter((s) => s.before.gs.length >= 3);

function fp(s: State, symmetry: boolean): string {
  const f = makeFingerprinter({ symmetry, maxGoroutines: cfg.scope.maxGoroutines });
  f.of(s);
  return `${f.a}:${f.b}`;
}

/** At most `most` renamings that keep runtime.main and the root snapshot (rename.ts). */
function someSymmetries(s: State, most: number): number[][] {
  return symmetries(s.gs.length, s.stackRoots).slice(0, most);
}

describe('one fingerprint per class of renamed states', () => {
  test('a renamed state has the fingerprint of the state (symmetry on), and another one off', () => {
    let moved = 0;
    for (const { after: s } of steps) {
      for (const perm of someSymmetries(s, 6)) {
        const t = renamed(s, perm);
        expect(fp(t, true)).toBe(fp(s, true));
        if (fp(t, false) !== fp(s, false)) moved++;
      }
    }
    // Renaming really changes the states: with symmetry off they are told apart.
    expect(moved).toBeGreaterThan(100);
  });

  test('the renamings commute with every step: a renamed state steps to the renamed successor', () => {
    let checked = 0;
    for (const { before, action, after } of steps) {
      for (const perm of someSymmetries(before, 2)) {
        const r = step(cfg, goRuntime, renamed(before, perm), renamedAction(action, perm));
        expect(r.kind).toBe('ok');
        if (r.kind !== 'ok') continue;
        // A goroutine the step created keeps its goid (newproc appends to allgs).
        const wide = [...perm, ...Array.from({ length: after.gs.length - perm.length }, (_, i) => perm.length + i)];
        expect(fp(r.state, false)).toBe(fp(renamed(after, wide), false));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('states an invariant tells apart get different fingerprints', () => {
  const s = steps.map((x) => x.after).find((x) => x.gs.length >= 4 && x.gs.some((g, i) => i > 0 && g.frames.length > 0)) as State;

  test('goroutines swapping their status (not a renaming)', () => {
    const i = s.gs.findIndex((g, k) => k > 0 && g.status !== s.gs[1].status);
    expect(i).toBeGreaterThan(1);
    const gs = s.gs.slice();
    gs[1] = { ...s.gs[1], status: s.gs[i].status };
    gs[i] = { ...s.gs[i], status: s.gs[1].status };
    expect(fp({ ...s, gs }, true)).not.toBe(fp(s, true));
  });

  test('runtime.main is never renamed', () => {
    const perm = s.gs.map((_, i) => (i === 0 ? 1 : i === 1 ? 0 : i));
    expect(fp(renamed(s, perm), true)).not.toBe(fp(s, true));
  });

  test('a root of the GC cycle and a goroutine created after the snapshot are not interchangeable', () => {
    // Goroutines 1..stackRoots-1 are this cycle's roots; moving the snapshot between 1 and 2
    // makes swapping them cross it.
    const split = { ...s, stackRoots: 2 };
    const swap = s.gs.map((_, i) => (i === 1 ? 2 : i === 2 ? 1 : i));
    expect(fp(renamed(split, swap), true)).not.toBe(fp(split, true));
    expect(fp(renamed({ ...s, stackRoots: 3 }, swap), true)).toBe(fp({ ...s, stackRoots: 3 }, true));
  });

  test('a frame whose words were clobbered, against the same frame intact', () => {
    const i = s.gs.findIndex((g, k) => k > 0 && g.frames.length > 0);
    const gs = s.gs.slice();
    gs[i] = { ...s.gs[i], frames: s.gs[i].frames.map((f, k) => (k === 0 ? { ...f, stamp: clobbered } : f)) };
    expect(fp({ ...s, gs }, true)).not.toBe(fp(s, true));
  });

  test('the free-list order of two dead goroutines', () => {
    type L = State['gFreeStack'];
    const two = (l: L): boolean => l !== null && l.next !== null;
    const flip = (l: L): L => (l === null || l.next === null ? l : { v: l.next.v, next: { v: l.v, next: l.next.next } });
    const t = steps.map((x) => x.after).find((x) => two(x.gFreeStack) || two(x.gFreeNoStack) || x.ps.some((p) => two(p.gFree))) as State;
    const u: State = { ...t, gFreeStack: flip(t.gFreeStack), gFreeNoStack: flip(t.gFreeNoStack), ps: t.ps.map((p) => ({ ...p, gFree: flip(p.gFree) })) };
    expect(fp(u, true)).not.toBe(fp(t, true));
  });
});

describe('the search', () => {
  const spawn = presets.spawn;
  const spawnCfg = makeConfig(linuxAmd64, spawn.scope);

  test.each([undefined, 20])('spawn, depth %s: symmetry on counts exactly the states symmetry off finds, in fewer', (maxDepth) => {
    const depth = maxDepth === undefined ? {} : { maxDepth };
    const on = explore({ cfg: spawnCfg, rt: goRuntime, bounds: spawn.bounds, symmetry: true, ...depth });
    const off = explore({ cfg: spawnCfg, rt: goRuntime, bounds: spawn.bounds, symmetry: false, ...depth });
    expect(on.counterexample).toBeNull();
    expect(on.complete).toBe(maxDepth === undefined);
    expect(on.representedStates).toBe(off.states);
    expect(off.representedStates).toBe(off.states);
    expect(on.states).toBeLessThan(off.states * 0.75);
    expect(on.diameter).toBe(off.diameter);
  });

  test('tiny (one goroutine besides runtime.main): nothing to rename, the same states either way', () => {
    const tiny = presets.tiny;
    const tinyCfg = makeConfig(linuxAmd64, tiny.scope);
    const on = explore({ cfg: tinyCfg, rt: goRuntime, bounds: tiny.bounds, symmetry: true, maxDepth: 15 });
    const off = explore({ cfg: tinyCfg, rt: goRuntime, bounds: tiny.bounds, symmetry: false, maxDepth: 15 });
    expect([on.states, on.representedStates]).toEqual([off.states, off.states]);
  });
});

describe('stackcheck explore --symmetry', () => {
  test('the report says what symmetry did; --json has the counts; off says so', async () => {
    const on = await runCli('explore', '--scope', 'spawn', '--depth', '12', '--workers', '1');
    expect(on.code).toBe(0);
    const m = /symmetry: on, ([\d,]+) canonical states stand for ([\d,]+) states \(factor (\d+\.\d\d)\)/.exec(on.out);
    expect(m).not.toBeNull();
    const j = JSON.parse((await runCli('explore', '--scope', 'spawn', '--depth', '12', '--symmetry', 'off', '--json', '--workers', '1')).out) as { states: number; symmetry: boolean; representedStates: number };
    expect(j.symmetry).toBe(false);
    expect(Number((m as RegExpExecArray)[2].replace(/,/g, ''))).toBe(j.states);
    expect((await runCli('explore', '--scope', 'spawn', '--depth', '3', '--symmetry', 'off')).out).toMatch(/^symmetry: off \(goroutines are not renamed\)$/m);
  });

  test.each([
    [['explore', '--symmetry', 'maybe'], /--symmetry takes on or off, not 'maybe'/],
    [['explore', '--profile', 'go1.2', '--symmetry', 'off'], /--symmetry is not supported with profile go1.2/],
  ])('%j is bad usage: one line, exit 2', async (argv, message) => {
    const r = await runCli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
