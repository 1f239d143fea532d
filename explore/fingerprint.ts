// A canonical 64-bit fingerprint of a state, as two 32-bit lanes of murmur3-style mixing
// with different constants. States share every part a step did not change, so each part
// (a goroutine, its frames, a P, a list node, an array of them) is hashed once and its
// hash memoised by object identity: fingerprinting a new state costs what the step
// changed plus a fixed walk over the top-level parts. What enters the hash, and what is
// left out and why, is identity.ts.
//
// With symmetry on, the goroutines are hashed in a canonical order (symmetry.ts) and every
// goid the state holds (P.curg, the gFree lists, channel queues) is hashed as its canonical
// index: the fingerprint is that of the renamed state, computed without building it. The
// parts memoised by identity hold no goid for that reason (a P's curg and gFree are hashed
// at the state level, under the renaming), and a frame's stamp, which the model derives
// from its goroutine's goid (contents.ts:frameStamp), is hashed as "intact" when it is what
// this goroutine's call stored, as its value otherwise.

import type { Defer, Frame, G, GStatus, M, P, PageRange, Span, State, StackFreeList, Sudog } from '../model/index.ts';
import { frameStamp } from '../model/contents.ts';
import type { Link } from '../model/list.ts';
import { canonicalise, identity, labelOf, makeRenaming, maxLabelled, roomFor } from './symmetry.ts';

/** A memoised hash: the two 32-bit lanes. @internal */
export interface Pair {
  readonly a: number;
  readonly b: number;
}

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

/** Computes fingerprints of states; one per search (its memo tables die with it). @internal */
export interface Fingerprinter {
  /** Fingerprints s; the result is in `a` and `b` (no allocation per call beyond new parts). */
  of(s: State): void;
  a: number;
  b: number;
  /**
   * The canonical renaming of the last state as a number (symmetry.ts:labelOf), and which
   * canonical positions hold tied goroutines: what lift.ts needs to count the real states.
   */
  label: number;
  ties: number;
}

/** @internal */
export interface FingerprintOptions {
  /** Hash goroutines in canonical order (symmetry.ts); off, the fingerprint tells renamed states apart. */
  readonly symmetry?: boolean;
  /** The scope's maxGoroutines: the width of labels (default 8). */
  readonly maxGoroutines?: number;
}

