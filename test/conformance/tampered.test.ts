import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTraceBytes, type CheckId } from '../../conformance/index.ts';
import { fixturesDir, readFixture, traceFiles } from './fixtures.ts';

// conformance/fixtures/tampered/: one changed or inserted line each (see its README.md, written
// by conformance/tools/tamper.ts). Level 1 must stop exactly there, with exactly this check.
const tamperedDir = join(fixturesDir, 'tampered');
const expected: Record<string, { readonly line: number; readonly check: CheckId }> = {
  'overlap.trace': { line: 412, check: 'no-overlap' },
  'free-not-live.trace': { line: 113, check: 'free-live' },
  'copy-used.trace': { line: 104, check: 'copy-used' },
  'not-pow2.trace': { line: 102, check: 'pow2-size' },
  'shrink-not-half.trace': { line: 413, check: 'shrink-halves' },
  'refill-large.trace': { line: 456, check: 'refill-small' },
  'ext-refill-not-empty.trace': { line: 107, check: 'refill-empty' },
  'ext-release-not-full.trace': { line: 144, check: 'release-full' },
};

describe('tampered fixtures', () => {
  it('are exactly the expected set', () => {
    expect(traceFiles(tamperedDir)).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s is rejected at the tampered line with its check', (file, want) => {
    const r = checkTraceBytes(readFixture(file, tamperedDir));
    expect(r.status).toBe('violation');
    if (r.status !== 'violation') return;
    expect({ line: r.violation.line, check: r.violation.check }).toEqual(want);
  });

  it('differ from their clean source only at the tampered line (stock ones)', () => {
    const clean = new TextDecoder().decode(readFixture('parkshrink.p1.stock.trace')).split('\n');
    for (const [file, want] of Object.entries(expected)) {
      if (file.startsWith('ext-')) continue;
      const lines = new TextDecoder().decode(readFixture(file, tamperedDir)).split('\n');
      const diff = lines.flatMap((l, i) => (l === clean[i] ? [] : [i + 1]));
      expect(diff, file).toEqual([want.line]);
    }
  });
});
