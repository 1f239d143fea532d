import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrace, parseTraceBytes, type Trace } from '../../conformance/index.ts';
import { replayLevel2, type Level2Report } from '../../conformance/level2/index.ts';
import { fixturesDir, readFixture } from './fixtures.ts';

// stackcache_clear and freeStackSpans run each pool order under its own lock, so a real multi-P
// trace interleaves their orders with other Ps' work. Level 2 replays each order's section at its
// own line. The two traces are stock Go 1.26.8 runs of `assistshrink` (go-check, extended patch)
// that level 2 rejected while it replayed a section whole at its first line; each is cut after
// the interleaving (fixtures/go1.26/interleavings/README.md).

const dir = join(fixturesDir, 'go1.26', 'interleavings');

function trace(name: string): Trace {
  const r = parseTraceBytes(readFixture(name, dir));
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.problems)}`);
  return r.trace;
}

const lines = (name: string): string[] => new TextDecoder().decode(readFixture(name, dir)).split('\n');

function verdict(r: Level2Report): string {
  return r.status === 'divergence' ? `line ${r.divergence.line} [${r.divergence.rule}]` : r.status;
}

/** The trace with the 1-based lines `moved` taken out and put back, in order, right after line `after`. */
function moving(name: string, moved: readonly number[], after: number): Trace {
  const l = lines(name);
  const taken = moved.map((n) => l[n - 1]);
  const kept = l.filter((_, i) => !moved.includes(i + 1));
  kept.splice(after - moved.filter((n) => n <= after).length, 0, ...taken);
  const r = parseTrace(kept.join('\n'));
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.problems)}`);
  return r.trace;
}

describe('per-order critical sections of a real trace', () => {
  it('assistshrink.p4.clears: P2 refills order 1 between P3\'s order-0 and order-1 clears, from the pool without P3\'s blocks', () => {
    const name = 'assistshrink.p4.clears.ext.trace';
    const l = lines(name);
    expect(l[428]).toBe('stackcache clear p=3 order=0 blocks=6');
    expect(l[443]).toBe('stackcacherefill order=1 p=2 blocks=4');
    expect(l[556]).toBe('stackcache clear p=3 order=1 blocks=2');
    expect(verdict(replayLevel2(trace(name)))).toBe('accepted');
    // With P3's other three sections moved up to its first (the order a whole replay at line 429
    // assumed), P3's and P2's order-3 blocks are back in the pool together and empty their span
    // in P2's order-3 section (new line 438), which frees nothing: in the runtime's order, P2's
    // refill at line 463 took its block back before P3's order-3 section came.
    expect(verdict(replayLevel2(moving(name, [557, 558, 559], 429)))).toBe('line 438 [span-to-heap-required]');
  });

  it('assistshrink.p2.sweep: P0 pops a stackLarge span between freeStackSpans\' order-1 and stackLarge sections', () => {
    const name = 'assistshrink.p2.sweep.ext.trace';
    const l = lines(name);
    expect(l.slice(305, 308)).toEqual(['freeStackSpans order=0', 'freeStackSpans order=1', 'stacklarge pop 0x1fd815a2c000 npages=4']);
    expect(l[403]).toBe('freeStackSpans large');
    expect(verdict(replayLevel2(trace(name)))).toBe('accepted');
    // With the later sections moved up to the first two (as a whole replay at line 306 assumed),
    // the stackLarge section must free the span the pop takes.
    expect(verdict(replayLevel2(moving(name, [398, 399, 404], 307)))).toBe('line 310 [span-to-heap-required]');
  });

  it('assistshrink.p4.large: two threads find stackLarge empty (lines 481, 482) before either takes its span; the second span comes after a push', () => {
    const name = 'assistshrink.p4.large.ext.trace';
    const l = lines(name);
    expect(l.slice(480, 483)).toEqual(['stacklarge empty npages=4', 'stacklarge empty npages=4', 'stackspan alloc 0x1b33c9d08000 npages=4 large']);
    expect(l[496]).toBe('stacklarge push 0x1b33c9d08000 npages=4');
    expect(l[512]).toBe('stackspan alloc 0x1b33c9cb0000 npages=4 large');
    // Each empty line pairs with its own span line, so the second allocation runs at line 482,
    // before the push: at its span line the model would pop the pushed span instead. Moved after
    // the push, the same empty line is one the model cannot explain.
    expect(verdict(replayLevel2(trace(name)))).toBe('accepted');
    expect(verdict(replayLevel2(moving(name, [482], 497)))).toBe('line 497 [stacklarge-reuse]');
  });
});
