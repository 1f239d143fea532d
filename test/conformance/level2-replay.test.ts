import { describe, expect, it } from 'vitest';
import { parseTrace, type Trace } from '../../conformance/index.ts';
import { replayLevel2 } from '../../conformance/level2/index.ts';
import { goRuntime } from '../../model/index.ts';

// Level 2 on small hand-written traces: the heap oracle, the pool path, and the search over
// `stackcache clear` attributions. Arena base 0xc000000000; a 2 KiB slot is 0x800.

function parsed(lines: readonly string[]): Trace {
  const r = parseTrace(lines.join('\n') + '\n');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.trace;
}

const hex = (v: number): string => `0x${v.toString(16)}`;
const B = 0xc000000000;

describe('the heap oracle', () => {
  it('places a refilled span so the model answers the traced address: the refill leaves base+16K at the cache head', () => {
    const r = replayLevel2(parsed(['stackalloc 2048', 'stackcacherefill order=0', `  allocated ${hex(B + 0x4000)}`, 'stackalloc 2048', `  allocated ${hex(B + 0x4800)}`]));
    expect(r.status).toBe('accepted');
    if (r.status !== 'accepted') return;
    expect(r.decisions).toEqual([
      { line: 3, op: 'alloc', p: 0, path: 'refill', span: B },
      { line: 5, op: 'alloc', p: 0, path: 'cacheHit', span: null },
    ]);
  });

  it('refuses pages the model still holds: a large stack inside another is a divergence', () => {
    const r = replayLevel2(parsed(['stackalloc 65536', `  allocated ${hex(B)}`, 'stackalloc 32768', `  allocated ${hex(B + 0x8000)}`]));
    expect(r.status).toBe('divergence');
    if (r.status !== 'divergence') return;
    expect(r.divergence.line).toBe(4);
    expect(r.divergence.message).toMatch(/needs a span at 0xc000008000, whose pages are not free in the model heap/);
  });

  it('cannot place an address the model would not hand out from a fresh span (a refill head is base+16K, so base+2K needs an unaligned base)', () => {
    const r = replayLevel2(parsed(['stackalloc 2048', 'stackcacherefill order=0', `  allocated ${hex(B + 0x800)}`]));
    expect(r.status).toBe('divergence');
    if (r.status === 'divergence') expect(r.divergence.message).toMatch(/at \+0x4000, so this address needs a span at 0xbfffffc800, which is not page-aligned/);
  });
});

describe('paths the trace does not name', () => {
  it('an extended stackpool alloc line (no P) takes the global pool path: a fresh span hands out its highest slot', () => {
    const r = replayLevel2(parsed(['stackalloc 2048', `stackspan alloc ${hex(B)} npages=4 order=0`, `stackpool alloc ${hex(B + 0x7800)} order=0 p=-1`, `  allocated ${hex(B + 0x7800)} n=2048 p=-1`]));
    expect(r.status).toBe('accepted');
    if (r.status === 'accepted') expect(r.decisions).toEqual([{ line: 3, op: 'alloc', p: -1, path: 'pool', span: B }]);
  });

  it('an extended allocation without a P and without its stackpool line is a divergence', () => {
    const r = replayLevel2(parsed(['stackalloc 2048', `  allocated ${hex(B + 0x7800)} n=2048 p=-1`]));
    expect(r.status).toBe('divergence');
    if (r.status === 'divergence') expect(r.divergence).toMatchObject({ line: 2, rule: 'alloc-linearised' });
  });

  it('a one-P stock line with no refill where the cache is empty falls back to the pool path (m.preemptoff) and says so', () => {
    const r = replayLevel2(parsed(['stackalloc 2048', `  allocated ${hex(B + 0x7800)}`]));
    expect(r.status).toBe('accepted');
    if (r.status !== 'accepted') return;
    expect(r.decisions).toEqual([{ line: 2, op: 'alloc', p: 0, path: 'pool', span: B }]);
    expect(r.paths.poolWithP).toBe(1);
  });

  it('a release the model does not make is a divergence at the free', () => {
    const r = replayLevel2(parsed(['stackalloc 2048', 'stackcacherefill order=0', `  allocated ${hex(B + 0x4000)}`, `stackfree ${hex(B + 0x4000)} 2048`, 'stackcacherelease order=0']));
    expect(r.status).toBe('divergence');
    if (r.status !== 'divergence') return;
    expect(r.divergence.line).toBe(4);
    expect(r.divergence.seen).toBe('stackcacherelease order=0 at line 5');
  });
});

