import { describe, expect, it } from 'vitest';
import { LEVEL1_CHECKS, checkTraceText, formatReport, type CheckId } from '../../conformance/index.ts';
import { demo1Start, growth, growthExtended, shrink, trace } from './snippets.ts';

/** After `growth`: a second 4 KiB stack, grown by a copy that names the first copy's G. */
const otherStackOfSameG = [
  'stackalloc 4096',
  '  allocated 0xc000089000',
  'runtime: newstack sp=0xc000089be0 stack=[0xc000089000, 0xc00008a000]',
  '\tmorebuf={pc:0x441f51 sp:0xc000089bf0 lr:0x0}',
  '\tsched={pc:0x4423d2 sp:0xc000089be8 lr:0x0 ctxt:0x0}',
  'stackalloc 8192',
  '  allocated 0xc00008a000',
  'copystack gp=0xc0000061a0 [0xc000089000 0xc000089be8 0xc00008a000] -> [0xc00008a000 0xc00008bbe8 0xc00008c000]/8192',
];

/** 18 events that touch neither stack of `growth`: a 2 KiB stack allocated and freed six times. */
const laterWork = Array.from({ length: 6 }, () => ['stackalloc 2048', '  allocated 0xc000039000', 'stackfree 0xc000039000 2048']).flat();

// One snippet per check that breaks it, and the line where level 1 must stop.
// A Record, so a new check does not compile until it has a failing example.
const failing: Record<CheckId, { readonly lines: readonly string[]; readonly line: number }> = {
  'pow2-size': { lines: ['stackalloc 3072'], line: 1 },
  'alloc-requested': { lines: ['stackalloc 2048', '  allocated 0xc000038000 n=4096 p=0'], line: 2 },
  aligned: { lines: ['stackalloc 4096', '  allocated 0xc000038800'], line: 2 },
  'no-overlap': { lines: ['stackalloc 4096', '  allocated 0xc000038000', 'stackalloc 2048', '  allocated 0xc000038800'], line: 4 },
  'free-live': { lines: ['stackalloc 2048', '  allocated 0xc000038000', 'stackfree 0xc000038800 2048'], line: 3 },
  'newstack-live': { lines: growth.slice(3, 6), line: 1 },
  'copy-old-live': { lines: [...growth.slice(6, 10)], line: 4 },
  'copy-new-live': { lines: [...growth.slice(0, 6), growth[9]], line: 7 },
  'copy-used': {
    lines: [...growth.slice(0, 9), growth[9].replace('0xc000088be8', '0xc000088ae8'), ...growth.slice(10)],
    line: 10,
  },
  'newstack-frames': { lines: [...growth.slice(0, 3), growth[3].replace('sp=0xc0000383e0', 'sp=0xc0000383d8'), ...growth.slice(4)], line: 4 },
  // adjustframe left the second saved frame pointer of the chain in the old stack.
  'copy-adjusted': { lines: [...growthExtended.slice(0, 9), `${growthExtended[9]} fp=1 fpend=0xc0000387c0 dead=0 ctxt=0x0 stale=0x0`], line: 10 },
  'copy-reason': { lines: [...growth.slice(0, 3), ...growth.slice(6)], line: 7 },
  // gp's growth moved it to 0xc000088000, still live: a copy of gp from another stack.
  'copy-g-stack': { lines: [...growth, ...otherStackOfSameG], line: 20 },
  // copystack never freed the old stack, and the trace goes on for more than the exit tolerance.
  'copy-frees-old': { lines: [...growth.slice(0, 10), growth[11], ...laterWork], line: 29 },
  'grow-doubles': {
    lines: [
      ...growth.slice(0, 6),
      'stackalloc 2048',
      '  allocated 0xc000038800',
      'copystack gp=0xc0000061a0 [0xc000038000 0xc0000383e8 0xc000038800] -> [0xc000038800 0xc000038be8 0xc000039000]/2048',
    ],
    line: 9,
  },
  'shrink-halves': { lines: [...shrink.slice(0, 2), 'shrinking stack 131072->32768'], line: 3 },
  'grow-done': { lines: [...shrink, 'stack grow done'], line: 8 },
  'shrink-quarter': { lines: [...shrink.slice(0, 5), shrink[5].replace(/0xc0001afea8 0xc0001b0000\] -> \[0xc0000e2000 0xc0000f1ea8/, '0xc0001a8000 0xc0001b0000] -> [0xc0000e2000 0xc0000ea000'), shrink[6]], line: 6 },
  'refill-small': { lines: ['stackalloc 32768', 'stackcacherefill order=4'], line: 2 },
  'refill-requested': { lines: ['stackalloc 4096', 'stackcacherefill order=0'], line: 2 },
  'refill-empty': {
    lines: [...growthExtended.slice(0, 3), 'stackalloc 2048', 'stackcacherefill order=0 p=0 blocks=8', '  allocated 0xc000038800 n=2048 p=0'],
    line: 5,
  },
  'release-small': { lines: ['stackcacherelease order=4'], line: 1 },
  'release-after-free': { lines: [...growthExtended.slice(0, 3), 'stackcacherelease order=0 p=0 blocks=8'], line: 4 },
  'release-full': {
    lines: [...growthExtended.slice(0, 3), 'stackfree 0xc000038000 2048 p=0', 'stackcacherelease order=0 p=0 blocks=8'],
    line: 5,
  },
  'refill-half': { lines: ['stackalloc 2048', 'stackcacherefill order=0 p=0 blocks=16'], line: 2 },
  'release-half': {
    lines: [...growthExtended.slice(0, 3), 'stackfree 0xc000038000 2048 p=0', 'stackcacherelease order=0 p=0 blocks=7'],
    line: 5,
  },
  'clear-bounds': { lines: [...growthExtended.slice(0, 3), 'stackcache clear p=0 order=0 blocks=8'], line: 4 },
  'gfput-stack': { lines: [...growthExtended, 'gfput g=5 stack=0xc000038000 n=2048 start=2048 p=0'], line: 13 },
  'gfput-start': { lines: [...growthExtended.slice(0, 3), 'gfput g=5 stack=0xc000038000 n=2048 start=3072 p=0'], line: 4 },
  'span-aligned': { lines: ['stackalloc 2048', 'stackspan alloc 0xc000037000 npages=4 order=0'], line: 2 },
  'pool-span-size': { lines: ['stackalloc 2048', 'stackspan alloc 0xc000038000 npages=8 order=0'], line: 2 },
};

