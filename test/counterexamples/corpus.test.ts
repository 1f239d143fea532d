// The corpus is a regression suite: every saved counterexample still loads, replays to the
// very finding it recorded (same invariant, step and message), agrees with the checker's own
// trace runner, and is stored under the name and in the form the tool writes.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultCorpusDir, fileName, loadCounterexample, replay, runtimeFor, serialize } from '../../counterexamples/index.ts';
import { checksOf, runTrace } from '../../properties/index.ts';
import { invariantsFor } from '../../properties/invariants/catalog.ts';
import { runCli } from '../cli-helpers.ts';

const files = readdirSync(defaultCorpusDir).filter((f) => f.endsWith('.json')).sort();

describe('counterexamples/corpus', () => {
  test('holds genuine findings', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  test.each(files)('%s reproduces its recorded finding', async (name) => {
    const path = join(defaultCorpusDir, name);
    const loaded = loadCounterexample(path);
    if (!loaded.ok) throw new Error(loaded.error);
    const { doc, cfg } = loaded;
    const rt = await runtimeFor(doc.mutant);
    if (!rt.ok) throw new Error(rt.error);
    const r = replay(doc, cfg, rt.rt);
    expect(r.verdict).toBe('reproduced');
    expect(r.finding).toEqual(doc.finding);
    const t = runTrace(cfg, rt.rt, doc.actions, checksOf(invariantsFor(cfg.profile)), null, true);
    expect(t.finding).toEqual(doc.finding);
    expect(readFileSync(path, 'utf8')).toBe(serialize(doc));
    expect(name).toMatch(new RegExp(`^${fileName(doc).replace(/\.json$/, '')}(-\\d+)?\\.json$`));
  });

  // Every file replays through the real command line, which imports the registry lazily.
  test.each(files)('stackcheck replay %s: exit 1, reproduced', async (name) => {
    const r = await runCli('replay', join(defaultCorpusDir, name));
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/: reproduced at (step \d+ of \d+|the initial state): /);
  });
});
