// A copy of copystack (model/copystack.ts) with the two knobs its mutants turn: how delta is
// computed and whether the parkingOnChan throw guards the unlocked sudog adjustment. With
// the defaults it is the correct routine line for line (test/mutants checks that).

import { fatal } from '../abort.ts';
import { updG, updP, type Draft } from '../draft.ts';
import type { AdjustInfo } from '../copystack.ts';
import type { ExecP } from '../stack.ts';
import type { Frame, Sudog } from '../state.ts';

/** The knobs. @internal */
export interface CopystackKnobs {
  /** The distance the stack's contents move; the runtime's is newhi - oldhi (stacks are top-aligned). */
  readonly delta: (oldlo: number, oldhi: number, newlo: number, newhi: number) => number;
  /** Throw "racy sudog adjustment due to parking on channel" (added by the fix of golang/go#40641). */
  readonly parkingThrow: boolean;
}

/** @internal */
export const correctKnobs: CopystackKnobs = { delta: (_ol, oldhi, _nl, newhi) => newhi - oldhi, parkingThrow: true };

/** stack.go:copystack with the given knobs. @internal */
export function copystackVariant(k: CopystackKnobs): (d: Draft, goid: number, newsize: number, pp: ExecP) => void {
  return (d, goid, newsize, pp) => {
    const rt = d.rt;
    const g = d.gs[goid];
    if (g.syscallsp !== 0) fatal('stack growth not allowed in system call');
    if (g.lo === 0) fatal('nil stackbase');
    const oldsize = g.hi - g.lo;
    const used = g.hi - g.sp;
    if (pp >= 0) updP(d, pp, { maxStackScanDelta: d.ps[pp].maxStackScanDelta + newsize - oldsize });

    const newlo = rt.stackalloc(d, pp, newsize);
    const newhi = newlo + newsize;
    const a: AdjustInfo = { lo: g.lo, hi: g.hi, delta: k.delta(g.lo, g.hi, newlo, newhi) };

    const cur = d.gs[goid];
    let waiting: readonly Sudog[];
    if (!cur.activeStackChans) {
      if (k.parkingThrow && newsize < oldsize && cur.parkingOnChan) fatal('racy sudog adjustment due to parking on channel');
      waiting = rt.adjustsudogs(a, cur.waiting);
    } else {
      waiting = rt.syncadjustsudogs(a, cur.waiting);
    }
    const { ctxt, bp } = rt.adjustctxt(a, cur);
    const defers = rt.adjustdefers(a, cur.defers);
    const panics = rt.adjustpanics(a, cur.panics);
    let frames = cur.frames;
    for (let i = 0; i < frames.length; i++) {
      const f = rt.adjustframe(a, frames[i]);
      if (f !== frames[i]) {
        if (frames === cur.frames) frames = frames.slice();
        (frames as Frame[])[i] = f;
      }
    }
    updG(d, goid, {
      lo: newlo, hi: newhi, stackguard0: newlo + d.cfg.profile.stackGuard,
      sp: newhi - used, stktopsp: cur.stktopsp + a.delta,
      waiting, ctxt, bp, defers, panics, frames,
    });
    rt.stackfree(d, pp, g.lo, g.hi);
  };
}
