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

  get(lo: number): LiveStack | undefined {
    return this.byBase.get(lo);
  }

  add(stack: LiveStack): void {
    this.byBase.set(stack.lo, stack);
  }

  remove(lo: number): void {
    this.byBase.delete(lo);
  }

  /** Pins an open size once a later line names it. */
  settle(lo: number, n: number): void {
    const s = this.byBase.get(lo);
    if (s !== undefined && s.sizes.length > 1) this.byBase.set(lo, { ...s, sizes: [n] });
  }

  /** A live stack sharing a byte with [lo, lo+n), if any. */
  overlapping(lo: number, n: number): LiveStack | null {
    for (const s of this.byBase.values()) {
      if (s.lo < lo + n && lo < s.lo + s.sizes[0]) return s;
    }
    return null;
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
