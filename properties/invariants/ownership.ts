// Who owns each piece of the arena, computed once per state and shared by the ownership
// invariants (no block owned twice, nothing leaked, allocCount matches its owners). The
// arena is cut into cells of fixedStack bytes, the unit every stack, block, span and page
// is a multiple of; each owner marks its cells in a reused typed array, so the pass costs
// one write per cell and allocates nothing while the state is sound.

import { spanIndex, type Config, type State } from '../../model/index.ts';

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

/** @public */
export interface Ownership {
  /** Owner code per cell (kind << 16 | id). Valid until the next call with another state. */
  readonly cells: Int32Array;
  readonly cellSize: number;
  readonly base: number;
  /** Cells claimed twice, with both owners (at most a few). */
  readonly conflicts: readonly Conflict[];
  /** Owners whose range is misaligned to a cell or lies outside the arena. */
  readonly strays: readonly string[];
}

/** The parts of the state the ownership map is built from. @public */
export const ownershipReads: readonly (keyof State)[] = ['gs', 'ps', 'ms', 'spans', 'free', 'stackLarge'];

/**
 * Whether the ownership map of s is the one of prev: no span, free run, stackLarge list, M
 * stack, goroutine stack bounds or P stack cache changed. Most steps change goroutines or
 * Ps in other fields only, so this keeps the map's checks off the common path.
 * @public
 */
export function ownershipUnchanged(prev: State, s: State): boolean {
  // Several invariants ask about the same pair of states in a row.
  if (prev === memoPrev && s === memoNext) return memoAnswer;
  memoPrev = prev;
  memoNext = s;
  memoAnswer = sameOwnership(prev, s);
  return memoAnswer;
}

let memoPrev: State | null = null;
let memoNext: State | null = null;
let memoAnswer = false;

function sameOwnership(prev: State, s: State): boolean {
  if (prev.spans !== s.spans || prev.free !== s.free || prev.stackLarge !== s.stackLarge || prev.ms !== s.ms) return false;
  if (prev.gs !== s.gs) {
    if (prev.gs.length !== s.gs.length) return false;
    for (let i = 0; i < s.gs.length; i++) {
      const a = prev.gs[i], b = s.gs[i];
      if (a !== b && (a.lo !== b.lo || a.hi !== b.hi)) return false;
    }
  }
  if (prev.ps !== s.ps) {
    if (prev.ps.length !== s.ps.length) return false;
    for (let i = 0; i < s.ps.length; i++) if (prev.ps[i].stackcache !== s.ps[i].stackcache) return false;
  }
  return true;
}

let cells = new Int32Array(0);
let lastState: State | null = null;
let lastConfig: Config | null = null;
let last: Ownership | null = null;

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

// The pass in progress: the arena's first address, cell size and count, and what went wrong.
let passBase = 0;
let passCell = 1;
let passCells = 0;
let conflicts: Conflict[] | null = null;
let strays: string[] | null = null;

/** Claims the cells of [lo, lo+size) for an owner (a module-level function: no closure per pass). */
function mark(lo: number, size: number, code: number): void {
  const first = (lo - passBase) / passCell;
  const count = size / passCell;
  if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || first + count > passCells || count <= 0) {
    (strays ??= []).push(`${describeOwner(code)} [0x${lo.toString(16)}, +${size}) is not a whole number of cells inside the arena`);
    return;
  }
  for (let i = first; i < first + count; i++) {
    const prev = cells[i];
    if (prev !== 0 && (conflicts === null || conflicts.length < 4)) {
      (conflicts ??= []).push({ addr: passBase + i * passCell, first: prev, second: code });
    }
    cells[i] = code;
  }
}

/** The ownership of every arena cell in state s. @public */
export function ownership(cfg: Config, s: State): Ownership {
  if (s === lastState && cfg === lastConfig && last !== null) return last;
  passCell = cfg.profile.fixedStack;
  passBase = cfg.profile.arenaBase;
  passCells = (cfg.scope.arenaPages * cfg.pageSize) / passCell;
  if (cells.length !== passCells) cells = new Int32Array(passCells);
  else cells.fill(0);
  conflicts = null;
  strays = null;
  const page = cfg.pageSize;
  for (const r of s.free) mark(r.base, r.npages * page, ownerCode(OwnerKind.FreePage, 0));
  for (const sp of s.spans) {
    if (sp.state === 'inuse') mark(sp.base, sp.npages * page, ownerCode(OwnerKind.HeapSpan, 0));
    else for (let x = sp.manualFreeList; x !== null; x = x.next) mark(x.v, sp.elemsize, ownerCode(OwnerKind.FreeSlot, 0));
  }
  for (const list of s.stackLarge) {
    for (const b of list) {
      const i = spanIndex(s.spans, b, page);
      mark(b, i < 0 ? page : s.spans[i].npages * page, ownerCode(OwnerKind.StackLarge, 0));
    }
  }
  for (const p of s.ps) {
    for (let k = 0; k < p.stackcache.length; k++) {
      const size = cfg.profile.fixedStack << k;
      for (let x = p.stackcache[k].list; x !== null; x = x.next) mark(x.v, size, ownerCode(OwnerKind.CacheBlock, (p.id << 4) | k));
    }
  }
  for (const g of s.gs) if (g.lo !== 0) mark(g.lo, g.hi - g.lo, ownerCode(OwnerKind.GStack, g.goid));
  for (const m of s.ms) {
    if (m.g0lo !== 0) mark(m.g0lo, m.g0hi - m.g0lo, ownerCode(OwnerKind.G0Stack, m.id));
    if (m.gsiglo !== 0) mark(m.gsiglo, m.gsighi - m.gsiglo, ownerCode(OwnerKind.GsignalStack, m.id));
  }
  last = { cells, cellSize: passCell, base: passBase, conflicts: conflicts ?? [], strays: strays ?? [] };
  lastState = s;
  lastConfig = cfg;
  return last;
}
