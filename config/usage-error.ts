// Bad input, from a flag or from a file: one line on stderr and exit code 2, never a stack
// trace. The type lives below every layer (with the configuration it mostly guards), so the
// file format, conformance and the command line all throw the same thing.

/** A problem with what the user asked for or gave. @public */
export class UsageError extends Error {}

/** @public */
export function usage(message: string): never {
  throw new UsageError(message);
}
