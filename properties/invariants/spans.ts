// Invariants of stack spans and the global pools (research notes §4.1, I1–I9).

import { spanIndex, stacklog2, stackOrder, type Config, type Span, type State } from '../../model/index.ts';
import { contextFor } from './context.ts';
import { eachPoolSpan, eachStackSpan, isPoolSpan, isStackSpan } from './each.ts';
import { add, hex, stateRule, stepRule, verdict, type Out } from './invariant.ts';

export const stackSpanShape = stateRule('Stack spans are manual, page aligned and sized by their class', {
  id: 'stack-span-shape', ref: 'I1', group: 'spans', reads: ['spans'], source: 'stack.go:stackpoolalloc, stack.go:stackalloc, mheap.go:allocManual',
  doc: 'Every stack span is in mSpanManual at a page-aligned base; a pool span has _StackCacheSize>>_PageShift pages, a large span exactly elemsize bytes, a power of two.',
  ...eachStackSpan((cfg, _s, sp, out) => {
    if ((sp.base - cfg.profile.arenaBase) % cfg.pageSize !== 0) out = add(out, `span ${hex(sp.base)} is not page aligned`);
    if (isPoolSpan(cfg, sp)) {
      if (sp.npages !== cfg.poolSpanPages) out = add(out, `pool span ${hex(sp.base)} has ${sp.npages} pages, want ${cfg.poolSpanPages}`);
    } else if (sp.elemsize !== sp.npages * cfg.pageSize || (sp.elemsize & (sp.elemsize - 1)) !== 0) {
      out = add(out, `large span ${hex(sp.base)} of ${sp.npages} pages has elemsize ${sp.elemsize}`);
    }
    return out;
  }),
});

function freeCount(s: Span): number {
  let n = 0;
  for (let x = s.manualFreeList; x !== null; x = x.next) n++;
  return n;
}

export const allocCountMatchesFreeList = stateRule("allocCount matches the span's free list", {
  id: 'alloccount-matches-freelist', ref: 'I2', group: 'spans', reads: ['spans'], source: 'stack.go:stackpoolalloc, stack.go:stackpoolfree',
  doc: "For every pool span, allocCount plus the length of manualFreeList is the number of stacks the span holds (_StackCacheSize / elemsize), and every free-list entry is a distinct slot base + i*elemsize inside the span.",
  ...eachPoolSpan((cfg, _s, sp, out) => {
    const slots = cfg.profile.stackCacheSize / sp.elemsize;
    const free = freeCount(sp);
    if (sp.allocCount < 0 || sp.allocCount + free !== slots) return add(out, `span ${hex(sp.base)}: allocCount ${sp.allocCount} + ${free} free != ${slots} slots`);
    let seen = 0;
    for (let x = sp.manualFreeList; x !== null; x = x.next) {
      const i = (x.v - sp.base) / sp.elemsize;
      if (!Number.isInteger(i) || i < 0 || i >= slots) out = add(out, `span ${hex(sp.base)}: free entry ${hex(x.v)} is not a slot`);
      else if (seen & (1 << i)) out = add(out, `span ${hex(sp.base)}: slot ${hex(x.v)} is on the free list twice`);
      else seen |= 1 << i;
    }
    return out;
  }),
});

export const poolListsSpansWithFreeSlots = stateRule('A pool span is on stackpool[order] exactly when it has a free slot', {
  id: 'pool-lists-spans-with-free-slots', ref: 'I3', group: 'spans', reads: ['spans', 'stackpool'], source: 'stack.go:stackpoolalloc, stack.go:stackpoolfree',
  doc: 'stackpoolalloc removes a span whose free list empties and stackpoolfree re-inserts it with its first free slot, so a span with free slots is never lost outside the pool (golang/go#22412: "span has no free stacks").',
  ...eachPoolSpan((cfg, s, sp, out) => {
    const order = stackOrder({ cfg }, sp.elemsize);
    const listed = s.stackpool[order].includes(sp.base);
    if (listed === (sp.manualFreeList !== null)) return out;
    return add(out, `span ${hex(sp.base)} (order ${order}) ${listed ? 'is on stackpool with no free slot' : 'has free slots but is not on stackpool'}`);
  }, ['stackpool']),
});

