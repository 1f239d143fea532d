import { describe, expect, it } from 'vitest';
import { checkTraceText, parseTrace, type Trace } from '../../conformance/index.ts';
import { trace } from './snippets.ts';

// Stock multi-P traces interleave `stackalloc n` / `allocated v` pairs of different threads.

function parsed(text: string): Trace {
  const r = parseTrace(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.trace;
}

describe('stock allocation pairing', () => {
  it('pairs FIFO when every pending request has the same size', () => {
    const t = parsed(trace('stackalloc 2048', 'stackalloc 2048', '  allocated 0xc000038000', '  allocated 0xc000038800'));
    expect(t.events[2]).toMatchObject({ by: 'paired', n: 2048, request: 1 });
    expect(t.events[3]).toMatchObject({ by: 'paired', n: 2048, request: 2 });
    expect(t.unattributed).toEqual([]);
  });

  it('does not guess between pending requests of different sizes', () => {
    const t = parsed(trace('stackalloc 2048', 'stackalloc 8192', '  allocated 0xc00004a000', '  allocated 0xc000038000'));
    expect(t.events[2]).toEqual({ kind: 'allocated', line: 3, v: 0xc00004a000, by: 'unattributed', candidates: [2048, 8192] });
    expect(t.events[3]).toEqual({ kind: 'allocated', line: 4, v: 0xc000038000, by: 'unattributed', candidates: [2048, 8192] });
    expect(t.unattributed.map((u) => [u.line, u.kind])).toEqual([
      [3, 'allocated'],
      [4, 'allocated'],
    ]);
  });

  it('deduces the size from the copystack that takes the stack, and pairs the rest', () => {
    // thread A grows a stack to 8 KiB while thread B allocates a fresh 2 KiB one
    const t = parsed(
      trace(
        'stackalloc 4096',
        '  allocated 0xc000068000',
        'runtime: newstack sp=0xc000068348 stack=[0xc000068000, 0xc000069000]',
        '\tmorebuf={pc:0x441f51 sp:0xc000068358 lr:0x0}',
        '\tsched={pc:0x4423d2 sp:0xc000068350 lr:0x0 ctxt:0x0}',
        'stackalloc 8192', // A
        'stackalloc 2048', // B
        '  allocated 0xc000106000', // A's, says the copystack below
        'copystack gp=0xc000007380 [0xc000068000 0xc000068350 0xc000069000] -> [0xc000106000 0xc000107350 0xc000108000]/8192',
        '  allocated 0xc000038000', // B's: only 2048 remains pending
        'stackfree 0xc000068000 4096',
        'stack grow done',
      ),
    );
    expect(t.events[5]).toEqual({ kind: 'allocated', line: 8, v: 0xc000106000, by: 'deduced', n: 8192, copystack: 9 });
    expect(t.events[7]).toEqual({ kind: 'allocated', line: 10, v: 0xc000038000, by: 'paired', n: 2048, request: 7 });
    expect(t.unattributed).toEqual([]);
  });

  it('reports requests that no allocated line answers', () => {
    const t = parsed(trace('stackalloc 2048', '  allocated 0xc000038000', 'stackalloc 4096'));
    expect(t.unattributed).toEqual([{ line: 3, kind: 'stackalloc', reason: 'no allocated line answers this request' }]);
  });

  it('marks an allocated line with nothing pending (level 1 rejects it)', () => {
    const t = parsed(trace('  allocated 0xc000038000'));
    expect(t.events[0]).toMatchObject({ by: 'unattributed', candidates: [] });
  });
});

describe('level 1 on unattributed allocations', () => {
  it('accepts them, lists their lines, and settles the size from a later stackfree', () => {
    const r = checkTraceText(
      trace(
        'stackalloc 2048',
        'stackalloc 8192',
        '  allocated 0xc00004a000',
        '  allocated 0xc000038000',
        'stackfree 0xc00004a000 8192',
        'stackfree 0xc000038000 2048',
      ),
    );
    expect(r.status).toBe('accepted');
    if (r.status === 'unreadable') return;
    expect(r.unattributed.map((u) => u.line)).toEqual([3, 4]);
    expect(r.live).toEqual({ stacks: 0, bytes: 0 });
  });

  it('still rejects a free whose size is none of the candidates', () => {
    const r = checkTraceText(trace('stackalloc 2048', 'stackalloc 8192', '  allocated 0xc00004a000', '  allocated 0xc000038000', 'stackfree 0xc00004a000 4096'));
    expect(r).toMatchObject({ status: 'violation', violation: { line: 5, check: 'free-live', expected: 'size one of 2048, 8192 (allocated at line 3)' } });
  });

  it('checks overlap with the smallest candidate size (never a false alarm)', () => {
    // 0xc000038800 lies inside [0xc000038000, +8192) but not inside [0xc000038000, +2048)
    const ok = checkTraceText(trace('stackalloc 2048', 'stackalloc 8192', '  allocated 0xc000038000', '  allocated 0xc000038800'));
    expect(ok.status).toBe('accepted');
    const bad = checkTraceText(trace('stackalloc 2048', 'stackalloc 8192', '  allocated 0xc000038000', '  allocated 0xc000038000'));
    expect(bad).toMatchObject({ status: 'violation', violation: { line: 4, check: 'no-overlap' } });
  });
});
