import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEVEL1_CHECKS } from '../../conformance/index.ts';
import { fixturesDir } from './fixtures.ts';

// conformance/README.md documents the checks and the patch; keep it from drifting.
const dir = join(fixturesDir, '..');
const readme = readFileSync(join(dir, 'README.md'), 'utf8');

describe('conformance/README.md', () => {
  it.each(LEVEL1_CHECKS.map((c) => [c.id, c] as const))('documents %s with its current rule', (_id, c) => {
    const formats = c.formats === 'both' ? 'both' : 'extended only';
    expect(readme).toContain(`| \`${c.id}\` | ${c.doc} | ${formats} |`);
  });

  it('quotes extended-format.patch verbatim', () => {
    const quoted = /```diff\n([\s\S]*?)```/.exec(readme);
    expect(quoted?.[1]).toBe(readFileSync(join(dir, 'go', 'extended-format.patch'), 'utf8'));
  });
});
