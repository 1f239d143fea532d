// Stack contents (model/contents.ts): what a stack's words hold, and the memory a copy may
// touch. Stated as a runtime engineer would: a move keeps every frame's words; every frame
// holds what its call stored; the new stack shares no byte with the old one it is copied from.

import { frameStamp, type Config, type Frame, type G } from '../../model/index.ts';
import { eachFrame, eachMove } from './each.ts';
import { liveWithFrames, perGoroutine } from './per-goroutine.ts';
import { add, hex, stepRule, verdict, type Out } from './invariant.ts';

export const copyKeepsFrameContents = stepRule('A stack move keeps every frame\'s words', {
  id: 'copy-keeps-frame-contents', ref: 'I39', group: 'transitions', about: 'stack-moves', source: 'stack.go:copystack (memmove), stack.go:stackfree',
  doc: 'copystack memmoves the used part of the old stack, [old.hi - used, old.hi), to the top of the new one before anything else may touch the old memory, so after a move each frame holds exactly the values it held before (pointer slots aside, which adjustframe moves by delta).',
  check: eachMove('any', (_cfg, o, n, _a, _after, out) => {
    const a = o.frames, b = n.frames;
    // A call may grow the stack and then push its frame in the same step: the frames that
    // were there before the move must all still be there.
    if (b.length < a.length) return add(out, `g${o.goid} had ${a.length} frames before the move and ${b.length} after`);
    for (let k = 0; k < a.length; k++) {
      if (a[k].stamp !== b[k].stamp) out = add(out, `g${o.goid} frame ${k}: its words changed in the move (${hex(a[k].stamp)} → ${hex(b[k].stamp)})`);
    }
    return out;
  }),
});

export const newStackDisjointFromOld = stepRule('A moved stack shares no memory with the stack it was copied from', {
  id: 'new-stack-disjoint-from-old', ref: 'I40', group: 'transitions', source: 'stack.go:copystack, stack.go:stackalloc',
  doc: 'copystack allocates the new stack while the old one is still in use (it is the copy\'s source until memmove is done, and it is freed only after): the stackalloc that serves the move cannot return memory that overlaps the old range. Each move is taken as newstack or shrinkstack saw the goroutine before and after its copystack call (a step may move a stack twice).',
  check(_cfg, _before, _a, _after, obs) {
    let out: string[] | null = null;
    for (const m of obs.moves) {
      if (m.toLo < m.fromHi && m.fromLo < m.toHi) {
        out = add(out, `g${m.goid} moved from [${hex(m.fromLo)}, ${hex(m.fromHi)}) to the overlapping [${hex(m.toLo)}, ${hex(m.toHi)})`);
      }
    }
    return verdict(out, obs.moves.length > 0);
  },
});

function holdsWhatItsCallStored(_cfg: Config, g: G, k: number, f: Frame, out: Out): Out {
  return f.stamp === frameStamp(g.goid, f.fn, f.depth) ? out : add(out, `g${g.goid} frame ${k} holds ${hex(f.stamp)}, not what its call stored`);
}

export const framesHoldWhatCallsStored = perGoroutine('Every frame holds what its call stored', {
  id: 'frames-hold-what-calls-stored', ref: 'I41', group: 'goroutines', applies: liveWithFrames, gFields: ['goid', 'status', 'frames'], source: 'stack.go:copystack, stack.go:stackfree, stack.go:stackalloc',
  doc: 'A frame\'s words are written by the call that set it up and by nothing else while the goroutine lives: no copy, free or reuse of stack memory may change them (a stack that reads back other values was copied from the wrong place or from memory given back).',
  checkG: (cfg, g, out) => eachFrame(cfg, g, out, holdsWhatItsCallStored),
});

export const contentInvariants = [copyKeepsFrameContents, newStackDisjointFromOld, framesHoldWhatCallsStored];
