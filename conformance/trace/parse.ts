import type { ParseProblem, ParseResult, TraceHeader } from './events.ts';
import { detectFormat } from './format.ts';
import { HEADER_PREFIX, readHeader } from './header.ts';
import { BlockProblem, NEWSTACK_PREFIX, readNewstackBlock } from './newstack-block.ts';
import { LineProblem } from './numbers.ts';
import { pairAllocations } from './pair.ts';
import type { RawEvent } from './raw.ts';
import { recogniseLine } from './recognise.ts';
import { reportEvery, type ConformProgress } from './progress.ts';

/**
 * Trace text → typed events (stages: lines → raw events → format → pairing).
 * Lines that are not stack prints are ignored; lines that look like one but
 * are malformed, numbers that do not fit below 2^53, mixed formats, and
 * inputs with no stack prints at all are problems, each with its line.
 * @public
 */

// Enough to show what is wrong without echoing a whole binary file back.
const MAX_PROBLEMS = 20;

export function parseTrace(text: string, progress?: ConformProgress): ParseResult {
  const lines = splitLines(text);
  const whole = wholeInputProblem(text, lines);
  if (whole !== null) return { ok: false, lines: lines.length, problems: [whole] };

  // Read only newline-terminated lines; see Trace.cut.
  const end = /\n$/.test(text) ? lines.length : lines.length - 1;
  let cut: number | null = end < lines.length ? end + 1 : null;
  const raw: RawEvent[] = [];
  const problems: ParseProblem[] = [];
  let header: TraceHeader | null = null;
  // The loop steps over a newstack block's three lines at once, so progress counts passes.
  for (let i = 0, pass = 0; i < end && problems.length < MAX_PROBLEMS; i++, pass++) {
    reportEvery(progress, 'reading', i, end, pass);
    try {
      if (lines[i].startsWith(NEWSTACK_PREFIX)) {
        if (cut !== null && i + 3 > end) {
          // the cut fell inside this three-line block
          cut = i + 1;
          break;
        }
        raw.push(readNewstackBlock(lines, i, i + 1));
        i += 2;
        continue;
      }
      if (lines[i].startsWith(HEADER_PREFIX)) {
        header = readHeader(lines[i], i + 1, header);
        continue;
      }
      const event = recogniseLine(lines[i], i + 1);
      if (event !== null) raw.push(event);
    } catch (e) {
      if (!(e instanceof LineProblem)) throw e;
      const offset = e instanceof BlockProblem ? e.offset : 0;
      problems.push({ line: i + 1 + offset, message: e.message });
    }
  }
  if (problems.length === 0 && raw.length === 0) {
    problems.push({ line: null, message: 'no stackDebug=1 lines found (is this a stackcheck trace?)' });
  }
  const { format, problems: formatProblems } = detectFormat(raw);
  problems.push(...formatProblems.slice(0, Math.max(0, MAX_PROBLEMS - problems.length)));
  if (problems.length > 0) return { ok: false, lines: lines.length, problems };

  const { events, unattributed } = pairAllocations(raw, format);
  return { ok: true, trace: { format, lines: lines.length, events, unattributed, cut, header } };
}

/** Bytes (e.g. a file as read) → events; refuses non-UTF-8 input instead of decoding it to U+FFFD soup. */
export function parseTraceBytes(bytes: Uint8Array, progress?: ConformProgress): ParseResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, lines: 0, problems: [{ line: null, message: 'not a text trace: input is not valid UTF-8' }] };
  }
  return parseTrace(text, progress);
}

// A final newline ends the last line rather than starting an empty one.
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function wholeInputProblem(text: string, lines: readonly string[]): ParseProblem | null {
  if (text.trim() === '') return { line: null, message: 'empty trace' };
  const nul = lines.findIndex((l) => l.includes('\u0000'));
  if (nul >= 0) return { line: nul + 1, message: 'not a text trace: NUL byte (binary input?)' };
  return null;
}
