// `stackcheck replay FILE`: re-execute a saved counterexample and say whether it still
// breaks the same rule at the same step (exit 1), passes now (exit 0), or the file is bad
// or no longer applies (exit 2, one line). Optional renderings: a text trace, ITF, HTML.

import { dirname } from 'node:path';
import { loadCounterexample } from '../counterexamples/load.ts';
import { runtimeFor } from '../counterexamples/mutant-runtime.ts';
import { replay } from '../counterexamples/replay.ts';
import { writeFileAtomically } from '../counterexamples/save.ts';
import { textTrace, verdictLine } from '../counterexamples/text-trace.ts';
import type { Runtime } from '../model/index.ts';
import { progressEnabled, statusLine } from './progress.ts';
import { loadMutantFile } from './mutant-file.ts';
import { whyNotWritable } from './save-finding.ts';
import { usage } from './usage.ts';

/** @public */
export interface ReplayFlags {
  readonly verbose?: boolean;
  readonly html?: string;
  readonly itf?: string;
  /** The user's mutant module a finding was made with (run --mutant-file). */
  readonly 'mutant-file'?: string;
}

/** The routine table to replay with: the user's module when given, else the file's registered mutant (or none). */
async function runtimeOf(file: string, mutant: string | null, mutantFile: string | undefined): Promise<Runtime> {
  if (mutantFile !== undefined) {
    const m = await loadMutantFile(mutantFile);
    if (m.name !== mutant) usage(`${file}: recorded with mutant ${mutant ?? 'none'}, but --mutant-file ${mutantFile} is '${m.name}'`);
    return m.rt;
  }
  const rt = await runtimeFor(mutant);
  if (!rt.ok) usage(`${file}: ${rt.error}${mutant !== null ? ' (a --mutant-file mutant? pass the same --mutant-file)' : ''}`);
  return rt.rt;
}

/** Writes a rendering atomically: a failed write leaves what was at path untouched (also history --svg). @internal */
export function write(flag: string, path: string, text: string): void {
  try {
    writeFileAtomically(path, text);
  } catch (e) {
    usage(`--${flag} ${path}: ${whyNotWritable(dirname(path), e)}`);
  }
}

/** @public */
export async function replayCommand(flags: ReplayFlags, files: readonly string[], out: (s: string) => void): Promise<number> {
  if (files.length !== 1) usage(`replay takes one counterexample file, not ${files.length}`);
  const file = files[0];
  const historical = await (await import('./segmented.ts')).replayHistorical({ ...flags }, file, out);
  if (historical !== null) return historical;
  const loaded = loadCounterexample(file);
  if (!loaded.ok) usage(loaded.error);
  const { doc, cfg } = loaded;
  const rt = await runtimeOf(file, doc.mutant, flags['mutant-file']);
  const line = statusLine(progressEnabled(false));
  // A page holds a window of a huge trace's steps; --verbose and --itf render every step.
  const keep = flags.html !== undefined && flags.verbose !== true && flags.itf === undefined
    ? (await import('../counterexamples/html.ts')).pageWindow(doc) : undefined;
  const r = replay(doc, cfg, rt, undefined, (i, total) => line.show(() => `replay: step ${i} of ${total}`), keep);
  line.done();
  if (r.verdict === 'stale') usage(verdictLine(file, doc, r));
  if (flags.verbose) for (const line of textTrace(doc, r)) out(line);
  if (flags.itf !== undefined) {
    const { itfTrace } = await import('../counterexamples/itf.ts');
    write('itf', flags.itf, JSON.stringify(itfTrace(file, doc, r), null, 1) + '\n');
  }
  if (flags.html !== undefined) {
    const { htmlPage } = await import('../counterexamples/html.ts');
    write('html', flags.html, htmlPage(file, doc, r));
  }
  out(verdictLine(file, doc, r));
  return r.verdict === 'passes' ? 0 : 1;
}
