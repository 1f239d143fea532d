// Saving a counterexample: written atomically (a temporary file in the same directory,
// fsync, then a link to the final name that fails rather than replace anything), named by
// the finding and a short hash of what replays, and reused when the same file is there.

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { serialize, type CounterexampleDoc } from './format.ts';

/** Where `stackcheck run` saves counterexamples unless --out says otherwise. @public */
export const defaultCorpusDir = join('counterexamples', 'corpus');

/** @public */
export interface Saved {
  readonly path: string;
  /** An identical file was already there. */
  readonly reused: boolean;
}

/** The first 10 hex digits of a SHA-256 over what a replay depends on. @public */
export function traceHash(doc: CounterexampleDoc): string {
  const what = JSON.stringify([doc.profile, doc.scope, doc.modes, doc.mutant, doc.actions]);
  return createHash('sha256').update(what).digest('hex').slice(0, 10);
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

function writeSynced(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Publishes tmp under target without replacing an existing target; false if target exists. */
function publish(tmp: string, target: string): boolean {
  try {
    linkSync(tmp, target);
    unlinkSync(tmp);
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

/** Saves a document into dir (created if missing); never overwrites a file. @public */
export function saveCounterexample(doc: CounterexampleDoc, dir: string = defaultCorpusDir): Saved {
  mkdirSync(dir, { recursive: true });
  const text = serialize(doc);
  for (let n = 1; ; n++) {
    const target = join(dir, fileName(doc, n));
    const existing = readOrNull(target);
    if (existing === text) return { path: target, reused: true };
    if (existing !== null) continue;
    const tmp = join(dir, `.${fileName(doc, n)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    writeSynced(tmp, text);
    let published = false;
    try {
      published = publish(tmp, target);
    } finally {
      if (!published && existsSync(tmp)) unlinkSync(tmp);
    }
    if (published) {
      syncDir(dir);
      return { path: target, reused: false };
    }
    // Someone wrote target meanwhile: it may be this very content, else try the next name.
    if (readOrNull(target) === text) return { path: target, reused: true };
  }
}
