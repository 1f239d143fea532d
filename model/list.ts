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
