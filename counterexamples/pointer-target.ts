// Where a pointer word of a goroutine points, named the way a runtime engineer reads it:
// nil, a heap object's field, a word of the goroutine's own stack (which frame, which slot),
// or — what bugs look like — memory outside its stack or memory no live stack owns (freed).
// The state panel, the stack picture and the text state summary all name pointers with this.

import { FUNCS, heapObjectAddr, type Config, type G, type State } from '../model/index.ts';
import { memoryOwners } from './memory-map.ts';
import { hex } from './state-diff.ts';

/** A pointer word's target. `bad` is set when the word points where it must not. @public */
export interface Target {
  readonly text: string;
  /** 'freed': into a stack block or pages no live stack owns; 'outside': live memory outside g's stack. */
  readonly bad: 'freed' | 'outside' | null;
  /** The target's address when it is inside g's own stack (the stack picture draws an arrow to it). */
  readonly inStack: boolean;
}

/** The name of address a inside g's stack: a frame's slot or saved BP, a record, or an offset. @internal */
export function stackWordName(cfg: Config, g: G, a: number): string {
  const ptr = cfg.profile.ptrSize;
  for (let i = g.frames.length - 1; i >= 0; i--) {
    const f = g.frames[i];
    const lo = g.hi - f.depth, hi = lo + FUNCS[f.fn].frame;
    if (a < lo || a >= hi) continue;
    const off = a - lo;
    if (off % ptr === 0 && off / ptr < f.slots.length) return `frame${i}.slot${off / ptr}`;
    if (a === hi - ptr) return `frame${i}.bp`;
    const d = g.defers.findIndex((r) => r.rec === a);
    if (d >= 0) return `defer${d}`;
    const p = g.panics.indexOf(a);
    if (p >= 0) return `panic${p}`;
    return `frame${i}+${hex(off)}`;
  }
  return a >= g.sp ? `stack+${hex(a - g.lo)}` : `below SP +${hex(a - g.lo)}`;
}

/** Resolves addresses against one state; build it once per state. @public */
export function targetResolver(cfg: Config, s: State): (g: G, v: number) => Target {
  const owner = memoryOwners(cfg, s);
  const heapLo = heapObjectAddr(cfg, 0);
  const fields = cfg.scope.heapObjectFields, ptr = cfg.profile.ptrSize;
  const heapHi = heapObjectAddr(cfg, cfg.scope.heapObjects);
  return (g, v) => {
    if (v === 0) return { text: 'nil', bad: null, inStack: false };
    if (v >= g.lo && v < g.hi) return { text: stackWordName(cfg, g, v), bad: null, inStack: true };
    if (v >= heapLo && v < heapHi) {
      const w = (v - heapLo) / ptr;
      return { text: `heap${Math.floor(w / fields)}.f${w % fields}`, bad: null, inStack: false };
    }
    const o = owner(v);
    if (o === null || o.owner === 'heap-objects') return { text: `outside g${g.goid}'s stack`, bad: 'outside', inStack: false };
    if (o.owner === 'stack' || o.owner === 'm-stack') return { text: `outside g${g.goid}'s stack: ${o.label}`, bad: 'outside', inStack: false };
    return { text: `freed memory: ${o.label}`, bad: 'freed', inStack: false };
  };
}
