// explore on the segmented profiles: the correct model has no violation within a depth, and
// every mutant of each profile is found with a shortest trace no longer than random testing's.
import { describe, expect, test } from 'vitest';
import { segProfiles, segRuntimeFor } from '../../model/segmented/index.ts';
import { segMutantRuntime, segMutants } from '../../model/segmented/mutants.ts';
import { segExplore, segTinyScopeFor } from '../../explore/segmented.ts';
import { runCli } from '../cli-helpers.ts';

describe('segmented explore', () => {
  test.each(Object.keys(segProfiles))('%s: no violation within depth 8', (name) => {
    const r = segExplore({ cfg: { profile: segProfiles[name], scope: segTinyScopeFor(segProfiles[name]) }, rt: segRuntimeFor(segProfiles[name]), maxDepth: 8 });
    expect(r.violation).toBeNull();
    expect(r.diameter).toBe(8);
    expect(r.states).toBeGreaterThan(100);
  }, 60_000);
  test.each(segMutants.flatMap((m) => m.profiles.map((p) => [m.name, p, m] as const)))('mutant %s is found under %s', (_n, p, m) => {
    const r = segExplore({ cfg: { profile: segProfiles[p], scope: segTinyScopeFor(segProfiles[p]) }, rt: segMutantRuntime(m, segProfiles[p]), maxDepth: 12 });
    expect(r.violation).not.toBeNull();
    expect(r.violation!.trace.length).toBeLessThanOrEqual(r.diameter + 1);
  }, 60_000);
  test('the command prints the shortest counterexample and exits 1', async () => {
    const r = await runCli('explore', '--profile', 'go1.3', '--mutant', 'copystack-skips-adjustpointers');
    expect(r.code).toBe(1);
    expect(r.out).toContain('result: VIOLATION: seg-pointers-into-own-chain');
    expect(r.out).toMatch(/shortest counterexample: \d+ steps/);
    const bad = await runCli('explore', '--profile', 'go1.3', '--scope', 'tiny');
    expect(bad.code).toBe(2);
  });
});
