// `replay --html` of a huge trace stays within a small heap: the page holds a window of
// pageSteps steps around the violation (the action list whole), so a 100,006-step trace
// replays in a process limited to a 160 MiB heap (before the window, the same command died
// of a V8 out-of-memory abort, exit 134). The trace is a corpus finding with 50,000 call/ret
// pairs before it, generated here.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { defaultCorpusDir } from '../../counterexamples/index.ts';
import { pageSteps, pageWindow } from '../../counterexamples/html.ts';

const root = process.cwd();

/** The corpus' parking throw (6 steps) after `pairs` call/ret pairs of g0, which leave its state as it was. */
function padded(pairs: number): { text: string; steps: number; step: number } {
  const doc = JSON.parse(readFileSync(join(defaultCorpusDir, 'throw-341a24809d.json'), 'utf8')) as {
    actions: unknown[]; script: string[]; finding: { step: number };
  };
  const actions: unknown[] = [];
  const script: string[] = [];
  for (let i = 0; i < pairs; i++) {
    actions.push({ kind: 'call', g: 0, fn: 4, slots: [], ctxt: { to: 'nil' } }, { kind: 'ret', g: 0 });
    script.push('call g0 call4k', 'ret g0');
  }
  doc.actions = [...actions, ...doc.actions];
  doc.script = [...script, ...doc.script];
  doc.finding.step += 2 * pairs;
  return { text: JSON.stringify(doc), steps: doc.actions.length, step: doc.finding.step };
}

test('the window: every step of a short trace, pageSteps steps around the finding of a long one', () => {
  const short = { actions: new Array(pageSteps), finding: { id: 'x', step: 5, message: '' } };
  expect(pageWindow(short)).toBeUndefined();
  const long = { actions: new Array(10_000), finding: { id: 'x', step: 7_000, message: '' } };
  const keep = pageWindow(long)!;
  const kept = [...long.actions.keys()].filter(keep);
  expect(kept).toHaveLength(pageSteps);
  expect(keep(7_000)).toBe(true);
  expect(kept[0]).toBeLessThan(7_000 - pageSteps / 2);
  const early = pageWindow({ ...long, finding: { ...long.finding, step: 3 } })!;
  expect(early(0) && early(pageSteps - 1) && !early(pageSteps)).toBe(true);
});

test('a 100,006-step trace: replay --html in a 160 MiB heap, exit 1, a bounded page with the whole action list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stackcheck-huge-'));
  const file = join(dir, 'huge.json');
  const page = join(dir, 'huge.html');
  const big = padded(50_000);
  writeFileSync(file, big.text);
  const r = spawnSync(process.execPath, ['--max-old-space-size=160', join(root, 'bin', 'stackcheck.mjs'), 'replay', file, '--html', page], {
    encoding: 'utf8', cwd: root, timeout: 120_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(new RegExp(`reproduced at step ${big.step} of ${big.steps}: runtime throw`));
  expect(statSync(page).size).toBeLessThan(40 * 2 ** 20);
  const html = readFileSync(page, 'utf8');
  const json = /<script id="trace" type="application\/json">(.*?)<\/script>/s.exec(html)![1];
  const data = JSON.parse(json) as { actions: string[]; frames: { step: number }[]; failFrame: number };
  expect(data.actions).toHaveLength(big.steps);
  // The initial state, then the window, which holds the failing step.
  expect(data.frames.length).toBeLessThanOrEqual(pageSteps + 1);
  expect(data.frames[data.failFrame].step).toBe(big.step);
  rmSync(dir, { recursive: true });
}, 150_000);
