// Counts printed with thousands separators, as 1,234,567. Number.prototype.toLocaleString
// would do it, but its first call loads ICU's locale data: about 20 ms of a command that
// should start in a fraction of a second (issue 16), for a format that needs no locale.

/** x rounded to an integer, with a comma between every three digits: what toLocaleString('en-US') prints for a count. @public */
export function grouped(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const r = Math.round(Math.abs(x));
  // toFixed switches to an exponent at 1e21; BigInt prints every digit.
  const digits = r < 1e21 ? r.toFixed(0) : BigInt(r).toString();
  let out = x < 0 && r !== 0 ? '-' : '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}
