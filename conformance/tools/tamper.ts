/**
 * Writes conformance/fixtures/tampered/: copies of clean fixtures with one
 * line changed (or inserted), each breaking exactly one level-1 check at a
 * known line, plus a README.md table saying what was done. The tampered
 * files are committed; rerun this only to rebuild them from the committed
 * clean fixtures (then update the line numbers in
 * test/conformance/tampered.test.ts from the table):
 *
 *   npx tsx conformance/tools/tamper.ts
 *
 * It picks sites mid-trace (from line 100 on) with plain bookkeeping over
 * the parsed events, independent of level 1's code.
 * @internal
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckId } from '../level1/checks.ts';
import type { TraceEvent } from '../trace/events.ts';
import { parseTrace } from '../trace/parse.ts';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const START = 100;

type Tamper = {
  readonly file: string;
  readonly source: string;
  readonly check: CheckId;
  /** The line of the tampered file where level 1 must stop. */
  readonly line: number;
  readonly change: string;
  readonly lines: readonly string[];
};

function load(name: string): { lines: string[]; events: readonly TraceEvent[] } {
  const text = readFileSync(join(fixtures, name), 'utf8');
  const parsed = parseTrace(text);
  if (!parsed.ok) throw new Error(`${name}: ${parsed.problems[0].message}`);
  return { lines: text.replace(/\n$/, '').split('\n'), events: parsed.trace.events };
}

const hex = (n: number): string => `0x${n.toString(16)}`;

// Replays allocated/stackfree up to (not including) `line`: base → size of every live stack.
function liveBefore(events: readonly TraceEvent[], line: number): Map<number, number> {
  const live = new Map<number, number>();
  for (const e of events) {
    if (e.line >= line) break;
    if (e.kind === 'allocated' && e.by !== 'unattributed') live.set(e.v, e.n);
    if (e.kind === 'stackfree') live.delete(e.v);
  }
  return live;
}

function replaceLine(lines: readonly string[], line: number, text: string): string[] {
  const out = [...lines];
  out[line - 1] = text;
  return out;
}

function insertAfter(lines: readonly string[], line: number, text: string): string[] {
  return [...lines.slice(0, line), text, ...lines.slice(line)];
}

function change(lines: readonly string[], line: number, text: string): string {
  return `line ${line}: \`${lines[line - 1]}\` → \`${text}\``;
}

function overlap(source: string): Tamper {
  const { lines, events } = load(source);
  for (const e of events) {
    if (e.line < START || e.kind !== 'allocated' || e.by !== 'paired' || e.n !== 2048) continue;
    const victim = [...liveBefore(events, e.line)].find(([, n]) => n >= e.n);
    if (victim === undefined) continue;
    const text = `  allocated ${hex(victim[0])}`;
    return { file: 'overlap.trace', source, check: 'no-overlap', line: e.line, change: change(lines, e.line, text), lines: replaceLine(lines, e.line, text) };
  }
  throw new Error('no site for overlap');
}

function freeNotLive(source: string): Tamper {
  const { lines, events } = load(source);
  const freed = new Map<number, number>(); // base → size of stacks freed and not reallocated
  for (const e of events) {
    if (e.kind === 'allocated' && e.by !== 'unattributed') freed.delete(e.v);
    if (e.kind !== 'stackfree') continue;
    const again = [...freed].find(([, n]) => n === e.n);
    if (e.line >= START && again !== undefined) {
      const text = `stackfree ${hex(again[0])} ${e.n}`;
      return { file: 'free-not-live.trace', source, check: 'free-live', line: e.line, change: change(lines, e.line, text), lines: replaceLine(lines, e.line, text) };
    }
    freed.set(e.v, e.n);
  }
  throw new Error('no site for free-not-live');
}

function copyUsed(source: string): Tamper {
  const { lines, events } = load(source);
  const e = events.find((x) => x.line >= START && x.kind === 'copystack');
  if (e === undefined || e.kind !== 'copystack') throw new Error('no site for copy-used');
  const text = lines[e.line - 1].replace(` ${hex(e.new.sp)} `, ` ${hex(e.new.sp - 0x100)} `);
  return { file: 'copy-used.trace', source, check: 'copy-used', line: e.line, change: change(lines, e.line, text), lines: replaceLine(lines, e.line, text) };
}

function notPow2(source: string): Tamper {
  const { lines, events } = load(source);
  const e = events.find((x) => x.line >= START && x.kind === 'stackalloc');
  if (e === undefined || e.kind !== 'stackalloc') throw new Error('no site for not-pow2');
  const text = `stackalloc ${e.n + e.n / 2}`;
  return { file: 'not-pow2.trace', source, check: 'pow2-size', line: e.line, change: change(lines, e.line, text), lines: replaceLine(lines, e.line, text) };
}

function shrinkNotHalf(source: string): Tamper {
  const { lines, events } = load(source);
  const e = events.find((x) => x.line >= START && x.kind === 'shrinkstack');
  if (e === undefined || e.kind !== 'shrinkstack') throw new Error('no site for shrink-not-half');
  const text = `shrinking stack ${e.oldsize}->${e.newsize / 2}`;
  return { file: 'shrink-not-half.trace', source, check: 'shrink-halves', line: e.line, change: change(lines, e.line, text), lines: replaceLine(lines, e.line, text) };
}

