import type { ParseProblem, ParseResult, Trace, TraceEvent, TraceFormat, TraceHeader } from './events.ts';
import { FormatDetector } from './format.ts';
import { HEADER_PREFIX, readHeader } from './header.ts';
import { LineSplitter } from './lines.ts';
import { BlockProblem, NEWSTACK_PREFIX, readNewstackBlock } from './newstack-block.ts';
import { LineProblem } from './numbers.ts';
import { Pairer } from './pair.ts';
import type { RawEvent } from './raw.ts';
import { recogniseLine } from './recognise.ts';
import { PROGRESS_EVERY } from './progress.ts';

/**
 * Trace text → typed events (stages: lines → raw events → format → pairing), one line at a
 * time: readTrace passes each event on as soon as it is settled and keeps only what the
 * stages need (the newstack block's three lines, the pairing's window), so memory does not
 * grow with the trace. Lines that are not stack prints are ignored; lines that look like one
 * but are malformed, numbers that do not fit below 2^53, mixed formats, and inputs with no
 * stack prints at all are problems, each with its line. Events are passed on only while there
 * is no problem: a trace with one is unreadable as a whole.
 * @public
 */

// Enough to show what is wrong without echoing a whole binary file back.
const MAX_PROBLEMS = 20;

/** A trace without its events: what reading it says once every event has been passed on. @public */
export type TraceMeta = Omit<Trace, 'events'>;

/** @public */
export type ReadResult = { readonly ok: true; readonly trace: TraceMeta } | { readonly ok: false; readonly lines: number; readonly problems: readonly ParseProblem[] };

/** Called every PROGRESS_EVERY lines with the lines read so far (the caller throttles its redraws). @internal */
export type LineTick = (lines: number) => void;

/** Thrown by a byte source whose input is not UTF-8 (see utf8Chunks). @internal */
export class NotUtf8 extends Error {}

/**
 * Reads trace text given in chunks (any split, even inside a line or a UTF-8 sequence of a
 * byte source), passing each event to `sink` in trace order.
 * @public
 */
export function readTrace(chunks: Iterable<string>, sink: (e: TraceEvent, read: ReadState) => void, tick?: LineTick): ReadResult {
  const reader = new LineReader(sink);
  const split = new LineSplitter((text, line) => {
    reader.line(text, line);
    if (tick !== undefined && (line & (PROGRESS_EVERY - 1)) === 0) tick(line);
  });
  try {
    for (const chunk of chunks) split.push(chunk);
  } catch (e) {
    if (!(e instanceof NotUtf8)) throw e;
    return { ok: false, lines: 0, problems: [{ line: null, message: 'not a text trace: input is not valid UTF-8' }] };
  }
  const end = split.end();
  if (end.blank) return { ok: false, lines: end.totalLines, problems: [{ line: null, message: 'empty trace' }] };
  if (split.nulLine !== null) return { ok: false, lines: end.totalLines, problems: [{ line: split.nulLine, message: 'not a text trace: NUL byte (binary input?)' }] };
  return reader.end(end.tail, end.totalLines);
}

/** Chunks of bytes → text, refusing non-UTF-8 input (NotUtf8, which readTrace reports) instead of decoding it to U+FFFD soup. @public */
export function* utf8Chunks(chunks: Iterable<Uint8Array>): Generator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (const c of chunks) yield decoder.decode(c, { stream: true });
    yield decoder.decode();
  } catch (e) {
    if (e instanceof TypeError) throw new NotUtf8();
    throw e;
  }
}

/** Trace text → all its events at once (tests, small inputs). @public */
export function parseTrace(text: string, tick?: LineTick): ParseResult {
  return collect([text], tick);
}

/** Bytes (e.g. a file as read) → events; refuses non-UTF-8 input instead of decoding it to U+FFFD soup. @public */
export function parseTraceBytes(bytes: Uint8Array, tick?: LineTick): ParseResult {
  return collect(utf8Chunks([bytes]), tick);
}

function collect(chunks: Iterable<string>, tick: LineTick | undefined): ParseResult {
  const events: TraceEvent[] = [];
  const r = readTrace(chunks, (e) => events.push(e), tick);
  return r.ok ? { ok: true, trace: { ...r.trace, events } } : r;
}

/** What reading has found so far, beside the events: the format (null until a line shows it) and the header. @public */
export interface ReadState {
  readonly format: TraceFormat | null;
  readonly header: TraceHeader | null;
}

/** The stages after the split: recognising lines (a newstack block's three at once), the format, the pairing. */
class LineReader implements ReadState {
  private readonly detector = new FormatDetector();
  private readonly pairer: Pairer;
  private readonly problems: ParseProblem[] = [];
  private readonly formatProblems: ParseProblem[] = [];
  header: TraceHeader | null = null;
  private raw = 0;
  /** A newstack block's lines so far (its header first), and the header's line number. */
  private block: string[] = [];
  private blockAt = 0;

  constructor(sink: (e: TraceEvent, read: ReadState) => void) {
    this.pairer = new Pairer(() => this.detector.format ?? 'stock', (e) => sink(e, this));
  }

  get format(): TraceFormat | null {
    return this.detector.format;
  }

  line(text: string, line: number): void {
    if (this.problems.length >= MAX_PROBLEMS) return;
    if (this.block.length > 0) {
      this.block.push(text);
      if (this.block.length === 3) this.readBlock();
      return;
    }
    if (text.startsWith(NEWSTACK_PREFIX)) {
      this.block.push(text);
      this.blockAt = line;
      return;
    }
    try {
      if (text.startsWith(HEADER_PREFIX)) {
        this.header = readHeader(text, line, this.header);
        return;
      }
      const event = recogniseLine(text, line);
      if (event !== null) this.onRaw(event);
    } catch (e) {
      if (!(e instanceof LineProblem)) throw e;
      this.problems.push({ line, message: e.message });
    }
  }

  /** The end of the input: `tail`, the unterminated last line (never read), or null. */
  end(tail: number | null, lines: number): ReadResult {
    let cut = tail;
    if (this.block.length > 0 && this.problems.length < MAX_PROBLEMS) {
      // A trace cut inside a three-line block ends before it; an uncut one that ends inside it is a problem.
      if (cut !== null) cut = this.blockAt;
      else this.readBlock();
    }
    const problems = this.problems;
    if (problems.length === 0 && this.raw === 0) problems.push({ line: null, message: 'no stackDebug=1 lines found (is this a stackcheck trace?)' });
    problems.push(...this.formatProblems.slice(0, Math.max(0, MAX_PROBLEMS - problems.length)));
    if (problems.length > 0) return { ok: false, lines, problems };
    const unattributed = this.pairer.end();
    return { ok: true, trace: { format: this.detector.format ?? 'stock', lines, unattributed, cut, header: this.header } };
  }

  private readBlock(): void {
    const lines = this.block;
    this.block = [];
    try {
      this.onRaw(readNewstackBlock(lines, 0, this.blockAt));
    } catch (e) {
      if (!(e instanceof LineProblem)) throw e;
      const offset = e instanceof BlockProblem ? e.offset : 0;
      this.problems.push({ line: this.blockAt + offset, message: e.message });
    }
  }

  private onRaw(e: RawEvent): void {
    this.raw++;
    const contradiction = this.detector.see(e);
    if (contradiction !== null) this.formatProblems.push(contradiction);
    // Once a line is a problem the trace is unreadable: nothing more is passed on.
    if (this.problems.length === 0 && this.formatProblems.length === 0) this.pairer.push(e);
  }
}
