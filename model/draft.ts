// A step works on a Draft: a shallow, writable copy of the State whose arrays are copied on
// first write (copy-on-write), so a step that touches one span copies the span array once
// and shares everything else. Model functions write only through these helpers; the input
// State is never modified (test/model/immutability.test.ts deep-freezes states to prove it).

import type { Config } from './profile.ts';
import type { RoutineTable } from './routine-table.ts';
import { openObservation, quietStep, type HeapFree, type Observation, type StackMove, type Stats } from './observation.ts';
import { gWith, pWith } from './records.ts';
import type { G, P, M, Span, State, PageRange } from './state.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** @public */
export type Draft = Mutable<State> & {
  readonly cfg: Config;
  readonly rt: RoutineTable<Draft>;
  /** Bit set of the arrays already copied in this step. */
  cow: number;
  /** What this step did so far; null until its first record (observation.ts). */
  obs: ReturnType<typeof openObservation> | null;
};

const GS = 1, PS = 2, MS = 4, SPANS = 8, FREE = 16, POOL = 32, LARGE = 64, HEAPOBJS = 128, CHANS = 256;

/** @internal */
export function draftOf(s: State, cfg: Config, rt: RoutineTable<Draft>): Draft {
  return {
    gs: s.gs, ps: s.ps, ms: s.ms, spans: s.spans, free: s.free, stackpool: s.stackpool,
    stackLarge: s.stackLarge, gFreeStack: s.gFreeStack, gFreeNoStack: s.gFreeNoStack,
    gFreeN: s.gFreeN, gcphase: s.gcphase, sweepgen: s.sweepgen, gcCycle: s.gcCycle,
    stackRoots: s.stackRoots, markrootFreeGStacksDone: s.markrootFreeGStacksDone,
    freeStackSpansPending: s.freeStackSpansPending, sweepFlushPending: s.sweepFlushPending,
    startingStackSize: s.startingStackSize,
    maxStackScan: s.maxStackScan, retiredPs: s.retiredPs, heapObjs: s.heapObjs, chans: s.chans, inStacks: s.inStacks,
    cfg, rt, cow: 0, obs: null,
  };
}

/** @internal */
export function finish(d: Draft): State {
  return {
    gs: d.gs, ps: d.ps, ms: d.ms, spans: d.spans, free: d.free, stackpool: d.stackpool,
    stackLarge: d.stackLarge, gFreeStack: d.gFreeStack, gFreeNoStack: d.gFreeNoStack,
    gFreeN: d.gFreeN, gcphase: d.gcphase, sweepgen: d.sweepgen, gcCycle: d.gcCycle,
    stackRoots: d.stackRoots, markrootFreeGStacksDone: d.markrootFreeGStacksDone,
    freeStackSpansPending: d.freeStackSpansPending, sweepFlushPending: d.sweepFlushPending,
    startingStackSize: d.startingStackSize,
    maxStackScan: d.maxStackScan, retiredPs: d.retiredPs, heapObjs: d.heapObjs, chans: d.chans, inStacks: d.inStacks,
  };
}

function writable<T>(d: Draft, bit: number, arr: readonly T[], set: (a: readonly T[]) => void): T[] {
  if (d.cow & bit) return arr as T[];
  const copy = arr.slice();
  set(copy);
  d.cow |= bit;
  return copy;
}

/** @internal */
export function setG(d: Draft, g: G): void {
  writable(d, GS, d.gs, (a) => (d.gs = a))[g.goid] = g;
}

/** @internal */
export function updG(d: Draft, goid: number, patch: Partial<G>): G {
  const g = gWith(d.gs[goid], patch);
  setG(d, g);
  return g;
}

/** @internal */
export function addG(d: Draft, g: G): void {
  writable(d, GS, d.gs, (a) => (d.gs = a)).push(g);
}

/** @internal */
export function updP(d: Draft, id: number, patch: Partial<P>): P {
  const p = pWith(d.ps[id], patch);
  writable(d, PS, d.ps, (a) => (d.ps = a))[id] = p;
  return p;
}

/** @internal */
export function setPs(d: Draft, ps: readonly P[]): void {
  d.ps = ps;
  d.cow |= PS;
}

/** @internal */
export function setM(d: Draft, m: M): void {
  const ms = writable(d, MS, d.ms, (a) => (d.ms = a));
  if (m.id < ms.length) ms[m.id] = m;
  else ms.push(m);
}

/** Index of the span containing addr, or -1 (mheap.go:spanOfUnchecked). @internal */
export function spanIndex(spans: readonly Span[], addr: number, pageSize: number): number {
  let lo = 0, hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid];
    if (addr < s.base) hi = mid - 1;
    else if (addr >= s.base + s.npages * pageSize) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** @internal */
export function setSpan(d: Draft, i: number, s: Span): void {
  writable(d, SPANS, d.spans, (a) => (d.spans = a))[i] = s;
}

/** Inserts a span keeping the array sorted by base. @internal */
export function insertSpan(d: Draft, s: Span): void {
  const spans = writable(d, SPANS, d.spans, (a) => (d.spans = a));
  let i = spans.length;
  while (i > 0 && spans[i - 1].base > s.base) i--;
  spans.splice(i, 0, s);
}

/** @internal */
export function removeSpan(d: Draft, i: number): void {
  writable(d, SPANS, d.spans, (a) => (d.spans = a)).splice(i, 1);
}

/** @internal */
export function setFree(d: Draft, free: readonly PageRange[]): void {
  d.free = free;
  d.cow |= FREE;
}

/** Replaces list `i` of stackpool (which = 'pool') or stackLarge.free (which = 'large'). @internal */
export function setSpanList(d: Draft, which: 'pool' | 'large', i: number, list: readonly number[]): void {
  if (which === 'pool') writable(d, POOL, d.stackpool, (a) => (d.stackpool = a))[i] = list;
  else writable(d, LARGE, d.stackLarge, (a) => (d.stackLarge = a))[i] = list;
}

/** @internal */
export function setHeapField(d: Draft, obj: number, field: number, v: number): void {
  const objs = writable(d, HEAPOBJS, d.heapObjs, (a) => (d.heapObjs = a));
  const fields = objs[obj].slice();
  fields[field] = v;
  objs[obj] = fields;
}

/** @internal */
export function setChan(d: Draft, c: number, recvq: readonly number[]): void {
  writable(d, CHANS, d.chans, (a) => (d.chans = a))[c] = recvq;
}

/** Records a path the step took, or an amount it moved, in the step's observation. @internal */
export function stat(d: Draft, key: keyof Stats, delta = 1): void {
  if (d.obs === null) d.obs = openObservation();
  d.obs[key] += delta;
}

/** Records a span given back to the heap (mheap.go:freeManual), with the GC phase of that moment. @internal */
export function recordHeapFree(d: Draft, f: HeapFree): void {
  if (d.obs === null) d.obs = openObservation();
  d.obs.heapFrees.push(f);
}

/** Records a stack move, as the caller of copystack saw it. @internal */
export function recordMove(d: Draft, m: StackMove): void {
  if (d.obs === null) d.obs = openObservation();
  d.obs.moves.push(m);
}

/** What the step did: its observation, or the shared quiet one. @internal */
export function observed(d: Draft): Observation {
  return d.obs ?? quietStep;
}
