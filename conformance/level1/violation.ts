import type { CheckId } from './checks.ts';
import { isPowerOfTwo } from '../trace/platform.ts';
import type { Violation } from './report.ts';

/**
 * What every level-1 handler returns: the first broken check at this event, or null. Handlers
 * chain their checks with `??`, so a check runs only when the ones before it passed (and may rely
 * on them), without a closure per check and event.
 * @internal
 */
export type Verdict = Violation | null;

export function fail(line: number, check: CheckId, message: string, expected: string, seen: string): Violation {
  return { line, check, message, expected, seen };
}

/** pow2-size for one printed size. */
export function pow2(line: number, n: number, what: string): Verdict {
  return isPowerOfTwo(n) ? null : fail(line, 'pow2-size', `${what} ${n} is not a power of two`, 'a power of two', `${n}`);
}