/** Whether span sp may be on stackpool[k] (large: false) or stackLarge.free[k] (large: true). */
function fitsList(cfg: Config, sp: Span, large: boolean, k: number): boolean {
  return large ? stacklog2(cfg.profile, sp.npages) === k && !isPoolSpan(cfg, sp) : sp.elemsize === cfg.profile.fixedStack << k && sp.npages === cfg.poolSpanPages;
}

/** Reports the bases of one list that are on a second list, are no stack span, or are not of the list's class. */
function listedOnce(cfg: Config, s: State, seen: Set<number>, list: readonly number[], large: boolean, k: number, out: Out): Out {
  for (const base of list) {
    const where = large ? `stackLarge.free[${k}]` : `stackpool[${k}]`;
    const sp = spanAt(cfg, s, base);
    if (seen.has(base)) out = add(out, `span ${hex(base)} is on two lists (again on ${where})`);
    seen.add(base);
    if (sp === undefined || !isStackSpan(sp)) out = add(out, `${where} lists ${hex(base)}, which is not a stack span`);
    else if (!fitsList(cfg, sp, large, k)) out = add(out, `${where} lists span ${hex(base)} of elemsize ${sp.elemsize}, ${sp.npages} pages`);
  }
  return out;
}

/** Whether a and b hold the same spans with the same base, pages, state and elemsize (allocCount and free lists aside). */
function sameSpanClasses(a: State['spans'], b: State['spans']): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x !== y && (x.base !== y.base || x.npages !== y.npages || x.state !== y.state || x.elemsize !== y.elemsize)) return false;
  }
  return true;
}

export const spanInAtMostOneList = stateRule('Each stack span is on at most one list, the one of its class', {
  id: 'span-in-at-most-one-list', ref: 'I4', group: 'spans', reads: ['spans', 'stackpool', 'stackLarge'], source: 'mheap.go:mSpanList.insert, stack.go:stackfree',
  // A slot handed out or given back replaces its span but changes nothing this rule reads.
  unchangedSince: (prev, s) => prev.stackpool === s.stackpool && prev.stackLarge === s.stackLarge && sameSpanClasses(prev.spans, s.spans),
  doc: 'A span is on stackpool[k] for exactly its order, or on stackLarge.free[stacklog2(npages)] (⌊log2 npages⌋ in Go 1.19, one more in 1.26), or on none; every listed base is a live stack span.',
  check(cfg, s, ctx) {
    let out: Out = null;
    const seen = contextFor(cfg, ctx).scratchSet;
    seen.clear();
    for (let k = 0; k < s.stackpool.length; k++) out = listedOnce(cfg, s, seen, s.stackpool[k], false, k, out);
    for (let k = 0; k < s.stackLarge.length; k++) out = listedOnce(cfg, s, seen, s.stackLarge[k], true, k, out);
    return verdict(out, seen.size > 0);
  },
});

export const sweptPoolsHoldNoEmptySpans = stateRule('Once freeStackSpans has run, no empty span lingers', {
  id: 'swept-pools-hold-no-empty-spans', ref: 'I8', scope: 'off+swept', group: 'spans', reads: ['spans', 'stackpool', 'stackLarge'], source: 'stack.go:freeStackSpans, stack.go:stackpoolfree',
  doc: 'With GC off and freeStackSpans done, no span on stackpool has allocCount 0 and every stackLarge list is empty: empty spans kept during GC have gone back to the heap.',
  check(cfg, s) {
    let out: Out = null;
    for (const list of s.stackpool) {
      for (const b of list) {
        const i = spanIndex(s.spans, b, cfg.pageSize);
        if (i >= 0 && s.spans[i].base === b && s.spans[i].allocCount === 0) out = add(out, `empty pool span ${hex(b)} survived freeStackSpans`);
      }
    }
    for (let k = 0; k < s.stackLarge.length; k++) {
      if (s.stackLarge[k].length > 0) out = add(out, `stackLarge.free[${k}] holds ${s.stackLarge[k].length} span(s) after freeStackSpans`);
    }
    return verdict(out, true);
  },
});

