// The command line: exit codes, one-line errors, determinism, and INVARIANTS.md freshness.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { runCli } from '../cli-helpers.ts';
import { invariantsMarkdown } from '../../cli/invariants.ts';

const run = runCli;

afterEach(() => vi.restoreAllMocks());

describe('stackcheck run', () => {
  test('finds nothing in the correct model and says what it covered', async () => {
    const r = await run('run', '--workers', '1', '--runs', '40', '--max-steps', '150', '--seed', '3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/result: no violation found/);
    expect(r.out).toMatch(/actions: \d+\/27 reached/);
  });

  test('run --json echoes the whole setup (maxSteps too); mutants --help lists the configuration flags', async () => {
    expect(JSON.parse((await run('run', '--workers', '1', '--runs', '5', '--max-steps', '40', '--json')).out)).toMatchObject({ runs: 5, maxSteps: 40, modes: [] });
    expect((await run('mutants', '--help')).out).toMatch(/stackcheck mutants .*\n\s+\[--profile NAME\] \[--scope k=v,...\] \[--mode m,...\]/);
  });

  test('--profile go1.26 runs Go 1.26 and says so; --json and the reproduce line name the profile', async () => {
    const r = await run('run', '--workers', '1', '--runs', '20', '--max-steps', '100', '--profile', 'go1.26');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^stackcheck run: go1\.26, scope default/);
    expect(JSON.parse((await run('run', '--workers', '1', '--runs', '3', '--max-steps', '40', '--profile', 'go1.26/windows/amd64', '--json')).out)).toMatchObject({ profile: 'go1.26/windows/amd64' });
  });

  test('the same seed gives the same report, timings aside', async () => {
    const strip = (s: string): string => s.replace(/"elapsedMs": \d+/, '');
    const a = await run('run', '--workers', '1', '--runs', '30', '--seed', '11', '--json');
    const b = await run('run', '--workers', '1', '--runs', '30', '--seed', '11', '--json');
    expect(a.code).toBe(0);
    expect(strip(a.out)).toBe(strip(b.out));
    const c = await run('run', '--workers', '1', '--runs', '30', '--seed', '12', '--json');
    expect(strip(c.out)).not.toBe(strip(a.out));
  });

  test.each([
    [['run', '--bogus'], /Unknown option '--bogus'/],
    [['run', '--profile', 'plan9/amd64'], /unknown profile 'plan9\/amd64' \(valid: go1\.19, go1\.26, go1\.19\/windows\/amd64, go1\.26\/windows\/amd64, linux\/amd64 \(default; = go1\.19\), windows\/amd64 \(= go1\.19\/windows\/amd64\), go1\.1, go1\.2, go1\.3, go1\.4 \(historical runtimes: run, explore, mutants, replay\)\)/],
    [['run', '--mode', 'fast'], /unknown mode 'fast' \(valid: stackNoCache, gcshrinkstackoff, noadaptivestackstart, maymorestack=move, maymorestack=preempt\)/],
    [['run', '--scope', 'pages=3'], /unknown scope key 'pages'/],
    [['run', '--runs', 'many'], /--runs takes a whole number/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j is bad usage: one line, exit 2', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect((await run('--version')).out).toBe(pkg.version);
  });
});

describe('stackcheck invariants', () => {
  test('INVARIANTS.md is generated from the catalog and up to date', () => {
    expect(readFileSync('INVARIANTS.md', 'utf8')).toBe(invariantsMarkdown() + '\n');
  });

  test('--json lists at least 30 invariants, the three promised ones among them', async () => {
    const list = JSON.parse((await run('invariants', '--json')).out) as { id: string }[];
    expect(list.length).toBeGreaterThanOrEqual(30);
    const ids = list.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['alloccount-matches-freelist', 'no-heap-pointer-into-stack', 'shrink-only-when-quarter-used']));
  });
});
