// Without --out a finding is saved under ./stackcheck-findings/ of the working directory (not
// tracked), never into the checkout's counterexamples/corpus/: the README's own example must
// not grow `npm test`. Run as a user would, from a directory outside the repository.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { defaultCorpusDir } from '../../counterexamples/index.ts';

test('a finding with no --out is saved in ./stackcheck-findings/, and the corpus is untouched', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'stackcheck-cwd-'));
  const corpusBefore = readdirSync(defaultCorpusDir).sort();
  const bin = join(process.cwd(), 'bin', 'stackcheck.mjs');
  const r = spawnSync(process.execPath, [bin, 'run', '--workers', '1', '--mutant', 'stackpoolfree-frees-during-gc', '--runs', '50'], { cwd, encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr).toBe('');
  const dir = join(cwd, 'stackcheck-findings');
  expect(existsSync(dir)).toBe(true);
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  expect(r.stdout).toMatch(new RegExp(`counterexample saved: (.*/)?stackcheck-findings/${files[0].replace(/\./g, '\\.')}\n`));
  expect(readdirSync(defaultCorpusDir).sort()).toEqual(corpusBefore);
  rmSync(cwd, { recursive: true });
}, 60_000);
