// `stackcheck run` keeps every finding: the counterexample is saved as a file (counterexamples/)
// and its path printed, so the failure can be replayed. A save that fails (read-only, under a
// file, a full disk) does not lose the finding: the report is printed all the same, then the
// one line saying why the file could not be written, and the exit is still 1.

import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { documentFor } from '../counterexamples/format.ts';
import { defaultFindingsDir, saveCounterexample, type Saved } from '../counterexamples/save.ts';
import type { CheckReport } from '../properties/check.ts';
import type { RunSetup } from './report.ts';

/** The file saved, or why it could not be. @public */
export type SaveOutcome = { readonly saved: Saved } | { readonly error: string };

/** The nearest directory at or above path that exists. */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/**
 * Why a file system call on dir failed, in words. mkdir -p on a read-only mount reports the
 * missing subfolder (ENOENT); the existing ancestor's own access check tells the truth.
 * @internal
 */
export function whyNotWritable(dir: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EROFS: 'read-only file system', EACCES: 'permission denied', EPERM: 'permission denied', ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded', ENOTDIR: 'a part of the path is a file, not a directory', EEXIST: 'exists and is not a directory',
  };
  if (code === 'ENOENT') {
    const up = nearestExisting(dir);
    if (!statSync(up).isDirectory()) return `${up} is a file, not a directory (ENOTDIR)`;
    try {
      accessSync(up, constants.W_OK);
    } catch (a) {
      const c = (a as NodeJS.ErrnoException).code ?? 'EACCES';
      return `${up} is not writable: ${words[c] ?? c} (${c})`;
    }
  }
  if (code !== undefined) return `${words[code] ?? (e as Error).message} (${code})`;
  return String((e as Error).message ?? e);
}

/** Saves the report's counterexample, if any, into dir. @public */
export function saveFinding(setup: RunSetup, report: CheckReport, dir: string = defaultFindingsDir): SaveOutcome | null {
  const cx = report.counterexample;
  if (cx === null) return null;
  const doc = documentFor({ cfg: setup.cfg, mutant: setup.mutant ?? null, seed: setup.seed, runs: setup.runs, maxSteps: setup.maxSteps }, cx);
  try {
    return { saved: saveCounterexample(doc, dir) };
  } catch (e) {
    return { error: `cannot save the counterexample in ${dir}: ${whyNotWritable(dir, e)}` };
  }
}

/** The lines the text report ends with. @public */
export function savedLines(saved: Saved, mutantFile?: string): string {
  const extra = mutantFile === undefined ? '' : ` --mutant-file ${mutantFile}`;
  return `${saved.reused ? 'counterexample already saved' : 'counterexample saved'}: ${saved.path}\nreplay: stackcheck replay ${saved.path}${extra}`;
}
