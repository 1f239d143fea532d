// `stackcheck replay FILE --html OUT`: a self-contained trace explorer, checked in a real
// browser (Debian's chromium through playwright-core): it loads with no network, opens at the
// failing step, its state panel shows the facts stateSummary computes (the GC phase for the
// I6 finding, the parking goroutine for the sudog throw, the wrong cache size, the dangling
// sudog.elem in red), it moves by keyboard and by #step=N links, and it lays out from 900 to
// 1900 px without horizontal scrolling (screenshots are written for people to look at).

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { defaultCorpusDir, loadCounterexample, replay, runtimeFor, type Replay } from '../../counterexamples/index.ts';
import { memoryMap } from '../../counterexamples/memory-map.ts';
import { stateSummary } from '../../counterexamples/state-summary.ts';
import { runCli } from '../cli-helpers.ts';

const executablePath = '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);
const install = `${executablePath} is missing: install Chromium from the OS (Debian: apt-get install -y chromium), see README.md`;
const outDir = join(process.cwd(), 'test-output', 'html');
mkdirSync(outDir, { recursive: true });

const corpus = {
  gc: 'no-stack-span-freed-during-gc-72424a811e',
  park: 'throw-341a24809d',
  cache: 'cache-size-matches-list-1d28c2f542',
  sudog: 'sudog-elem-in-own-stack-849d6b702c',
  fp: 'frame-pointer-chain-85969ec6cc',
} as const;
type Name = keyof typeof corpus;
const fileOf = (n: Name): string => join(defaultCorpusDir, `${corpus[n]}.json`);
const pageOf = (n: Name): string => join(outDir, `${corpus[n]}.html`);

async function replayed(n: Name): Promise<Replay> {
  const loaded = loadCounterexample(fileOf(n));
  if (!loaded.ok) throw new Error(loaded.error);
  const rt = await runtimeFor(loaded.doc.mutant);
  if (!rt.ok) throw new Error(rt.error);
  return replay(loaded.doc, loaded.cfg, rt.rt);
}

beforeAll(async () => {
  for (const n of Object.keys(corpus) as Name[]) expect((await runCli('replay', fileOf(n), '--html', pageOf(n))).code).toBe(1);
});

