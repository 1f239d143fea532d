import { describe, expect, it } from 'vitest';
import { parseTrace, type ParseResult, type Trace, type TraceEvent } from '../../conformance/index.ts';
import { demo1Start, growth, growthExtended, shrink, trace } from './snippets.ts';

function parsed(text: string): Trace {
  const r = parseTrace(text);
  if (!r.ok) throw new Error(`unexpected problems: ${JSON.stringify(r.problems)}`);
  return r.trace;
}

function problems(r: ParseResult): readonly { line: number | null; message: string }[] {
  if (r.ok) throw new Error('expected parse problems');
  return r.problems;
}

const kinds = (events: readonly TraceEvent[]): string[] => events.map((e) => `${e.line}:${e.kind}`);

describe('parseTrace on the research-notes samples (§6.6)', () => {
  it('reads the first lines of demo1, pairing each allocated with its stackalloc', () => {
    const t = parsed(trace(...demo1Start));
    expect(t.format).toBe('stock');
    expect(t.lines).toBe(10);
    expect(kinds(t.events)).toEqual([
      '1:stackalloc', '2:allocated', '3:stackalloc', '4:stackcacherefill', '5:allocated',
      '6:stackalloc', '7:allocated', '8:stackalloc', '9:stackcacherefill', '10:allocated',
    ]);
    expect(t.events[1]).toEqual({ kind: 'allocated', line: 2, v: 0xc000008000, by: 'paired', n: 32768, request: 1 });
    expect(t.events[4]).toEqual({ kind: 'allocated', line: 5, v: 0xc000038000, by: 'paired', n: 2048, request: 3 });
    expect(t.events[8]).toEqual({ kind: 'stackcacherefill', line: 9, order: 2, p: null, blocks: null });
    expect(t.unattributed).toEqual([]);
    expect(t.cut).toBeNull();
  });

  it('reads the growth event: the 3-line newstack block is one event on its first line', () => {
    const t = parsed(trace(...growth));
    expect(kinds(t.events)).toEqual([
      '1:stackalloc', '2:stackcacherefill', '3:allocated', '4:newstack', '7:stackalloc', '8:stackcacherefill',
      '9:allocated', '10:copystack', '11:stackfree', '12:stackgrowdone',
    ]);
    expect(t.events[3]).toEqual({
      kind: 'newstack',
      line: 4,
      sp: 0xc0000383e0,
      lo: 0xc000038000,
      hi: 0xc000038800,
      morebuf: { pc: 0x441f51, sp: 0xc0000383f0, lr: 0 },
      sched: { pc: 0x4423d2, sp: 0xc0000383e8, lr: 0, ctxt: 0 },
    });
    expect(t.events[7]).toEqual({
      kind: 'copystack',
      line: 10,
      gp: 0xc0000061a0,
      old: { lo: 0xc000038000, sp: 0xc0000383e8, hi: 0xc000038800 },
      new: { lo: 0xc000088000, sp: 0xc000088be8, hi: 0xc000089000 },
      newsize: 4096,
      adjusted: null,
    });
    expect(t.events[8]).toEqual({ kind: 'stackfree', line: 11, v: 0xc000038000, n: 2048, p: null });
  });

  it('reads the scan-time shrink event', () => {
    const t = parsed(trace(...shrink));
    expect(t.events[2]).toEqual({ kind: 'shrinkstack', line: 3, oldsize: 131072, newsize: 65536, status: null, wait: null });
    expect(t.events[5]).toMatchObject({ kind: 'copystack', line: 6, newsize: 65536 });
  });
});

