// The invariants of the historical releases (Go 1.1-1.4), each saying which profiles it
// applies to. Three are the shared rules every profile has (no block owned twice, nothing
// leaked, pointers stay inside their own stack or segment chain); the others are the
// segmented design's own (the Stktop chain, frames inside their segment, the per-M ring of
// 1.1-1.3, gfree Gs holding one segment), the shrink rule of 1.3 and 1.4 and their gfput's
// rule that a dead G keeps no grown stack, and Go 1.4's pool of stack spans.

import { SEG_FUNCS, segSp, type SegConfig, type SegState } from '../../model/segmented/index.ts';

/** @public */
export interface SegInvariant {
  readonly name: string;
  readonly title: string;
  /** The profiles it applies to (the catalog prints them). */
  readonly profiles: readonly string[];
  /** The runtime source the rule comes from. */
  readonly source: string;
  /** A state rule reads the state a step left; a step rule compares it with the one before. */
  readonly kind: 'state' | 'step';
  /** A state rule returns a message when broken; a step rule also sees the state before. */
  readonly check: (cfg: SegConfig, s: SegState, before: SegState | null) => string | null;
}

/** Declares a rule, its title first and its names on one line, so the declaration reads as the rule. */
function segRule(title: string, rule: Omit<SegInvariant, 'title'>): SegInvariant {
  return { ...rule, title };
}

/** The first goroutine's violation of a per-goroutine rule, or null when every goroutine keeps it. */
function eachG(s: SegState, rule: (g: SegState['gs'][number], i: number) => string | null): string | null {
  for (const [i, g] of s.gs.entries()) {
    const broken = rule(g, i);
    if (broken !== null) return broken;
  }
  return null;
}

/** The first violation among the dead Gs on the free lists (each P's, then the global one), or null. */
function eachGfree(s: SegState, rule: (g: number) => string | null): string | null {
  for (const g of [...s.ps.flatMap((p) => p.gfree), ...s.gfree]) {
    const broken = rule(g);
    if (broken !== null) return broken;
  }
  return null;
}

const all = ['go1.1', 'go1.2', 'go1.3', 'go1.4'] as const;
const ringReleases = ['go1.1', 'go1.2', 'go1.3'] as const;
const hex = (n: number): string => `0x${n.toString(16)}`;

/** A range of stack memory and who holds it: a goroutine's segment, an M's ring slot, a global batch entry. */
interface Owner {
  readonly lo: number;
  readonly size: number;
  readonly kind: 'segment' | 'ring' | 'node' | 'list' | 'pool';
  readonly i: number;
  readonly k: number;
}

const ownerText = (o: Owner): string => {
  if (o.kind === 'segment') return `g${o.i} segment ${o.k}`;
  if (o.kind === 'ring') return `M${o.i} stackcache[${o.k}]`;
  if (o.kind === 'list') return `M${o.i} stackcache order ${o.k}`;
  if (o.kind === 'pool') return `the free list of pool span ${hex(o.i)}`;
  return `stackcache node ${o.i}${o.k < 0 ? '' : ` batch[${o.k}]`}`;
};

/** Every owner of the state, sorted by address; computed once per state (two rules read it). */
const ownersOf = new WeakMap<SegState, readonly Owner[]>();
function owners(cfg: SegConfig, s: SegState): readonly Owner[] {
  const known = ownersOf.get(s);
  if (known !== undefined) return known;
  const out: Owner[] = [];
  const { fixedStack, stackCacheSize } = cfg.profile;
  s.gs.forEach((g, i) => g.segs.forEach((seg, k) => out.push({ lo: seg.lo, size: seg.size, kind: 'segment', i, k })));
  s.ms.forEach((m, i) => {
    for (let k = 0; k < m.stackcachecnt; k++) {
      const pos = (((m.stackcachepos - 1 - k) % stackCacheSize) + stackCacheSize) % stackCacheSize;
      out.push({ lo: m.stackcache[pos], size: fixedStack, kind: 'ring', i, k: pos });
    }
  });
  s.stackcache.forEach((n, i) => {
    out.push({ lo: n.addr, size: fixedStack, kind: 'node', i, k: -1 });
    n.batch.forEach((b, k) => out.push({ lo: b, size: fixedStack, kind: 'node', i, k }));
  });
  s.ms.forEach((m, i) => m.orders.forEach((list, order) => list.forEach((v) => out.push({ lo: v, size: fixedStack << order, kind: 'list', i, k: order }))));
  for (const [base, span] of s.poolSpans) for (const v of span.freelist) out.push({ lo: v, size: fixedStack << span.order, kind: 'pool', i: base, k: span.order });
  out.sort((a, b) => a.lo - b.lo);
  ownersOf.set(s, out);
  return out;
}

