// What one step changed, as lines a runtime engineer reads: spans (allocCount, free lists),
// stackpool and stackLarge membership, per-P caches and gFree lists, goroutine status and
// stacks, the pointers copystack adjusted, Ms, heap objects, channels and the GC phase.
// Unchanged parts are skipped by identity (states share what a step did not touch).

import { quietStep, statKeys, type Config, type G, type Observation, type State } from '../model/index.ts';
import { toArray, type Link } from '../model/list.ts';

/** @internal */
export function hex(v: number): string {
  return v < 0 ? String(v) : '0x' + v.toString(16);
}

function kib(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} B`;
}

function stack(lo: number, hi: number): string {
  return lo === 0 && hi === 0 ? 'none' : `[${hex(lo)}, ${hex(hi)}) ${kib(hi - lo)}`;
}

/** "+a +b -c" for the members added and removed between two lists. */
function members(before: readonly number[], after: readonly number[], fmt: (v: number) => string = hex): string {
  const b = new Set(before), a = new Set(after);
  const parts = [...after.filter((x) => !b.has(x)).map((x) => `+${fmt(x)}`), ...before.filter((x) => !a.has(x)).map((x) => `-${fmt(x)}`)];
  return parts.length > 0 ? parts.join(' ') : 'reordered';
}

function linkDiff(before: Link, after: Link, fmt?: (v: number) => string): string | null {
  return before === after ? null : members(toArray(before), toArray(after), fmt);
}

function pagesDiff(cfg: Config, b: State, a: State, out: string[]): void {
  if (b.free === a.free) return;
  const fmt = (s: State): string => s.free.map((r) => `${hex(r.base)}+${r.npages}p`).join(' ') || 'none';
  const pages = (s: State): number => s.free.reduce((n, r) => n + r.npages, 0);
  out.push(`heap free pages: ${pages(b)} → ${pages(a)} (${fmt(a)}; page ${kib(cfg.pageSize)})`);
}

function spansDiff(b: State, a: State, out: string[]): void {
  if (b.spans === a.spans) return;
  const before = new Map(b.spans.map((s) => [s.base, s]));
  const after = new Map(a.spans.map((s) => [s.base, s]));
  for (const s of a.spans) {
    const o = before.get(s.base);
    if (o === undefined) {
      out.push(`span ${hex(s.base)}: allocated, ${s.npages} pages, ${s.state}, elemsize ${kib(s.elemsize)}, allocCount ${s.allocCount}`);
      continue;
    }
    if (o === s) continue;
    const parts: string[] = [];
    if (o.allocCount !== s.allocCount) parts.push(`allocCount ${o.allocCount} → ${s.allocCount}`);
    const fl = linkDiff(o.manualFreeList, s.manualFreeList);
    if (fl !== null) parts.push(`free list ${fl}`);
    if (o.state !== s.state) parts.push(`state ${o.state} → ${s.state}`);
    if (o.elemsize !== s.elemsize) parts.push(`elemsize ${kib(o.elemsize)} → ${kib(s.elemsize)}`);
    if (parts.length > 0) out.push(`span ${hex(s.base)}: ${parts.join(', ')}`);
  }
  for (const s of b.spans) if (!after.has(s.base)) out.push(`span ${hex(s.base)}: freed to the heap (${s.npages} pages)`);
}

function listsDiff(name: string, b: readonly (readonly number[])[], a: readonly (readonly number[])[], out: string[]): void {
  if (b === a) return;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (b[i] === a[i]) continue;
    out.push(`${name}[${i}]: ${members(b[i] ?? [], a[i] ?? [])}`);
  }
}

/** "sp 123 → 456" with the numbers in hex (addresses). */
function hexed(x: string): string {
  return x.replace(/-?\d+/g, (n) => hex(Number(n)));
}

/** Fields of two records that differ and that no specific line above reports. */
function others<T extends object>(o: T, n: T, shown: readonly (keyof T)[]): string[] {
  const out: string[] = [];
  for (const k of Object.keys(n) as (keyof T)[]) {
    if (shown.includes(k) || o[k] === n[k]) continue;
    if (typeof n[k] === 'object' && JSON.stringify(o[k]) === JSON.stringify(n[k])) continue;
    const v = n[k];
    out.push(typeof v === 'number' ? `${String(k)} ${String(o[k])} → ${v}` : Array.isArray(v) && Array.isArray(o[k]) && (o[k] as unknown[]).length !== v.length ? `${String(k)} ${(o[k] as unknown[]).length} → ${v.length}` : `${String(k)} changed`);
  }
  return out;
}

function gname(goid: number): string {
  return `g${goid}`;
}

function psDiff(b: State, a: State, out: string[]): void {
  if (b.ps === a.ps) return;
  if (a.ps.length !== b.ps.length) out.push(`Ps: ${b.ps.length} → ${a.ps.length}`);
  for (let i = 0; i < Math.max(a.ps.length, b.ps.length); i++) {
    const o = b.ps[i], p = a.ps[i];
    if (o === p || o === undefined || p === undefined) continue;
    const parts: string[] = [];
    if (o.curg !== p.curg) parts.push(`runs ${p.curg < 0 ? 'nothing' : gname(p.curg)}${o.curg < 0 ? '' : ` (was ${gname(o.curg)})`}`);
    if (o.stackcache !== p.stackcache) {
      for (let k = 0; k < Math.max(o.stackcache.length, p.stackcache.length); k++) {
        const x = o.stackcache[k], y = p.stackcache[k];
        if (x === y || x === undefined || y === undefined) continue;
        const d = linkDiff(x.list, y.list);
        parts.push(`cache[${k}] ${kib(x.size)} → ${kib(y.size)}${d === null ? '' : ` (${d})`}`);
      }
    }
    const gf = linkDiff(o.gFree, p.gFree, gname);
    if (gf !== null) parts.push(`gFree ${gf} (n ${o.gFreeN} → ${p.gFreeN})`);
    if (o.flushGen !== p.flushGen) parts.push(`flushGen ${o.flushGen} → ${p.flushGen}`);
    parts.push(...others(o, p, ['id', 'curg', 'stackcache', 'gFree', 'gFreeN', 'flushGen']));
    if (parts.length > 0) out.push(`P${i}: ${parts.join(', ')}`);
  }
}

/** The pointer words of a G copystack adjusts, by name. */
function pointerWords(g: G): Map<string, number> {
  const m = new Map<string, number>([['sched.sp', g.sp], ['sched.bp', g.bp], ['sched.ctxt', g.ctxt]]);
  g.frames.forEach((f, i) => {
    m.set(`frame${i}.bp`, f.bp);
    f.slots.forEach((v, k) => m.set(`frame${i}.slot${k}`, v));
  });
  g.defers.forEach((d, i) => {
    m.set(`defer${i}`, d.rec);
    m.set(`defer${i}.sp`, d.sp);
    m.set(`defer${i}.fn`, d.fn);
    m.set(`defer${i}._panic`, d.panic);
  });
  g.panics.forEach((p, i) => m.set(`panic${i}`, p));
  g.waiting.forEach((s, i) => m.set(`sudog${i}.elem`, s.elem));
  return m;
}

function gDiff(o: G | undefined, g: G, out: string[]): void {
  const name = gname(g.goid);
  if (o === undefined) {
    out.push(`${name}: created, ${g.status}, stack ${stack(g.lo, g.hi)}`);
    return;
  }
  const parts: string[] = [];
  if (o.status !== g.status) parts.push(`${o.status} → ${g.status}`);
  const moved = o.lo !== g.lo || o.hi !== g.hi;
  if (moved) parts.push(`stack ${stack(o.lo, o.hi)} → ${stack(g.lo, g.hi)}`);
  if (o.frames.length !== g.frames.length) parts.push(`frames ${o.frames.length} → ${g.frames.length}`);
  if (o.p !== g.p) parts.push(`on ${g.p < 0 ? 'no P' : `P${g.p}`}`);
  for (const flag of ['parkingOnChan', 'activeStackChans', 'preempt', 'preemptStop', 'preemptShrink', 'asyncSafePoint', 'gcscandone'] as const) {
    if (o[flag] !== g[flag]) parts.push(`${flag} ${g[flag]}`);
  }
  const shown: (keyof G)[] = ['goid', 'status', 'lo', 'hi', 'p', 'parkingOnChan', 'activeStackChans', 'preempt', 'preemptStop', 'preemptShrink', 'asyncSafePoint', 'gcscandone'];
  if (o.frames.length !== g.frames.length) shown.push('frames');
  if (moved) shown.push('stackguard0', 'sp', 'bp', 'ctxt', 'stktopsp', 'frames', 'defers', 'panics', 'waiting');
  parts.push(...others(o, g, shown).map((x) => (typeof g[x.split(' ')[0] as keyof G] === 'number' && x.includes(' → ') ? hexed(x) : x)));
  if (parts.length > 0) out.push(`${name}: ${parts.join(', ')}`);
  if (moved && o.lo !== 0 && g.lo !== 0) {
    // copystack: every word that pointed into the old stack should now point delta further.
    const delta = g.hi - o.hi;
    const before = pointerWords(o), after = pointerWords(g);
    const pure = o.frames.length === g.frames.length; // no frame pushed in the same step (a call that grew)
    const adjusted: string[] = [], wrong: string[] = [], stale: string[] = [];
    for (const [k, v] of after) {
      const w = before.get(k);
      if (w === undefined || w < o.lo || w >= o.hi) continue;
      if (v === w + delta) adjusted.push(`${k} ${hex(w)} → ${hex(v)}`);
      else if (v === w) stale.push(`${k} ${hex(v)}`);
      else if (pure) wrong.push(`${k} ${hex(w)} → ${hex(v)} (not ${hex(w + delta)})`);
    }
    if (adjusted.length > 0) out.push(`  ${name} pointers adjusted (delta ${delta}): ${adjusted.join(', ')}`);
    if (wrong.length > 0) out.push(`  ${name} pointers adjusted wrongly: ${wrong.join(', ')}`);
    if (stale.length > 0) out.push(`  ${name} pointers still into the old stack: ${stale.join(', ')}`);
  }
}

function gsDiff(b: State, a: State, out: string[]): void {
  if (b.gs === a.gs) return;
  for (const g of a.gs) if (b.gs[g.goid] !== g) gDiff(b.gs[g.goid], g, out);
}

function msDiff(b: State, a: State, out: string[]): void {
  if (b.ms === a.ms) return;
  for (const m of a.ms) {
    const o = b.ms[m.id];
    if (o === m) continue;
    if (o === undefined) {
      out.push(`m${m.id}: created, g0 ${stack(m.g0lo, m.g0hi)}, gsignal ${stack(m.gsiglo, m.gsighi)}`);
      continue;
    }
    const parts: string[] = [];
    if (o.exited !== m.exited) parts.push(m.exited ? 'exited (on sched.freem)' : 'running');
    if (o.g0lo !== m.g0lo || o.g0hi !== m.g0hi) parts.push(`g0 ${stack(o.g0lo, o.g0hi)} → ${stack(m.g0lo, m.g0hi)}`);
    if (o.gsiglo !== m.gsiglo || o.gsighi !== m.gsighi) parts.push(`gsignal ${stack(o.gsiglo, o.gsighi)} → ${stack(m.gsiglo, m.gsighi)}`);
    if (parts.length > 0) out.push(`m${m.id}: ${parts.join(', ')}`);
  }
}

function globalsDiff(b: State, a: State, out: string[]): void {
  const s = linkDiff(b.gFreeStack, a.gFreeStack, gname);
  if (s !== null) out.push(`sched.gFree.stack: ${s}`);
  const n = linkDiff(b.gFreeNoStack, a.gFreeNoStack, gname);
  if (n !== null) out.push(`sched.gFree.noStack: ${n}`);
  if (b.gFreeN !== a.gFreeN) out.push(`sched.gFree.n: ${b.gFreeN} → ${a.gFreeN}`);
  const gc: string[] = [];
  if (b.gcphase !== a.gcphase) gc.push(`phase ${b.gcphase} → ${a.gcphase}`);
  if (b.gcCycle !== a.gcCycle) gc.push(`cycle ${a.gcCycle}`);
  if (b.sweepgen !== a.sweepgen) gc.push(`sweepgen ${a.sweepgen}`);
  if (b.markrootFreeGStacksDone !== a.markrootFreeGStacksDone) gc.push(`markrootFreeGStacks ${a.markrootFreeGStacksDone ? 'done' : 'to do'}`);
  if (b.freeStackSpansPending !== a.freeStackSpansPending) gc.push(`freeStackSpans ${a.freeStackSpansPending ? 'pending' : 'done'}`);
  if (b.sweepFlushPending !== a.sweepFlushPending) gc.push(`prepareForSweep pending on Ps ${a.sweepFlushPending.toString(2)}b`);
  if (gc.length > 0) out.push(`GC: ${gc.join(', ')}`);
  if (b.startingStackSize !== a.startingStackSize) out.push(`startingStackSize: ${kib(b.startingStackSize)} → ${kib(a.startingStackSize)}`);
  if (b.heapObjs !== a.heapObjs) {
    a.heapObjs.forEach((o, i) => o.forEach((v, k) => {
      if (b.heapObjs[i]?.[k] !== v) out.push(`heap${i}.f${k}: ${hex(b.heapObjs[i]?.[k] ?? 0)} → ${hex(v)}`);
    }));
  }
  if (b.chans !== a.chans) {
    a.chans.forEach((q, i) => {
      if (b.chans[i] !== q) out.push(`c${i} receivers: [${q.map(gname).join(' ')}]`);
    });
  }
  const g = others(b, a, ['gs', 'ps', 'ms', 'spans', 'free', 'stackpool', 'stackLarge', 'gFreeStack', 'gFreeNoStack', 'gFreeN',
    'gcphase', 'gcCycle', 'sweepgen', 'markrootFreeGStacksDone', 'freeStackSpansPending', 'sweepFlushPending', 'startingStackSize',
    'heapObjs', 'chans', 'inStacks']);
  if (g.length > 0) out.push(`sched: ${g.join(', ')}`);
  if (b.inStacks !== a.inStacks) out.push(`StackInuse: ${kib(b.inStacks)} → ${kib(a.inStacks)}`);
}

/** The paths a step took and the amounts it moved (its observation), as one line, or none. @public */
export function pathsLine(obs: Observation): string[] {
  if (obs === quietStep) return [];
  const parts = statKeys.filter((k) => obs[k] !== 0).map((k) => `${k}+${obs[k]}`);
  for (const f of obs.heapFrees) parts.push(`freeManual ${hex(f.base)} (${f.npages} pages, GC ${f.gcphase})`);
  return parts.length > 0 ? [`paths: ${parts.join(', ')}`] : [];
}

/** The changes from before to after, one line each (indented lines continue the one above), then the step's paths. @public */
export function stateDiff(cfg: Config, before: State, after: State, obs: Observation = quietStep): string[] {
  const out: string[] = [];
  if (before === after) return out;
  gsDiff(before, after, out);
  spansDiff(before, after, out);
  listsDiff('stackpool', before.stackpool, after.stackpool, out);
  listsDiff('stackLarge', before.stackLarge, after.stackLarge, out);
  psDiff(before, after, out);
  globalsDiff(before, after, out);
  msDiff(before, after, out);
  pagesDiff(cfg, before, after, out);
  out.push(...pathsLine(obs));
  return out;
}