describe('parseTrace formats', () => {
  it('detects the extended format and reads sizes and P ids', () => {
    const t = parsed(trace(...growthExtended, 'stackcacherelease order=1 p=1 blocks=4', 'stackcache clear p=1 order=2 blocks=3', '  allocated 0xc000090000 n=2048 p=-1'));
    expect(t.format).toBe('extended');
    expect(t.events[1]).toEqual({ kind: 'stackcacherefill', line: 2, order: 0, p: 0, blocks: 8 });
    expect(t.events[2]).toEqual({ kind: 'allocated', line: 3, v: 0xc000038000, by: 'printed', n: 2048, p: 0, request: 1 });
    expect(t.events[8]).toEqual({ kind: 'stackfree', line: 11, v: 0xc000038000, n: 2048, p: 0 });
    expect(t.events[10]).toEqual({ kind: 'stackcacherelease', line: 13, order: 1, p: 1, blocks: 4 });
    expect(t.events[11]).toEqual({ kind: 'stackcache_clear', line: 14, p: 1, order: 2, blocks: 3 });
    // no stackalloc 2048 pending: the printed size stands, the missing request is recorded as null
    expect(t.events[12]).toEqual({ kind: 'allocated', line: 15, v: 0xc000090000, by: 'printed', n: 2048, p: -1, request: null });
  });

  it('reads the linearisation lines of the extended format', () => {
    const t = parsed(trace(
      'stackspan alloc 0xc000038000 npages=4 order=0',
      'stackspan free 0xc000100000 npages=8 large',
      'stacklarge pop 0xc000200000 npages=16',
      'stacklarge empty npages=8',
      'stackpool free 0xc000038800 order=0 p=-1',
      'freeStackSpans order=3',
      'freeStackSpans large',
      'setGCPhase 2',
      'procresize 4 -> 2',
    ));
    expect(t.format).toBe('extended');
    expect(t.events).toEqual([
      { kind: 'stackspan', line: 1, op: 'alloc', base: 0xc000038000, npages: 4, order: 0 },
      { kind: 'stackspan', line: 2, op: 'free', base: 0xc000100000, npages: 8, order: null },
      { kind: 'stacklarge', line: 3, op: 'pop', base: 0xc000200000, npages: 16 },
      { kind: 'stacklarge', line: 4, op: 'empty', npages: 8 },
      { kind: 'stackpool', line: 5, op: 'free', v: 0xc000038800, order: 0, p: -1 },
      { kind: 'freestackspans', line: 6, order: 3 },
      { kind: 'freestackspans', line: 7, order: null },
      { kind: 'gcphase', line: 8, phase: 'marktermination' },
      { kind: 'procresize', line: 9, from: 4, to: 2 },
    ]);
  });

  it('treats a trace with no format-bearing lines as stock', () => {
    expect(parsed(trace('stackalloc 2048', 'stackcache clear')).format).toBe('stock');
  });

  it('refuses a trace mixing stock and extended lines, at the first disagreeing line', () => {
    const r = parseTrace(trace('stackalloc 2048', '  allocated 0xc000038000', 'stackfree 0xc000038000 2048 p=0'));
    expect(problems(r)).toEqual([{ line: 3, message: 'extended stackfree line in a stock trace (format set by line 2)' }]);
  });
});