const noBlockOwnedTwice = segRule('No stack memory is held by two owners (segments, M rings, global batches)', {
  name: 'seg-no-block-owned-twice', kind: 'state', profiles: all, source: 'stack.c:stackalloc/stackfree, stackcacherefill/stackcacherelease',
  check: (cfg, s) => {
    const o = owners(cfg, s);
    for (let i = 1; i < o.length; i++) {
      if (o[i].lo < o[i - 1].lo + o[i - 1].size) return `${hex(o[i].lo)} is held by ${ownerText(o[i - 1])} and ${ownerText(o[i])}`;
    }
    return null;
  },
});

const nothingLeaked = segRule('Every SysAlloc\'ed FixedStack block, heap block and pool stack has an owner', {
  name: 'seg-nothing-leaked', kind: 'state', profiles: all, source: 'stack.c:stackcacherefill (SysAlloc), stackalloc (mallocgc), oldstack (stackfree); stack1.go:stackpoolalloc/stackpoolfree',
  check: (cfg, s) => {
    const { fixedStack, stackCacheBatch, sysBase, stackCacheBytes } = cfg.profile;
    const held = new Set(owners(cfg, s).map((o) => o.lo));
    for (let b = 0; b < s.sysBatches; b++) {
      for (let k = 0; k < stackCacheBatch; k++) {
        const v = sysBase + (b * stackCacheBatch + k) * fixedStack;
        if (!held.has(v)) return `FixedStack block ${hex(v)} of SysAlloc batch ${b} has no owner`;
      }
    }
    const segs = new Set(s.gs.flatMap((g) => g.segs.map((seg) => seg.lo)));
    for (const lo of s.heapUsed.keys()) if (!segs.has(lo) && !s.poolSpans.has(lo)) return `heap block ${hex(lo)} is no goroutine's segment and no pool span`;
    for (const [base, span] of s.poolSpans) {
      if (!s.heapUsed.has(base)) return `pool span ${hex(base)} is not a heap block`;
      for (let v = base; v < base + stackCacheBytes; v += fixedStack << span.order) if (!held.has(v)) return `stack ${hex(v)} of pool span ${hex(base)} has no owner`;
    }
    if (cfg.profile.numStackOrders > 0) return null;
    const sysEnd = sysBase + s.sysBatches * stackCacheBatch * fixedStack;
    for (const o of owners(cfg, s)) {
      if (o.kind !== 'segment' && (o.lo < sysBase || o.lo >= sysEnd)) return `${ownerText(o)} holds ${hex(o.lo)}, which no SysAlloc'ed batch made`;
    }
    return null;
  },
});

const stktopChain = segRule('Each goroutine\'s Stktop chain links its segments and matches stackbase, stackguard, stack0, stacksize', {
  name: 'seg-stktop-chain', kind: 'state', profiles: all, source: 'stack.c:newstack/oldstack, proc.c:malg',
  check: (cfg, s) => {
    const p = cfg.profile;
    return eachG(s, (g, i) => {
      const top = g.segs[g.segs.length - 1];
      // Go 1.3 and 1.4 free a dead G's grown stack (gfput; 1.4 also shrinkstack): no stack, every field cleared.
      if (top === undefined && g.status === 'dead' && g.stack0 === 0 && g.stackbase === 0 && g.stackguard === 0 && g.frames.length === 0) return null;
      if (top === undefined) return `g${i} has no segment`;
      if (g.stackbase !== top.top.addr) return `g${i} stackbase ${hex(g.stackbase)} is not its top segment's Stktop ${hex(top.top.addr)}`;
      if (g.stackguard !== top.lo + p.stackGuard) return `g${i} stackguard ${hex(g.stackguard)} is not its top segment's bottom + StackGuard`;
      if (g.stack0 !== g.segs[0].lo) return `g${i} stack0 ${hex(g.stack0)} is not its first segment ${hex(g.segs[0].lo)}`;
      for (const [k, seg] of g.segs.entries()) {
        if (seg.top.addr !== seg.lo + seg.size - p.stackTop) return `g${i} segment ${k}'s Stktop is not at its top`;
        const below = g.segs[k - 1];
        const want = below === undefined ? [0, 0] : [below.top.addr, below.lo + p.stackGuard];
        if (seg.top.stackbase !== want[0] || seg.top.stackguard !== want[1]) return `g${i} segment ${k}'s Stktop links to ${hex(seg.top.stackbase)}, not the segment below`;
      }
      const total = g.segs.reduce((n, seg) => n + seg.size, 0);
      if (p.maxstacksize && g.stacksize !== total) return `g${i} stacksize ${g.stacksize} is not the ${total} bytes of its segments`;
      return null;
    });
  },
});

