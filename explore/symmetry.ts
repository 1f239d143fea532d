// Goroutine symmetry for the exhaustive search: the canonical order in which a state's
// goroutines are hashed, and how many distinct states the canonical one stands for.
//
// Which renamings are symmetries (the argument is in explore/README.md, "What a state is"):
// any permutation of the goroutines other than runtime.main (goid 0) that keeps the GC's root
// snapshot, i.e. maps the goids below stackRoots among themselves and those at or above it
// among themselves. g0 and gsignal are not goroutines of State.gs (they are M fields), so no
// renaming touches them. Ps are renamed apart from this, where their order is not observable
// (p-symmetry.ts).
//
// The canonical order sorts each class by a key that no renaming changes: the goroutine's own
// hash (every field but its goid, with a frame's stamp hashed as "what this goroutine's call
// stored" rather than as a number derived from the goid) and where the state refers to it
// (P k's curg, position i of P k's gFree list, of sched.gFree.stack or .noStack, of channel
// c's queue). Two goroutines with equal keys are both referred to from nowhere (two goroutines
// cannot hold the same position of the same list) and equal in every field, so swapping them
// gives the very same state: tie-breaking does not matter.
//
// The renamings are a bisimulation (each routine and invariant treats renamed states alike),
// but the reachable states are not closed under them: newproc gives a new G the next goid
// (allgadd appends to allgs), so goids follow creation order, and a state where the older
// goroutine holds the younger one's stack is usually unreachable. How many real states a
// search stands for is therefore counted by lifting its transitions (lift.ts), not by orbit
// sizes.

/** Scratch arrays for one fingerprinter, grown as states gain goroutines. @internal */
export interface Renaming {
  /** order[j]: the goroutine hashed at index j of the canonical view. */
  order: Int32Array;
  /** perm[i]: the canonical index of goroutine i (the inverse of order). */
  perm: Int32Array;
  /** The sort key per goroutine: own hash (a, b) and references hash (ra, rb). */
  ka: Int32Array;
  kb: Int32Array;
  ra: Int32Array;
  rb: Int32Array;
  /** Bit j-1 set: canonical positions j-1 and j hold goroutines with equal keys (set by canonicalise). */
  ties: number;
}

/** Scratch for states of up to n goroutines. @internal */
export function makeRenaming(n = 8): Renaming {
  return {
    order: new Int32Array(n), perm: new Int32Array(n),
    ka: new Int32Array(n), kb: new Int32Array(n), ra: new Int32Array(n), rb: new Int32Array(n), ties: 0,
  };
}

/** r, with room for n goroutines (the keys of a grown one are garbage until refilled). @internal */
export function roomFor(r: Renaming, n: number): Renaming {
  return r.order.length >= n ? r : makeRenaming(Math.max(n, 2 * r.order.length));
}

/** The identity renaming of n goroutines (symmetry off). @internal */
export function identity(r: Renaming, n: number): void {
  for (let i = 0; i < n; i++) r.order[i] = r.perm[i] = i;
  r.ties = 0;
}

/** Compares goroutines x and y by key: negative, 0 (tied), positive. */
function cmp(r: Renaming, x: number, y: number): number {
  return (r.ka[x] - r.ka[y]) || (r.kb[x] - r.kb[y]) || (r.ra[x] - r.ra[y]) || (r.rb[x] - r.rb[y]);
}

/** Sorts order[lo, hi) by key (insertion sort, stable: a class holds a handful of goroutines), marking tie runs. */
function sortClass(r: Renaming, lo: number, hi: number): void {
  const o = r.order;
  for (let i = lo + 1; i < hi; i++) {
    const x = o[i];
    let j = i - 1;
    for (; j >= lo && cmp(r, o[j], x) > 0; j--) o[j + 1] = o[j];
    o[j + 1] = x;
  }
  for (let i = lo + 1; i < hi; i++) if (cmp(r, o[i - 1], o[i]) === 0) r.ties |= 1 << (i - 1);
}

/**
 * Fills order, perm and ties with the canonical renaming of n goroutines whose keys are
 * filled in. Goroutine 0 (runtime.main) stays; 1..stackRoots-1 and stackRoots..n-1 are
 * sorted apart.
 * @internal
 */
export function canonicalise(r: Renaming, n: number, stackRoots: number): void {
  for (let i = 0; i < n; i++) r.order[i] = i;
  r.ties = 0;
  const split = Math.min(Math.max(stackRoots, 1), n);
  if (n > 1) {
    sortClass(r, 1, split);
    sortClass(r, split, n);
  }
  for (let j = 0; j < n; j++) r.perm[r.order[j]] = j;
}

/** Labels are kept for at most this many goroutines besides runtime.main (5! = 120 renamings). @internal */
export const maxLabelled = 5;

/**
 * The renaming as a number: digit j (base k) is order[j+1]-1, the goroutine at canonical
 * position j+1, for the k goroutines other than runtime.main a state may have (positions a
 * state has no goroutine at count as fixed). Ties are broken by goid (the sort is stable),
 * so two states of one class never share a label (lift.ts relies on it).
 * @internal
 */
export function labelOf(r: Renaming, n: number, k: number): number {
  let code = 0;
  for (let j = k - 1; j >= 0; j--) code = code * k + (j + 1 < n ? r.order[j + 1] - 1 : j);
  return code;
}
