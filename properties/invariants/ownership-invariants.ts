// Conservation: every byte of the arena has exactly one owner (research notes §4.3, §4.6:
// I5, I17, I35, I36). All read the one ownership map of the state (ownership.ts).

import { isSmallStack, type Span } from '../../model/index.ts';
import { add, hex, verdict, type StateInvariant } from './invariant.ts';
import { describeOwner, OwnerKind, ownerKind, ownership, ownershipReads, ownershipUnchanged } from './ownership.ts';

const stackKinds = new Set<number>([OwnerKind.GStack, OwnerKind.G0Stack, OwnerKind.GsignalStack]);

export const noBlockOwnedTwice: StateInvariant = {
  reads: ownershipReads,
  unchangedSince: ownershipUnchanged,
  id: 'no-block-owned-twice', ref: 'I17', kind: 'state', scope: 'always', group: 'ownership',
  title: 'No block is owned twice; live stacks never overlap',
  doc: 'No two live stacks overlap, and no live stack overlaps a free slot, a cached block, a stackLarge span or free heap memory. Live means owned by a G (running, waiting, or dead with a stack on a gFree list) or an M (g0, gsignal).',
  source: 'stack.go:stackalloc, stack.go:stackfree, stack.go:copystack',
  check(cfg, s) {
    const own = ownership(cfg, s);
    let out: string[] | null = null;
    for (const c of own.conflicts) {
      const both = stackKinds.has(ownerKind(c.first)) && stackKinds.has(ownerKind(c.second));
      out = add(out, `${hex(c.addr)} is owned by ${describeOwner(c.first)} and ${describeOwner(c.second)}${both ? ' (overlapping stacks)' : ''}`);
    }
    for (const m of own.strays) out = add(out, m);
    return verdict(out, true);
  },
};

function ownersOfSpan(cells: Int32Array, first: number, count: number): string {
  const seen = new Set<string>();
  for (let i = first; i < first + count; i++) seen.add(describeOwner(cells[i]));
  return [...seen].join(', ');
}

export const nothingLeaked: StateInvariant = {
  reads: ownershipReads,
  unchangedSince: ownershipUnchanged,
  id: 'nothing-leaked', ref: 'I35', kind: 'state', scope: 'always', group: 'ownership',
  title: 'Nothing leaked: every arena byte has an owner',
  doc: 'Every byte of every stack span is a free-list slot, a cached block, a live stack or an unused stackLarge span; every other arena page is free or in the heap-object span. A byte with no owner is leaked.',
  source: 'stack.go:stackfree, stack.go:stackpoolfree, mheap.go:freeManual',
  check(cfg, s) {
    const own = ownership(cfg, s);
    let out: string[] | null = null;
    const cells = own.cells;
    for (let i = 0; i < cells.length; i++) {
      if (cells[i] !== 0) continue;
      const addr = own.base + i * own.cellSize;
      const j = s.spans.findIndex((sp) => addr >= sp.base && addr < sp.base + sp.npages * cfg.pageSize);
      out = add(out, j < 0 ? `page memory at ${hex(addr)} is neither free nor in a span` : `${hex(addr)} in stack span ${hex(s.spans[j].base)} has no owner (leaked)`);
      break;
    }
    return verdict(out, true);
  },
};

function isPoolSpan(cfgLike: Parameters<typeof isSmallStack>[0], sp: Span): boolean {
  return sp.state === 'manual' && isSmallStack(cfgLike, sp.elemsize);
}

export const allocCountMatchesOwners: StateInvariant = {
  reads: ownershipReads,
  unchangedSince: ownershipUnchanged,
  id: 'alloccount-matches-owners', ref: 'I5', kind: 'state', scope: 'always', group: 'ownership',
  title: "allocCount counts the span's slots held by caches and stacks",
  doc: "For every pool span, allocCount equals the number of its slots that are in some P's stack cache or are some stack: a slot handed out by stackpoolalloc is in exactly one of the two.",
  source: 'stack.go:stackpoolalloc, stack.go:stackpoolfree',
  check(cfg, s) {
    const own = ownership(cfg, s);
    let out: string[] | null = null;
    let saw = false;
    for (const sp of s.spans) {
      if (!isPoolSpan({ cfg }, sp)) continue;
      saw = true;
      const per = sp.elemsize / own.cellSize;
      const first = (sp.base - own.base) / own.cellSize;
      const slots = cfg.profile.stackCacheSize / sp.elemsize;
      let held = 0;
      for (let k = 0; k < slots; k++) {
        const kind = ownerKind(own.cells[first + k * per]);
        if (kind === OwnerKind.CacheBlock || stackKinds.has(kind)) held++;
      }
      if (held !== sp.allocCount) {
        out = add(out, `span ${hex(sp.base)}: allocCount ${sp.allocCount}, but ${held} slots are cached or stacks (${ownersOfSpan(own.cells, first, slots * per)})`);
      }
    }
    return verdict(out, saw);
  },
};

export const stackInuseMatchesSpans: StateInvariant = {
  reads: ['spans', 'gs', 'ms', 'ps', 'inStacks'],
  id: 'stackinuse-matches-spans', ref: 'I36', kind: 'state', scope: 'always', group: 'ownership',
  title: 'StackInuse is the bytes of all stack spans',
  doc: 'memstats inStacks (MemStats.StackInuse) equals the total size of the spans allocated with spanAllocStack, a multiple of the page size, and is at least the bytes of live and cached stacks.',
  source: 'mheap.go:allocManual, mheap.go:freeManual, mstats.go',
  check(cfg, s) {
    let spans = 0;
    for (const sp of s.spans) if (sp.state === 'manual') spans += sp.npages * cfg.pageSize;
    let used = 0;
    for (const g of s.gs) used += g.hi - g.lo;
    for (const m of s.ms) used += m.g0hi - m.g0lo + m.gsighi - m.gsiglo;
    for (const p of s.ps) for (const c of p.stackcache) used += c.size;
    const inStacks = s.inStacks;
    if (inStacks !== spans) return [`inStacks is ${inStacks}, stack spans hold ${spans}`];
    if (inStacks % cfg.pageSize !== 0) return [`inStacks ${inStacks} is not a multiple of the page size`];
    if (inStacks < used) return [`inStacks ${inStacks} < ${used} bytes of live and cached stacks`];
    return verdict(null, true);
  },
};

export const heapPagesConserved: StateInvariant = {
  reads: ['spans', 'free'],
  id: 'heap-pages-conserved', ref: 'I35', kind: 'state', scope: 'always', group: 'ownership',
  title: 'The page heap neither loses nor invents pages',
  doc: 'Free runs are sorted, disjoint and coalesced, and free pages plus span pages equal the arena: allocManual and freeManual move pages, never create or drop them.',
  source: 'mheap.go:allocSpan, mheap.go:freeSpanLocked',
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
};

export const ownershipInvariants = [noBlockOwnedTwice, nothingLeaked, allocCountMatchesOwners, stackInuseMatchesSpans, heapPagesConserved];
