// P symmetry for the exhaustive search: Ps other than P0 are interchangeable where nothing
// the search can do tells them apart by index, and a state is then fingerprinted as the
// smallest fingerprint of its renamings over those Ps (the goroutine renaming of
// symmetry.ts applied to each), which is canonical whatever ties the Ps' contents have.
//
// Where P order is observable (the argument is in explore/README.md, "Ps that are
// interchangeable"): a routine that walks allp in index order and whose effect depends on the
// order, or one that treats P ids unevenly.
// - readMemStats: mstats.go:flushallmcaches clears P 0's cache, then P 1's, ..., pushing their
//   blocks onto the pool spans' free lists in P order, and later allocations follow those lists.
// - procresize: proc.go:procresize keeps Ps 0..n-1 and destroys the rest (by id).
// - a mutant: its routines may walk allp in order (markroot-frees-per-p-gfree does), so only
//   the correct model's routines (model/runtime.ts:goRuntime) are known to be P-blind.
// Every other walk over the Ps is order-free: gcStart's flushGen check (any P), gcMarkTermination
// setting every P's sweep-flush bit, gcComputeStartingStackSize's sums, contents.ts's "in some
// cache". P0 is never renamed (runtime.main starts on it, and the issue's scope keeps it apart).

import { goRuntime, type ActionKind, type G, type P, type Runtime, type State } from '../model/index.ts';
import type { Bounds } from '../properties/enumerate.ts';
import { makeFingerprinter, type Fingerprinter } from './fingerprint.ts';

/** The action kinds that make P order observable, with why (for the report). @internal */
export const pOrderKinds: Readonly<Partial<Record<ActionKind, string>>> = {
  readMemStats: 'readMemStats clears the caches in P order (mstats.go:flushallmcaches), which orders the pool\'s free lists',
  procresize: 'procresize keeps and destroys Ps by id (proc.go:procresize)',
};

/** The reason when there is nothing to rename: P0 stays, and one P alone has no other to trade places with. @internal */
export const fewPs = 'fewer than two Ps besides P0';

/**
 * Why Ps are not renamed in this search, or null when Ps 1..procs-1 are interchangeable.
 * @internal
 */
export function pSymmetryBlocker(o: { readonly bounds: Bounds; readonly rt: Runtime; readonly procs: number; readonly symmetry: boolean }): string | null {
  if (!o.symmetry) return 'symmetry off';
  if (o.procs < 3) return fewPs;
  if (o.rt !== goRuntime) return 'a mutant\'s routines may walk the Ps in order';
  for (const [kind, why] of Object.entries(pOrderKinds)) {
    if (o.bounds.kinds === undefined || o.bounds.kinds.includes(kind as ActionKind)) return why as string;
  }
  return null;
}

/** s with P i renamed perm[i] (perm a permutation of 0..s.ps.length-1), every P index it holds renamed with it. @internal */
export function psRenamed(s: State, perm: readonly number[]): State {
  const ps = new Array<P>(s.ps.length);
  s.ps.forEach((p, i) => (ps[perm[i]] = p.id === perm[i] ? p : { ...p, id: perm[i] }));
  const onP = (g: G): G => (g.p >= 0 && g.p < perm.length && perm[g.p] !== g.p ? { ...g, p: perm[g.p] } : g);
  let pending = 0;
  for (let i = 0; i < perm.length; i++) if ((s.sweepFlushPending & (1 << i)) !== 0) pending |= 1 << perm[i];
  return { ...s, ps, gs: s.gs.map(onP), sweepFlushPending: pending };
}

/** The permutations of 0..n-1 that keep 0, the identity first. */
function fixingZero(n: number): number[][] {
  const out: number[][] = [];
  const build = (prefix: number[]): void => {
    if (prefix.length === n) { out.push(prefix); return; }
    for (let v = 1; v < n; v++) if (!prefix.includes(v)) build([...prefix, v]);
  };
  build([0]);
  return out;
}

/**
 * fp with P symmetry: a state's fingerprint is the smallest (a, then b) of fp's over its
 * renamings of Ps 1..n-1, so renamed states share it. The goroutine labels fp gives are those
 * of one renaming, which the lift (lift.ts) cannot relate to another's: label is -1 (no lift).
 * @internal
 */
export function withPSymmetry(fp: Fingerprinter): Fingerprinter {
  const perms = new Map<number, number[][]>();
  const out: Fingerprinter = {
    a: 0, b: 0, label: -1, ties: 0,
    // Each renaming is a new state, shared with no parent: every one is hashed whole, so
    // there are no parent's part hashes to keep.
    keep: () => 0,
    nextLevel: () => {},
    of(s: State): void {
      let all = perms.get(s.ps.length);
      if (all === undefined) perms.set(s.ps.length, (all = fixingZero(s.ps.length)));
      let a = 0, b = 0;
      for (let k = 0; k < all.length; k++) {
        fp.of(k === 0 ? s : psRenamed(s, all[k]));
        if (k === 0 || (fp.a >>> 0) < (a >>> 0) || (fp.a === a && (fp.b >>> 0) < (b >>> 0))) [a, b] = [fp.a, fp.b];
      }
      out.a = a;
      out.b = b;
      out.label = -1;
      out.ties = 0;
    },
  };
  return out;
}

/** A search thread's fingerprinter: goroutine symmetry as asked, P symmetry where sound. @internal */
export function searchFingerprinter(
  o: { readonly cfg: { readonly scope: { readonly maxGoroutines: number; readonly procs: number } }; readonly rt: Runtime; readonly bounds: Bounds; readonly symmetry?: boolean },
): { readonly fp: Fingerprinter; readonly psKept: string | null } {
  const symmetry = o.symmetry ?? true;
  const fp = makeFingerprinter({ symmetry, maxGoroutines: o.cfg.scope.maxGoroutines });
  const psKept = pSymmetryBlocker({ bounds: o.bounds, rt: o.rt, procs: o.cfg.scope.procs, symmetry });
  return { fp: psKept === null ? withPSymmetry(fp) : fp, psKept };
}
