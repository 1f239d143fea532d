// Where the model's stack pointers sit, in one place for the mutator, the prologue check
// and the invariants that reason about used bytes. The model keeps sched.sp at the call
// site between actions (hi - sp is the innermost frame's depth); a CALL pushes the return
// address, so a callee's entry SP is one word lower; chanrecv's frame stays below the
// caller while gopark's prologue runs (chan.go).

import { FUNCS, runtimeFrames } from './funcs.ts';

/** The callee's SP at its entry, below the return address CALL pushed (amd64). @public */
export function entrySP(sp: number, ptrSize: number): number {
  return sp - ptrSize;
}

/** The bytes of a stack in use at a callee's prologue: down to the return address. @public */
export function usedAtEntry(hi: number, sp: number, ptrSize: number): number {
  return hi - entrySP(sp, ptrSize);
}

/** A new frame's depth (hi - SP once it is set up): the caller's use, the return address, the frame. @public */
export function calleeDepth(hi: number, sp: number, ptrSize: number, frame: number): number {
  return usedAtEntry(hi, sp, ptrSize) + frame;
}

/** The bytes chanrecv's call adds below the caller's sched.sp while gopark runs: its return address and frame. @public */
export function chanrecvFrameBytes(ptrSize: number): number {
  return ptrSize + runtimeFrames.chanrecv.frame;
}

/** One function prologue an action runs: the bytes in use at it and the frame it checks for. @public */
export interface PrologueAt {
  readonly used: number;
  readonly frame: number;
}

/**
 * The prologues (stack checks) an action runs from a goroutine at (hi, sp), in order: a
 * call runs its callee's; chanrecv runs its own, then gopark's below its frame; no other
 * action runs one.
 * @public
 */
export function actionPrologues(a: { readonly kind: string; readonly fn?: number }, hi: number, sp: number, ptrSize: number): readonly PrologueAt[] {
  const used = usedAtEntry(hi, sp, ptrSize);
  if (a.kind === 'call' && a.fn !== undefined) return [{ used, frame: FUNCS[a.fn].frame }];
  if (a.kind === 'chanrecv') {
    return [
      { used, frame: runtimeFrames.chanrecv.frame },
      { used: usedAtEntry(hi, sp - chanrecvFrameBytes(ptrSize), ptrSize), frame: runtimeFrames.gopark.frame },
    ];
  }
  return [];
}
