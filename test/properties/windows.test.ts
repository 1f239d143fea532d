// `npm start`'s budget (seed 1, 500 runs of up to 300 steps, the default profile, scope,
// weights and swarm) reaches every named window at least 20 times: the README promises it,
// and a change to the generator, the weights or the model that loses a window shows here.

import { expect, test } from 'vitest';
import { defaultMaxSteps, defaultRuns } from '../../cli/run.ts';
import { goRuntime, linuxAmd64, makeConfig } from '../../model/index.ts';
import { check, rareWindows } from '../../properties/index.ts';
import { windows, windowTarget } from '../../properties/windows.ts';

test('npm start reaches every window at least 20 times, and no window is reached by every step', () => {
  // Seed 1 because it is npm start's default seed: this is the promise about that command.
  const r = check({ cfg: makeConfig(linuxAmd64), rt: goRuntime, seed: 1, runs: defaultRuns, maxSteps: defaultMaxSteps });
  expect(r.counterexample).toBeNull();
  expect(rareWindows(r.coverage, windowTarget)).toEqual([]);
  for (const w of windows) expect(r.coverage.windows[w.id], w.id).toBeLessThan(r.steps);
});
