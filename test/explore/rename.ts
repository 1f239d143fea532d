// Test helper: a state with its goroutines renamed (goroutine i becomes perm[i]), built for
// real, every goid it holds renamed with it: what explore/fingerprint.ts hashes without
// building it. A frame whose stamp is what its goroutine's call stored gets the stamp the
// renamed goroutine's call would store (model/contents.ts:frameStamp derives it from the goid).
import { frameStamp, type Action, type G, type P, type State } from '../../model/index.ts';
import type { Link } from '../../model/list.ts';

function list(l: Link, perm: readonly number[]): Link {
  return l === null ? null : { v: perm[l.v], next: list(l.next, perm) };
}

function proc(p: P, perm: readonly number[]): P {
  return { ...p, curg: p.curg < 0 ? p.curg : perm[p.curg], gFree: list(p.gFree, perm) };
}

function goroutine(g: G, goid: number): G {
  const frames = g.frames.map((f) => (f.stamp === frameStamp(g.goid, f.fn, f.depth) ? { ...f, stamp: frameStamp(goid, f.fn, f.depth) } : f));
  return { ...g, goid, frames };
}

/** s with goroutine i renamed perm[i] (perm a permutation of 0..s.gs.length-1). */
export function renamed(s: State, perm: readonly number[]): State {
  const gs = new Array<G>(s.gs.length);
  s.gs.forEach((g, i) => (gs[perm[i]] = goroutine(g, perm[i])));
  return {
    ...s, gs, ps: s.ps.map((p) => proc(p, perm)), retiredPs: s.retiredPs.map((p) => proc(p, perm)),
    gFreeStack: list(s.gFreeStack, perm), gFreeNoStack: list(s.gFreeNoStack, perm),
    chans: s.chans.map((q) => q.map((v) => perm[v])),
  };
}

/** The action a with its goroutine renamed. */
export function renamedAction(a: Action, perm: readonly number[]): Action {
  return 'g' in a ? { ...a, g: perm[a.g] } : a;
}

/**
 * Renamings that keep 0 and map 1..split-1 and split..n-1 among themselves (split =
 * max(stackRoots, 1)): each class reversed, rotated by one, or with its first two swapped,
 * the classes together and one at a time; the identity left out.
 */
export function symmetries(n: number, stackRoots: number): number[][] {
  const split = Math.min(Math.max(stackRoots, 1), n);
  const range = (lo: number, hi: number): number[] => Array.from({ length: Math.max(0, hi - lo) }, (_, i) => lo + i);
  const moves = (xs: number[]): number[][] => xs.length < 2 ? [xs] : [xs, [...xs].reverse(), [...xs.slice(1), xs[0]], [xs[1], xs[0], ...xs.slice(2)]];
  const out = new Map<string, number[]>();
  for (const a of moves(range(1, split))) for (const b of moves(range(split, n))) {
    const p = [0, ...a, ...b];
    if (p.some((v, i) => v !== i)) out.set(p.join(), p);
  }
  return [...out.values()];
}
