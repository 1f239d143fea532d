// Bad usage: one line on stderr and exit code 2, never a stack trace. The error type is
// config/'s, shared with the layers below; the flag readers are the command line's own.

import { oneLine, UsageError, usage } from '../config/usage-error.ts';

export { oneLine, UsageError, usage };

/** Parses a whole number flag value within bounds; the message echoes the value as given. @public */
export function intFlag(name: string, value: string | undefined, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) usage(`--${name} takes a whole number, not '${value}'`);
  // Beyond 15 digits Number() rounds, and every bound here is smaller.
  const n = value.replace(/^-/, '').length > 15 ? (value.startsWith('-') ? -Infinity : Infinity) : Number(value);
  if (n < min || n > max) usage(`--${name} must be between ${min} and ${max}, not ${value}`);
  return n;
}

/** Parses an on/off flag value. @public */
export function onOffFlag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value !== 'on' && value !== 'off') usage(`--${name} takes on or off, not '${value}'`);
  return value === 'on';
}
