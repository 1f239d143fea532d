// The sample outputs in the READMEs, kept true: each is a fenced block right after a marker
//
//   <!-- sample: ARGS [| lines RANGE, RANGE...] [| prompt] -->
//
// and is what `stackcheck ARGS` prints (stdout not a terminal) in a fresh directory that sees
// the repository's conformance/ and counterexamples/ (so findings are saved anew each time),
// either whole or the given line ranges with a `...` line wherever lines are left out. A RANGE
// is `A-B` (1-based line numbers) or `/RE/../RE/` (from the first line matching the first
// regular expression to the next line matching the second; `$` for the last line), so a
// sample survives output growing elsewhere;
// `prompt` starts the block with `$ npx stackcheck ARGS`. `$SAVED` in ARGS is the file the
// previous sample of the same README saved (its `counterexample saved:` line). test/readme-samples.test.ts fails
// when a block is stale (timings masked: they differ run to run); `npm run readme:update`
// rewrites every block from what the commands print now.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. @internal */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The READMEs whose samples are kept. @internal */
export const sampleFiles = ['README.md', 'counterexamples/README.md', 'conformance/README.md', 'model/mutants/README.md'];

/** A line range: numbers, or regular expressions anchored on content ('$': the last line). @internal */
export type LineRange = readonly [number | RegExp | '$', number | RegExp | '$'];

/** One sample: where its block's body is in the file's text, and how to make it. @internal */
export interface Sample {
  readonly args: readonly string[];
  readonly lines: readonly LineRange[] | null;
  readonly prompt: boolean;
  /** The marker line, for messages. */
  readonly marker: string;
  /** Offsets of the block's body (between the fences) in the file's text. */
  readonly start: number;
  readonly end: number;
}

const markerRe = /<!-- sample: ([^>]*?) -->\n```[a-z]*\n/g;

function parseRange(r: string, marker: string): LineRange {
  const re = /^\/(.*)\/\.\.(?:\/(.*)\/|(\$))$/.exec(r);
  if (re !== null) return [new RegExp(re[1]), re[3] === '$' ? '$' : new RegExp(re[2])];
  const num = /^(\d+)(?:-(\d+))?$/.exec(r);
  if (num === null) throw new Error(`<!-- sample: ${marker} -->: bad line range '${r}'`);
  return [Number(num[1]), Number(num[2] ?? num[1])];
}

/** The 0-based [first, last] lines a range picks, searching from line `from`. */
function pick(all: readonly string[], [a, b]: LineRange, from: number): [number, number] {
  const find = (x: number | RegExp | '$', start: number): number => {
    if (x === '$') return all.length - 1;
    if (typeof x === 'number') return x - 1;
    const i = all.findIndex((l, k) => k >= start && x.test(l));
    if (i < 0) throw new Error(`no output line matches ${String(x)}`);
    return i;
  };
  const first = find(a, from);
  return [first, find(b, first)];
}

/** The samples of a file's text, in order. @internal */
export function findSamples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const m of text.matchAll(markerRe)) {
    const [cmd, ...opts] = m[1].split('|').map((x) => x.trim());
    const start = m.index + m[0].length;
    const end = text.indexOf('```', start);
    if (end < 0) throw new Error(`unterminated sample block after <!-- sample: ${m[1]} -->`);
    const lineOpt = opts.find((o) => o.startsWith('lines '));
    const lines = lineOpt === undefined ? null : lineOpt.slice(6).split(',').map((r) => parseRange(r.trim(), m[1]));
    out.push({ args: cmd.split(/\s+/), lines, prompt: opts.includes('prompt'), marker: m[1], start, end });
  }
  return out;
}

/** A fresh working directory with the repository's folders samples read; remove it when done. @internal */
export function sampleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stackcheck-samples-'));
  for (const d of ['conformance', 'counterexamples', 'model']) symlinkSync(join(repoRoot, d), join(dir, d));
  return dir;
}

/** What `stackcheck args` prints on stdout in cwd. A bad-usage exit (2) is an error: the sample's command is wrong. @internal */
export function commandOutput(args: readonly string[], cwd: string): string {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'stackcheck.mjs'), ...args], {
    cwd, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, FORCE_COLOR: '0' },
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`stackcheck ${args.join(' ')}: exit ${r.status}: ${r.stderr.trim()}`);
  return r.stdout.replace(/\n$/, '');
}

/** The block's body for a sample from the command's output. @internal */
export function sampleBody(s: Pick<Sample, 'args' | 'lines' | 'prompt'>, output: string): string {
  const all = output.split('\n');
  let kept: string[] = all;
  if (s.lines !== null) {
    kept = [];
    let next = 0;
    for (const r of s.lines) {
      const [a, b] = pick(all, r, next);
      if (a > next) kept.push('...');
      kept.push(...all.slice(a, b + 1));
      next = b + 1;
    }
    if (next < all.length) kept.push('...');
  }
  return `${s.prompt ? `$ npx stackcheck ${s.args.join(' ')}\n` : ''}${kept.join('\n')}\n`;
}

/** The text with what differs between two runs of the same command masked: timings. @internal */
export function maskTimings(text: string): string {
  return text
    .replace(/[\d,.]+ (steps|states)\/s/g, 'N $1/s')
    .replace(/\(\d+(\.\d+)? s\)/g, '(T s)')
    .replace(/\b\d+ ms\b/g, 'T ms')
    .replace(/ +/g, ' ');
}

/** Each sample of a file's text with the body its command gives now, run in order in one fresh directory. @internal */
export function regenerated(text: string): { sample: Sample; body: string }[] {
  const out: { sample: Sample; body: string }[] = [];
  const dir = sampleDir();
  try {
    let saved = '$SAVED';
    for (const s of findSamples(text)) {
      const output = commandOutput(s.args.map((a) => (a === '$SAVED' ? saved : a)), dir);
      saved = /^counterexample (?:already )?saved: (\S+)$/m.exec(output)?.[1] ?? saved;
      out.push({ sample: s, body: sampleBody(s, output) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** A file's text with every stale sample rewritten, and the markers of the stale ones. @internal */
export function refreshed(text: string): { text: string; stale: string[] } {
  const stale: string[] = [];
  let out = '';
  let at = 0;
  for (const { sample: s, body } of regenerated(text)) {
    const old = text.slice(s.start, s.end);
    const isStale = maskTimings(old) !== maskTimings(body);
    if (isStale) stale.push(s.marker);
    out += text.slice(at, s.start) + (isStale ? body : old); // timings alone do not rewrite a block
    at = s.end;
  }
  return { text: out + text.slice(at), stale };
}

function main(): void {
  for (const f of sampleFiles) {
    const path = join(repoRoot, f);
    const r = refreshed(readFileSync(path, 'utf8'));
    writeFileSync(path, r.text);
    console.log(`${f}: ${findSamples(r.text).length} samples, ${r.stale.length} rewritten${r.stale.length > 0 ? `: ${r.stale.join('; ')}` : ''}`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
