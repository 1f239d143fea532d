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
 * renamings of Ps 1..n-1, so renamed states share it. The goroutine labels are those of the
 * first renaming that reaches it, with the labels of the others that do in `alts`, and
 * `orbit` is how many distinct fingerprints the renamings give: the classes of goroutine
 * renamings the state's P renamings fall into. With the search's transitions, that is what
 * lift.ts needs to count the real states: the states reachable are closed under renaming
 * Ps (every step commutes with it, and the initial state is its own renaming), so each
 * class of the search stands for `orbit` classes of goroutine renamings with equally many
 * reachable members, and a step into a class reaches, through each renaming in alts, every
 * member it stands for.
 * @internal
 */
export function withPSymmetry(fp: Fingerprinter): Fingerprinter {
  const perms = new Map<number, number[][]>();
  // Per renaming of the last state: its fingerprint and labels (scratch, reused).
  const fa: number[] = [], fb: number[] = [], labels: number[] = [], ties: number[] = [];
  const alts: number[] = [];
  const out: Fingerprinter = {
    a: 0, b: 0, label: -1, ties: 0, orbit: 1, alts,
    // Each renaming is a new state, shared with no parent: every one is hashed whole, so
    // there are no parent's part hashes to keep.
    keep: () => 0,
    nextLevel: () => {},
    of(s: State): void {
      let all = perms.get(s.ps.length);
      if (all === undefined) perms.set(s.ps.length, (all = fixingZero(s.ps.length)));
      let best = 0;
      for (let k = 0; k < all.length; k++) {
        fp.of(k === 0 ? s : psRenamed(s, all[k]));
        fa[k] = fp.a;
        fb[k] = fp.b;
        labels[k] = fp.label;
        ties[k] = fp.ties;
        if ((fp.a >>> 0) < (fa[best] >>> 0) || (fp.a === fa[best] && (fp.b >>> 0) < (fb[best] >>> 0))) best = k;
      }
      alts.length = 0;
      let orbit = 0;
      for (let k = 0; k < all.length; k++) {
        if (k !== best && fa[k] === fa[best] && fb[k] === fb[best]) alts.push(labels[k]);
        let seen = false;
        for (let j = 0; j < k && !seen; j++) seen = fa[j] === fa[k] && fb[j] === fb[k];
        if (!seen) orbit++;
      }
      out.a = fa[best];
      out.b = fb[best];
      out.label = labels[best];
      out.ties = ties[best];
      out.orbit = orbit;
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
