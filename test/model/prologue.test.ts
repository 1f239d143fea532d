// The prologue's stack check at its boundaries, per form (cmd/internal/obj/x86/obj6.go:stacksplit).
import { describe, expect, test } from 'vitest';
import { FUNCS, goRuntime, initialState, linuxAmd64, makeConfig, stackPreempt, type G } from '../../model/index.ts';
import { draftOf } from '../../model/draft.ts';
import { stacksplit } from '../../model/prologue.ts';

const cfg = makeConfig(linuxAmd64);
const d = draftOf(initialState(cfg, goRuntime), cfg, goRuntime);
const fn = (name: string) => FUNCS[FUNCS.findIndex((f) => f.name === name)];
const { stackGuard, stackSmall, ptrSize } = linuxAmd64;

/** A goroutine whose SP at the callee's entry (after CALL pushed the return address) is `entry`. */
function gAt(entry: number, guard?: number): G {
  const g = d.gs[0];
  return { ...g, sp: entry + ptrSize, stackguard0: guard ?? g.lo + stackGuard };
}

describe('stacksplit on linux/amd64', () => {
  const lo = d.gs[0].lo;
  const guard = lo + stackGuard;

  test('a leaf with autoffset < StackSmall is NOSPLIT: never checks', () => {
    expect(stacksplit(d, gAt(lo + 8), fn('leaf64'))).toBe(false);
  });

  test('small frames compare SP <= stackguard0', () => {
    for (const name of ['leaf128', 'call96']) {
      expect(stacksplit(d, gAt(guard), fn(name))).toBe(true);
      expect(stacksplit(d, gAt(guard + 8), fn(name))).toBe(false);
    }
  });

  test('frames up to StackBig compare SP-(framesize-StackSmall) <= stackguard0', () => {
    for (const name of ['call1k', 'call4k']) {
      const over = fn(name).frame - stackSmall;
      expect(stacksplit(d, gAt(guard + over), fn(name))).toBe(true);
      expect(stacksplit(d, gAt(guard + over + 8), fn(name))).toBe(false);
    }
  });

  test('larger frames use the wrap-safe subtraction', () => {
    const over = fn('call12k').frame - stackSmall;
    expect(stacksplit(d, gAt(guard + over), fn('call12k'))).toBe(true);
    expect(stacksplit(d, gAt(guard + over + 8), fn('call12k'))).toBe(false);
    expect(stacksplit(d, gAt(over - 8, 0), fn('call12k'))).toBe(true); // SP - framesize wraps
  });

  test('a poisoned guard sends every checked call to morestack, whatever the room', () => {
    for (const name of ['leaf128', 'call96', 'call1k', 'call4k', 'call12k']) {
      expect(stacksplit(d, gAt(d.gs[0].hi - 64, stackPreempt), fn(name))).toBe(true);
    }
    expect(stacksplit(d, gAt(d.gs[0].hi - 64, stackPreempt), fn('leaf64'))).toBe(false);
  });
});
