// The channel protocol that lets another goroutine write into a parked goroutine's stack:
// chan.go chanrecv → gopark → chanparkcommit, and chansend → send → sendDirect. The park
// is split in two steps so the window of golang/go#40641 (status _Gwaiting, parkingOnChan
// set, activeStackChans not yet) is a state the checker can reach. Simplification: only
// unbuffered receives park, and a woken receiver's sudog is released at once.

import { setChan, stat, updG, type Draft } from './draft.ts';
import { dropg } from './proc.ts';
import { runtimeFrames, slotAddr } from './funcs.ts';
import { morestack } from './mutator.ts';
import { chanrecvFrameBytes } from './frame-layout.ts';
import { frameWith, mapKeepingKind } from './records.ts';

/**
 * chan.go:chanrecv on an empty unbuffered channel, up to gopark: after chanrecv's own
 * prologue, gp.waiting gets a sudog whose elem points at the receiving slot in gp's
 * innermost frame (or is nil for `<-c`) and parkingOnChan is set; then gopark's prologue
 * runs with the channel lock held and can grow the stack, so copystack adjusts the sudog
 * without channel locks (adjustsudogs), which is safe because it is growth, not a shrink.
 * With the lock held the M cannot be preempted (canPreemptM), so a preemption request that
 * reaches gopark's prologue (maymorestack=preempt poisons it) is left for later.
 * Simplification: once parked, the frames of chanrecv and gopark are not kept on the
 * modelled stack (it keeps the goroutine's own frames only).
 */
export function chanrecv(d: Draft, goid: number, c: number, slot: number): void {
  if (morestack(d, goid, runtimeFrames.chanrecv) === 'preempted') return;
  const { ptrSize } = d.cfg.profile;
  const g = d.gs[goid];
  const top = g.frames[g.frames.length - 1];
  const elem = slot >= 0 && top !== undefined && slot < top.slots.length ? slotAddr(g.hi, top.depth, slot, ptrSize) : 0;
  const chanrecvFrame = chanrecvFrameBytes(ptrSize);
  updG(d, goid, { waiting: [{ chan: c, elem }], parkingOnChan: true, sp: g.sp - chanrecvFrame });
  morestack(d, goid, runtimeFrames.gopark, false);
  updG(d, goid, { status: 'waiting', sp: d.gs[goid].sp + chanrecvFrame });
  dropg(d, goid);
  setChan(d, c, [...d.chans[c], goid]);
}

/**
 * chan.go:chanparkcommit — the unlockf of gopark: activeStackChans, then parkingOnChan
 * cleared, then unlock. The order is the point: once the channel lock is dropped a sender may
 * write into the parked G's stack through sudog.elem, so a stack copy from then on must lock
 * the channels (activeStackChans → syncadjustsudogs); until activeStackChans is set,
 * parkingOnChan keeps shrinks away (golang/go#40641).
 */
export function chanparkcommit(d: Draft, goid: number): void {
  updG(d, goid, { activeStackChans: true, parkingOnChan: false });
}

/**
 * chan.go:chansend to a parked receiver → send → sendDirect: the sender writes the value
 * straight into the receiver's stack through sg.elem, then readies the receiver.
 */
export function chansend(d: Draft, c: number, value: number): void {
  const [recv, ...rest] = d.chans[c];
  setChan(d, c, rest);
  const g = d.gs[recv];
  const elem = g.waiting[0].elem;
  let frames = g.frames;
  if (elem !== 0) {
    const { ptrSize } = d.cfg.profile;
    frames = mapKeepingKind(g.frames, (f) => {
      const k = (elem - (g.hi - f.depth)) / ptrSize;
      if (!Number.isInteger(k) || k < 0 || k >= f.slots.length) return f;
      const slots = f.slots.slice();
      slots[k] = value;
      return frameWith(f, { slots });
    });
    stat(d, 'chanWrite');
  }
  updG(d, recv, { frames, waiting: [], activeStackChans: false, status: 'runnable' });
}
