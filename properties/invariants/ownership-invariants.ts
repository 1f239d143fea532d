// Conservation: every byte of the arena has exactly one owner (research notes §4.3, §4.6:
// I5, I17, I35, I36). The first three read the run's ownership view (ownership.ts).

import type { Config, State } from '../../model/index.ts';
import { contextFor, type CheckContext } from './context.ts';
import { isPoolSpan } from './each.ts';
import { add, hex, stateRule, verdict, type Out, type Verdict } from './invariant.ts';
import { describeOwner, OwnerKind, ownerKind, ownershipGFields, ownershipReads, type OwnershipView } from './ownership.ts';

const stackKinds = new Set<number>([OwnerKind.GStack, OwnerKind.G0Stack, OwnerKind.GsignalStack]);

/** Whether the ownership of s is the one of prev (the engine then skips the rules below). @internal */
export function ownershipUnchanged(prev: State, s: State, ctx: CheckContext): boolean {
  return ctx.sameOwnership(prev, s);
}

/** The run's view of s, rebuilt in one pass if anything is wrong, so messages name what a full pass finds. */
function viewOf(cfg: Config, s: State, ctx: CheckContext | undefined): OwnershipView {
  return contextFor(cfg, ctx).owners.at(s);
}

export const noBlockOwnedTwice = stateRule('No block is owned twice; live stacks never overlap', {
  id: 'no-block-owned-twice', ref: 'I17', group: 'ownership', reads: ownershipReads, gFields: ownershipGFields, unchangedSince: ownershipUnchanged, source: 'stack.go:stackalloc, stack.go:stackfree, stack.go:copystack',
  doc: 'No two live stacks overlap, and no live stack overlaps a free slot, a cached block, a stackLarge span or free heap memory. Live means owned by a G (running, waiting, or dead with a stack on a gFree list) or an M (g0, gsignal).',
  check(cfg, s, ctx) {
    const own = viewOf(cfg, s, ctx);
    let out: Out = null;
    for (const c of own.conflicts) {
      const both = stackKinds.has(ownerKind(c.first)) && stackKinds.has(ownerKind(c.second));
      out = add(out, `${hex(c.addr)} is owned by ${describeOwner(c.first)} and ${describeOwner(c.second)}${both ? ' (overlapping stacks)' : ''}`);
    }
    for (const m of own.strays) out = add(out, m);
    return verdict(out, true);
  },
});

function ownersOfSpan(cells: Int32Array, first: number, count: number): string {
  const seen = new Set<string>();
  for (let i = first; i < first + count; i++) seen.add(describeOwner(cells[i]));
  return [...seen].join(', ');
}

export const nothingLeaked = stateRule('Nothing leaked: every arena byte has an owner', {
  id: 'nothing-leaked', ref: 'I35a', group: 'ownership', reads: ownershipReads, gFields: ownershipGFields, unchangedSince: ownershipUnchanged, source: 'stack.go:stackfree, stack.go:stackpoolfree, mheap.go:freeManual',
  doc: 'Every byte of every stack span is a free-list slot, a cached block, a live stack or an unused stackLarge span; every other arena page is free or in the heap-object span. A byte with no owner is leaked.',
  check(cfg, s, ctx) {
    const own = viewOf(cfg, s, ctx);
    if (own.unowned === 0) return verdict(null, true);
    const cells = own.cells;
    for (let i = 0; i < cells.length; i++) {
      if (cells[i] !== 0) continue;
      const addr = own.base + i * own.cellSize;
      const j = s.spans.findIndex((sp) => addr >= sp.base && addr < sp.base + sp.npages * cfg.pageSize);
      return [j < 0 ? `page memory at ${hex(addr)} is neither free nor in a span` : `${hex(addr)} in stack span ${hex(s.spans[j].base)} has no owner (leaked)`];
    }
    return verdict(null, true);
  },
});

function allocCountOf(cfg: Config, own: OwnershipView, sp: State['spans'][number], out: Out): Out {
  const per = sp.elemsize / own.cellSize;
  const first = (sp.base - own.base) / own.cellSize;
  const slots = cfg.profile.stackCacheSize / sp.elemsize;
  let held = 0;
  for (let k = 0; k < slots; k++) {
    const kind = ownerKind(own.cells[first + k * per]);
    if (kind === OwnerKind.CacheBlock || stackKinds.has(kind)) held++;
  }
  if (held === sp.allocCount) return out;
  return add(out, `span ${hex(sp.base)}: allocCount ${sp.allocCount}, but ${held} slots are cached or stacks (${ownersOfSpan(own.cells, first, slots * per)})`);
}

function allocCountAll(cfg: Config, s: State, own: OwnershipView): Verdict {
  let out: Out = null;
  let saw = false;
  for (const sp of s.spans) {
    if (!isPoolSpan(cfg, sp)) continue;
    saw = true;
    out = allocCountOf(cfg, own, sp, out);
  }
  return verdict(out, saw);
}

/** Whether the view's last update replaced span sp (it was checked as such). */
function changedSpan(own: OwnershipView, sp: State['spans'][number]): boolean {
  for (let k = 0; k < own.changedSpanCount; k++) if (own.changedSpans[k] === sp) return true;
  return false;
}

