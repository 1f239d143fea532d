// `stackcheck run` keeps every finding: the counterexample is saved as a file (counterexamples/)
// and its path printed, so the failure can be replayed and added to the regression corpus.

import { documentFor } from '../counterexamples/format.ts';
import { defaultCorpusDir, saveCounterexample, type Saved } from '../counterexamples/save.ts';
import type { CheckReport } from '../properties/check.ts';
import type { RunSetup } from './report.ts';
import { usage } from './usage.ts';

/** Saves the report's counterexample, if any, into dir; a file system problem is one usage line. @public */
export function saveFinding(setup: RunSetup, report: CheckReport, dir: string = defaultCorpusDir): Saved | null {
  const cx = report.counterexample;
  if (cx === null) return null;
  const doc = documentFor({ cfg: setup.cfg, mutant: setup.mutant ?? null, seed: setup.seed, runs: setup.runs, maxSteps: setup.maxSteps }, cx);
  try {
    return saveCounterexample(doc, dir);
  } catch (e) {
    return usage(`cannot save the counterexample in ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The lines the text report ends with. @public */
export function savedLines(saved: Saved, mutantFile?: string): string {
  const extra = mutantFile === undefined ? '' : ` --mutant-file ${mutantFile}`;
  return `${saved.reused ? 'counterexample already saved' : 'counterexample saved'}: ${saved.path}\nreplay: stackcheck replay ${saved.path}${extra}`;
}
