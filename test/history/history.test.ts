// `stackcheck history`: the figures come from running the models, and they show what the
// design notes say they should (the hot split under go1.2, one copy under go1.3+, the quarter rule).
import { describe, expect, test } from 'vitest';
import { measureHistory, opsPerIteration } from '../../history/measure.ts';
import { segMutantsFor } from '../../model/segmented/mutants.ts';
import { runCli } from '../cli-helpers.ts';

const rows = measureHistory();
const row = (program: string, profile: string) => {
  const r = rows.find((x) => x.program === program && x.profile === profile);
  if (r === undefined) throw new Error(`no row ${program} ${profile}`);
  return r;
};

describe('history', () => {
  test('the hot split: go1.1 and go1.2 link and free a segment on every iteration of the boundary loop', () => {
    for (const p of ['go1.1', 'go1.2']) {
      const r = row('boundary loop', p);
      expect(r.m.segAllocs).toBe(r.iterations);
      expect(r.m.segFrees).toBe(r.iterations);
      expect(opsPerIteration(r)).toBe(2);
    }
  });
  test('go1.3, go1.4 and go1.19 copy once in the same loop', () => {
    for (const p of ['go1.3', 'go1.4', 'go1.19']) {
      const r = row('boundary loop', p);
      expect(r.m.grows).toBe(1);
      expect(r.m.segAllocs + r.m.shrinks).toBe(0);
    }
  });
  test('a deep recursion grows a copied stack a logarithmic number of times', () => {
    const r = row('deep recursion', 'go1.19');
    expect(r.m.grows).toBe(Math.log2(r.m.peakBytes / 2048));
    expect(row('deep recursion', 'go1.2').m.segAllocs).toBeGreaterThan(r.m.grows);
  });
  test('the quarter rule keeps a stack resting above a quarter; a half rule shrinks and regrows it every GC', () => {
    expect(row('resting at 3/8', 'go1.19').m.shrinks).toBe(0);
    expect(row('resting at 3/8', 'go1.3').m.shrinks).toBe(0);
    const half = row('resting at 3/8', 'go1.19*');
    expect(half.m.shrinks).toBe(half.iterations);
    expect(half.m.grows).toBeGreaterThan(0);
  });
  test('a breathing stack is shrunk at every GC by go1.3 and go1.19, never by the segmented releases', () => {
    expect(row('breathing stack', 'go1.3').m.shrinks).toBe(20);
    expect(row('breathing stack', 'go1.19').m.shrinks).toBe(20);
    expect(row('breathing stack', 'go1.2').m.shrinks).toBe(0);
  });
  test('the command prints the table and its summary', async () => {
    const r = await runCli('history');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^program +release +design/m);
    expect(r.out).toContain('hot split: under go1.2 the boundary loop links and frees a segment on each of its 1000 calls');
    const j = await runCli('history', '--json');
    expect(JSON.parse(j.out)).toHaveLength(rows.length);
  });
});

describe('run and mutants on the segmented profiles', () => {
  test('run --profile go1.2 runs clean', async () => {
    const r = await runCli('run', '--profile', 'go1.2', '--runs', '20');
    expect(r.code).toBe(0);
    expect(r.out).toContain('stackcheck run: go1.2 (segmented stacks, 8 KB segments), seed 1');
    expect(r.out).toContain('result: no violation found');
  }, 60_000);
  test('a mutant is found and shrunk', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const r = await runCli('run', '--profile', 'go1.1', '--mutant', 'oldstack-leaks-segment', '--out', mkdtempSync(`${tmpdir()}/stackcheck-history-`));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/VIOLATION: seg-nothing-leaked/);
  }, 60_000);
  test('flags of the contiguous model are refused in one line', async () => {
    const r = await runCli('run', '--profile', 'go1.3', '--scope', 'procs=1');
    expect(r.code).toBe(2);
    expect(r.err).toBe('stackcheck: run: --scope is not supported with profile go1.3 (the historical model)\n');
    const m = await runCli('run', '--profile', 'go1.3', '--mutant', 'nope');
    expect(m.code).toBe(2);
  });
  test.each(['go1.3', 'go1.4'])('mutants --profile %s kills every one of its mutants (at least 3, issue 14)', async (p) => {
    const n = segMutantsFor(p).length;
    expect(n).toBeGreaterThanOrEqual(3);
    const r = await runCli('mutants', '--profile', p, '--runs', '200');
    expect(r.out).toContain(`killed ${n}/${n} mutants`);
    expect(r.code).toBe(0);
  }, 120_000);
});

describe('the chart', () => {
  test('docs/history.svg is what history --svg writes now (else: stackcheck history --svg docs/history.svg)', async () => {
    const { readFileSync } = await import('node:fs');
    const { historySvg } = await import('../../history/svg.ts');
    expect(readFileSync(new URL('../../docs/history.svg', import.meta.url), 'utf8')).toBe(historySvg(rows));
  });
  test('one bar per row with operations, labelled with its value', async () => {
    const { historySvg } = await import('../../history/svg.ts');
    const svg = historySvg(rows);
    expect(svg.match(/<rect /g)?.length).toBe(rows.filter((r) => opsPerIteration(r) > 0).length);
    expect(svg).toContain('>go1.19*</text>');
  });
});
