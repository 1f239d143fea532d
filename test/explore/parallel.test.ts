// `explore --workers N`: the level-synchronous search on worker threads gives the report one
// thread gives (timings and the visited table's bytes aside): the same states, transitions,
// diameter, coverage, frontier and counterexample, saved under the same name, for a search
// that completes, one cut by --max-states inside a level, one cut by --depth, and a
// violation found at a step and at a state; and with symmetry, the real states counted.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { runCli } from '../cli-helpers.ts';

afterEach(() => vi.restoreAllMocks());

/** The JSON report without what depends on the machine: timings and the table's bytes; the saved file by name. */
function comparable(json: string): unknown {
  const r = JSON.parse(json) as Record<string, unknown>;
  delete r['elapsedMs'];
  delete r['visitedBytes'];
  if (typeof r['counterexampleFile'] === 'string') r['counterexampleFile'] = basename(r['counterexampleFile']);
  return r;
}

async function both(args: readonly string[], workers: number): Promise<{ one: Record<string, unknown>; many: Record<string, unknown>; files: string[] }> {
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'explore-workers-')));
  const a = await runCli('explore', ...args, '--json', '--out', dirs[0], '--workers', '1');
  const b = await runCli('explore', ...args, '--json', '--out', dirs[1], '--workers', String(workers));
  expect(b.code).toBe(a.code);
  expect(b.err).toBe('');
  expect(comparable(b.out)).toEqual(comparable(a.out));
  const one = JSON.parse(a.out) as Record<string, unknown>, many = JSON.parse(b.out) as Record<string, unknown>;
  const files = [one, many].flatMap((r) => (typeof r['counterexampleFile'] === 'string' ? [readFileSync(r['counterexampleFile'], 'utf8')] : []));
  return { one, many, files };
}

test('the tiny preset: the same complete search on 2 workers as on 1', async () => {
  const { one } = await both([], 2);
  expect(one['complete']).toBe(true);
  expect(one['states']).toBeGreaterThan(10_000);
}, 300_000);

test('with 3 goroutines (spawn): the real states symmetry stands for are counted on 2 workers as on 1, whole or cut by --depth', async () => {
  for (const args of [['--scope', 'spawn'], ['--scope', 'spawn', '--depth', '12']]) {
    const { one, many } = await both(args, 2);
    expect(many['representedStates']).toBe(one['representedStates']);
    expect(one['representedStates']).toBeGreaterThan(one['states'] as number);
  }
}, 300_000);

test.each([
  // A state invariant breaks (alloccount-matches-freelist on the state reached).
  ['stackpoolfree-no-decrement', 3],
  // A step: the shrink the mutant makes at half use.
  ['shrink-at-half', 2],
])('mutant %s: the same shortest counterexample on %i workers, saved as the same file', async (mutant, workers) => {
  const { one, files } = await both(['--mutant', mutant, '--depth', '12'], workers);
  const cx = one['counterexample'] as { actions: unknown[] } | null;
  expect(cx).not.toBeNull();
  expect(files).toHaveLength(2);
  expect(files[1]).toBe(files[0]);
}, 300_000);

test('a search cut inside a level (--max-states) or at one (--depth) is cut where one thread cuts it', async () => {
  const cut = await both(['--scope', 'small', '--max-states', '3000'], 3);
  expect(cut.one['stoppedBy']).toBe('states');
  expect(cut.one['states']).toBe(3000);
  const deep = await both(['--depth', '9'], 2);
  expect(deep.one['stoppedBy']).toBe('depth');
  expect(deep.one['frontier']).toBeGreaterThan(0);
}, 300_000);

test('--time-limit stops the workers too', async () => {
  const r = await runCli('explore', '--scope', 'small', '--time-limit', '1', '--workers', '2', '--json');
  expect(r.code).toBe(0);
  expect((JSON.parse(r.out) as { stoppedBy: string }).stoppedBy).toBe('time');
}, 120_000);

test.each(['0', '257', 'two'])('--workers %s is one line, exit 2', async (w) => {
  const r = await runCli('explore', '--workers', w);
  expect(r.code).toBe(2);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(/^stackcheck: --workers /);
});
