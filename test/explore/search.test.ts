// The exhaustive search: the tiny preset completes without a violation, the same every time;
// a counterexample is a shortest one (nothing within one step less) and replays; the
// visited table and the enumerator do what the search relies on.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { goRuntime, initialState, linuxAmd64, makeConfig, step } from '../../model/index.ts';
import { mutantByName } from '../../model/mutants/index.ts';
import { enabledActions, planOf } from '../../properties/enumerate.ts';
import { makeFingerprinter } from '../../explore/fingerprint.ts';
import { presets } from '../../explore/presets.ts';
import { explore } from '../../explore/search.ts';
import { makeVisited } from '../../explore/visited.ts';
import { runCli } from '../cli-helpers.ts';
import { call, reach } from '../model/play.ts';

afterEach(() => vi.restoreAllMocks());

const tiny = presets.tiny;
const tinyCfg = makeConfig(linuxAmd64, tiny.scope);

describe('explore', () => {
  test('the tiny preset is explored to completion on the correct model, with no violation', () => {
    const r = explore({ cfg: tinyCfg, rt: goRuntime, bounds: tiny.bounds });
    expect(r.counterexample).toBeNull();
    expect(r.complete).toBe(true);
    expect(r.frontier).toBe(0);
    expect(r.states).toBeGreaterThan(10_000);
    expect(r.transitions).toBeGreaterThan(r.states);
    // Growth, shrinking and spans going back to the heap are all within the space.
    for (const path of ['grow', 'shrink', 'heapAlloc', 'spanFreed', 'refill']) expect(r.coverage.paths[path]).toBeGreaterThan(0);
    expect(r.visitedBytes / r.states).toBeLessThanOrEqual(32);
    expect(r.collisionProbability).toBeLessThan(1e-6);
  });

  test('a depth bound leaves a frontier, and the counts are the same on every search', () => {
    const a = explore({ cfg: tinyCfg, rt: goRuntime, bounds: tiny.bounds, maxDepth: 8 });
    const b = explore({ cfg: tinyCfg, rt: goRuntime, bounds: tiny.bounds, maxDepth: 8 });
    expect(a.stoppedBy).toBe('depth');
    expect(a.complete).toBe(false);
    expect(a.frontier).toBeGreaterThan(0);
    expect([a.states, a.transitions, a.frontier, a.diameter]).toEqual([b.states, b.transitions, b.frontier, b.diameter]);
    const c = explore({ cfg: tinyCfg, rt: goRuntime, bounds: tiny.bounds, maxStates: 100 });
    expect(c.stoppedBy).toBe('states');
    expect(c.states).toBe(100);
  });

  test.each(['stackpoolfree-frees-during-gc', 'shrink-at-half'])('%s: the counterexample is a shortest one', (name) => {
    const rt = (mutantByName(name) as NonNullable<ReturnType<typeof mutantByName>>).rt;
    const r = explore({ cfg: tinyCfg, rt, bounds: tiny.bounds, maxDepth: 12 });
    const cx = r.counterexample;
    expect(cx).not.toBeNull();
    if (cx === null) return;
    expect(cx.finding.step).toBe(cx.actions.length - 1);
    // Nothing breaks within one step less: every shorter trace was searched.
    const shorter = explore({ cfg: tinyCfg, rt, bounds: tiny.bounds, maxDepth: cx.actions.length - 1 });
    expect(shorter.counterexample).toBeNull();
    expect(shorter.stoppedBy).toBe('depth');
  });
});

describe('stackcheck explore', () => {
  test('a violation is saved in run\'s format and replays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explore-'));
    const r = await runCli('explore', '--workers', '1', '--mutant', 'stackpoolfree-frees-during-gc', '--out', dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/result: VIOLATION: invariant no-stack-span-freed-during-gc/);
    expect(r.out).toMatch(/counterexample: \d+ steps, a shortest one \(breadth first\)/);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const replay = await runCli('replay', join(dir, files[0]));
    expect(replay.code).toBe(1);
    expect(replay.out).toMatch(/reproduced at step \d+ of \d+: invariant no-stack-span-freed-during-gc/);
  });

  test('a bounded search says how far it got; --json has the counts', async () => {
    const r = await runCli('explore', '--workers', '1', '--depth', '3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/result: none within depth 3 \(frontier of [\d,]+ states left\)/);
    expect(r.out).toMatch(/fingerprint collision probability \(TLC's optimistic estimate\): /);
    const j = JSON.parse((await runCli('explore', '--workers', '1', '--depth', '3', '--json')).out) as { states: number; complete: boolean; stoppedBy: string };
    expect(j.complete).toBe(false);
    expect(j.stoppedBy).toBe('depth');
    expect(j.states).toBeGreaterThan(1);
  });

  test.each([
    [['explore', '--scope', 'huge'], /unknown scope preset 'huge' \(valid: tiny, spawn, medium, small, or key=value pairs\)/],
    [['explore', '--depth', 'deep'], /--depth takes a whole number/],
    [['explore', '--scope', 'tiny,pages=3'], /unknown scope key 'pages'/],
  ])('%j is bad usage: one line, exit 2', async (argv, message) => {
    const r = await runCli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

test('the visited table keeps ids, parents and ordinals through growth, and refuses duplicates', () => {
  const v = makeVisited(4);
  for (let i = 0; i < 1000; i++) expect(v.insert(i * 7919, i, i - 1, i % 300)).toBe(i);
  for (let i = 0; i < 1000; i++) expect(v.insert(i * 7919, i, 0, 0)).toBe(-1);
  expect(v.insert(7919, 2, 0, 0)).toBe(1000); // same first lane, different second: a different state
  expect(v.size).toBe(1001);
  expect([v.parentOf(500), v.ordinalOf(500)]).toEqual([499, 200]);
});

test('the enumerator: only enabled actions, pointer choices with distinct addresses, distinct successors', () => {
  const cfg = makeConfig(linuxAmd64, presets.small.scope);
  const s = reach(cfg, [call(0, 'call96'), call(0, 'call1k')]);
  const plan = planOf(presets.small.bounds);
  const actions = enabledActions(cfg, goRuntime, s, plan);
  expect(actions.length).toBeGreaterThan(20);
  const calls = actions.filter((a) => a.kind === 'call');
  // nil, the heap object and the 4 slots of two frames: 6 choices per word.
  const leaf = calls.filter((a) => a.kind === 'call' && a.fn === 0);
  expect(leaf.length).toBe(6 + 5);
  const f = makeFingerprinter();
  const next = new Set<string>();
  for (const a of leaf) {
    const r = step(cfg, goRuntime, s, a);
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') continue;
    f.of(r.state);
    next.add(`${f.a}:${f.b}`);
  }
  expect(next.size).toBe(leaf.length);
  expect(enabledActions(cfg, goRuntime, initialState(cfg, goRuntime), plan).every((a) => step(cfg, goRuntime, initialState(cfg, goRuntime), a).kind !== 'disabled')).toBe(true);
});
