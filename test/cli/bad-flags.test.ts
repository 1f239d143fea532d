// Hostile flags: each is one line on stderr naming the problem (the value echoed as given),
// exit 2, and nothing saved.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scopeKeys, scopeRanges } from '../../config/index.ts';
import { runCli } from '../cli-helpers.ts';

const out = mkdtempSync(join(tmpdir(), 'stackcheck-flags-'));

const cases: readonly [string[], RegExp][] = [
  [['run', '--runs', '-1'], /^stackcheck: --runs must be between 1 and \d+, not -1$/],
  [['run', '--seed', '-1'], /^stackcheck: --seed must be between 0 and 2147483647, not -1$/],
  [['run', '--seed', '18446744073709551616'], /, not 18446744073709551616$/],
  [['run', '--max-steps', '0x10'], /--max-steps takes a whole number, not '0x10'/],
  [['run', '--seed', '1', '--seed', '2'], /^stackcheck: run: --seed is given twice$/],
  [['run', '--json', '--json'], /--json is given twice/],
  [['mutants', '--runs', '1', '--runs', '1'], /--runs is given twice/],
  [['run', '--scope', 'procs=1,procs=2'], /^stackcheck: scope: procs is given twice$/],
  [['run', '--mode', 'stackNoCache,stackNoCache'], /mode stackNoCache is given twice/],
  [['run', '--scope', 'arenaPages=8'], /^stackcheck: scope: arenaPages=8 is too small for the initial state .*needs at least arenaPages=9$/],
  [['mutants', '--scope', 'arenaPages=8'], /arenaPages=8 is too small for the initial state/],
  [['run', '--scope', 'heapObjects=100000000'], /^stackcheck: scope: heapObjects must be between 1 and 1024, not 100000000$/],
  [['run', '--scope', 'chans=1000000000'], /chans must be between 1 and 64, not 1000000000/],
  [['run', '--scope', 'maxMs=1000000'], /maxMs must be between 0 and 32/],
  [['run', '--scope', 'gFreeSpill=100000'], /gFreeSpill must be between 2 and 64/],
  [['run', '--scope', 'gFreeSpill=99999999999999999999999'], /not 99999999999999999999999$/],
  [['run', '--scope', 'toString=1'], /unknown scope key 'toString'/],
  [['run', '--scope', '__proto__=1'], /unknown scope key '__proto__'/],
  [['run', '--scope', 'constructor=1'], /unknown scope key 'constructor'/],
  [['run', '--scope', 'hasOwnProperty=1'], /unknown scope key 'hasOwnProperty'/],
  [['run', '--scope', `maxstacksize=${2 ** 32 + 8192}`], /maxstacksize must be between 8192 and 1073741824, not 4294975488/],
  [['run', '--scope', 'maxstacksize=12288'], /maxstacksize must be a power of two, not 12288/],
  [['run', '--scope', 'procs=-1'], /procs takes a whole number, not '-1'/],
  [['run', '--profile', 'toString'], /unknown profile 'toString'/],
  [['invariants', '--json', '--markdown'], /^stackcheck: invariants: give --json or --markdown, not both$/],
];

describe('bad flags', () => {
  test.each(cases)('%j: one line, exit 2, nothing saved', async (argv, message) => {
    const r = await runCli(...argv, ...(argv[0] === 'run' ? ['--out', out] : []));
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err.trim()).toMatch(message);
    expect(r.out).toBe('');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  test('every scope key runs at both ends of its stated range', async () => {
    const top = scopeKeys.map((k) => `${k}=${scopeRanges[k].max}`).join(',');
    const bottom = scopeKeys.map((k) => `${k}=${k === 'arenaPages' ? 9 : scopeRanges[k].min}`).join(',');
    for (const scope of [top, bottom]) {
      const r = await runCli('run', '--runs', '3', '--max-steps', '40', '--scope', scope, '--out', out);
      expect(r.err).toBe('');
      expect([0, 1]).toContain(r.code);
    }
  });

  test('--help states every scope range', async () => {
    const r = await runCli('--help');
    for (const k of scopeKeys) expect(r.out).toContain(`${k} ${scopeRanges[k].min}..${scopeRanges[k].max}`);
  });
});
