/**
 * The stacks a trace has allocated and not yet freed. A stock multi-P trace
 * may leave an allocation's size open (several candidates); the checks then
 * use the smallest candidate, which can only miss a violation, never invent
 * one, and a later stackfree or copystack that names the size settles it.
 * @internal
 */

export type LiveStack = {
  readonly lo: number;
  /** Possible sizes, ascending; exactly one once known. */
  readonly sizes: readonly number[];
  readonly line: number;
};

export class LiveStacks {
  private readonly byBase = new Map<number, LiveStack>();
  /** The live bases in ascending order, and the order each was added in (overlapping names the earliest). */
  private readonly sorted: number[] = [];
  private readonly added = new Map<number, number>();
  private adds = 0;
  /** The largest size any live stack has had: how far below lo a stack overlapping lo can start. */
  private maxSize = 0;

  get(lo: number): LiveStack | undefined {
    return this.byBase.get(lo);
  }

  add(stack: LiveStack): void {
    if (!this.byBase.has(stack.lo)) {
      this.sorted.splice(this.firstAtOrAbove(stack.lo), 0, stack.lo);
      this.added.set(stack.lo, this.adds++);
    }
    this.byBase.set(stack.lo, stack);
    this.maxSize = Math.max(this.maxSize, stack.sizes[0]);
  }

  remove(lo: number): void {
    if (!this.byBase.delete(lo)) return;
    this.sorted.splice(this.firstAtOrAbove(lo), 1);
    this.added.delete(lo);
  }

  /** Pins an open size once a later line names it. */
  settle(lo: number, n: number): void {
    const s = this.byBase.get(lo);
    if (s !== undefined && s.sizes.length > 1) {
      this.byBase.set(lo, { ...s, sizes: [n] });
      this.maxSize = Math.max(this.maxSize, n);
    }
  }

  /**
   * The live stack sharing a byte with [lo, lo+n) that was added first, if any. Only stacks
   * starting within maxSize below lo can reach it: a binary search and a look at those, not at
   * every live stack.
   */
  overlapping(lo: number, n: number): LiveStack | null {
    let best: LiveStack | null = null;
    let bestAdded = Infinity;
    for (let k = this.firstAtOrAbove(lo - this.maxSize + 1); k < this.sorted.length && this.sorted[k] < lo + n; k++) {
      const s = this.byBase.get(this.sorted[k]) as LiveStack;
      const order = this.added.get(s.lo) as number;
      if (lo < s.lo + s.sizes[0] && order < bestAdded) {
        best = s;
        bestAdded = order;
      }
    }
    return best;
  }

  private firstAtOrAbove(x: number): number {
    let a = 0;
    let b = this.sorted.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (this.sorted[m] < x) a = m + 1;
      else b = m;
    }
    return a;
  }

  totals(): { stacks: number; bytes: number } {
    let bytes = 0;
    for (const s of this.byBase.values()) bytes += s.sizes[0];
    return { stacks: this.byBase.size, bytes };
  }
}

/** `[0x…, 0x…)` for messages. */
export function range(lo: number, n: number): string {
  return `[${hex(lo)}, ${hex(lo + n)})`;
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

export function sizesText(sizes: readonly number[]): string {
  return sizes.length === 1 ? `${sizes[0]}` : `one of ${sizes.join(', ')}`;
}
