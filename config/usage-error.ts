// Bad input, from a flag or from a file: one line on stderr and exit code 2, never a stack
// trace. The type lives below every layer (with the configuration it mostly guards), so the
// file format, conformance and the command line all throw the same thing.

/** A problem with what the user asked for or gave. @public */
export class UsageError extends Error {}

/** @public */
export function usage(message: string): never {
  throw new UsageError(message);
}

/**
 * A message as one line: a line break in it (a name read from a corrupt file) is shown as
 * \n, so the error stays the one line the exit-code-2 contract promises.
 * @public
 */
export function oneLine(message: string): string {
  return message.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}