function refillLarge(source: string): Tamper {
  const { lines, events } = load(source);
  const e = events.find((x) => x.line >= START && x.kind === 'stackcacherefill');
  if (e === undefined || e.kind !== 'stackcacherefill') throw new Error('no site for refill-large');
  const text = 'stackcacherefill order=4';
  return { file: 'refill-large.trace', source, check: 'refill-small', line: e.line, change: change(lines, e.line, text), lines: replaceLine(lines, e.line, text) };
}

// Extended: a second refill before the allocation that the first refill's 16 KiB still covers.
function refillNotEmpty(source: string): Tamper {
  const { lines, events } = load(source);
  const onP = (p: number, n: number) => (x: TraceEvent) => x.kind === 'allocated' && x.by === 'printed' && x.p === p && x.n === n;
  for (let i = 0; i < events.length; i++) {
    const r = events[i];
    if (r.line < START || r.kind !== 'stackcacherefill' || r.p === null) continue;
    const later = events.slice(i + 1);
    const n = 2048 * 2 ** r.order;
    const served = later.findIndex(onP(r.p, n)); // the allocation that triggered the refill
    const next = later.slice(served + 1).find(onP(r.p, n)); // the next one, which the cache covers
    if (served < 0 || next === undefined) continue;
    if (later.some((x) => x.line < next.line && (x.kind === 'stackcache_clear' || x.kind === 'stackcacherefill'))) continue;
    const text = `stackcacherefill order=${r.order} p=${r.p} blocks=${16384 / n}`;
    return {
      file: 'ext-refill-not-empty.trace',
      source,
      check: 'refill-empty',
      line: next.line,
      change: `inserted \`${text}\` as line ${next.line}, before \`${lines[next.line - 1]}\` (line ${r.line} refilled that cache)`,
      lines: insertAfter(lines, next.line - 1, text),
    };
  }
  throw new Error('no site for ext-refill-not-empty');
}

// Extended: a release right after the first same-order free following a refill, while the cache holds 16 KiB at most.
function releaseNotFull(source: string): Tamper {
  const { lines, events } = load(source);
  for (let i = 0; i < events.length; i++) {
    const r = events[i];
    if (r.line < START || r.kind !== 'stackcacherefill' || r.p === null) continue;
    const n = 2048 * 2 ** r.order;
    const free = events.slice(i + 1).find((x) => x.kind === 'stackfree' && x.p === r.p && x.n === n);
    if (free === undefined) continue;
    const text = `stackcacherelease order=${r.order} p=${r.p} blocks=${16384 / n}`;
    return {
      file: 'ext-release-not-full.trace',
      source,
      check: 'release-full',
      line: free.line + 1,
      change: `inserted \`${text}\` as line ${free.line + 1}, after \`${lines[free.line - 1]}\` (cache refilled at line ${r.line})`,
      lines: insertAfter(lines, free.line, text),
    };
  }
  throw new Error('no site for ext-release-not-full');
}

// Level 2 only (written to tampered-level2/): two cache hits of one size on one P, nothing of
// that P's between them, swap their addresses — a possible trace, but not Go's LIFO cache order.
function extLifoSwap(source: string): { line: number; change: string; lines: string[] } {
  const { lines, events } = load(source);
  const hit = (x: TraceEvent) => x.kind === 'allocated' && x.by === 'printed' && x.p >= 0 && x.n < 32768;
  for (let i = 0; i < events.length; i++) {
    const a = events[i];
    if (a.line < START || !hit(a) || a.kind !== 'allocated' || a.by !== 'printed') continue;
    const prev = events[i - 1];
    if (prev.kind === 'stackcacherefill') continue; // a refill's own allocation
    const j = events.findIndex((x, k) => k > i && 'p' in x && x.p === a.p);
    const b = events[j];
    if (j < 0 || b.kind !== 'allocated' || b.by !== 'printed' || b.n !== a.n || events[j - 1].kind === 'stackcacherefill') continue;
    const out = lines.slice();
    out[a.line - 1] = lines[b.line - 1];
    out[b.line - 1] = lines[a.line - 1];
    return { line: a.line, change: `lines ${a.line} and ${b.line} swap their addresses`, lines: out };
  }
  throw new Error('no site for ext-lifo-swap');
}

const stock = 'parkshrink.p1.stock.trace';
const extended = 'shortlived.p2.ext.trace';
const tampers = [
  overlap(stock),
  freeNotLive(stock),
  copyUsed(stock),
  notPow2(stock),
  shrinkNotHalf(stock),
  refillLarge(stock),
  refillNotEmpty(extended),
  releaseNotFull(extended),
];
for (const t of tampers) writeFileSync(join(fixtures, 'tampered', t.file), t.lines.join('\n') + '\n');
const table = tampers.map((t) => `| ${t.file} | ${t.source} | ${t.line} | \`${t.check}\` | ${t.change} |`);
writeFileSync(
  join(fixtures, 'tampered', 'README.md'),
  [
    '# Tampered fixtures',
    '',
    'Each file is a clean fixture with one line changed or inserted; level 1 must stop at',
    '`line` with `check`. Generated by `npx tsx conformance/tools/tamper.ts` (asserted in',
    '`test/conformance/tampered.test.ts`).',
    '',
    '| file | derived from | line | check | change |',
    '|---|---|---|---|---|',
    ...table,
    '',
  ].join('\n'),
);
console.log(table.join('\n'));
const swap = extLifoSwap(extended);
writeFileSync(join(fixtures, 'tampered-level2', 'ext-lifo-swap.trace'), swap.lines.join('\n') + '\n');
console.log(`tampered-level2/ext-lifo-swap.trace: line ${swap.line}: ${swap.change}`);