const framesInsideTheirSegment = segRule('Every frame lies inside a segment of its goroutine, frames in the order of their segments', {
  name: 'seg-frames-inside-their-segment', kind: 'state', profiles: all, source: 'stack.h (StackGuard, StackSmall, StackExtra), stack.c:newstack',
  check: (_cfg, s) => eachG(s, (g, i) => {
    // Frames are outermost first and fill the segments in order: walk both together.
    let j = 0;
    for (const [k, f] of g.frames.entries()) {
      while (j < g.segs.length && !(g.segs[j].lo <= f.lo && f.hi <= g.segs[j].top.addr)) j++;
      if (j === g.segs.length) return `g${i} frame ${k} (${SEG_FUNCS[f.fn].name}) [${hex(f.lo)}, ${hex(f.hi)}) is not inside one of its segments, in order`;
    }
    return null;
  }),
});

const pointersIntoOwnChain = segRule('A stack pointer word points to a live older frame of its own goroutine', {
  name: 'seg-pointers-into-own-chain', kind: 'state', profiles: all, source: 'stack.c:copystack/adjustpointers (1.3); segments never move in 1.1-1.2',
  check: (_cfg, s) => eachG(s, (g, i) => {
    const older = new Set<number>();
    for (const [k, f] of g.frames.entries()) {
      older.add(f.lo);
      if (f.ptr !== 0 && !older.has(f.ptr)) return `g${i} frame ${k} points to ${hex(f.ptr)}, which is no live frame of g${i}`;
    }
    return null;
  }),
});

const cacheRing = segRule('Each M\'s ring holds 0..StackCacheSize segments and each global node a full batch', {
  name: 'seg-cache-ring', kind: 'state', profiles: ringReleases, source: 'stack.c:stackcacherefill/stackcacherelease/stackalloc/stackfree',
  check: (cfg, s) => {
    const p = cfg.profile;
    for (const [i, m] of s.ms.entries()) {
      if (m.stackcachecnt < 0 || m.stackcachecnt > p.stackCacheSize) return `M${i} stackcachecnt ${m.stackcachecnt} outside 0..${p.stackCacheSize}`;
    }
    for (const [i, n] of s.stackcache.entries()) if (n.batch.length !== p.stackCacheBatch - 1) return `stackcache node ${i} holds ${n.batch.length + 1} segments, not ${p.stackCacheBatch}`;
    const inuse = s.ms.reduce((n, m) => n + m.stackinuse, 0);
    const fixedSegs = s.gs.reduce((n, g) => n + g.segs.filter((seg) => seg.size === p.fixedStack && !seg.top.malloced).length, 0);
    if (inuse !== fixedSegs) return `the Ms' stackinuse add up to ${inuse}, but goroutines hold ${fixedSegs} FixedStack segments`;
    return null;
  },
});

const gfreeOneSegment = segRule('A dead G on a gfree list holds at most its first segment, with no frames', {
  name: 'seg-gfree-one-segment', kind: 'state', profiles: all, source: 'proc.c:gfput ("invalid stack in gfput"), newproc1 ("invalid stack in newg"); 1.3 proc.c and 1.4 proc1.go gfput/gfget: or no stack',
  check: (cfg, s) => {
    const most = cfg.profile.copying ? [0, 1] : [1];
    return eachGfree(s, (g) => {
      const gp = s.gs[g];
      return gp.status !== 'dead' || !most.includes(gp.segs.length) || gp.frames.length !== 0 ? `g${g} on a gfree list is ${gp.status} with ${gp.segs.length} segments and ${gp.frames.length} frames` : null;
    });
  },
});

