// A goroutine's stack drawn as memory, for the page: its words from hi down to SP and below,
// each frame's saved BP, pointer slots and the records it holds, with gaps between them
// collapsed, and the words outside the stack that point into it (sched.sp/bp/ctxt,
// sudog.elem, g._defer, g._panic). Every pointer word names its target (pointer-target.ts);
// the page draws an arrow to a target inside the stack and shows a bad one in red.

import { FUNCS, type Config, type G, type State } from '../model/index.ts';
import { targetResolver, type Target } from './pointer-target.ts';
import { hex } from './state-diff.ts';

/** One drawn word. @public */
export interface Word {
  /** Its address, or null for a word outside the stack (a register-like g field). */
  readonly addr: number | null;
  readonly label: string;
  /** The value as text (a pointer with its target's name), or '' for a header or a gap. */
  readonly value: string;
  /** The address the value points to when that is inside this stack (an arrow is drawn). */
  readonly to: number | null;
  readonly bad: Target['bad'];
  readonly kind: 'frame' | 'word' | 'gap' | 'source';
}

/** @public */
export interface StackPicture {
  readonly goid: number;
  readonly head: string;
  /** Words outside the stack that point into it or should (sched, sudogs, defer and panic chains). */
  readonly sources: readonly Word[];
  /** The stack, highest address first. */
  readonly words: readonly Word[];
}

function pointerWord(label: string, addr: number | null, v: number, t: Target, kind: Word['kind'] = 'word'): Word {
  return { addr, label, value: v === 0 ? 'nil' : `${hex(v)} → ${t.text}`, to: t.inStack ? v : null, bad: t.bad, kind };
}

function picture(cfg: Config, g: G, target: (g: G, v: number) => Target): StackPicture {
  const ptr = cfg.profile.ptrSize;
  const sources: Word[] = [
    { addr: null, label: 'sched.sp', value: g.sp === 0 ? '0' : hex(g.sp), to: g.sp >= g.lo && g.sp < g.hi ? g.sp : null, bad: null, kind: 'source' },
    pointerWord('sched.bp', null, g.bp, target(g, g.bp), 'source'),
    pointerWord('sched.ctxt', null, g.ctxt, target(g, g.ctxt), 'source'),
    ...g.waiting.map((w, i) => pointerWord(`sudog${i}.elem (c${w.chan})`, null, w.elem, target(g, w.elem), 'source')),
  ];
  if (g.defers.length > 0) sources.push(pointerWord('g._defer', null, g.defers[0].rec, target(g, g.defers[0].rec), 'source'));
  if (g.panics.length > 0) sources.push(pointerWord('g._panic', null, g.panics[0], target(g, g.panics[0]), 'source'));
  // The stack's words worth drawing, by address; frames, then records, then plain targets.
  const at = new Map<number, Word>();
  const heads: Word[] = [];
  g.frames.forEach((f, i) => {
    const lo = g.hi - f.depth, hi = lo + FUNCS[f.fn].frame;
    heads.push({ addr: hi, label: `frame${i} ${FUNCS[f.fn].name} [${hex(lo)}, ${hex(hi)})`, value: '', to: null, bad: null, kind: 'frame' });
    at.set(hi - ptr, pointerWord(`frame${i}.bp`, hi - ptr, f.bp, target(g, f.bp)));
    f.slots.forEach((v, j) => at.set(lo + j * ptr, pointerWord(`frame${i}.slot${j}`, lo + j * ptr, v, target(g, v))));
  });
  g.defers.forEach((d, i) => at.set(d.rec, pointerWord(`defer${i} record: sp`, d.rec, d.sp, target(g, d.sp))));
  g.panics.forEach((p, i) => { if (!at.has(p)) at.set(p, { addr: p, label: `panic${i} record`, value: '', to: null, bad: null, kind: 'word' }); });
  for (const w of [...sources, ...at.values()]) {
    if (w.to !== null && !at.has(w.to)) at.set(w.to, { addr: w.to, label: w.to === g.sp ? 'SP' : `${target(g, w.to).text}`, value: '', to: null, bad: null, kind: 'word' });
  }
  const words: Word[] = [];
  const all = [...heads.map((h) => [h.addr ?? 0, 1, h] as const), ...[...at.values()].map((w) => [w.addr ?? 0, 0, w] as const)]
    .sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  let prev = g.hi;
  for (const [addr, isHead, w] of all) {
    const top = isHead ? addr : addr + ptr;
    if (top < prev) words.push({ addr: null, label: `… ${prev - top} bytes`, value: '', to: null, bad: null, kind: 'gap' });
    words.push(w);
    prev = Math.min(prev, isHead ? addr : addr);
  }
  if (prev > g.lo) words.push({ addr: null, label: `… ${prev - g.lo} bytes down to lo ${hex(g.lo)}`, value: '', to: null, bad: null, kind: 'gap' });
  return { goid: g.goid, head: `g${g.goid} ${g.status}: [${hex(g.lo)}, ${hex(g.hi)})`, sources, words };
}

/** The stacks worth drawing in a state: every goroutine that has a stack and is not dead. @public */
export function stackPictures(cfg: Config, s: State): StackPicture[] {
  const target = targetResolver(cfg, s);
  return s.gs.filter((g) => g.lo !== 0 && g.status !== 'dead').map((g) => picture(cfg, g, target));
}
