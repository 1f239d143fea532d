// Every sample output in the READMEs is what its command prints today (timings masked), the
// way INVARIANTS.md is checked: a change to what a command prints must come with
// `npm run readme:update` (scripts/readme-samples.ts), which rewrites the stale blocks.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { findSamples, maskTimings, regenerated, repoRoot, sampleBody, sampleFiles } from '../scripts/readme-samples.ts';

test('the README samples are found where the READMEs show command output', () => {
  const n = (f: string): number => findSamples(readFileSync(join(repoRoot, f), 'utf8')).length;
  expect(n('README.md')).toBeGreaterThanOrEqual(7);
  expect(n('conformance/README.md')).toBeGreaterThanOrEqual(1);
});

test('a sample keeps the chosen lines and marks each gap with "..."', () => {
  const out = ['a', 'b', 'c', 'd', 'e'].join('\n');
  expect(sampleBody({ args: ['x'], lines: [[2, 2], [4, 4]], prompt: true }, out)).toBe('$ npx stackcheck x\n...\nb\n...\nd\n...\n');
  expect(sampleBody({ args: ['x'], lines: null, prompt: false }, out)).toBe('a\nb\nc\nd\ne\n');
  expect(sampleBody({ args: ['x'], lines: [[/^b/, /^c/], [/^e/, '$']], prompt: false }, out)).toBe('...\nb\nc\n...\ne\n');
  expect(maskTimings('runs 5, 31,641 steps/s (2.1 s), detect  1165 ms, 9,485 states/s')).toBe(maskTimings('runs 5, 9 steps/s (0.4 s), detect 3 ms, 12 states/s'));
  expect(maskTimings('runs 5')).not.toBe(maskTimings('runs 6'));
});

for (const file of sampleFiles) {
  test(`${file}: every sample is what its command prints (else: npm run readme:update)`, () => {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    for (const { sample: s, body } of regenerated(text)) {
      expect(maskTimings(text.slice(s.start, s.end)), `${file}: <!-- sample: ${s.marker} --> is stale; run npm run readme:update`).toBe(maskTimings(body));
    }
  }, 300_000);
}
