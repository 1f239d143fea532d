// Reading a file the user names, with a size cap: a counterexample is read whole (a trace is
// streamed, but still capped), so /dev/zero, a FIFO or a huge file must be refused before memory
// grows without limit.
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
  const input = streamInput(path, cap, what);
  if (!input.ok) return input;
  const chunks: Buffer[] = [];
  try {
    for (const c of input.chunks(false)) chunks.push(c);
  } catch (e) {
    if (e instanceof InputError) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

/** @public */
export type StreamInput =
  | {
      readonly ok: true;
      /** The file's size when opened. */
      readonly size: number;
      /**
       * The file's bytes, read again from its start at each call, a chunk at a time
       * (`reuse`: every chunk in one buffer, valid until the next; else each its own);
       * throws InputError if it cannot be read or grows past the cap meanwhile.
       */
      readonly chunks: (reuse: boolean) => Generator<Buffer>;
    }
  | { readonly ok: false; readonly error: string };

/** A file that stopped being readable while it was read (the message names no file). @public */
export class InputError extends Error {}

/** A regular file of at most `cap` bytes, to be read in chunks (a trace streamed through conform), or a one-line reason. @public */
export function streamInput(path: string, cap: number, what: string): StreamInput {
  const opened = openRegular(path);
  if (!opened.ok) return opened;
  closeSync(opened.fd);
  const tooBig = `larger than the ${mib(cap)} a ${what} may have`;
  if (opened.size > cap) return { ok: false, error: tooBig };
  return { ok: true, size: opened.size, chunks: (reuse) => readChunks(path, cap, tooBig, reuse) };
}

function openRegular(path: string): { ok: true; fd: number; size: number } | { ok: false; error: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, error: openError(e) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      return { ok: false, error: kindOf(st) };
    }
    return { ok: true, fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    return { ok: false, error: openError(e) };
  }
}

const CHUNK = 1 << 16;

function* readChunks(path: string, cap: number, tooBig: string, reuse: boolean): Generator<Buffer> {
  const opened = openRegular(path);
  if (!opened.ok) throw new InputError(opened.error);
  const { fd } = opened;
  try {
    let total = 0;
    let buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      if (!reuse) buffer = Buffer.allocUnsafe(CHUNK);
      let n: number;
      try {
        n = readSync(fd, buffer, 0, Math.min(CHUNK, cap + 1 - total), null);
      } catch (e) {
        throw new InputError(openError(e));
      }
      if (n === 0) return;
      total += n;
      // The file grew past the cap while being read.
      if (total > cap) throw new InputError(tooBig);
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}
