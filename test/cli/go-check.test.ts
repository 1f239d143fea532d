import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { goRelease, checkRelease, GoCheckSetupError } from '../../conformance/gocheck/toolchain.ts';
import { runCli } from '../cli-helpers.ts';

// go-check's refusals, which need no Go build: each is exit 2 with one line on stderr. A real run
// (copy, patch, build, 21 traces) takes a minute or two, so CI runs it as its own step
// (.ci/run: scripts/go-check-patches.sh), not here.

const dir = mkdtempSync(join(tmpdir(), 'go-check-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A directory that looks like a GOROOT of the given release (VERSION file, stack.go, bin/go). */
function fakeGoroot(name: string, release: string): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'src', 'runtime'), { recursive: true });
  mkdirSync(join(root, 'bin'), { recursive: true });
  writeFileSync(join(root, 'src', 'runtime', 'stack.go'), 'package runtime\n');
  writeFileSync(join(root, 'bin', 'go'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  writeFileSync(join(root, 'VERSION'), `${release}\ntime 2023-01-01\n`);
  return root;
}

describe('stackcheck go-check refuses what it cannot check', () => {
  it.each([
    [['go-check'], /go-check takes one GOROOT/],
    [['go-check', join(dir, 'nowhere')], /is not a GOROOT with sources/],
    [['go-check', fakeGoroot('go121', 'go1.21.0')], /go1\.21\.0: go-check supports go1\.19\.x only/],
    [['go-check', fakeGoroot('go119', 'go1.19.8'), '--procs', '0'], /--procs/],
  ])('%j: exit 2, one line', async (argv, message) => {
    const r = await runCli(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
  });

  it('a GOROOT without a Go toolchain says how to install one', () => {
    const root = fakeGoroot('nogo', 'go1.19.8');
    rmSync(join(root, 'bin', 'go'));
    expect(() => goRelease(root)).toThrow(/no Go toolchain .*apt-get install -y golang-1\.19-go golang-1\.19-src/);
  });

  it('reads the release from VERSION and accepts exactly the 1.19 family', () => {
    expect(goRelease(fakeGoroot('v', 'go1.19.13'))).toBe('go1.19.13');
    expect(() => checkRelease('go1.19.13')).not.toThrow();
    for (const r of ['go1.26.0', 'go1.1', 'go1.190']) expect(() => checkRelease(r), r).toThrow(GoCheckSetupError);
  });
});