describe('parseTrace line handling', () => {
  it('ignores lines that are not stack prints, keeping line numbers', () => {
    const t = parsed(
      trace('hello from the program', 'stackalloc 2048', 'runtime: newstack at runtime.foo+0x10 sp=0x1', 'fatal error: stack overflow', '  allocated 0xc000038000'),
    );
    expect(kinds(t.events)).toEqual(['2:stackalloc', '5:allocated']);
  });

  it('accepts CRLF line ends', () => {
    expect(kinds(parsed('stackalloc 2048\r\n  allocated 0xc000038000\r\n').events)).toEqual(['1:stackalloc', '2:allocated']);
  });

  it.each([
    ['stackalloc', 'malformed stackalloc line'],
    ['stackalloc 0x800', 'malformed stackalloc line'],
    ['  allocated', 'malformed allocated line'],
    ['stackalloc 2048 ', 'malformed stackalloc line'],
    ['  allocated c000038000', 'malformed allocated line'],
    ['  allocated 0xc000038000 n=2048', 'malformed allocated line'],
    ['stackfree 0xc000038000', 'malformed stackfree line'],
    ['stackcacherefill order=', 'malformed stackcacherefill line'],
    ['stackcacherelease order=x', 'malformed stackcacherelease line'],
    ['stackcache clearing', 'malformed stackcache clear line'],
    ['copystack gp=0xc0000061a0 [0xc000038000 0xc0000383e8] -> [0xc000088000 0xc000088be8 0xc000089000]/4096', 'malformed copystack line'],
    ['shrinking stack 131072-65536', 'malformed shrinking stack line'],
    ['stack grow done!', 'malformed stack grow done line'],
    ['runtime: newstack sp=0xc0000383e0 stack=[0xc000038000 0xc000038800]', 'malformed runtime: newstack line'],
  ])('reports %j as a problem on its line', (line, message) => {
    expect(problems(parseTrace(trace('stackalloc 2048', line)))).toEqual([{ line: 2, message }]);
  });

  it('reports a newstack block with a missing continuation line at that line', () => {
    const r = parseTrace(trace(growth[3], growth[4], 'stackalloc 2048'));
    expect(problems(r)).toEqual([{ line: 3, message: 'newstack block: expected a tab-indented sched={pc:… sp:… lr:… ctxt:…} line' }]);
  });

  it('reports a newstack block that the (newline-terminated) trace ends inside, at its header', () => {
    expect(problems(parseTrace(trace('stackalloc 2048', growth[3], growth[4])))).toEqual([
      { line: 2, message: 'newstack block: the trace ends inside it' },
    ]);
  });

  it('accepts addresses up to 2^53-1 and refuses larger ones with the line number', () => {
    const ok = parsed(trace('stackalloc 2048', '  allocated 0x1fffffffffffff'));
    expect(ok.events[1]).toMatchObject({ v: Number.MAX_SAFE_INTEGER });
    expect(problems(parseTrace(trace('stackalloc 2048', '  allocated 0x20000000000000')))).toEqual([
      { line: 2, message: 'address 0x20000000000000 does not fit below 2^53' },
    ]);
    expect(problems(parseTrace(trace('stackalloc 2048', '  allocated 0xffffffffffffffffffff')))[0].line).toBe(2);
  });

  it('refuses an oversized number in a newstack continuation line at that line', () => {
    const r = parseTrace(trace(growth[3], '\tmorebuf={pc:0xffffffffffffffff sp:0xc0000383f0 lr:0x0}', growth[5]));
    expect(problems(r)).toEqual([{ line: 2, message: 'morebuf.pc 0xffffffffffffffff does not fit below 2^53' }]);
  });

  it('refuses oversized decimal sizes', () => {
    expect(problems(parseTrace(trace('stackalloc 18446744073709551616')))).toEqual([
      { line: 1, message: 'size 18446744073709551616 does not fit below 2^53' },
    ]);
  });

  it('does not read an unterminated last line: the runtime cuts lines when the process exits', () => {
    const t = parsed('stackalloc 2048\n  allocated 0xc000038000\nstackfree 0xc000038000 20');
    expect(t.lines).toBe(3);
    expect(t.cut).toBe(3);
    expect(kinds(t.events)).toEqual(['1:stackalloc', '2:allocated']);
  });

  it('drops a newstack block that the cut runs into', () => {
    const t = parsed(`stackalloc 2048\n${growth[3]}\n${growth[4]}\n\tsched={pc:0x4423d2 sp:0xc0`);
    expect(t.cut).toBe(2);
    expect(kinds(t.events)).toEqual(['1:stackalloc']);
  });
});

describe('Go 1.26\'s extended shrink line', () => {
  it('reads the status and the wait reason, and marks the trace extended', () => {
    const r = parseTrace('shrinking stack 131072->65536 status=4 wait=GC assist marking\nshrinking stack 8192->4096 status=1\nsetGCPhase 1\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.trace.format).toBe('extended');
    expect(r.trace.events[0]).toEqual({ kind: 'shrinkstack', line: 1, oldsize: 131072, newsize: 65536, status: 4, wait: 'GC assist marking' });
    expect(r.trace.events[1]).toMatchObject({ status: 1, wait: null });
  });

  it('in a stock trace is a mix of formats', () => {
    const r = parseTrace('stackfree 0xc000100000 2048\nshrinking stack 8192->4096 status=1\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/extended shrinkstack line in a stock trace/) });
  });
});
