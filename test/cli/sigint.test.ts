// Ctrl-C under a real child process (cli/interrupt.ts), on a pseudo-terminal so the progress
// line says when the run is shrinking: the first SIGINT while a finding is shrunk saves and
// prints the best counterexample so far (exit 1) and that file replays; a SIGINT during a
// plain run prints the partial report (exit 130); a second SIGINT exits at once (130) even
// when the first cannot stop the work (a user routine that never returns).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = process.cwd();
const bin = join(root, 'bin', 'stackcheck.mjs');
const haveScript = existsSync('/usr/bin/script');

interface Session { readonly text: string; readonly code: number | null; readonly afterLastSignalMs: number }

/**
 * Runs stackcheck under `script` (a pseudo-terminal); each time `when[k]` first matches what it
 * printed, one SIGINT is sent to the stackcheck
 * process itself (the shell execs it, so its pid is the one echoed before).
 */
function interrupted(args: readonly string[], when: readonly RegExp[]): Promise<Session> {
  const cmd = `echo STACKCHECK_PID=$$; exec '${process.execPath}' '${bin}' ${args.map((a) => `'${a}'`).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', cmd, '/dev/null'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    let sent = 0;
    let lastSignal = 0;
    const look = (): void => {
      const pid = /STACKCHECK_PID=(\d+)/.exec(text);
      if (pid !== null && sent < when.length && when[sent].test(text)) {
        sent++;
        lastSignal = performance.now();
        process.kill(Number(pid[1]), 'SIGINT');
      }
    };
    child.stdout.on('data', (b: Buffer) => {
      text += b.toString('utf8');
      look();
    });
    child.on('error', reject);
    // `script -e` exits with the child's code (128 + n for a signal).
    child.on('close', (code) => resolve({ text: text.replace(/\r\n/g, '\n'), code, afterLastSignalMs: performance.now() - lastSignal }));
  });
}

describe.skipIf(!haveScript)('SIGINT', () => {
  test('while shrinking: the best counterexample so far is saved and printed, exit 1, and it replays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-sigint-shrink-'));
    // A mutant that breaks only in the ninth GC cycle: its first failing trace is hundreds of
    // steps long whatever the seed, and shrinking it takes seconds, so the signal lands in it.
    const mutant = 'test/mutants/fixtures/late-gc-throw.ts';
    const r = await interrupted(['run', '--mutant-file', mutant, '--max-steps', '5000', '--out', dir], [/shrinking: /]);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/stackcheck: interrupted: stopping/);
    expect(r.text).toMatch(/^result: VIOLATION: runtime throw "late-gc-throw: the ninth GC cycle"/m);
    expect(r.text).toMatch(/^counterexample: \d+ steps \(shrunk from \d+, .*shrinking stopped by SIGINT: the best so far\)$/m);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(r.text).toContain(`counterexample saved: ${join(dir, files[0])}`);
    const saved = JSON.parse(readFileSync(join(dir, files[0]), 'utf8')) as { actions: unknown[] };
    expect(saved.actions).toHaveLength(Number(/^counterexample: (\d+) steps/m.exec(r.text)![1]));
    const replayed = spawnSync(process.execPath, [bin, 'replay', join(dir, files[0]), '--mutant-file', mutant], { encoding: 'utf8', cwd: root });
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toMatch(/reproduced/);
    rmSync(dir, { recursive: true });
  }, 180_000);

  test('during a plain run: the partial report (runs and coverage so far), exit 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-sigint-plain-'));
    const r = await interrupted(['run', '--workers', '1', '--runs', '1000000', '--out', dir], [/run: [\d,]+\/1,000,000 runs/]);
    expect(r.code).toBe(130);
    const runs = /^runs ([\d,]+), steps ([\d,]+), .*, stopped by SIGINT$/m.exec(r.text);
    expect(runs).not.toBeNull();
    expect(Number(runs![1].replace(/,/g, ''))).toBeGreaterThan(0);
    expect(Number(runs![1].replace(/,/g, ''))).toBeLessThan(1_000_000);
    expect(r.text).toMatch(/^actions: \d+\/\d+ reached: /m);
    expect(r.text).toMatch(/^invariants: \d+, /m);
    expect(r.text).toMatch(/^result: no violation found in the runs done before SIGINT$/m);
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true });
  }, 120_000);

  test('a second SIGINT exits at once, even while the first cannot stop the work (a mutant file that never finishes loading)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-sigint-twice-'));
    const r = await interrupted(
      ['run', '--mutant-file', 'test/mutants/fixtures/loops-at-import.mjs', '--runs', '50', '--out', dir],
      // The first once the status line shows the file loading, the second once the first was acknowledged.
      [/run: loading /, /interrupted: stopping/],
    );
    expect(r.code).toBe(130);
    expect(r.text).toMatch(/stackcheck: interrupted again: exiting at once/);
    expect(r.afterLastSignalMs).toBeLessThan(5_000);
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true });
  }, 120_000);
});
