// `stackcheck replay FILE --html OUT`: a self-contained page, checked in a real browser
// (Debian's chromium through playwright-core): it loads with no network, steps through the
// trace, shows the memory of each state as the model has it, and highlights the violation.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { defaultCorpusDir, loadCounterexample, replay, runtimeFor } from '../../counterexamples/index.ts';
import { memoryMap } from '../../counterexamples/memory-map.ts';
import { runCli } from '../cli-helpers.ts';
import { localFaults } from './faults.ts';

vi.mock('../../counterexamples/mutant-runtime.ts', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../counterexamples/mutant-runtime.ts')>();
  const { localFaults: faults } = await import('./faults.ts');
  return { ...orig, runtimeFor: (m: string | null) => orig.runtimeFor(m, faults) };
});

const executablePath = '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);
const file = join(defaultCorpusDir, 'frame-pointer-chain-d8286d696c.json');
const out = join(mkdtempSync(join(tmpdir(), 'stackcheck-html-')), 'trace.html');

test('replay --html writes a self-contained page', async () => {
  const r = await runCli('replay', file, '--html', out);
  expect(r.code).toBe(1);
  const html = readFileSync(out, 'utf8');
  expect(html).not.toMatch(/\s(src|href)=|@import|url\(|https?:\/\//);
  expect(html).toContain('<script id="trace" type="application/json">');
  expect(html).toContain("default-src 'none'");
});

describe.skipIf(!haveChromium)(`in chromium${haveChromium ? '' : ` (skipped: ${executablePath} is missing; apt-get install chromium)`}`, () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(out)) await runCli('replay', file, '--html', out);
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('request', (q) => requests.push(q.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${out}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const label = (): Promise<string | null> => page.textContent('#step-label');
  const owners = (): Promise<string[]> => page.$$eval('#memory .block', (bs) => bs.map((b) => (b as HTMLElement).dataset.owner ?? ''));

  test('steps through the trace and shows the memory the model has at each step', async () => {
    const loaded = loadCounterexample(file);
    if (!loaded.ok) throw new Error(loaded.error);
    const rt = await runtimeFor(loaded.doc.mutant, localFaults);
    if (!rt.ok) throw new Error(rt.error);
    const rep = replay(loaded.doc, loaded.cfg, rt.rt);
    const expected = (i: number): string[] =>
      memoryMap(rep.cfg, i === 0 ? rep.initial : rep.steps[i - 1].after).flatMap((row) => row.blocks.map((b) => b.owner));

    expect(await label()).toBe('initial state  (0/8)');
    expect(await page.isVisible('#violation')).toBe(false);
    expect(await page.isDisabled('#prev')).toBe(true);
    expect(await owners()).toEqual(expected(0));
    expect(await page.$$eval('#actions li', (ls) => ls.map((l) => l.textContent))).toEqual(loaded.doc.script);

    await page.click('#next');
    expect(await label()).toBe('after step 0: call g0 call4k  (1/8)');
    expect(await page.textContent('#actions li.current')).toBe('call g0 call4k');
    expect(await page.textContent('#diff')).toContain('stackpool[2]: +0xc000012000');
    expect(await page.$$eval('#memory .block.changed', (bs) => bs.length)).toBeGreaterThan(0);
    expect(await owners()).toEqual(expected(1));

    await page.$eval('#slider', (el) => {
      (el as HTMLInputElement).value = '5';
      el.dispatchEvent(new Event('input'));
    });
    expect(await label()).toBe('after step 4: chanrecv g0 c0  (5/8)');
    expect(await owners()).toEqual(expected(5));
    await page.keyboard.press('ArrowRight');
    expect(await label()).toBe('after step 5: gcStart  (6/8)');
    await page.click('#actions li:nth-child(3)');
    expect(await label()).toBe('after step 2: call g0 call96  (3/8)');
  });

  test('highlights the violated invariant at the failing step', async () => {
    await page.click('#fail');
    expect(await label()).toBe('after step 7: scanstack g0 by worker on P0  (8/8)');
    expect(await page.isVisible('#violation.recorded')).toBe(true);
    const v = await page.textContent('#violation');
    expect(v).toContain('frame-pointer-chain (I31: The frame-pointer chain links each frame to its caller): g0 sched.bp 0xc000017fd0');
    expect(v).toContain('← recorded violation');
    expect(await page.textContent('#actions li.fail')).toBe('scanstack g0 by worker on P0');
    expect(await page.isDisabled('#next')).toBe(true);
    expect(await page.textContent('#diff')).toContain('g0 pointers still into the old stack: sched.bp 0xc000017fd0');
    await page.click('#prev');
    expect(await page.isVisible('#violation')).toBe(false);
  });

  test('fetched nothing but the page, and ran without errors', () => {
    expect(requests).toEqual([`file://${out}`]);
    expect(errors).toEqual([]);
  });
});
