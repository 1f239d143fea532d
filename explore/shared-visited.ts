// The visited set of `explore --workers N`: the fingerprints of visited.ts in
// SharedArrayBuffers, so every worker thread inserts into the one table and no worker ever
// sends a State to another to ask whether it is new. A slot is claimed with
// Atomics.compareExchange (0 → busy), then the state's id is taken from a shared counter, its
// fingerprint written, and the slot published as id + 1: a reader that sees id + 1 through
// Atomics.load also sees the fingerprint written before it. Ids are dense, in no particular
// order within a level; the search (parallel.ts) gives states their breadth-first order by
// rank, and keeps parent pointers itself, on the main thread.

/** The buffers of a shared table, as posted to a worker. @internal */
export interface SharedTable {
  /** Int32Array: [0] the states stored (the next id), [1] 1 once a worker asks the others to pause for a resize. */
  readonly header: SharedArrayBuffer;
  /** Int32Array of slots: 0 empty, -1 being written, id + 1. */
  readonly slots: SharedArrayBuffer;
  /** Int32Array per id: the fingerprint's two lanes. */
  readonly fpA: SharedArrayBuffer;
  readonly fpB: SharedArrayBuffer;
}

const busy = -1;

/**
 * Slots per id of room: a worker asks for a resize once the table is half full, and ids
 * go up to three quarters of the slots, so each worker can finish the state it is expanding.
 */
const idRoom = 3 / 4;
const pauseAt = 1 / 2;

/** A new table of 2^bits slots. @internal */
export function makeSharedTable(bits = 16): SharedTable {
  const slots = 1 << bits;
  const ids = Math.floor(slots * idRoom);
  return {
    header: new SharedArrayBuffer(8),
    slots: new SharedArrayBuffer(slots * 4),
    fpA: new SharedArrayBuffer(ids * 4),
    fpB: new SharedArrayBuffer(ids * 4),
  };
}

/** A thread's view of a shared table. @internal */
export interface SharedVisited {
  /** States stored. */
  size(): number;
  /** Adds fingerprint (a, b): the new id, or -(id + 1) when it was already stored as id. */
  insert(a: number, b: number): number;
  /** The id of fingerprint (a, b), or -1. */
  lookup(a: number, b: number): number;
  /** True once the table is half full: the workers stop between states so the main thread can resize it. */
  wantsResize(): boolean;
  bytes(): number;
}

/** Views over the buffers. @internal */
export function sharedVisited(t: SharedTable): SharedVisited {
  const header = new Int32Array(t.header);
  const slots = new Int32Array(t.slots);
  const fpA = new Int32Array(t.fpA);
  const fpB = new Int32Array(t.fpB);
  const mask = slots.length - 1;
  const pauseSize = Math.floor(slots.length * pauseAt);
  return {
    size: () => Atomics.load(header, 0),
    insert(a, b) {
      let i = a & mask;
      for (;;) {
        let s = Atomics.load(slots, i);
        if (s === 0) {
          s = Atomics.compareExchange(slots, i, 0, busy);
          if (s === 0) {
            const id = Atomics.add(header, 0, 1);
            if (id >= fpA.length) throw new Error('explore: the shared visited table overflowed');
            fpA[id] = a;
            fpB[id] = b;
            Atomics.store(slots, i, id + 1);
            if (id >= pauseSize) Atomics.store(header, 1, 1);
            return id;
          }
        }
        if (s === busy) continue; // another thread is writing this slot's fingerprint: a few instructions
        if (fpA[s - 1] === a && fpB[s - 1] === b) return -s;
        i = (i + 1) & mask;
      }
    },
    lookup(a, b) {
      for (let i = a & mask; ; i = (i + 1) & mask) {
        const s = Atomics.load(slots, i);
        if (s === 0) return -1;
        if (s !== busy && fpA[s - 1] === a && fpB[s - 1] === b) return s - 1;
      }
    },
    wantsResize: () => Atomics.load(header, 1) !== 0,
    bytes: () => t.slots.byteLength + t.fpA.byteLength + t.fpB.byteLength,
  };
}

/** A table with twice the slots holding the same ids (called while no worker touches t). @internal */
export function grownTable(t: SharedTable): SharedTable {
  const old = sharedVisited(t);
  const n = old.size();
  const bits = Math.log2(t.slots.byteLength / 4) + 1;
  const next = makeSharedTable(bits);
  const fpA = new Int32Array(t.fpA), fpB = new Int32Array(t.fpB);
  new Int32Array(next.fpA).set(fpA.subarray(0, n));
  new Int32Array(next.fpB).set(fpB.subarray(0, n));
  const slots = new Int32Array(next.slots);
  const mask = slots.length - 1;
  for (let id = 0; id < n; id++) {
    let i = fpA[id] & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = id + 1;
  }
  new Int32Array(next.header)[0] = n;
  return next;
}
