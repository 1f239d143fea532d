import { describe, expect, it } from 'vitest';
import { checkConformanceText, parseTrace, replayLevel2 } from '../../conformance/index.ts';
import { readFixture, traceFiles, fixturesDir } from './fixtures.ts';

// The dead-G forced events (gfput's free of a grown stack, markrootFreeGStacks' frees, one
// markrootFreeGStacks per mark phase) on real traces: the clean ones pass, and each skipped free
// is caught at the first line of its P that proves it, naming the G and its stack.

const text = (name: string): string => new TextDecoder().decode(readFixture(name));

/** The trace with its 1-based line `line` removed. */
function without(t: string, line: number): string {
  return t.split('\n').filter((_, i) => i + 1 !== line).join('\n');
}

/** Level 2 alone: with a free removed, level 1 later sees the stack reused (an overlap), the bug's own later effect. */
function level2Divergence(t: string): { line: number; rule: string; message: string } {
  const parsed = parseTrace(t);
  if (!parsed.ok) throw new Error('parse');
  const r = replayLevel2(parsed.trace);
  if (r.status !== 'divergence') throw new Error(`expected a level-2 divergence, got ${r.status}`);
  return r.divergence as { line: number; rule: string; message: string };
}

function divergence(t: string): { line: number; rule: string; message: string } {
  const r = checkConformanceText(t);
  expect(r.level1.status).toBe('accepted');
  if (r.level2 === null || r.level2.status !== 'divergence') throw new Error(`expected a level-2 divergence, got ${r.status}`);
  return r.level2.divergence as { line: number; rule: string; message: string };
}

