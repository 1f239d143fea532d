// Who owns each piece of the arena, shared by the ownership invariants (no block owned
// twice, nothing leaked, allocCount matches its owners). The arena is cut into cells of
// fixedStack bytes, the unit every stack, block, span and page is a multiple of. The view
// counts the claims on each cell and is kept up to date from what a step changed (the
// spans, free runs, stackLarge lists, caches and stacks that are new objects), so a step
// costs what it touched, not the arena's size. When anything is wrong (a cell claimed
// twice or by nobody, an owner off the cell grid) the view is rebuilt from the state in
// one pass, so messages are the same whichever way the view got there.

import { spanIndex, type Config, type G, type M, type P, type PageRange, type Span, type State } from '../../model/index.ts';
import { aboveSharedTail, type Link } from '../../model/list.ts';
import { NumList } from './scratch.ts';

/** Owner kinds, in the high bits of an owner code; the low 16 bits are an id. @public */
export const OwnerKind = {
  None: 0,
  FreePage: 1,
  HeapSpan: 2,
  FreeSlot: 3,
  CacheBlock: 4,
  GStack: 5,
  G0Stack: 6,
  GsignalStack: 7,
  StackLarge: 8,
} as const;

/** @public */
export type OwnerKind = (typeof OwnerKind)[keyof typeof OwnerKind];

/** @public */
export interface Conflict {
  readonly addr: number;
  readonly first: number;
  readonly second: number;
}

/** The parts of the state the ownership view is built from. @public */
export const ownershipReads: readonly (keyof State)[] = ['gs', 'ps', 'ms', 'spans', 'free', 'stackLarge'];
/** The goroutine fields it reads: a goroutine owns its stack [lo, hi), named by its goid. @public */
export const ownershipGFields: readonly (keyof G)[] = ['goid', 'lo', 'hi'];

/** @internal */
export function ownerCode(kind: OwnerKind, id: number): number {
  return (kind << 16) | (id & 0xffff);
}

/** @public */
export function ownerKind(code: number): OwnerKind {
  return (code >>> 16) as OwnerKind;
}

/** A person's name for an owner code. @public */
export function describeOwner(code: number): string {
  const id = code & 0xffff;
  switch (ownerKind(code)) {
    case OwnerKind.None: return 'nobody';
    case OwnerKind.FreePage: return 'a free heap page';
    case OwnerKind.HeapSpan: return 'the heap-object span';
    case OwnerKind.FreeSlot: return 'a span free-list slot';
    case OwnerKind.CacheBlock: return `P${id >> 4}'s stack cache (order ${id & 15})`;
    case OwnerKind.GStack: return `g${id}'s stack`;
    case OwnerKind.G0Stack: return `m${id}'s g0 stack`;
    case OwnerKind.GsignalStack: return `m${id}'s gsignal stack`;
    case OwnerKind.StackLarge: return 'a stackLarge span';
    default: return 'an unknown owner';
  }
}

const freePage = ownerCode(OwnerKind.FreePage, 0);
const heapSpan = ownerCode(OwnerKind.HeapSpan, 0);
const freeSlot = ownerCode(OwnerKind.FreeSlot, 0);
const stackLargeSpan = ownerCode(OwnerKind.StackLarge, 0);

/**
 * Whether the ownership of s is the one of prev: no span, free run, stackLarge list, M
 * stack, goroutine stack bounds or P stack cache changed. Most steps change goroutines or
 * Ps in other fields only, so this keeps the ownership checks off the common path.
 * @internal
 */
export function sameOwnership(prev: State, s: State, changedGs: readonly number[]): boolean {
  if (prev.spans !== s.spans || prev.free !== s.free || prev.stackLarge !== s.stackLarge || prev.ms !== s.ms) return false;
  for (const i of changedGs) {
    if (i >= prev.gs.length) return false;
    const a = prev.gs[i], b = s.gs[i];
    if (a.lo !== b.lo || a.hi !== b.hi) return false;
  }
  if (prev.ps !== s.ps) {
    if (prev.ps.length !== s.ps.length) return false;
    for (let i = 0; i < s.ps.length; i++) if (prev.ps[i].stackcache !== s.ps[i].stackcache) return false;
  }
  return true;
}

/** The ownership of every arena cell of one state at a time, updated step by step. @public */
export class OwnershipView {
  /** Owner code per cell (kind << 16 | id): the last claim on it. */
  cells: Int32Array;
  /** How many owners claim each cell. */
  private counts: Uint8Array;
  readonly cellSize: number;
  readonly base: number;
  private readonly ncells: number;
  /** Cells no owner claims, and cells claimed more than once. */
  unowned = 0;
  overlaps = 0;
  /** Cells claimed twice in the last full pass, with both owners (at most a few). */
  conflicts: Conflict[] = [];
  /** Owners whose range is misaligned to a cell or lies outside the arena, in the last full pass. */
  strays: string[] = [];
  /** The state the view describes, and the one before its last update (null after a full pass). */
  private state: State | null = null;
  /** Bumped by every update; a rule that checked the view at generation g may check only what changed since. */
  generation = 0;
  /** The generation the last update started from (-1: it was a full pass). */
  from = -1;
  /**
   * [lo, size) pairs of the ranges whose owners the last update changed, and the stack spans
   * it replaced (the first changedSpanCount; emptied by a count, as NumList, so no store to length).
   */
  readonly changedRanges = new NumList();
  readonly changedSpans: Span[] = [];
  changedSpanCount = 0;
  private bad = false;