describe('stackcache clear in a multi-P extended trace', () => {
  // P0 and P1 both refill from one span; then P1's cache is cleared (the extended line names
  // the P, one line per order). P0 then allocates from its cache without a refill, and P1's
  // next refill drains the old span and needs a fresh one.
  const clear = (p: number, blocks: number): string[] => [0, 1, 2, 3].map((k) => `stackcache clear p=${p} order=${k} blocks=${k === 0 ? blocks : 0}`);
  const lines = [
    'stackalloc 2048',
    `stackspan alloc ${hex(B)} npages=4 order=0`,
    'stackcacherefill order=0 p=0 blocks=8',
    `  allocated ${hex(B + 0x4000)} n=2048 p=0`,
    'stackalloc 2048',
    'stackcacherefill order=0 p=1 blocks=8',
    `  allocated ${hex(B)} n=2048 p=1`,
    ...clear(1, 7),
    'stackalloc 2048',
    `  allocated ${hex(B + 0x4800)} n=2048 p=0`,
    'stackalloc 2048',
    `stackspan alloc ${hex(B + 0x8000)} npages=4 order=0`,
    'stackcacherefill order=0 p=1 blocks=8',
    `  allocated ${hex(B + 0xf800)} n=2048 p=1`,
  ];

  it('replays in one pass, the clear on the P it names', () => {
    const r = replayLevel2(parsed(lines));
    expect(r.status).toBe('accepted');
    if (r.status !== 'accepted') return;
    expect(r.search.backtracks).toBe(0);
    expect(r.decisions.filter((d) => d.op === 'clear')).toEqual([{ line: 8, op: 'clear', p: 1 }]);
    // The refill line (16) is where P1's refill took a fresh span.
    expect(r.decisions.at(-1)).toEqual({ line: 16, op: 'alloc', p: 1, path: 'refill', span: B + 0x8000 });
  });

  it('a clear naming the other P diverges where that P next allocates from its (now empty) cache', () => {
    const bad = [...lines.slice(0, 7), ...clear(0, 7), ...lines.slice(11)];
    const r = replayLevel2(parsed(bad));
    expect(r.status).toBe('divergence');
    if (r.status !== 'divergence') return;
    expect(r.divergence).toMatchObject({ line: 13, rule: 'refill-required' });
  });
});

describe('the end of an extended trace', () => {
  const lines = ['stackalloc 2048', `stackspan alloc ${hex(B)} npages=4 order=0`, 'stackcacherefill order=0 p=0 blocks=8', `  allocated ${hex(B + 0x4000)} n=2048 p=0`, `stackfree ${hex(B + 0x4000)} 2048 p=0`];

  it('is accepted when the model holds exactly the stacks the trace shows live', () => {
    expect(replayLevel2(parsed(lines)).status).toBe('accepted');
  });

  it('is a divergence when the model still holds a stack the trace freed (a stackfree that does nothing)', () => {
    const r = replayLevel2(parsed(lines), { runtime: { ...goRuntime, stackfree: () => {} } });
    expect(r.status).toBe('divergence');
    if (r.status === 'divergence') expect(r.divergence).toMatchObject({ line: 5, rule: 'end-state', message: expect.stringContaining('allocated it at line 4 and freed it at line 5') });
  });

  it('is accepted, with a note, when it ends between a refill line and its allocated line (the process exited meanwhile)', () => {
    // go-check met this in 3 of 1,000 stock Go 1.26 traces of gcchurn and migrate at GOMAXPROCS 2 and 4: the
    // last lines were `stackalloc 2048` and its refill, and the block the model's refill hands out
    // is one the trace had freed earlier.
    const cut = ['stackalloc 2048', `stackspan alloc ${hex(B)} npages=4 order=0`, 'stackcacherefill order=0 p=0 blocks=8'];
    const r = replayLevel2(parsed(cut));
    expect(r.status).toBe('accepted');
    if (r.status === 'accepted') expect(r.endNotes).toContain('the refill at line 3 on P0 has no allocated line: the trace ends first');
  });

  it('is accepted, with a note, when it ends between a large stackfree and its span line (the process exited meanwhile)', () => {
    // go-check met this in a real Go 1.19 deadframe trace at GOMAXPROCS=2: the last line was a stackfree.
    const large = ['stackalloc 32768', `stackspan alloc ${hex(B)} npages=4 large`, `  allocated ${hex(B)} n=32768 p=0`, `stackfree ${hex(B)} 32768 p=0`];
    const r = replayLevel2(parsed(large));
    expect(r.status).toBe('accepted');
    if (r.status === 'accepted') expect(r.endNotes).toContain(`the stackfree of ${hex(B)} at line 4 has no pool, stackLarge or span line: the trace ends first`);
  });
});
