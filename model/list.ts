// Persistent singly linked lists: the runtime's LIFO lists (gclinkptr free lists, stack
// caches, gList) pushed and popped at the head, so a step shares every tail it keeps.

/** A LIFO list of numbers; null is the empty list. @public */
export type Link = { readonly v: number; readonly next: Link } | null;

/** @public */
export function push(list: Link, v: number): Link {
  return { v, next: list };
}

/** @public */
export function length(list: Link): number {
  let n = 0;
  for (let l = list; l !== null; l = l.next) n++;
  return n;
}

/**
 * How many nodes of a lie above the tail a and b share (the nodes of a that are not on b's
 * chain, counted from a's head): what a step pushed onto b to make a, when b was popped to
 * their shared tail first. Lists that share nothing share the empty tail.
 * @public
 */
export function aboveSharedTail(a: Link, b: Link): number {
  // Most steps push or pop one block: no need to walk the lists for that.
  if (a === b || (b !== null && b.next === a)) return 0;
  if (a !== null && a.next === b) return 1;
  let la = 0, lb = 0;
  for (let x = a; x !== null; x = x.next) la++;
  for (let x = b; x !== null; x = x.next) lb++;
  let x = a, y = b, skipped = 0;
  for (; la > lb; la--, skipped++) x = x!.next;
  for (; lb > la; lb--) y = y!.next;
  while (x !== y) {
    x = x!.next;
    y = y!.next;
    skipped++;
  }
  return skipped;
}

/** @public */
export function contains(list: Link, v: number): boolean {
  for (let l = list; l !== null; l = l.next) if (l.v === v) return true;
  return false;
}

/** @public */
export function toArray(list: Link): number[] {
  const out: number[] = [];
  for (let l = list; l !== null; l = l.next) out.push(l.v);
  return out;
}

/** @public */
export function fromArray(values: readonly number[]): Link {
  let list: Link = null;
  for (let i = values.length - 1; i >= 0; i--) list = { v: values[i], next: list };
  return list;
}

/** Appends `front` (head first) before `back`. @public */
export function concat(front: Link, back: Link): Link {
  return front === null ? back : fromArray(toArray(front).concat(toArray(back)));
}
