import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkConformance, checkLevel1, parseTraceBytes, replayLevel2, utf8Chunks, type ConformanceReport, type ConformOptions,
} from '../../conformance/index.ts';
import { LOOKAHEAD } from '../../conformance/level2/lookahead.ts';
import { PREFIX } from '../../conformance/level2/stream.ts';
import { fixturesDir, readFixture } from './fixtures.ts';

// conform streams: both levels in one pass, each event fed to level 1 as it is read and to
// level 2 one event behind, level 2 starting on facts guessed from the first events (and
// re-run when they were wrong), with bounded windows where a check needs a later line. The
// oracle is the composition over whole arrays that conform was before it streamed: parse every
// line, level 1 over the event array, then level 2 over the array (or over the events before a
// level-1 violation). The two must give the same report, JSON and all, on every committed trace
// and on every way of cutting its bytes into chunks.

function wholeArrays(bytes: Uint8Array, options: ConformOptions): ConformanceReport {
  const parsed = parseTraceBytes(bytes);
  if (!parsed.ok) return { status: 'unreadable', level1: { status: 'unreadable', linesRead: parsed.lines, problems: parsed.problems }, level2: null };
  const level1 = checkLevel1(parsed.trace);
  if (level1.status === 'violation') {
    const before = replayLevel2({ ...parsed.trace, events: parsed.trace.events.slice(0, level1.eventsChecked - 1) }, options);
    return { status: 'violation', level1, level2: before.status === 'divergence' ? before : null };
  }
  if (level1.status !== 'accepted') throw new Error('unexpected level-1 status');
  const level2 = replayLevel2(parsed.trace, options);
  return { status: level2.status, level1, level2 };
}

function* chunked(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

function streamed(bytes: Uint8Array, size: number, options: ConformOptions = {}): ConformanceReport {
  return checkConformance(() => utf8Chunks(chunked(bytes, size)), options);
}

function allTraces(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? allTraces(p) : f.endsWith('.trace') ? [relative(fixturesDir, p)] : [];
  });
}

const files = allTraces(fixturesDir).sort();
// Chunk sizes that cut lines, newstack blocks and UTF-8 sequences anywhere, and whole-file reads.
const sizes = [1 << 20, 4093, 61, 1 << 16];

describe('streaming conform against the whole-array composition', () => {
  it('covers every committed trace: clean, tampered, Go 1.26 and its interleavings', () => {
    expect(files.length).toBeGreaterThan(70);
    for (const dir of ['tampered/', 'tampered-level2/', 'go1.26/', 'go1.26/interleavings/']) expect(files.some((f) => f.startsWith(dir))).toBe(true);
  });

  it.each(files.map((f, i) => [f, sizes[i % sizes.length]] as const))('%s in chunks of %i bytes: the same report', (file, size) => {
    const bytes = readFixture(file);
    expect(streamed(bytes, size)).toEqual(wholeArrays(bytes, {}));
  });

  it.each(['parkshrink.p2.stock.trace', 'memstats.p2.ext.trace', 'resize.p4.ext.trace'])('%s with --procs 1 and --gc-phase off: the same report', (file) => {
    const bytes = readFixture(file);
    for (const options of [{ procs: 1 }, { gcPhase: 'off' as const }, { procs: 6 }]) expect(streamed(bytes, 997, options)).toEqual(wholeArrays(bytes, options));
  });
});

describe('what the stream has to get right', () => {
  const text = (file: string): string => new TextDecoder().decode(readFixture(file));
  const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s);

  it('a header after the first PREFIX events: level 2 guessed the default profile, and a second pass gives the header\'s', () => {
    const lines = text('go1.26/assistshrink.p2.ext.trace').split('\n');
    const at = lines.findIndex((l) => l.startsWith('stackcheck-trace'));
    const [header] = lines.splice(at, 1);
    // Near the end: well past the first PREFIX events.
    lines.splice(lines.length - 100, 0, header);
    expect(lines.length - 100).toBeGreaterThan(PREFIX * 1.3);
    const bytes = bytesOf(lines.join('\n'));
    const r = streamed(bytes, 1 << 16);
    expect(r).toEqual(wholeArrays(bytes, {}));
    expect(r.level2 !== null && r.level2.status === 'accepted' && r.level2.profile).toBe('go1.26');
  });

  it('GOMAXPROCS growing late (resize: 1 → 4 → 2 → 8 → 3): the replay has every P the trace names', () => {
    const r = streamed(readFixture('resize.p4.ext.trace'), 4096);
    expect(r.level2 !== null && r.level2.status === 'accepted' && r.level2.procs).toBe(8);
  });

  it('multi-byte characters split across chunks, CRLF line ends, a cut last line: the same report', () => {
    const base = text('memstats.p2.ext.trace');
    const variants = [
      `program output: héllo ✓ — ünïcode\n${base}`,
      base.replace(/\n/g, '\r\n'),
      base.slice(0, -1),
      base.slice(0, base.lastIndexOf('\n', base.length - 2) + 5),
    ];
    for (const v of variants) {
      const bytes = bytesOf(v);
      for (const size of [1, 3, 4096]) expect(streamed(bytes, size), `${size}`).toEqual(wholeArrays(bytes, {}));
    }
  });

  it('bad input anywhere in a long trace is the same one-line problem: invalid UTF-8 at the end, a NUL, a malformed line', () => {
    const base = readFixture('memstats.p2.ext.trace');
    const withTail = (tail: Uint8Array): Uint8Array => {
      const out = new Uint8Array(base.length + tail.length);
      out.set(base);
      out.set(tail, base.length);
      return out;
    };
    for (const bytes of [withTail(new Uint8Array([0xff, 0x0a])), withTail(bytesOf('x\u0000y\n')), withTail(bytesOf('stackfree 0xzz 2048\n'))]) {
      const r = streamed(bytes, 4096);
      expect(r.status).toBe('unreadable');
      expect(r).toEqual(wholeArrays(bytes, {}));
    }
  });

  it('a `stacklarge empty` line whose span line comes 15 lines later (other threads between): replayed with it in the window', () => {
    const file = 'go1.26/interleavings/assistshrink.p4.clears.ext.trace';
    const lines = text(file).split('\n');
    expect(lines[225]).toMatch(/^stacklarge empty npages=/);
    expect(lines[240]).toMatch(/^stackspan alloc 0x[0-9a-f]+ npages=\d+ large$/);
    expect(lines.slice(226, 240).some((l) => /^stackspan alloc .* large$/.test(l))).toBe(false);
    const bytes = readFixture(file);
    const r = streamed(bytes, 256);
    expect(r.level2?.status).toBe('accepted');
    expect(r).toEqual(wholeArrays(bytes, {}));
    // The window the stream holds for it is bounded, far above what any trace needs.
    expect(LOOKAHEAD).toBeGreaterThanOrEqual(1024);
  });

  it('the text report keeps no decisions when asked not to (the CLI without --json), and the same counts', () => {
    const bytes = readFixture('gcchurn.p4.ext.trace');
    const kept = streamed(bytes, 1 << 20);
    const dropped = streamed(bytes, 1 << 20, { decisions: false });
    if (kept.level2 === null || kept.level2.status === 'not-replayable' || dropped.level2 === null || dropped.level2.status === 'not-replayable') throw new Error('not replayed');
    expect(kept.level2.decisions.length).toBeGreaterThan(100);
    expect(dropped.level2.decisions).toEqual([]);
    expect({ ...dropped.level2, decisions: kept.level2.decisions }).toEqual(kept.level2);
  });
});
