// The state that explains a finding, as facts: the GC phase and cycle, every goroutine
// (status, stack range, size, used, stackguard0 and whether it is poisoned, the channel
// park flags, frames with their pointer slots, sudogs, defers, sched words), every P
// (status, curg, each order's cache size against its limit), the Ms, stackpool, stackLarge
// and the spans. One computation for every rendering: the page's state panel draws these
// sections as tables, `replay --verbose` and the run report print them as text, and both
// mark what changed at the step by comparing keys with the previous state's summary.

import { FUNCS, guardHex, stackForceMove, stackFork, stackPreempt, type Config, type G, type State } from '../model/index.ts';
import { length, toArray } from '../model/list.ts';
import { targetResolver, type Target } from './pointer-target.ts';
import { hex } from './state-diff.ts';

/** One fact: a name, its value, and whether it is what a bug looks like. @public */
export interface Fact {
  readonly k: string;
  readonly v: string;
  readonly bad?: true;
}

/** An entity (a goroutine, a P, a span, ...) with its facts and its parts (a G's frames, ...). @public */
export interface SummaryRow {
  /** Stable across states: what changed is found by comparing keys. */
  readonly key: string;
  readonly head: string;
  readonly facts: readonly Fact[];
  readonly sub: readonly SummaryRow[];
}

/** @public */
export interface SummarySection {
  readonly title: string;
  readonly rows: readonly SummaryRow[];
}

function kib(n: number): string {
  return n % 1024 === 0 ? `${n / 1024} KiB` : `${n} B`;
}

function range(lo: number, hi: number): string {
  return lo === 0 && hi === 0 ? 'none' : `[${hex(lo)}, ${hex(hi)})`;
}

function row(key: string, head: string, facts: Fact[], sub: SummaryRow[] = []): SummaryRow {
  return { key, head, facts, sub };
}

function pointer(k: string, v: number, t: Target): Fact {
  const text = v === 0 ? 'nil' : `${hex(v)} → ${t.text}`;
  return t.bad === null ? { k, v: text } : { k, v: text, bad: true };
}

const poisons = new Map([[stackPreempt, 'stackPreempt'], [stackFork, 'stackFork'], [stackForceMove, 'stackForceMove']]);

function guard(cfg: Config, g: G): Fact[] {
  const name = poisons.get(g.stackguard0);
  const value: Fact = { k: 'stackguard0', v: guardHex(g.stackguard0) };
  if (name !== undefined) return [value, { k: 'poisoned', v: `yes (${name})` }];
  if (g.lo === 0 || g.stackguard0 === g.lo + cfg.profile.stackGuard) return [value, { k: 'poisoned', v: 'no' }];
  return [value, { k: 'poisoned', v: `no, but not lo+_StackGuard (${hex(g.lo + cfg.profile.stackGuard)})`, bad: true }];
}

function flags(g: G): string {
  const on = (['preempt', 'preemptStop', 'preemptShrink', 'asyncSafePoint', 'throwsplit', 'gcscandone'] as const).filter((f) => g[f]);
  return on.length > 0 ? on.join(' ') : '-';
}

function goroutine(cfg: Config, g: G, target: (g: G, v: number) => Target): SummaryRow {
  const k = `g${g.goid}`;
  const live = g.lo !== 0;
  const facts: Fact[] = [
    { k: 'status', v: g.status },
    { k: 'stack', v: range(g.lo, g.hi) },
    { k: 'size', v: live ? kib(g.hi - g.lo) : '-' },
    { k: 'used', v: live && g.sp !== 0 ? kib(g.hi - g.sp) : '-' },
    ...guard(cfg, g),
    { k: 'P', v: g.p < 0 ? '-' : `P${g.p}` },
    { k: 'parkingOnChan / activeStackChans', v: `${g.parkingOnChan ? 'yes' : 'no'} / ${g.activeStackChans ? 'yes' : 'no'}` },
    { k: 'flags', v: flags(g) },
  ];
  const sub: SummaryRow[] = [];
  if (g.sp !== 0 || g.bp !== 0 || g.ctxt !== 0) {
    sub.push(row(`${k}.sched`, 'sched', [
      { k: 'sp', v: g.sp === 0 ? '0' : hex(g.sp) },
      pointer('bp', g.bp, target(g, g.bp)),
      pointer('ctxt', g.ctxt, target(g, g.ctxt)),
    ]));
  }
  g.frames.forEach((f, i) => {
    const lo = g.hi - f.depth;
    sub.push(row(`${k}.frame${i}`, `frame${i} ${FUNCS[f.fn].name}`, [
      { k: 'at', v: range(lo, lo + FUNCS[f.fn].frame) },
      pointer('bp', f.bp, target(g, f.bp)),
      ...f.slots.map((v, j) => pointer(`slot${j}`, v, target(g, v))),
    ]));
  });
  g.waiting.forEach((w, i) => sub.push(row(`${k}.sudog${i}`, `sudog${i}`, [{ k: 'chan', v: `c${w.chan}` }, pointer('elem', w.elem, target(g, w.elem))])));
  g.defers.forEach((d, i) => sub.push(row(`${k}.defer${i}`, `defer${i}`, [pointer('record', d.rec, target(g, d.rec)), pointer('sp', d.sp, target(g, d.sp)), pointer('fn', d.fn, target(g, d.fn)), pointer('_panic', d.panic, target(g, d.panic))])));
  g.panics.forEach((p, i) => sub.push(row(`${k}.panic${i}`, `panic${i}`, [pointer('record', p, target(g, p))])));
  return row(k, k, facts, sub);
}

