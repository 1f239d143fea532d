// The checker state of one run: what the rules compute once and share (the ownership view,
// the goroutines a step changed, scratch buffers), created per run so that two runs in one
// process, or in worker threads, never see each other's buffers. Nothing in the catalog
// keeps state at module level.

import type { Config, State } from '../../model/index.ts';
import { changedParts } from '../state-parts.ts';
import { allGFields, gFieldsChanged } from './g-fields.ts';
import { allPFields, pFieldsChanged } from './p-fields.ts';
import { OwnershipView, sameOwnership } from './ownership.ts';
import { PointerIndex } from './pointer-index.ts';
import { NumList } from './scratch.ts';

/**
 * A sum over the goroutines of a state, kept from the last goroutine array it was taken
 * over: a state whose array shares a passing one's history adds what its changed goroutines
 * changed, instead of summing every goroutine again.
 * @internal
 */
export class GoroutineSum {
  private gs: State['gs'] | null = null;
  private total = 0;
  // Each goroutine's term and the object it was taken from, so that a state whose array is
  // not the next one after the last sum (the engine skipped a step that changed no field the
  // rule reads) costs one identity test per goroutine, not a term each.
  private terms: number[] = [];
  private from: State['gs'][number][] = [];

  constructor(private readonly of: (g: State['gs'][number]) => number) {}

  /** The sum over s.gs; prev (may be null) is a state whose sum was taken, changed the goroutines that differ. */
  at(prev: State | null, s: State, changed: readonly number[] | null): number {
    if (s.gs === this.gs) return this.total;
    if (prev !== null && changed !== null && prev.gs === this.gs) {
      for (const i of changed) this.take(s.gs, i);
    } else {
      for (let i = 0; i < s.gs.length; i++) if (this.from[i] !== s.gs[i]) this.take(s.gs, i);
    }
    // A step never removes goroutines, but a search may ask about a state of another branch.
    for (let i = this.terms.length - 1; i >= s.gs.length; i--) this.total -= this.terms[i];
    if (this.terms.length > s.gs.length) {
      this.terms.length = s.gs.length;
      this.from.length = s.gs.length;
    }
    this.gs = s.gs;
    return this.total;
  }

  private take(gs: State['gs'], i: number): void {
    const t = this.of(gs[i]);
    this.total += t - (i < this.terms.length ? this.terms[i] : 0);
    this.terms[i] = t;
    this.from[i] = gs[i];
  }
}

/** A number computed from one part of a state, kept while the part is the same object (parts are immutable). @internal */
export class PartMemo<T extends object> {
  private part: T | null = null;
  private value = 0;

  constructor(private readonly compute: (part: T) => number) {}

  of(part: T): number {
    if (part !== this.part) {
      this.value = this.compute(part);
      this.part = part;
    }
    return this.value;
  }
}

/** @public */
export class CheckContext {
  private ownersView: OwnershipView | null = null;
  /** Which goroutines hold pointers outside their own stack (for the copystack rule). */
  readonly pointers: PointerIndex;
  /** Scratch: block lists of one order (cache-transfers.ts). */
  readonly transferScratch: readonly NumList[] = [new NumList(), new NumList(), new NumList(), new NumList(), new NumList(), new NumList()];
  /** Scratch: goroutine ids (goroutines.ts, each.ts). */
  readonly scratchGoids: number[] = [];
  /** Scratch: the span bases seen on some list (spans.ts). */
  readonly scratchSet = new Set<number>();
  /** Scratch: which free list holds each goroutine (goroutines.ts). */
  where = new Int32Array(0);
  /** The state whose free lists `where` records (null: none yet). */
  whereOf: State | null = null;
  /** The bytes of the stacks of goroutines that are not dead (I28), and of every goroutine stack (I36). */
  readonly liveStackBytes = new GoroutineSum((g) => (g.status !== 'dead' && g.status !== 'idle' ? g.hi - g.lo : 0));
  readonly stackBytes = new GoroutineSum((g) => g.hi - g.lo);
  /** The bytes of the stack spans, of the M stacks and of the blocks in P caches (I36). */
  readonly stackSpanBytes: PartMemo<State['spans']>;
  readonly mStackBytes = new PartMemo<State['ms']>((ms) => {
    let n = 0;
    for (const m of ms) n += m.g0hi - m.g0lo + m.gsighi - m.gsiglo;
    return n;
  });
  readonly cachedBytes = new PartMemo<State['ps']>((ps) => {
    let n = 0;
    for (const p of ps) for (const c of p.stackcache) n += c.size;
    return n;
  });
  /** The ownership view's generation alloccount-matches-owners last passed at (ownership-invariants.ts). */
  allocCountCheckedAt = -1;
  private changedFrom: State | null = null;
  private changedTo: State | null = null;
  // What else is known of the pair (pairFrom, pairTo): each computed at most once per step,
  // however many rules ask (-1: not yet).
  private pairFrom: State | null = null;
  private pairTo: State | null = null;
  private parts = 0;
  private ownershipSame = -1;
  private cachesSame = -1;
  private gFields = -1;
  private pFields = -1;
  // A fresh list for each pair of states that changed goroutines: `length = 0` is a call into
  // V8's runtime, dearer than a new small array.
  private changed: number[] = [];
  private moved: number[] = [];

