// Invariants of stack ranges (research notes §4.3, I15, I16, I18).

import { isSmallStack, spanIndex } from '../../model/index.ts';
import { eachStack, stackOwner } from './each.ts';
import { add, hex, type StateInvariant } from './invariant.ts';
import { ownershipUnchanged } from './ownership-invariants.ts';

export const stackSizePowerOfTwo: StateInvariant = {
  id: 'stack-size-power-of-two', ref: 'I15', kind: 'state', scope: 'always', group: 'stacks',
  reads: ['gs', 'ms'], unchangedSince: ownershipUnchanged,
  title: 'Every stack is a power of two within the limits',
  doc: 'hi - lo is a power of two; a goroutine stack is at least fixedStack and at most maxstacksize.',
  source: 'stack.go:stackalloc ("stack size not a power of 2"), stack.go:newstack',
  ...eachStack((cfg, _s, lo, hi, who, isG, out) => {
    const n = hi - lo;
    if (n <= 0 || (n & (n - 1)) !== 0) return add(out, `${stackOwner(who)} stack [${hex(lo)}, ${hex(hi)}) has size ${n}, not a power of 2`);
    if (isG && (n < cfg.profile.fixedStack || n > cfg.maxstacksize)) return add(out, `${stackOwner(who)} stack size ${n} outside [${cfg.profile.fixedStack}, ${cfg.maxstacksize}]`);
    return out;
  }),
};

export const stackAligned: StateInvariant = {
  id: 'stack-aligned', ref: 'I16', kind: 'state', scope: 'always', group: 'stacks',
  reads: ['gs', 'ms'], unchangedSince: ownershipUnchanged,
  title: 'Stacks are aligned to their size, or to a page',
  doc: 'lo % min(size, pageSize) == 0: small stacks are slots at multiples of their size in a page-aligned span, large stacks are span bases.',
  source: 'stack.go:stackpoolalloc, stack.go:stackalloc',
  ...eachStack((cfg, _s, lo, hi, who, _isG, out) => {
    if ((lo - cfg.profile.arenaBase) % Math.min(hi - lo, cfg.pageSize) === 0) return out;
    return add(out, `${stackOwner(who)} stack at ${hex(lo)} is misaligned for size ${hi - lo}`);
  }),
};

export const stackMatchesSpanClass: StateInvariant = {
  id: 'stack-matches-span-class', ref: 'I18', kind: 'state', scope: 'always', group: 'stacks',
  reads: ['gs', 'ms', 'spans'], unchangedSince: ownershipUnchanged,
  title: "A stack's span has the stack's size class",
  doc: 'A small stack lies in a manual span whose elemsize equals its size; a large stack is exactly one whole manual span (lo == base, size == npages*pageSize == elemsize).',
  source: 'stack.go:stackalloc, stack.go:stackfree ("bad span state")',
  ...eachStack((cfg, s, lo, hi, who, _isG, out) => {
    const n = hi - lo;
    const i = spanIndex(s.spans, lo, cfg.pageSize);
    const sp = i < 0 ? undefined : s.spans[i];
    if (sp === undefined || sp.state !== 'manual') return add(out, `${stackOwner(who)} stack at ${hex(lo)} is not in a stack span`);
    const fits = isSmallStack({ cfg }, n) ? sp.elemsize === n : sp.base === lo && sp.elemsize === n && sp.npages * cfg.pageSize === n;
    return fits ? out : add(out, `${stackOwner(who)} stack [${hex(lo)}, +${n}) sits in span ${hex(sp.base)} of elemsize ${sp.elemsize}, ${sp.npages} pages`);
  }, true),
};

export const stackInvariants = [stackSizePowerOfTwo, stackAligned, stackMatchesSpanClass];
