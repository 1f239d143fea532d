// --time-limit bounds generation only (properties/check.ts): a finding made before the limit
// is shrunk to the end, so the saved file is the one the printed reproduce line (which has no
// --time-limit) saves again, byte for byte. Without a finding the run ends at the limit.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { runCli } from '../cli-helpers.ts';

afterEach(() => vi.restoreAllMocks());

const savedFile = (dir: string): string => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  expect(files).toHaveLength(1);
  return readFileSync(join(dir, files[0]), 'utf8');
};

test('a finding under --time-limit: the reproduce line saves the very same file', async () => {
  const a = mkdtempSync(join(tmpdir(), 'stackcheck-tl-a-'));
  const b = mkdtempSync(join(tmpdir(), 'stackcheck-tl-b-'));
  // Shrinking this mutant's first failure takes seconds: more than the 1 s limit, which once cut it.
  const first = await runCli('run', '--mutant', 'sudog-elem-not-adjusted', '--runs', '100000', '--time-limit', '1', '--out', a);
  expect(first.code).toBe(1);
  const line = /^reproduce: stackcheck (run .*)$/m.exec(first.out)![1];
  expect(line).not.toContain('--time-limit');
  const again = await runCli(...line.split(' '), '--out', b);
  expect(again.code).toBe(1);
  expect(savedFile(b)).toBe(savedFile(a));
  // The same script is printed too.
  const script = (out: string): string => out.slice(out.indexOf('counterexample: '), out.indexOf('\nreproduce: '));
  expect(script(again.out)).toBe(script(first.out));
  rmSync(a, { recursive: true });
  rmSync(b, { recursive: true });
}, 120_000);

test('no finding: generation ends at the limit and says so', async () => {
  const r = await runCli('run', '--runs', '100000000', '--time-limit', '1');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^runs [\d,]+, steps [\d,]+, .*, stopped by --time-limit$/m);
}, 60_000);
