// Inputs that are not files of a sane size: replay and conform refuse them in one line,
// exit 2, without reading them whole (so no memory growth and no hang).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { traceCap } from '../../cli/conform.ts';
import { counterexampleCap } from '../../counterexamples/load.ts';
import { runCli } from '../cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'stackcheck-inputs-'));
const fifo = join(dir, 'fifo');
spawnSync('mkfifo', [fifo]);
const huge = join(dir, 'huge');
writeFileSync(huge, '');
// Sparse: as large as the trace cap plus one byte, without using the disk.
truncateSync(huge, Math.max(traceCap, counterexampleCap) + 1);

const cases: readonly [string, string, RegExp][] = [
  ['/dev/zero', '/dev/zero', /is a character device, not a regular file/],
  ['a FIFO with no writer', fifo, /is a FIFO \(a named pipe\), not a regular file/],
  ['a directory', dir, /is a directory/],
  ['a file past the cap', huge, /larger than the \d+ MiB a (counterexample file|trace) may have/],
];

describe('inputs that are not sane files', () => {
  test.each(cases)('replay and conform of %s: one line, exit 2', async (_, path, message) => {
    for (const cmd of ['replay', 'conform']) {
      const r = await runCli(cmd, path);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
      expect(r.err).toContain(path);
    }
  });
});
