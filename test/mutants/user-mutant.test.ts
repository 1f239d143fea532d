// --mutant, --mutant-file and `stackcheck mutants` on the command line; the user mutant API.

import { mkdtempSync, rmSync } from 'node:fs';
import { runCli } from '../cli-helpers.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadMutantFile } from '../../cli/mutant-file.ts';
import { mutantsCommand } from '../../cli/mutants.ts';
import { goRuntime } from '../../model/index.ts';
import { mutantByName, mutantNames } from '../../model/mutants/index.ts';
import { mutantFromModule } from '../../model/mutants/user-api.ts';

const out = mkdtempSync(join(tmpdir(), 'stackcheck-mutants-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const example = 'model/mutants/example-user-mutant.ts';
const fixture = (f: string): string => `test/mutants/fixtures/${f}`;

const cli = runCli;

function oneLine(err: string): void {
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  expect(err).toMatch(/^stackcheck: /);
}

describe('stackcheck run --mutant', () => {
  test('finds the mutant and names it in the report', async () => {
    const r = await cli('run', '--workers', '1', '--mutant', 'escape-stack-pointer', '--runs', '50', '--out', out);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/mutant escape-stack-pointer/);
    expect(r.out).toMatch(/invariant no-heap-pointer-into-stack/);
    expect(r.out).toMatch(/reproduce: .*--mutant escape-stack-pointer/);
  });

  test('an unknown name is one line listing the valid names, exit 2', async () => {
    const r = await cli('run', '--mutant', 'no-such-bug');
    expect(r.code).toBe(2);
    oneLine(r.err);
    expect(r.err).toContain("unknown mutant 'no-such-bug'");
    for (const n of mutantNames) expect(r.err).toContain(n);
  });

  test('--mutant and --mutant-file together are refused', async () => {
    const r = await cli('run', '--mutant', 'shrink-at-half', '--mutant-file', example);
    expect(r.code).toBe(2);
    oneLine(r.err);
  });
});

describe('stackcheck run --mutant-file', () => {
  test('the example proposal loads and passes', async () => {
    const m = await loadMutantFile(example);
    expect(m.name).toBe('proposal-shrink-at-eighth');
    expect(m.routines).toEqual(['shrinkstack']);
    expect(m.rt.shrinkstack).not.toBe(goRuntime.shrinkstack);
    const r = await cli('run', '--mutant-file', example, '--runs', '60', '--seed', '2', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/mutant proposal-shrink-at-eighth/);
    expect(r.out).toMatch(/result: no violation found/);
  });

  test('a wrong proposal is found', async () => {
    const r = await cli('run', '--mutant-file', fixture('half-shrink.ts'), '--runs', '200', '--out', out);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/shrink-only-when-quarter-used/);
  });

  test.each([
    ['bad-routine.ts', 'mutant.replace.stackallocc is not a runtime routine'],
    ['not-a-function.ts', 'mutant.replace.stackfree is not a function'],
    ['throws-on-load.ts', 'cannot load it: deliberately broken'],
    ['missing.ts', 'no such file'],
  ])('%s is one line, exit 2', async (file, message) => {
    const r = await cli('run', '--mutant-file', fixture(file));
    expect(r.code).toBe(2);
    oneLine(r.err);
    expect(r.err).toContain(message);
  });

  test('mutantFromModule checks the shape', () => {
    const f = (): void => {};
    expect(mutantFromModule({})).toMatch(/neither `mutant` nor a default export/);
    expect(mutantFromModule({ default: 3 })).toMatch(/not an object/);
    expect(mutantFromModule({ mutant: { name: '', replace: { stackfree: f } } })).toMatch(/mutant.name/);
    expect(mutantFromModule({ mutant: { name: 'x', replace: {} } })).toMatch(/replaces no routine/);
    expect(mutantFromModule({ mutant: { name: 'x', doc: 1, replace: { stackfree: f } } })).toMatch(/doc must be a string/);
    const ok = mutantFromModule({ mutant: { name: 'x', replace: { stackfree: f } } });
    expect(typeof ok).toBe('object');
    if (typeof ok === 'object') expect(ok.rt.stackfree).toBe(f);
  });
});

describe('stackcheck mutants', () => {
  test('reports each mutant with its catcher and a kill rate; exit 0 when all are found', async () => {
    const lines: string[] = [];
    const list = ['escape-stack-pointer', 'stackpoolalloc-keeps-full-span'].map((n) => mutantByName(n)!);
    const code = await mutantsCommand({ 'time-limit': '5' }, (s) => lines.push(s), list);
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/escape-stack-pointer\s+no-heap-pointer-into-stack/);
    expect(text).toMatch(/killed 2\/2 mutants \(100%\)/);
  });

  test('a survivor makes exit 1, and --json says so', async () => {
    const lines: string[] = [];
    const harmless = { ...mutantByName('escape-stack-pointer')!, name: 'harmless', rt: goRuntime };
    const code = await mutantsCommand({ json: true, runs: '20', 'time-limit': '5', scope: 'procs=1', mode: 'stackNoCache' }, (s) => lines.push(s), [harmless]);
    expect(code).toBe(1);
    const doc = JSON.parse(lines.join('\n')) as { killed: number; total: number; mutants: { name: string; found: boolean }[] };
    expect(doc).toMatchObject({ killed: 0, total: 1, scope: { procs: 1, arenaPages: 64 }, modes: ['stackNoCache'], maxSteps: 300 });
    expect(doc.mutants[0]).toMatchObject({ name: 'harmless', found: false });
  });

  test('bad flags are one line, exit 2', async () => {
    const r = await cli('mutants', '--time-limit', 'soon');
    expect(r.code).toBe(2);
    oneLine(r.err);
  });
});

describe('a finding made with --mutant-file replays with the same --mutant-file', () => {
  test('run saves it with a reproduce line naming the file; replay needs and checks that file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-user-mutant-'));
    const found = await cli('run', '--mutant-file', fixture('half-shrink.ts'), '--out', dir);
    expect(found.code).toBe(1);
    expect(found.out).toMatch(/reproduce: stackcheck run .* --mutant-file test\/mutants\/fixtures\/half-shrink\.ts$/m);
    const file = /counterexample saved: (\S+)/.exec(found.out)?.[1] ?? '';
    expect(found.out).toContain(`replay: stackcheck replay ${file} --mutant-file ${fixture('half-shrink.ts')}`);
    expect((await cli('replay', file, '--mutant-file', fixture('half-shrink.ts'))).code).toBe(1);
    const without = await cli('replay', file);
    expect(without.code).toBe(2);
    expect(without.err).toMatch(/pass the same --mutant-file/);
    const other = await cli('replay', file, '--mutant-file', example);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/recorded with mutant proposal-shrink-at-half, but --mutant-file .* is 'proposal-shrink-at-eighth'/);
  });
});
