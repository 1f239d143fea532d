// How many real states a search with symmetry stands for. The search keeps one state per
// class of renamed states (symmetry.ts); the reachable states are not closed under the
// renamings (goids follow creation order), so a class's size says nothing about how many of
// its members are reachable. But the renamings commute with every step (a renamed state's
// step is the renamed step, the new goroutine of a newproc keeping its goid), so the real
// reachable states are exactly what the search's own transitions reach when each is applied
// to every reachable member of its source class: that closure is computed here, over the
// transitions recorded during the search, as a breadth-first search over pairs (class,
// renaming), which is also exact under a depth bound.
//
// A member of a class is named by its label: the goroutine at each canonical position
// (symmetry.ts:labelOf), ties broken by goid, so distinct members have distinct labels. For
// a transition from class s's representative (label Ls) to a state t (label Lt) of class d,
// the member of s with label Lx steps to the member of d with label Lx ∘ Ls⁻¹ ∘ Lt (the
// positions of t's goroutines among s's, then through Lx), with its ties sorted by goid.

import { maxLabelled } from './symmetry.ts';

/** @internal */
export interface Lift {
  /**
   * State id was stored with its first-found member's label and tie mask (the fingerprinter's),
   * and the classes of goroutine renamings it stands for with Ps renamed (p-symmetry.ts; 1 without).
   */
  state(id: number, label: number, ties: number, orbit?: number): void;
  /** The representative of state src steps to a state with this label, of state dst's class. */
  edge(src: number, dst: number, label: number): void;
  /** The real states reachable from state 0 within maxDepth steps. */
  count(maxDepth: number): number;
  bytes(): number;
}

/** The permutations of k elements, and their composition, inverse and tie-sorting tables. */
interface Perms {
  readonly n: number;
  /** Index of a permutation from its label (digit j base k: the image of j). */
  readonly byLabel: Int16Array;
  readonly inverse: Uint8Array;
  /** compose[x * n + y]: x ∘ y (first y, then x). */
  readonly compose: Uint8Array;
  /** sorted[ties * n + x]: x with the values in each run of tied positions ascending. */
  readonly sorted: Uint8Array;
}

function permsOf(k: number): Perms {
  const all: number[][] = [];
  const build = (prefix: number[]): void => {
    if (prefix.length === k) { all.push(prefix); return; }
    for (let v = 0; v < k; v++) if (!prefix.includes(v)) build([...prefix, v]);
  };
  build([]);
  const n = all.length;
  const code = (p: readonly number[]): number => p.reduceRight((c, v) => c * k + v, 0);
  const byLabel = new Int16Array(k ** k).fill(-1);
  all.forEach((p, i) => (byLabel[code(p)] = i));
  const index = (p: readonly number[]): number => byLabel[code(p)];
  const inverse = new Uint8Array(n);
  const compose = new Uint8Array(n * n);
  const sorted = new Uint8Array((1 << k) * n);
  all.forEach((x, i) => {
    const inv = new Array<number>(k);
    x.forEach((v, j) => (inv[v] = j));
    inverse[i] = index(inv);
    all.forEach((y, j) => (compose[i * n + j] = index(y.map((v) => x[v]))));
    for (let ties = 0; ties < 1 << k; ties++) {
      const p = x.slice();
      for (let lo = 0; lo < k;) {
        let hi = lo + 1;
        while (hi < k && (ties & (1 << hi)) !== 0) hi++;
        const run = p.slice(lo, hi).sort((a, b) => a - b);
        for (let q = lo; q < hi; q++) p[q] = run[q - lo];
        lo = hi;
      }
      sorted[ties * n + i] = index(p);
    }
  });
  return { n, byLabel, inverse, compose, sorted };
}