const gfreeKeepsNoGrownStack = segRule('A dead G on a gfree list holds no stack or a FixedStack one that mallocgc did not make', {
  name: 'seg-gfree-keeps-no-grown-stack', kind: 'state', profiles: ['go1.3', 'go1.4'],
  source: 'proc.c:gfput (Go 1.3: top->malloced, "non-standard stack size - free it"), proc1.go:gfput (Go 1.4: stksize != _FixedStack)',
  check: (cfg, s) => eachGfree(s, (g) => {
    const seg = s.gs[g].segs[0];
    if (seg === undefined) return null;
    if (seg.size !== cfg.profile.fixedStack) return `g${g} on a gfree list keeps a ${seg.size}-byte stack, not FixedStack ${cfg.profile.fixedStack}`;
    return seg.top.malloced ? `g${g} on a gfree list keeps a stack mallocgc made (Stktop.malloced)` : null;
  }),
});

const stackpoolSpans = segRule('Each stackpool[order] lists exactly the spans of that order with a free stack; each span\'s ref counts its stacks handed out; no M list holds more than _StackCacheSize bytes', {
  name: 'seg-stackpool-spans', kind: 'state', profiles: ['go1.4'], source: 'stack1.go:stackpoolalloc/stackpoolfree ("span has no free stacks", "bad ref"), stackcacherefill/stackcacherelease, stackfree',
  check: (cfg, s) => {
    const { fixedStack, stackCacheBytes } = cfg.profile;
    for (const [i, m] of s.ms.entries()) {
      for (const [order, list] of m.orders.entries()) if (list.length * (fixedStack << order) > stackCacheBytes) return `M${i}'s order ${order} list holds ${list.length} stacks, more than _StackCacheSize bytes`;
    }
    for (const [order, list] of s.stackpool.entries()) {
      if (new Set(list).size !== list.length) return `stackpool[${order}] lists a span twice`;
      for (const base of list) {
        const span = s.poolSpans.get(base);
        if (span === undefined || span.order !== order || span.freelist.length === 0) return `stackpool[${order}] lists ${hex(base)}, which is no span of that order with a free stack`;
      }
    }
    for (const [base, span] of s.poolSpans) {
      const size = fixedStack << span.order;
      if (span.freelist.length > 0 && !s.stackpool[span.order].includes(base)) return `pool span ${hex(base)} has a free stack but is not on stackpool[${span.order}]`;
      if (span.ref !== stackCacheBytes / size - span.freelist.length) return `pool span ${hex(base)} has ref ${span.ref} with ${span.freelist.length} of ${stackCacheBytes / size} stacks free`;
      for (const v of span.freelist) if (v < base || v >= base + stackCacheBytes || (v - base) % size !== 0) return `pool span ${hex(base)}'s free list holds ${hex(v)}, no stack of it`;
    }
    return null;
  },
});

const shrinkOnlyWhenQuarterUsed = segRule('A stack shrinks only to half, and only when less than a quarter of it was used', {
  name: 'seg-shrink-only-when-quarter-used', kind: 'step', profiles: ['go1.3', 'go1.4'], source: 'stack.c:shrinkstack (Go 1.3), stack1.go:shrinkstack (Go 1.4)',
  check: (_cfg, s, before) => {
    if (before === null) return null;
    for (const [i, g] of s.gs.entries()) {
      const was = before.gs[i];
      if (was === undefined || was.status === 'dead' || g.status === 'dead') continue;
      const seg = g.segs[g.segs.length - 1];
      const old = was.segs[was.segs.length - 1];
      if (seg === undefined || old === undefined || seg.size >= old.size || g.segs.length !== was.segs.length) continue;
      const used = old.lo + old.size - segSp(was);
      if (seg.size !== old.size / 2 || used >= old.size / 4) return `g${i} shrank from ${old.size} to ${seg.size} bytes with ${used} used`;
    }
    return null;
  },
});

/** Every segmented invariant, in catalog order. @public */
export const segInvariants: readonly SegInvariant[] = [
  noBlockOwnedTwice, nothingLeaked, pointersIntoOwnChain, stktopChain, framesInsideTheirSegment, cacheRing, gfreeOneSegment, shrinkOnlyWhenQuarterUsed,
  stackpoolSpans, gfreeKeepsNoGrownStack,
];

/** The invariants that apply to a profile. @public */
export function segInvariantsFor(profile: string): readonly SegInvariant[] {
  return segInvariants.filter((i) => i.profiles.includes(profile));
}
