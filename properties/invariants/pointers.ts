// Pointers into stacks (research notes §4.5, I29–I31): only the runtime's own bookkeeping
// and the goroutine's own frames may point into a stack, and only into that goroutine's
// current stack; no heap object ever does (escape analysis).

import { framePointer, heapObjectAddr, spanIndex, type Config, type Frame, type G, type State } from '../../model/index.ts';
import { eachFrame } from './each.ts';
import { add, hex, stateRule, verdict, type Out } from './invariant.ts';
import { hasDeferOrPanic, notDead, waitingOnChan, perGoroutine } from './per-goroutine.ts';

function heapEnd(cfg: Config): number {
  return heapObjectAddr(cfg, cfg.scope.heapObjects);
}

/** 0, a heap object, or inside [lo, hi). */
function ownOrHeap(cfg: Config, g: G, p: number): boolean {
  return p === 0 || (p >= g.lo && p < g.hi) || (p >= cfg.profile.arenaBase && p < heapEnd(cfg));
}

function isStackAddr(cfg: Config, s: State, p: number): boolean {
  if (p >= cfg.profile.arenaBase && p < heapEnd(cfg)) return false;
  const i = spanIndex(s.spans, p, cfg.pageSize);
  return i >= 0 && s.spans[i].state === 'manual';
}

export const noHeapPointerIntoStack = stateRule('No pointer from the heap into a stack', {
  id: 'no-heap-pointer-into-stack', ref: 'I29a', group: 'pointers', reads: ['heapObjs', 'spans'], source: 'cmd/compile escape analysis; mgcmark.go (GC would mark through it)',
  doc: 'No heap object field holds an address inside stack memory: escape analysis moves any variable whose address is stored in the heap off the stack (golang/go#17785 found one through "pointer to unallocated span").',
  check(cfg, s) {
    let out: Out = null;
    for (let i = 0; i < s.heapObjs.length; i++) {
      const fields = s.heapObjs[i];
      for (let k = 0; k < fields.length; k++) {
        const v = fields[k];
        if (v !== 0 && (v < cfg.profile.arenaBase || v >= heapEnd(cfg) || isStackAddr(cfg, s, v))) {
          out = add(out, `heap object ${i} (${hex(heapObjectAddr(cfg, i))}) field ${k} points to ${hex(v)}, ${isStackAddr(cfg, s, v) ? 'stack memory' : 'outside the heap'}`);
        }
      }
    }
    return verdict(out, s.heapObjs.length > 0);
  },
});

export const sudogElemInOwnStack = perGoroutine("A waiting goroutine's sudog.elem points into its own current stack", {
  id: 'sudog-elem-in-own-stack', ref: 'I29b', group: 'pointers', applies: waitingOnChan, gFields: ['goid', 'lo', 'hi', 'waiting'], source: 'stack.go:adjustsudogs, chan.go:send',
  doc: 'sudog.elem is nil, a heap address, or inside the waiting goroutine\'s current stack: copystack adjusts it (adjustsudogs / syncadjustsudogs) because a sender writes through it (golang/go#40641).',
  checkG(cfg, g, out) {
    for (const sg of g.waiting) {
      if (!ownOrHeap(cfg, g, sg.elem)) out = add(out, `g${g.goid} waits on chan ${sg.chan} with sudog.elem ${hex(sg.elem)} outside its stack [${hex(g.lo)}, ${hex(g.hi)})`);
    }
    return out;
  },
});

function outside(g: G, p: number): boolean {
  return p < g.lo || p >= g.hi;
}

export const deferPanicRecordsInOwnStack = perGoroutine('Stack-allocated defer and panic records are in their goroutine\'s stack', {
  id: 'defer-panic-records-in-own-stack', ref: 'I29c', group: 'pointers', applies: hasDeferOrPanic, gFields: ['goid', 'lo', 'hi', 'defers', 'panics'], source: 'stack.go:adjustdefers, stack.go:adjustpanics',
  doc: "gp._defer and every record's link, sp and fn (a closure the deferring frame allocated), a record's _panic when a panic runs it, and gp._panic with every panic record's link point into gp's current stack: adjustdefers, adjustpanics and the frame walk move them with it.",
  checkG(_cfg, g, out) {
    for (const r of g.defers) {
      if (outside(g, r.rec) || outside(g, r.sp) || outside(g, r.fn) || (r.panic !== 0 && outside(g, r.panic))) {
        out = add(out, `g${g.goid} _defer record ${hex(r.rec)} (sp ${hex(r.sp)}, fn ${hex(r.fn)}, _panic ${hex(r.panic)}) outside its stack [${hex(g.lo)}, ${hex(g.hi)})`);
      }
    }
    for (const p of g.panics) if (outside(g, p)) out = add(out, `g${g.goid} _panic record ${hex(p)} outside its stack`);
    return out;
  },
});

function slotsOwnOrHeap(cfg: Config, g: G, i: number, f: Frame, out: Out): Out {
  for (let k = 0; k < f.slots.length; k++) {
    if (!ownOrHeap(cfg, g, f.slots[k])) out = add(out, `g${g.goid} frame ${i} slot ${k} holds ${hex(f.slots[k])}, outside its stack [${hex(g.lo)}, ${hex(g.hi)})`);
  }
  return out;
}

export const stackSlotsPointIntoOwnStack = perGoroutine("Pointer slots in a stack point into that same stack or the heap", {
  id: 'stack-slots-point-into-own-stack', ref: 'I30b', group: 'pointers', applies: notDead, gFields: ['goid', 'status', 'lo', 'hi', 'frames', 'ctxt'], source: 'stack.go:adjustframe, stack.go:adjustpointers, stack.go:adjustctxt',
  doc: "Every live pointer slot of every frame, and sched.ctxt, is nil, a heap address, or inside the goroutine's current stack: adjustframe and adjustctxt move every pointer into the old stack.",
  checkG(cfg, g, out) {
    out = eachFrame(cfg, g, out, slotsOwnOrHeap);
    if (!ownOrHeap(cfg, g, g.ctxt)) out = add(out, `g${g.goid} sched.ctxt ${hex(g.ctxt)} outside its stack`);
    return out;
  },
});

export const framePointerChain = perGoroutine('The frame-pointer chain links each frame to its caller', {
  id: 'frame-pointer-chain', ref: 'I31', group: 'pointers', applies: notDead, gFields: ['goid', 'status', 'hi', 'frames', 'bp'], source: 'stack.go:adjustframe, stack.go:adjustctxt',
  doc: "Every saved BP is 0 for the outermost frame and otherwise the caller's frame pointer, above itself in the same stack; sched.bp is the innermost frame's (golang/go#18174: sched.bp not adjusted).",
  checkG(cfg, g, out) {
    const ps = cfg.profile.ptrSize;
    let caller = 0;
    for (let i = 0; i < g.frames.length; i++) {
      const f = g.frames[i];
      if (f.bp !== caller) out = add(out, `g${g.goid} frame ${i} saved BP ${hex(f.bp)}, caller's frame pointer is ${hex(caller)}`);
      caller = framePointer(g.hi, f.depth, f.fn, ps);
    }
    if (g.bp !== caller) out = add(out, `g${g.goid} sched.bp ${hex(g.bp)}, innermost frame pointer is ${hex(caller)}`);
    return out;
  },
});

export const pointerInvariants = [noHeapPointerIntoStack, sudogElemInOwnStack, deferPanicRecordsInOwnStack, stackSlotsPointIntoOwnStack, framePointerChain];
