// `run --workers N`: the runs are split into chunks over worker threads and merged in order,
// so the report is the one of --workers 1 (timings aside): the same runs and coverage, and
// the same first finding (the lowest run index), shrunk the same, saved under the same name.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { chunksOf } from '../../properties/chunks.ts';
import { runCli } from '../cli-helpers.ts';

afterEach(() => vi.restoreAllMocks());

const strip = (s: string): string => s.replace(/"(elapsedMs|detectedMs)": [\d.]+/g, '').replace(/"counterexampleFile": "[^"]*\//, '"counterexampleFile": "');

test('chunks cover every run once, in order', () => {
  const c = chunksOf(120);
  expect(c.map((x) => x.first)).toEqual([0, 25, 50, 75, 100]);
  expect(c.reduce((n, x) => n + x.count, 0)).toBe(120);
});

test.each([
  [['--runs', '60', '--max-steps', '80', '--seed', '4']],
  // A finding after several chunks: the chunks after its own are left out of the report.
  [['--mutant', 'shrink-while-parking', '--runs', '300']],
])('run %j: --workers 2 and 3 report what --workers 1 does', async (args) => {
  const dirs = [1, 2, 3].map(() => mkdtempSync(join(tmpdir(), 'workers-')));
  const one = await runCli('run', ...args, '--json', '--out', dirs[0], '--workers', '1');
  const two = await runCli('run', ...args, '--json', '--out', dirs[1], '--workers', '2');
  const three = await runCli('run', ...args, '--json', '--out', dirs[2], '--workers', '3');
  expect(two.code).toBe(one.code);
  expect(strip(two.out)).toBe(strip(one.out));
  expect(strip(three.out)).toBe(strip(one.out));
  const runs = (JSON.parse(one.out) as { runs: number }).runs;
  expect(runs).toBeGreaterThan(25);
}, 120_000);

test('--workers is a whole number of at least 1', async () => {
  const r = await runCli('run', '--workers', '0');
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/--workers must be between 1 and 256/);
});

test('without --workers, run uses the machine\'s cores and reports what --workers 1 does', async () => {
  const args = ['--runs', '60', '--max-steps', '80', '--seed', '4', '--json'];
  const one = await runCli('run', ...args, '--workers', '1');
  const cores = await runCli('run', ...args);
  expect(cores.code).toBe(one.code);
  expect(strip(cores.out)).toBe(strip(one.out));
}, 120_000);

test('the default of --workers is the machine\'s cores, and 1 where the work is not split', async () => {
  const { defaultWorkers, workersFlag } = await import('../../cli/workers-flag.ts');
  const { availableParallelism } = await import('node:os');
  expect(defaultWorkers).toBe(availableParallelism());
  expect(workersFlag(undefined)).toBe(defaultWorkers);
  expect(workersFlag(undefined, 1)).toBe(1);
  expect(workersFlag('3', 1)).toBe(3);
});
