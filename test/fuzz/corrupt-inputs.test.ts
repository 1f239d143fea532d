// Fuzzing the entry points that read a user's file: fast-check corrupts the committed
// counterexample files (a field replaced by another type, a huge or fractional number, deep
// nesting, a field removed or added, the text truncated, bytes overwritten) and the committed
// conformance traces (lines truncated, dropped, duplicated, numbers made huge, garbage and
// very long lines), and runs each through `replay` (sometimes with --html and --itf) or
// `conform`. Every case must end with exit 0, 1 or 2; exit 2 with exactly one line on stderr
// ("stackcheck: ..."), 0 and 1 with nothing on stderr; never an exception out of main (a
// stack trace), a V8 abort or a hang. Most cases drive main() in this process (a child per
// case would take minutes); a sample runs the real command as a child process.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { defaultCorpusDir } from '../../counterexamples/index.ts';
import { runCli } from '../cli-helpers.ts';

const root = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'stackcheck-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const counterexamples = readdirSync(defaultCorpusDir).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(defaultCorpusDir, f), 'utf8'));
const traceDir = join(root, 'conformance', 'fixtures');
const traces = readdirSync(traceDir).filter((f) => f.endsWith('.trace')).map((f) => readFileSync(join(traceDir, f), 'utf8'));

/** In-process cases per entry point (CI runs them all: at least 2,000 in total). */
const counterexampleCases = Number(process.env.FUZZ_N ?? 1_400);
const traceCases = Number(process.env.FUZZ_T ?? 700);
/** Real child processes: the same inputs as a user's shell would run them. */
const spawnedCases = 10;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path into a JSON value (the root is []). */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

// Values that JSON.stringify cannot write are markers, replaced in the text afterwards.
const deep = (depth: number): string => `\u0000deep${depth}\u0000`;
const raw = (text: string): string => `\u0000raw${text}\u0000`;
const unmark = (text: string): string => text
  .replace(/"\\u0000deep(\d+)\\u0000"/g, (_m, d: string) => '['.repeat(Number(d)) + ']'.repeat(Number(d)))
  .replace(/"\\u0000raw(.*?)\\u0000"/g, (_m, t: string) => t);

const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(-1, 0.5, -0, 2 ** 31, 2 ** 32 + 8192, 2 ** 53 + 2, 2 ** 64, 1e308, -1e308, 5e-324, '', 'x'.repeat(100_000), '__proto__', 'toString', null, true, [], {}),
  fc.integer({ min: 1, max: 2 ** 31 }),
  fc.integer({ min: 1_000, max: 200_000 }).map(deep),
  fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890', '1.0e+2', '0x10').map(raw),
);

