// conform's progress hook: the lines read, the events level 1 checked and the events level 2
// replayed, all moving together as the trace streams through both levels (what the command's
// progress line prints).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { checkConformanceText, type ConformStatus } from '../../conformance/index.ts';

test.each(['memstats.p2.ext.trace', 'memstats.p1.stock.trace'])('%s: lines, checked and replayed events grow together, never past the totals', (name) => {
  const text = readFileSync(join('conformance', 'fixtures', name), 'utf8');
  const seen: ConformStatus[] = [];
  const report = checkConformanceText(text, { progress: (s) => seen.push(s) });
  if (report.status !== 'accepted') throw new Error(`${name} is not accepted: ${report.status}`);
  const lines = text.split('\n').length - 1;
  const events = report.level1.eventsRead;
  // A trace of thousands of lines reports more than once while it is read.
  expect(lines).toBeGreaterThan(1024);
  expect(seen.length).toBeGreaterThan(1);
  for (const [i, s] of seen.entries()) {
    expect(s.lines).toBeLessThanOrEqual(lines);
    expect(s.checked).toBeLessThanOrEqual(events);
    expect(s.replayed).toBeLessThanOrEqual(s.checked);
    if (i > 0) expect(s.lines).toBeGreaterThanOrEqual(seen[i - 1].lines);
  }
  // Level 1 checks while the trace is read, not after it.
  expect(seen.filter((s) => s.checked > 0 && s.lines < lines).length).toBeGreaterThan(0);
});

test('an extended trace is replayed while it is read', () => {
  const text = readFileSync(join('conformance', 'fixtures', 'memstats.p2.ext.trace'), 'utf8');
  const seen: ConformStatus[] = [];
  checkConformanceText(text, { progress: (s) => seen.push(s) });
  expect(seen.some((s) => s.replayed > 0 && s.checked > s.replayed - 1)).toBe(true);
});
