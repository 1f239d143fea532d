// A canonical 64-bit fingerprint of a state, as two 32-bit lanes of murmur3-style mixing
// with different constants. What enters the hash, and what is left out and why, is
// identity.ts.
//
// Each part of a state (a goroutine, a P, an M, a span, an array of them, the pool's lists)
// is hashed into a part hash, and the state's fingerprint combines the part hashes. A
// successor shares every part its step did not change with the state it came from, as the
// same object, so the fingerprinter keeps the part hashes of that parent (one state's worth,
// in typed arrays) and hashes only the parts that are not identical (`===`) to the parent's;
// inside a changed array of goroutines, Ps, Ms or spans only the elements that changed. A
// WeakMap memo by identity did the same job before, at a hash-table lookup per part and an
// ephemeron per part for the garbage collector; comparing with the one parent costs a
// pointer compare per part and allocates nothing.
//
// With symmetry on, the goroutines are hashed in a canonical order (symmetry.ts) and every
// goid the state holds (P.curg, the gFree lists, channel queues) is hashed as its canonical
// index: the fingerprint is that of the renamed state, computed without building it. The
// part hashes hold no goid for that reason (a P's curg and gFree are hashed at the state
// level, under the renaming), and a frame's stamp, which the model derives from its
// goroutine's goid (contents.ts:frameStamp), is hashed as "intact" when it is what this
// goroutine's call stored, as its value otherwise.

import type { Defer, Frame, G, GStatus, M, P, PageRange, Span, State, StackFreeList, Sudog } from '../model/index.ts';
import { frameStamp } from '../model/contents.ts';
import type { Link } from '../model/list.ts';
import { canonicalise, identity, labelOf, makeRenaming, maxLabelled, roomFor } from './symmetry.ts';

