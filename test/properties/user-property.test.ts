// How a user writes a property of their own over stackcheck's commands and model with
// @fast-check/vitest: here, "StackInuse never exceeds the arena", checked after every step.
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { goRuntime, initialState, linuxAmd64, makeConfig, step } from '../../model/index.ts';
import { pick, traceArb } from '../../properties/index.ts';

const cfg = makeConfig(linuxAmd64);

test.prop([traceArb(200)], { seed: 7, numRuns: 60 })('StackInuse stays within the arena', (templates) => {
  let s = initialState(cfg, goRuntime);
  for (const t of templates) {
    const a = pick(cfg, goRuntime, s, t);
    if (a === null) break;
    const r = step(cfg, goRuntime, s, a);
    if (r.kind !== 'ok') break;
    s = r.state;
    expect(s.inStacks).toBeLessThanOrEqual(cfg.scope.arenaPages * cfg.pageSize);
  }
});
