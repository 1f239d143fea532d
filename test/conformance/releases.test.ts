import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrace, parseTraceBytes, type Trace } from '../../conformance/index.ts';
import { checkConformanceText, replayLevel2, type Level2Report } from '../../conformance/level2/index.ts';
import { chooseProfile } from '../../conformance/level2/profile.ts';
import { go119, go126, linuxAmd64, type Profile } from '../../model/profile.ts';
import { runCli } from '../cli-helpers.ts';
import { fixturesDir, readFixture, traceFiles } from './fixtures.ts';

// Traces of two releases: Go 1.26's committed traces (conformance/fixtures/go1.26/, from
// scripts/trace-go.sh) replay with the go1.26 profile their header names, and a trace replayed
// with the other release's profile is rejected at the first line that shows the release, with a
// message naming the profile to use.

const dir126 = join(fixturesDir, 'go1.26');
const files126 = traceFiles(dir126);

function trace(name: string, dir: string): Trace {
  const r = parseTraceBytes(readFixture(name, dir));
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.problems)}`);
  return r.trace;
}

function divergence(r: Level2Report): NonNullable<Extract<Level2Report, { status: 'divergence' }>['divergence']> {
  if (r.status !== 'divergence') throw new Error(`expected a divergence, got ${r.status}`);
  return r.divergence;
}

const text = (name: string, dir: string): string => new TextDecoder().decode(readFixture(name, dir));

describe('the stackcheck-trace header', () => {
  const body = 'stackalloc 32768\n  allocated 0xc000100000\n';

  it('is read with its line, release and platform, a tip build\'s version included', () => {
    const r = parseTrace(`${body}stackcheck-trace go1.26.8 linux/amd64\n`);
    expect(r.ok && r.trace.header).toEqual({ line: 3, version: 'go1.26.8', platform: 'linux/amd64' });
    const tip = parseTrace(`stackcheck-trace devel go1.27-1a2b3c4 Tue Jan 6 10:00:00 2026 +0000 linux/amd64\n${body}`);
    expect(tip.ok && tip.trace.header?.version).toBe('devel go1.27-1a2b3c4 Tue Jan 6 10:00:00 2026 +0000');
    expect(parseTrace(body).ok && (parseTrace(body) as { trace: Trace }).trace.header).toBeNull();
  });

  it.each([
    ['stackcheck-trace go1.26.8\n', /line 1: malformed stackcheck-trace header/],
    ['stackcheck-trace go1.26.8 linux/amd64\nstackcheck-trace go1.19.8 linux/amd64\n', /line 2: a second stackcheck-trace header \(the first is line 1\)/],
  ])('%j is a problem, not "no header"', (head, message) => {
    const r = parseTrace(`${head}${body}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(`line ${r.problems[0].line}: ${r.problems[0].message}`).toMatch(message);
  });

  it('picks the profile: asked first, then the header, then the default', () => {
    const parsed = (t: string): Trace => (parseTrace(t) as { ok: true; trace: Trace }).trace;
    const with126 = parsed(`stackcheck-trace go1.26.8 linux/amd64\n${body}`);
    expect(chooseProfile(with126, undefined)).toMatchObject({ profile: go126, from: 'header', note: null });
    expect(chooseProfile(with126, go119)).toMatchObject({ profile: go119, from: 'option' });
    expect(chooseProfile(with126, go119).note).toMatch(/says go1\.26\.8 linux\/amd64, whose profile is go1\.26; replaying with go1\.19 as asked/);
    expect(chooseProfile(parsed(body), undefined)).toMatchObject({ profile: linuxAmd64, from: 'default', note: null });
    const other = chooseProfile(parsed(`stackcheck-trace go1.21.0 linux/amd64\n${body}`), undefined);
    expect(other).toMatchObject({ profile: linuxAmd64, from: 'default' });
    expect(other.note).toMatch(/go1\.21\.0 linux\/amd64, a release or platform the model has no profile of \(go1\.19, go1\.26, .*\); replaying with the default linux\/amd64/);
  });
});

