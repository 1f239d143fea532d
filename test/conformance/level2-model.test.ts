import { describe, expect, it } from 'vitest';
import { checkLevel1, parseTrace } from '../../conformance/index.ts';
import { ALLOCATOR_STATS, replayLevel2 } from '../../conformance/level2/index.ts';
import { modelTrace } from './model-trace.ts';

// The harness against the model itself: traces the model prints in the extended format while
// it runs generated steps (model-trace.ts) must pass level 1 and replay exactly at level 2,
// ending with the same allocator counters as the run that printed them. P counts stay fixed
// (no procresize). The extended format prints the GC phase, so runs with GC cycles must
// replay with every counter equal too.

describe('level 2 on traces the model prints', () => {
  const seeds = Array.from({ length: 40 }, (_, i) => i + 1);

  it.each(seeds)('seed %i: level 1 accepts, level 2 replays exactly with the model\'s own counters', (seed) => {
    const t = modelTrace(seed, 250, ['gcStart', 'procresize']);
    const parsed = parseTrace(t.text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(checkLevel1(parsed.trace).status).toBe('accepted');
    const r = replayLevel2(parsed.trace, { procs: t.cfg.scope.procs });
    if (r.status !== 'accepted') throw new Error(JSON.stringify(r.status === 'divergence' ? r.divergence : r));
    for (const k of ALLOCATOR_STATS) expect(r.stats[k], k).toBe(t.stats[k]);
  });

  it.each(seeds.slice(0, 25))('seed %i with GC cycles: level 2 replays it with the run\'s own counters, no search', (seed) => {
    const t = modelTrace(seed, 250, ['procresize']);
    const parsed = parseTrace(t.text);
    if (!parsed.ok) throw new Error('unparsable model trace');
    const r = replayLevel2(parsed.trace, { procs: t.cfg.scope.procs });
    if (r.status !== 'accepted') throw new Error(JSON.stringify(r.status === 'divergence' ? r.divergence : r));
    expect(r.search.backtracks).toBe(0);
    for (const k of ALLOCATOR_STATS) expect(r.stats[k], k).toBe(t.stats[k]);
  });
});