  /**
   * incremental: keep the views up to date from what each step changed; false rebuilds
   * them from the state every time (the full check the incremental one is tested against).
   */
  constructor(readonly cfg: Config, readonly incremental = true) {
    this.pointers = new PointerIndex(cfg, incremental);
    this.stackSpanBytes = new PartMemo((spans) => {
      let n = 0;
      for (const sp of spans) if (sp.state === 'manual') n += sp.npages * cfg.pageSize;
      return n;
    });
  }

  /**
   * Who owns each arena cell, kept up to date from the cells each step changed. Built when a
   * rule first asks: a run that checks no ownership rule (a shrink candidate checked for
   * one rule) does not pay for a cell array the size of the arena.
   */
  get owners(): OwnershipView {
    return (this.ownersView ??= new OwnershipView(this.cfg, this.incremental));
  }

  /** The State parts `after` replaced (state-parts.ts), once per pair of states. */
  changedParts(before: State, after: State): number {
    this.pair(before, after);
    return this.parts;
  }

  /** Whether the arena's ownership is the same in both (ownership.ts sameOwnership), once per pair. */
  sameOwnership(before: State, after: State): boolean {
    this.pair(before, after);
    if (this.ownershipSame < 0) this.ownershipSame = sameOwnership(before, after, this.changedGoroutines(before, after)) ? 1 : 0;
    return this.ownershipSame === 1;
  }

  /** Whether every P's stack cache is the very list array it was (the same number of Ps), once per pair. */
  sameStackCaches(before: State, after: State): boolean {
    this.pair(before, after);
    if (this.cachesSame < 0) this.cachesSame = sameStackCaches(before, after) ? 1 : 0;
    return this.cachesSame === 1;
  }

  private pair(before: State, after: State): void {
    if (before === this.pairFrom && after === this.pairTo) return;
    this.pairFrom = before;
    this.pairTo = after;
    this.parts = changedParts(before, after);
    this.ownershipSame = -1;
    this.cachesSame = -1;
    this.gFields = -1;
    this.pFields = -1;
  }

  /** The goroutine fields (g-fields.ts) that differ in some goroutine from before to after, once per pair; a new goroutine differs in all. */
  changedGFields(before: State, after: State): number {
    this.pair(before, after);
    if (this.gFields < 0) {
      let m = 0;
      const a = before.gs, b = after.gs;
      for (const i of this.changedGoroutines(before, after)) m |= i < a.length ? gFieldsChanged(a[i], b[i]) : allGFields;
      this.gFields = m;
    }
    return this.gFields;
  }

  /** The P fields (p-fields.ts) that differ in some P from before to after, once per pair; a P added or removed differs in all. */
  changedPFields(before: State, after: State): number {
    this.pair(before, after);
    if (this.pFields < 0) {
      const a = before.ps, b = after.ps;
      let m = a.length === b.length ? 0 : allPFields;
      for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) m |= pFieldsChanged(a[i], b[i]);
      this.pFields = m;
    }
    return this.pFields;
  }

  /** The indices of the goroutines of `after` that are not the very objects of `before` (new ones included). */
  changedGoroutines(before: State, after: State): readonly number[] {
    this.walk(before, after);
    return this.changed;
  }

  /** The goroutines, present in both, whose live stack moved from before to after. */
  movedGoroutines(before: State, after: State): readonly number[] {
    this.walk(before, after);
    return this.moved;
  }

  /** One pass over the goroutine array per pair of states, shared by every rule that asks. */
  private walk(before: State, after: State): void {
    if (before === this.changedFrom && after === this.changedTo) return;
    this.changedFrom = before;
    this.changedTo = after;
    if (this.changed.length !== 0) this.changed = [];
    if (this.moved.length !== 0) this.moved = [];
    if (before.gs === after.gs) return;
    const a = before.gs, b = after.gs;
    for (let i = 0; i < b.length; i++) {
      if (i < a.length && a[i] === b[i]) continue;
      this.changed.push(i);
      if (i < a.length && stackMoved(a[i], b[i])) this.moved.push(i);
    }
  }
}

function sameStackCaches(a: State, b: State): boolean {
  if (a.ps === b.ps) return true;
  if (a.ps.length !== b.ps.length) return false;
  for (let i = 0; i < a.ps.length; i++) if (a.ps[i].stackcache !== b.ps[i].stackcache) return false;
  return true;
}

function stackMoved(a: State['gs'][number], b: State['gs'][number]): boolean {
  return a.lo !== 0 && b.lo !== 0 && (a.lo !== b.lo || a.hi !== b.hi) && a.status !== 'dead' && b.status !== 'dead';
}

/** The context a caller without one gets: a fresh one per call (tests, replay). @internal */
export function contextFor(cfg: Config, ctx: CheckContext | undefined): CheckContext {
  return ctx !== undefined && ctx.cfg === cfg ? ctx : new CheckContext(cfg);
}
