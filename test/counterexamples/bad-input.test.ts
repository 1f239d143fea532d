// Bad counterexample files: one line naming the file and the problem, exit 2, no stack
// trace, and nothing written (the file itself untouched, no --html/--itf output made).

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultCorpusDir } from '../../counterexamples/index.ts';
import { runCli } from '../cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'stackcheck-bad-'));
const good = readFileSync(join(defaultCorpusDir, 'frame-pointer-chain-85969ec6cc.json'), 'utf8');
type Doc = Record<string, unknown> & { actions: Record<string, unknown>[]; finding: Record<string, unknown>; scope: Record<string, unknown> };

function edited(change: (d: Doc) => void): string {
  const d = JSON.parse(good) as Doc;
  change(d);
  return JSON.stringify(d, null, 2);
}

const cases: readonly [string, string, RegExp][] = [
  ['truncated', good.slice(0, good.length / 2), /not JSON .*truncated\?/],
  ['empty', '', /empty file/],
  ['not JSON', 'stackcheck found a bug\n', /not JSON \(/],
  ['a list', '[1, 2]', /expected a JSON object, got a list/],
  ['not ours', '{"hello": 1}', /missing field 'format' \(not a stackcheck counterexample\?\)/],
  ['unknown version', edited((d) => { d.format = 2; }), /unknown format version 2 \(this stackcheck reads version 1\)/],
  ['version as text', edited((d) => { d.format = '1'; }), /format: expected the number 1, got the string '1'$/m],
  ['an arena too small for the initial state', edited((d) => { d.scope.arenaPages = 8; }), /scope: arenaPages=8 is too small for the initial state.*needs at least arenaPages=9/],
  ['a scope too large for the model', edited((d) => { d.scope.heapObjects = 100_000_000; }), /scope: heapObjects must be between 1 and 1024, not 100000000/],
  ['a huge scope number', edited((d) => { d.scope.chans = 1e300; }), /scope\.chans: 1e\+300 is out of range/],
  ['an inherited name as a scope key', edited((d) => { d.scope['toString'] = 1; }), /scope: unknown field 'toString'/],
  ['maxstacksize not a power of two past 32 bits', edited((d) => { d.scope.maxstacksize = 2 ** 32 + 8192; }), /scope: maxstacksize must be between 8192 and 1073741824, not 4294975488/],
  ['unknown action', edited((d) => { d.actions[1] = { kind: 'teleport', g: 0 }; }), /actions\[1\]: unknown action kind 'teleport'/],
  ['action without kind', edited((d) => { d.actions[0] = { g: 0 }; }), /actions\[0\]: unknown action an object/],
  ['action with an extra field', edited((d) => { d.actions[1] = { kind: 'ret', g: 0, fast: true }; }), /actions\[1\]: unknown field 'fast'/],
  ['action missing a field', edited((d) => { d.actions[0] = { kind: 'call', g: 0, fn: 4, slots: [] }; }), /actions\[0\]: missing field 'ctxt'/],
  ['goroutine out of scope', edited((d) => { d.actions[1] = { kind: 'ret', g: 12 }; }), /actions\[1\]\.g: 12 is out of range 0\.\.11/],
  ['no such function', edited((d) => { d.actions[0] = { kind: 'call', g: 0, fn: 9, slots: [], ctxt: { to: 'nil' } }; }), /actions\[0\]\.fn: 9 is out of range 0\.\.5/],
  ['bad pointer', edited((d) => { d.actions[0] = { kind: 'call', g: 0, fn: 4, slots: [{ to: 'mars' }], ctxt: { to: 'nil' } }; }), /actions\[0\]\.slots\[0\]: expected a pointer/],
  ['unknown profile', edited((d) => { d.profile = 'plan9/386'; }), /unknown profile 'plan9\/386' \(valid: go1\.19, go1\.26, .*linux\/amd64 \(default; = go1\.19\)/],
  ['unknown mode', edited((d) => { d.modes = ['turbo']; }), /modes: unknown mode 'turbo'/],
  ['bad scope', edited((d) => { d.scope.procs = 7; }), /procs must be between 1 and maxProcs/],
  ['missing scope key', edited((d) => { delete d.scope.chans; }), /scope: missing field 'chans'/],
  ['unknown invariant', edited((d) => { d.finding.id = 'no-bugs'; }), /finding\.id: unknown invariant 'no-bugs'/],
  ['step past the end', edited((d) => { d.finding.step = 8; }), /finding\.step: 8 is out of range -1\.\.7/],
  ['script out of step', edited((d) => { (d.script as string[]).pop(); }), /script: 7 lines for 8 actions/],
  ['unknown field', edited((d) => { d.comment = 'hi'; }), /document: unknown field 'comment'/],
  ['unknown mutant', edited((d) => { d.mutant = 'no-such-mutant'; }), /unknown mutant 'no-such-mutant'/],
  ['actions that no longer apply', edited((d) => { d.mutant = null; d.actions.splice(0, 0, { kind: 'ret', g: 0 }); (d.script as string[]).unshift('ret g0'); }),
    /actions no longer apply: step 0 \(ret g0\) is not enabled in the state it meets/],
  ['a run that now ends early', edited((d) => {
    d.mutant = null;
    d.scope.maxstacksize = 8192;
    d.actions.splice(1, 0, { kind: 'call', g: 0, fn: 4, slots: [], ctxt: { to: 'nil' } });
    (d.script as string[]).splice(1, 0, 'call g0 call4k');
  }), /actions no longer apply: step 1 \(call g0 call4k\) ends the run \(.*\) with 7 steps left/],
];

describe('stackcheck replay on a bad file', () => {
  test.each(cases)('%s', async (name, text, problem) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, text);
    const html = join(dir, `${name}.html`), itf = join(dir, `${name}.itf.json`);
    const r = await runCli('replay', file, '--html', html, '--itf', itf, '--verbose');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`stackcheck: ${file}: `)).toBe(true);
    expect(lines[0]).toMatch(problem);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(existsSync(html) || existsSync(itf)).toBe(false);
  });

  test('a missing file', async () => {
    const r = await runCli('replay', join(dir, 'nothing.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nothing\.json: no such file\n$/);
  });

  test('a directory', async () => {
    const r = await runCli('replay', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/: is a directory\n$/);
  });

  test.each([[[]], [['a.json', 'b.json']]])('replay %j: one file, exit 2', async (files) => {
    const r = await runCli('replay', ...files);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/replay takes one counterexample file/);
  });
});
