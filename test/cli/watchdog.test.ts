// A user's mutant file runs in a worker thread: one that loops while loading or inside a
// routine is stopped once --time-limit (plus the allowance for shrinking) has passed, with
// one line saying where, exit 2; a mutant that returns works as before.
import { afterEach, expect, test, vi } from 'vitest';
import { runCli } from '../cli-helpers.ts';

afterEach(() => vi.restoreAllMocks());

test('a mutant that loops inside a routine: "did not return within N s at step K", exit 2', async () => {
  const r = await runCli('run', '--mutant-file', 'test/mutants/fixtures/loops-in-routine.ts', '--time-limit', '1', '--runs', '50');
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^stackcheck: --mutant-file test\/mutants\/fixtures\/loops-in-routine\.ts: the mutant did not return within 7 s at step \d+ of run \d+\n$/);
  expect(r.out).toBe('');
}, 60_000);

test('a mutant file that loops at import: "while loading it", exit 2', async () => {
  const r = await runCli('explore', '--mutant-file', 'test/mutants/fixtures/loops-at-import.mjs', '--time-limit', '1');
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/the mutant did not return within 7 s while loading it\n$/);
}, 60_000);

test('a mutant that returns runs in the worker and reports as before', async () => {
  const r = await runCli('run', '--mutant-file', 'model/mutants/example-user-mutant.ts', '--runs', '10', '--time-limit', '30');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/mutant proposal-shrink-at-eighth/);
  expect(r.out).toMatch(/result: no violation found/);
}, 60_000);
