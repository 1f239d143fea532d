// pick's index of goroutines by class, kept from step to step, must name the goroutine a scan
// of every goroutine's status names: the k-th in goid order, modulo how many there are.

import fc from 'fast-check';
import { expect, test } from 'vitest';
import { defaultScope, goRuntime, linuxAmd64, makeConfig, type G, type State } from '../../model/index.ts';
import { checksOf, runTrace, traceArb } from '../../properties/index.ts';
import { CheckContext } from '../../properties/invariants/context.ts';
import { GClass, StatusIndex } from '../../properties/status-index.ts';

const classes: readonly (readonly [GClass, (g: G) => boolean])[] = [
  [GClass.Running, (g) => g.status === 'running'],
  [GClass.Runnable, (g) => g.status === 'runnable'],
  [GClass.Syscall, (g) => g.status === 'syscall'],
  [GClass.Parking, (g) => g.parkingOnChan],
];

function scanKth(s: State, k: number, is: (g: G) => boolean): number {
  const all = s.gs.filter(is).map((g) => g.goid);
  return all.length === 0 ? -1 : all[k % all.length];
}

test('the index kept across steps agrees with a scan at every state, and after a jump to another branch', () => {
  // A scope with room for many goroutines, so the lists grow and shrink.
  const cfg = makeConfig(linuxAmd64, { ...defaultScope, arenaPages: 1024, maxGoroutines: 48 });
  const ctx = new CheckContext(cfg);
  const kept = new StatusIndex();
  let last: State | null = null;
  let states = 0;
  // Any seed would do: the sample is fixed so that a failure names the same trace again.
  for (const t of fc.sample(traceArb(400), { seed: 23, numRuns: 12 })) {
    const rec: State[] = [];
    runTrace(cfg, goRuntime, t, checksOf([], false), null, false, { state: null, actions: [], record: rec });
    for (const s of rec) {
      // Consecutive states of one trace pass the changed goroutines; the first of the next trace does not.
      kept.sync(s, last, last === null || last.gs.length > s.gs.length ? null : ctx.changedGoroutines(last, s));
      last = s;
      states++;
      for (const [c, is] of classes) for (let k = 0; k < 6; k++) expect(kept.kth(c, k)).toBe(scanKth(s, k, is));
    }
  }
  expect(states).toBeGreaterThan(1000);
});
