// conform's progress hook: the lines read, then the events level 1 checked, then the events
// level 2 replayed, each phase told its total (what the command's progress line prints).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { checkConformanceText, type ConformPhase } from '../../conformance/index.ts';

test.each(['memstats.p2.ext.trace', 'memstats.p1.stock.trace'])('%s: reading, level 1 and level 2 report in that order, with their totals', (name) => {
  const text = readFileSync(join('conformance', 'fixtures', name), 'utf8');
  const seen: { phase: ConformPhase; done: number; total: number }[] = [];
  const report = checkConformanceText(text, { progress: (phase, done, total) => seen.push({ phase, done, total }) });
  if (report.status !== 'accepted') throw new Error(`${name} is not accepted: ${report.status}`);
  const phases = seen.map((p) => p.phase).filter((p, i, all) => i === 0 || all[i - 1] !== p);
  expect(phases).toEqual(['reading', 'level 1', 'level 2']);
  const lines = text.split('\n').length - 1;
  expect(seen.filter((p) => p.phase === 'reading').every((p) => p.total === lines && p.done < lines)).toBe(true);
  const events = report.level1.eventsRead;
  expect(seen.filter((p) => p.phase !== 'reading').every((p) => p.total === events && p.done < events)).toBe(true);
  // A trace of thousands of lines reports more than once while it is read.
  expect(lines).toBeGreaterThan(1024);
  expect(seen.filter((p) => p.phase === 'reading').length).toBeGreaterThan(1);
});
