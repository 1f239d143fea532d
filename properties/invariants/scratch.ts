// Small helpers for the checkers' reusable scratch lists, which run on every step.

/** Empties a scratch list, calling into V8's runtime (a store to length) only when it holds something. @internal */
export function clearList(a: unknown[]): void {
  if (a.length !== 0) a.length = 0;
}

/** Sorts the few ids a step changed in place: insertion sort, cheaper than sort() with a comparator on the 1-4 ids a step usually changes. @internal */
export function sortIds(a: number[]): void {
  if (a.length > 16) {
    a.sort((x, y) => x - y);
    return;
  }
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/**
 * A reusable list of numbers, emptied by resetting its count: a store to an array's length
 * calls into V8's runtime (about 80 ns), and the rules that use this run on most steps.
 * @internal
 */
export class NumList {
  readonly v: number[] = [];
  n = 0;

  reset(): void {
    this.n = 0;
  }

  push(x: number): void {
    this.v[this.n++] = x;
  }

  at(i: number): number {
    return this.v[i];
  }

  has(x: number): boolean {
    for (let i = 0; i < this.n; i++) if (this.v[i] === x) return true;
    return false;
  }
}