  constructor(private readonly cfg: Config, private readonly incremental = true) {
    this.cellSize = cfg.profile.fixedStack;
    this.base = cfg.profile.arenaBase;
    this.ncells = (cfg.scope.arenaPages * cfg.pageSize) / this.cellSize;
    this.cells = new Int32Array(this.ncells);
    this.counts = new Uint8Array(this.ncells);
  }

  /** Whether every cell has exactly one owner and every owner lies on the cell grid. */
  get sound(): boolean {
    return this.unowned === 0 && this.overlaps === 0 && !this.bad;
  }

  /** Brings the view to s: from the state it describes when it is sound, else in one full pass. */
  at(s: State): this {
    if (s === this.state) return this;
    const e = this.state;
    if (e === null || !this.sound || !this.incremental) return this.rebuild(s);
    this.changedRanges.reset();
    this.changedSpanCount = 0;
    // Every claim that went away first, then every new one: a cell changing hands never
    // looks claimed twice in between.
    this.diff(e, s, -1);
    this.diff(e, s, 1);
    this.state = s;
    this.from = this.generation++;
    if (!this.sound) this.rebuild(s);
    return this;
  }

  /** Rebuilds the view of s from nothing, recording conflicts and strays as it goes. */
  rebuild(s: State): this {
    this.cells.fill(0);
    this.counts.fill(0);
    this.unowned = this.ncells;
    this.overlaps = 0;
    this.conflicts = [];
    this.strays = [];
    this.bad = false;
    const page = this.cfg.pageSize;
    for (const r of s.free) this.claim(r.base, r.npages * page, freePage, true);
    for (const sp of s.spans) this.claimSpan(sp, 1, true);
    for (let k = 0; k < s.stackLarge.length; k++) this.claimLarge(s, s.stackLarge[k], 1, true);
    for (const p of s.ps) for (let k = 0; k < p.stackcache.length; k++) this.claimCache(p, k, 1, true);
    for (const g of s.gs) this.claimG(g, 1, true);
    for (const m of s.ms) this.claimM(m, 1, true);
    this.state = s;
    this.from = -1;
    this.generation++;
    return this;
  }

  /** Applies one direction of the change from e to s: sign -1 drops e's claims that s lacks, +1 adds s's. */
  private diff(e: State, s: State, sign: 1 | -1): void {
    const page = this.cfg.pageSize;
    const older = sign < 0 ? s : e, newer = sign < 0 ? e : s;
    // newer's parts that are not in older: claims to drop (sign -1, newer = e) or add (+1, newer = s).
    if (e.free !== s.free) {
      // Free pages all have one owner, so only the pages newer's runs cover and older's do
      // not change hands (a run that shrinks by one span's pages costs those pages).
      for (const r of newer.free) {
        if (hasRun(older.free, r)) continue;
        let at = r.base;
        const end = r.base + r.npages * page;
        for (let j = firstRunEndingAfter(older.free, at, page); j < older.free.length && older.free[j].base < end; j++) {
          const o = older.free[j];
          if (o.base > at) this.claim(at, o.base - at, freePage, false, sign);
          at = Math.max(at, o.base + o.npages * page);
        }
        if (at < end) this.claim(at, end - at, freePage, false, sign);
      }
    }
    if (e.spans !== s.spans) {
      for (const sp of newer.spans) {
        const j = spanIndex(older.spans, sp.base, page);
        const o = j < 0 ? undefined : older.spans[j];
        if (o === sp) continue;
        // A stack span replaced by one of the same shape (a slot popped or pushed, allocCount
        // changed) changes hands only in the free slots above the tail their lists share.
        if (o !== undefined && sp.state === 'manual' && o.state === 'manual' && o.base === sp.base && o.npages === sp.npages && o.elemsize === sp.elemsize) {
          this.claimAbove(sp.manualFreeList, o.manualFreeList, sp.elemsize, freeSlot, sign);
        } else this.claimSpan(sp, sign, false);
        if (sign > 0 && sp.state === 'manual') this.changedSpans[this.changedSpanCount++] = sp;
      }
    }
    if (e.stackLarge !== s.stackLarge) {
      for (let k = 0; k < newer.stackLarge.length; k++) {
        if (older.stackLarge[k] !== newer.stackLarge[k]) this.claimLarge(newer, newer.stackLarge[k], sign, false);
      }
    }
    if (e.ps !== s.ps) {
      for (let i = 0; i < newer.ps.length; i++) {
        const p = newer.ps[i], o = i < older.ps.length ? older.ps[i] : undefined;
        if (o !== undefined && o.stackcache === p.stackcache) continue;
        for (let k = 0; k < p.stackcache.length; k++) {
          if (o === undefined || o.id !== p.id || k >= o.stackcache.length) this.claimCache(p, k, sign, false);
          // A list pushed or popped at its head changes hands only above the tail it shares.
          else if (o.stackcache[k] !== p.stackcache[k]) {
            this.claimAbove(p.stackcache[k].list, o.stackcache[k].list, this.cfg.profile.fixedStack << k, ownerCode(OwnerKind.CacheBlock, (p.id << 4) | k), sign);
          }
        }
      }
    }
    if (e.gs !== s.gs) {
      for (let i = 0; i < newer.gs.length; i++) {
        const g = newer.gs[i], o = i < older.gs.length ? older.gs[i] : undefined;
        if (o === undefined || (o !== g && (o.lo !== g.lo || o.hi !== g.hi))) this.claimG(g, sign, false);
      }
    }
    if (e.ms !== s.ms) {
      for (let i = 0; i < newer.ms.length; i++) {
        const m = newer.ms[i], o = i < older.ms.length ? older.ms[i] : undefined;
        if (o === undefined || (o !== m && (o.id !== m.id || o.g0lo !== m.g0lo || o.g0hi !== m.g0hi || o.gsiglo !== m.gsiglo || o.gsighi !== m.gsighi))) {
          this.claimM(m, sign, false);
        }
      }
    }
  }

