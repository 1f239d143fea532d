import { describe, expect, it } from 'vitest';
import { checkTraceBytes, checkTraceText, formatReport, parseTraceBytes } from '../../conformance/index.ts';

// Bad input is a report with status 'unreadable' (exit code 2 for a CLI), never an exception.

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('bad input', () => {
  it.each([
    ['an empty file', new Uint8Array(0), 'empty trace'],
    ['only blank lines', enc('\n\n  \n'), 'empty trace'],
    ['text without stack prints', enc('hello\nworld\n'), 'no stackDebug=1 lines found (is this a stackcheck trace?)'],
    ['invalid UTF-8', new Uint8Array([0x73, 0x74, 0xff, 0xfe, 0x0a]), 'not a text trace: input is not valid UTF-8'],
    ['a NUL byte', enc('stackalloc 2048\n\u0000\u0001\u0002\n'), 'not a text trace: NUL byte (binary input?)'],
    ['an ELF header', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), 'not a text trace: NUL byte (binary input?)'],
  ])('%s gives a clean error', (_what, bytes, message) => {
    const r = checkTraceBytes(bytes);
    expect(r.status).toBe('unreadable');
    if (r.status !== 'unreadable') return;
    expect(r.problems[0].message).toBe(message);
    expect(formatReport(r)).toMatch(/^unreadable: /);
  });

  it('random binary garbage never throws', () => {
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 50; round++) {
      const bytes = new Uint8Array(4096).map(() => next() % 256);
      expect(() => checkTraceBytes(bytes)).not.toThrow();
      expect(checkTraceBytes(bytes).status).toBe('unreadable');
    }
  });

  it('random printable garbage mixed with stack-print prefixes never throws', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const prefixes = ['stackalloc ', '  allocated 0x', 'stackfree 0x', 'copystack gp=0x', 'runtime: newstack sp=0x', 'shrinking stack ', 'stackcacherefill order='];
    for (let round = 0; round < 50; round++) {
      const lines = Array.from({ length: 40 }, () => prefixes[next() % prefixes.length] + String.fromCharCode(...Array.from({ length: next() % 30 }, () => 32 + (next() % 95))));
      expect(() => checkTraceText(lines.join('\n') + '\n')).not.toThrow();
    }
  });

  it('caps the number of problems reported', () => {
    const r = parseTraceBytes(enc('stackalloc x\n'.repeat(1000)));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.length).toBe(20);
    expect(r.problems[19]).toEqual({ line: 20, message: 'malformed stackalloc line' });
  });

  it('a single huge line is fine', () => {
    expect(checkTraceText('x'.repeat(5_000_000) + '\n').status).toBe('unreadable');
  });
});

// The corrupt-input fuzz test found it (seed -953794775): a freeStackSpans section for an order
// with no pool made level 2 read a span log that does not exist and throw a TypeError.
it('a freeStackSpans section for an order with no pool is a level-2 divergence at its line, not a crash', async () => {
  const { readFileSync } = await import('node:fs');
  const { checkConformanceText } = await import('../../conformance/index.ts');
  const lines = readFileSync('conformance/fixtures/gcchurn.p2.ext.trace', 'utf8').split('\n');
  const at = lines.indexOf('freeStackSpans order=2');
  expect(at).toBeGreaterThan(0);
  lines[at] = 'freeStackSpans order=20000000';
  const r = checkConformanceText(lines.join('\n'));
  expect(r.status).toBe('divergence');
  if (r.status !== 'divergence' || r.level2.status !== 'divergence') return;
  expect(r.level2.divergence).toMatchObject({ line: at + 1, rule: 'free-stack-spans' });
});

// The corrupt-input fuzz test found it (seed 2058430198): `stackcache clear p=10000000000000`
// made level 2 build that many Ps and throw a RangeError.
it('a P id beyond any machine is reported as not replayable at its line, not a crash', async () => {
  const { readFileSync } = await import('node:fs');
  const { checkConformanceText } = await import('../../conformance/index.ts');
  const lines = readFileSync('conformance/fixtures/gcchurn.p2.ext.trace', 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith('stackcache clear p=1 '));
  expect(at).toBeGreaterThan(0);
  lines[at] = lines[at].replace('p=1 ', 'p=10000000000000 ');
  const r = checkConformanceText(lines.join('\n'));
  expect(r.level2?.status).toBe('not-replayable');
  if (r.level2?.status !== 'not-replayable') return;
  expect(r.level2.unattributable).toEqual([at + 1]);
});