/** A fingerprinter with its own memo tables (a WeakMap per instance: nothing is shared between searches). @internal */
export function makeFingerprinter(o: FingerprintOptions = {}): Fingerprinter {
  const symmetry = o.symmetry ?? false;
  const k = Math.max(1, (o.maxGoroutines ?? 8) - 1);
  const memo = new WeakMap<object, Pair>();
  let ren = makeRenaming();
  // A stack of lanes, one level per record being hashed, so nested hashing allocates nothing.
  const lanes = new Int32Array(64);
  let top = -2;

  function begin(tag: number): void {
    top += 2;
    lanes[top] = mixA(0x9747b28c, tag);
    lanes[top + 1] = mixB(0x5bd1e995, tag);
  }
  function word(k: number): void {
    lanes[top] = mixA(lanes[top], k);
    lanes[top + 1] = mixB(lanes[top + 1], k);
  }
  /** An integer of up to 53 bits, negative ones (poison values) included. */
  function num(v: number): void {
    word(v | 0);
    word(Math.floor(v / 4294967296) | 0);
  }
  function pair(p: Pair): void {
    word(p.a);
    word(p.b);
  }
  function end(): Pair {
    const p = { a: fmix(lanes[top]), b: fmix(lanes[top + 1]) };
    top -= 2;
    return p;
  }
  function remembered<T extends object>(o: T, hash: (o: T) => Pair): Pair {
    let p = memo.get(o);
    if (p === undefined) {
      p = hash(o);
      memo.set(o, p);
    }
    return p;
  }

  // Small records (frames, list nodes, number arrays) are hashed inline: a WeakMap entry
  // costs more than hashing a few words, and every entry is work for the garbage collector.
  function nums(v: readonly number[]): void {
    word(v.length);
    for (let i = 0; i < v.length; i++) num(v[i]);
  }
  const numLists = (xs: readonly (readonly number[])[]): Pair => remembered(xs, (v) => {
    begin(2);
    word(v.length);
    for (let i = 0; i < v.length; i++) nums(v[i]);
    return end();
  });
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
  const goroutine = (g: G): Pair => remembered(g, (x) => {
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
    return end();
  });
  function freeList(c: StackFreeList): void {
    link(c.list);
    num(c.size);
  }
  // flushGen and maxStackScanDelta are left to the state level (identity.ts), and so are
  // curg and gFree, which hold goids (hashed under the renaming).
  const proc = (p: P): Pair => remembered(p, (x) => {
    begin(11);
    word(x.stackcache.length);
    for (const c of x.stackcache) freeList(c);
    word(x.gFreeN);
    num(x.scannedStackSize);
    word(x.scannedStacks);
    return end();
  });
  const machine = (m: M): Pair => remembered(m, (x) => {
    begin(12);
    num(x.g0lo); num(x.g0hi); num(x.gsiglo); num(x.gsighi); word(x.exited ? 1 : 0);
    return end();
  });
  const span = (sp: Span): Pair => remembered(sp, (x) => {
    begin(13);
    num(x.base); word(x.npages); word(x.state === 'manual' ? 0 : 1); num(x.elemsize); word(x.allocCount);
    link(x.manualFreeList);
    return end();
  });
  function records<T extends object>(tag: number, hash: (x: T) => Pair): (xs: readonly T[]) => Pair {
    return (xs) => remembered(xs, (v) => {
      begin(tag);
      word(v.length);
      for (let i = 0; i < v.length; i++) pair(hash(v[i]));
      return end();
    });
  }
  const ms = records(16, machine);
  const spans = records(17, span);
  const free = (xs: readonly PageRange[]): Pair => remembered(xs, (v) => {
    begin(18);
    word(v.length);
    for (const r of v) { num(r.base); word(r.npages); }
    return end();
  });

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
  function procs(xs: readonly P[]): void {
    word(xs.length);
    for (const p of xs) {
      pair(proc(p));
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
  /** Fills the renaming for s: canonical with symmetry on, the identity off. */
  function rename(s: State): void {
    const n = s.gs.length;
    goroutines = n;
    ren = roomFor(ren, n);
    if (!symmetry) {
      identity(ren, n);
      return;
    }
    for (let i = 0; i < n; i++) {
      const h = goroutine(s.gs[i]);
      ren.ka[i] = h.a;
      ren.kb[i] = h.b;
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

  const fp: Fingerprinter = {
    a: 0,
    b: 0,
    label: 0,
    ties: 0,
    of(s: State): void {
      rename(s);
      fp.label = k <= maxLabelled ? labelOf(ren, s.gs.length, k) : -1;
      fp.ties = ren.ties;
      begin(20);
      word(s.gs.length);
      for (let j = 0; j < s.gs.length; j++) pair(goroutine(s.gs[ren.order[j]]));
      procs(s.ps);
      pair(ms(s.ms)); pair(spans(s.spans)); pair(free(s.free));
      pair(numLists(s.stackpool)); pair(numLists(s.stackLarge));
      goidList(s.gFreeStack); goidList(s.gFreeNoStack); word(s.gFreeN);
      word(s.gcphase === 'off' ? 0 : 1);
      word(s.stackRoots);
      word((s.markrootFreeGStacksDone ? 1 : 0) | (s.freeStackSpansPending ? 2 : 0));
      word(s.sweepFlushPending);
      num(s.startingStackSize);
      pair(numLists(s.heapObjs));
      word(s.chans.length);
      for (const q of s.chans) {
        word(q.length);
        for (let i = 0; i < q.length; i++) gid(q[i]);
      }
      num(s.inStacks);
      procs(s.retiredPs);
      let scan = s.maxStackScan;
      for (const p of s.ps) {
        word(s.sweepgen - p.flushGen);
        scan += p.maxStackScanDelta;
      }
      for (const p of s.retiredPs) scan += p.maxStackScanDelta;
      num(scan);
      fp.a = fmix(lanes[top]);
      fp.b = fmix(lanes[top + 1]);
      top -= 2;
    },
  };
  return fp;
}
