// Bad usage: one line on stderr and exit code 2, never a stack trace.

/** A problem with what the user asked for. @public */
export class UsageError extends Error {}

/** @public */
export function usage(message: string): never {
  throw new UsageError(message);
}

/** Parses a whole number flag value within bounds. @public */
export function intFlag(name: string, value: string | undefined, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) usage(`--${name} takes a whole number, not '${value}'`);
  const n = Number(value);
  if (n < min || n > max) usage(`--${name} must be between ${min} and ${max}, not ${n}`);
  return n;
}