describe('level 1 catalogue', () => {
  it('gives every check a unique id, a one-line doc and a source', () => {
    const ids = LEVEL1_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of LEVEL1_CHECKS) {
      expect(c.doc).toMatch(/^\S.*\.$/);
      expect(c.doc).not.toContain('\n');
      expect(c.source.length).toBeGreaterThan(0);
    }
  });

  it.each(LEVEL1_CHECKS.map((c) => [c.id, failing[c.id]] as const))('%s can fail, at the right line', (id, example) => {
    const r = checkTraceText(trace(...example.lines));
    expect(r.status).toBe('violation');
    if (r.status !== 'violation') return;
    expect({ check: r.violation.check, line: r.violation.line }).toEqual({ check: id, line: example.line });
    expect(r.violation.expected).not.toBe('');
    expect(r.violation.seen).not.toBe('');
  });
});

describe('level 1 accepts the research-notes samples', () => {
  it.each([
    ['demo1 start', demo1Start],
    ['growth', growth],
    ['shrink', shrink],
    ['growth, extended format', growthExtended],
  ])('%s', (_name, lines) => {
    expect(checkTraceText(trace(...lines)).status).toBe('accepted');
  });

  it('accepts a copy whose old stack is not yet freed when fewer than 16 events follow it (the process exited mid-copy)', () => {
    const lines = [...growth.slice(0, 10), growth[11], ...laterWork.slice(0, 14)];
    expect(checkTraceText(trace(...lines)).status).toBe('accepted');
    const r = checkTraceText(trace(...lines, laterWork[14]));
    expect(r.status === 'violation' && r.violation.message).toContain('(allocated at line 3), the stack that copystack at line 10 moved gp=0xc0000061a0 off');
  });

  it('accepts a self-shrink after a preemption newstack (the block is not a growth)', () => {
    const lines = [
      ...shrink.slice(0, 2),
      'runtime: newstack sp=0xc0001afea0 stack=[0xc000190000, 0xc0001b0000]',
      '\tmorebuf={pc:0x441f51 sp:0xc0001afeb0 lr:0x0}',
      '\tsched={pc:0x4423d2 sp:0xc0001afea8 lr:0x0 ctxt:0x0}',
      ...shrink.slice(2),
    ];
    expect(checkTraceText(trace(...lines)).status).toBe('accepted');
  });

  it('accepts a growth that jumps several doublings at once (one big frame)', () => {
    const lines = [
      'stackalloc 2048',
      '  allocated 0xc00003a000',
      'runtime: newstack sp=0xc00003a780 stack=[0xc00003a000, 0xc00003a800]',
      '\tmorebuf={pc:0x441f51 sp:0xc00003a790 lr:0x0}',
      '\tsched={pc:0x4423d2 sp:0xc00003a788 lr:0x0 ctxt:0x0}',
      'stackalloc 65536',
      '  allocated 0xc000088000',
      'copystack gp=0xc000007380 [0xc00003a000 0xc00003a788 0xc00003a800] -> [0xc000088000 0xc000097f88 0xc000098000]/65536',
      'stackfree 0xc00003a000 2048',
      'stack grow done',
    ];
    expect(checkTraceText(trace(...lines)).status).toBe('accepted');
  });

  it('accepts a release once the cache really is full (extended)', () => {
    // 17 stacks of 2 KiB on p=0 (refills at 0, 8, 16) leave 14 KiB cached; the 10th free then finds 32 KiB.
    const alloc: string[] = [];
    const free: string[] = [];
    const base = 0xc000100000;
    for (let i = 0; i < 17; i++) {
      alloc.push('stackalloc 2048');
      if (i % 8 === 0) alloc.push('stackcacherefill order=0 p=0 blocks=8');
      alloc.push(`  allocated 0x${(base + i * 2048).toString(16)} n=2048 p=0`);
      free.push(`stackfree 0x${(base + i * 2048).toString(16)} 2048 p=0`);
    }
    const release = 'stackcacherelease order=0 p=0 blocks=8';
    expect(checkTraceText(trace(...alloc, ...free.slice(0, 10), release, ...free.slice(10))).status).toBe('accepted');
    // one free earlier, the cache holds at most 30 KiB
    expect(checkTraceText(trace(...alloc, ...free.slice(0, 9), release))).toMatchObject({
      status: 'violation',
      violation: { check: 'release-full', seen: 'at most 30720 bytes cached' },
    });
  });
});

