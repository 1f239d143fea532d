// grouped replaces toLocaleString('en-US') for counts (config/digits.ts): it must print
// exactly what that printed, for every integer a report can hold.
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { grouped } from '../../config/digits.ts';

test.prop([fc.maxSafeInteger()])('grouped prints an integer as toLocaleString("en-US") does', (x) => {
  expect(grouped(x)).toBe(x.toLocaleString('en-US'));
});

test.prop([fc.double({ min: -1e9, max: 1e9, noNaN: true })])('grouped prints a non-integer rounded, as a count', (x) => {
  expect(grouped(x)).toBe(Math.round(x).toLocaleString('en-US').replace(/^-0$/, '0'));
});

test('the edges: zero, the powers of a thousand, and beyond 1e21', () => {
  expect([0, 999, 1000, 999_999, 1_000_000, -1000, 1e21].map(grouped)).toEqual(['0', '999', '1,000', '999,999', '1,000,000', '-1,000', '1,000,000,000,000,000,000,000']);
});
