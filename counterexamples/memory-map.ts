// The memory picture of one state: every span and free page run of the arena as a row of
// blocks, each block coloured by who owns it (a goroutine's stack, an M's g0 or gsignal
// stack, a P's stack cache, the span's free list, stackLarge, heap objects, free pages).
// A block nobody owns, or two owners claim, is shown as such: that is what bugs look like.

import type { Config, State } from '../model/index.ts';
import { toArray } from '../model/list.ts';
import { hex } from './state-diff.ts';

/** @public */
export const owners = ['stack', 'dead-stack', 'm-stack', 'cache', 'span-free', 'stack-large', 'heap-objects', 'free-pages', 'unowned', 'conflict'] as const;
/** @public */
export type Owner = (typeof owners)[number];

/** A block: its address, size, owner and a label naming the owner. @public */
export interface Block {
  readonly addr: number;
  readonly size: number;
  readonly owner: Owner;
  readonly label: string;
}

/** A span or a free page run. @public */
export interface Row {
  readonly base: number;
  readonly npages: number;
  readonly title: string;
  readonly blocks: readonly Block[];
}

type Claim = { readonly owner: Owner; readonly label: string };

function claims(s: State): Map<number, Claim[]> {
  const m = new Map<number, Claim[]>();
  const add = (addr: number, owner: Owner, label: string): void => {
    if (addr === 0) return;
    const list = m.get(addr);
    if (list === undefined) m.set(addr, [{ owner, label }]);
    else list.push({ owner, label });
  };
  for (const g of s.gs) add(g.lo, g.status === 'dead' ? 'dead-stack' : 'stack', `g${g.goid} ${g.status}`);
  for (const mm of s.ms) {
    add(mm.g0lo, 'm-stack', `m${mm.id} g0${mm.exited ? ' (exited)' : ''}`);
    add(mm.gsiglo, 'm-stack', `m${mm.id} gsignal${mm.exited ? ' (exited)' : ''}`);
  }
  s.ps.forEach((p, i) => p.stackcache.forEach((c, order) => {
    for (const x of toArray(c.list)) add(x, 'cache', `P${i} cache[${order}]`);
  }));
  for (const sp of s.spans) for (const x of toArray(sp.manualFreeList)) add(x, 'span-free', 'span free list');
  s.stackLarge.forEach((list, i) => list.forEach((b) => add(b, 'stack-large', `stackLarge.free[${i}]`)));
  return m;
}

function kib(n: number): string {
  return n % 1024 === 0 ? `${n / 1024} KiB` : `${n} B`;
}

/** The owner of the block holding an address, or null outside every span and free run. @public */
export function memoryOwners(cfg: Config, s: State): (addr: number) => { readonly owner: Owner; readonly label: string } | null {
  const who = claims(s);
  return (addr) => {
    for (const r of s.free) if (addr >= r.base && addr < r.base + r.npages * cfg.pageSize) return { owner: 'free-pages', label: 'free pages' };
    for (const sp of s.spans) {
      const bytes = sp.npages * cfg.pageSize;
      if (addr < sp.base || addr >= sp.base + bytes) continue;
      if (sp.state === 'inuse') return { owner: 'heap-objects', label: 'heap objects' };
      const size = sp.elemsize > 0 ? sp.elemsize : bytes;
      const c = who.get(sp.base + Math.floor((addr - sp.base) / size) * size) ?? [];
      if (c.length === 0) return { owner: 'unowned', label: 'owned by nobody' };
      return c.length === 1 ? c[0] : { owner: 'conflict', label: c.map((x) => x.label).join(' and ') };
    }
    return null;
  };
}

/** The rows of a state, in address order. @public */
export function memoryMap(cfg: Config, s: State): Row[] {
  const who = claims(s);
  const rows: Row[] = [];
  const poolOf = (base: number): number => s.stackpool.findIndex((l) => l.includes(base));
  for (const sp of s.spans) {
    const bytes = sp.npages * cfg.pageSize;
    if (sp.state === 'inuse') {
      rows.push({ base: sp.base, npages: sp.npages, title: `${hex(sp.base)} · ${sp.npages} pages · heap objects`, blocks: [{ addr: sp.base, size: bytes, owner: 'heap-objects', label: 'heap objects' }] });
      continue;
    }
    const blocks: Block[] = [];
    const size = sp.elemsize > 0 ? sp.elemsize : bytes;
    for (let a = sp.base; a < sp.base + bytes; a += size) {
      const c = who.get(a) ?? [];
      if (c.length === 0) blocks.push({ addr: a, size, owner: 'unowned', label: 'owned by nobody' });
      else if (c.length === 1) blocks.push({ addr: a, size, owner: c[0].owner, label: c[0].label });
      else blocks.push({ addr: a, size, owner: 'conflict', label: `owned twice: ${c.map((x) => x.label).join(' and ')}` });
    }
    const pool = poolOf(sp.base);
    const large = size === bytes;
    const kind = large ? 'large stack span' : `pool span, ${kib(size)} stacks`;
    const where = pool >= 0 ? ` · on stackpool[${pool}]` : '';
    rows.push({ base: sp.base, npages: sp.npages, title: `${hex(sp.base)} · ${sp.npages} pages · ${kind} · allocCount ${sp.allocCount}${where}`, blocks });
  }
  for (const r of s.free) {
    rows.push({ base: r.base, npages: r.npages, title: `${hex(r.base)} · ${r.npages} pages · free`, blocks: [{ addr: r.base, size: r.npages * cfg.pageSize, owner: 'free-pages', label: `${r.npages} free pages` }] });
  }
  return rows.sort((a, b) => a.base - b.base);
}