describe('level 1: a G\'s stack across copies, and gfput', () => {
  it('accepts the copy of another G, and of the same G once its stack was freed (the G died and was reused)', () => {
    expect(checkTraceText(trace(...growth, ...otherStackOfSameG.map((l) => l.replace('gp=0xc0000061a0', 'gp=0xc000007380'))))).toMatchObject({ status: 'accepted' });
    expect(checkTraceText(trace(...growth, 'stackfree 0xc000088000 4096', ...otherStackOfSameG))).toMatchObject({ status: 'accepted' });
  });

  const gfput = (g: number, start: number): string => `gfput g=${g} stack=0xc000038000 n=2048 start=${start} p=0`;
  it('accepts a copy whose adjustment left nothing in the old stack, and names each kind of pointer left there', () => {
    const adjusted = (fields: string): string[] => [...growthExtended.slice(0, 9), `${growthExtended[9]} ${fields}`, ...growthExtended.slice(10)];
    expect(checkTraceText(trace(...adjusted('fp=3 fpend=0x0 dead=0 ctxt=0xc000088f00 stale=0x0'))).status).toBe('accepted');
    for (const [fields, what] of [['fp=0 fpend=0x0 dead=0 ctxt=0xc000038700 stale=0x0', 'sched.ctxt'], ['fp=2 fpend=0x0 dead=0 ctxt=0x0 stale=0xc0000387f0', 'a defer, panic or sudog record']] as const) {
      expect(checkTraceText(trace(...adjusted(fields)))).toMatchObject({ status: 'violation', violation: { check: 'copy-adjusted', line: 10, message: expect.stringContaining(what) } });
    }
    // The fields make the line extended: a stock trace may not carry them.
    expect(checkTraceText(trace(...growth.slice(0, 9), `${growth[9]} fp=0 fpend=0x0 dead=0 ctxt=0x0 stale=0x0`)).status).toBe('unreadable');
  });

  it('accepts startingStackSize changing across a mark termination only', () => {
    const head = growthExtended.slice(0, 3);
    expect(checkTraceText(trace(...head, gfput(5, 2048), 'setGCPhase 1', 'setGCPhase 2', 'setGCPhase 0', gfput(6, 4096))).status).toBe('accepted');
    expect(checkTraceText(trace(...head, gfput(5, 2048), 'setGCPhase 1', gfput(6, 4096)))).toMatchObject({ status: 'violation', violation: { check: 'gfput-start', line: 6 } });
  });
});

describe('level 1 report', () => {
  it('counts lines, events and kinds, and names the first violation', () => {
    const r = checkTraceText(trace('program output', ...growth, 'stackfree 0xc000038000 2048'));
    expect(r).toMatchObject({
      status: 'violation',
      format: 'stock',
      linesRead: 14,
      eventsRead: 11,
      eventsChecked: 11,
      violation: {
        line: 14,
        check: 'free-live',
        message: 'stackfree of [0xc000038000, 0xc000038800), which is not a live stack',
        expected: 'a live stack based at 0xc000038000',
        seen: 'no live stack there',
      },
    });
    if (r.status === 'unreadable') return;
    expect(r.counts).toEqual({
      stackalloc: 2,
      allocated: 2,
      stackfree: 2,
      stackcacherefill: 2,
      stackcacherelease: 0,
      stackcache_clear: 0,
      copystack: 1,
      newstack: 1,
      stackgrowdone: 1,
      shrinkstack: 0,
      stackspan: 0,
      stacklarge: 0,
      stackpool: 0,
      freestackspans: 0,
      gcphase: 0,
      procresize: 0,
      gfput: 0,
      gfree: 0,
      markrootfreegstacks: 0,
    });
    expect(formatReport(r).split('\n')[0]).toBe(
      'violation at line 14 [free-live; catalog: no-block-owned-twice]: stackfree of [0xc000038000, 0xc000038800), which is not a live stack',
    );
  });

  it('reports live stacks at the end of an accepted trace', () => {
    const r = checkTraceText(trace(...growth));
    expect(r).toMatchObject({ status: 'accepted', live: { stacks: 1, bytes: 4096 }, eventsRead: 10, eventsChecked: 10 });
    expect(formatReport(r)).toBe('accepted: 10 events in 12 lines (stock)');
  });
});
