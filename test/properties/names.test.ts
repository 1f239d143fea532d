// A rule's names agree: the constant a module exports it as spells its id (case and hyphens
// aside: gFreeListsConsistent is gfree-lists-consistent), and no two rules share a ref, so
// a name, an id and a ref found in a report, a file or the code all lead to the same rule.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { invariants } from '../../properties/invariants/catalog.ts';

const dir = join(process.cwd(), 'properties', 'invariants');
const squash = (s: string): string => s.toLowerCase().replaceAll('-', '');

/** Every exported rule of the catalog's modules, with the name it is exported as. */
async function exported(): Promise<{ file: string; name: string; id: string }[]> {
  const out: { file: string; name: string; id: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const mod = (await import(join(dir, file))) as Record<string, unknown>;
    for (const [name, v] of Object.entries(mod)) {
      if (typeof v === 'object' && v !== null && 'id' in v && 'kind' in v && 'check' in v) out.push({ file, name, id: String((v as { id: unknown }).id) });
    }
  }
  return out;
}

test('the comparison itself tells a name that disagrees (it can fail)', () => {
  expect(squash('gFreeListsConsistent')).toBe(squash('gfree-lists-consistent'));
  expect(squash('framePointersInOwnStack')).not.toBe(squash('stack-slots-point-into-own-stack'));
});

test('every exported rule is named as its id, and every catalog rule is exported', async () => {
  const rules = await exported();
  expect(rules.filter((r) => squash(r.name) !== squash(r.id)).map((r) => `${r.file}: ${r.name} is ${r.id}`)).toEqual([]);
  const names = new Set(rules.map((r) => r.id));
  expect(invariants.filter((i) => !names.has(i.id)).map((i) => i.id)).toEqual([]);
});

test('no two rules share a ref', () => {
  const seen = new Map<string, string>();
  const twice: string[] = [];
  for (const i of invariants) {
    const other = seen.get(i.ref);
    if (other !== undefined) twice.push(`${i.ref}: ${other} and ${i.id}`);
    seen.set(i.ref, i.id);
  }
  expect(twice).toEqual([]);
});