/** A growable array of 32-bit integers. @internal */
export class Ints {
  a = new Int32Array(1 << 12);
  size = 0;
  push(v: number): void {
    if (this.size === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.size++] = v;
  }
  set(i: number, v: number): void {
    while (i >= this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[i] = v;
    if (i >= this.size) this.size = i + 1;
  }
  /** A copy of what was pushed. */
  copy(): Int32Array {
    return this.a.slice(0, this.size);
  }
}

/** Whether a search of states of up to k goroutines besides runtime.main keeps a lift (makeLift). @internal */
export function lifted(k: number): boolean {
  return k > 1 && k <= maxLabelled;
}

/**
 * A lift for states of up to k goroutines besides runtime.main, or null where it is not
 * needed (k ≤ 1: no renaming moves anything, so the real states are the search's) or not
 * kept (k above maxLabelled).
 * @internal
 */
export function makeLift(k: number): Lift | null {
  if (!lifted(k)) return null;
  const P = permsOf(k);
  const words = Math.ceil(P.n / 32);
  // Per state: the representative's permutation index and tie mask; per transition: source,
  // destination and Ls⁻¹ ∘ Lt.
  const perm = new Ints();
  const ties = new Ints();
  const orbits = new Ints();
  const src = new Ints();
  const dst = new Ints();
  const via = new Ints();
  return {
    state(id, label, t, orbit = 1) {
      perm.set(id, P.byLabel[label]);
      ties.set(id, t);
      orbits.set(id, orbit);
    },
    edge(s, d, label) {
      src.push(s);
      dst.push(d);
      via.push(P.compose[P.inverse[perm.a[s]] * P.n + P.byLabel[label]]);
    },
    count(maxDepth) {
      const states = perm.size;
      // The transitions by source (counting sort).
      const start = new Int32Array(states + 1);
      for (let e = 0; e < src.size; e++) start[src.a[e] + 1]++;
      for (let i = 0; i < states; i++) start[i + 1] += start[i];
      const fill = start.slice(0, states);
      const to = new Int32Array(src.size);
      const by = new Uint8Array(src.size);
      for (let e = 0; e < src.size; e++) {
        const at = fill[src.a[e]]++;
        to[at] = dst.a[e];
        by[at] = via.a[e];
      }
      const member = new Uint32Array(states * words);
      const has = (s: number, p: number): boolean => (member[s * words + (p >>> 5)] & (1 << (p & 31))) !== 0;
      let queue = new Int32Array(2 * Math.max(16, states));
      let head = 0;
      let tail = 0;
      const add = (s: number, p: number): void => {
        member[s * words + (p >>> 5)] |= 1 << (p & 31);
        if (tail + 2 > queue.length) {
          const q = new Int32Array(queue.length * 2);
          q.set(queue);
          queue = q;
        }
        queue[tail++] = s;
        queue[tail++] = p;
      };
      if (states === 0) return 0;
      add(0, perm.a[0]);
      // Each member reached stands for `orbit` real states, one per class of goroutine renamings its Ps' renamings fall into.
      let found = orbits.a[0];
      for (let depth = 0; depth < maxDepth && head < tail; depth++) {
        const end = tail;
        for (; head < end; head += 2) {
          const s = queue[head];
          const x = queue[head + 1];
          for (let e = start[s]; e < start[s + 1]; e++) {
            const d = to[e];
            const p = P.sorted[ties.a[d] * P.n + P.compose[x * P.n + by[e]]];
            if (!has(d, p)) {
              add(d, p);
              found += orbits.a[d];
            }
          }
        }
      }
      return found;
    },
    bytes() {
      return 4 * (perm.a.length + ties.a.length + orbits.a.length + src.a.length + dst.a.length + via.a.length);
    },
  };
}

/**
 * The transitions a step into state dst gives the lift: one for the label of the state
 * reached, and with Ps renamed one for each other P renaming that reaches its class's
 * fingerprint (fp.alts), so every member of the class it stands for is reached.
 * @internal
 */
export function liftEdge(lift: Pick<Lift, 'edge'>, src: number, dst: number, fp: { readonly label: number; readonly alts: readonly number[] }): void {
  lift.edge(src, dst, fp.label);
  for (const label of fp.alts) lift.edge(src, dst, label);
}
