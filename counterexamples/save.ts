// Saving a counterexample: written atomically (a temporary file in the same directory,
// fsync, then a link to the final name that fails rather than replace anything), named by
// the finding and a short hash of what replays, and reused when the same file is there.
// The renderings (--html, --itf) use the same temporary-file write and replace their target
// with a rename, so a full disk never leaves a truncated page in place of a good one.
// No failure leaves the temporary file behind, and SIGINT/SIGTERM wait for a write to end.

import {
  closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { serialize, type CounterexampleDoc } from './format.ts';
import { withSignalsDeferred } from './signals.ts';

// node:crypto is loaded when a finding is first saved, not at start-up: it pulls in some
// twenty internal modules that a run finding nothing never needs.
let cryptoLoaded: typeof import('node:crypto') | null = null;
const cryptoModule = (): typeof import('node:crypto') => (cryptoLoaded ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'));

/** The committed regression corpus (npm test replays it); findings go there only on purpose. @public */
export const defaultCorpusDir = join('counterexamples', 'corpus');

/** Where `stackcheck run` saves counterexamples unless --out says otherwise (not tracked). @public */
export const defaultFindingsDir = 'stackcheck-findings';

/** @public */
export interface Saved {
  readonly path: string;
  /** An identical file was already there. */
  readonly reused: boolean;
}

/** The first 10 hex digits of a SHA-256 over what a replay depends on. @public */
export function traceHash(doc: CounterexampleDoc): string {
  const what = JSON.stringify([doc.profile, doc.scope, doc.modes, doc.mutant, doc.actions]);
  return cryptoModule().createHash('sha256').update(what).digest('hex').slice(0, 10);
}

/** The file name for a document; `n` > 1 picks the n-th name when the first ones hold other content. @public */
export function fileName(doc: CounterexampleDoc, n = 1): string {
  const id = doc.finding.id.replace(/[^A-Za-z0-9_-]/g, '_');
  return `${id}-${traceHash(doc)}${n > 1 ? `-${n}` : ''}.json`;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or the directory went away: nothing is left to clean.
  }
}

/**
 * Writes text to a new temporary file beside target, synced, and hands it to publish;
 * the temporary file is removed whatever happens (publish links or renames it away).
 */
function viaTemporaryFile<T>(target: string, text: string, publish: (tmp: string) => T): T {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${cryptoModule().randomBytes(4).toString('hex')}.tmp`);
  return withSignalsDeferred(() => {
    try {
      const fd = openSync(tmp, 'wx', 0o644);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return publish(tmp);
    } finally {
      if (existsSync(tmp)) removeQuietly(tmp);
    }
  });
}

/** Publishes tmp under target without replacing an existing target; false if target exists. */
function linkNew(tmp: string, target: string): boolean {
  try {
    linkSync(tmp, target);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw e;
    // No hard links on this file system: rename, which is atomic but could race another writer.
    if (existsSync(target)) return false;
    renameSync(tmp, target);
    return true;
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory; the file itself is synced.
  }
}

/** Writes a whole file atomically, replacing what was there only once the new text is on disk. @public */
export function writeFileAtomically(path: string, text: string): void {
  viaTemporaryFile(path, text, (tmp) => renameSync(tmp, path));
  syncDir(dirname(path));
}

/** Saves a document into dir (created if missing); never overwrites a file. @public */
export function saveCounterexample(doc: CounterexampleDoc, dir: string = defaultCorpusDir): Saved {
  mkdirSync(dir, { recursive: true });
  const text = serialize(doc);
  for (let n = 1; ; n++) {
    const target = join(dir, fileName(doc, n));
    const existing = readOrNull(target);
    if (existing === text) return { path: target, reused: true };
    if (existing !== null) continue;
    if (viaTemporaryFile(target, text, (tmp) => linkNew(tmp, target))) {
      syncDir(dir);
      return { path: target, reused: false };
    }
    // Someone wrote target meanwhile: it may be this very content, else try the next name.
    if (readOrNull(target) === text) return { path: target, reused: true };
  }
}
