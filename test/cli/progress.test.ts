// Progress lines on a terminal, under a real pseudo-terminal (util-linux `script`): run shows
// runs, steps, steps/s and findings and redraws at least every half second, then the
// shrinking; mutants names mutant k of n and each verdict; replay counts its steps; explore
// its depth, states and queue; conform
// the lines read and the events checked and replayed; npm run bench its part, the phase
// inside it and the parts left; nothing when stderr is piped or with --json.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const bin = join(process.cwd(), 'bin', 'stackcheck.mjs');
const benchBin = join(process.cwd(), 'bin', 'bench.mjs');
const haveScript = existsSync('/usr/bin/script');
const quote = (args: readonly string[]): string => args.map((a) => `'${a}'`).join(' ');

/** Runs stackcheck under a pseudo-terminal; the chunks it printed (stdout and stderr both) with their arrival times. */
function underPty(args: readonly string[], until?: RegExp, script = bin): Promise<{ text: string; redraws: { at: number; text: string }[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', quote([process.execPath, script, ...args]), '/dev/null'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const redraws: { at: number; text: string }[] = [];
    const t0 = performance.now();
    child.stdout.on('data', (b: Buffer) => {
      const s = b.toString('utf8');
      text += s;
      for (const part of s.split('\r').slice(1)) if (part.trim() !== '' && !part.startsWith('\x1b[K\n')) redraws.push({ at: performance.now() - t0, text: part });
      if (until !== undefined && until.test(text)) process.kill(-child.pid!, 'SIGTERM');
    });
    child.on('error', reject);
    child.on('close', () => resolve({ text, redraws }));
  });
}

describe.skipIf(!haveScript)('progress on a terminal', () => {
  test('run: runs, steps, steps/s and findings, redrawn at least every half second', async () => {
    const { redraws } = await underPty(['run', '--workers', '1', '--runs', '1500', '--seed', '3']);
    const lines = redraws.filter((r) => r.text.startsWith('run: '));
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.at(-1)!.text).toMatch(/^run: [\d,]+\/1,500 runs, [\d,]+ steps, [\d,]+ steps\/s, findings 0/);
    const gaps = lines.slice(1).map((l, i) => l.at - lines[i].at).sort((a, b) => a - b);
    expect(gaps[Math.floor(gaps.length / 2)]).toBeLessThan(500); // the median: a loaded machine may stall one redraw
  });

  test('run: while shrinking, the current length and the shrinks done', async () => {
    const { redraws } = await underPty(['run', '--workers', '1', '--mutant', 'shrink-while-parking', '--out', join(process.cwd(), 'test-output', 'progress')]);
    expect(redraws.some((r) => /^run: finding 1 after [\d,]+ runs \([\d,]+ steps\); shrinking: [\d,]+ steps now, [\d,]+ shrinks done/.test(r.text))).toBe(true);
  });

  test('mutants: mutant k of n while it runs, and each verdict as it finishes', async () => {
    const { text } = await underPty(['mutants', '--workers', '1', '--runs', '50', '--time-limit', '5'], /mutant 2 of \d+: /);
    expect(text).toMatch(/mutants: 1 of \d+, shrink-while-parking: [\d]+ runs, \d+ steps/);
    expect(text).toMatch(/mutant 1 of \d+: shrink-while-parking: (caught by |SURVIVED)/);
  });

  test('replay: the steps replayed', async () => {
    const { text } = await underPty(['replay', join('counterexamples', 'corpus', 'throw-341a24809d.json')]);
    expect(text).toMatch(/\rreplay: step 0 of 6/);
  });

  /** The redraws that match, and the median time between two of them. */
  const cadence = (redraws: { at: number; text: string }[], re: RegExp): { lines: { at: number; text: string }[]; median: number } => {
    const lines = redraws.filter((r) => re.test(r.text));
    const gaps = lines.slice(1).map((l, i) => l.at - lines[i].at).sort((a, b) => a - b);
    return { lines, median: gaps[Math.floor(gaps.length / 2)] ?? Infinity };
  };

  test('conform: the bytes and lines read, the events checked and replayed, redrawn at least every half second', async () => {
    // A long trace: a program's own output (20 million short lines, no stack print) before an
    // extended fixture's stack prints. Reading must last several seconds even on a fast idle
    // machine (the compiled CLI reads about 4 million such lines a second), or a half-second
    // cadence shows only one or two redraws whatever the code does.
    const dir = join(process.cwd(), 'test-output', 'progress');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'long.trace');
    const fixture = readFileSync(join('conformance', 'fixtures', 'memstats.p2.ext.trace'), 'utf8');
    writeFileSync(file, 'x\n'.repeat(20_000_000) + fixture);
    const { text, redraws } = await underPty(['conform', file]);
    const reading = cadence(redraws, /^conform: [\d.]+ of 40\.\d MB read, [\d,]+ lines; [\d,]+ events checked, [\d,]+ replayed/);
    expect(reading.lines.length).toBeGreaterThan(2);
    expect(reading.median).toBeLessThan(500); // the median: a loaded machine may stall one redraw
    expect(text).toMatch(/level 1: accepted/);
    // Off a terminal the same command prints no progress.
    const piped = spawnSync(process.execPath, [bin, 'conform', file], { encoding: 'utf8' });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
  });

  test('explore: depth, states, queue and states/s, redrawn at least every half second', async () => {
    // Stopped after eight redraws: the whole search of the tiny scope takes seconds.
    const { redraws } = await underPty(['explore', '--workers', '1'], /(explore: depth[^]*){8}/);
    const lines = cadence(redraws, /^explore: depth \d+, states [\d,]+, queue [\d,]+, [\d,]+ states\/s, \d+ MiB/);
    expect(lines.lines.length).toBeGreaterThan(3);
    expect(lines.median).toBeLessThan(500); // the median: a loaded machine may stall one redraw
  });

  test('npm run bench: the part, the phase inside it and the parts left, redrawn at least every half second', async () => {
    // Stopped after eight redraws of the first phases: the whole bench takes minutes.
    const { redraws } = await underPty(['steps', 'scaling'], /(run \d+ of 600[^]*){8}/, benchBin);
    const steps = cadence(redraws, /^bench: part 1 of 2: steps: engine: (warming up|repetition \d of 5), checks (on|off)[^,]*, run \d+ of 600 \(\d+ s so far; left: scaling\)/);
    expect(steps.lines.length).toBeGreaterThan(3);
    expect(steps.median).toBeLessThan(500); // the median: a loaded machine may stall one redraw
  });

  test('none when stderr is piped, none with --json on a terminal', async () => {
    const piped = spawnSync(process.execPath, [bin, 'run', '--workers', '1', '--runs', '300'], { encoding: 'utf8' });
    expect(piped.stderr).toBe('');
    const { text } = await underPty(['run', '--workers', '1', '--runs', '60', '--json']);
    expect(text).not.toMatch(/\rrun: /);
    expect(JSON.parse(text.replace(/\r\n/g, '\n'))).toMatchObject({ runs: 60 });
  });
});
