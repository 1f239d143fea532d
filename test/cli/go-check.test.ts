import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { goRelease, checkRelease, GoCheckSetupError, SUPPORTED_RELEASES } from '../../conformance/gocheck/toolchain.ts';
import { profiles } from '../../model/profile.ts';
import { runCli } from '../cli-helpers.ts';

// go-check's refusals, which need no Go build: each is exit 2 with one line on stderr. A real run
// (copy, patch, build, 21 traces) takes a minute or two, so CI runs it as its own step
// (.ci/run: scripts/go-check-patches.sh), not here.

const dir = mkdtempSync(join(tmpdir(), 'go-check-test-'));
const goDir = join(import.meta.dirname, '..', '..', 'conformance', 'go');
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
    [['go-check', fakeGoroot('go121', 'go1.21.0')], /go1\.21\.0: go-check supports go1\.19\.x, go1\.26\.x only/],
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

  it('reads the release from VERSION and accepts exactly the 1.19 and 1.26 families, naming the family', () => {
    expect(goRelease(fakeGoroot('v', 'go1.19.13'))).toBe('go1.19.13');
    expect(goRelease(fakeGoroot('v126', 'go1.26.8'))).toBe('go1.26.8');
    expect(checkRelease('go1.19.13')).toBe('go1.19');
    expect(checkRelease('go1.26.8')).toBe('go1.26');
    expect(checkRelease('go1.26rc1')).toBe('go1.26');
    for (const r of ['go1.27.0', 'go1.1', 'go1.190', 'go1.260', 'devel']) expect(() => checkRelease(r), r).toThrow(GoCheckSetupError);
  });

  it('has a profile and an extended-format patch for every release it supports', () => {
    for (const r of SUPPORTED_RELEASES) {
      expect(profiles[r]?.release, r).toBe(r);
      expect(existsSync(join(goDir, r, 'extended-format.patch')), r).toBe(true);
      expect(readdirSync(join(goDir, r, 'bugs')).filter((f) => f.endsWith('.patch')).length, r).toBeGreaterThanOrEqual(6);
    }
  });

  it('every runtime bug patch prints where its injected bug acts, under its own name, from an added line', () => {
    for (const r of SUPPORTED_RELEASES) {
      for (const f of readdirSync(join(goDir, r, 'bugs')).filter((x) => x.endsWith('.patch'))) {
        const text = readFileSync(join(goDir, r, 'bugs', f), 'utf8');
        const marks = [...text.matchAll(/^\+.*print\("injected bug acts here: ([a-z0-9-]+)\\n"\)/gm)].map((m) => m[1]);
        expect(marks.length, `${r}/${f}`).toBeGreaterThan(0);
        expect(new Set(marks), `${r}/${f}`).toEqual(new Set([f.replace(/\.patch$/, '')]));
      }
    }
  });
});
