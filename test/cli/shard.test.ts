// `--shard k/n` and `stackcheck merge`: a campaign split over machines (a CI matrix) and put
// back together gives the report of the whole campaign on one machine (timings aside): the
// same runs and coverage and the same first finding for `run`, the same table for `mutants`.
// `mutants --workers N` gives the table of --workers 1. A bad set of shards is one line, exit 2.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { shardSlice } from '../../cli/shard.ts';
import { runCli } from '../cli-helpers.ts';

afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), 'shard-'));
let files = 0;
const file = (text: string): string => {
  const f = join(dir, `r${files++}.json`);
  writeFileSync(f, text);
  return f;
};

/** A run report without what depends on the machine or on the merge: timings, where files went, the merge's own note. */
const runStrip = (s: string): unknown => {
  const j = JSON.parse(s) as Record<string, unknown>;
  for (const k of ['elapsedMs', 'detectedMs', 'counterexampleFile', 'merged']) delete j[k];
  return j;
};
const mutantsStrip = (s: string): unknown => {
  const j = JSON.parse(s) as { mutants: Record<string, unknown>[]; merged?: unknown };
  delete j.merged;
  j.mutants = j.mutants.map(({ detectedMs: _d, elapsedMs: _e, ...r }) => r);
  return j;
};

test('shards cover every item once, in order, nearly equally', () => {
  for (const [total, n] of [[60, 3], [7, 3], [500, 7], [3, 3]] as const) {
    const slices = Array.from({ length: n }, (_, k) => shardSlice(total, { index: k + 1, count: n }));
    expect(slices[0].first).toBe(0);
    for (let k = 1; k < n; k++) expect(slices[k].first).toBe(slices[k - 1].first + slices[k - 1].taken);
    expect(slices.reduce((t, s) => t + s.taken, 0)).toBe(total);
    const sizes = slices.map((s) => s.taken);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  }
});

describe('run --shard k/n, merged', () => {
  test.each([
    [['--runs', '45', '--max-steps', '80', '--seed', '4']],
    // A mutant found in more than one shard: the merge keeps the lowest run's, as one machine would.
    [['--runs', '40', '--seed', '3', '--mutant', 'sudog-elem-not-adjusted']],
  ])('%j: the merge of 3 shards is the whole run', async (args) => {
    const whole = await runCli('run', '--workers', '1', ...args, '--json', '--out', dir);
    const shards: string[] = [];
    for (const k of [3, 1, 2]) {
      const r = await runCli('run', '--workers', '1', ...args, '--shard', `${k}/3`, '--json', '--out', dir);
      expect(r.err).toBe('');
      shards.push(file(r.out));
    }
    const merged = await runCli('merge', ...shards, '--json');
    expect(merged.code).toBe(whole.code);
    expect(runStrip(merged.out)).toEqual(runStrip(whole.out));
    // The text too, but for the merge's first line, the rate and where the finding was saved.
    const text = await runCli('merge', ...shards);
    expect(text.out).toMatch(/^merged 3 shards: /);
    const wholeText = await runCli('run', '--workers', '1', ...args, '--out', dir);
    const body = (t: string): string[] => t.split('\n').filter((l) => !/^(merged |runs \d|counterexample (already )?saved|replay: )/.test(l));
    expect(body(text.out)).toEqual(body(wholeText.out));
  }, 120_000);

  test('a shard says which runs it holds, and its reproduce line names the shard', async () => {
    const r = await runCli('run', '--workers', '1', '--runs', '30', '--max-steps', '50', '--shard', '2/3');
    expect(r.out).toMatch(/shard 2\/3 \(runs 10 to 19 of 30\)/);
    expect(r.out).toMatch(/^runs 10,/m);
  });
});

describe('mutants --shard k/n and --workers N', () => {
  const budget = ['--runs', '15', '--max-steps', '100', '--time-limit', '20'];
  test('the merge of 2 shards, and 2 workers, give the table of one machine and one worker', async () => {
    const whole = await runCli('mutants', '--workers', '1', ...budget, '--json');
    const a = await runCli('mutants', '--workers', '1', ...budget, '--shard', '1/2', '--json');
    const b = await runCli('mutants', '--workers', '1', ...budget, '--shard', '2/2', '--json');
    const merged = await runCli('merge', file(b.out), file(a.out), '--json');
    expect(merged.code).toBe(whole.code);
    expect(mutantsStrip(merged.out)).toEqual(mutantsStrip(whole.out));
    const two = await runCli('mutants', ...budget, '--workers', '2', '--json');
    expect(mutantsStrip(two.out)).toEqual(mutantsStrip(whole.out));
  }, 300_000);
});

describe('bad shards are one line, exit 2', () => {
  const shardOf = async (k: number, n: number, ...more: string[]): Promise<string> =>
    file((await runCli('run', '--workers', '1', '--runs', '9', '--max-steps', '20', '--shard', `${k}/${n}`, '--json', '--out', dir, ...more)).out);

  test.each([
    ['--shard', 'x', /--shard must be k\/n/],
    ['--shard', '4/3', /k must be between 1 and 3/],
    ['--shard', '0/3', /k must be between 1 and 3/],
  ])('run %s %s', async (flag, value, message) => {
    const r = await runCli('run', flag, value);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  test('a missing shard, a shard given twice, shards of other campaigns, a file that is no shard report', async () => {
    const [one, two, three] = [await shardOf(1, 3), await shardOf(2, 3), await shardOf(3, 3)];
    const otherSeed = await shardOf(3, 3, '--seed', '2');
    const cases: [string[], RegExp][] = [
      [[one, two], /shard 3\/3 is missing \(given: 1, 2\)/],
      [[one, two, two, three], /are both shard 2\/3/],
      [[one, two, otherSeed], /not shards of one campaign: seed is 2 in one and 1 in the other/],
      [[one, file('{"runs": 3}')], /ran without --shard/],
      [[file('not json')], /is not JSON/],
      [[file('[1, 2]')], /is not a report/],
      [[join(dir, 'nothing.json')], /cannot read/],
      [[], /merge needs the --json reports/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli('merge', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  }, 60_000);
});