function mixA(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixB(h: number, k: number): number {
  k = Math.imul(k, 0x85ebca6b);
  k = (k << 16) | (k >>> 16);
  h ^= Math.imul(k, 0xc2b2ae35);
  h = (h << 17) | (h >>> 15);
  return (Math.imul(h, 9) + 0x52dce729) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const statusCode: Readonly<Record<GStatus, number>> = {
  idle: 0, runnable: 1, running: 2, syscall: 3, waiting: 4, dead: 5, copystack: 6, preempted: 7,
};

/** Computes fingerprints of states; one per search thread. @internal */
export interface Fingerprinter {
  /**
   * Fingerprints s; the result is in `a` and `b`. Given the state s was reached from, only
   * the parts of s not shared with it are hashed (the parent's part hashes are kept while
   * its successors are hashed one after another), and with `kept` (what keep() returned when
   * the parent was hashed, in the level before this one) they are read back rather than
   * hashed again. Allocates nothing once its tables have grown.
   */
  of(s: State, parent?: State, kept?: number): void;
  /**
   * Keeps the part hashes of the state hashed last, for when the search expands it: a number
   * to give `of` as `kept`, valid until the second nextLevel() from now.
   */
  keep(): number;
  /** What keep() kept since the last call is what `of` reads from now on (a breadth-first search calls it between levels). */
  nextLevel(): void;
  a: number;
  b: number;
  /**
   * The canonical renaming of the last state as a number (symmetry.ts:labelOf), and which
   * canonical positions hold tied goroutines: what lift.ts needs to count the real states.
   */
  label: number;
  ties: number;
  /**
   * With Ps renamed too (p-symmetry.ts): how many classes of goroutine renamings the last
   * state's P renamings fall into (1 without), and the labels of the other P renamings that
   * reach the smallest fingerprint (none without): what lift.ts needs to count real states.
   */
  orbit: number;
  alts: readonly number[];
}

/** @internal */
export interface FingerprintOptions {
  /** Hash goroutines in canonical order (symmetry.ts); off, the fingerprint tells renamed states apart. */
  readonly symmetry?: boolean;
  /** The scope's maxGoroutines: the width of labels (default 8). */
  readonly maxGoroutines?: number;
}

/** Part hashes of an array's elements, by index: lanes a and b. */
interface Lanes {
  a: Int32Array;
  b: Int32Array;
}

const lanesOf = (n: number): Lanes => ({ a: new Int32Array(n), b: new Int32Array(n) });

/** Room for n elements in l (the contents of a grown one are garbage until refilled). */
function room(l: Lanes, n: number): void {
  if (l.a.length >= n) return;
  const size = Math.max(n, 2 * l.a.length);
  l.a = new Int32Array(size);
  l.b = new Int32Array(size);
}

/** The part hashes of one state. */
interface Parts {
  state: State | null;
  gs: Lanes;
  ps: Lanes;
  retired: Lanes;
  ms: Lanes;
  spans: Lanes;
  /** Whole-array and whole-list part hashes, lanes at 2k and 2k+1 (the `whole` indices below). */
  whole: Int32Array;
}

const makeParts = (): Parts => ({
  state: null, gs: lanesOf(8), ps: lanesOf(4), retired: lanesOf(4), ms: lanesOf(4), spans: lanesOf(16), whole: new Int32Array(12),
});

// Indices into Parts.whole.
const MS = 0;
const SPANS = 1;
const FREE = 2;
const POOL = 3;
const LARGE = 4;
const HEAP = 5;

/** A fingerprinter with its own tables (nothing is shared between searches). @internal */
export function makeFingerprinter(o: FingerprintOptions = {}): Fingerprinter {
  const symmetry = o.symmetry ?? false;
  const k = Math.max(1, (o.maxGoroutines ?? 8) - 1);
  let ren = makeRenaming();
  // The two lanes of the record being hashed. Records are never nested (a part's hash is
  // finished before the next part or the state's own record begins), so two variables do.
  let la = 0;
  let lb = 0;
  // The part hash end() finished last.
  let ha = 0;
  let hb = 0;

  function begin(tag: number): void {
    la = mixA(0x9747b28c, tag);
    lb = mixB(0x5bd1e995, tag);
  }
  function word(k: number): void {
    la = mixA(la, k);
    lb = mixB(lb, k);
  }
  /** An integer of up to 53 bits, negative ones (poison values) included. */
  function num(v: number): void {
    word(v | 0);
    word(Math.floor(v / 4294967296) | 0);
  }
  function pair(a: number, b: number): void {
    word(a);
    word(b);
  }
  function end(): void {
    ha = fmix(la);
    hb = fmix(lb);
  }

  // Small records (frames, list nodes, number arrays) are hashed inline into their part.
  function nums(v: readonly number[]): void {
    word(v.length);
    for (let i = 0; i < v.length; i++) num(v[i]);
  }
  function numLists(v: readonly (readonly number[])[]): void {
    begin(2);
    word(v.length);
    for (let i = 0; i < v.length; i++) nums(v[i]);
    end();
  }
  function link(l: Link): void {
    let n = 0;
    for (; l !== null; l = l.next, n++) num(l.v);
    word(n);
  }
  function frames(v: readonly Frame[], goid: number): void {
    word(v.length);
    for (const f of v) {
      word(f.fn);
      num(f.depth);
      num(f.bp);
      nums(f.slots);
      // What this goroutine's call stored, whatever its goid; anything else (clobbered) as it is.
      if (f.stamp === frameStamp(goid, f.fn, f.depth)) word(1);
      else { word(0); num(f.stamp); }
      word(f.dead ? 1 : 0);
    }
  }
  function defers(v: readonly Defer[]): void {
    word(v.length);
    for (const d of v) { num(d.rec); num(d.sp); num(d.fn); num(d.panic); }
  }
  function sudogs(v: readonly Sudog[]): void {
    word(v.length);
    for (const w of v) { word(w.chan); num(w.elem); }
  }
  function goroutine(x: G): void {
    begin(9);
    word(statusCode[x.status]);
    num(x.lo); num(x.hi); num(x.stackguard0); num(x.sp); num(x.bp); num(x.ctxt); num(x.stktopsp); num(x.syscallsp);
    frames(x.frames, x.goid);
    defers(x.defers);
    nums(x.panics);
    sudogs(x.waiting);
    word((x.parkingOnChan ? 1 : 0) | (x.activeStackChans ? 2 : 0) | (x.preempt ? 4 : 0) | (x.preemptStop ? 8 : 0) |
      (x.preemptShrink ? 16 : 0) | (x.asyncSafePoint ? 32 : 0) | (x.throwsplit ? 64 : 0) | (x.gcscandone ? 128 : 0) | (x.inMorestack ? 256 : 0));
    word(x.p);
    end();
  }
  function freeList(c: StackFreeList): void {
    link(c.list);
    num(c.size);
  }
  // flushGen and maxStackScanDelta are left to the state level (identity.ts), and so are
  // curg and gFree, which hold goids (hashed under the renaming).
  function proc(x: P): void {
    begin(11);
    word(x.stackcache.length);
    for (const c of x.stackcache) freeList(c);
    word(x.gFreeN);
    num(x.scannedStackSize);
    word(x.scannedStacks);
    end();
  }
  function machine(x: M): void {
    begin(12);
    num(x.g0lo); num(x.g0hi); num(x.gsiglo); num(x.gsighi); word(x.exited ? 1 : 0);
    end();
  }
  function span(x: Span): void {
    begin(13);
    num(x.base); word(x.npages); word(x.state === 'manual' ? 0 : 1); num(x.elemsize); word(x.allocCount);
    link(x.manualFreeList);
    end();
  }
  function free(v: readonly PageRange[]): void {
    begin(18);
    word(v.length);
    for (const r of v) { num(r.base); word(r.npages); }
    end();
  }

  /**
   * The part hashes of xs's elements into out, each taken from the parent's (was, its
   * hashes in from) when the element is the same object at the same index, else hashed.
   */
  function elements<T>(xs: readonly T[], out: Lanes, was: readonly T[] | null, from: Lanes, hash: (x: T) => void): void {
    const n = xs.length;
    room(out, n);
    const m = was === null ? 0 : was.length;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      if (i < m && (was as readonly T[])[i] === x) {
        out.a[i] = from.a[i];
        out.b[i] = from.b[i];
      } else {
        hash(x);
        out.a[i] = ha;
        out.b[i] = hb;
      }
    }
  }
  /** The part hash of a record array from its elements' (tag 16: Ms, 17: spans), into whole[at]. */
  function records(tag: number, n: number, e: Lanes, whole: Int32Array, at: number): void {
    begin(tag);
    word(n);
    for (let i = 0; i < n; i++) pair(e.a[i], e.b[i]);
    end();
    whole[2 * at] = ha;
    whole[2 * at + 1] = hb;
  }
  function copyWhole(p: Parts, from: Parts, at: number): void {
    p.whole[2 * at] = from.whole[2 * at];
    p.whole[2 * at + 1] = from.whole[2 * at + 1];
  }
  /** whole[at] of the parent (from) if part x is the parent's (was), else hashed by hash. */
  function whole<T>(x: T, was: T | undefined, p: Parts, from: Parts | null, at: number, hash: (x: T) => void): void {
    if (from !== null && x === was) copyWhole(p, from, at);
    else {
      hash(x);
      p.whole[2 * at] = ha;
      p.whole[2 * at + 1] = hb;
    }
  }

  const noLanes = lanesOf(0);
  /** Fills p with the part hashes of s, reusing those of from (the parent's) for the parts s shares with it. */
  function fill(p: Parts, s: State, from: Parts | null): void {
    const r = from === null ? null : from.state;
    p.state = s;
    elements(s.gs, p.gs, r === null ? null : r.gs, from === null ? noLanes : from.gs, goroutine);
    elements(s.ps, p.ps, r === null ? null : r.ps, from === null ? noLanes : from.ps, proc);
    elements(s.retiredPs, p.retired, r === null ? null : r.retiredPs, from === null ? noLanes : from.retired, proc);
    // Every element is compared (a shared array's lanes are copied), so p can be a parent in turn.
    elements(s.ms, p.ms, r === null ? null : r.ms, from === null ? noLanes : from.ms, machine);
    if (r !== null && s.ms === r.ms) copyWhole(p, from as Parts, MS);
    else records(16, s.ms.length, p.ms, p.whole, MS);
    elements(s.spans, p.spans, r === null ? null : r.spans, from === null ? noLanes : from.spans, span);
    if (r !== null && s.spans === r.spans) copyWhole(p, from as Parts, SPANS);
    else records(17, s.spans.length, p.spans, p.whole, SPANS);
    whole(s.free, r?.free, p, from, FREE, free);
    whole(s.stackpool, r?.stackpool, p, from, POOL, numLists);
    whole(s.stackLarge, r?.stackLarge, p, from, LARGE, numLists);
    whole(s.heapObjs, r?.heapObjs, p, from, HEAP, numLists);
  }

  // The goid-holding parts, hashed under the renaming (perm: goid -> canonical index). A
  // number that names no goroutine of the state (curg's -1) is hashed apart from every index.
  let goroutines = 0;
  function gid(v: number): void {
    word(v >= 0 && v < goroutines ? ren.perm[v] : v ^ 0x40000000);
  }
  function goidList(l: Link): void {
    let n = 0;
    for (; l !== null; l = l.next, n++) gid(l.v);
    word(n);
  }
  function procs(xs: readonly P[], e: Lanes): void {
    word(xs.length);
    for (let i = 0; i < xs.length; i++) {
      const p = xs[i];
      pair(e.a[i], e.b[i]);
      gid(p.curg);
      goidList(p.gFree);
    }
  }

  // Where the state refers to goroutine v, mixed into its reference key: the place (kind,
  // index) and the position there. No renaming changes it (symmetry.ts).
  function refer(v: number, kind: number, at: number, pos: number): void {
    if (v < 0 || v >= goroutines) return;
    const place = (kind << 24) | at;
    ren.ra[v] = mixA(mixA(ren.ra[v], place), pos);
    ren.rb[v] = mixB(mixB(ren.rb[v], place), pos);
  }
  function referList(l: Link, kind: number, at: number): void {
    for (let pos = 0; l !== null; l = l.next, pos++) refer(l.v, kind, at, pos);
  }
  function referProcs(xs: readonly P[], kind: number): void {
    for (let k = 0; k < xs.length; k++) {
      if (xs[k].curg >= 0) refer(xs[k].curg, kind, k, -1);
      referList(xs[k].gFree, kind + 1, k);
    }
  }
  /** Fills the renaming for s, whose goroutines' part hashes are g: canonical with symmetry on, the identity off. */
  function rename(s: State, g: Lanes): void {
    const n = s.gs.length;
    goroutines = n;
    ren = roomFor(ren, n);
    if (!symmetry) {
      identity(ren, n);
      return;
    }
    for (let i = 0; i < n; i++) {
      ren.ka[i] = g.a[i];
      ren.kb[i] = g.b[i];
      ren.ra[i] = 0;
      ren.rb[i] = 0;
    }
    referProcs(s.ps, 1);
    referProcs(s.retiredPs, 3);
    referList(s.gFreeStack, 5, 0);
    referList(s.gFreeNoStack, 6, 0);
    for (let c = 0; c < s.chans.length; c++) for (let pos = 0; pos < s.chans[c].length; pos++) refer(s.chans[c][pos], 7, c, pos);
    canonicalise(ren, n, s.stackRoots);
  }

  // The parent's part hashes and those of the state hashed last; `of` swaps them when the
  // last state is the next one's parent.
  let base = makeParts();
  let cur = makeParts();

  // Part hashes kept for the states of the level being expanded (reading) and of the next
  // one (writing): per state, the counts of goroutines, Ps, retired Ps, Ms and spans, the
  // whole-part hashes, then each array's lanes a and b.
  let reading = new Int32Array(1 << 12);
  let writing = new Int32Array(1 << 12);
  let written = 0;
  const head = 5 + 12;
  function put(l: Lanes, n: number, at: number): number {
    for (let i = 0; i < n; i++) {
      writing[at + i] = l.a[i];
      writing[at + n + i] = l.b[i];
    }
    return at + 2 * n;
  }
  function get(l: Lanes, n: number, at: number): number {
    room(l, n);
    for (let i = 0; i < n; i++) {
      l.a[i] = reading[at + i];
      l.b[i] = reading[at + n + i];
    }
    return at + 2 * n;
  }
  function keep(): number {
    const p = cur;
    const s = p.state as State;
    const nG = s.gs.length, nP = s.ps.length, nR = s.retiredPs.length, nM = s.ms.length, nS = s.spans.length;
    const need = written + head + 2 * (nG + nP + nR + nM + nS);
    if (need > writing.length) {
      const grown = new Int32Array(Math.max(need, 2 * writing.length));
      grown.set(writing.subarray(0, written));
      writing = grown;
    }
    const at = written;
    writing[at] = nG; writing[at + 1] = nP; writing[at + 2] = nR; writing[at + 3] = nM; writing[at + 4] = nS;
    for (let i = 0; i < 12; i++) writing[at + 5 + i] = p.whole[i];
    let o = at + head;
    o = put(p.gs, nG, o);
    o = put(p.ps, nP, o);
    o = put(p.retired, nR, o);
    o = put(p.ms, nM, o);
    o = put(p.spans, nS, o);
    written = o;
    return at;
  }
  /** Loads into p the part hashes kept at `at` for state s. */
  function load(p: Parts, s: State, at: number): void {
    p.state = s;
    for (let i = 0; i < 12; i++) p.whole[i] = reading[at + 5 + i];
    let o = at + head;
    o = get(p.gs, reading[at], o);
    o = get(p.ps, reading[at + 1], o);
    o = get(p.retired, reading[at + 2], o);
    o = get(p.ms, reading[at + 3], o);
    get(p.spans, reading[at + 4], o);
  }

  const fp: Fingerprinter = {
    a: 0,
    b: 0,
    label: 0,
    ties: 0,
    orbit: 1,
    alts: [],
    keep,
    nextLevel(): void {
      const t = reading;
      reading = writing;
      writing = t;
      written = 0;
    },
    of(s: State, parent?: State, kept?: number): void {
      if (parent === undefined) fill(cur, s, null);
      else {
        if (parent === base.state) { /* its successors one after another */ }
        else if (kept !== undefined && kept >= 0) load(base, parent, kept);
        else if (parent === cur.state) {
          const t = base;
          base = cur;
          cur = t;
        } else fill(base, parent, null);
        fill(cur, s, base);
      }
      const p = cur;
      const w = p.whole;
      rename(s, p.gs);
      fp.label = k <= maxLabelled ? labelOf(ren, s.gs.length, k) : -1;
      fp.ties = ren.ties;
      begin(20);
      word(s.gs.length);
      for (let j = 0; j < s.gs.length; j++) {
        const i = ren.order[j];
        pair(p.gs.a[i], p.gs.b[i]);
      }
      procs(s.ps, p.ps);
      pair(w[2 * MS], w[2 * MS + 1]); pair(w[2 * SPANS], w[2 * SPANS + 1]); pair(w[2 * FREE], w[2 * FREE + 1]);
      pair(w[2 * POOL], w[2 * POOL + 1]); pair(w[2 * LARGE], w[2 * LARGE + 1]);
      goidList(s.gFreeStack); goidList(s.gFreeNoStack); word(s.gFreeN);
      word(s.gcphase === 'off' ? 0 : 1);
      word(s.stackRoots);
      word((s.markrootFreeGStacksDone ? 1 : 0) | (s.freeStackSpansPending ? 2 : 0));
      word(s.sweepFlushPending);
      num(s.startingStackSize);
      pair(w[2 * HEAP], w[2 * HEAP + 1]);
      word(s.chans.length);
      for (const q of s.chans) {
        word(q.length);
        for (let i = 0; i < q.length; i++) gid(q[i]);
      }
      num(s.inStacks);
      procs(s.retiredPs, p.retired);
      let scan = s.maxStackScan;
      for (const q of s.ps) {
        word(s.sweepgen - q.flushGen);
        scan += q.maxStackScanDelta;
      }
      for (const q of s.retiredPs) scan += q.maxStackScanDelta;
      num(scan);
      end();
      fp.a = ha;
      fp.b = hb;
    },
  };
  return fp;
}
