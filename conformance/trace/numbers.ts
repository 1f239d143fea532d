/**
 * Number fields of trace lines. Addresses are kept as JS numbers because Go
 * heap addresses (0xc000…) sit far below 2^53; anything that would lose
 * precision is refused rather than rounded.
 * @internal
 */

/** Thrown by the field readers; the line loop turns it into a ParseProblem with the line number. */
export class LineProblem extends Error {}

const MAX_HEX_DIGITS = 14; // 0x1fffffffffffff is 2^53-1

/** `0x…` from the runtime's hex printer (lowercase, no padding). */
export function hexField(digits: string, what: string): number {
  // Up to 13 digits is below 2^52: exact, whatever the leading zeros (the common case, no trimming).
  if (digits.length < MAX_HEX_DIGITS) return parseInt(digits, 16);
  const trimmed = digits.replace(/^0+(?=.)/, '');
  const value = trimmed.length > MAX_HEX_DIGITS ? Infinity : parseInt(trimmed, 16);
  // parseInt rounds above 2^53, but monotonically: anything too big still lands above MAX_SAFE_INTEGER.
  if (!Number.isSafeInteger(value)) {
    throw new LineProblem(`${what} 0x${digits} does not fit below 2^53`);
  }
  return value;
}

/** A decimal size, order or P id as printed by the runtime's print(). */
export function decField(digits: string, what: string): number {
  const value = digits.length > 16 ? Infinity : Number(digits);
  if (!Number.isSafeInteger(value)) {
    throw new LineProblem(`${what} ${digits} does not fit below 2^53`);
  }
  return value;
}
