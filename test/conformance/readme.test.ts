import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEVEL1_CHECKS } from '../../conformance/index.ts';
import { LEVEL2_CHECKS } from '../../conformance/level2/index.ts';
import { invariants } from '../../properties/index.ts';
import { TRACE_CHECKS, type TraceCoverage } from '../../conformance/catalog-map.ts';
import { fixturesDir } from './fixtures.ts';

// conformance/README.md documents the checks and the patch; keep it from drifting.
const dir = join(fixturesDir, '..');
const readme = readFileSync(join(dir, 'README.md'), 'utf8');

describe('conformance/README.md', () => {
  it.each(LEVEL1_CHECKS.map((c) => [c.id, c] as const))('documents %s with its current rule', (_id, c) => {
    const formats = c.formats === 'both' ? 'both' : 'extended only';
    expect(readme).toContain(`| \`${c.id}\` | ${c.doc} | ${formats} |`);
  });

  it.each(['go1.19', 'go1.26'])('documents every line %s\'s extended-format.patch prints', (release) => {
    const patch = readFileSync(join(dir, 'go', release, 'extended-format.patch'), 'utf8');
    // The first two words of each print the patch adds ("stackspan alloc", "setGCPhase", ...).
    const printed = [...patch.matchAll(/^\+.*?\bprint\("([^"]+)"/gm)].map((m) => m[1].replace(/\\n$/, '').split(/[ =]/).filter(Boolean).slice(0, 2).join(' '));
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
  const rows = [...section.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]*) \| ([^|]*) \|$/gm)];

  it('has one row per catalog invariant, in catalog order', () => {
    expect(rows.map((r) => r[1])).toEqual(invariants.map((i) => i.id));
  });

  it('is TRACE_CHECKS, row by row (the map the rejections name catalog ids from)', () => {
    const text = (c: TraceCoverage): string =>
      [c.l1.length > 0 ? `L1 ${c.l1.map((x) => `\`${x}\``).join(', ')}` : '', c.l2.length > 0 ? `L2 ${c.l2.map((x) => `\`${x}\``).join(', ')}` : ''].filter(Boolean).join('; ') || 'none';
    expect(Object.keys(TRACE_CHECKS)).toEqual(invariants.map((i) => i.id));
    for (const [, id, checks, how] of rows) {
      expect(checks, id).toBe(text(TRACE_CHECKS[id]));
      expect(how.trim(), id).toBe(TRACE_CHECKS[id].how);
    }
  });

  it('names only checks that exist', () => {
    const l1 = new Set<string>(LEVEL1_CHECKS.map((c) => c.id));
    const l2 = new Set<string>(LEVEL2_CHECKS.map((c) => c.id));
    for (const c of Object.values(TRACE_CHECKS)) {
      for (const x of c.l1) expect(l1.has(x), x).toBe(true);
      for (const x of c.l2) expect(l2.has(x), x).toBe(true);
    }
  });
});