function gc(cfg: Config, s: State): SummaryRow {
  const pending = s.ps.map((_, i) => i).filter((i) => (s.sweepFlushPending >> i) & 1).map((i) => `P${i}`);
  const free = s.free.reduce((n, r) => n + r.npages, 0);
  return row('gc', 'GC', [
    { k: 'phase', v: s.gcphase },
    { k: 'cycle', v: String(s.gcCycle) },
    { k: 'sweepgen', v: String(s.sweepgen) },
    { k: 'stack roots', v: String(s.stackRoots) },
    { k: 'markrootFreeGStacks', v: s.markrootFreeGStacksDone ? 'done' : 'to do' },
    { k: 'freeStackSpans', v: s.freeStackSpansPending ? 'pending' : '-' },
    { k: 'prepareForSweep pending', v: pending.length > 0 ? pending.join(' ') : '-' },
    { k: 'startingStackSize', v: kib(s.startingStackSize) },
    { k: 'StackInuse', v: kib(s.inStacks) },
    { k: 'free pages', v: `${free} of ${cfg.scope.arenaPages}` },
  ]);
}

function processor(cfg: Config, s: State, i: number): SummaryRow {
  const p = s.ps[i];
  const facts: Fact[] = [{ k: 'status', v: p.curg < 0 ? 'idle' : 'running' }, { k: 'curg', v: p.curg < 0 ? '-' : `g${p.curg}` }];
  p.stackcache.forEach((c, order) => {
    const blocks = length(c.list);
    const held = blocks * (cfg.profile.fixedStack << order);
    const v = c.size === 0 && blocks === 0 ? `0 / ${kib(cfg.profile.stackCacheSize)}` : `${kib(c.size)} / ${kib(cfg.profile.stackCacheSize)} (${blocks} blocks)`;
    facts.push(held === c.size && c.size <= cfg.profile.stackCacheSize ? { k: `cache[${order}]`, v } : { k: `cache[${order}]`, v: `${v} holding ${kib(held)}`, bad: true });
  });
  facts.push({ k: 'gFree', v: p.gFreeN === 0 ? '-' : `${p.gFreeN}: ${toArray(p.gFree).map((x) => `g${x}`).join(' ')}` });
  facts.push({ k: 'flushGen', v: String(p.flushGen) });
  return row(`P${i}`, `P${i}`, facts);
}

function spans(cfg: Config, s: State): SummaryRow[] {
  return s.spans.map((sp) => {
    const bytes = sp.npages * cfg.pageSize;
    if (sp.state === 'inuse') return row(`span ${hex(sp.base)}`, `span ${hex(sp.base)}`, [{ k: 'pages', v: String(sp.npages) }, { k: 'kind', v: 'heap objects' }]);
    const large = sp.elemsize === bytes;
    const slots = sp.elemsize > 0 ? bytes / sp.elemsize : 0;
    const free = length(sp.manualFreeList);
    const pool = s.stackpool.findIndex((l) => l.includes(sp.base));
    const large2 = s.stackLarge.findIndex((l) => l.includes(sp.base));
    const facts: Fact[] = [
      { k: 'pages', v: String(sp.npages) },
      { k: 'kind', v: large ? 'large stack' : `pool, ${kib(sp.elemsize)} stacks` },
      { k: 'allocCount', v: large ? String(sp.allocCount) : `${sp.allocCount} of ${slots}` },
      { k: 'free list', v: large ? '-' : `${free}` },
      { k: 'on', v: pool >= 0 ? `stackpool[${pool}]` : large2 >= 0 ? `stackLarge.free[${large2}]` : '-' },
    ];
    if (!large && sp.allocCount + free !== slots) facts[3] = { k: 'free list', v: `${free} (allocCount + free ≠ ${slots})`, bad: true };
    return row(`span ${hex(sp.base)}`, `span ${hex(sp.base)}`, facts);
  });
}

