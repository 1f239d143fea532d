// The goroutines of a state by what a template may pick them for (running, runnable, in a
// syscall, parking on a channel), each list in goid order, kept from one state of a run to
// the next from the goroutines the step replaced: a template finds its k-th running
// goroutine without looking at every goroutine's status, however many the run created.

import type { G, State } from '../model/index.ts';

/** The classes a template picks goroutines from. @internal */
export const GClass = { Running: 0, Runnable: 1, Syscall: 2, Parking: 3 } as const;
/** @internal */
export type GClass = (typeof GClass)[keyof typeof GClass];
const classes = 4;

function classBits(g: G): number {
  const st = g.status === 'running' ? 1 << GClass.Running : g.status === 'runnable' ? 1 << GClass.Runnable : g.status === 'syscall' ? 1 << GClass.Syscall : 0;
  return g.parkingOnChan ? st | (1 << GClass.Parking) : st;
}

/** Index of x in the sorted list, or where it would go (lower bound). */
function lowerBound(list: readonly number[], x: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** @internal */
export class StatusIndex {
  private gs: State['gs'] | null = null;
  // Each goroutine's class bits and the object they were read from.
  private bits: number[] = [];
  private from: G[] = [];
  private readonly lists: number[][] = Array.from({ length: classes }, () => []);

  /** A fresh index of s (for callers that resolve one template, not a run). */
  static of(s: State): StatusIndex {
    const ix = new StatusIndex();
    ix.sync(s, null, null);
    return ix;
  }

  /**
   * Brings the index to s. prev (may be null) is the state the index was last brought to
   * and `changed` the goroutines of s that are not prev's very objects; without them, one
   * identity test per goroutine finds what changed.
   */
  sync(s: State, prev: State | null, changed: readonly number[] | null): void {
    if (s.gs === this.gs) return;
    if (s.gs.length < this.from.length) this.reset(); // a state of another branch (a search)
    if (prev !== null && changed !== null && prev.gs === this.gs) {
      for (const i of changed) this.take(s.gs, i);
    } else {
      for (let i = 0; i < s.gs.length; i++) if (this.from[i] !== s.gs[i]) this.take(s.gs, i);
    }
    this.gs = s.gs;
  }

  /** The goid of the k-th goroutine of the class, counting in goid order modulo their number; -1 when none. */
  kth(c: GClass, k: number): number {
    const list = this.lists[c];
    return list.length === 0 ? -1 : list[k % list.length];
  }

  private take(gs: State['gs'], i: number): void {
    const was = i < this.bits.length ? this.bits[i] : 0;
    const now = classBits(gs[i]);
    this.from[i] = gs[i];
    this.bits[i] = now;
    if (was === now) return;
    for (let c = 0; c < classes; c++) {
      const bit = 1 << c;
      if ((was & bit) === (now & bit)) continue;
      const list = this.lists[c];
      const at = lowerBound(list, i);
      // By hand: splice allocates an array of what it removes, and this runs on most steps.
      if ((now & bit) !== 0) {
        list.push(i);
        for (let j = list.length - 1; j > at; j--) list[j] = list[j - 1];
        list[at] = i;
      } else {
        for (let j = at; j < list.length - 1; j++) list[j] = list[j + 1];
        list.pop();
      }
    }
  }

  private reset(): void {
    this.gs = null;
    this.bits = [];
    this.from = [];
    for (const list of this.lists) list.length = 0;
  }
}
