import fc from 'fast-check';
import { expect, test } from 'vitest';
import { LiveStacks, type LiveStack } from '../../conformance/level1/live-stacks.ts';

// LiveStacks finds an overlapping live stack by binary search over the bases (it was a scan of
// every live stack at every allocation). It must name the same stack the scan did: of those
// sharing a byte with the range, the one added first, sizes settled later included.

type Op = { kind: 'add'; lo: number; sizes: number[] } | { kind: 'remove'; lo: number } | { kind: 'settle'; lo: number; n: number } | { kind: 'ask'; lo: number; n: number };

const base = fc.integer({ min: 0, max: 64 }).map((k) => 0xc000000000 + k * 0x800);
const size = fc.constantFrom(0x800, 0x800, 0x1000, 0x2000, 0x8000);
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('add' as const), lo: base, sizes: fc.uniqueArray(size, { minLength: 1, maxLength: 3 }).map((s) => s.sort((a, b) => a - b)) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('remove' as const), lo: base }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('settle' as const), lo: base, n: size }), weight: 1 },
  // Asks as wide as 64 KiB, over stacks of 2 KiB: several live stacks overlap one range.
  { arbitrary: fc.record({ kind: fc.constant('ask' as const), lo: base, n: fc.constantFrom(0x800, 0x4000, 0x10000) }), weight: 3 },
);

test('overlapping names the stack a scan of every live stack in insertion order names', () => {
  let several = 0;
  fc.assert(
    fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const live = new LiveStacks();
      const naive = new Map<number, LiveStack>();
      for (const o of ops) {
        if (o.kind === 'add') {
          // As level 1 adds: only a stack no live one overlaps (by its smallest size).
          const clash = [...naive.values()].some((s) => s.lo < o.lo + o.sizes[0] && o.lo < s.lo + s.sizes[0]);
          if (clash) continue;
          live.add({ lo: o.lo, sizes: o.sizes, line: 1 });
          naive.set(o.lo, { lo: o.lo, sizes: o.sizes, line: 1 });
        } else if (o.kind === 'remove') {
          live.remove(o.lo);
          naive.delete(o.lo);
        } else if (o.kind === 'settle') {
          const s = naive.get(o.lo);
          if (s === undefined || !s.sizes.includes(o.n)) continue;
          live.settle(o.lo, o.n);
          if (s.sizes.length > 1) naive.set(o.lo, { ...s, sizes: [o.n] });
        } else {
          const all = [...naive.values()].filter((s) => s.lo < o.lo + o.n && o.lo < s.lo + s.sizes[0]);
          expect(live.overlapping(o.lo, o.n)).toEqual(all[0] ?? null);
          if (all.length > 1) several++;
        }
      }
    }),
    { numRuns: 300 },
  );
  // The runs did ask where more than one stack overlaps (where the choice among them matters).
  expect(several).toBeGreaterThan(5);
});