test('replay --html writes a self-contained page', () => {
  const html = readFileSync(pageOf('fp'), 'utf8');
  // Only in-page references (#step=N links, url(#arrowhead)) and the SVG namespace name, which is an identifier, not a fetch.
  expect(html.replaceAll("'http://www.w3.org/2000/svg'", '')).not.toMatch(/\s(src|href)=(?!"#)|@import|url\((?!#)|https?:\/\//);
  expect(html).toContain('<script id="trace" type="application/json">');
  expect(html).toContain("default-src 'none'");
});

test('without Chromium under CI the browser tests fail with the install instruction', () => {
  if (!haveChromium && process.env.CI === 'true') throw new Error(install);
});

describe.skipIf(!haveChromium)(`in chromium${haveChromium ? '' : ` (skipped: ${install})`}`, () => {
  let browser: Browser;
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(n: Name, width = 1400, hash = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on('request', (q) => requests.push(q.url()));
    page.on('pageerror', (e) => errors.push(`${n}: ${e.message}`));
    await page.goto(`file://${pageOf(n)}${hash}`);
    return page;
  }

  const label = (page: Page): Promise<string | null> => page.textContent('#step-label');
  /** The state panel's cell of a fact, by row key and fact name. */
  async function fact(page: Page, rowKey: string, k: string): Promise<{ text: string; cls: string }> {
    return page.evaluate(([key, name]) => {
      const tr = document.querySelector(`#summary tr[data-key="${key}"]`);
      if (tr !== null) {
        const heads = [...tr.closest('table')!.querySelectorAll('thead th')].map((th) => th.textContent);
        const cell = tr.children[heads.indexOf(name)] as HTMLElement | undefined;
        if (cell !== undefined && !tr.classList.contains('sub')) return { text: cell.textContent ?? '', cls: cell.className };
        const part = [...tr.querySelectorAll('.part')].find((p) => p.firstChild?.textContent === `${name} `);
        const v = part?.lastElementChild as HTMLElement | undefined;
        return { text: v?.textContent ?? '', cls: v?.className ?? '' };
      }
      const facts = [...document.querySelectorAll('#summary .facts > span')].find((s) => s.firstElementChild?.textContent === name);
      const v = facts?.lastElementChild as HTMLElement | undefined;
      return { text: v?.textContent ?? '', cls: v?.className ?? '' };
    }, [rowKey, k] as const);
  }

  test('opens at the failing step, numbered as the command line numbers it, with the state that explains it', async () => {
    const page = await open('gc');
    const rep = await replayed('gc');
    expect(await label(page)).toBe(`step 2 of 3: ${rep.steps[2].text}`);
    expect(await page.isVisible('#violation.recorded')).toBe(true);
    expect(await page.textContent('#violation')).toContain('no-stack-span-freed-during-gc (I6: ');
    expect((await fact(page, 'gc', 'phase')).text).toBe('mark');
    // Every fact of the state panel is stateSummary's, in the same order.
    const expected = stateSummary(rep.cfg, rep.steps[2].after).flatMap((s) => s.rows.flatMap((r) => [r, ...r.sub])).flatMap((r) => r.facts.map((f) => f.v));
    const shown = await page.$$eval('#summary td:not([colspan]), #summary .part > span:last-child, #summary .facts > span > span:last-child',
      (cs) => cs.map((c) => c.textContent ?? '').filter((t) => t !== ''));
    expect(shown.sort()).toEqual(expected.filter((v) => v !== '').sort());
    await page.close();
  });

  test('the sudog throw shows the goroutine parking on the channel while the GC marks', async () => {
    const page = await open('park');
    expect(await label(page)).toContain('step 5 of 6: scanstack g0 by worker on P0');
    expect(await page.textContent('#state-title')).toBe('State before step 5 (it did not complete)');
    expect((await fact(page, 'g0', 'status')).text).toBe('waiting');
    expect((await fact(page, 'g0', 'parkingOnChan / activeStackChans')).text).toBe('yes / no');
    expect((await fact(page, 'gc', 'phase')).text).toBe('mark');
    await page.close();
  });

  test('a 0-step trace says the violation is in the initial state; the wrong cache size is marked', async () => {
    const page = await open('cache');
    expect(await label(page)).toBe('initial state: this trace has 0 steps, the violation is in the initial state');
    const c = await fact(page, 'P0', 'cache[0]');
    expect(c.text).toBe('14 KiB / 32 KiB (6 blocks) holding 12 KiB');
    expect(c.cls).toContain('bad');
    expect(await page.textContent('#actions')).toContain('no actions');
    await page.close();
  });

  test('the dangling sudog.elem is red in the state panel and in the stack picture; pointers into the stack get arrows', async () => {
    const page = await open('sudog');
    const elem = await fact(page, 'g1.sudog0', 'elem');
    expect(elem.text).toBe('0xc00000ebd8 → freed memory: P1 cache[0]');
    expect(elem.cls).toContain('bad');
    expect(elem.cls).toContain('chg');
    const bad = await page.$$eval('.card[data-goid="1"] .w.bad', (ws) => ws.map((w) => w.textContent));
    expect(bad).toEqual(['sudog0.elem (c0)0xc00000ebd8 → freed memory: P1 cache[0]']);
    expect(await page.$$eval('.card[data-goid="1"] svg path[marker-end]', (ps) => ps.length)).toBe(2); // sched.sp and sched.bp
    expect(await page.textContent('.card[data-goid="1"] .w.target[data-addr]')).toContain('frame0.bp');
    await page.close();
  });

  test('keyboard and #step=N links move through the steps; the memory is the model\'s at each', async () => {
    const rep = await replayed('fp');
    const expected = (i: number): string[] =>
      memoryMap(rep.cfg, i < 0 ? rep.initial : rep.steps[i].after).flatMap((row) => row.blocks.map((b) => b.owner));
    const owners = (page: Page): Promise<string[]> => page.$$eval('#memory .block', (bs) => bs.map((b) => (b as HTMLElement).dataset.owner ?? ''));
    const page = await open('fp', 1400, '#step=1');
    expect(await label(page)).toBe(`step 1 of 8: ${rep.steps[1].text}`);
    expect(await owners(page)).toEqual(expected(1));
    await page.keyboard.press('ArrowRight');
    expect(await label(page)).toBe(`step 2 of 8: ${rep.steps[2].text}`);
    expect(page.url()).toMatch(/#step=2$/);
    await page.keyboard.press('Home');
    expect(await label(page)).toBe('initial state (before step 0 of 8)');
    expect(page.url()).toMatch(/#step=initial$/);
    expect(await owners(page)).toEqual(expected(-1));
    await page.keyboard.press('ArrowLeft');
    expect(await label(page)).toBe('initial state (before step 0 of 8)');
    await page.keyboard.press('End');
    expect(await label(page)).toBe(`step 7 of 8: ${rep.steps[7].text}`);
    expect(await page.isDisabled('#next')).toBe(true);
    expect(await page.textContent('#diff')).toContain('g0 pointers still into the old stack: sched.bp 0xc000017fd0');
    await page.click('#actions li:nth-child(4) a');
    expect(await label(page)).toBe(`step 3 of 8: ${rep.steps[3].text}`);
    expect(await page.textContent('#actions li.current')).toBe(rep.steps[3].text);
    await page.evaluate(() => { location.hash = '#step=5'; });
    await page.waitForFunction(() => document.getElementById('step-label')?.textContent?.startsWith('step 5 '));
    expect(await owners(page)).toEqual(expected(5));
    await page.close();
  });

  for (const n of ['gc', 'park', 'sudog'] as const) {
    for (const width of [900, 1900]) {
      test(`${corpus[n]} lays out at ${width} px: no horizontal scrolling, full addresses in view`, async () => {
        const page = await open(n, width);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        // No table is wider than its box (a scrolled table would hide addresses).
        expect(await page.$$eval('.tablewrap', (ws) => ws.filter((w) => w.scrollWidth > w.clientWidth + 1).length)).toBe(0);
        expect(await page.isVisible('#state')).toBe(true);
        await page.screenshot({ path: join(outDir, `${corpus[n]}-${width}.png`), fullPage: true });
        await page.close();
      });
    }
  }

  test('fetched nothing but the pages, and ran without errors', () => {
    expect(requests.filter((u) => !u.startsWith(`file://${outDir}/`))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