/** A corrupt counterexample file's text. */
const corruptCounterexample: fc.Arbitrary<string> = fc.oneof(
  // A field (or an entry, or the whole document) replaced, removed, or joined by an unknown one.
  // A path of depth 1 (the document's own fields), of depth 2 (the scope's keys, the
  // finding's, whole actions) or of any depth (mostly inside the actions, which outnumber the
  // rest), a third of the time each, so every field is hit often.
  fc.record({
    file: fc.nat(), depth: fc.constantFrom(1, 2, Infinity), where: fc.nat(),
    op: fc.constantFrom('replace', 'replace', 'replace', 'remove', 'add'), value: oddValue,
  }).map(({ file, depth, where, op, value }) => {
    const doc = JSON.parse(counterexamples[file % counterexamples.length]) as Json;
    const all = paths(doc).filter((p) => p.length === depth || (depth === Infinity && p.length > 0));
    const path = all[where % all.length];
    if (path.length === 0) return unmark(JSON.stringify(op === 'replace' ? value : doc));
    const parent = path.slice(0, -1).reduce<Json>((o, k) => (o as Record<string, Json>)[k], doc) as Record<string, Json> | Json[];
    const key = path[path.length - 1];
    if (op === 'replace') (parent as Record<string, Json>)[key] = value;
    else if (op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (Array.isArray(parent)) parent.push(value);
    else parent[`extra${String(key)}`] = value;
    return unmark(JSON.stringify(doc, null, 1));
  }),
  // Cut short.
  fc.tuple(fc.nat(), fc.nat()).map(([file, at]) => {
    const t = counterexamples[file % counterexamples.length];
    return t.slice(0, at % t.length);
  }),
  // Bytes overwritten.
  fc.tuple(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })).map(([file, edits]) => {
    const b = Buffer.from(counterexamples[file % counterexamples.length]);
    for (const [at, byte] of edits) b[at % b.length] = byte;
    return b.toString('latin1');
  }),
  // Deep nesting as the whole file, a format version as text, an empty file.
  fc.integer({ min: 1, max: 300_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
  fc.constantFrom('', '{}', '[]', 'null', '{"format":"1"}', '{"format":1e999}', '\u0000\u0001', '\uFEFF{}'),
);

/** A corrupt conformance trace. */
const corruptTrace: fc.Arbitrary<string> = fc.tuple(
  fc.nat(),
  fc.array(fc.tuple(fc.constantFrom('cut', 'drop', 'dup', 'huge', 'garbage', 'long', 'swap'), fc.nat(), fc.string({ maxLength: 40 })), { minLength: 1, maxLength: 6 }),
).map(([file, edits]) => {
  let lines = traces[file % traces.length].split('\n');
  for (const [op, at, s] of edits) {
    const i = at % Math.max(1, lines.length);
    if (op === 'cut') lines = lines.slice(0, i);
    else if (op === 'drop') lines.splice(i, 1);
    else if (op === 'dup') lines.splice(i, 0, lines[i] ?? '');
    else if (op === 'huge') lines[i] = (lines[i] ?? '').replace(/\d+/g, (d) => (at % 2 === 0 ? '9'.repeat(40) : `${d}${'0'.repeat(at % 30)}`));
    else if (op === 'garbage') lines.splice(i, 0, s);
    else if (op === 'long') lines[i] = `${lines[i] ?? ''}${'x'.repeat(200_000)}`;
    else if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
  }
  return lines.join('\n');
});

let n = 0;
function writeCase(text: string, ext: string): string {
  const file = join(dir, `case-${n++}.${ext}`);
  writeFileSync(file, text, 'latin1');
  return file;
}

/** The outcome rules every run must keep. */
function expectClean(code: number | null, err: string, what: string): void {
  expect(err, what).not.toMatch(/\n\s+at .*[(:]\d+/); // a stack frame
  expect([0, 1, 2], `${what}: exit ${code}`).toContain(code);
  if (code === 2) expect(err, what).toMatch(/^stackcheck: [^\n]+\n$/);
  else expect(err, what).toBe('');
}

async function inProcess(argv: string[]): Promise<void> {
  let r: { code: number; out: string; err: string };
  try {
    r = await runCli(...argv);
  } catch (e) {
    throw new Error(`${argv.join(' ')}: main threw (a stack trace for a user): ${String((e as Error)?.stack ?? e).split('\n').slice(0, 3).join(' | ')}`);
  } finally {
    vi.restoreAllMocks();
  }
  expectClean(r.code, r.err, argv.join(' '));
}

describe('corrupt inputs', () => {
  test(`${counterexampleCases} corrupt counterexample files through replay (some with --html and --itf)`, async () => {
    await fc.assert(fc.asyncProperty(corruptCounterexample, fc.nat(9), async (text, render) => {
      const file = writeCase(text, 'json');
      // One case in ten also renders, where a huge or strange value may first be touched.
      const extra = render === 0 ? ['--html', join(dir, `page-${n}.html`), '--itf', join(dir, `trace-${n}.itf.json`)] : [];
      await inProcess(['replay', file, ...extra]);
      rmSync(file);
    }), { numRuns: counterexampleCases });
  }, 300_000);

  test(`${traceCases} corrupt traces through conform (some with --json)`, async () => {
    await fc.assert(fc.asyncProperty(corruptTrace, fc.boolean(), async (text, json) => {
      const file = writeCase(text, 'trace');
      await inProcess(['conform', file, ...(json ? ['--json'] : [])]);
      rmSync(file);
    }), { numRuns: traceCases });
  }, 300_000);

  test(`${spawnedCases} of them as real child processes: no stack trace, no V8 abort, no hang`, () => {
    const bin = join(root, 'bin', 'stackcheck.mjs');
    const sample = [
      ...fc.sample(corruptCounterexample, spawnedCases / 2).map((t) => ['replay', writeCase(t, 'json')]),
      ...fc.sample(corruptTrace, spawnedCases / 2).map((t) => ['conform', writeCase(t, 'trace')]),
    ];
    for (const argv of sample) {
      const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', cwd: root, timeout: 60_000 });
      expect(r.signal, `${argv.join(' ')}: killed by ${r.signal}`).toBeNull();
      expectClean(r.status, r.stderr, argv.join(' '));
    }
  }, 600_000);
});
