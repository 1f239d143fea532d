// `stackcheck run` saves each finding as a counterexample file and prints its path (in the
// JSON report too); the file replays to the same violation. The model's goRuntime is
// replaced by a faulty one for this file only, so the real command finds something.

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { runCli } from '../cli-helpers.ts';

vi.mock('../../model/index.ts', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../model/index.ts')>();
  const { stackcacheClearKeeps } = await import('../../model/mutants/local-faults.ts');
  return { ...orig, goRuntime: stackcacheClearKeeps.rt };
});

describe('stackcheck run keeps what it finds', () => {
  test('the text report ends with the saved path; a second run reuses the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-run-'));
    const r = await runCli('run', '--workers', '1', '--runs', '50', '--seed', '2', '--out', dir);
    expect(r.code).toBe(1);
    const m = /\ncounterexample saved: (.+)\nreplay: stackcheck replay (.+)$/.exec(r.out);
    expect(m).not.toBeNull();
    const path = m?.[1] ?? '';
    expect(m?.[2]).toBe(path);
    expect(path.startsWith(dir)).toBe(true);
    const text = readFileSync(path, 'utf8');
    const again = await runCli('run', '--workers', '1', '--runs', '50', '--seed', '2', '--out', dir);
    expect(again.out).toContain(`counterexample already saved: ${path}`);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(readFileSync(path, 'utf8')).toBe(text);
    const doc = JSON.parse(text) as { mutant: unknown; seed: number; runs: number; maxSteps: number; finding: { id: string; step: number } };
    expect(doc).toMatchObject({ mutant: null, seed: 2, runs: 50, maxSteps: 300 });
    const replayed = await runCli('replay', path);
    expect(replayed.code).toBe(1);
    expect(replayed.out).toContain(`reproduced at step ${doc.finding.step}`);
  });

  test('--json carries the path', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'stackcheck-run-')), 'new', 'dir');
    const r = await runCli('run', '--workers', '1', '--runs', '50', '--seed', '2', '--out', dir, '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { counterexampleFile: string };
    expect(existsSync(report.counterexampleFile)).toBe(true);
    expect(report.counterexampleFile.startsWith(dir)).toBe(true);
  });

  test('an unwritable --out loses nothing: the finding is printed, then the save error, exit 1', async () => {
    // (Not under /proc: node's recursive mkdir loops forever there.)
    const file = join(mkdtempSync(join(tmpdir(), 'stackcheck-run-')), 'a-file');
    writeFileSync(file, 'not a directory\n');
    const r = await runCli('run', '--workers', '1', '--runs', '50', '--seed', '2', '--out', join(file, 'corpus'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/result: VIOLATION: .*\n(.*\n)*reproduce: stackcheck run --seed 2 /);
    expect(r.out).not.toContain('counterexample saved');
    expect(r.err).toBe(`stackcheck: cannot save the counterexample in ${join(file, 'corpus')}: a part of the path is a file, not a directory (ENOTDIR)\n`);
    expect(readFileSync(file, 'utf8')).toBe('not a directory\n');
    const json = await runCli('run', '--workers', '1', '--runs', '50', '--seed', '2', '--out', join(file, 'corpus'), '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ saveError: expect.stringContaining('ENOTDIR'), counterexample: { script: expect.any(Array) } });
  });
});
