// Reading a file the user names, with a size cap: a counterexample or a trace is read whole,
// so /dev/zero, a FIFO or a huge file must be refused before memory grows without limit.
// Only regular files are read (a FIFO without a writer would block the open, and a device
// never ends); the file is opened non-blocking and read in chunks up to the cap.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** @public */
export type ReadInput = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly error: string };

/** "64 MiB" for a byte count that is a whole number of MiB. @public */
export function mib(bytes: number): string {
  return `${bytes / 2 ** 20} MiB`;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'is a directory';
  if (st.isFIFO()) return 'is a FIFO (a named pipe), not a regular file';
  if (st.isCharacterDevice()) return 'is a character device, not a regular file';
  if (st.isBlockDevice()) return 'is a block device, not a regular file';
  if (st.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

function openError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? String((e as Error).message ?? e);
}

/** The bytes of a regular file of at most `cap` bytes, or a one-line reason (without the file name). @public */
export function readInput(path: string, cap: number, what: string): ReadInput {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, error: openError(e) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, error: kindOf(st) };
    const tooBig = { ok: false, error: `larger than the ${mib(cap)} a ${what} may have` } as const;
    if (st.size > cap) return tooBig;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, cap + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      // The file grew past the cap while being read.
      if (total > cap) return tooBig;
      chunks.push(chunk.subarray(0, n));
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    return { ok: false, error: openError(e) };
  } finally {
    closeSync(fd);
  }
}
