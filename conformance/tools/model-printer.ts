// A routine table that prints what the extended-format patched runtime prints
// (conformance/go/<release>/extended-format.patch): each allocator routine of the model, wrapped,
// writes the line the real runtime's would at the same point. Traces the model prints this way
// are what level 2 must replay exactly (test/conformance/level2-model.test.ts), and the long
// traces `npm run bench -- conform` measures conform on (bench/conform-trace.ts).

import { cacheP } from '../../model/exec-p.ts';
import { goRuntime, type Runtime } from '../../model/index.ts';

const hex = (v: number): string => `0x${v.toString(16)}`;

// The extended patch prints span lines with their pool order, or `large`; which one is known
// only to the routine that called allocManual/freeManual, so the wrappers keep it here.
/** goRuntime, printing each line to `out` as the patched runtime would. @internal */
export function printingRuntime(out: string[]): Runtime {
  let spanFor: string = 'large';
  // Routines the model runs whole but the runtime in per-order critical sections (stackcache_clear,
  // freeStackSpans) collect their span lines per section and print each section's end line after them.
  let sections: Map<string, string[]> | null = null;
  const spanLine = (text: string, key: string): void => {
    if (sections === null) out.push(text);
    else sections.set(key, [...(sections.get(key) ?? []), text]);
  };
  const withOrder = <T>(order: number | 'large', f: () => T): T => {
    const saved = spanFor;
    spanFor = order === 'large' ? 'large' : `order=${order}`;
    try {
      return f();
    } finally {
      spanFor = saved;
    }
  };
  // sched.gFree.stack's history, as the patch prints it under sched.gFree.lock: each G with a
  // stack pushed on it (gfput's spill, gfpurge) or popped off it (gfget's refill).
  const schedStack = (d: Parameters<Runtime['gfput']>[0]): number[] => {
    const ids: number[] = [];
    for (let l = d.gFreeStack; l !== null; l = l.next) ids.push(l.v);
    return ids;
  };
  const gfreeLine = (d: Parameters<Runtime['gfput']>[0], op: 'push' | 'pop', goid: number): string =>
    `gfree ${op} g=${goid} stack=${hex(d.gs[goid].lo)} n=${d.gs[goid].hi - d.gs[goid].lo}`;
  const withGFreeLines = (d: Parameters<Runtime['gfput']>[0], f: () => void): void => {
    const before = schedStack(d);
    const at = out.length;
    const was = new Map(before.map((g) => [g, gfreeLine(d, 'pop', g)]));
    f();
    const after = new Set(schedStack(d));
    // gfget's pops come first (its refill runs before it hands out a G); pushes end gfput and gfpurge.
    out.splice(at, 0, ...before.filter((g) => !after.has(g)).map((g) => was.get(g)!));
    const old = new Set(before);
    for (const g of after) if (!old.has(g)) out.push(gfreeLine(d, 'push', g));
  };
  return {
    ...goRuntime,
    gfput: (d, pp, goid) => {
      const g = d.gs[goid];
      out.push(`gfput g=${goid} stack=${hex(g.lo)} n=${g.hi - g.lo} start=${d.startingStackSize} p=${pp}`);
      withGFreeLines(d, () => goRuntime.gfput(d, pp, goid));
    },
    gfget: (d, pp) => {
      let goid = -1;
      withGFreeLines(d, () => {
        goid = goRuntime.gfget(d, pp);
      });
      return goid;
    },
    gfpurge: (d, pp) => withGFreeLines(d, () => goRuntime.gfpurge(d, pp)),
    markrootFreeGStacks: (d, pp) => {
      out.push(`markrootFreeGStacks n=${schedStack(d).length} p=${pp}`);
      goRuntime.markrootFreeGStacks(d, pp);
    },
    allocManual: (d, npages) => {
      const s = goRuntime.allocManual(d, npages);
      if (s !== null) spanLine(`stackspan alloc ${hex(s.base)} npages=${npages} ${spanFor}`, spanFor);
      return s;
    },
    freeManual: (d, base) => {
      const s = d.spans.find((x) => x.base === base);
      const line = sections !== null && spanFor === 'large' ? `stacklarge free ${hex(base)} npages=${s?.npages}` : `stackspan free ${hex(base)} npages=${s?.npages} ${spanFor}`;
      spanLine(line, spanFor);
      goRuntime.freeManual(d, base);
    },
    stackpoolalloc: (d, order) => withOrder(order, () => goRuntime.stackpoolalloc(d, order)),
    stackpoolfree: (d, x, order) => withOrder(order, () => goRuntime.stackpoolfree(d, x, order)),
    stackalloc: (d, m, n) => {
      const pp = cacheP(m);
      out.push(`stackalloc ${n}`);
      const small = n < d.cfg.smallStackLimit;
      const order = Math.log2(n / d.cfg.profile.fixedStack);
      const npages = n / d.cfg.pageSize;
      const cached = small ? [] : d.stackLarge[Math.log2(npages)];
      if (!small && cached.length === 0) out.push(`stacklarge empty npages=${npages}`);
      const v = withOrder('large', () => goRuntime.stackalloc(d, m, n));
      if (!small && cached.length > 0) out.push(`stacklarge pop ${hex(v)} npages=${npages}`);
      if (small && pp < 0) out.push(`stackpool alloc ${hex(v)} order=${order} p=${pp}`);
      out.push(`  allocated ${hex(v)} n=${n} p=${pp}`);
      return v;
    },
    stackfree: (d, m, lo, hi) => {
      const pp = cacheP(m);
      const n = hi - lo;
      out.push(`stackfree ${hex(lo)} ${n} p=${pp}`);
      const small = n < d.cfg.smallStackLimit;
      const marking = d.gcphase !== 'off';
      withOrder('large', () => goRuntime.stackfree(d, m, lo, hi));
      if (small && pp < 0) out.push(`stackpool free ${hex(lo)} order=${Math.log2(n / d.cfg.profile.fixedStack)} p=${pp}`);
      if (!small && marking) out.push(`stacklarge push ${hex(lo)} npages=${n / d.cfg.pageSize}`);
    },
    stackcacherefill: (d, pp, order) => {
      goRuntime.stackcacherefill(d, pp, order);
      out.push(`stackcacherefill order=${order} p=${pp} blocks=${d.ps[pp].stackcache[order].size / (d.cfg.profile.fixedStack << order)}`);
    },
    stackcacherelease: (d, pp, order) => {
      const before = d.ps[pp].stackcache[order].size;
      goRuntime.stackcacherelease(d, pp, order);
      out.push(`stackcacherelease order=${order} p=${pp} blocks=${(before - d.ps[pp].stackcache[order].size) / (d.cfg.profile.fixedStack << order)}`);
    },
    shrinkstack: (d, goid, pp, why) => {
      // stack.go:shrinkstack prints before its copystack, only when it does shrink.
      const at = out.length;
      const old = d.gs[goid].hi - d.gs[goid].lo;
      goRuntime.shrinkstack(d, goid, pp, why);
      const now = d.gs[goid].hi - d.gs[goid].lo;
      if (now !== old) out.splice(at, 0, `shrinking stack ${old}->${now}`);
    },
    stackcache_clear: (d, pp) => {
      const blocks = d.ps[pp].stackcache.map((c, k) => c.size / (d.cfg.profile.fixedStack << k));
      sections = new Map();
      const got = sections;
      try {
        goRuntime.stackcache_clear(d, pp);
      } finally {
        sections = null;
      }
      blocks.forEach((b, k) => out.push(...(got.get(`order=${k}`) ?? []), `stackcache clear p=${pp} order=${k} blocks=${b}`));
    },
    // Each order's section frees its empty spans as pool spans of that order, not as large ones.
    freeStackSpansOrder: (d, order) => withOrder(order, () => goRuntime.freeStackSpansOrder(d, order)),
    freeStackSpans: (d) => {
      sections = new Map();
      const got = sections;
      try {
        goRuntime.freeStackSpans(d);
      } finally {
        sections = null;
      }
      for (let k = 0; k < d.stackpool.length; k++) out.push(...(got.get(`order=${k}`) ?? []), `freeStackSpans order=${k}`);
      out.push(...(got.get('large') ?? []), 'freeStackSpans large');
    },
    gcStart: (d) => {
      out.push('setGCPhase 1');
      goRuntime.gcStart(d);
    },
    gcMarkTermination: (d) => {
      out.push('setGCPhase 2', 'setGCPhase 0');
      goRuntime.gcMarkTermination(d);
    },
  };
}