/** Only the pool spans the view's last update touched (replaced spans, or cells that changed owner). */
function allocCountChanged(cfg: Config, s: State, own: OwnershipView): Verdict {
  let out: Out = null;
  const spans = s.spans;
  for (let k = 0; k < own.changedSpanCount; k++) if (isPoolSpan(cfg, own.changedSpans[k])) out = allocCountOf(cfg, own, own.changedSpans[k], out);
  const r = own.changedRanges;
  for (let j = 0; j < r.n; j += 2) {
    const addr = r.at(j);
    let lo = 0, hi = spans.length - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (addr < spans[mid].base) hi = mid - 1;
      else if (addr >= spans[mid].base + spans[mid].npages * cfg.pageSize) lo = mid + 1;
      else { at = mid; break; }
    }
    if (at >= 0 && isPoolSpan(cfg, spans[at]) && !changedSpan(own, spans[at])) out = allocCountOf(cfg, own, spans[at], out);
  }
  return verdict(out, spans.length > 0);
}

export const allocCountMatchesOwners = stateRule("allocCount counts the span's slots held by caches and stacks", {
  id: 'alloccount-matches-owners', ref: 'I5', group: 'ownership', reads: ownershipReads, gFields: ownershipGFields, unchangedSince: ownershipUnchanged, source: 'stack.go:stackpoolalloc, stack.go:stackpoolfree',
  doc: "For every pool span, allocCount equals the number of its slots that are in some P's stack cache or are some stack: a slot handed out by stackpoolalloc is in exactly one of the two.",
  check(cfg, s, ctx) {
    const c = contextFor(cfg, ctx);
    const v = allocCountAll(cfg, s, c.owners.at(s));
    c.allocCountCheckedAt = c.owners.generation;
    return v;
  },
  checkSince(cfg, _prev, s, ctx) {
    const own = viewOf(cfg, s, ctx);
    // Incremental only when the view moved here from the generation this rule last passed.
    const incremental = own.from >= 0 && ctx.allocCountCheckedAt === own.from;
    const v = incremental ? allocCountChanged(cfg, s, own) : allocCountAll(cfg, s, own);
    ctx.allocCountCheckedAt = own.generation;
    return v;
  },
});

export const stackInuseMatchesSpans = stateRule('StackInuse is the bytes of all stack spans', {
  id: 'stackinuse-matches-spans', ref: 'I36', group: 'ownership', reads: ['spans', 'gs', 'ms', 'ps', 'inStacks'], pFields: ['stackcache'], gFields: ['lo', 'hi'], source: 'mheap.go:allocManual, mheap.go:freeManual, mstats.go',
  doc: 'memstats inStacks (MemStats.StackInuse) equals the total size of the spans allocated with spanAllocStack, a multiple of the page size, and is at least the bytes of live and cached stacks.',
  check: (cfg, s, ctx) => stackInuse(cfg, null, s, contextFor(cfg, ctx)),
  checkSince: (cfg, prev, s, ctx) => stackInuse(cfg, prev, s, ctx),
});

function stackInuse(cfg: Config, prev: State | null, s: State, ctx: CheckContext): Verdict {
  // Each sum is taken again only when its part of the state is a new object.
  const spans = ctx.stackSpanBytes.of(s.spans);
  const used = ctx.stackBytes.at(prev, s, prev === null ? null : ctx.changedGoroutines(prev, s)) + ctx.mStackBytes.of(s.ms) + ctx.cachedBytes.of(s.ps);
  const inStacks = s.inStacks;
  if (inStacks !== spans) return [`inStacks is ${inStacks}, stack spans hold ${spans}`];
  if (inStacks % cfg.pageSize !== 0) return [`inStacks ${inStacks} is not a multiple of the page size`];
  if (inStacks < used) return [`inStacks ${inStacks} < ${used} bytes of live and cached stacks`];
  return verdict(null, true);
}

export const heapPagesConserved = stateRule('The page heap neither loses nor invents pages', {
  id: 'heap-pages-conserved', ref: 'I35b', group: 'ownership', reads: ['spans', 'free'], source: 'mheap.go:allocSpan, mheap.go:freeSpanLocked',
  doc: 'Free runs are sorted, disjoint and coalesced, and free pages plus span pages equal the arena: allocManual and freeManual move pages, never create or drop them.',
  check(cfg, s) {
    let pages = 0;
    for (const sp of s.spans) pages += sp.npages;
    let prevEnd = -1;
    for (const r of s.free) {
      if (r.npages <= 0) return [`free run at ${hex(r.base)} has ${r.npages} pages`];
      if (r.base <= prevEnd) return [`free run at ${hex(r.base)} is out of order, overlapping or not coalesced`];
      prevEnd = r.base + r.npages * cfg.pageSize;
      pages += r.npages;
    }
    return pages === cfg.scope.arenaPages ? verdict(null, true) : [`spans and free runs hold ${pages} pages, the arena has ${cfg.scope.arenaPages}`];
  },
});

export const ownershipInvariants = [noBlockOwnedTwice, nothingLeaked, allocCountMatchesOwners, stackInuseMatchesSpans, heapPagesConserved];
