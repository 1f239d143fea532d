// chanrecv's prologues: the receive's own, then gopark's with gp.waiting already set, so a
// growth there adjusts the sudog through adjustsudogs (the unlocked path, safe for growth).
import { expect, test } from 'vitest';
import { goRuntime, linuxAmd64, makeConfig, slotAddr, type Runtime } from '../../model/index.ts';
import { apply, call, reach } from './play.ts';

const cfg = makeConfig(linuxAmd64);

test('a growth in gopark’s prologue moves the stack with the sudog pointing into it', () => {
  // g0 at lo+1080 after nine call96 frames: chanrecv's check (SP-8-(136-128) > guard) passes,
  // gopark's (SP after chanrecv's frame, minus the return address, <= guard) does not.
  const calls = Array.from({ length: 9 }, () => call(0, 'call96', [{ to: 'heap', obj: 0 }, { to: 'nil' }]));
  const s = reach(cfg, [{ kind: 'newproc', g: 0 }, ...calls]);
  const g0 = s.gs[0];
  expect(g0.sp - g0.lo).toBe(1080);
  let sudogAdjustments = 0;
  const rt: Runtime = { ...goRuntime, adjustsudogs: (a, w) => (w.length > 0 && sudogAdjustments++, goRuntime.adjustsudogs(a, w)) };
  const after = apply(cfg, s, { kind: 'chanrecv', g: 0, c: 0, slot: 0 }, rt);
  const g = after.gs[0];
  expect(g.hi - g.lo).toBe(4096);
  expect(g.status).toBe('waiting');
  expect(g.parkingOnChan).toBe(true);
  expect(sudogAdjustments).toBe(1);
  const top = g.frames[g.frames.length - 1];
  expect(g.waiting[0].elem).toBe(slotAddr(g.hi, top.depth, 0, cfg.profile.ptrSize));
  expect(g.hi - g.sp).toBe(g0.hi - g0.sp); // chanrecv's frame is not kept once parked
});

test('with room for both prologues, chanrecv parks without moving the stack', () => {
  const s = reach(cfg, [{ kind: 'newproc', g: 0 }, call(0, 'call96')]);
  const after = apply(cfg, s, { kind: 'chanrecv', g: 0, c: 1, slot: 1 });
  expect(after.gs[0].lo).toBe(s.gs[0].lo);
  expect(after.chans[1]).toEqual([0]);
});
