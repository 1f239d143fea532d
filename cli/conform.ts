// `stackcheck conform TRACE`: level 1 (the trace against its own invariants), then level 2
// (the trace's allocator lines replayed through the model). Exit 0 accepted (or not replayable
// at level 2, said plainly), 1 a violation or divergence, 2 bad usage or an unreadable trace.

import { readInput } from '../config/read-input.ts';
import { profileNamed } from '../config/index.ts';
import { checkConformanceBytes, exitCodeOf, formatConformance, type ConformProgress } from '../conformance/index.ts';
import { progressEnabled, statusLine } from './progress.ts';
import { intFlag, usage } from './usage.ts';

const n = (x: number): string => x.toLocaleString('en-US');

/** The largest trace conform reads: a stackDebug trace of a test program is a few MiB. @public */
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
  const read = readInput(file, traceCap, 'trace');
  if (!read.ok) usage(`conform: cannot read ${file}: ${read.error}`);
  const line = statusLine(progressEnabled(flags.json));
  let lines = 0;
  const progress: ConformProgress = (phase, done, total) => {
    if (phase === 'reading') lines = total;
    line.show(() => (phase === 'reading'
      ? `conform: reading line ${n(done)} of ${n(total)}`
      : `conform: ${n(lines)} lines read; ${phase}: ${n(done)} of ${n(total)} events ${phase === 'level 1' ? 'checked' : 'replayed'}`));
  };
  const report = checkConformanceBytes(read.bytes, { gcPhase, progress, ...(procs === undefined ? {} : { procs }), ...(profile === undefined ? {} : { profile }) });
  line.done();
  if (flags.json) out(JSON.stringify({ file, ...report }, null, 2));
  if (report.status === 'unreadable') {
    const first = report.level1.problems[0];
    usage(`conform: ${file}: unreadable: ${first.line === null ? '' : `line ${first.line}: `}${first.message}`);
  }
  if (!flags.json) out(`${file}\n${formatConformance(report)}`);
  return exitCodeOf(report);
}
