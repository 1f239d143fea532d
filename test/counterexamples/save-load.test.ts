// Saving and loading: save → load gives the same document (a fast-check property over
// documents with every action kind and awkward strings), identical saves reuse the file,
// a different document never overwrites one, and no temporary file is left behind.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { actionSchema, type FieldType } from '../../counterexamples/action-schema.ts';
import {
  defaultCorpusDir, fileName, formatVersion, loadCounterexample, parseCounterexample, saveCounterexample, serialize,
  type CounterexampleDoc,
} from '../../counterexamples/index.ts';
import { FUNCS, actionKinds, defaultScope, makeConfig, modeNames, profiles, type Action, type Config, type PtrSpec } from '../../model/index.ts';
import { invariants } from '../../properties/index.ts';

const scope = defaultScope;
const cfg: Config = makeConfig(profiles['linux/amd64'], scope);
const ref = fc.integer({ min: 0, max: 0x7fffffff });
const ptr: fc.Arbitrary<PtrSpec> = fc.oneof(
  fc.constant<PtrSpec>({ to: 'nil' }),
  ref.map((obj): PtrSpec => ({ to: 'heap', obj })),
  fc.record({ frame: ref, slot: ref }).map(({ frame, slot }): PtrSpec => ({ to: 'stack', frame, slot })),
);
const maxPtrs = Math.max(...FUNCS.map((f) => f.ptrs));

function fieldArb(type: FieldType): fc.Arbitrary<unknown> {
  const n = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max });
  switch (type) {
    case 'g': return n(0, scope.maxGoroutines - 1);
    case 'p': return n(0, scope.maxProcs - 1);
    case 'm': return n(1, scope.maxMs);
    case 'fn': return n(0, FUNCS.length - 1);
    case 'chan': return n(0, scope.chans - 1);
    case 'slot': return n(-1, maxPtrs - 1);
    case 'obj': return n(0, scope.heapObjects - 1);
    case 'field': return n(0, scope.heapObjectFields - 1);
    case 'nprocs': return n(1, scope.maxProcs);
    case 'slots': return fc.array(ptr, { maxLength: maxPtrs });
    case 'ptr': return ptr;
    default: return type satisfies never;
  }
}

const actionArb: fc.Arbitrary<Action> = fc.constantFrom(...actionKinds).chain((kind) => {
  const fields = actionSchema[kind] as Readonly<Record<string, FieldType>>;
  const arbs: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, type] of Object.entries(fields)) arbs[name] = fieldArb(type);
  return fc.record(arbs).map((f) => ({ kind, ...f }) as unknown as Action);
});

const text = fc.string({ unit: 'binary', maxLength: 40 });
const docArb: fc.Arbitrary<CounterexampleDoc> = fc.array(actionArb, { maxLength: 30 }).chain((actions) =>
  fc.record({
    version: text,
    profile: fc.constant('linux/amd64'),
    modes: fc.subarray([...modeNames]).filter((m) => !(m.includes('maymorestack=move') && m.includes('maymorestack=preempt'))),
    mutant: fc.option(text.filter((s) => s !== ''), { nil: null }),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
    path: fc.array(fc.nat(99), { maxLength: 12 }).map((p) => p.join(':')),
    runs: fc.integer({ min: 1, max: 1e6 }),
    maxSteps: fc.integer({ min: 1, max: 1e5 }),
    originalLength: fc.nat(1e5),
    shrinks: fc.nat(1e4),
    id: fc.constantFrom('throw', ...invariants.map((i) => i.id)),
    step: fc.integer({ min: -1, max: actions.length - 1 }),
    message: text,
    script: fc.array(text, { minLength: actions.length, maxLength: actions.length }),
  }).map((r): CounterexampleDoc => ({
    format: formatVersion, tool: { name: 'stackcheck', version: r.version }, profile: r.profile, scope,
    modes: r.modes, mutant: r.mutant, seed: r.seed, path: r.path, runs: r.runs, maxSteps: r.maxSteps,
    originalLength: r.originalLength, shrinks: r.shrinks, finding: { id: r.id, step: r.step, message: r.message },
    actions, script: r.script,
  })));

describe('save and load', () => {
  test('save → load gives the same document, and saving it again reuses the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-rt-'));
    fc.assert(fc.property(docArb, (doc) => {
      const saved = saveCounterexample(doc, dir);
      const loaded = loadCounterexample(saved.path);
      if (!loaded.ok) throw new Error(loaded.error);
      expect(loaded.doc).toEqual(doc);
      expect(loaded.cfg).toEqual(makeConfig(cfg.profile, scope, loaded.cfg.modes));
      expect(saveCounterexample(loaded.doc, dir)).toEqual({ path: saved.path, reused: true });
    }), { numRuns: 60, seed: 7 });
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  test('serialize → parse → serialize is the identity on the corpus', () => {
    for (const f of readdirSync(defaultCorpusDir).filter((x) => x.endsWith('.json'))) {
      const t = readFileSync(join(defaultCorpusDir, f), 'utf8');
      const r = parseCounterexample(t, f);
      if (!r.ok) throw new Error(r.error);
      expect(serialize(r.doc)).toBe(t);
    }
  });

  test('a file with other content under the same name is never overwritten', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-keep-'));
    const doc = fc.sample(docArb, { numRuns: 1, seed: 3 })[0];
    const first = join(dir, fileName(doc));
    writeFileSync(first, 'somebody else\'s notes\n');
    const a = saveCounterexample(doc, dir);
    expect(a).toEqual({ path: join(dir, fileName(doc, 2)), reused: false });
    expect(readFileSync(first, 'utf8')).toBe('somebody else\'s notes\n');
    const other = { ...doc, seed: doc.seed + 1 };
    const b = saveCounterexample(other, dir);
    expect(b.path).toBe(join(dir, fileName(doc, 3)));
    expect(saveCounterexample(doc, dir)).toEqual({ path: a.path, reused: true });
    expect(readdirSync(dir).sort()).toEqual([fileName(doc), fileName(doc, 2), fileName(doc, 3)].sort());
  });

  test('the name is the finding and a hash of what replays', () => {
    const doc = fc.sample(docArb, { numRuns: 1, seed: 5 })[0];
    expect(fileName(doc)).toMatch(new RegExp(`^${doc.finding.id}-[0-9a-f]{10}\\.json$`));
    expect(fileName({ ...doc, seed: 1, path: '' })).toBe(fileName(doc));
    expect(fileName({ ...doc, actions: [...doc.actions, { kind: 'gcStart' }] })).not.toBe(fileName(doc));
    expect(fileName({ ...doc, mutant: 'x' })).not.toBe(fileName({ ...doc, mutant: 'y' }));
  });
});
