// Faults around the tool rather than in its input: a stdout that cannot be written, a full
// disk, a read-only mount, a signal in the middle of a save. The finding is never lost, a
// file is never half-written, no temporary file is left, and every error is one line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultCorpusDir } from '../../counterexamples/index.ts';
import { runCli } from '../cli-helpers.ts';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin', 'stackcheck.mjs');
const good = join(defaultCorpusDir, 'no-stack-span-freed-during-gc-306864f27a.json');
const finding = ['run', '--workers', '1', '--mutant', 'stackpoolfree-frees-during-gc', '--runs', '50'];

/** Mounts a tmpfs (root only, as in this project's sandbox; skipped elsewhere). */
function mountTmpfs(options: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'stackcheck-mnt-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? dir : null;
}

const full = mountTmpfs('size=4k');
const readOnly = mountTmpfs('ro,size=4k');
if (full !== null) {
  // Fill the file system to its last byte.
  spawnSync('sh', ['-c', `cat /dev/zero > ${join(full, 'filler')} 2>/dev/null`]);
}

afterAll(() => {
  for (const d of [full, readOnly]) if (d !== null) spawnSync('umount', [d]);
});

const leftovers = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('faults', () => {
  test('a stdout that cannot be written (/dev/full) is one line, exit 2', () => {
    const r = spawnSync('sh', ['-c', `node ${bin} invariants > /dev/full`], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('stackcheck: cannot write the output: ENOSPC\n');
  });

  test.skipIf(full === null)('a full disk under --out: the finding is printed, then the save error, exit 1, no temporary file', async () => {
    const r = await runCli(...finding, '--out', full ?? '');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/result: VIOLATION: invariant no-stack-span-freed-during-gc/);
    expect(r.out).toMatch(/\nreproduce: stackcheck run /);
    expect(r.err).toBe(`stackcheck: cannot save the counterexample in ${full}: no space left on device (ENOSPC)\n`);
    expect(leftovers(full ?? '')).toEqual([]);
  });

  test.skipIf(full === null)('a full disk under --html keeps the page that was there, no temporary file', async () => {
    const page = join(full ?? '', 'filler');
    const before = readFileSync(page);
    const r = await runCli('replay', good, '--html', page);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`stackcheck: --html ${page}: no space left on device (ENOSPC)\n`);
    expect(readFileSync(page).equals(before)).toBe(true);
    expect(leftovers(full ?? '')).toEqual([]);
  });

  test.skipIf(readOnly === null)('a read-only mount\'s missing subfolder is reported as read-only, not ENOENT', async () => {
    const out = join(readOnly ?? '', 'sub', 'dir');
    const r = await runCli(...finding, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`stackcheck: cannot save the counterexample in ${out}: ${readOnly} is not writable: read-only file system (EROFS)\n`);
  });

  test('--html and --itf replace an existing file only with a whole new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-atomic-'));
    const html = join(dir, 'page.html');
    const itf = join(dir, 'trace.itf.json');
    writeFileSync(html, 'old page');
    writeFileSync(itf, 'old trace');
    const r = await runCli('replay', good, '--html', html, '--itf', itf);
    expect(r.code).toBe(1);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(JSON.parse(readFileSync(itf, 'utf8'))).toHaveProperty('states');
    expect(leftovers(dir)).toEqual([]);
    const bad = await runCli('replay', good, '--html', join(dir, 'no', 'such', 'dir', 'page.html'));
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
  });

  test('SIGINT in the middle of a save waits for it: the file is whole, no temporary file, the process then ends by the signal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-sigint-'));
    // The signal is sent from inside the save (between the temporary file and its link).
    const script = `
      import { withSignalsDeferred } from '${join(root, 'counterexamples', 'signals.ts')}';
      import { saveCounterexample } from '${join(root, 'counterexamples', 'save.ts')}';
      import { loadCounterexample } from '${join(root, 'counterexamples', 'load.ts')}';
      const loaded = loadCounterexample(${JSON.stringify(good)});
      const saved = withSignalsDeferred(() => {
        process.kill(process.pid, 'SIGINT');
        return saveCounterexample(loaded.doc, ${JSON.stringify(dir)});
      });
      console.log(saved.path);
      setTimeout(() => console.log('not reached'), 2000);
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: root });
    expect(r.signal).toBe('SIGINT');
    expect(r.stdout).not.toContain('not reached');
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(leftovers(dir)).toEqual([]);
    expect(readFileSync(join(dir, files[0]), 'utf8')).toBe(readFileSync(good, 'utf8'));
    rmSync(dir, { recursive: true });
  });

  test('a failed write removes its temporary file (EEXIST at the target directory entry)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-tmp-'));
    const target = join(dir, 'page.html');
    mkdirSync(target);
    const r = await runCli('replay', good, '--html', target);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^stackcheck: --html .*page\.html: .*\n$/);
    expect(existsSync(target)).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });
});
