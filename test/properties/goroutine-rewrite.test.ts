// The minimiser's goroutine rewrite (properties/goroutine-rewrite.ts): a goroutine left out
// takes what it created with it, and the goroutines created after it keep doing their steps
// under the ids newproc now gives them.
import { describe, expect, test } from 'vitest';
import { FUNCS, goRuntime, linuxAmd64, makeConfig, type Action } from '../../model/index.ts';
import { presets } from '../../explore/presets.ts';
import { createdGoroutines, withGoroutine } from '../../properties/goroutine-rewrite.ts';

const cfg = makeConfig(linuxAmd64, presets.medium.scope);
const rt = goRuntime;
const call1k = FUNCS.findIndex((f) => f.name === 'call1k');
const nil = { to: 'nil' } as const;
const call = (g: number): Action => ({ kind: 'call', g, fn: call1k, slots: [nil, nil], ctxt: nil });

describe('withGoroutine', () => {
  test('a goroutine left out: the ones created after it are renamed to the ids newproc now gives them', () => {
    // g1 and g2 created by runtime.main; only g2 does anything.
    const trace: Action[] = [{ kind: 'newproc', g: 0 }, { kind: 'newproc', g: 0 }, { kind: 'execute', g: 2, p: 1 }, call(2), { kind: 'gosched', g: 2 }];
    expect([...createdGoroutines(cfg, rt, trace)]).toEqual([1, 2]);
    expect(withGoroutine(cfg, rt, trace, { from: 1, to: -1, follow: true })).toEqual([
      { kind: 'newproc', g: 0 }, { kind: 'execute', g: 1, p: 1 }, call(1), { kind: 'gosched', g: 1 },
    ]);
    // Without following ids, g2's steps still name g2, which no newproc creates now: they go.
    expect(withGoroutine(cfg, rt, trace, { from: 2, to: 0, follow: false })).toEqual([
      { kind: 'newproc', g: 0 }, { kind: 'newproc', g: 0 }, call(0), { kind: 'gosched', g: 0 },
    ]);
  });

  test('what a left-out goroutine created goes with it, and a dead G reused by gfget keeps its place', () => {
    const trace: Action[] = [
      { kind: 'newproc', g: 0 }, { kind: 'execute', g: 1, p: 1 }, { kind: 'newproc', g: 1 }, // g1 creates g2
      { kind: 'goexit', g: 1 }, { kind: 'newproc', g: 0 }, // g1 dead; runtime.main's newproc gets a G
      { kind: 'execute', g: 2, p: 1 }, call(2),
    ];
    const created = [...createdGoroutines(cfg, rt, trace)];
    expect(created.slice(0, 2)).toEqual([1, 2]);
    const out = withGoroutine(cfg, rt, trace, { from: 1, to: -1, follow: true });
    // g1, its newproc of g2 and everything g2 did are gone; runtime.main's own newproc stays.
    expect(out).not.toBeNull();
    expect(out!.filter((a) => 'g' in a && a.g !== 0)).toEqual([]);
    expect(out!.map((a) => a.kind)).toEqual(['newproc']);
  });

  test('nothing to change gives null', () => {
    const trace: Action[] = [{ kind: 'newproc', g: 0 }, call(0)];
    expect(withGoroutine(cfg, rt, trace, { from: 3, to: 0, follow: false })).toBeNull();
  });
});
