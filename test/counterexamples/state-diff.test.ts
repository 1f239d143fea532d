// The state diff of --verbose: on random traces of the correct model, every step that
// changes the state says something, an unchanged state says nothing, and the lines cover
// spans, stackpool/stackLarge, caches, gFree lists, Ms, Ps, GC and copystack's pointers.

import fc from 'fast-check';
import { expect, test } from 'vitest';
import { stateDiff } from '../../counterexamples/index.ts';
import { goRuntime, initialState, linuxAmd64, makeConfig, step } from '../../model/index.ts';
import { pick, traceArb } from '../../properties/index.ts';

test('every change is reported, and the reports reach every part of the state', () => {
  const cfg = makeConfig(linuxAmd64);
  const seen = new Set<string>();
  fc.assert(fc.property(traceArb(150), (templates) => {
    let s = initialState(cfg, goRuntime);
    expect(stateDiff(cfg, s, s)).toEqual([]);
    for (const t of templates) {
      const a = pick(cfg, goRuntime, s, t);
      if (a === null) break;
      const r = step(cfg, goRuntime, s, a);
      if (r.kind !== 'ok') break;
      const d = stateDiff(cfg, s, r.state, r.obs);
      if (JSON.stringify(r.state) !== JSON.stringify(s)) expect(d.length, `${a.kind} changed the state silently`).toBeGreaterThan(0);
      for (const line of d) seen.add(line.trim().split(/[\s:[]/)[0].replace(/\d+$/, ''));
      for (const line of d) if (/pointers adjusted \(/.test(line)) seen.add('adjusted');
      s = r.state;
    }
  }), { numRuns: 60, seed: 4 });
  for (const what of ['g', 'span', 'stackpool', 'stackLarge', 'P', 'GC', 'm', 'StackInuse', 'paths', 'heap', 'adjusted', 'Ps']) {
    expect(seen, `no line about ${what}`).toContain(what);
  }
});
