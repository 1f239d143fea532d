import { readFileSync } from 'node:fs';
import { runCli } from '../cli-helpers.ts';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTraceBytes, type Trace } from '../../conformance/index.ts';
import { checkConformanceBytes, checkConformanceText, replayLevel2, type Level2Report } from '../../conformance/level2/index.ts';
import { firstFinding } from '../../conformance/conform.ts';
import { goRuntime, type Runtime } from '../../model/index.ts';
import { fixturesDir, readFixture, traceFiles } from './fixtures.ts';

// Level 2: the committed real traces replayed through the model, allocator line by allocator line.

function trace(name: string, dir = fixturesDir): Trace {
  const r = parseTraceBytes(readFixture(name, dir));
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.problems)}`);
  return r.trace;
}

function accepted(r: Level2Report): Level2Report & { status: 'accepted' } {
  if (r.status !== 'accepted') throw new Error(JSON.stringify(r.status === 'divergence' ? r.divergence : r));
  return r;
}

// The figures each clean fixture replays with (alloc paths; heap spans placed and freed; releases and clears).
// They pin the model's paths on real data: a change in the model that moves one shows here.
const figures: Record<string, Record<'cacheHit' | 'refill' | 'large' | 'stackLargeReuse' | 'largeToStackLarge' | 'heapAlloc' | 'spanFreed' | 'release' | 'cacheClear', number>> = {
  'largestack.p1.stock.trace': { cacheHit: 9, refill: 5, large: 9, stackLargeReuse: 0, largeToStackLarge: 0, heapAlloc: 13, spanFreed: 7, release: 0, cacheClear: 2 },
  'memstats.p1.stock.trace': { cacheHit: 178, refill: 18, large: 87, stackLargeReuse: 0, largeToStackLarge: 0, heapAlloc: 101, spanFreed: 95, release: 1, cacheClear: 3 },
  'parkshrink.p1.stock.trace': { cacheHit: 42, refill: 12, large: 28, stackLargeReuse: 8, largeToStackLarge: 20, heapAlloc: 35, spanFreed: 25, release: 2, cacheClear: 3 },
  'recursion.p1.stock.trace': { cacheHit: 21, refill: 5, large: 13, stackLargeReuse: 0, largeToStackLarge: 0, heapAlloc: 17, spanFreed: 10, release: 0, cacheClear: 1 },
  'shortlived.p1.stock.trace': { cacheHit: 162, refill: 22, large: 3, stackLargeReuse: 0, largeToStackLarge: 0, heapAlloc: 15, spanFreed: 6, release: 12, cacheClear: 0 },
};

// GC cycles the default phase mode ('evidence') infers: [first shrink line, ending clear line].
const gcCycles: Record<string, [number, number][]> = {
  'parkshrink.p1.stock.trace': [[413, 453], [454, 498], [499, 541]],
};

describe('level 2 on the clean fixtures', () => {
  it('covers every GOMAXPROCS=1 stock fixture', () => {
    expect(Object.keys(figures).sort()).toEqual(traceFiles().filter((f) => f.includes('.p1.')));
  });

  it.each(Object.entries(figures))('%s replays exactly, with its figures', (name, want) => {
    const r = accepted(replayLevel2(trace(name)));
    expect(r.eventsReplayed).toBe(r.eventsRead);
    expect(r.procs).toBe(1);
    expect(r.procsFrom).toBe('assumed');
    const { cacheHit, refill, large, stackLargeReuse, largeToStackLarge, heapAlloc, spanFreed, release, cacheClear } = r.stats;
    expect({ cacheHit, refill, large, stackLargeReuse, largeToStackLarge, heapAlloc, spanFreed, release, cacheClear }).toEqual(want);
    expect(r.gcPhase).toBe('evidence');
    expect(r.gcCycles).toEqual(gcCycles[name] ?? []);
    // The per-line decisions add up to the model's own counters.
    expect(r.paths.alloc.cacheHit).toBe(cacheHit);
    expect(r.paths.alloc.refill).toBe(refill);
    expect(r.paths.alloc.large).toBe(large);
    expect(r.paths.alloc.stackLargeReuse).toBe(stackLargeReuse);
    expect(r.paths.free.largeToStackLarge).toBe(largeToStackLarge);
    expect(r.paths.free.release).toBe(release);
    expect(r.paths.clear.reduce((a, b) => a + b, 0)).toBe(cacheClear);
    // Every fresh span's base is the only thing taken from the trace.
    expect(r.spansPlaced).toBe(heapAlloc);
    // No line needed the pool path although it printed a P, and no clear attribution was wrong.
    expect(r.paths.poolWithP).toBe(0);
    expect(r.paths.alloc.pool + r.paths.free.pool).toBe(0);
    expect(r.search.backtracks).toBe(0);
  });

  it.each(Object.keys(figures))('%s also replays with the GC phase kept off (stackLarge reuse then comes from the heap oracle)', (name) => {
    const r = accepted(replayLevel2(trace(name), { gcPhase: 'off' }));
    const want = figures[name];
    expect(r.gcCycles).toEqual([]);
    expect(r.stats.stackLargeReuse + r.stats.largeToStackLarge).toBe(0);
    // Each reuse becomes a fresh span at the same base; the pool side does not change.
    expect(r.stats.large).toBe(want.large + want.stackLargeReuse);
    expect(r.stats.heapAlloc).toBe(want.heapAlloc + want.stackLargeReuse);
    expect({ cacheHit: r.stats.cacheHit, refill: r.stats.refill, release: r.stats.release }).toEqual({ cacheHit: want.cacheHit, refill: want.refill, release: want.release });
  });

  it.each(traceFiles().filter((f) => f.endsWith('.p2.stock.trace')))('%s (stock, two Ps) is not replayable: it says how many lines it cannot attribute', (name) => {
    const r = replayLevel2(trace(name));
    expect(r.status).toBe('not-replayable');
    if (r.status !== 'not-replayable') return;
    expect(r.unattributable.length).toBeGreaterThan(50);
    expect(r.reason).toMatch(/interleaved threads/);
    const asked = replayLevel2(trace(name), { procs: 2 });
    expect(asked.status).toBe('not-replayable');
    if (asked.status === 'not-replayable') expect(asked.unattributable).toEqual(r.unattributable);
  });
});

// Extended fixtures print every operation on shared state at its linearisation point, so the
// replay is one pass with no search, and the model's counters must equal what the lines show.
describe('level 2 on the extended fixtures (GOMAXPROCS 2, 4, 8)', () => {
  const ext = traceFiles().filter((f) => f.includes('.ext.'));
  const count = (t: Trace, pred: (e: Trace['events'][number]) => boolean): number => t.events.filter(pred).length;

  it('there are all ten programs at GOMAXPROCS 2 and 4, and all but the four largest at 8', () => {
    const programs = (p: number): string[] => ext.filter((f) => f.includes(`.p${p}.`)).map((f) => f.split('.')[0]);
    const all = ['assistshrink', 'deadframe', 'gcchurn', 'largestack', 'memstats', 'migrate', 'parkshrink', 'recursion', 'resize', 'shortlived'];
    expect(programs(2)).toEqual(all);
    expect(programs(4)).toEqual(all);
    // scripts/trace-go.sh leaves these out at 8 (the folder's size budget); go-check --procs 8 runs them.
    expect(programs(8)).toEqual(all.filter((p) => !['assistshrink', 'memstats', 'resize', 'shortlived'].includes(p)));
  });

  it.each(ext)('%s replays exactly, no search, with the counters its lines show', (name) => {
    const t = trace(name);
    const r = accepted(replayLevel2(t));
    expect(r.eventsReplayed).toBe(r.eventsRead);
    expect(r.search.backtracks).toBe(0);
    expect(r.gcPhase).toBe('printed');
    expect(r.endNotes).toEqual([]);
    const procs = Number(/\.p(\d)\./.exec(name)![1]);
    // resize raises GOMAXPROCS to 8 at run time whatever it started with.
    expect(r.procs).toBe(name.startsWith('resize') ? 8 : procs);
    expect(r.stats.refill).toBe(count(t, (e) => e.kind === 'stackcacherefill'));
    expect(r.stats.release).toBe(count(t, (e) => e.kind === 'stackcacherelease'));
    expect(r.stats.heapAlloc).toBe(count(t, (e) => e.kind === 'stackspan' && e.op === 'alloc'));
    expect(r.stats.spanFreed).toBe(count(t, (e) => (e.kind === 'stackspan' && e.op === 'free') || (e.kind === 'stacklarge' && e.op === 'free')));
    expect(r.stats.stackLargeReuse).toBe(count(t, (e) => e.kind === 'stacklarge' && e.op === 'pop'));
    expect(r.stats.largeToStackLarge).toBe(count(t, (e) => e.kind === 'stacklarge' && e.op === 'push'));
    expect(r.stats.pool).toBe(count(t, (e) => e.kind === 'stackpool'));
    // (The model's cacheClear also counts the empty flushes that stand for re-created Ps' new mcaches.)
    expect(r.paths.clear.reduce((a, b) => a + b, 0)).toBe(count(t, (e) => e.kind === 'stackcache_clear' && e.order === 0));
    expect(r.gcCycles).toHaveLength(count(t, (e) => e.kind === 'gcphase' && e.phase === 'mark'));
    // The per-line decisions add up to the model's own counters.
    expect(r.paths.alloc.cacheHit).toBe(r.stats.cacheHit);
    expect(r.paths.alloc.refill).toBe(r.stats.refill);
    expect(r.paths.alloc.large).toBe(r.stats.large);
    expect(r.spansPlaced).toBe(r.stats.heapAlloc);
  });

  it('every decision is at an allocator line and names the P that line printed', () => {
    const t = trace('migrate.p8.ext.trace');
    const r = accepted(replayLevel2(t));
    const lines = new Map(t.events.map((e) => [e.line, e]));
    for (const d of r.decisions) {
      const e = lines.get(d.line);
      if (d.op === 'gc') expect(e?.kind).toBe('gcphase');
      else if (d.op === 'clear') expect(e).toMatchObject({ kind: 'stackcache_clear', p: d.p });
      else if ((e?.kind === 'allocated' && e.by === 'printed') || e?.kind === 'stackfree' || e?.kind === 'stackcacherefill' || e?.kind === 'stackpool') expect(d.p).toBe(e.p);
      else if (e?.kind === 'stackspan' || e?.kind === 'stacklarge') expect(d.p).toBe(-1);
      else throw new Error(`decision at line ${d.line} is not an allocator line`);
    }
  });
});

describe('level 2 catches what level 1 cannot', () => {
  const dir = join(fixturesDir, 'tampered-level2');
  const expected: Record<string, { line: number; expected: string; seen: string; source: string; changed: number[] }> = {
    'lifo-swap.trace': { line: 261, expected: '0xc00008b800', seen: '0xc000089000', source: 'shortlived.p1.stock.trace', changed: [261, 263] },
    'missing-refill.trace': { line: 110, expected: 'stackcacherefill order=0 before this line', seen: 'no refill', source: 'shortlived.p1.stock.trace', changed: [109] },
    'ext-lifo-swap.trace': { line: 107, expected: '0xc0000b6800', seen: '0xc0000b7000', source: 'shortlived.p2.ext.trace', changed: [107, 109] },
  };

  it('the set is exactly the documented one', () => {
    expect(traceFiles(dir)).toEqual(Object.keys(expected).sort());
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    for (const [file, want] of Object.entries(expected)) expect(readme).toContain(`| ${file} | ${want.source} | ${want.line} |`);
  });

  it.each(Object.entries(expected))('%s passes level 1 and diverges at its line with expected vs seen', (file, want) => {
    const r = checkConformanceBytes(readFixture(file, dir));
    expect(r.level1.status).toBe('accepted');
    expect(r.status).toBe('divergence');
    if (r.level2 === null || r.level2.status !== 'divergence') return;
    expect(r.level2.divergence).toMatchObject({ line: want.line, expected: want.expected, seen: want.seen });
    expect(r.level2.eventsReplayed).toBeLessThan(r.level2.eventsRead);
  });

  it.each(Object.entries(expected))('%s differs from its clean source only where documented', (file, want) => {
    const a = new TextDecoder().decode(readFixture(want.source)).split('\n');
    const b = new TextDecoder().decode(readFixture(file, dir)).split('\n');
    if (file === 'missing-refill.trace') {
      expect(b).toEqual(a.filter((_, i) => i + 1 !== want.line));
      expect(a[want.line - 1]).toBe('stackcacherefill order=0');
      return;
    }
    expect(a.flatMap((l, i) => (l === b[i] ? [] : [i + 1]))).toEqual(want.changed);
  });
});

describe('a divergence deep in a long trace', () => {
  it('is reported at its line even when the search runs out of alternatives to try first', () => {
    // memstats.p1: swap the addresses of two cache hits (lines 1337 and 1339), as lifo-swap.trace does.
    const lines = new TextDecoder().decode(readFixture('memstats.p1.stock.trace')).split('\n');
    expect([lines[1336], lines[1338]]).toEqual(['  allocated 0xc000039000', '  allocated 0xc000035800']);
    [lines[1336], lines[1338]] = [lines[1338], lines[1336]];
    const r = checkConformanceText(lines.join('\n'));
    expect(r.status).toBe('divergence');
    if (r.level2 === null || r.level2.status !== 'divergence') return;
    expect(r.level2.divergence).toMatchObject({ line: 1337, expected: '0xc000039000', seen: '0xc000035800' });
    // Each span the model returned to the heap since the last clear is a place where an unseen GC
    // could have begun: the search tries them all before giving up, within its budget.
    expect(r.level2.search.backtracks).toBeGreaterThan(0);
  });
});

describe('level 1 rejections: level 2 replays only the lines before the violation', () => {
  const dir = join(fixturesDir, 'tampered');
  it.each(traceFiles(dir))('%s is a level-1 violation, with no level-2 divergence before it', (file) => {
    const r = checkConformanceBytes(readFixture(file, dir));
    expect(r.status).toBe('violation');
    expect(r.level2).toBeNull();
  });

  it('a skipped release that level 2 sees before a later level-1 violation is the first finding, at level 2', () => {
    const lines = new TextDecoder().decode(readFixture('gcchurn.p2.ext.trace')).split('\n');
    const release = lines.findIndex((l) => l.startsWith('stackcacherelease '));
    const bad = [...lines.slice(0, release), ...lines.slice(release + 1, -1), 'stackalloc 3072', ''].join('\n');
    const r = checkConformanceText(bad);
    expect(r.status).toBe('violation');
    expect(r.level1.status === 'violation' && r.level1.violation.check).toBe('pow2-size');
    const first = firstFinding(r);
    expect(first).toMatchObject({ level: 2, rule: 'release-required' });
    expect(first!.line).toBeGreaterThan(release);
    expect(first!.line).toBeLessThan(lines.length - 1);
  });

  it('unreadable input stays unreadable', () => {
    expect(checkConformanceText('').status).toBe('unreadable');
  });
});

describe('level 2 against a seeded bug in the model', () => {
  it('a routine table whose stackcache_clear forgets to flush diverges at the first allocation after a clear', () => {
    const mutant: Runtime = { ...goRuntime, stackcache_clear: () => {} };
    const r = replayLevel2(trace('memstats.p1.stock.trace'), { runtime: mutant });
    expect(r.status).toBe('divergence');
    const clear = trace('memstats.p1.stock.trace').events.find((e) => e.kind === 'stackcache_clear');
    if (r.status === 'divergence' && clear !== undefined) expect(r.divergence.line).toBeGreaterThan(clear.line);
  });
});

describe('stackcheck conform', () => {
  afterEach(() => vi.restoreAllMocks());

  const cli = runCli;
  const at = (...p: string[]): string => join(fixturesDir, ...p);

  it('exits 0 on a clean trace, with both levels in the text', async () => {
    const r = await cli('conform', at('recursion.p1.stock.trace'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/level 1: accepted/);
    expect(r.out).toMatch(/level 2: accepted: the model reproduces all 177 events/);
  });

  it('exits 1 on a level-2 divergence and on a level-1 violation', async () => {
    const d = await cli('conform', at('tampered-level2', 'lifo-swap.trace'));
    expect(d.code).toBe(1);
    expect(d.out).toMatch(/level 2: divergence at line 261/);
    const v = await cli('conform', at('tampered', 'overlap.trace'));
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/level 1: violation at line 412/);
  });

  it('exits 0 and says so plainly when a stock multi-P trace cannot be replayed', async () => {
    const r = await cli('conform', at('shortlived.p2.stock.trace'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/not replayable at level 2: \d+ lines unattributable/);
  });

  it('--json is one parseable report with both levels', async () => {
    const r = await cli('conform', at('recursion.p2.ext.trace'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { status: string; level2: { status: string; procs: number } };
    expect(j.status).toBe('accepted');
    expect(j.level2).toMatchObject({ status: 'accepted', procs: 2 });
  });

  it('exits 2 with one line on stderr for bad usage and unreadable input', async () => {
    for (const argv of [['conform'], ['conform', at('no-such.trace')], ['conform', at('recursion.p1.stock.trace'), '--procs', 'x'], ['conform', at('tampered', 'README.md')]]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });
});
