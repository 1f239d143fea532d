// The set of visited states: fingerprints in typed arrays with open addressing (linear
// probing), no JavaScript object or string per state. Each state gets an id in discovery
// order; by id the table keeps its fingerprint, its parent's id and the ordinal of the
// action that reached it (properties/enumerate.ts), which is all a shortest counterexample needs.

/** @internal */
export interface Visited {
  /** States stored. */
  readonly size: number;
  /** Adds fingerprint (a, b) reached from parent by its ordinal-th action: the new id, or -1 if already present. */
  insert(a: number, b: number, parent: number, ordinal: number): number;
  /** After an insert that returned -1: the id of the state that was already there. */
  readonly found: number;
  parentOf(id: number): number;
  ordinalOf(id: number): number;
  /** Bytes of typed arrays held. */
  bytes(): number;
}

/** The largest action ordinal a parent pointer can hold. @internal */
export const maxOrdinal = 0xffff;

/** @internal */
export function makeVisited(initialCapacity = 1 << 12): Visited {
  let cap = initialCapacity;
  let fpA = new Int32Array(cap);
  let fpB = new Int32Array(cap);
  let parent = new Int32Array(cap);
  let ordinal = new Uint16Array(cap);
  // Slots hold id + 1 (0 is empty); at most half full.
  let slots = new Int32Array(cap * 2);
  let mask = slots.length - 1;
  let size = 0;
  let found = -1;

  function place(id: number): void {
    let i = fpA[id] & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = id + 1;
  }

  function grow(): void {
    cap *= 2;
    const widen = <T extends Int32Array | Uint16Array>(old: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(old);
      return next;
    };
    fpA = widen(fpA, (n) => new Int32Array(n));
    fpB = widen(fpB, (n) => new Int32Array(n));
    parent = widen(parent, (n) => new Int32Array(n));
    ordinal = widen(ordinal, (n) => new Uint16Array(n));
    slots = new Int32Array(cap * 2);
    mask = slots.length - 1;
    for (let id = 0; id < size; id++) place(id);
  }

  return {
    get size() {
      return size;
    },
    get found() {
      return found;
    },
    insert(a, b, from, k) {
      if (k > maxOrdinal) throw new Error(`explore: a state has more than ${maxOrdinal + 1} actions`);
      let i = a & mask;
      for (let s = slots[i]; s !== 0; s = slots[i]) {
        if (fpA[s - 1] === a && fpB[s - 1] === b) {
          found = s - 1;
          return -1;
        }
        i = (i + 1) & mask;
      }
      if (size === cap) {
        grow();
        return this.insert(a, b, from, k);
      }
      const id = size++;
      fpA[id] = a;
      fpB[id] = b;
      parent[id] = from;
      ordinal[id] = k;
      slots[i] = id + 1;
      return id;
    },
    parentOf: (id) => parent[id],
    ordinalOf: (id) => ordinal[id],
    bytes: () => fpA.byteLength + fpB.byteLength + parent.byteLength + ordinal.byteLength + slots.byteLength,
  };
}
