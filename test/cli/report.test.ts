// What `stackcheck run`'s report says about reach: the named windows with a warning for
// each one reached fewer than 20 times, and the invariants that were never evaluated where
// they could fail; --json carries the same, and --swarm off is echoed in the reproduce line.

import { describe, expect, test } from 'vitest';
import { windows } from '../../properties/windows.ts';
import { runCli } from '../cli-helpers.ts';

describe('run report', () => {
  test('a tiny budget warns about every window it did not reach 20 times, by name', async () => {
    const r = await runCli('run', '--workers', '1', '--runs', '3', '--max-steps', '20');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^windows: \d+\/\d+ reached 20\+ times: /m);
    expect(r.out).toMatch(/^invariants: \d+, each re-checked after every step that changed what it reads; \d+\/\d+ evaluated where they could fail$/m);
    const warned = [...r.out.matchAll(/warning: window (\S+) reached/g)].map((m) => m[1]);
    expect(warned.length).toBeGreaterThan(0);
    for (const id of warned) expect(windows.map((w) => w.id)).toContain(id);
    expect(r.out).toMatch(/never evaluated: |held only vacuously/);
  });

  test('--json lists the vacuous and never-evaluated invariants and the windows below target', async () => {
    const r = await runCli('run', '--workers', '1', '--runs', '3', '--max-steps', '20', '--json', '--swarm', 'off');
    const j = JSON.parse(r.out) as { swarm: boolean; vacuity: { neverEvaluated: string[]; onlyVacuous: string[] }; windowsBelowTarget: { id: string; count: number }[]; coverage: { windows: Record<string, number> }; reproduce: string };
    expect(j.swarm).toBe(false);
    expect(j.reproduce).toContain('--swarm off');
    expect(j.vacuity.neverEvaluated.length + j.vacuity.onlyVacuous.length).toBeGreaterThan(0);
    expect(Object.keys(j.coverage.windows)).toEqual(windows.map((w) => w.id));
    for (const w of j.windowsBelowTarget) expect(w.count).toBeLessThan(20);
  });

  test('--swarm takes on or off', async () => {
    const r = await runCli('run', '--swarm', 'maybe');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--swarm takes on or off/);
  });
});
