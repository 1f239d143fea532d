// A canonical 64-bit fingerprint of a state, as two 32-bit lanes of murmur3-style mixing
// with different constants. States share every part a step did not change, so each part
// (a goroutine, its frames, a P, a list node, an array of them) is hashed once and its
// hash memoised by object identity: fingerprinting a new state costs what the step
// changed plus a fixed walk over the top-level parts. What enters the hash, and what is
// left out and why, is identity.ts.

import type { Defer, Frame, G, GStatus, M, P, PageRange, Span, State, StackFreeList, Sudog } from '../model/index.ts';
import type { Link } from '../model/list.ts';

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
}

/** A fingerprinter with its own memo tables (a WeakMap per instance: nothing is shared between searches). @internal */
export function makeFingerprinter(): Fingerprinter {
  const memo = new WeakMap<object, Pair>();
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
  function frames(v: readonly Frame[]): void {
    word(v.length);
    for (const f of v) {
      word(f.fn);
      num(f.depth);
      num(f.bp);
      nums(f.slots);
      num(f.stamp);
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
    frames(x.frames);
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
  // flushGen and maxStackScanDelta are left to the state level (identity.ts).
  const proc = (p: P): Pair => remembered(p, (x) => {
    begin(11);
    word(x.curg);
    word(x.stackcache.length);
    for (const c of x.stackcache) freeList(c);
    link(x.gFree);
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
  const gs = records(14, goroutine);
  const ps = records(15, proc);
  const ms = records(16, machine);
  const spans = records(17, span);
  const free = (xs: readonly PageRange[]): Pair => remembered(xs, (v) => {
    begin(18);
    word(v.length);
    for (const r of v) { num(r.base); word(r.npages); }
    return end();
  });

  const fp: Fingerprinter = {
    a: 0,
    b: 0,
    of(s: State): void {
      begin(20);
      pair(gs(s.gs)); pair(ps(s.ps)); pair(ms(s.ms)); pair(spans(s.spans)); pair(free(s.free));
      pair(numLists(s.stackpool)); pair(numLists(s.stackLarge));
      link(s.gFreeStack); link(s.gFreeNoStack); word(s.gFreeN);
      word(s.gcphase === 'off' ? 0 : 1);
      word(s.stackRoots);
      word((s.markrootFreeGStacksDone ? 1 : 0) | (s.freeStackSpansPending ? 2 : 0));
      word(s.sweepFlushPending);
      num(s.startingStackSize);
      pair(numLists(s.heapObjs)); pair(numLists(s.chans));
      num(s.inStacks);
      pair(ps(s.retiredPs));
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