  private claimSpan(sp: Span, sign: 1 | -1, full: boolean): void {
    if (sp.state === 'inuse') this.claim(sp.base, sp.npages * this.cfg.pageSize, heapSpan, full, sign);
    else for (let x = sp.manualFreeList; x !== null; x = x.next) this.claim(x.v, sp.elemsize, freeSlot, full, sign);
  }

  /** Claims (sign) the nodes of list above the tail it shares with other, each [v, v+size) for code. */
  private claimAbove(list: Link, other: Link, size: number, code: number, sign: 1 | -1): void {
    let x = list;
    for (let n = aboveSharedTail(list, other); n > 0; n--, x = x!.next) this.claim(x!.v, size, code, false, sign);
  }

  private claimLarge(s: State, list: readonly number[], sign: 1 | -1, full: boolean): void {
    const page = this.cfg.pageSize;
    for (const b of list) {
      const i = spanIndex(s.spans, b, page);
      this.claim(b, i < 0 ? page : s.spans[i].npages * page, stackLargeSpan, full, sign);
    }
  }

  private claimCache(p: P, k: number, sign: 1 | -1, full: boolean): void {
    const size = this.cfg.profile.fixedStack << k;
    const code = ownerCode(OwnerKind.CacheBlock, (p.id << 4) | k);
    for (let x = p.stackcache[k].list; x !== null; x = x.next) this.claim(x.v, size, code, full, sign);
  }

  private claimG(g: G, sign: 1 | -1, full: boolean): void {
    if (g.lo !== 0) this.claim(g.lo, g.hi - g.lo, ownerCode(OwnerKind.GStack, g.goid), full, sign);
  }

  private claimM(m: M, sign: 1 | -1, full: boolean): void {
    if (m.g0lo !== 0) this.claim(m.g0lo, m.g0hi - m.g0lo, ownerCode(OwnerKind.G0Stack, m.id), full, sign);
    if (m.gsiglo !== 0) this.claim(m.gsiglo, m.gsighi - m.gsiglo, ownerCode(OwnerKind.GsignalStack, m.id), full, sign);
  }

  /** Adds (sign 1) or drops (-1) an owner's claim on the cells of [lo, lo+size). */
  private claim(lo: number, size: number, code: number, full: boolean, sign: 1 | -1 = 1): void {
    const first = (lo - this.base) / this.cellSize;
    const count = size / this.cellSize;
    if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || first + count > this.ncells || count <= 0) {
      this.bad = true;
      if (full) this.strays.push(`${describeOwner(code)} [0x${lo.toString(16)}, +${size}) is not a whole number of cells inside the arena`);
      return;
    }
    if (!full) {
      this.changedRanges.push(lo);
      this.changedRanges.push(size);
    }
    const cells = this.cells, counts = this.counts;
    for (let i = first; i < first + count; i++) {
      const c = counts[i];
      if (sign > 0) {
        if (c === 0) this.unowned--;
        else {
          if (c === 1) this.overlaps++;
          if (full && this.conflicts.length < 4) this.conflicts.push({ addr: this.base + i * this.cellSize, first: cells[i], second: code });
        }
        counts[i] = c + 1;
        cells[i] = code;
      } else {
        counts[i] = c - 1;
        if (c === 1) {
          this.unowned++;
          cells[i] = 0;
        } else if (c === 2) this.overlaps--;
      }
    }
  }
}

/** Whether a sorted run list holds the very run r (or an equal one). */
function hasRun(list: readonly PageRange[], r: PageRange): boolean {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].base < r.base) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && (list[lo] === r || (list[lo].base === r.base && list[lo].npages === r.npages));
}

/** The index of the first run of a sorted run list that ends after addr. */
function firstRunEndingAfter(list: readonly PageRange[], addr: number, page: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].base + list[mid].npages * page <= addr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
