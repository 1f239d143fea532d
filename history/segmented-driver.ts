// Runs a history program on the historical model (go1.1-go1.4): goroutine 0, calls of f1k.

import {
  defaultSegScope, needsSplit, segFuncIndex, segInitialState, segRuntimeFor, segStep,
  type SegAction, type SegConfig, type SegProfile, type SegRuntime, type SegState,
} from '../model/segmented/index.ts';
import { emptyTally, runProgram, type Measured, type Op, type Program } from './programs.ts';

/** @public */
export function runSegmented(profile: SegProfile, program: Program, rt: SegRuntime = segRuntimeFor(profile)): Measured {
  const cfg: SegConfig = { profile, scope: { ...defaultSegScope, maxstacksize: 1 << 30, heapBytes: 64 << 20 } };
  const f1k = segFuncIndex('f1k');
  let s: SegState = segInitialState(cfg, rt);
  const m = emptyTally();
  const bytes = (): number => s.gs[0].segs.reduce((n, seg) => n + seg.size, 0);
  const act = (a: SegAction): void => {
    const r = segStep(cfg, rt, s, a);
    if (r.kind !== 'ok') throw new Error(`history: ${profile.name}: ${a.kind} gave ${r.kind}`);
    s = r.state;
    if (!m.counting) return;
    m.segAllocs += r.obs.segAlloc;
    m.segFrees += r.obs.segFree;
    // A copy is a growth unless shrinkstack made it (1.3 copies to shrink only below half a page; 1.4 always copies).
    m.grows += r.obs.copies - (profile.numStackOrders > 0 ? r.obs.shrinks : 0);
    m.shrinks += r.obs.shrinks;
    m.bytesCopied += r.obs.bytesCopied;
    m.peakBytes = Math.max(m.peakBytes, bytes());
  };
  const run = (op: Op): void => {
    if (op.op === 'call') act({ kind: 'call', g: 0, fn: f1k, ptr: s.gs[0].frames.length > 0 ? 0 : -1 });
    else if (op.op === 'ret') act({ kind: 'ret', g: 0 });
    // Go 1.1 and 1.2's collector leaves stacks alone: nothing to model.
    else if (op.op === 'gc') { if (profile.shrinkAtGC) act({ kind: 'gc' }); }
    else while (!needsSplit(profile, s.gs[0], 1024)) act({ kind: 'call', g: 0, fn: f1k, ptr: -1 });
  };
  return runProgram(program, run, bytes, m);
}
