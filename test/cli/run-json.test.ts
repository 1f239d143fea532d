// `run --json` reports the time to detection (the end of the first failing run) apart from
// the whole run's time, which includes shrinking.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../cli-helpers.ts';

const out = mkdtempSync(join(tmpdir(), 'stackcheck-json-'));

describe('run --json times', () => {
  test('a finding has detectedMs, at most elapsedMs; a clean run has detectedMs null', async () => {
    const found = JSON.parse((await runCli('run', '--workers', '1', '--mutant', 'stackpoolfree-frees-during-gc', '--runs', '50', '--json', '--out', out)).out) as { detectedMs: number | null; elapsedMs: number };
    expect(found.detectedMs).toEqual(expect.any(Number));
    expect(found.detectedMs ?? Infinity).toBeLessThanOrEqual(found.elapsedMs);
    const clean = JSON.parse((await runCli('run', '--workers', '1', '--runs', '5', '--json', '--out', out)).out) as { detectedMs: number | null };
    expect(clean.detectedMs).toBeNull();
  });
});