export const stackLargeOnlyFromGCFrees = stepRule('A span joins stackLarge only in a step that began while the GC ran', {
  id: 'stacklarge-only-from-gc-frees', ref: 'I9', group: 'spans', about: ['stackLarge'], source: 'stack.go:stackfree, stack.go:freeStackSpans',
  doc: 'stackfree puts a large stack on stackLarge only while gcphase != _GCoff (with the GC off it goes straight back to the heap), and freeStackSpans empties stackLarge: a span that appears on a stackLarge list does so in a step that began with the GC running.',
  check(_cfg, before, _a, after) {
    if (before.stackLarge === after.stackLarge) return verdict(null, false);
    let out: Out = null;
    let saw = false;
    for (let k = 0; k < after.stackLarge.length; k++) {
      const was = before.stackLarge[k] ?? [];
      if (was === after.stackLarge[k]) continue;
      for (const b of after.stackLarge[k]) {
        if (was.includes(b)) continue;
        saw = true;
        if (before.gcphase === 'off') out = add(out, `span ${hex(b)} joined stackLarge.free[${k}] in a step that began with the GC off`);
      }
    }
    return verdict(out, saw);
  },
});

/** The stack spans of before that after no longer has at the same base (returned to the heap). */
function spansGone(before: State, after: State, out: Out): Out {
  let j = 0;
  for (const sp of before.spans) {
    if (!isStackSpan(sp)) continue;
    while (j < after.spans.length && after.spans[j].base < sp.base) j++;
    if (j >= after.spans.length || after.spans[j].base !== sp.base || !isStackSpan(after.spans[j])) {
      out = add(out, `stack span ${hex(sp.base)} was returned to the heap during GC`);
    }
  }
  return out;
}

export const noStackSpanFreedDuringGC = stepRule('No stack span goes back to the heap while the GC runs', {
  // about spans: a free the observation records is one freeManual made, and it replaced spans.
  id: 'no-stack-span-freed-during-gc', ref: 'I6', group: 'spans', about: ['spans'], source: 'mheap.go:freeManual, stack.go:stackpoolfree',
  doc: 'freeManual must only be called when gcphase == _GCoff: a span state change from manual to free races with marking (golang/go#11267). Spans may be added in any phase. Every span the step returned to the heap counts, however the step ends (one freed and allocated again at the same base too).',
  check(_cfg, before, _a, after, obs) {
    let out: Out = null;
    // freeManual's own record catches a span freed and handed out again at the same base
    // within one step, which no comparison of the two states can see.
    for (const f of obs.heapFrees) if (f.gcphase !== 'off') out = add(out, `stack span ${hex(f.base)} was returned to the heap during GC`);
    // gcStart frees nothing; a step that replaced no span returned none.
    if (before.gcphase === 'off' || before.spans === after.spans) return verdict(out, out !== null);
    return verdict(spansGone(before, after, out), true);
  },
});

export const emptySpanReturnedWhenGCOff = stepRule('With GC off, a pool span that empties goes straight back to the heap', {
  id: 'empty-span-returned-when-gc-off', ref: 'I7', scope: 'gc-off', group: 'spans', about: ['spans'], source: 'stack.go:stackpoolfree',
  doc: 'When stackpoolfree brings a span to allocCount 0 while gcphase == _GCoff, it removes the span from stackpool and frees it: no span that had stacks before the step is left empty on the pool.',
  check(cfg, before, _a, after) {
    if (before.spans === after.spans) return verdict(null, false);
    let out: Out = null;
    let saw = false;
    for (const prev of before.spans) {
      if (!isPoolSpan(cfg, prev) || prev.allocCount === 0) continue;
      const sp = spanAt(cfg, after, prev.base);
      const same = sp !== undefined && sp.state === 'manual' && sp.elemsize === prev.elemsize;
      if (same && sp.allocCount >= prev.allocCount) continue;
      saw = true; // the span gave back stacks in this step
      if (same && sp.allocCount === 0) out = add(out, `span ${hex(sp.base)} emptied with GC off but was kept`);
    }
    return verdict(out, saw);
  },
});

/** The span of s based exactly at base. */
function spanAt(cfg: Config, s: State, base: number): Span | undefined {
  const i = spanIndex(s.spans, base, cfg.pageSize);
  return i >= 0 && s.spans[i].base === base ? s.spans[i] : undefined;
}

export const spanInvariants = [
  stackSpanShape, allocCountMatchesFreeList, poolListsSpansWithFreeSlots, spanInAtMostOneList, sweptPoolsHoldNoEmptySpans,
  stackLargeOnlyFromGCFrees, noStackSpanFreedDuringGC, emptySpanReturnedWhenGCOff,
];