function machines(s: State): SummaryRow[] {
  return s.ms.map((m) => row(`m${m.id}`, `m${m.id}`, [
    { k: 'g0 stack', v: m.g0lo === 0 ? 'OS stack' : range(m.g0lo, m.g0hi) },
    { k: 'gsignal stack', v: range(m.gsiglo, m.gsighi) },
    { k: 'state', v: m.exited ? 'exited (on sched.freem)' : 'running' },
  ]));
}

function lists(s: State): SummaryRow[] {
  const out: SummaryRow[] = s.stackpool.map((l, i) => row(`stackpool[${i}]`, `stackpool[${i}]`, [{ k: 'holds', v: l.length > 0 ? l.map(hex).join(' ') : 'empty' }]));
  s.stackLarge.forEach((l, i) => {
    if (l.length > 0) out.push(row(`stackLarge.free[${i}]`, `stackLarge.free[${i}] (${1 << i} pages)`, [{ k: 'holds', v: l.map(hex).join(' ') }]));
  });
  const gl = (name: string, xs: number[]): SummaryRow => row(name, name, [{ k: 'holds', v: xs.length > 0 ? xs.map((x) => `g${x}`).join(' ') : 'empty' }]);
  out.push(gl('sched.gFree.stack', toArray(s.gFreeStack)), gl('sched.gFree.noStack', toArray(s.gFreeNoStack)));
  s.chans.forEach((q, i) => out.push(row(`c${i}`, `c${i} receivers`, [{ k: 'holds', v: q.length > 0 ? q.map((x) => `g${x}`).join(' ') : 'none' }])));
  return out;
}

/** The summary of one state. Not a hot path: built once per shown state. @public */
export function stateSummary(cfg: Config, s: State): SummarySection[] {
  const target = targetResolver(cfg, s);
  return [
    { title: 'GC', rows: [gc(cfg, s)] },
    { title: 'goroutines', rows: s.gs.map((g) => goroutine(cfg, g, target)) },
    { title: 'Ps', rows: s.ps.map((_, i) => processor(cfg, s, i)) },
    { title: 'Ms', rows: machines(s) },
    { title: 'stackpool, stackLarge, gFree, channels', rows: lists(s) },
    { title: 'spans', rows: spans(cfg, s) },
  ];
}

function values(sections: readonly SummarySection[]): Map<string, string> {
  const m = new Map<string, string>();
  const add = (r: SummaryRow): void => {
    m.set(r.key, r.head);
    for (const f of r.facts) m.set(`${r.key}|${f.k}`, f.v);
    r.sub.forEach(add);
  };
  for (const s of sections) s.rows.forEach(add);
  return m;
}

/**
 * What changed from prev to cur: row keys that are new and `rowKey|factName` keys whose value
 * differs, plus `-rowKey` for rows that went away. prev null (the initial state): nothing.
 * @public
 */
export function summaryChanges(prev: readonly SummarySection[] | null, cur: readonly SummarySection[]): Set<string> {
  const out = new Set<string>();
  if (prev === null) return out;
  const before = values(prev), after = values(cur);
  for (const [k, v] of after) if (before.get(k) !== v) out.add(k);
  for (const k of before.keys()) if (!k.includes('|') && !after.has(k)) out.add(`-${k}`);
  return out;
}

function factText(r: SummaryRow, f: Fact, changed: ReadonlySet<string>): string {
  return `${f.k} ${f.v}${f.bad ? ' !!' : ''}${changed.has(`${r.key}|${f.k}`) ? '*' : ''}`;
}

/**
 * The summary as text lines: a section title, then one line per entity (facts separated by
 * `;`, its parts indented below it); `*` marks a value this step changed, `!!` a bad value.
 * @public
 */
export function summaryText(sections: readonly SummarySection[], changed: ReadonlySet<string> = new Set()): string[] {
  const lines: string[] = [];
  const put = (r: SummaryRow, indent: string): void => {
    lines.push(`${indent}${r.head}${changed.has(r.key) ? ' (new)' : ''}: ${r.facts.map((f) => factText(r, f, changed)).join('; ')}`);
    for (const x of r.sub) put(x, `${indent}  `);
  };
  for (const s of sections) {
    if (s.rows.length === 1 && s.rows[0].head === s.title) put(s.rows[0], '');
    else if (s.rows.length > 0) {
      lines.push(`${s.title}:`);
      for (const r of s.rows) put(r, '  ');
    }
  }
  const gone = [...changed].filter((k) => k.startsWith('-')).map((k) => k.slice(1));
  if (gone.length > 0) lines.push(`gone: ${gone.join(', ')}`);
  return lines;
}