describe('dead-G forced events', () => {
  const ext = traceFiles(fixturesDir).filter((f) => f.includes('.ext.'));

  it('every extended fixture shows markrootFreeGStacks in each mark phase, and gcchurn frees stacks from it', () => {
    for (const f of ext) {
      const lines = text(f).split('\n');
      expect(lines.filter((l) => l.startsWith('markrootFreeGStacks ')).length, f).toBe(lines.filter((l) => l === 'setGCPhase 1').length);
    }
    for (const p of [2, 4, 8]) expect(text(`gcchurn.p${p}.ext.trace`)).toMatch(/^markrootFreeGStacks n=[1-9]\d* /m);
  });

  it('a stackfree of a stack whose dead G sits on sched.gFree.stack diverges at that line (the list still holds it)', () => {
    const t = text('gcchurn.p2.ext.trace');
    const lines = t.split('\n');
    const at = lines.findIndex((l) => l.startsWith('gfree push '));
    const push = /^gfree push g=(\d+) stack=(0x[0-9a-f]+) n=(\d+)$/.exec(lines[at])!;
    const bad = [...lines.slice(0, at + 1), `stackfree ${push[2]} ${push[3]} p=0`, ...lines.slice(at + 1)].join('\n');
    const d = level2Divergence(bad);
    expect(d).toMatchObject({ line: at + 2, rule: 'gfree-list' });
    expect(d.message).toContain(`the stack of dead g ${push[1]}, which the gfree push at line ${at + 1} put on sched.gFree.stack`);
  });

  it('a markrootFreeGStacks free that is not there diverges at the next line of its P, naming the G and the stack', () => {
    const t = text('gcchurn.p2.ext.trace');
    const lines = t.split('\n');
    const mark = lines.findIndex((l) => /^markrootFreeGStacks n=[1-9]/.test(l)) + 1;
    const p = /p=(\d+)$/.exec(lines[mark - 1])![1];
    const onP = (i: number): boolean => new RegExp(` p=${p}( |$)`).test(lines[i]);
    const nextOnP = (i: number): number => lines.findIndex((_, j) => j > i && onP(j));
    // The last of its frees: removing it leaves the cache accounting before the next line of P
    // as the runtime's (an earlier one would move that P's later releases instead).
    const at = lines.findIndex((l, i) => i >= mark && onP(i) && l.startsWith('stackfree ') && !/^stack(free|cacherelease) /.test(lines[nextOnP(i)]));
    const free = /^stackfree (0x[0-9a-f]+) (\d+) p=(\d+)$/.exec(lines[at])!;
    expect(free).not.toBeNull();
    const d = level2Divergence(without(t, at + 1));
    expect(d.rule).toBe('markroot-free-required');
    const g = [...t.matchAll(new RegExp(`^gfree push g=(\\d+) stack=${free[1]} `, 'gm'))].at(-1)![1];
    expect(d.message).toContain(`markrootFreeGStacks at line ${mark} should have freed the stack of g ${g} at [${free[1]}, `);
    // Caught at the first line of that P after the removed one (one line up after the removal).
    expect(d.line).toBe(nextOnP(at));
  });

  it('a gfput that keeps a grown stack diverges at the next line of its P', () => {
    const t = text('shortlived.p2.ext.trace');
    const lines = t.split('\n');
    const at = lines.findIndex((l) => /^gfput g=\d+ stack=\S+ n=(\d+) start=(\d+)/.test(l) && /n=(\d+) start=\1 /.exec(l) === null) + 1;
    const m = /^gfput g=(\d+) stack=(0x[0-9a-f]+) n=(\d+) start=\d+ p=(\d+)$/.exec(lines[at - 1])!;
    expect(lines[at]).toBe(`stackfree ${m[2]} ${m[3]} p=${m[4]}`);
    const d = level2Divergence(without(t, at + 1));
    expect(d.rule).toBe('gfput-free-required');
    expect(d.line).toBe(lines.findIndex((l, i) => i > at && new RegExp(` p=${m[4]}( |$)`).test(l)));
    expect(d.message).toContain(`gfput at line ${at} should have freed the stack of g ${m[1]} at [${m[2]}, `);
  });

  it('a mark phase without markrootFreeGStacks diverges at its mark termination', () => {
    const t = text('resize.p4.ext.trace');
    const lines = t.split('\n');
    const at = lines.findIndex((l) => l.startsWith('markrootFreeGStacks ')) + 1;
    const d = divergence(without(t, at));
    expect(d.rule).toBe('markroot-each-cycle');
    // Reported at the mark termination that followed (now line `at`, one up after the removal).
    expect(d.line).toBe(at);
    expect(lines[at]).toBe('setGCPhase 2');
  });

  it('markrootFreeGStacks taking another number of Gs than the gfree lines left is a divergence', () => {
    const t = text('gcchurn.p2.ext.trace');
    const m = /^markrootFreeGStacks n=(\d+) /m.exec(t)!;
    const d = divergence(t.replace(m[0], `markrootFreeGStacks n=${Number(m[1]) - 1} `));
    expect(d.rule).toBe('gfree-list');
    expect(d.message).toContain(`the gfree lines left ${m[1]} there`);
  });

  it('a stock replay counts the forced points it could not check; an extended one checks them all', () => {
    for (const f of traceFiles(fixturesDir).filter((x) => x.endsWith('.p1.stock.trace'))) {
      const parsed = parseTrace(text(f));
      if (!parsed.ok) throw new Error(f);
      const r = replayLevel2(parsed.trace);
      if (r.status === 'not-replayable') throw new Error(f);
      const u = r.uncheckedForced!;
      expect(u.parts['large-free-phase'], f).toBe(r.paths.free.largeToHeap + r.paths.free.largeToStackLarge);
      expect(u.parts['span-to-heap-required'], f).toBe(r.stats.spanFreed);
      expect(u.parts['free-stack-spans'], f).toBe(r.gcCycles.length);
      expect(u.total, f).toBe(Object.values(u.parts).reduce((a, b) => a + (b ?? 0), 0));
    }
    const parsed = parseTrace(text('gcchurn.p2.ext.trace'));
    if (!parsed.ok) throw new Error('parse');
    const r = replayLevel2(parsed.trace);
    expect(r.status === 'not-replayable' ? 'x' : r.uncheckedForced).toBeNull();
  });
});
