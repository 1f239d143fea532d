// `stackcheck conform TRACE`: level 1 (the trace against its own invariants), then level 2
// (the trace's allocator lines replayed through the model). Exit 0 accepted (or not replayable
// at level 2, said plainly), 1 a violation or divergence, 2 bad usage or an unreadable trace.

import { InputError, streamInput } from '../config/read-input.ts';
import { profileNamed } from '../config/index.ts';
import { checkConformance, exitCodeOf, formatConformance, utf8Chunks, type ConformProgress } from '../conformance/index.ts';
import { progressEnabled, statusLine } from './progress.ts';
import { intFlag, usage } from './usage.ts';
import { grouped as n } from '../config/digits.ts';

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

/** The largest trace conform reads (streamed, so memory stays flat; the cap refuses a runaway file): a stackDebug trace of a test program is a few MiB. @public */
export const traceCap = 256 * 2 ** 20;

/** @public */
export interface ConformFlags {
  readonly json?: boolean;
  /** GOMAXPROCS of a stock trace (extended traces print their Ps). */
  readonly procs?: string;
  /** How level 2 sets the GC phase no line prints: evidence (default) or off. */
  readonly 'gc-phase'?: string;
  /** The model profile to replay with (default: the one the trace's stackcheck-trace header names, else linux/amd64 = go1.19). */
  readonly profile?: string;
}

/** @public */
export function conformCommand(flags: ConformFlags, positionals: readonly string[], out: (s: string) => void): number {
  if (positionals.length !== 1) usage(`conform takes one trace file${positionals.length > 1 ? `, not ${positionals.length}` : ''}`);
  const file = positionals[0];
  const procs = flags.procs === undefined ? undefined : intFlag('procs', flags.procs, 1, 1, 30);
  const gcPhase = flags['gc-phase'] ?? 'evidence';
  if (gcPhase !== 'evidence' && gcPhase !== 'off') usage(`--gc-phase takes evidence or off, not '${gcPhase}'`);
  const profile = flags.profile === undefined ? undefined : profileNamed(flags.profile);
  const opened = streamInput(file, traceCap, 'trace');
  if (!opened.ok) usage(`conform: cannot read ${file}: ${opened.error}`);
  const input = opened;
  const line = statusLine(progressEnabled(flags.json));
  let bytes = 0;
  const progress: ConformProgress = (at) => {
    line.show(() => `conform: ${mb(bytes)} of ${mb(input.size)} MB read, ${n(at.lines)} lines; ${n(at.checked)} events checked, ${n(at.replayed)} replayed`);
  };
  // The file a chunk at a time (read again if level 2 needs a second pass), counting what was read.
  function* chunks(): Generator<Buffer> {
    bytes = 0;
    for (const c of input.chunks(true)) {
      bytes += c.length;
      yield c;
    }
  }
  let report;
  try {
    // JSON lists every decision level 2 made (as long as the trace); the text report needs only their counts.
    report = checkConformance(() => utf8Chunks(chunks()), { gcPhase, progress, decisions: flags.json === true, ...(procs === undefined ? {} : { procs }), ...(profile === undefined ? {} : { profile }) });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    line.done();
    usage(`conform: cannot read ${file}: ${e.message}`);
  }
  line.done();
  if (flags.json) out(JSON.stringify({ file, ...report }, null, 2));
  if (report.status === 'unreadable') {
    const first = report.level1.problems[0];
    usage(`conform: ${file}: unreadable: ${first.line === null ? '' : `line ${first.line}: `}${first.message}`);
  }
  if (!flags.json) out(`${file}\n${formatConformance(report)}`);
  return exitCodeOf(report);
}
