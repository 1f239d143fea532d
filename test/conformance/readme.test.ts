import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEVEL1_CHECKS } from '../../conformance/index.ts';
import { LEVEL2_CHECKS } from '../../conformance/level2/index.ts';
import { invariants } from '../../properties/index.ts';
import { fixturesDir } from './fixtures.ts';

// conformance/README.md documents the checks and the patch; keep it from drifting.
const dir = join(fixturesDir, '..');
const readme = readFileSync(join(dir, 'README.md'), 'utf8');

describe('conformance/README.md', () => {
  it.each(LEVEL1_CHECKS.map((c) => [c.id, c] as const))('documents %s with its current rule', (_id, c) => {
    const formats = c.formats === 'both' ? 'both' : 'extended only';
    expect(readme).toContain(`| \`${c.id}\` | ${c.doc} | ${formats} |`);
  });

  it('documents every line extended-format.patch prints', () => {
    const patch = readFileSync(join(dir, 'go', 'extended-format.patch'), 'utf8');
    // The first two words of each print the patch adds ("stackspan alloc", "setGCPhase", ...).
    const printed = [...patch.matchAll(/^\+\s*print\("([^"]+)"/gm)].map((m) => m[1].replace(/\\n$/, '').split(/[ =]/).filter(Boolean).slice(0, 2).join(' '));
    expect(printed.length).toBeGreaterThan(10);
    for (const head of new Set(printed)) expect(readme, head).toContain(head);
  });

  it.each(LEVEL2_CHECKS.map((c) => [c.id, c] as const))('lists level-2 check %s with its direction', (_id, c) => {
    expect(readme).toContain(`| \`${c.id}\` | ${c.direction === 'requires' ? 'requires what must happen' : 'explains what happened'} | ${c.doc} |`);
  });
});

describe('conformance/README.md: catalog → trace checks', () => {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Catalog → trace checks'), readme.indexOf('## Regenerating the fixtures'));
  const rows = [...section.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]*) \|/gm)];

  it('has one row per catalog invariant, in catalog order', () => {
    expect(rows.map((r) => r[1])).toEqual(invariants.map((i) => i.id));
  });

  it('names only checks that exist, at the level it says', () => {
    const l1 = new Set<string>(LEVEL1_CHECKS.map((c) => c.id));
    const l2 = new Set<string>(LEVEL2_CHECKS.map((c) => c.id));
    for (const [, id, checks] of rows) {
      if (checks.trim() === 'none') continue;
      for (const part of checks.split(';')) {
        const m = /^\s*(L1|L2) (.*)$/.exec(part);
        expect(m, `${id}: ${part}`).not.toBeNull();
        for (const c of m![2].matchAll(/`([a-z0-9-]+)`/g)) expect((m![1] === 'L1' ? l1 : l2).has(c[1]), `${id}: ${m![1]} ${c[1]}`).toBe(true);
      }
    }
  });
});
