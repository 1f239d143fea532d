import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTraceBytes, parseTraceBytes, type Level1Report, type Trace } from '../../conformance/index.ts';
import { bytesUnder, fixturesDir, readFixture, traceFiles } from './fixtures.ts';

// Clean traces from the real Go 1.19 runtime (scripts/trace-go.sh): <program>.p<GOMAXPROCS>.<format>.trace

function trace(name: string): Trace {
  const r = parseTraceBytes(readFixture(name));
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.problems)}`);
  return r.trace;
}

function accepted(name: string): Level1Report & { status: 'accepted' } {
  const r = checkTraceBytes(readFixture(name));
  if (r.status !== 'accepted') throw new Error(`${name}: ${JSON.stringify(r)}`);
  return r;
}

const files = traceFiles();

describe('committed fixtures', () => {
  it('cover five programs at GOMAXPROCS=1 (stock) and 2 (extended), plus stock GOMAXPROCS=2 traces', () => {
    const programs = ['largestack', 'memstats', 'parkshrink', 'recursion', 'shortlived'];
    for (const p of programs) expect(files).toEqual(expect.arrayContaining([`${p}.p1.stock.trace`, `${p}.p2.ext.trace`]));
    expect(files.filter((f) => f.endsWith('.p2.stock.trace')).length).toBeGreaterThanOrEqual(1);
  });

  it('stay under 2 MB per release, tampered copies included', () => {
    const go126 = join(fixturesDir, 'go1.26');
    expect(bytesUnder(fixturesDir) - bytesUnder(go126)).toBeLessThan(2 * 1024 * 1024);
    expect(bytesUnder(go126)).toBeLessThan(2 * 1024 * 1024);
  });

  it.each(files)('%s passes level 1 in the format its name says', (name) => {
    const r = accepted(name);
    expect(r.format).toBe(name.includes('.ext.') ? 'extended' : 'stock');
    expect(r.eventsChecked).toBe(r.eventsRead);
    expect(r.cut).toBeNull();
    expect(r.counts.copystack).toBeGreaterThan(0);
    // every allocated line answers exactly one stackalloc line
    expect(r.counts.allocated).toBe(r.counts.stackalloc);
  });

  it.each(files.filter((f) => f.includes('.p1.')))('%s (one P) pairs every allocation with certainty', (name) => {
    expect(accepted(name).unattributed).toEqual([]);
    expect(trace(name).events.filter((e) => e.kind === 'allocated' && e.by !== 'paired')).toEqual([]);
  });

  it.each(files.filter((f) => f.includes('.ext.')))('%s (extended) prints every size and P', (name) => {
    const t = trace(name);
    expect(t.events.filter((e) => e.kind === 'allocated' && !(e.by === 'printed' && e.request !== null))).toEqual([]);
    expect(accepted(name).unattributed).toEqual([]);
    const ps = new Set(t.events.flatMap((e) => (e.kind === 'allocated' && e.by === 'printed' ? [e.p] : [])));
    // resize raises GOMAXPROCS to 8 at run time; the others run at the P count in their name.
    const procs = name.startsWith('resize') ? 8 : Number(/\.p(\d)\./.exec(name)![1]);
    expect([...ps].every((p) => p >= -1 && p < procs)).toBe(true);
  });

  it.each(files.filter((f) => f.endsWith('.p2.stock.trace')))('%s (stock, two Ps) reports what it cannot attribute, as allocated/stackalloc/release lines', (name) => {
    const r = accepted(name);
    const t = trace(name);
    const kindAt = new Map(t.events.map((e) => [e.line, e.kind]));
    for (const u of r.unattributed) expect(kindAt.get(u.line)).toBe(u.kind);
    expect(r.unattributed.every((u) => ['allocated', 'stackalloc', 'stackcacherelease'].includes(u.kind))).toBe(true);
  });
});

describe('what the programs exercise', () => {
  it('parkshrink: GC-time shrinks that halve 131072 → 65536 → 32768 → 16384', () => {
    const t = trace('parkshrink.p1.stock.trace');
    const shrinks = t.events.flatMap((e) => (e.kind === 'shrinkstack' ? [`${e.oldsize}->${e.newsize}`] : []));
    expect(shrinks.length).toBeGreaterThanOrEqual(16);
    expect(new Set(shrinks)).toEqual(new Set(['131072->65536', '65536->32768', '32768->16384', '16384->8192']));
  });

  it('largestack: large-path stacks (>= 32 KiB) and a growth that jumps several doublings', () => {
    const t = trace('largestack.p1.stock.trace');
    expect(t.events.some((e) => e.kind === 'allocated' && e.by === 'paired' && e.n >= 262144)).toBe(true);
    const jumps = t.events.filter((e) => e.kind === 'copystack' && e.newsize / (e.old.hi - e.old.lo) >= 4);
    expect(jumps.length).toBeGreaterThanOrEqual(1);
  });

  it('shortlived: cache releases; memstats: one stackcache clear per P per ReadMemStats', () => {
    expect(accepted('shortlived.p1.stock.trace').counts.stackcacherelease).toBeGreaterThan(0);
    expect(accepted('shortlived.p2.ext.trace').counts.stackcacherelease).toBeGreaterThan(0);
    expect(accepted('memstats.p1.stock.trace').counts.stackcache_clear).toBeGreaterThanOrEqual(3);
    expect(accepted('memstats.p2.ext.trace').counts.stackcache_clear).toBeGreaterThanOrEqual(6);
  });
});
