// Level 1 then level 2 on one trace: the verdict the CLI prints and exits with.

import { Level1Check } from './level1/check.ts';
import { formatReport, type Level1Report } from './level1/report.ts';
import type { TraceEvent } from './trace/events.ts';
import { readTrace, utf8Chunks, type ReadState } from './trace/parse.ts';
import type { ConformProgress } from './trace/progress.ts';
import type { Level2Options } from './level2/replay.ts';
import { formatLevel2, type Level2Report } from './level2/report.ts';
import { Level2Stream, type ReplayFacts } from './level2/stream.ts';

/**
 * Both levels. `not-replayable` means level 1 accepted and level 2 could not attribute the
 * lines to Ps (stock multi-P traces): no finding, exit 0, but said plainly. After a level-1
 * violation, level 2 replays the events before it: a skipped forced event (a release, a free) is
 * often visible to level 2 lines before its consequence breaks a level-1 rule, and the first
 * line that shows the bug is the earlier of the two (firstFinding). `level2` is then that earlier
 * divergence, or null when level 2 found none before the violation.
 * @public
 */
export type ConformanceReport =
  | { readonly status: 'unreadable'; readonly level1: Level1Report & { readonly status: 'unreadable' }; readonly level2: null }
  | { readonly status: 'violation'; readonly level1: Level1Report & { readonly status: 'violation' }; readonly level2: (Level2Report & { readonly status: 'divergence' }) | null }
  | {
      readonly status: 'accepted' | 'divergence' | 'not-replayable';
      readonly level1: Level1Report & { readonly status: 'accepted' };
      readonly level2: Level2Report;
    };

/** Both levels on trace text. @public */
export function checkConformanceText(text: string, options: ConformOptions = {}): ConformanceReport {
  return checkConformance(() => [text], options);
}

/** As checkConformanceText, for raw file contents (refuses non-UTF-8). @public */
export function checkConformanceBytes(bytes: Uint8Array, options: ConformOptions = {}): ConformanceReport {
  return checkConformance(() => utf8Chunks(slices(bytes, BYTES_CHUNK)), options);
}

/** @public */
export interface ConformOptions extends Level2Options {
  /** Told, every few thousand lines, how many lines have been read, checked and replayed. */
  readonly progress?: ConformProgress;
}

/**
 * Both levels in one pass over the trace, as `text()` gives it in chunks (a file read piece by
 * piece: utf8Chunks over its bytes): each event goes to level 1 as it is read, and every event
 * level 1 accepted to level 2, one event behind (an event level 1 rejects, even at the end of
 * the trace, is not replayed). Nothing grows with the trace but what the checks keep live (and a
 * stock trace's events, which its level-2 search needs whole). `text` is called again, once,
 * only when level 2 guessed a fact of the whole trace wrong (stream.ts).
 * @public
 */
export function checkConformance(text: () => Iterable<string>, options: ConformOptions = {}): ConformanceReport {
  const once = conformOnce(text(), options, null);
  if (!('rerun' in once)) return once;
  const again = conformOnce(text(), options, once.rerun);
  if ('rerun' in again) throw new Error('conform: the second pass guessed the trace\'s facts wrong again');
  return again;
}

// Bytes are decoded a slice at a time, so a large trace is never one string.
const BYTES_CHUNK = 1 << 20;

function* slices(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

function conformOnce(chunks: Iterable<string>, options: ConformOptions, assumed: ReplayFacts | null): ConformanceReport | { readonly rerun: ReplayFacts } {
  const { progress, ...rest } = options;
  const level1 = new Level1Check();
  let searched = 0;
  let linesRead = 0;
  const level2 = new Level2Stream(progress === undefined ? rest : { ...rest, onReplayed: (n) => {
    searched = n;
    progress({ lines: linesRead, checked: level1.checked, replayed: n });
  } }, assumed);
  // The event level 1 accepted last, not yet replayed: replayed once the next one is accepted too,
  // or at the end if the end-of-trace check passes.
  let pending: { e: TraceEvent; read: ReadState } | null = null;
  let checking = true;
  const read = readTrace(
    chunks,
    (e, state) => {
      if (!checking) return level1.count(e);
      checking = level1.feed(e);
      if (pending !== null) level2.feed(pending.e, pending.read);
      pending = checking ? { e, read: state } : null;
    },
    progress === undefined ? undefined : (lines) => {
      linesRead = lines;
      progress({ lines, checked: level1.checked, replayed: Math.max(searched, level2.replayed) });
    },
  );
  if (!read.ok) return { status: 'unreadable', level1: { status: 'unreadable', linesRead: read.lines, problems: read.problems }, level2: null };
  const l1 = level1.end(read.trace);
  if (l1.status === 'accepted' && pending !== null) {
    const last: { e: TraceEvent; read: ReadState } = pending;
    level2.feed(last.e, last.read);
  }
  const l2 = level2.end(read.trace);
  if ('rerun' in l2) return l2;
  if (l1.status === 'violation') return { status: 'violation', level1: l1, level2: l2.report.status === 'divergence' ? l2.report : null };
  if (l1.status !== 'accepted') throw new Error('level 1 on a readable trace is accepted or a violation');
  return { status: l2.report.status, level1: l1, level2: l2.report };
}

/**
 * The first line where the trace and the rules part: the level-1 violation or the level-2
 * divergence, whichever has the earlier line (level 1 on a tie). @public
 */
export function firstFinding(r: ConformanceReport): { readonly level: 1 | 2; readonly line: number; readonly rule: string; readonly message: string } | null {
  const l1 = r.level1.status === 'violation' ? { level: 1 as const, line: r.level1.violation.line, rule: r.level1.violation.check, message: r.level1.violation.message } : null;
  const d = r.level2 !== null && r.level2.status === 'divergence' ? r.level2.divergence : null;
  const l2 = d === null ? null : { level: 2 as const, line: d.line, rule: d.rule ?? 'replay', message: d.message };
  if (l1 === null || l2 === null) return l1 ?? l2;
  return l2.line < l1.line ? l2 : l1;
}

/** Exit code of a verdict: 0 accepted (or not replayable at level 2), 1 violation or divergence, 2 unreadable. @public */
export function exitCodeOf(r: ConformanceReport): 0 | 1 | 2 {
  if (r.status === 'unreadable') return 2;
  return r.status === 'violation' || r.status === 'divergence' ? 1 : 0;
}

/** Human-readable: level 1's lines, then level 2's. @public */
export function formatConformance(r: ConformanceReport): string {
  const l1 = `level 1: ${formatReport(r.level1)}`;
  if (r.level2 === null) return r.status === 'violation' ? `${l1}\nlevel 2: no divergence before the level-1 violation` : l1;
  return `${l1}\n${formatLevel2(r.level2)}`;
}