describe('Go 1.26 traces', () => {
  it('cover the five original programs stock at GOMAXPROCS=1 and every program extended at 2 and 4', () => {
    for (const p of ['largestack', 'memstats', 'parkshrink', 'recursion', 'shortlived']) expect(files126).toContain(`${p}.p1.stock.trace`);
    for (const p of ['assistshrink', 'deadframe', 'gcchurn', 'largestack', 'memstats', 'migrate', 'parkshrink', 'recursion', 'resize', 'shortlived']) {
      expect(files126).toEqual(expect.arrayContaining([`${p}.p2.ext.trace`, `${p}.p4.ext.trace`]));
    }
  });

  it.each(files126)('%s replays exactly with the go1.26 profile its header names', (name) => {
    const r = checkConformanceText(text(name, dir126));
    expect(r.status, JSON.stringify(r.level2 !== null && r.level2.status === 'divergence' ? r.level2.divergence : r.level1)).toBe('accepted');
    if (r.level2 === null || r.level2.status === 'not-replayable') throw new Error('not replayed');
    expect(r.level2.profile).toBe('go1.26');
    expect(r.level2.profileFrom).toBe('header');
    expect(r.level2.eventsReplayed).toBe(r.level2.eventsRead);
  });

  it.each(files126)('%s under go1.19 is rejected at its first stack or span, outside go1.19\'s fixed arena, naming go1.26', (name) => {
    const t = trace(name, dir126);
    const d = divergence(replayLevel2(t, { profile: go119 }));
    const first = t.events.find((e) => e.kind === 'allocated' || e.kind === 'stackspan')!;
    expect(d.rule).toBe('heap-arena');
    expect(d.line).toBe(first.line);
    expect(d.message).toMatch(/go1\.26 randomizes the heap base .*replay it with --profile go1\.26$/);
  });

  it('under go1.19 with the heap base fixed, the first new M\'s 16 KiB g0 is the first difference, naming go1.26', () => {
    // As if built with GOEXPERIMENT=norandomizedheapbase64: only the M stacks tell the releases apart.
    const t = trace('recursion.p2.ext.trace', dir126);
    const d = divergence(replayLevel2({ ...t, header: null }, { profile: { ...go119, heapBaseRandomized: true } }));
    expect(d.rule).toBe('m-stacks');
    expect(d.message).toMatch(/a 16384-byte stack where the new M whose gsignal stack is line \d+ gets its g0 stack next on that P \(proc\.go:allocm: malg\(8192\) in go1\.19\); go1\.26 gives a new M a 16384-byte g0: this trace looks like go1\.26's — replay it with --profile go1\.26$/);
  });

  it('a Go 1.26 runtime whose allocm gives 8 KiB g0s is caught at the first new M, and no other release is suggested', () => {
    const t = trace('recursion.p2.ext.trace', dir126);
    const changed: Profile = { ...go126, g0StackSize: 8192 };
    const d = divergence(replayLevel2(t, { profile: changed }));
    expect(d.rule).toBe('m-stacks');
    expect(d.expected).toBe('a 8192-byte stack (go1.26)');
    expect(d.message).toMatch(/\(the trace's header says go1\.26\.8: go1\.26's runtime, changed\?\)$/);
  });

  it('a shrink of a goroutine waiting for suspendG is refused by go1.26 and accepted by go1.19', () => {
    const name = 'assistshrink.p2.ext.trace';
    const lines = text(name, dir126).split('\n');
    const at = lines.findIndex((l) => /^shrinking stack \d+->\d+ status=\d+/.test(l));
    expect(at).toBeGreaterThan(0);
    lines[at] = lines[at].replace(/ status=.*$/, ' status=4 wait=GC assist marking');
    const bad = lines.join('\n');
    const r = checkConformanceText(bad);
    expect(r.level2 !== null && r.level2.status === 'divergence' && r.level2.divergence).toMatchObject({ line: at + 1, rule: 'shrink-safe' });
    // Without the rule (go1.19's isShrinkStackSafe; everything else as go1.26) the same trace replays.
    const noRule: Profile = { ...go126, shrinkRefusedWaitReasons: [] };
    const r119 = replayLevel2((parseTrace(bad) as { ok: true; trace: Trace }).trace, { profile: noRule });
    expect(r119.status).toBe('accepted');
  });
});

describe('Go 1.19 traces under go1.26', () => {
  it.each(traceFiles().filter((f) => f.includes('.p1.stock.') || f.includes('.p2.ext.')))('%s is rejected at its second stack, where go1.26 has schedinit\'s crash stack, naming go1.19', (name) => {
    const t = trace(name, fixturesDir);
    const d = divergence(replayLevel2(t, { profile: go126 }));
    const second = t.events.filter((e) => e.kind === 'allocated')[1];
    expect(d.rule).toBe('m-stacks');
    expect(d.line).toBe(second.line);
    expect(d.message).toMatch(/go1\.26's schedinit allocates the crash stack next .*replay it with --profile go1\.19$/);
  });
});

describe('stackcheck conform --profile', () => {
  const file = join(dir126, 'parkshrink.p1.stock.trace');

  it('replays with the header\'s profile by default and says so', async () => {
    const r = await runCli('conform', file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}profile: {5}go1\.26 \(from the trace's stackcheck-trace header\)$/m);
  });

  it('--profile go1.19 on a Go 1.26 trace: exit 1, the first difference, the profile to use', async () => {
    const r = await runCli('conform', '--profile', 'go1.19', file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^level 2: divergence at line 2 \[heap-arena\]: .*replay it with --profile go1\.26$/m);
    expect(r.out).toMatch(/note: the trace's header \(line \d+\) says go1\.26\.8 linux\/amd64, whose profile is go1\.26; replaying with go1\.19 as asked/);
  });

  it('an unknown profile is one line and exit 2', async () => {
    const r = await runCli('conform', '--profile', 'go1.21', file);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/unknown profile 'go1\.21' \(valid: go1\.19, go1\.26/);
  });
});

describe('concurrent clears', () => {
  it('go1.26/interleavings/migrate.p4.v2.ext.trace: P0\'s and P2\'s order-2 clears share a span, freed in P2\'s section although the model frees it in P0\'s', () => {
    const dir = join(dir126, 'interleavings');
    const lines = text('migrate.p4.v2.ext.trace', dir).split('\n');
    // The span's free (line 1114) sits in P2's order-2 section (line 1115), which comes after P0's
    // (line 1112) though P2's clear began first (line 1100): each order is its own critical section.
    expect(lines[1099]).toBe('stackcache clear p=2 order=0 blocks=9');
    expect(lines.slice(1111, 1115)).toEqual(['stackcache clear p=0 order=2 blocks=2', 'stackcache clear p=0 order=3 blocks=1', 'stackspan free 0x349befd2000 npages=4 order=2', 'stackcache clear p=2 order=2 blocks=2']);
    expect(replayLevel2(trace('migrate.p4.v2.ext.trace', dir)).status).toBe('accepted');
  });
});
